//! `codegen` (spec/ -> generated/, or `--check` for drift) and `generate` (any document -> a
//! crate). Both only parse their flags and print: generating, writing safely, the API-change
//! report and the version rules are the library's (`generator::Output`), shared with the CLI.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use generator::{
    Config, Generated, Input, Output, OutputError, Producer, Project, Report, Source, VersionPolicy,
};

use crate::project_root;

pub const CODEGEN_USAGE: &str = "usage: cargo xtask codegen [--check]

Regenerates generated/ from spec/config.yaml (the document, its overlays, the crate's name and
version), prints what changed in the SDK's public Rust API and the version that requires, and
adds an entry to generated/CHANGELOG.md. Writes only files it generated before; never deletes.

  --check   write nothing; fail, naming the files, when generated/ is out of date or when the
            API changed more than crate_version in spec/config.yaml allows
  -h, --help  this text";

pub const GENERATE_USAGE: &str =
    "usage: cargo xtask generate --spec FILE --out DIR --name CRATE [--client NAME]
                             [--overlay FILE]... [--crate-version V] [--force]

Generates a standalone crate from any OpenAPI 3.0 or 3.1 document (the same as the installed
`sdkgen generate`, which its README then names).

  --spec FILE          the OpenAPI document (YAML or JSON)
  --out DIR            the crate's folder: new, empty, or written by the generator before
  --name CRATE         the package name
  --client NAME        the client type (default: from the name)
  --overlay FILE       an overlay applied before generation; repeatable, in order
  --crate-version V    the version; without it, 0.1.0 or what the API changes require
  --force              overwrite files the generator did not write
  -h, --help           this text";

fn is_help(arg: &str) -> bool {
    arg == "--help" || arg == "-h"
}

pub(crate) fn read_source(path: &Path) -> Result<Source> {
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Source::new(path.display().to_string(), text))
}

/// Runs the pipeline and prints diagnostics as `file:line:col: severity: message (at #/pointer)`.
pub(crate) fn run(input: &Input, config: &Config) -> Result<Generated> {
    match generator::generate(input, config) {
        Ok(generated) => {
            report(input, &generated.diagnostics);
            Ok(generated)
        }
        Err(failure) => {
            report(input, &failure.diagnostics);
            let errors = failure.errors().count();
            bail!(
                "{errors} error(s) in {}; nothing was written",
                input.source.name
            )
        }
    }
}

fn report(input: &Input, diagnostics: &[generator::Diagnostic]) {
    for line in generator::render_diagnostics(input, diagnostics, 50) {
        eprintln!("{line}");
    }
}

/// What changed in the API, and the files the generator no longer writes.
fn print_report(report: &Report, shown_dir: &str) {
    print!("{}", report.api_changes());
    for path in &report.leftovers {
        eprintln!(
            "note: {shown_dir}/{path} is no longer generated; delete it if nothing else uses it"
        );
    }
}

/// Explains why nothing was written.
fn refusal(err: OutputError, force_hint: &str) -> anyhow::Error {
    match err {
        OutputError::VersionTooLow { message, changes } => {
            eprint!("{changes}");
            anyhow::anyhow!("{message}; nothing was written")
        }
        OutputError::Refused { .. } => anyhow::anyhow!("{err}{force_hint}"),
        other => anyhow::anyhow!("{other}"),
    }
}

pub fn codegen(args: &[String]) -> Result<()> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        [flag] if is_help(flag) => {
            println!("{CODEGEN_USAGE}");
            return Ok(());
        }
        _ => bail!("{CODEGEN_USAGE}"),
    };
    let root = project_root();
    let Project { input, config, .. } = Project::load(&root.join("spec/config.yaml"))
        .map_err(|failure| anyhow::anyhow!("{failure}"))?;
    let generated = run(&input, &config)?;
    let output = Output {
        dir: root.join("generated"),
        force: false,
        version: VersionPolicy::Configured {
            origin: "`crate_version` in spec/config.yaml".to_owned(),
        },
    };
    let summary = |report: &Report| {
        format!(
            "{} operations, {} types, {} files, {} changed, version {}",
            generated.api.operation_count(),
            generated.api.types.len(),
            report.changed.len() + report.unchanged,
            report.changed.len(),
            report.version
        )
    };
    if check {
        return match output.check(&generated, &config) {
            Ok(report) => {
                println!("generated/ is up to date ({})", summary(&report));
                Ok(())
            }
            Err(OutputError::Stale { files, version }) => {
                for path in &files {
                    eprintln!("stale: generated/{path}");
                }
                if let Some(version) = version {
                    eprintln!("error: {version}");
                }
                bail!("generated/ is out of date with spec/: run `cargo xtask codegen`")
            }
            Err(other) => bail!("{other}"),
        };
    }
    let report = output
        .write(&generated, &config)
        .map_err(|err| refusal(err, ""))?;
    print_report(&report, "generated");
    println!("codegen: {}", summary(&report));
    Ok(())
}

