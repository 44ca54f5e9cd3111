//! `cargo xtask test`: everything CI runs, in the order that fails fastest. It provisions the
//! real SCIM server itself and stops it whatever happens, so one command works on a fresh clone.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::codegen;
use crate::project_root;
use crate::scim_server::ScimServer;

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn run(step: &str, mut command: Command) -> Result<()> {
    eprintln!("==> {step}");
    let status = command
        .status()
        .with_context(|| format!("cannot start `{step}`"))?;
    if !status.success() {
        bail!("`{step}` failed ({status})");
    }
    Ok(())
}

pub const TEST_USAGE: &str = "usage: cargo xtask test

Everything CI runs, in the order that fails fastest: codegen --check, cargo fmt --check, clippy
(-D warnings, the external suites included), rustdoc of the generated crate, then cargo test with
the real SCIM server up (installed into target/scim-venv; needs Python >= 3.11) and the spec
corpus at ../shared/specs (or $OPENAPI_CORPUS).

  -h, --help  this text";

pub fn test(args: &[String]) -> Result<()> {
    match args {
        [] => {}
        [flag] if flag == "--help" || flag == "-h" => {
            println!("{TEST_USAGE}");
            return Ok(());
        }
        _ => bail!("{TEST_USAGE}"),
    }
    let root = project_root();
    eprintln!("==> cargo xtask codegen --check");
    codegen::codegen(&["--check".to_owned()])?;

    let mut fmt = cargo();
    fmt.current_dir(&root)
        .args(["fmt", "--all", "--", "--check"]);
    run("cargo fmt --check", fmt)?;

    // Every feature: the tests crate's `external` suites (e2e, corpora) and the runtime's and
    // the SDK's `blocking` code are linted and tested too, not only what a plain build sees.
    let mut clippy = cargo();
    clippy.current_dir(&root).args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]);
    run("cargo clippy --all-features -D warnings", clippy)?;

    let mut doc = cargo();
    doc.current_dir(&root)
        .env("RUSTDOCFLAGS", "-D warnings")
        .args([
            "doc",
            "--no-deps",
            "-p",
            "generator",
            "-p",
            "sdkgen-runtime",
            "-p",
            "ringcentral-scim",
        ]);
    run("cargo doc (generator, runtime, SDK; warnings denied)", doc)?;

    // The SDK/hand benchmark's quick mode: both sides must still send the same requests and
    // decode the same values, or its numbers would compare different work.
    let mut bench_check = cargo();
    bench_check
        .current_dir(&root)
        .args(["test", "-p", "tests", "--bench", "sdk_vs_hand"]);
    run("cargo test --bench sdk_vs_hand (smoke run)", bench_check)?;

    cargo_test_with_server(&root)
}

/// Runs the workspace tests with the real SCIM server up, and fails if it died during the run.
fn cargo_test_with_server(root: &Path) -> Result<()> {
    eprintln!("==> starting scim2-server");
    let mut server = ScimServer::start(&root.join("target"))
        .context("the end-to-end tests need the real SCIM server (scim2-server from PyPI) and it could not be started")?;
    eprintln!("    listening on {}", server.base_url());
    let mut test = cargo();
    test.current_dir(root)
        .env("SCIM_BASE_URL", server.base_url())
        .env("SCIM_TOKEN", server.token())
        .args(["test", "--workspace", "--all-features"]);
    let result = run("cargo test --workspace --all-features", test)
        .and_then(|()| crate::examples::run_all(root, &server));
    let alive = server.is_running();
    let log = server.log_tail(30);
    server.stop().context("could not stop the SCIM server")?;
    result?;
    if !alive {
        bail!("the SCIM server died during the test run; its log ends with:\n{log}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_is_not_an_error_and_other_arguments_are() {
        assert!(test(&["--help".to_owned()]).is_ok());
        assert!(test(&["-h".to_owned()]).is_ok());
        let err = test(&["--bogus".to_owned()]).unwrap_err();
        assert!(err.to_string().contains("usage: cargo xtask test"));
    }
}
