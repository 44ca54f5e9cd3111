//! Every real-world document in the corpus (`../shared/specs`, or `$OPENAPI_CORPUS`) generates a
//! crate that passes `cargo clippy -- -D warnings` (which includes `cargo check`), and the
//! crates of documents with examples pass their generated `tests/examples.rs`; every example
//! that validates against its schema round-trips. The table of BENCHMARKS.md is printed:
//! `cargo test -p tests --features external --test corpus -- --nocapture`.
//! A missing corpus fails the test: CI must not pass without it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

use std::fs;

use tests::examples::{ExampleCounts, examples_table, run_example_tests};
use tests::{
    Targets, clippy_workspace_targets, config, corpus_dir, generate, read_source, scratch_dir,
    write_crate,
};

#[test]
fn every_corpus_document_generates_a_clean_crate() {
    let dir = corpus_dir();
    let mut documents: Vec<_> = fs::read_dir(&dir)
        .expect("corpus folder is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        })
        .collect();
    documents.sort();
    assert!(
        documents.len() >= 5,
        "expected the five corpus documents in {}, found {documents:?}",
        dir.display()
    );

    let workspace = scratch_dir("corpus");
    let mut members = Vec::new();
    let mut counts = Vec::new();
    let mut with_examples = Vec::new();
    for path in &documents {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("file name")
            .replace(['.', '_'], "-");
        let input = generator::Input {
            source: read_source(path),
            overlays: Vec::new(),
        };
        let generated = generate(&input, &config(&format!("corpus-{stem}"), "Client"));
        assert!(
            generated.api.operation_count() > 0,
            "{} produced no operations",
            path.display()
        );
        write_crate(&workspace.join(&stem), &generated);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        counts.push(ExampleCounts::of(name, &generated.api));
        if !generated.api.examples.is_empty() {
            with_examples.push(format!("corpus-{stem}"));
        }
        members.push(stem);
    }
    if let Err(output) = clippy_workspace_targets(&workspace, &members, Targets::Libraries) {
        panic!("generated corpus crates do not pass clippy -D warnings:\n{output}");
    }
    println!("{}", examples_table(&counts));
    let examples: usize = counts.iter().map(|c| c.examples).sum();
    assert!(examples > 0, "the corpus documents give no examples");
    // One cargo invocation for every crate with examples, in the target dir clippy just used.
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
