//! Every OpenAPI 3.1 document in `../shared/specs-31` (or `$OPENAPI_CORPUS_31`) generates: the
//! 3.1 constructs are rewritten into the 3.0 shape, and what is lost on the way is a located
//! warning, never an error. A missing corpus fails the test: CI must not pass without it.
//!
//! The assertions look for constructs by walking the documents, never by vendor names: the
//! documents are test data, not part of this repository.
//!
//! Every generated crate passes `cargo clippy -- -D warnings`, and the crates of documents with
//! examples run their generated `tests/examples.rs` and print the table of BENCHMARKS.md:
//! `cargo test -p tests --features external --test corpus31 clippy -- --nocapture`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use generator::ir::{TypeKind, WireValue};
use generator::{Generated, Input, Severity};
use serde_json::Value;
use tests::examples::{ExampleCounts, examples_table, run_example_tests};
use tests::{
    Targets, clippy_workspace_targets, config, corpus_31_dir, documents_in, read_source,
    scratch_dir, write_crate,
};

/// How many documents the corpus README lists.
const DOCUMENTS: usize = 6;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

struct Run {
    path: PathBuf,
    tree: Value,
    generated: Generated,
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("document")
        .replace(['.', '_'], "-")
}

/// Generating all six takes a while in a debug build: once per test binary, shared by the tests.
fn run_all() -> &'static [Run] {
    static RUNS: OnceLock<Vec<Run>> = OnceLock::new();
    RUNS.get_or_init(generate_all)
}

