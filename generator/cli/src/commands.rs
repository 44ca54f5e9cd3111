//! The three subcommands: read the inputs, call the library, print, pick the exit code.
//! Progress, diagnostics and errors go to stderr; the API-change report and the summary to
//! stdout, so that they can be piped.

use std::fs;
use std::path::Path;
use std::time::Instant;

use generator::{
    ApiDiff, ApiManifest, Config, Generated, Impact, Input, MANIFEST_FILE, Output, OutputError,
    Producer, Project, Source, VersionPolicy,
};

use crate::Exit;
use crate::args::{DiffArgs, Target};

/// Documents above this size get stage timings without `--verbose`: they take long enough for
/// the user to wonder.
const BIG_DOCUMENT: usize = 1_000_000;

/// How many diagnostics are shown (and located).
const SHOWN_DIAGNOSTICS: usize = 50;

fn fail(exit: Exit, message: impl std::fmt::Display) -> Exit {
    eprintln!("sdkgen: error: {message}");
    exit
}

fn read_source(path: &Path) -> Result<Source, Exit> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Source::new(path.display().to_string(), text)),
        Err(err) => Err(fail(
            Exit::Failed,
            format!("cannot read {}: {err}", path.display()),
        )),
    }
}

/// The document, the configuration and how the version is chosen, from the flags or a project
/// file. `Producer::Cli` records the command that regenerates the crate (as the README shows
/// it): the same for `generate` and `check`, and without the flags that belong to one run.
fn prepare(target: &Target) -> Result<(Input, Config, VersionPolicy), Exit> {
    let out = target.out.display().to_string();
    let mut command = vec!["generate".to_owned()];
    let (input, mut config, origin) = match (&target.config, &target.spec, &target.name) {
        (Some(path), _, _) => {
            let project = Project::load(path).map_err(|failure| fail(Exit::Failed, failure))?;
            command.extend(["--config".to_owned(), path.display().to_string()]);
            let origin = format!("`crate_version` in {}", path.display());
            (project.input, project.config, Some(origin))
        }
        (None, Some(spec), Some(name)) => {
            if !generator::is_package_name(name) {
                return Err(fail(
                    Exit::Usage,
                    format!(
                        "--name must be a crate name ({}), got {name:?}",
                        generator::PACKAGE_NAME_RULE
                    ),
                ));
            }
            let client = target
                .client
                .clone()
                .unwrap_or_else(|| generator::pascal(&format!("{name} client")));
            let input = Input {
                source: read_source(spec)?,
                overlays: target
                    .overlays
                    .iter()
                    .map(|o| read_source(o))
                    .collect::<Result<_, _>>()?,
            };
            command.extend(["--spec".to_owned(), spec.display().to_string()]);
            command.extend(["--name".to_owned(), name.clone()]);
            if let Some(client) = &target.client {
                command.extend(["--client".to_owned(), client.clone()]);
            }
            for overlay in &target.overlays {
                command.extend(["--overlay".to_owned(), overlay.display().to_string()]);
            }
            (input, Config::new(name.clone(), client), None)
        }
        // clap requires --spec and --name unless --config is given.
        _ => {
            return Err(fail(
                Exit::Usage,
                "--spec and --name, or --config, are needed",
            ));
        }
    };
    command.extend(["--out".to_owned(), out]);
    if target.strict {
        config.strict = true;
        command.push("--strict".to_owned());
    }
    config.standalone = !target.workspace_member;
    if target.workspace_member {
        command.push("--workspace-member".to_owned());
    }
    config.producer = Producer::cli(command);
    let version = match (&target.crate_version, origin) {
        (Some(version), _) => {
            config.crate_version = version.clone();
            VersionPolicy::Configured {
                origin: "--crate-version".to_owned(),
            }
        }
        (None, Some(origin)) => VersionPolicy::Configured { origin },
        (None, None) => VersionPolicy::Automatic,
    };
    Ok((input, config, version))
}

/// Runs the pipeline, printing located diagnostics and, for big documents or `--verbose`,
/// progress and stage timings.
fn run(input: &Input, config: &Config, verbose: bool) -> Result<Generated, Exit> {
    let size = input.source.text.len();
    let timed = verbose || size > BIG_DOCUMENT;
    if timed {
        eprintln!(
            "sdkgen: generating from {} ({:.1} MB)...",
            input.source.name,
            size as f64 / 1e6
        );
    }
    let started = Instant::now();
    let generated = match generator::generate(input, config) {
        Ok(generated) => generated,
        Err(failure) => {
            for line in
                generator::render_diagnostics(input, &failure.diagnostics, SHOWN_DIAGNOSTICS)
            {
                eprintln!("{line}");
            }
            let errors = failure.errors().count();
            return Err(fail(
                Exit::Failed,
                format!(
                    "{errors} error(s) in {}; nothing was written",
                    input.source.name
                ),
            ));
        }
    };
    for line in generator::render_diagnostics(input, &generated.diagnostics, SHOWN_DIAGNOSTICS) {
        eprintln!("{line}");
    }
    if timed {
        let t = &generated.timings;
        eprintln!(
            "sdkgen: parse {:.2?}, lower {:.2?}, emit {:.2?}, format {:.2?} (total {:.2?}): \
             {} operations, {} types, {} files",
            t.parse,
            t.lower,
            t.emit,
            t.format,
            started.elapsed(),
            generated.api.operation_count(),
            generated.api.types.len(),
            generated.files.len()
        );
    }
    Ok(generated)
}

