//! `cargo xtask bench-compile [FILTER...]`: how long `cargo check` takes and how much memory it
//! needs, side by side in one run, for our generated crate and for OpenAPI Generator's Rust
//! client of the same OpenAPI document, and for our crate with only one tag's cargo feature.
//!
//! # Measurement protocol
//!
//! - **Documents.** `stripe`, `ringcentral-platform` and `dockerhub` come from the spec corpus
//!   (`$OPENAPI_CORPUS`, else `../shared/specs` beside the checkout); `github` is GitHub's REST
//!   description from `npm pack @octokit/openapi@23.0.2`, downloaded once into
//!   `target/bench-compile/docs/`. Each FILTER keeps the documents whose name contains it.
//! - **Crates.** Ours is generated in-process (`Config::new`, `standalone`) into
//!   `target/bench-compile/<doc>/ours`, with a copy of the workspace `Cargo.lock` so it uses the
//!   project's dependency versions. OpenAPI Generator (`openapi-generator-cli==7.26.0` from PyPI,
//!   in the venv `target/openapi-generator-venv`) writes its `-g rust` client into
//!   `target/bench-compile/<doc>/openapi-generator` (`--skip-validate-spec`, `packageName`
//!   `<doc>_oag`, and `packageVersion=0.1.0` because the version it derives from `info.version`
//!   can be invalid semver), with `[workspace]` appended to its Cargo.toml; its dependencies resolve to the newest matching versions (it has no lock file)
//!   and it keeps its default features (`native-tls`). Both directories are deleted and rewritten
//!   on every run; nothing outside `target/bench-compile` and the venv is touched.
//! - **One target directory** for all crates, `target/bench-compile/target`, so dependencies are
//!   built once per document set and never count.
//! - **Warm-up.** `cargo check` once per crate, which builds its dependencies (OpenAPI
//!   Generator's crate may fail to compile; its dependencies are still built).
//! - **Each measured check** touches `src/lib.rs`, then runs `cargo check` with
//!   `CARGO_INCREMENTAL=0` and `CARGO_PROFILE_DEV_DEBUG=0` (the warm-up uses the same
//!   environment, so dependencies stay fresh) under `/usr/bin/time -f '%e %U %S %M'`. Wall
//!   seconds are `%e`; CPU seconds are user + system (`%U + %S`), which cover cargo and rustc
//!   because wait4's rusage includes reaped descendants; peak RSS (`%M`, KiB) is that of the
//!   largest process, rustc. CPU seconds are the primary figure: on a busy machine they are
//!   inflated far less than wall seconds. Each check's output is kept in `*.log` beside the crate.
//! - **Configurations.** OpenAPI Generator's crate as generated ("full"); ours with default
//!   features ("full"); and, when the API is split into a cargo feature per tag,
//!   `--no-default-features --features <tag>` for the tag with the most operations and for the
//!   tag with the median number of operations (lower median; ties go to the first name).
//! - **Repetitions.** `BENCH_RUNS` (default 1) runs every measured check that many times, round
//!   robin over the configurations so that load from other processes hits all alike; the table
//!   gives the median of each figure.
//! - **Lines** are all lines of the `.rs` files under the crate's `src/`, like `wc -l`; a tag
//!   configuration shows the whole crate's count, though only part of it is compiled.
//!
//! The Markdown table goes to stdout (progress goes to stderr): per document and configuration
//! the CPU seconds relative to OpenAPI Generator's crate, and for a tag its share of ours-full.

mod crates;
mod measure;
mod report;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Result, bail};

use crate::project_root;
use crates::Origin;
use measure::Sample;
use report::{Crate, Row, Variant};

/// Where each document comes from, in the order they are measured.
const DOCS: &[(&str, Origin)] = &[
    ("stripe", Origin::Corpus("stripe-2022-04-12.json")),
    (
        "ringcentral-platform",
        Origin::Corpus("ringcentral-platform.yml"),
    ),
    ("github", Origin::GitHub),
    ("dockerhub", Origin::Corpus("dockerhub.json")),
];

const USAGE: &str =
    "usage: cargo xtask bench-compile [FILTER...]   (BENCH_RUNS=N repeats each check)";

/// One measured `cargo check`: which crate, with which features.
struct Check {
    krate: Crate,
    variant: Variant,
    dir: PathBuf,
    /// Extra `cargo check` arguments (the feature selection).
    args: Vec<String>,
    samples: Vec<Sample>,
}