fn generate_all() -> Vec<Run> {
    let documents = documents_in(&corpus_31_dir());
    assert_eq!(
        documents.len(),
        DOCUMENTS,
        "expected the {DOCUMENTS} OpenAPI 3.1 documents, found {documents:?}"
    );
    let mut runs = Vec::new();
    let mut failures = Vec::new();
    for path in documents {
        let source = read_source(&path);
        // JSON is YAML, but serde_yaml refuses an integer beyond i64 (`-9223372036854776000`,
        // a float spelled as an integer) that serde_json reads as a float.
        let tree: serde_json::Value = if path.extension().is_some_and(|e| e == "json") {
            serde_json::from_str(&source.text).expect("the document parses")
        } else {
            serde_yaml::from_str(&source.text).expect("the document parses")
        };
        assert!(
            tree["openapi"]
                .as_str()
                .is_some_and(|v| v.starts_with("3.1")),
            "{} is not an OpenAPI 3.1 document",
            path.display()
        );
        let input = Input {
            source,
            overlays: Vec::new(),
        };
        let config = config(&format!("corpus31-{}", stem(&path)), "Client");
        match generator::generate(&input, &config) {
            Ok(mut generated) => {
                generator::locate(&input.source, &mut generated.diagnostics);
                runs.push(Run {
                    path,
                    tree,
                    generated,
                });
            }
            Err(failure) => {
                let mut diagnostics = failure.diagnostics;
                generator::locate(&input.source, &mut diagnostics);
                let errors: Vec<String> = diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .take(10)
                    .map(|d| d.render(&input.source.name))
                    .collect();
                failures.push(errors.join("\n"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "OpenAPI 3.1 documents failed to generate:\n{}",
        failures.join("\n\n")
    );
    runs
}

fn webhooks_only(tree: &Value) -> bool {
    let no_paths = tree
        .get("paths")
        .and_then(Value::as_object)
        .is_none_or(|p| p.is_empty());
    no_paths && tree.get("webhooks").is_some()
}

#[test]
fn every_31_document_generates_with_located_warnings() {
    let runs = run_all();
    for run in runs {
        let name = run.path.display();
        let diagnostics = &run.generated.diagnostics;
        println!(
            "{}: {} operations, {} types, {} warnings",
            stem(&run.path),
            run.generated.api.operation_count(),
            run.generated.api.types.len(),
            diagnostics.len()
        );
        if !webhooks_only(&run.tree) {
            assert!(
                run.generated.api.operation_count() > 0,
                "{name} produced no operations"
            );
        }
        for d in diagnostics {
            assert_eq!(d.severity, Severity::Warning, "{name}: {d}");
            assert!(
                d.position.is_some(),
                "{name}: a warning without a line: {d}"
            );
        }
    }
}

/// Each pointer in the list, written `#/...`, that occurs as a `$ref` value anywhere in the tree.
fn refs_with_prefix(value: &Value, prefix: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref")
                && reference.starts_with(prefix)
            {
                found.push(reference.clone());
            }
            map.values()
                .for_each(|v| refs_with_prefix(v, prefix, found));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|v| refs_with_prefix(v, prefix, found)),
        _ => {}
    }
}

#[test]
fn references_into_defs_are_warnings_not_errors() {
    let runs = run_all();
    let mut checked = 0;
    for run in runs {
        let mut refs = Vec::new();
        refs_with_prefix(&run.tree, "#/$defs/", &mut refs);
        for reference in &refs {
            checked += 1;
            assert!(
                run.generated.diagnostics.iter().any(|d| {
                    d.severity == Severity::Warning && d.message.contains(reference.as_str())
                }),
                "{}: `{reference}` resolves nowhere and must be warned about",
                run.path.display()
            );
        }
    }
    assert!(checked > 0, "the corpus has `#/$defs/` references to check");
}

#[test]
fn webhooks_are_reported_once_with_their_operation_count() {
    let runs = run_all();
    let mut checked = 0;
    for run in runs.iter().filter(|r| r.tree.get("webhooks").is_some()) {
        checked += 1;
        let operations: usize = run.tree["webhooks"]
            .as_object()
            .map(|hooks| {
                hooks
                    .values()
                    .map(|item| {
                        item.as_object().map_or(0, |i| {
                            i.keys().filter(|k| METHODS.contains(&k.as_str())).count()
                        })
                    })
                    .sum()
            })
            .unwrap_or(0);
        let warnings: Vec<_> = run
            .generated
            .diagnostics
            .iter()
            .filter(|d| d.pointer == "/webhooks")
            .collect();
        assert_eq!(warnings.len(), 1, "{}", run.path.display());
        assert!(
            warnings[0]
                .message
                .contains(&format!("the {operations} webhook operations")),
            "{}",
            warnings[0].message
        );
    }
    assert!(checked > 0, "the corpus has a document with webhooks");
}

/// A component that is a oneOf of constants (a "documented enum") is an enum, not a union.
#[test]
fn documented_enums_become_enums() {
    let runs = run_all();
    let mut checked = 0;
    for run in runs {
        let Some(schemas) = run.tree["components"]["schemas"].as_object() else {
            continue;
        };
        for (key, schema) in schemas {
            let Some(members) = schema.get("oneOf").and_then(Value::as_array) else {
                continue;
            };
            let integers = members
                .iter()
                .all(|m| m.get("const").is_some_and(Value::is_i64));
            if members.len() < 2 || !integers {
                continue;
            }
            checked += 1;
            let origin = format!("/components/schemas/{key}");
            let def = run
                .generated
                .api
                .types
                .iter()
                .find(|t| t.origin == origin)
                .unwrap_or_else(|| panic!("{origin} has no type"));
            assert!(
                matches!(&def.kind, TypeKind::Enum(e)
                    if e.variants.iter().all(|v| matches!(v.value, WireValue::Integer(_)))
                    && e.variants.len() == members.len()),
                "{origin}: {:?}",
                def.kind
            );
        }
    }
    assert!(checked > 0, "the corpus has documented integer enums");
}

/// Every crate passes clippy with warnings denied; every example becomes a test of its crate,
/// and the tests pass: a valid example comes back as given, an invalid one does what its test
/// says. One workspace, so the crates share their dependencies' build.
#[test]
fn every_crate_passes_clippy_and_its_example_tests() {
    let runs = run_all();
    let workspace = scratch_dir("corpus31");
    let mut counts = Vec::new();
    let mut members = Vec::new();
    let mut with_examples = Vec::new();
    for run in runs {
        let name = run.path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        counts.push(ExampleCounts::of(name, &run.generated.api));
        write_crate(&workspace.join(stem(&run.path)), &run.generated);
        members.push(stem(&run.path));
        if !run.generated.api.examples.is_empty() {
            with_examples.push(format!("corpus31-{}", stem(&run.path)));
        }
    }
    if let Err(output) = clippy_workspace_targets(&workspace, &members, Targets::Libraries) {
        panic!("generated 3.1 crates do not pass clippy -D warnings:\n{output}");
    }
    println!("{}", examples_table(&counts));
    let examples: usize = counts.iter().map(|c| c.examples).sum();
    assert!(examples > 0, "the 3.1 documents give no examples");
    let started = std::time::Instant::now();
    match run_example_tests(&workspace, &with_examples) {
        Ok(passed) => assert_eq!(passed, examples, "every example is one passing test"),
        Err(output) => panic!("generated example tests fail:\n{output}"),
    }
    println!(
        "example tests of {} crates built and run in {:.0?}",
        with_examples.len(),
        started.elapsed()
    );
    let not_round_trip: Vec<&String> = counts.iter().flat_map(|c| &c.not_round_trip).collect();
    assert!(
        not_round_trip.is_empty(),
        "examples that validate against their schema but do not round-trip:\n{not_round_trip:#?}"
    );
}
