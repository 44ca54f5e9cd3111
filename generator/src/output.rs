//! Writing a generation into a folder, or checking a folder against one: the one
//! implementation `cargo xtask codegen`, the CLI and the tests share.
//!
//! The rules, in the order they are applied:
//! - Files that do not start with a generator's notice are never overwritten, and a folder that
//!   holds files but no crate we generated is not written into, unless [`Output::force`]: the
//!   run stops before it writes anything and names the files.
//! - The previous generation's `api-manifest.json` is compared with the new one: what changed
//!   for the crate's callers, and the version that requires. A version too low stops the run
//!   before anything is written, naming the version needed and where to set it.
//! - CHANGELOG.md gets an entry for the new version; older entries are kept.
//! - Nothing is ever deleted: generated files this run no longer produces are reported.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use crate::api_diff::{self, ApiDiff, Impact, Version};
use crate::config::Config;
use crate::files::File;
use crate::format::is_generated;
use crate::manifest::{ApiManifest, MANIFEST_FILE};
use crate::{Generated, versioned_files};

/// The changelog the output module keeps beside the generated files.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

/// Where the crate's version comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionPolicy {
    /// `Config::crate_version`; a version too low for the changes stops the run.
    Configured {
        /// Where the user sets it, for the message: "`crate_version` in spec/config.yaml".
        origin: String,
    },
    /// The smallest version the changes allow, counted from the previous generation's (the
    /// configured one when there is none).
    Automatic,
}

/// Where and how to write.
#[derive(Debug, Clone)]
pub struct Output {
    /// The crate's folder.
    pub dir: PathBuf,
    /// Overwrite files the generator did not write, and write into a folder holding no
    /// generated crate.
    pub force: bool,
    /// How the version is chosen.
    pub version: VersionPolicy,
}

/// What a write (or a check that passed) did.
#[derive(Debug, Clone)]
pub struct Report {
    /// Files written (by a check: that would be written), relative to the folder.
    pub changed: Vec<String>,
    /// Files already as they should be.
    pub unchanged: usize,
    /// Files carrying a generator's notice that this generation does not produce; never
    /// deleted.
    pub leftovers: Vec<String>,
    /// The changes since the previous generation; `None` when there was none in the folder.
    pub diff: Option<ApiDiff>,
    /// The version the crate was generated with.
    pub version: String,
}

impl Report {
    /// What changed in the public API, one line per change, then the version; empty when
    /// nothing did. For the terminal.
    pub fn api_changes(&self) -> String {
        match &self.diff {
            Some(diff) if !diff.is_empty() || diff.old_version != diff.new_version => {
                let mut text = diff.report();
                if diff.old_version != diff.new_version {
                    text.push_str(&format!(
                        "version {} -> {}\n",
                        diff.old_version, diff.new_version
                    ));
                }
                text
            }
            Some(_) => String::new(),
            None => format!("first generation: version {}\n", self.version),
        }
    }
}