pub fn run(args: &[String]) -> Result<()> {
    if let Some(flag) = args.iter().find(|a| a.starts_with('-')) {
        bail!("unknown option {flag}\n{USAGE}");
    }
    let docs = select(args)?;
    let runs = runs_from_env(std::env::var("BENCH_RUNS").ok().as_deref())?;
    let root = project_root();
    let bench = root.join("target").join("bench-compile");
    let target_dir = bench.join("target");
    let lockfile = root.join("Cargo.lock");
    let oag = crates::openapi_generator(&root.join("target"))?;
    // Every document first, so a missing one fails before anything slow runs.
    let specs = docs
        .iter()
        .map(|&(name, origin)| Ok((name, crates::document(origin, &root, &bench)?)))
        .collect::<Result<Vec<_>>>()?;
    let load_before = load_average();

    let mut rows = Vec::new();
    let mut notes = Vec::new();
    let mut failed = Vec::new();
    for (name, spec) in &specs {
        let dir = bench.join(name);
        // One document's failure still leaves the others' figures in the table.
        let result = prepare(name, spec, &dir, &oag, &lockfile, &mut notes)
            .and_then(|checks| measure_doc(name, checks, &target_dir, runs, &mut notes));
        match result {
            Ok(measured) => rows.extend(measured),
            Err(err) => {
                eprintln!("error: {name}: {err:#}");
                notes.push(format!("{name}: not measured: {err:#}"));
                failed.push(*name);
            }
        }
    }

    println!("{}", report::table(&rows));
    for note in &notes {
        println!("- {note}");
    }
    println!();
    println!(
        "{}; load average {} before, {} after; BENCH_RUNS={runs}.",
        machine(),
        load_before,
        load_average()
    );
    println!("Reproduce: `{}`", reproduce(args, runs));
    if !failed.is_empty() {
        bail!("could not measure {}", failed.join(", "));
    }
    Ok(())
}

/// The documents whose name contains one of `filters` (all without filters).
fn select(filters: &[String]) -> Result<Vec<(&'static str, Origin)>> {
    let docs: Vec<_> = DOCS
        .iter()
        .filter(|(name, _)| filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str())))
        .copied()
        .collect();
    if docs.is_empty() {
        let names: Vec<&str> = DOCS.iter().map(|(name, _)| *name).collect();
        bail!(
            "no document matches {}; the documents are {}",
            filters.join(" "),
            names.join(", ")
        );
    }
    Ok(docs)
}

/// `BENCH_RUNS`: how many times each configuration is measured; 1 when unset.
fn runs_from_env(value: Option<&str>) -> Result<usize> {
    match value.map(str::trim) {
        None | Some("") => Ok(1),
        Some(text) => match text.parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => bail!("BENCH_RUNS must be a whole number >= 1, got {text:?}"),
        },
    }
}

/// Generates both crates for one document and lists the checks to measure.
fn prepare(
    name: &str,
    spec: &Path,
    dir: &Path,
    oag: &Path,
    lockfile: &Path,
    notes: &mut Vec<String>,
) -> Result<Vec<Check>> {
    let ours_dir = dir.join("ours");
    let oag_dir = dir.join("openapi-generator");
    crates::fresh_dir(&ours_dir)?;
    crates::fresh_dir(&oag_dir)?;

    eprintln!("==> {name}: generating our crate from {}", spec.display());
    let api = crates::generate_ours(spec, &ours_dir, name, lockfile)?;
    let total = api.operation_count();
    eprintln!("==> {name}: generating OpenAPI Generator's crate");
    let package = format!("{}_oag", name.replace('-', "_"));
    let mut checks = Vec::new();
    match crates::generate_oag(oag, spec, &oag_dir, &package) {
        Ok(()) => checks.push(new_check(
            Crate::OpenApiGenerator,
            Variant::Full,
            &oag_dir,
            &[],
        )),
        Err(err) => {
            eprintln!("warning: {err:#}");
            notes.push(format!(
                "{name}: OpenAPI Generator failed to generate a crate (log: {})",
                oag_dir.join(crates::OAG_LOG).display()
            ));
        }
    }
    checks.push(new_check(Crate::Ours, Variant::Full, &ours_dir, &[]));

    if api.features.is_empty() {
        notes.push(format!(
            "{name}: our crate is not split into features ({total} operations, {} tags)",
            api.services.len()
        ));
        return Ok(checks);
    }
    let services: Vec<(String, usize)> = api
        .services
        .iter()
        .filter_map(|s| Some((s.feature.clone()?, s.operations.len())))
        .collect();
    for (role, feature, operations) in crates::pick_tags(&services) {
        let variant = Variant::Tag {
            role,
            feature: feature.clone(),
            operations,
            total,
        };
        let args = ["--no-default-features", "--features", feature.as_str()];
        checks.push(new_check(Crate::Ours, variant, &ours_dir, &args));
    }
    notes.push(format!(
        "{name}: our crate is split into {} features ({total} operations)",
        api.features.len()
    ));
    Ok(checks)
}

