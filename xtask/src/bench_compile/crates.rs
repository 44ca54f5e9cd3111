//! Getting the documents and writing the two crates for each: ours and OpenAPI Generator's.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};
use generator::{Config, Input, ir::Api};

use super::report::Role;
use crate::codegen;
use crate::venv::{PipTool, run, tail_lines};

/// OpenAPI Generator's Python wrapper, which bundles the generator's jar; it needs Java.
const OPENAPI_GENERATOR: PipTool = PipTool {
    package: "openapi-generator-cli",
    version: "7.26.0",
    venv: "openapi-generator-venv",
    min_python: (3, 10),
    needed_by: "the compile benchmarks",
};
/// The npm package that carries GitHub's REST description.
const OCTOKIT_OPENAPI: &str = "@octokit/openapi@23.0.2";
/// The description inside that package.
const GITHUB_DOC: &str = "package/generated/api.github.com.json";
/// OpenAPI Generator's output, in the directory it generates into.
pub const OAG_LOG: &str = "openapi-generator.log";
/// How many lines of a failing tool's output an error shows.
const ERROR_LOG_LINES: usize = 40;

/// Where a document comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A file of the spec corpus.
    Corpus(&'static str),
    /// GitHub's description, from the `@octokit/openapi` npm package.
    GitHub,
}

/// The path of a document, downloading GitHub's on first use.
pub fn document(origin: Origin, root: &Path, bench: &Path) -> Result<PathBuf> {
    match origin {
        Origin::Corpus(file) => {
            let corpus = std::env::var_os("OPENAPI_CORPUS")
                .map(PathBuf::from)
                .unwrap_or_else(|| root.join("../shared/specs"));
            let path = corpus.join(file);
            if !path.is_file() {
                bail!(
                    "the document {} is missing (set OPENAPI_CORPUS to the spec corpus folder)",
                    path.display()
                );
            }
            Ok(path)
        }
        Origin::GitHub => github_document(&bench.join("docs")),
    }
}

/// `npm pack`s the pinned `@octokit/openapi` into its own folder under `docs` and unpacks it.
fn github_document(docs: &Path) -> Result<PathBuf> {
    let folder = docs.join(
        OCTOKIT_OPENAPI
            .trim_start_matches('@')
            .replace(['/', '@'], "-"),
    );
    let path = folder.join(GITHUB_DOC);
    if path.is_file() {
        return Ok(path);
    }
    fs::create_dir_all(&folder).with_context(|| format!("cannot create {}", folder.display()))?;
    eprintln!("==> npm pack {OCTOKIT_OPENAPI} (into {})", folder.display());
    let out = run(Command::new("npm")
        .args(["pack", OCTOKIT_OPENAPI])
        .current_dir(&folder))
    .with_context(|| format!("cannot run `npm pack {OCTOKIT_OPENAPI}`; is npm installed?"))?;
    if !out.status.success() {
        bail!(
            "`npm pack {OCTOKIT_OPENAPI}` in {} failed ({}):\n{}",
            folder.display(),
            out.status,
            tail_lines(&String::from_utf8_lossy(&out.stderr), ERROR_LOG_LINES)
        );
    }
    // npm prints the tarball's file name as the last line of its standard output.
    let stdout = String::from_utf8_lossy(&out.stdout);
    let Some(tarball) = stdout.lines().map(str::trim).rfind(|l| !l.is_empty()) else {
        bail!("`npm pack {OCTOKIT_OPENAPI}` did not print the tarball's name");
    };
    let out = run(Command::new("tar")
        .arg("xzf")
        .arg(tarball)
        .current_dir(&folder))
    .context("cannot run `tar`")?;
    if !out.status.success() {
        bail!(
            "`tar xzf {tarball}` in {} failed ({}):\n{}",
            folder.display(),
            out.status,
            tail_lines(&String::from_utf8_lossy(&out.stderr), ERROR_LOG_LINES)
        );
    }
    if !path.is_file() {
        bail!("{tarball} (from `npm pack {OCTOKIT_OPENAPI}`) has no {GITHUB_DOC}",);
    }
    Ok(path)
}

/// Removes `dir` if it exists and creates it empty.
pub fn fresh_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("cannot remove {}", dir.display()))?;
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
}

/// Generates our crate `name` from `spec` into `dir`, beside a copy of the workspace lock file.
pub fn generate_ours(spec: &Path, dir: &Path, name: &str, lockfile: &Path) -> Result<Api> {
    let input = Input {
        source: codegen::read_source(spec)?,
        overlays: Vec::new(),
    };
    let mut config = Config::new(name, generator::pascal(&format!("{name} client")));
    config.standalone = true;
    let generated = codegen::run(&input, &config)?;
    // `dir` was just emptied: plain writes, no safe-output checks needed.
    for file in &generated.files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, &file.contents)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let lock_copy = dir.join("Cargo.lock");
    fs::copy(lockfile, &lock_copy).with_context(|| {
        format!(
            "cannot copy {} to {}",
            lockfile.display(),
            lock_copy.display()
        )
    })?;
    Ok(generated.api)
}

/// Installs OpenAPI Generator if needed and checks that Java, which it runs on, is there.
pub fn openapi_generator(target: &Path) -> Result<PathBuf> {
    let exe = OPENAPI_GENERATOR.ensure_installed(target)?;
    let java = run(Command::new("java").arg("-version"));
    if !java.is_ok_and(|out| out.status.success()) {
        bail!(
            "`java -version` failed: OpenAPI Generator ({}) needs a Java runtime (11 or newer) on PATH",
            exe.display()
        );
    }
    Ok(exe)
}