/// Why nothing was written (or why a check failed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputError {
    /// Writing would overwrite files the generator did not write.
    Refused {
        /// The folder.
        dir: PathBuf,
        /// Files (relative to it) that exist and carry no generator's notice; empty when the
        /// folder as a whole holds files but no generated crate.
        files: Vec<String>,
    },
    /// The changes need a higher version than the configured one.
    VersionTooLow {
        /// The version needed and where to set it.
        message: String,
        /// The changes, as [`ApiDiff::report`] words them.
        changes: String,
    },
    /// A check found files that differ from what the generation produces.
    Stale {
        /// The files, relative to the folder: changed, missing or left over.
        files: Vec<String>,
        /// Set when the changes also need a higher version than the configured one.
        version: Option<String>,
    },
    /// The previous generation's manifest cannot be read.
    Manifest(String),
    /// Reading or writing failed.
    Io(String),
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Refused { dir, files } if files.is_empty() => write!(
                f,
                "{} holds files but no crate made by this generator; nothing was written \
                 (choose a new or empty folder)",
                dir.display()
            ),
            OutputError::Refused { dir, files } => write!(
                f,
                "refusing to overwrite files in {} that the generator did not write: {}; \
                 nothing was written",
                dir.display(),
                files.join(", ")
            ),
            OutputError::VersionTooLow { message, .. } => {
                write!(f, "{message}; nothing was written")
            }
            OutputError::Stale { files, version } => match (files.is_empty(), version) {
                (true, Some(version)) => f.write_str(version),
                (_, None) => write!(f, "out of date: {}", files.join(", ")),
                (false, Some(version)) => {
                    write!(f, "out of date: {}; and {version}", files.join(", "))
                }
            },
            OutputError::Manifest(message) | OutputError::Io(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for OutputError {}

impl Output {
    /// Writes `generated` into the folder (see the module's rules).
    pub fn write(&self, generated: &Generated, config: &Config) -> Result<Report, OutputError> {
        write(generated, config, self)
    }

    /// Compares the folder with `generated` and writes nothing: an error naming every stale
    /// file, and the version needed when the changes need a higher one.
    pub fn check(&self, generated: &Generated, config: &Config) -> Result<Report, OutputError> {
        check(generated, config, self)
    }
}

fn write(generated: &Generated, config: &Config, output: &Output) -> Result<Report, OutputError> {
    let plan = plan(generated, config, output)?;
    if let Some(message) = plan.version_error {
        return Err(OutputError::VersionTooLow {
            message,
            changes: plan.diff.map(|d| d.report()).unwrap_or_default(),
        });
    }
    if !output.force {
        refuse_foreign(&output.dir, &plan.files)?;
    }
    let mut changed = Vec::new();
    let mut unchanged = 0;
    for file in &plan.files {
        let path = output.dir.join(&file.path);
        if read(&path).as_deref() == Some(file.contents.as_str()) {
            unchanged += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|err| io_error("create", parent, &err))?;
        }
        fs::write(&path, &file.contents).map_err(|err| io_error("write", &path, &err))?;
        changed.push(file.path.clone());
    }
    Ok(Report {
        changed,
        unchanged,
        leftovers: leftovers(&output.dir, &plan.files),
        diff: plan.diff,
        version: plan.version,
    })
}

fn check(generated: &Generated, config: &Config, output: &Output) -> Result<Report, OutputError> {
    let plan = plan(generated, config, output)?;
    let mut changed = Vec::new();
    let mut unchanged = 0;
    for file in &plan.files {
        if read(&output.dir.join(&file.path)).as_deref() == Some(file.contents.as_str()) {
            unchanged += 1;
        } else {
            changed.push(file.path.clone());
        }
    }
    let leftovers = leftovers(&output.dir, &plan.files);
    if !changed.is_empty() || !leftovers.is_empty() || plan.version_error.is_some() {
        let mut files = changed;
        files.extend(
            leftovers
                .iter()
                .map(|f| format!("{f} (no longer generated)")),
        );
        return Err(OutputError::Stale {
            files,
            version: plan.version_error,
        });
    }
    Ok(Report {
        changed,
        unchanged,
        leftovers,
        diff: plan.diff,
        version: plan.version,
    })
}

/// The files to write, the changes, and whether the version allows them.
struct Plan {
    files: Vec<File>,
    diff: Option<ApiDiff>,
    version: String,
    version_error: Option<String>,
}

fn plan(generated: &Generated, config: &Config, output: &Output) -> Result<Plan, OutputError> {
    let previous = previous_manifest(&output.dir, output.force)?;
    let mut config = config.clone();
    let mut files = generated.files.clone();
    if let (VersionPolicy::Automatic, Some(old)) = (&output.version, &previous) {
        let draft = ApiManifest::from_api(&generated.api, &config.crate_name, &old.crate_version);
        let impact = api_diff::diff(old, &draft).impact();
        let old_version = Version::parse(&old.crate_version)
            .map_err(|err| OutputError::Manifest(format!("{MANIFEST_FILE}: {err}")))?;
        let version = old_version.next(impact).to_string();
        if version != config.crate_version {
            config.crate_version = version;
            let restamped =
                versioned_files(generated, &config).map_err(|d| OutputError::Io(d.message))?;
            for new in restamped {
                if let Some(file) = files.iter_mut().find(|f| f.path == new.path) {
                    *file = new;
                }
            }
        }
    }
    let new = ApiManifest::from_api(&generated.api, &config.crate_name, &config.crate_version);
    let diff = previous.as_ref().map(|old| api_diff::diff(old, &new));
    let version_error = match (&output.version, &previous) {
        (VersionPolicy::Configured { origin }, Some(old)) => api_diff::check_version(old, &new)
            .err()
            .map(|message| format!("{message}: set it with {origin}")),
        _ => None,
    };
    let changelog = changelog(generated, &config, &output.dir, diff.as_ref());
    files.push(changelog);
    Ok(Plan {
        files,
        diff,
        version: config.crate_version,
        version_error,
    })
}

