//! `cargo xtask <command>`: the project's automation, in Rust so it runs wherever cargo does.

mod bench_compile;
mod codegen;
mod examples;
mod scim_server;
mod test;
mod venv;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generation allocates many small syntax nodes; see the workspace Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  cargo xtask codegen [--check]      regenerate generated/ from spec/ (--check: write nothing, fail on drift)
  cargo xtask generate --spec FILE --out DIR --name CRATE [--client NAME] [--overlay FILE]...
                                     generate a standalone crate from any OpenAPI 3.0 or 3.1 document
  cargo xtask test                   everything CI runs (installs and starts the SCIM test server)
  cargo xtask bench-compile [FILTER...]  time `cargo check` of ours vs OpenAPI Generator's crate

`cargo xtask <command> --help` explains each command.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::codegen(&args[1..]),
        Some("generate") => codegen::generate(&args[1..]),
        Some("test") => test::test(&args[1..]),
        Some("bench-compile") => bench_compile::run(&args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask lives one level below it).
pub fn project_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}
