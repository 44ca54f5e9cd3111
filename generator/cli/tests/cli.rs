//! The installed command as users run it: the built binary, its exit codes, what it writes
//! and refuses to write, and that the crate it writes compiles.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A small API with a list and a delete; also what `output`'s unit tests generate.
const PETS: &str = include_str!("../../tests/data/pets.yaml");

/// PETS without its DELETE operation: a breaking change.
fn pets_without_delete() -> String {
    let start = PETS.find("  /pets/{id}:").unwrap();
    let end = PETS.find("components:").unwrap();
    format!("{}{}", &PETS[..start], &PETS[end..])
}

fn sdkgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(args)
        .output()
        .unwrap()
}

fn code(output: &Output) -> Option<i32> {
    output.status.code()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh folder for one test, with the given files.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdkgen-cli-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for (path, text) in files {
        fs::write(dir.join(path), text).unwrap();
    }
    dir
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// Every file below `dir` with its bytes.
fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.insert(path.clone(), fs::read(&path).unwrap());
            }
        }
    }
    found
}

#[test]
fn every_subcommand_has_help_with_the_exit_codes() {
    for args in [
        &["--help"][..],
        &["generate", "--help"],
        &["check", "--help"],
        &["diff", "--help"],
        &["help", "generate"],
        &["generate", "-h"],
    ] {
        let output = sdkgen(args);
        assert_eq!(code(&output), Some(0), "{args:?}: {}", stderr(&output));
        let text = stdout(&output);
        assert!(text.contains("Usage: sdkgen"), "{args:?}:\n{text}");
        assert!(
            text.contains("4  refused to overwrite files the generator did not write"),
            "{args:?}:\n{text}"
        );
    }
}

#[test]
fn usage_errors_exit_with_2() {
    let output = sdkgen(&["generate", "--spek", "a.yaml"]);
    assert_eq!(code(&output), Some(2), "{}", stderr(&output));
    let output = sdkgen(&["generate", "--out", "x"]);
    assert_eq!(code(&output), Some(2), "neither --spec nor --config");
    let dir = scratch("bad-name", &[("pets.yaml", PETS)]);
    let spec = path(&dir, "pets.yaml");
    let out = path(&dir, "out");
    let output = sdkgen(&[
        "generate", "--spec", &spec, "--out", &out, "--name", "no way",
    ]);
    assert_eq!(code(&output), Some(2));
    assert!(stderr(&output).contains("must be a crate name"));
    assert!(!dir.join("out").exists());
    // A keyword would break the generated code and tests, which name the crate.
    for keyword in ["box", "type", "self", "std"] {
        let output = sdkgen(&[
            "generate", "--spec", &spec, "--out", &out, "--name", keyword,
        ]);
        assert_eq!(code(&output), Some(2), "{keyword}: {}", stderr(&output));
        assert!(stderr(&output).contains("no Rust keyword"), "{keyword}");
    }
    assert!(!dir.join("out").exists());
}

#[test]
fn a_document_with_errors_exits_with_1_naming_the_place() {
    let broken = PETS.replace("#/components/schemas/Pet\"", "#/components/schemas/Cat\"");
    let dir = scratch("broken", &[("pets.yaml", &broken)]);
    let spec = path(&dir, "pets.yaml");
    let out = path(&dir, "out");
    let output = sdkgen(&[
        "generate", "--spec", &spec, "--out", &out, "--name", "pets", "--strict",
    ]);
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    let errors = stderr(&output);
    assert!(
        errors.contains("pets.yaml:16:17: error: broken reference"),
        "located diagnostics:\n{errors}"
    );
    assert!(!dir.join("out").exists(), "nothing was written");
    let missing = sdkgen(&[
        "generate",
        "--spec",
        "nowhere.yaml",
        "--out",
        &out,
        "--name",
        "x",
    ]);
    assert_eq!(code(&missing), Some(1));
    assert!(stderr(&missing).contains("cannot read nowhere.yaml"));
}

#[test]
fn files_that_start_with_a_byte_order_mark_are_read() {
    // Windows editors write one; it is not part of the document nor of the project file.
    let bom = |text: &str| format!("\u{feff}{text}");
    let project = "spec: pets.yaml\ncrate_name: pets\ncrate_version: 0.1.0\nclient_name: Pets\n";
    let dir = scratch(
        "bom",
        &[("pets.yaml", &bom(PETS)), ("sdk.yaml", &bom(project))],
    );
    let config = path(&dir, "sdk.yaml");
    let out = path(&dir, "out");
    let output = sdkgen(&["generate", "--config", &config, "--out", &out]);
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert!(dir.join("out/Cargo.toml").is_file());
}

