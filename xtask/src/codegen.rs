//! `codegen` (spec/ -> generated/, or `--check` for drift) and `generate` (any document -> a crate).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use generator::{Config, File, Input, Severity, Source};
use serde::Deserialize;

use crate::project_root;

/// spec/config.yaml: where the document and overlays are, and what to call the crate.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecConfig {
    spec: String,
    #[serde(default)]
    overlays: Vec<String>,
    crate_name: String,
    crate_version: String,
    client_name: String,
    /// Files copied from spec/ into the crate (for example its examples), as `{to: from}`.
    #[serde(default)]
    copy: indexmap_free::Pairs,
    /// A Markdown file in spec/ appended to the generated README.
    #[serde(default)]
    readme_appendix: Option<String>,
}

/// A small ordered map for `copy:` without pulling indexmap into xtask.
mod indexmap_free {
    use serde::Deserialize;

    #[derive(Debug, Default)]
    pub struct Pairs(pub Vec<(String, String)>);

    impl<'de> Deserialize<'de> for Pairs {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let map = serde_yaml::Mapping::deserialize(deserializer)?;
            let mut pairs = Vec::new();
            for (key, value) in map {
                match (key.as_str(), value.as_str()) {
                    (Some(k), Some(v)) => pairs.push((k.to_owned(), v.to_owned())),
                    _ => {
                        return Err(serde::de::Error::custom(
                            "`copy` maps destination paths to source paths",
                        ));
                    }
                }
            }
            Ok(Pairs(pairs))
        }
    }
}

fn read_source(path: &Path, display: String) -> Result<Source> {
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Source::new(display, text))
}

/// Runs the pipeline and prints diagnostics as `file:line:col: severity: message (at #/pointer)`.
fn run(input: &Input, config: &Config) -> Result<generator::Generated> {
    match generator::generate(input, config) {
        Ok(generated) => {
            let mut warnings = generated.diagnostics.clone();
            report(input, &mut warnings);
            Ok(generated)
        }
        Err(failure) => {
            let mut diagnostics = failure.diagnostics;
            report(input, &mut diagnostics);
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            bail!(
                "{errors} error(s) in {}; nothing was written",
                input.source.name
            )
        }
    }
}

fn report(input: &Input, diagnostics: &mut [generator::Diagnostic]) {
    const SHOWN: usize = 50;
    if diagnostics.is_empty() {
        return;
    }
    // Errors first; positions only for what is shown, so a noisy document stays fast.
    diagnostics.sort_by_key(|d| std::cmp::Reverse(d.severity));
    let shown = diagnostics.len().min(SHOWN);
    generator::locate_input(input, &mut diagnostics[..shown]);
    for diagnostic in &diagnostics[..shown] {
        eprintln!("{}", diagnostic.render(&input.source.name));
    }
    if diagnostics.len() > shown {
        eprintln!("... and {} more", diagnostics.len() - shown);
    }
}

/// What writing (or checking) the files found.
#[derive(Default)]
struct Outcome {
    changed: Vec<String>,
}

fn sync(files: &[File], out_dir: &Path, check: bool) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    for file in files {
        let path = out_dir.join(&file.path);
        let current = fs::read_to_string(&path).ok();
        if current.as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        outcome.changed.push(file.path.clone());
        if !check {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            fs::write(&path, &file.contents)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    Ok(outcome)
}

/// Files under `dir` that carry our header but that this run did not generate: left over from
/// an older spec. We never delete them; we say so.
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
                if path.file_name().is_some_and(|n| n != "target") {
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
            let generated = fs::read_to_string(&path).is_ok_and(|text| {
                text.lines()
                    .next()
                    .is_some_and(|l| l.contains("Generated by `cargo xtask codegen`"))
            });
            if generated {
                found.push(relative);
            }
        }
    }
    found.sort();
    found
}

