//! Running `cargo check` under GNU time and reading what it reports.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::SystemTime;

use anyhow::{Context, Result, bail};

use crate::venv::tail_lines;

/// GNU time, which reports the peak RSS of the largest reaped process.
const TIME: &str = "/usr/bin/time";
/// Wall seconds, user seconds, system seconds, peak RSS in KiB.
const TIME_FORMAT: &str = "%e %U %S %M";

/// What one measured `cargo check` cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// User + system seconds of cargo and every rustc it ran.
    pub cpu_s: f64,
    /// Elapsed seconds.
    pub wall_s: f64,
    /// Peak resident set of the largest process (rustc), KiB.
    pub rss_kib: f64,
    /// Whether the check passed.
    pub ok: bool,
}

/// `cargo check --manifest-path <dir>/Cargo.toml <args>` in the environment every check shares,
/// its output going to `log`; run under GNU time writing to `time_file` when there is one.
fn check_command(
    time_file: Option<&Path>,
    dir: &Path,
    args: &[String],
    target_dir: &Path,
    log: &Path,
) -> Result<Command> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = match time_file {
        Some(time_file) => {
            let mut command = Command::new(TIME);
            command
                .arg("-f")
                .arg(TIME_FORMAT)
                .arg("-o")
                .arg(time_file)
                .arg(cargo);
            command
        }
        None => Command::new(cargo),
    };
    let out = File::create(log).with_context(|| format!("cannot create {}", log.display()))?;
    let err = out
        .try_clone()
        .with_context(|| format!("cannot duplicate the handle of {}", log.display()))?;
    command
        .arg("check")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args(args)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err);
    Ok(command)
}

/// The untimed first `cargo check` of a crate, which builds its dependencies. Returns whether it
/// passed.
pub fn warm_up(dir: &Path, target_dir: &Path, log: &Path) -> Result<bool> {
    let status = check_command(None, dir, &[], target_dir, log)?
        .status()
        .with_context(|| format!("cannot run `cargo check` in {}", dir.display()))?;
    Ok(status.success())
}

/// Touches `src/lib.rs` and times one `cargo check` of the crate in `dir`.
pub fn timed_check(dir: &Path, args: &[String], target_dir: &Path, log: &Path) -> Result<Sample> {
    touch(&dir.join("src").join("lib.rs"))?;
    let time_file = log.with_extension("time");
    let status = check_command(Some(&time_file), dir, args, target_dir, log)?
        .status()
        .with_context(|| {
            format!("cannot run {TIME} (GNU time; on Debian `apt-get install time`)")
        })?;
    // GNU time exits 126 or 127 when it cannot run the command at all.
    if matches!(status.code(), Some(126 | 127)) {
        bail!(
            "{TIME} could not run cargo ({status}); see {}",
            time_file.display()
        );
    }
    let text = fs::read_to_string(&time_file)
        .with_context(|| format!("cannot read {}", time_file.display()))?;
    let Some((wall_s, cpu_s, rss_kib)) = parse_time(&text) else {
        bail!(
            "cannot parse `{TIME} -f '{TIME_FORMAT}'` output in {}: {:?}",
            time_file.display(),
            text.trim()
        );
    };
    Ok(Sample {
        cpu_s,
        wall_s,
        rss_kib: rss_kib as f64,
        ok: status.success(),
    })
}

/// Sets the file's modification time to now, so cargo checks the crate again.
fn touch(path: &Path) -> Result<()> {
    OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .with_context(|| format!("cannot touch {}", path.display()))
}

/// `(wall seconds, user + system seconds, peak RSS KiB)` from GNU time's `%e %U %S %M` line.
/// When the command failed, time writes `Command exited with non-zero status N` first.
pub fn parse_time(text: &str) -> Option<(f64, f64, u64)> {
    text.lines().rev().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [wall, user, system, rss] = fields.as_slice() else {
            return None;
        };
        let wall: f64 = wall.parse().ok()?;
        let cpu = user.parse::<f64>().ok()? + system.parse::<f64>().ok()?;
        Some((wall, cpu, rss.parse().ok()?))
    })
}