/// The exit code and message for an output folder that was not written.
fn output_failure(err: OutputError) -> Exit {
    match err {
        OutputError::Refused { .. } => fail(
            Exit::Refused,
            format!("{err}; pass --force to overwrite them"),
        ),
        OutputError::VersionTooLow { message, changes } => {
            print!("{changes}");
            fail(Exit::Stale, format!("{message}; nothing was written"))
        }
        OutputError::Stale {
            ref files,
            ref version,
        } => {
            for file in files {
                eprintln!("stale: {file}");
            }
            if let Some(version) = version {
                eprintln!("sdkgen: {version}");
            }
            fail(
                Exit::Stale,
                "the folder is out of date: run `sdkgen generate` with the same arguments",
            )
        }
        OutputError::Manifest(_) => fail(
            Exit::Failed,
            format!("{err}; --force writes anyway, without reporting what changed"),
        ),
        OutputError::Io(_) => fail(Exit::Failed, err),
    }
}

/// `sdkgen generate`.
pub fn generate(target: &Target, force: bool) -> Exit {
    let (input, config, version) = match prepare(target) {
        Ok(prepared) => prepared,
        Err(exit) => return exit,
    };
    let generated = match run(&input, &config, target.verbose) {
        Ok(generated) => generated,
        Err(exit) => return exit,
    };
    let output = Output {
        dir: target.out.clone(),
        force,
        version,
    };
    match output.write(&generated, &config) {
        Ok(report) => {
            print!("{}", report.api_changes());
            for path in &report.leftovers {
                eprintln!(
                    "note: {} is no longer generated; delete it if nothing else uses it",
                    target.out.join(path).display()
                );
            }
            println!(
                "{} {}: {} operations, {} types; {} of {} files changed in {}",
                config.crate_name,
                report.version,
                generated.api.operation_count(),
                generated.api.types.len(),
                report.changed.len(),
                report.changed.len() + report.unchanged,
                target.out.display()
            );
            Exit::Success
        }
        Err(err) => output_failure(err),
    }
}

/// `sdkgen check`.
pub fn check(target: &Target) -> Exit {
    let (input, config, version) = match prepare(target) {
        Ok(prepared) => prepared,
        Err(exit) => return exit,
    };
    let generated = match run(&input, &config, target.verbose) {
        Ok(generated) => generated,
        Err(exit) => return exit,
    };
    let output = Output {
        dir: target.out.clone(),
        force: false,
        version,
    };
    match output.check(&generated, &config) {
        Ok(report) => {
            println!(
                "{} is up to date ({} {}, {} files)",
                target.out.display(),
                config.crate_name,
                report.version,
                report.unchanged
            );
            Exit::Success
        }
        Err(err) => output_failure(err),
    }
}

/// One side of a diff: a manifest read from a folder or a file, or computed from a document.
enum Side {
    Manifest(ApiManifest),
    Document(Input),
}

fn side(path: &Path, overlays: &[Source]) -> Result<Side, Exit> {
    let manifest_path = if path.is_dir() {
        path.join(MANIFEST_FILE)
    } else {
        path.to_path_buf()
    };
    let is_manifest = path.is_dir() || path.file_name().is_some_and(|n| n == MANIFEST_FILE);
    if is_manifest {
        let text = read_source(&manifest_path)?.text;
        return ApiManifest::from_json(&text)
            .map(Side::Manifest)
            .map_err(|err| fail(Exit::Failed, format!("{}: {err}", manifest_path.display())));
    }
    Ok(Side::Document(Input {
        source: read_source(path)?,
        overlays: overlays.to_vec(),
    }))
}

/// A document's manifest, named and versioned like the other side when that is a generated
/// crate (so only the API is compared), else as a crate `sdk` 0.1.0.
fn document_manifest(input: &Input, like: Option<&ApiManifest>) -> Result<ApiManifest, Exit> {
    let (name, version) = like.map_or(("sdk", "0.1.0"), |m| {
        (m.crate_name.as_str(), m.crate_version.as_str())
    });
    match generator::lower_input(input, &Config::new(name, "Client")) {
        Ok((api, _warnings)) => Ok(ApiManifest::from_api(&api, name, version)),
        Err(failure) => {
            for line in
                generator::render_diagnostics(input, &failure.diagnostics, SHOWN_DIAGNOSTICS)
            {
                eprintln!("{line}");
            }
            Err(fail(
                Exit::Failed,
                format!("{} has errors", input.source.name),
            ))
        }
    }
}

/// `sdkgen diff`.
pub fn diff(args: &DiffArgs) -> Exit {
    let result = (|| {
        let overlays = args
            .overlays
            .iter()
            .map(|o| read_source(o))
            .collect::<Result<Vec<_>, _>>()?;
        let (old, new) = match (side(&args.old, &overlays)?, side(&args.new, &overlays)?) {
            (Side::Manifest(old), Side::Manifest(new)) => (old, new),
            (Side::Manifest(old), Side::Document(new)) => {
                let new = document_manifest(&new, Some(&old))?;
                (old, new)
            }
            (Side::Document(old), Side::Manifest(new)) => {
                (document_manifest(&old, Some(&new))?, new)
            }
            (Side::Document(old), Side::Document(new)) => (
                document_manifest(&old, None)?,
                document_manifest(&new, None)?,
            ),
        };
        Ok::<_, Exit>(ApiDiff::between(&old, &new))
    })();
    let diff = match result {
        Ok(diff) => diff,
        Err(exit) => return exit,
    };
    print!("{}", diff.report());
    if args.fail_on_breaking && diff.impact() == Impact::Breaking {
        return fail(Exit::Stale, "the API changed in a breaking way");
    }
    Exit::Success
}
