//! Shared helpers for the test suites: where things are, how to run the pipeline on a file, and
//! how to compile generated crates (one throwaway workspace per group, one shared target dir).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::{Config, Generated, Input, Project, Source};

pub mod examples;

/// The repository root.
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The real-world documents: `$OPENAPI_CORPUS`, else `../shared/specs` beside the checkout.
/// Missing is a failure, never a skip: CI must not pass without them.
pub fn corpus_dir() -> PathBuf {
    let dir = std::env::var_os("OPENAPI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/specs"));
    assert!(
        dir.join("ringcentral-scim.yaml").is_file(),
        "the spec corpus is missing at {} (set OPENAPI_CORPUS to its folder)",
        dir.display()
    );
    dir
}

/// The OpenAPI 3.1 documents: `$OPENAPI_CORPUS_31`, else `../shared/specs-31` beside the
/// checkout. Missing is a failure, never a skip.
pub fn corpus_31_dir() -> PathBuf {
    let dir = std::env::var_os("OPENAPI_CORPUS_31")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/specs-31"));
    assert!(
        dir.is_dir(),
        "the OpenAPI 3.1 corpus is missing at {} (set OPENAPI_CORPUS_31 to its folder)",
        dir.display()
    );
    dir
}

/// The YAML and JSON documents directly in `dir`, sorted by name.
pub fn documents_in(dir: &Path) -> Vec<PathBuf> {
    let mut documents: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        })
        .collect();
    documents.sort();
    documents
}

/// A document from disk, named by its path.
pub fn read_source(path: &Path) -> Source {
    let text = fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    Source::new(path.display().to_string(), text)
}

/// Our SCIM project (spec/config.yaml), read the way `cargo xtask codegen` reads it.
pub fn scim_project() -> Project {
    Project::load(&repo_root().join("spec/config.yaml"))
        .unwrap_or_else(|failure| panic!("spec/config.yaml does not load: {failure}"))
}

/// Our SCIM document with our overlays.
pub fn scim_input() -> Input {
    scim_project().input
}

/// The configuration `cargo xtask codegen` generates `generated/` with.
pub fn scim_config() -> Config {
    scim_project().config
}

/// The default configuration for a crate called `crate_name`.
pub fn config(crate_name: &str, client_name: &str) -> Config {
    Config::new(crate_name, client_name)
}

/// Runs the whole pipeline, failing the test with every diagnostic if it fails.
pub fn generate(input: &Input, config: &Config) -> Generated {
    match generator::generate(input, config) {
        Ok(generated) => generated,
        Err(failure) => {
            let rendered: Vec<String> = failure
                .diagnostics
                .iter()
                .map(|d| d.render(&input.source.name))
                .collect();
            panic!(
                "generation of {} failed:\n{}",
                input.source.name,
                rendered.join("\n")
            )
        }
    }
}

/// Writes generated files into `dir`.
pub fn write_crate(dir: &Path, generated: &Generated) {
    for file in &generated.files {
        let path = dir.join(&file.path);
        fs::create_dir_all(path.parent().expect("files live in a folder")).expect("create folder");
        fs::write(&path, &file.contents).expect("write file");
    }
}

/// Where throwaway workspaces of generated crates live; one target dir for all of them.
pub fn scratch_dir(group: &str) -> PathBuf {
    let dir = repo_root().join("target/generated-crates").join(group);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("clear old scratch workspace");
    }
    fs::create_dir_all(&dir).expect("create scratch workspace");
    dir
}

/// What `clippy_workspace` lints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Targets {
    /// Libraries, tests, examples: small crates whose tests we also run.
    All,
    /// Only the libraries: what users of a generated crate compile (and half the time).
    Libraries,
}

/// `cargo clippy -D warnings` over every crate below `workspace` (crate folders are its direct
/// children), in one cargo invocation so the two cores build them in parallel, with
/// `--keep-going` so one broken crate does not hide another. Returns cargo's output on failure.
pub fn clippy_workspace(workspace: &Path, members: &[String]) -> Result<(), String> {
    clippy_workspace_targets(workspace, members, Targets::All)
}

/// [`clippy_workspace`] over the chosen targets.
pub fn clippy_workspace_targets(
    workspace: &Path,
    members: &[String],
    targets: Targets,
) -> Result<(), String> {
    write_workspace(workspace, members);
    let mut args = vec!["clippy", "--workspace", "--keep-going", "--quiet"];
    if targets == Targets::All {
        args.push("--all-targets");
    }
    args.extend(["--", "-D", "warnings"]);
    cargo_in(workspace, &args)
}

/// Writes the manifest of a throwaway workspace of the crates in `members` (folders of
/// `workspace`), with the repository's lock file so dependency versions match the SDK's and
/// cargo does no index work.
pub fn write_workspace(workspace: &Path, members: &[impl AsRef<str>]) {
    let quoted: Vec<String> = members
        .iter()
        .map(|m| format!("{:?}", m.as_ref()))
        .collect();
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        quoted.join(", ")
    );
    fs::write(workspace.join("Cargo.toml"), manifest).expect("write workspace manifest");
    let _ = fs::copy(repo_root().join("Cargo.lock"), workspace.join("Cargo.lock"));
}

/// Runs cargo in a throwaway workspace with the shared target dir. Returns cargo's output on
/// failure.
pub fn cargo_in(workspace: &Path, args: &[&str]) -> Result<(), String> {
    cargo_output_in(workspace, args).map(drop)
}

/// [`cargo_in`], returning cargo's output (stdout, then stderr) either way.
pub fn cargo_output_in(workspace: &Path, args: &[&str]) -> Result<String, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", generated_target_dir())
        .env_remove("RUSTFLAGS")
        // Debug info only slows down linking on a small CI machine.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .args(args)
        .output()
        .expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.status.success() {
        Ok(text)
    } else {
        Err(text)
    }
}

/// The one target dir all throwaway workspaces share, so dependencies build once.
pub fn generated_target_dir() -> PathBuf {
    repo_root().join("target/generated-crates/target")
}