/// The median (the mean of the middle two for an even count); `None` when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// Each figure's median over the runs; passed only when every run passed.
pub fn median_sample(samples: &[Sample]) -> Option<Sample> {
    let of = |f: fn(&Sample) -> f64| median(&samples.iter().map(f).collect::<Vec<_>>());
    Some(Sample {
        cpu_s: of(|s| s.cpu_s)?,
        wall_s: of(|s| s.wall_s)?,
        rss_kib: of(|s| s.rss_kib)?,
        ok: samples.iter().all(|s| s.ok),
    })
}

/// What a measured check's log says that the table should not hide: that it failed (with
/// rustc's summary and first error), or that it rebuilt more than the crate itself.
pub fn log_findings(log: &Path, ok: bool) -> Result<Vec<String>> {
    let text = fs::read_to_string(log).with_context(|| format!("cannot read {}", log.display()))?;
    Ok(findings(&text, ok, &log.display().to_string()))
}

fn findings(text: &str, ok: bool, log: &str) -> Vec<String> {
    let mut found = Vec::new();
    let built = text
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("Compiling ") || l.starts_with("Checking "))
        .count();
    // More than one: the warm-up left something stale. None although it passed: nothing was
    // checked again. (A failing check may stop before the crate, at its manifest.)
    if built > 1 || (ok && built == 0) {
        found.push(format!(
            "the measured check built {built} crates, not 1 (see {log})"
        ));
    }
    if !ok {
        let first_error = text.lines().find(|l| l.starts_with("error"));
        let summary = text
            .lines()
            .rfind(|l| l.starts_with("error: could not compile"));
        let detail = match (first_error, summary) {
            (Some(first), Some(summary)) if first != summary => {
                format!("{summary}; first: {first}")
            }
            (_, Some(line)) | (Some(line), None) => line.to_owned(),
            (None, None) => tail_lines(text, 3).replace('\n', " / "),
        };
        found.push(format!("`cargo check` fails: {detail} (see {log})"));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_gnu_time_output_also_after_a_failure() {
        assert_eq!(
            parse_time("12.34 20.50 1.25 2097152\n"),
            Some((12.34, 21.75, 2097152))
        );
        let failed = "Command exited with non-zero status 101\n3.00 2.50 0.50 1024\n";
        assert_eq!(parse_time(failed), Some((3.0, 3.0, 1024)));
        assert_eq!(parse_time("Command terminated by signal 9\n"), None);
        assert_eq!(parse_time(""), None);
        assert_eq!(parse_time("1.0 2.0 3.0\n"), None);
    }

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[7.0]), Some(7.0));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn median_sample_takes_each_figure_separately() {
        let s = |cpu, wall, rss, ok| Sample {
            cpu_s: cpu,
            wall_s: wall,
            rss_kib: rss,
            ok,
        };
        let m = median_sample(&[
            s(1.0, 9.0, 5.0, true),
            s(3.0, 1.0, 6.0, false),
            s(2.0, 2.0, 4.0, true),
        ]);
        assert_eq!(m, Some(s(2.0, 2.0, 5.0, false)));
        assert_eq!(median_sample(&[]), None);
    }

    #[test]
    fn findings_report_failures_and_extra_rebuilds() {
        let good = "    Checking shop v0.1.0 (/x)\n    Finished `dev` profile\n";
        assert!(findings(good, true, "l").is_empty());
        let rebuilt = "   Compiling serde v1.0.0\n    Checking shop v0.1.0 (/x)\n";
        assert_eq!(
            findings(rebuilt, true, "l"),
            ["the measured check built 2 crates, not 1 (see l)"]
        );
        let manifest = "error: failed to parse manifest at `/x/Cargo.toml`\n";
        assert_eq!(
            findings(manifest, false, "l"),
            ["`cargo check` fails: error: failed to parse manifest at `/x/Cargo.toml` (see l)"]
        );
        let failed = "    Checking x v0.1.0\nerror[E0412]: cannot find type `Foo`\n\
                      error: could not compile `x` (lib) due to 3 previous errors\n";
        assert_eq!(
            findings(failed, false, "l"),
            [
                "`cargo check` fails: error: could not compile `x` (lib) due to 3 previous errors; \
              first: error[E0412]: cannot find type `Foo` (see l)"
            ]
        );
    }
}