/// Runs OpenAPI Generator's `rust` generator into `dir` (output in [`OAG_LOG`] there) and makes
/// the crate build on its own inside our target directory.
pub fn generate_oag(exe: &Path, spec: &Path, dir: &Path, package: &str) -> Result<()> {
    let log_path = dir.join(OAG_LOG);
    let log =
        File::create(&log_path).with_context(|| format!("cannot create {}", log_path.display()))?;
    let err = log
        .try_clone()
        .with_context(|| format!("cannot duplicate the handle of {}", log_path.display()))?;
    // A fixed version: by default it derives one from `info.version`, and for a version such as
    // `beta` (Docker Hub's) it writes `version = "beta.0.0"`, which cargo refuses to parse.
    let property = format!("--additional-properties=packageName={package},packageVersion=0.1.0");
    let status = Command::new(exe)
        .arg("generate")
        .arg("-i")
        .arg(spec)
        .args(["-g", "rust", "-o"])
        .arg(dir)
        .arg(&property)
        .arg("--skip-validate-spec")
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(err)
        .status()
        .with_context(|| format!("cannot run {}", exe.display()))?;
    if !status.success() {
        let text = fs::read(&log_path).unwrap_or_default();
        bail!(
            "`{} generate -i {} -g rust -o {} {property} --skip-validate-spec` failed ({status}); log {} ends with:\n{}",
            exe.display(),
            spec.display(),
            dir.display(),
            log_path.display(),
            tail_lines(&String::from_utf8_lossy(&text), ERROR_LOG_LINES)
        );
    }
    let manifest = dir.join("Cargo.toml");
    let mut text = fs::read_to_string(&manifest).with_context(|| {
        format!(
            "OpenAPI Generator wrote no readable {} (log: {})",
            manifest.display(),
            log_path.display()
        )
    })?;
    text.push_str("\n[workspace]\n");
    fs::write(&manifest, text).with_context(|| format!("cannot write {}", manifest.display()))
}

/// All lines of the `.rs` files under `src`, recursively.
pub fn rust_lines(src: &Path) -> Result<usize> {
    let mut lines = 0;
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries =
            fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?;
        for entry in entries {
            let path = entry
                .with_context(|| format!("cannot list {}", dir.display()))?
                .path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                lines += text.lines().count();
            }
        }
    }
    Ok(lines)
}

/// The tags to measure alone, from `(feature, operations)` per service: the one with the most
/// operations and the one with the median number (the lower median), each once. Ties go to the
/// first name in alphabetical order, so the choice does not depend on document order.
pub fn pick_tags(services: &[(String, usize)]) -> Vec<(Role, String, usize)> {
    let mut per_feature: BTreeMap<&str, usize> = BTreeMap::new();
    for (feature, operations) in services {
        *per_feature.entry(feature).or_default() += operations;
    }
    let mut sorted: Vec<(&str, usize)> = per_feature.into_iter().collect();
    // Ascending by operations, then by name (the map is already in name order; the sort is stable).
    sorted.sort_by_key(|&(_, operations)| operations);
    let Some(&(_, max)) = sorted.last() else {
        return Vec::new();
    };
    // The first name among those with the most operations.
    let Some(&(most_name, most_ops)) = sorted.iter().find(|&&(_, ops)| ops == max) else {
        return Vec::new();
    };
    let mut picked = vec![(Role::Largest, most_name.to_owned(), most_ops)];
    let (median_name, median_ops) = sorted[(sorted.len() - 1) / 2];
    if median_name != most_name {
        picked.push((Role::Median, median_name.to_owned(), median_ops));
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn services(list: &[(&str, usize)]) -> Vec<(String, usize)> {
        list.iter().map(|&(f, n)| (f.to_owned(), n)).collect()
    }

    #[test]
    fn picks_the_largest_and_the_median_tag() {
        let picked = pick_tags(&services(&[
            ("a", 3),
            ("b", 40),
            ("c", 1),
            ("d", 7),
            ("e", 5),
        ]));
        assert_eq!(
            picked,
            [
                (Role::Largest, "b".to_owned(), 40),
                (Role::Median, "e".to_owned(), 5)
            ]
        );
    }

    #[test]
    fn even_counts_take_the_lower_median_and_ties_the_first_name() {
        let picked = pick_tags(&services(&[("z", 9), ("y", 2), ("x", 9), ("w", 4)]));
        assert_eq!(
            picked,
            [
                (Role::Largest, "x".to_owned(), 9),
                (Role::Median, "w".to_owned(), 4)
            ]
        );
    }

    #[test]
    fn one_tag_is_measured_once_and_no_tag_not_at_all() {
        assert_eq!(
            pick_tags(&services(&[("only", 12)])),
            [(Role::Largest, "only".to_owned(), 12)]
        );
        assert_eq!(pick_tags(&[]), []);
    }

    #[test]
    fn services_sharing_a_feature_add_up() {
        let picked = pick_tags(&services(&[("a", 3), ("b", 2), ("b", 2)]));
        assert_eq!(picked[0], (Role::Largest, "b".to_owned(), 4));
        assert_eq!(picked[1], (Role::Median, "a".to_owned(), 3));
    }

    #[test]
    fn counts_lines_of_rust_files_recursively() {
        let dir = std::env::temp_dir().join(format!("bench-lines-{}", std::process::id()));
        fresh_dir(&dir).unwrap();
        fs::create_dir(dir.join("sub")).unwrap();
        fs::write(dir.join("lib.rs"), "a\nb\n").unwrap();
        fs::write(dir.join("sub/m.rs"), "c\n\nd").unwrap();
        fs::write(dir.join("sub/notes.md"), "x\ny\n").unwrap();
        assert_eq!(rust_lines(&dir).unwrap(), 5);
        fs::remove_dir_all(&dir).unwrap();
        assert!(rust_lines(&dir).is_err());
    }
}