/// The flags of `generate`.
#[derive(Debug, Default, PartialEq)]
struct GenerateArgs {
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    name: Option<String>,
    client: Option<String>,
    overlays: Vec<PathBuf>,
    crate_version: Option<String>,
    force: bool,
}

/// `None` for `--help`.
fn parse_generate(args: &[String]) -> Result<Option<GenerateArgs>> {
    let mut parsed = GenerateArgs::default();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let mut value = || {
            rest.next()
                .cloned()
                .with_context(|| format!("{flag} needs a value\n\n{GENERATE_USAGE}"))
        };
        match flag.as_str() {
            "--spec" => parsed.spec = Some(PathBuf::from(value()?)),
            "--out" => parsed.out = Some(PathBuf::from(value()?)),
            "--name" => parsed.name = Some(value()?),
            "--client" => parsed.client = Some(value()?),
            "--overlay" => parsed.overlays.push(PathBuf::from(value()?)),
            "--crate-version" => parsed.crate_version = Some(value()?),
            "--force" => parsed.force = true,
            help if is_help(help) => return Ok(None),
            other => bail!("unknown option {other}\n\n{GENERATE_USAGE}"),
        }
    }
    Ok(Some(parsed))
}

pub fn generate(args: &[String]) -> Result<()> {
    let Some(args) = parse_generate(args)? else {
        println!("{GENERATE_USAGE}");
        return Ok(());
    };
    let (Some(spec), Some(out), Some(name)) = (&args.spec, &args.out, &args.name) else {
        bail!("--spec, --out and --name are required\n\n{GENERATE_USAGE}");
    };
    if !generator::is_package_name(name) {
        bail!(
            "--name must be a crate name ({}), got {name:?}",
            generator::PACKAGE_NAME_RULE
        );
    }
    let client = args
        .client
        .clone()
        .unwrap_or_else(|| generator::pascal(&format!("{name} client")));
    let input = Input {
        source: read_source(spec)?,
        overlays: args
            .overlays
            .iter()
            .map(|o| read_source(o))
            .collect::<Result<_>>()?,
    };
    let mut config = Config::new(name.clone(), client.clone());
    config.standalone = true;
    // The crate is the CLI's: its README tells users to regenerate with `sdkgen`, which they
    // can install, not with this repository's xtask.
    let mut command = vec![
        "generate".to_owned(),
        "--spec".to_owned(),
        spec.display().to_string(),
        "--out".to_owned(),
        out.display().to_string(),
        "--name".to_owned(),
        name.clone(),
    ];
    if args.client.is_some() {
        command.extend(["--client".to_owned(), client]);
    }
    for overlay in &args.overlays {
        command.extend(["--overlay".to_owned(), overlay.display().to_string()]);
    }
    config.producer = Producer::cli(command);
    let version = match &args.crate_version {
        Some(version) => {
            config.crate_version = version.clone();
            VersionPolicy::Configured {
                origin: "--crate-version".to_owned(),
            }
        }
        None => VersionPolicy::Automatic,
    };
    let generated = run(&input, &config)?;
    let output = Output {
        dir: out.clone(),
        force: args.force,
        version,
    };
    let report = output
        .write(&generated, &config)
        .map_err(|err| refusal(err, "; pass --force to overwrite them"))?;
    print_report(&report, &out.display().to_string());
    println!(
        "generate: {} operations, {} types, {} files written to {} ({} changed), version {}",
        generated.api.operation_count(),
        generated.api.types.len(),
        report.changed.len() + report.unchanged,
        out.display(),
        report.changed.len(),
        report.version
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|a| (*a).to_owned()).collect()
    }

    #[test]
    fn help_is_not_an_error() {
        assert!(codegen(&strings(&["--help"])).is_ok());
        assert!(codegen(&strings(&["-h"])).is_ok());
        assert!(generate(&strings(&["--help"])).is_ok());
        assert!(generate(&strings(&["--spec", "x.yaml", "-h"])).is_ok());
        assert_eq!(parse_generate(&strings(&["--help"])).unwrap(), None);
    }

    #[test]
    fn generate_reads_every_flag() {
        let parsed = parse_generate(&strings(&[
            "--spec",
            "a.yaml",
            "--out",
            "out",
            "--name",
            "a",
            "--overlay",
            "1.yaml",
            "--overlay",
            "2.yaml",
            "--crate-version",
            "1.2.3",
            "--force",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(parsed.overlays, [PathBuf::from("1.yaml"), "2.yaml".into()]);
        assert_eq!(parsed.crate_version.as_deref(), Some("1.2.3"));
        assert!(parsed.force);
    }

    #[test]
    fn unknown_flags_and_missing_values_are_errors_with_the_usage() {
        let err = parse_generate(&strings(&["--bogus"])).unwrap_err();
        assert!(err.to_string().contains("unknown option --bogus"));
        assert!(err.to_string().contains("usage: cargo xtask generate"));
        let err = parse_generate(&strings(&["--spec"])).unwrap_err();
        assert!(err.to_string().contains("--spec needs a value"));
        let err = codegen(&strings(&["--chek"])).unwrap_err();
        assert!(err.to_string().contains("usage: cargo xtask codegen"));
    }
}
