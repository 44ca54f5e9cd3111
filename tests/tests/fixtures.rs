//! The fixture suite: one small OpenAPI document per construct, in `tests/fixtures/*.yaml`.
//!
//! Each fixture goes through the whole pipeline. Its intermediate model, its warnings and its
//! generated Rust are insta snapshots; every generated crate must pass clippy with warnings
//! denied; and where semantics matter, `tests/fixtures/<stem>.rs` is copied into the fixture's
//! crate as `tests/behaviour.rs` and run against the generated types. A fixture whose document
//! has examples also gets the generated `tests/examples.rs`, which runs beside it.
//!
//! `FIXTURES=enums,maps cargo test -p tests --test fixtures` runs only the named fixtures.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

use std::fs;
use std::path::{Path, PathBuf};

use generator::{Generated, Input, Source};
use tests::{clippy_workspace, config, generate, repo_root, scratch_dir, write_crate};

/// One `tests/fixtures/<stem>.yaml`, with its optional behaviour test beside it.
struct Fixture {
    stem: String,
    spec: PathBuf,
    behaviour: Option<PathBuf>,
}

impl Fixture {
    /// `all_of` -> `fixture-all-of`.
    fn crate_name(&self) -> String {
        format!("fixture-{}", self.stem.replace('_', "-"))
    }

    /// `all_of` -> `AllOf`.
    fn client_name(&self) -> String {
        self.stem
            .split('_')
            .map(|word| {
                let mut chars = word.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_uppercase().to_string() + chars.as_str()
                })
            })
            .collect()
    }

    fn input(&self) -> Input {
        let text = fs::read_to_string(&self.spec)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", self.spec.display()));
        Input {
            source: Source::new(format!("tests/fixtures/{}.yaml", self.stem), text),
            overlays: Vec::new(),
        }
    }

    fn generate(&self) -> Generated {
        generate(
            &self.input(),
            &config(&self.crate_name(), &self.client_name()),
        )
    }
}

/// Every fixture, sorted by name so runs and snapshots are stable; `FIXTURES=enums,maps` picks
/// some by stem, for working on one construct.
fn fixtures() -> Vec<Fixture> {
    let only: Option<Vec<String>> = std::env::var("FIXTURES")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| v.split(',').map(|s| s.trim().to_owned()).collect());
    let dir = repo_root().join("tests/fixtures");
    let mut specs: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no fixtures in {}", dir.display());
    let fixtures: Vec<Fixture> = specs
        .into_iter()
        .map(|spec| {
            let stem = spec
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("fixture names are UTF-8")
                .to_owned();
            let behaviour = Some(spec.with_extension("rs")).filter(|p| p.is_file());
            Fixture {
                stem,
                spec,
                behaviour,
            }
        })
        .filter(|f| only.as_ref().is_none_or(|only| only.contains(&f.stem)))
        .collect();
    assert!(!fixtures.is_empty(), "FIXTURES={only:?} names no fixture");
    fixtures
}

/// Runs `check` on every fixture, so that one broken fixture does not hide the others; fails
/// at the end naming each fixture whose check panicked (the panic messages are printed above).
fn for_each_fixture(check: impl Fn(&Fixture)) {
    let failed: Vec<String> = fixtures()
        .into_iter()
        .filter(|fixture| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(fixture))).is_err()
        })
        .map(|fixture| fixture.stem)
        .collect();
    assert!(failed.is_empty(), "failing fixtures: {}", failed.join(", "));
}

