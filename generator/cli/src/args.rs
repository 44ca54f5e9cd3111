//! The command line, declared once: clap derives parsing, `--help` and usage errors from it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The exit codes, as `--help` and the README list them.
pub const EXIT_CODES: &str = "Exit codes:
  0  success
  1  the document, an overlay or the project file has errors, or a file cannot be read or written
  2  usage: unknown flag, missing argument, invalid crate name
  3  the folder is out of date (check), the API changed more than the version allows, or
     (diff --fail-on-breaking) a change is breaking
  4  refused to overwrite files the generator did not write (see --force)";

/// Turns an OpenAPI 3.0 or 3.1 document into a typed, async Rust SDK crate.
#[derive(Debug, Parser)]
#[command(name = "sdkgen", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate (or regenerate) a crate, reporting what changed in its Rust API.
    ///
    /// Writes only into a new or empty folder, or over files the generator wrote before; never
    /// deletes. On regeneration it compares the new API with the folder's api-manifest.json,
    /// prints each change (breaking or not), sets the version SemVer requires (or checks the one
    /// given) and adds an entry to CHANGELOG.md.
    #[command(after_help = EXIT_CODES)]
    Generate(GenerateArgs),
    /// Fail (exit 3), naming the files, when a folder is not what `generate` would write.
    ///
    /// Takes the arguments `generate` took; writes nothing.
    #[command(after_help = EXIT_CODES)]
    Check(Target),
    /// Report what changes for the SDK's Rust callers between two versions of an API.
    ///
    /// OLD and NEW are each an OpenAPI document, a folder generated before (its api-manifest.json
    /// is read), or an api-manifest.json file.
    #[command(after_help = EXIT_CODES)]
    Diff(DiffArgs),
}

/// What to generate and where: the flags, or a project file.
#[derive(Debug, Args)]
pub struct Target {
    /// The OpenAPI 3.0 or 3.1 document (YAML or JSON).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "config",
        conflicts_with = "config"
    )]
    pub spec: Option<PathBuf>,
    /// The crate's package name.
    #[arg(
        long,
        value_name = "CRATE",
        required_unless_present = "config",
        conflicts_with = "config"
    )]
    pub name: Option<String>,
    /// The client type (default: from the name, `hub` -> `HubClient`).
    #[arg(long, value_name = "NAME", conflicts_with = "config")]
    pub client: Option<String>,
    /// An overlay applied to the document before generation; repeat for several, in order.
    #[arg(long = "overlay", value_name = "FILE", conflicts_with = "config")]
    pub overlays: Vec<PathBuf>,
    /// A project file (YAML with `spec`, `overlays`, `crate_name`, `crate_version`,
    /// `client_name`; paths relative to it) instead of the flags above.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The crate's folder.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The crate's version. Without it: the project file's, else 0.1.0 for a new crate and the
    /// smallest version the API changes allow on regeneration.
    #[arg(long, value_name = "VERSION")]
    pub crate_version: Option<String>,
    /// Turn what would be degraded with a warning (an unresolvable $ref) into an error.
    #[arg(long)]
    pub strict: bool,
    /// Leave out the empty `[workspace]` table, so that the crate can be a member of a
    /// surrounding workspace instead of building on its own.
    #[arg(long)]
    pub workspace_member: bool,
    /// Print stage timings (they are printed anyway for documents over 1 MB).
    #[arg(long, short)]
    pub verbose: bool,
}

/// `generate`'s arguments.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// What to generate and where.
    #[command(flatten)]
    pub target: Target,
    /// Overwrite files the generator did not write, and write into a folder holding no crate
    /// it generated.
    #[arg(long)]
    pub force: bool,
}

/// `diff`'s arguments.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier API: a document, a generated folder or an api-manifest.json.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later API: a document, a generated folder or an api-manifest.json.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// An overlay applied to each document side before comparing; repeat for several.
    #[arg(long = "overlay", value_name = "FILE")]
    pub overlays: Vec<PathBuf>,
    /// Exit with 3 when a change is breaking (for CI).
    #[arg(long)]
    pub fail_on_breaking: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_declaration_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_project_file_replaces_the_document_flags() {
        let cli = Cli::try_parse_from(["sdkgen", "check", "--config", "c.yaml", "--out", "o"]);
        assert!(cli.is_ok(), "{cli:?}");
        let both = Cli::try_parse_from([
            "sdkgen", "check", "--config", "c.yaml", "--spec", "a.yaml", "--out", "o",
        ]);
        assert!(both.is_err());
        let neither = Cli::try_parse_from(["sdkgen", "generate", "--out", "o"]);
        assert!(neither.is_err());
    }
}
