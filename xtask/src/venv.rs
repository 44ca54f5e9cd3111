//! A pinned Python tool from PyPI, installed into a private venv under the target directory.
//!
//! A venv keeps the tool out of the system Python, survives `cargo` rebuilds, and goes away with
//! `cargo clean`. Used for the SCIM test server (`scim2-server`) and for OpenAPI Generator
//! (`openapi-generator-cli`, which `cargo xtask bench-compile` compares against).

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use anyhow::{Context, Result, bail};

/// How many lines of pip's or venv's output an error message carries.
const ERROR_LOG_LINES: usize = 30;

/// One PyPI package pinned to one version, and the venv it lives in.
pub struct PipTool {
    /// The PyPI distribution name, which is also the name of the executable it installs.
    pub package: &'static str,
    /// The exact version; the marker file name derives from it so a bump forces a reinstall.
    pub version: &'static str,
    /// The venv's directory name under the target directory, e.g. `scim-venv`.
    pub venv: &'static str,
    /// The package's `Requires-Python` lower bound.
    pub min_python: (u32, u32),
    /// Who needs the tool, in plural for error messages, e.g. `the SCIM e2e tests`.
    pub needed_by: &'static str,
}

impl PipTool {
    /// `<target_dir>/<venv>`.
    pub fn venv_dir(&self, target_dir: &Path) -> PathBuf {
        target_dir.join(self.venv)
    }

    /// The file written once an install completed, named after the pinned version.
    pub fn marker_path(&self, venv: &Path) -> PathBuf {
        venv.join(format!(".installed-{}-{}", self.package, self.version))
    }

    /// Makes sure `<target_dir>/<venv>` holds the pinned package and returns its executable.
    ///
    /// The marker file is written last, so an interrupted install is redone rather than trusted.
    /// A lock file serialises concurrent callers (parallel test binaries) so they never build the
    /// same venv at once.
    pub fn ensure_installed(&self, target_dir: &Path) -> Result<PathBuf> {
        let venv = self.venv_dir(target_dir);
        let exe = venv.join("bin").join(self.package);
        let marker = self.marker_path(&venv);
        if exe.is_file() && marker.is_file() {
            return Ok(exe);
        }

        fs::create_dir_all(target_dir)
            .with_context(|| format!("cannot create target directory {}", target_dir.display()))?;
        let lock_path = target_dir.join(format!("{}.lock", self.venv));
        let lock = File::create(&lock_path)
            .with_context(|| format!("cannot create lock file {}", lock_path.display()))?;
        lock.lock()
            .with_context(|| format!("cannot lock {}", lock_path.display()))?;
        // Another process may have finished the install while this one waited for the lock.
        if exe.is_file() && marker.is_file() {
            return Ok(exe);
        }

        self.check_python()?;
        if venv.exists() {
            fs::remove_dir_all(&venv)
                .with_context(|| format!("cannot remove stale venv {}", venv.display()))?;
        }
        let out = run(Command::new("python3").arg("-m").arg("venv").arg(&venv))
            .context("cannot run `python3 -m venv`")?;
        if !out.status.success() {
            bail!(
                "creating the venv with `python3 -m venv {}` failed ({}); on Debian install python3-venv:\n{}",
                venv.display(),
                out.status,
                tail_lines(&String::from_utf8_lossy(&out.stderr), ERROR_LOG_LINES)
            );
        }

        let requirement = format!("{}=={}", self.package, self.version);
        let pip = venv.join("bin").join("pip");
        let out = run(Command::new(&pip)
            .args(["install", "--disable-pip-version-check", "-q"])
            .arg(&requirement))
        .with_context(|| format!("cannot run {}", pip.display()))?;
        if !out.status.success() {
            bail!(
                "`pip install {requirement}` failed ({}):\n{}",
                out.status,
                tail_lines(&String::from_utf8_lossy(&out.stderr), ERROR_LOG_LINES)
            );
        }
        if !exe.is_file() {
            bail!(
                "`pip install {requirement}` succeeded but {} is missing",
                exe.display()
            );
        }
        fs::write(&marker, format!("{requirement}\n"))
            .with_context(|| format!("cannot write marker {}", marker.display()))?;
        Ok(exe)
    }

    /// Fails with a readable message when python3 is absent or older than the package supports,
    /// instead of letting pip report an obscure "no matching distribution".
    fn check_python(&self) -> Result<()> {
        let (major, minor) = self.min_python;
        let out = run(Command::new("python3").arg("--version")).with_context(|| {
            format!(
                "python3 not found on PATH; {} need Python >= {major}.{minor} to run {}",
                self.needed_by, self.package
            )
        })?;
        // Python < 3.4 printed the version on stderr.
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if !out.status.success() {
            bail!(
                "`python3 --version` failed ({}): {}",
                out.status,
                text.trim()
            );
        }
        let Some(version) = parse_python_version(&text) else {
            bail!(
                "cannot parse the output of `python3 --version`: {:?}",
                text.trim()
            );
        };
        if version < self.min_python {
            bail!(
                "python3 is {}.{}, but {} {} needs Python >= {major}.{minor}",
                version.0,
                version.1,
                self.package,
                self.version
            );
        }
        Ok(())
    }
}

/// Runs a command to completion with captured output and no stdin, so it can never hang on a prompt.
pub fn run(cmd: &mut Command) -> std::io::Result<Output> {
    cmd.stdin(Stdio::null()).output()
}

/// The last `n` lines of `text`, joined with newlines.
pub fn tail_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// Reads `(major, minor)` out of `Python 3.11.7` (also `3.13.0rc1`, `3.12.1+`).
fn parse_python_version(text: &str) -> Option<(u32, u32)> {
    let rest = text.trim().strip_prefix("Python ")?;
    let mut parts = rest.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor: String = parts
        .next()?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Some((major, minor.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_keeps_last_lines() {
        assert_eq!(tail_lines("a\nb\nc\n", 2), "b\nc");
        assert_eq!(tail_lines("a\nb", 5), "a\nb");
        assert_eq!(tail_lines("a\nb", 0), "");
        assert_eq!(tail_lines("", 3), "");
    }

    #[test]
    fn python_version_parsing() {
        assert_eq!(parse_python_version("Python 3.11.7\n"), Some((3, 11)));
        assert_eq!(parse_python_version("Python 3.13.0rc1"), Some((3, 13)));
        assert_eq!(parse_python_version("Python 3.9"), Some((3, 9)));
        assert_eq!(parse_python_version("Python 2.7.18"), Some((2, 7)));
        assert!(parse_python_version("Python 3.9") < Some((3, 11)));
        assert!(parse_python_version("Python 3.10.2") < Some((3, 11)));
        assert_eq!(parse_python_version("python3: not found"), None);
        assert_eq!(parse_python_version(""), None);
    }

    #[test]
    fn venv_paths_derive_from_the_pin() {
        let tool = PipTool {
            package: "some-tool",
            version: "1.2.3",
            venv: "tool-venv",
            min_python: (3, 10),
            needed_by: "the tests",
        };
        let venv = tool.venv_dir(Path::new("/t"));
        assert_eq!(venv, Path::new("/t/tool-venv"));
        assert_eq!(
            tool.marker_path(&venv),
            Path::new("/t/tool-venv/.installed-some-tool-1.2.3")
        );
    }
}