#[test]
fn a_hand_written_cargo_toml_is_refused_and_left_byte_identical() {
    let dir = scratch("refused", &[("pets.yaml", PETS)]);
    let out = dir.join("mine");
    fs::create_dir_all(&out).unwrap();
    let mine = "[package]\nname = \"mine\"\nversion = \"9.9.9\"\n";
    fs::write(out.join("Cargo.toml"), mine).unwrap();
    let before = contents(&out);
    let spec = path(&dir, "pets.yaml");
    let out_arg = out.display().to_string();
    let output = sdkgen(&[
        "generate", "--spec", &spec, "--out", &out_arg, "--name", "pets",
    ]);
    assert_eq!(code(&output), Some(4), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("Cargo.toml"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("--force"));
    assert_eq!(contents(&out), before, "byte-identical, nothing added");

    let forced = sdkgen(&[
        "generate", "--spec", &spec, "--out", &out_arg, "--name", "pets", "--force",
    ]);
    assert_eq!(code(&forced), Some(0), "{}", stderr(&forced));
    assert_ne!(fs::read_to_string(out.join("Cargo.toml")).unwrap(), mine);
}

#[test]
fn check_exits_with_3_until_the_folder_is_regenerated() {
    let dir = scratch("check", &[("pets.yaml", PETS)]);
    let spec = path(&dir, "pets.yaml");
    let out = path(&dir, "out");
    let args = ["--spec", &spec, "--out", &out, "--name", "pets"];
    let check = |extra: &[&str]| sdkgen(&[&["check"][..], &args, extra].concat());

    let missing = check(&[]);
    assert_eq!(code(&missing), Some(3));
    assert!(
        stderr(&missing).contains("stale: Cargo.toml"),
        "{}",
        stderr(&missing)
    );

    let generated = sdkgen(&[&["generate"][..], &args].concat());
    assert_eq!(code(&generated), Some(0), "{}", stderr(&generated));
    assert!(stdout(&generated).contains("first generation: version 0.1.0"));
    assert_eq!(code(&check(&[])), Some(0));

    fs::write(dir.join("pets.yaml"), pets_without_delete()).unwrap();
    let stale = check(&[]);
    assert_eq!(code(&stale), Some(3));
    assert!(stderr(&stale).contains("stale: src/services/default.rs"));
}

#[test]
fn regeneration_reports_the_change_and_follows_the_version() {
    let dir = scratch("versions", &[("pets.yaml", PETS)]);
    let spec = path(&dir, "pets.yaml");
    let out = path(&dir, "out");
    let args = ["--spec", &spec, "--out", &out, "--name", "pets"];
    let generate = |extra: &[&str]| sdkgen(&[&["generate"][..], &args, extra].concat());
    assert_eq!(code(&generate(&[])), Some(0));
    fs::write(dir.join("pets.yaml"), pets_without_delete()).unwrap();

    let before = contents(&dir.join("out"));
    let too_low = generate(&["--crate-version", "0.1.1"]);
    assert_eq!(code(&too_low), Some(3), "{}", stderr(&too_low));
    assert!(
        stderr(&too_low).contains("needs at least 0.2.0"),
        "{}",
        stderr(&too_low)
    );
    assert!(stderr(&too_low).contains("--crate-version"));
    assert!(stdout(&too_low).contains("removed operation default().delete_pet"));
    assert_eq!(contents(&dir.join("out")), before, "nothing was written");

    // Without --crate-version the CLI picks the version the changes need.
    let bumped = generate(&[]);
    assert_eq!(code(&bumped), Some(0), "{}", stderr(&bumped));
    let report = stdout(&bumped);
    assert!(report.contains("Breaking changes (1):"), "{report}");
    assert!(report.contains("version 0.1.0 -> 0.2.0"), "{report}");
    let cargo_toml = fs::read_to_string(dir.join("out/Cargo.toml")).unwrap();
    assert!(cargo_toml.contains("version = \"0.2.0\""));
    let changelog = fs::read_to_string(dir.join("out/CHANGELOG.md")).unwrap();
    assert!(changelog.contains("## 0.2.0") && changelog.contains("## 0.1.0"));
}

#[test]
fn diff_compares_documents_and_folders() {
    let dir = scratch(
        "diff",
        &[("old.yaml", PETS), ("new.yaml", &pets_without_delete())],
    );
    let old = path(&dir, "old.yaml");
    let new = path(&dir, "new.yaml");
    let output = sdkgen(&["diff", &old, &new]);
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(
        report.contains("removed operation default().delete_pet"),
        "{report}"
    );
    assert!(report.contains("breaking: requires version 0.2.0 (from 0.1.0)"));
    let strict = sdkgen(&["diff", "--fail-on-breaking", &old, &new]);
    assert_eq!(code(&strict), Some(3));

    // A generated folder against the document it came from: nothing changed.
    let out = path(&dir, "out");
    let generated = sdkgen(&["generate", "--spec", &old, "--out", &out, "--name", "pets"]);
    assert_eq!(code(&generated), Some(0));
    let same = sdkgen(&["diff", &out, &old]);
    assert_eq!(code(&same), Some(0));
    assert_eq!(
        stdout(&same),
        "no change to the public API: 0.1.0 can stay\n"
    );
    let manifest = path(&dir, "out/api-manifest.json");
    let against_new = sdkgen(&["diff", &manifest, &new]);
    assert!(stdout(&against_new).contains("removed operation"));
}

#[test]
fn the_crate_it_writes_compiles_and_names_the_cli() {
    let workspace = tests::scratch_dir("cli-parameters");
    let spec = tests::repo_root().join("tests/fixtures/parameters.yaml");
    let out = workspace.join("parameters");
    let output = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(["generate", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(&out)
        .args(["--name", "parameters"])
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let readme = fs::read_to_string(out.join("README.md")).unwrap();
    assert!(readme.contains("sdkgen generate --spec"), "{readme}");
    assert!(!readme.contains("xtask"), "{readme}");
    // The same dependency versions as the workspace, and no index work.
    fs::copy(
        tests::repo_root().join("Cargo.lock"),
        out.join("Cargo.lock"),
    )
    .unwrap();
    if let Err(log) = tests::cargo_in(&out, &["check", "--quiet"]) {
        panic!("the crate sdkgen wrote does not compile:\n{log}");
    }
}
