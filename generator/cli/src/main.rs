//! `sdkgen`: the OpenAPI -> Rust SDK generator as a command people install
//! (`cargo install --path generator/cli`). Parsing is clap's (`args`); everything else is the
//! generator library's: the pipeline, the safe output folder, the API-change report. This crate
//! only reads files, prints, and maps outcomes to the documented exit codes.

mod args;
mod commands;

use std::process::ExitCode;

use clap::Parser;

/// Generation allocates many small syntax nodes; see the workspace Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The outcomes `--help` documents (args::EXIT_CODES), as process exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0.
    Success = 0,
    /// 1: the input has errors, or a file cannot be read or written.
    Failed = 1,
    /// 2: usage (clap exits with 2 by itself for what it detects).
    Usage = 2,
    /// 3: stale folder, or a version too low for the changes.
    Stale = 3,
    /// 4: refused to overwrite files the generator did not write.
    Refused = 4,
}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let exit = match cli.command {
        args::Command::Generate(args) => commands::generate(&args.target, args.force),
        args::Command::Check(target) => commands::check(&target),
        args::Command::Diff(args) => commands::diff(&args),
    };
    ExitCode::from(exit as u8)
}