/// The generated Rust worth reviewing: models, client and services, without the runtime (the
/// same in every crate), `lib.rs`, Cargo.toml or the README.
fn reviewed_code(generated: &Generated) -> String {
    let mut files: Vec<_> = generated
        .files
        .iter()
        .filter(|f| {
            f.path == "src/models.rs"
                || f.path == "src/client.rs"
                || f.path == "tests/examples.rs"
                || (f.path.starts_with("src/services/") && f.path.ends_with(".rs"))
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
        .iter()
        .map(|f| format!("// ==== {} ====\n{}", f.path, f.contents))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Warnings with line numbers, one per line.
fn rendered_warnings(fixture: &Fixture, generated: &Generated) -> String {
    let mut diagnostics = generated.diagnostics.clone();
    generator::locate(&fixture.input().source, &mut diagnostics);
    let lines: Vec<String> = diagnostics
        .iter()
        .map(|d| d.render(&format!("{}.yaml", fixture.stem)))
        .collect();
    if lines.is_empty() {
        "(no warnings)".to_owned()
    } else {
        lines.join("\n")
    }
}

#[test]
fn snapshots() {
    for_each_fixture(|fixture| {
        let generated = fixture.generate();
        let mut settings = insta::Settings::clone_current();
        settings.set_input_file(&fixture.spec);
        settings.bind(|| {
            insta::assert_json_snapshot!(format!("{}__ir", fixture.stem), generated.api);
            insta::assert_snapshot!(
                format!("{}__warnings", fixture.stem),
                rendered_warnings(fixture, &generated)
            );
            insta::assert_snapshot!(format!("{}__code", fixture.stem), reviewed_code(&generated));
        });
    });
}

#[test]
fn generation_is_deterministic() {
    for_each_fixture(|fixture| {
        assert_eq!(
            fixture.generate().files,
            fixture.generate().files,
            "{} generates different files on each run",
            fixture.stem
        );
    });
}

/// Checks every line of the generated Rust; `problem` names what is wrong with a line.
fn assert_no_line(
    fixture: &Fixture,
    generated: &Generated,
    problem: impl Fn(&str) -> bool,
    what: &str,
) {
    for file in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
        for (number, line) in file.contents.lines().enumerate() {
            assert!(
                !problem(line),
                "{}: {}:{}: {what}:\n{line}",
                fixture.stem,
                file.path,
                number + 1
            );
        }
    }
}

#[test]
fn no_blanket_lint_allowances() {
    for_each_fixture(|fixture| {
        let generated = fixture.generate();
        assert_no_line(
            fixture,
            &generated,
            |line| {
                let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
                compact.contains("allow(clippy::all)") || compact.contains("allow(warnings)")
            },
            "lints must be allowed one by one, with a reason",
        );
    });
}

#[test]
fn spec_text_never_becomes_code() {
    for_each_fixture(|fixture| {
        let generated = fixture.generate();
        // An item named `evil` would mean a name or description broke out of its literal.
        assert_no_line(
            fixture,
            &generated,
            |line| {
                let code = line.trim_start();
                [
                    "fn evil",
                    "pub fn evil",
                    "pub(crate) fn evil",
                    "#[evil]",
                    "#![evil]",
                ]
                .iter()
                .any(|p| code.starts_with(p))
            },
            "spec text escaped into code",
        );
        // Fenced code in docs would be a doctest: only our own `no_run` examples and `text`
        // blocks (spec code, neutralised) may open a fence. The runtime is our own fixed text.
        let from_spec = |path: &str| path.ends_with(".rs") && !path.starts_with("src/runtime/");
        for file in generated.files.iter().filter(|f| from_spec(&f.path)) {
            let mut in_fence = false;
            for (number, line) in file.contents.lines().enumerate() {
                let trimmed = line.trim_start();
                let Some(doc) = trimmed
                    .strip_prefix("///")
                    .or_else(|| trimmed.strip_prefix("//!"))
                else {
                    continue;
                };
                let doc = doc.trim();
                if let Some(info) = doc.strip_prefix("```") {
                    assert!(
                        in_fence || info == "text" || info == "no_run",
                        "{}: {}:{}: a doc fence that rustdoc would compile:\n{line}",
                        fixture.stem,
                        file.path,
                        number + 1
                    );
                    in_fence = !in_fence;
                }
            }
            assert!(
                !in_fence,
                "{}: {}: unclosed doc fence",
                fixture.stem, file.path
            );
        }
    });
}

/// `cargo test` for the behaviour tests and the generated example tests only (`--test
/// behaviour --test examples`: the generated crates have no unit tests, and building a test
/// harness per crate would double the time; doctests are left out for time too), in the same
/// target directory as `tests::clippy_workspace`. Cargo refuses a `--test` no crate has, so
/// each is asked for only when some crate has it. Returns cargo's output on failure.
fn run_behaviour_tests(workspace: &Path, behaviour: bool, examples: bool) -> Result<(), String> {
    let mut args = vec!["test", "--workspace", "--no-fail-fast", "--quiet"];
    if behaviour {
        args.extend(["--test", "behaviour"]);
    }
    if examples {
        args.extend(["--test", "examples"]);
    }
    tests::cargo_in(workspace, &args)
}

#[test]
fn fixture_crates_pass_clippy_and_their_behaviour_tests() {
    let workspace = scratch_dir("fixtures");
    let mut members = Vec::new();
    let mut with_behaviour = 0;
    let mut with_examples = 0;
    let mut not_generated = Vec::new();
    for fixture in fixtures() {
        // A fixture the generator refuses is reported (by `snapshots` too); the rest still build.
        let Ok(generated) =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| fixture.generate()))
        else {
            not_generated.push(fixture.stem);
            continue;
        };
        let dir = workspace.join(&fixture.stem);
        write_crate(&dir, &generated);
        if generated
            .files
            .iter()
            .any(|f| f.path == "tests/examples.rs")
        {
            with_examples += 1;
        }
        if let Some(behaviour) = &fixture.behaviour {
            fs::create_dir_all(dir.join("tests")).expect("create tests folder");
            fs::copy(behaviour, dir.join("tests/behaviour.rs")).expect("copy behaviour test");
            // Behaviour tests may serve HTTP with wiremock, which generated crates do not need.
            let manifest = dir.join("Cargo.toml");
            let text = fs::read_to_string(&manifest).expect("read Cargo.toml");
            let text = text.replacen(
                "[dev-dependencies]\n",
                "[dev-dependencies]\nwiremock = \"0.6\"\n",
                1,
            );
            fs::write(&manifest, text).expect("write Cargo.toml");
            with_behaviour += 1;
        }
        members.push(fixture.stem.clone());
    }
    if let Err(output) = clippy_workspace(&workspace, &members) {
        panic!(
            "a fixture crate does not compile cleanly (crates in {}):\n{output}",
            workspace.display()
        );
    }
    assert!(
        with_behaviour > 0 || std::env::var_os("FIXTURES").is_some(),
        "no behaviour tests in tests/fixtures"
    );
    assert!(
        with_examples > 0 || std::env::var_os("FIXTURES").is_some(),
        "no fixture has examples, so no generated tests/examples.rs ran"
    );
    if (with_behaviour > 0 || with_examples > 0)
        && let Err(output) = run_behaviour_tests(&workspace, with_behaviour > 0, with_examples > 0)
    {
        panic!(
            "a behaviour test failed (crates in {}):\n{output}",
            workspace.display()
        );
    }
    assert!(
        not_generated.is_empty(),
        "the other fixtures pass, but these do not generate: {}",
        not_generated.join(", ")
    );
}