/// The previous generation's manifest; none for a first generation. An unreadable one stops
/// the run (the changes could not be told) unless `force`.
fn previous_manifest(dir: &Path, force: bool) -> Result<Option<ApiManifest>, OutputError> {
    let Some(text) = read(&dir.join(MANIFEST_FILE)) else {
        return Ok(None);
    };
    match ApiManifest::from_json(&text) {
        Ok(manifest) => Ok(Some(manifest)),
        Err(_) if force => Ok(None),
        Err(err) => Err(OutputError::Manifest(format!(
            "{} (force to write anyway, without a report of what changed)",
            err
        ))),
    }
}

/// CHANGELOG.md: the notice, the preamble, then an entry for this version on top of the
/// entries already there. An entry is added when the version changes, or for a first
/// generation; otherwise the file stays as it is, so regenerating is idempotent.
fn changelog(generated: &Generated, config: &Config, dir: &Path, diff: Option<&ApiDiff>) -> File {
    let version = &config.crate_version;
    // A file we did not write is not read: its text is not ours to carry on.
    let existing = read(&dir.join(CHANGELOG_FILE)).filter(|text| is_generated(text));
    let body = existing
        .as_deref()
        .map(|text| text.split_once('\n').map_or("", |(_, rest)| rest));
    let entry = match diff {
        Some(diff) if &diff.old_version != version => Some(diff.changelog_entry(version)),
        Some(diff) if diff.impact() != Impact::None => Some(diff.changelog_entry(version)),
        Some(_) if body.is_some() => None,
        Some(diff) => Some(diff.changelog_entry(version)),
        None => Some(format!(
            "## {version}\n\nFirst generated version: {} operations, {} types.\n",
            generated.api.operation_count(),
            generated.api.types.len()
        )),
    };
    let body = match entry {
        Some(entry) => api_diff::update_changelog(body, &entry),
        None => body.unwrap_or("").to_owned(),
    };
    File {
        path: CHANGELOG_FILE.to_owned(),
        contents: format!("<!-- {} -->\n{body}", generated.notice),
    }
}

/// Stops when a file to write exists and is not ours, or when the folder holds files but none
/// of the crate's.
fn refuse_foreign(dir: &Path, files: &[File]) -> Result<(), OutputError> {
    let mut foreign = Vec::new();
    let mut ours = 0;
    for file in files {
        let path = dir.join(&file.path);
        if !path.exists() {
            continue;
        }
        match read(&path) {
            Some(text) if text == file.contents || is_generated(&text) => ours += 1,
            _ => foreign.push(file.path.clone()),
        }
    }
    if !foreign.is_empty() {
        return Err(OutputError::Refused {
            dir: dir.to_path_buf(),
            files: foreign,
        });
    }
    if ours == 0 && holds_files(dir) {
        return Err(OutputError::Refused {
            dir: dir.to_path_buf(),
            files: Vec::new(),
        });
    }
    Ok(())
}

/// Whether the folder holds anything besides hidden entries (`.git`) and `target/`.
fn holds_files(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|entry| {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        !name.starts_with('.') && name != "target"
    })
}

/// Files below `dir` that carry a generator's notice but are not among `files`: left over
/// from an older document. Hidden folders and `target/` are not searched.
fn leftovers(dir: &Path, files: &[File]) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if !name.starts_with('.') && name != "target" {
                    stack.push(path);
                }
                continue;
            }
            let Ok(relative) = path.strip_prefix(dir) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if files.iter().any(|f| f.path == relative) {
                continue;
            }
            if read(&path).is_some_and(|text| is_generated(&text)) {
                found.push(relative);
            }
        }
    }
    found.sort();
    found
}

fn read(path: &Path) -> Option<String> {
    fs::read_to_string(path).ok()
}

fn io_error(what: &str, path: &Path, err: &std::io::Error) -> OutputError {
    OutputError::Io(format!("cannot {what} {}: {err}", path.display()))
}

#[cfg(test)]
mod tests;