fn scim_input(root: &Path) -> Result<(Input, Config)> {
    let spec_dir = root.join("spec");
    let config_path = spec_dir.join("config.yaml");
    let text = fs::read_to_string(&config_path)
        .with_context(|| format!("cannot read {}", config_path.display()))?;
    let spec: SpecConfig = serde_yaml::from_str(&text)
        .with_context(|| format!("{} is not valid", config_path.display()))?;
    let source = read_source(&spec_dir.join(&spec.spec), format!("spec/{}", spec.spec))?;
    let overlays = spec
        .overlays
        .iter()
        .map(|o| read_source(&spec_dir.join(o), format!("spec/{o}")))
        .collect::<Result<Vec<_>>>()?;
    let extra_files = spec
        .copy
        .0
        .iter()
        .map(|(to, from)| {
            let contents = fs::read_to_string(spec_dir.join(from))
                .with_context(|| format!("cannot read spec/{from}"))?;
            Ok(File {
                path: to.clone(),
                contents,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let readme_appendix = match &spec.readme_appendix {
        Some(path) => Some(
            fs::read_to_string(spec_dir.join(path))
                .with_context(|| format!("cannot read spec/{path}"))?,
        ),
        None => None,
    };
    let config = Config {
        crate_name: spec.crate_name,
        crate_version: spec.crate_version,
        client_name: spec.client_name,
        standalone: false,
        extra_files,
        readme_appendix,
    };
    Ok((Input { source, overlays }, config))
}

pub fn codegen(args: &[String]) -> Result<()> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => bail!("usage: cargo xtask codegen [--check]"),
    };
    let root = project_root();
    let (input, config) = scim_input(&root)?;
    let generated = run(&input, &config)?;
    let out_dir = root.join("generated");
    let outcome = sync(&generated.files, &out_dir, check)?;
    let stale = leftovers(&out_dir, &generated.files);
    for path in &stale {
        eprintln!(
            "note: generated/{path} is no longer generated; delete it if nothing else uses it"
        );
    }
    let summary = format!(
        "{} operations, {} types, {} files, {} changed",
        generated.api.operation_count(),
        generated.api.types.len(),
        generated.files.len(),
        outcome.changed.len()
    );
    if check {
        if !outcome.changed.is_empty() || !stale.is_empty() {
            for path in outcome.changed.iter().chain(&stale) {
                eprintln!("stale: generated/{path}");
            }
            bail!("generated/ is out of date with spec/: run `cargo xtask codegen`");
        }
        println!("generated/ is up to date ({summary})");
    } else {
        println!("codegen: {summary}");
    }
    Ok(())
}

pub fn generate(args: &[String]) -> Result<()> {
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut client = None;
    let mut overlays = Vec::new();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let mut value = || {
            rest.next()
                .cloned()
                .with_context(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--spec" => spec = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--name" => name = Some(value()?),
            "--client" => client = Some(value()?),
            "--overlay" => overlays.push(PathBuf::from(value()?)),
            other => bail!(
                "unknown option {other}\nusage: cargo xtask generate --spec FILE --out DIR --name CRATE [--client NAME] [--overlay FILE]..."
            ),
        }
    }
    let (Some(spec), Some(out), Some(name)) = (spec, out, name) else {
        bail!(
            "usage: cargo xtask generate --spec FILE --out DIR --name CRATE [--client NAME] [--overlay FILE]..."
        );
    };
    let valid_name = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_name {
        bail!("--name must be a Cargo package name (letters, digits, `-`, `_`), got {name:?}");
    }
    let client = client.unwrap_or_else(|| generator::names::pascal(&format!("{name} client")));
    let input = Input {
        source: read_source(&spec, spec.display().to_string())?,
        overlays: overlays
            .iter()
            .map(|o| read_source(o, o.display().to_string()))
            .collect::<Result<_>>()?,
    };
    let config = Config {
        crate_name: name,
        crate_version: "0.1.0".into(),
        client_name: client,
        standalone: true,
        extra_files: Vec::new(),
        readme_appendix: None,
    };
    let generated = run(&input, &config)?;
    let outcome = sync(&generated.files, &out, false)?;
    println!(
        "generate: {} operations, {} types, {} files written to {} ({} changed)",
        generated.api.operation_count(),
        generated.api.types.len(),
        generated.files.len(),
        out.display(),
        outcome.changed.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn file(path: &str, contents: &str) -> File {
        File {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn check_reports_drift_and_writes_nothing() {
        let dir = scratch("check");
        fs::write(dir.join("a.rs"), "old").unwrap();
        let outcome = sync(&[file("a.rs", "new"), file("b/c.rs", "c")], &dir, true).unwrap();
        assert_eq!(outcome.changed, ["a.rs", "b/c.rs"]);
        assert_eq!(fs::read_to_string(dir.join("a.rs")).unwrap(), "old");
        assert!(!dir.join("b").exists());
    }

    #[test]
    fn write_touches_only_changed_generated_files_and_never_deletes() {
        let dir = scratch("write");
        fs::write(dir.join("same.rs"), "same").unwrap();
        fs::write(dir.join("mine.txt"), "not generated").unwrap();
        let stale = "// Generated by `cargo xtask codegen` from x.yaml. Do not edit.\n";
        fs::write(dir.join("old.rs"), stale).unwrap();
        let files = [file("same.rs", "same"), file("new.rs", "new")];
        let outcome = sync(&files, &dir, false).unwrap();
        assert_eq!(outcome.changed, ["new.rs"]);
        assert_eq!(fs::read_to_string(dir.join("new.rs")).unwrap(), "new");
        assert_eq!(
            fs::read_to_string(dir.join("mine.txt")).unwrap(),
            "not generated"
        );
        assert_eq!(
            leftovers(&dir, &files),
            ["old.rs"],
            "a stale generated file is reported"
        );
        assert!(dir.join("old.rs").exists(), "and never deleted");
    }
}