fn new_check(krate: Crate, variant: Variant, dir: &Path, args: &[&str]) -> Check {
    Check {
        krate,
        variant,
        dir: dir.to_path_buf(),
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        samples: Vec::new(),
    }
}

/// Warms up each crate, then measures every check `runs` times, round robin.
fn measure_doc(
    name: &str,
    mut checks: Vec<Check>,
    target_dir: &Path,
    runs: usize,
    notes: &mut Vec<String>,
) -> Result<Vec<Row>> {
    let mut warmed: Vec<PathBuf> = Vec::new();
    for check in &checks {
        if warmed.contains(&check.dir) {
            continue;
        }
        eprintln!(
            "==> {name}: warm-up `cargo check` in {}",
            check.dir.display()
        );
        let log = check.dir.join("check-warmup.log");
        if !measure::warm_up(&check.dir, target_dir, &log)? {
            eprintln!("    (fails; see {})", log.display());
        }
        warmed.push(check.dir.clone());
    }
    for run in 1..=runs {
        for (i, check) in checks.iter_mut().enumerate() {
            eprintln!(
                "==> {name}: measuring {} {} (run {run}/{runs})",
                check.krate.label(),
                check.variant.label()
            );
            let log = check.dir.join(format!("check-{i}-run{run}.log"));
            let sample = measure::timed_check(&check.dir, &check.args, target_dir, &log)?;
            if run == 1 {
                notes.extend(
                    measure::log_findings(&log, sample.ok)?
                        .into_iter()
                        .map(|f| {
                            format!(
                                "{name}, {} {}: {f}",
                                check.krate.label(),
                                check.variant.label()
                            )
                        }),
                );
            }
            check.samples.push(sample);
        }
    }
    let mut rows = Vec::new();
    for check in checks {
        rows.push(Row {
            doc: name.to_owned(),
            lines: crates::rust_lines(&check.dir.join("src"))?,
            sample: measure::median_sample(&check.samples),
            krate: check.krate,
            variant: check.variant,
        });
    }
    Ok(rows)
}

/// `N CPUs, rustc X`, best effort.
fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    let rustc = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .arg("-V")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_else(|| "rustc (unknown version)".to_owned());
    format!("{cpus} CPUs, {rustc}")
}

/// The 1-minute load average from `/proc/loadavg`, or `?`.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}

/// The command line that reproduces this run.
fn reproduce(filters: &[String], runs: usize) -> String {
    let mut command = String::new();
    if let Some(corpus) = std::env::var_os("OPENAPI_CORPUS") {
        command.push_str(&format!("OPENAPI_CORPUS={} ", corpus.to_string_lossy()));
    }
    if runs != 1 {
        command.push_str(&format!("BENCH_RUNS={runs} "));
    }
    command.push_str("cargo xtask bench-compile");
    for filter in filters {
        command.push(' ');
        command.push_str(filter);
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_keep_matching_documents_in_order() {
        let names = |filters: &[&str]| -> Vec<&str> {
            let filters: Vec<String> = filters.iter().map(|f| (*f).to_owned()).collect();
            select(&filters).unwrap().iter().map(|(n, _)| *n).collect()
        };
        assert_eq!(
            names(&[]),
            ["stripe", "ringcentral-platform", "github", "dockerhub"]
        );
        assert_eq!(names(&["docker"]), ["dockerhub"]);
        assert_eq!(names(&["dockerhub", "stripe"]), ["stripe", "dockerhub"]);
        assert_eq!(
            names(&["r"]),
            ["stripe", "ringcentral-platform", "dockerhub"]
        );
        let err = select(&["nope".to_owned()]).unwrap_err().to_string();
        assert!(err.contains("no document matches nope"), "{err}");
    }

    #[test]
    fn bench_runs_defaults_to_one_and_rejects_nonsense() {
        assert_eq!(runs_from_env(None).unwrap(), 1);
        assert_eq!(runs_from_env(Some("")).unwrap(), 1);
        assert_eq!(runs_from_env(Some(" 3 ")).unwrap(), 3);
        assert!(runs_from_env(Some("0")).is_err());
        assert!(runs_from_env(Some("two")).is_err());
    }

    #[test]
    fn reproduce_names_the_filters() {
        let filters = ["dockerhub".to_owned()];
        assert!(
            reproduce(&filters, 3).ends_with("BENCH_RUNS=3 cargo xtask bench-compile dockerhub")
        );
        assert!(reproduce(&[], 1).ends_with("cargo xtask bench-compile"));
    }
}
