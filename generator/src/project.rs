//! The one reader of a project file (our `spec/config.yaml`): which document, which overlays,
//! what to call the crate, which files to copy in. xtask, the tests, the CLI and the fuzz
//! target all build their [`Config`] through here or through [`Config::new`].

use std::fs;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;

use crate::config::{Config, RuntimeMode};
use crate::diagnostics::Diagnostic;
use crate::files::File;
use crate::load::Source;
use crate::{Failure, Input};

/// A project file as written. Paths are relative to the file's folder.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    spec: String,
    #[serde(default)]
    overlays: Vec<String>,
    crate_name: String,
    crate_version: String,
    client_name: String,
    /// Files copied into the crate as they are, as `{path in the crate: path here}`.
    #[serde(default)]
    copy: IndexMap<String, String>,
    /// Hand-written modules, as `{module name: path here}`; each becomes `src/<name>.rs`.
    #[serde(default)]
    modules: IndexMap<String, String>,
    /// A Markdown file appended to the generated README.
    #[serde(default)]
    readme_appendix: Option<String>,
    #[serde(default = "yes")]
    keep_unknown_members: bool,
    #[serde(default)]
    strict: bool,
    /// A cargo feature per tag above this many operations (`never`: one crate, always).
    #[serde(default)]
    tag_features_above: Option<Threshold>,
    /// Alias repeated inline schemas above this many types (`never`: keep every one).
    #[serde(default)]
    merge_identical_types_above: Option<Threshold>,
    /// `copy` (default), or a Cargo.toml dependency value for the runtime crate.
    #[serde(default)]
    runtime: Option<String>,
}

/// `tag_features_above: 150` or `tag_features_above: never` (and the same for types).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Threshold {
    Count(usize),
    Never(Never),
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Never {
    Never,
}

impl Threshold {
    fn limit(self) -> Option<usize> {
        match self {
            Threshold::Count(n) => Some(n),
            Threshold::Never(Never::Never) => None,
        }
    }
}

fn yes() -> bool {
    true
}

/// A document, its overlays and the configuration: everything one generation needs.
#[derive(Debug, Clone)]
pub struct Project {
    /// The document and its overlays.
    pub input: Input,
    /// What to call the crate and what to put in it.
    pub config: Config,
    /// The files the project reads (for `cargo:rerun-if-changed`).
    pub sources: Vec<PathBuf>,
}

impl Project {
    /// Reads a project file and every file it names. Errors name the file they are about.
    pub fn load(path: &Path) -> Result<Project, Failure> {
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        // `spec/scim.yaml`, not an absolute path: messages and headers must not depend on
        // where the checkout lives.
        let shown_dir = dir
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        let shown = |relative: &str| match &shown_dir {
            Some(dir) => format!("{dir}/{relative}"),
            None => relative.to_owned(),
        };
        let config_name = shown(&path.file_name().map_or_else(
            || "config.yaml".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        ));
        let text = read(path, &config_name)?;
        let file: ProjectFile = serde_yaml::from_str(&text).map_err(|err| {
            let diagnostic = Diagnostic::error("", format!("not a valid project file: {err}"))
                .in_file(config_name.clone());
            Failure::one(match err.location() {
                Some(at) => diagnostic.at(at.line(), at.column()),
                None => diagnostic,
            })
        })?;
        if !crate::config::is_package_name(&file.crate_name) {
            return Err(Failure::one(
                Diagnostic::error(
                    "/crate_name",
                    format!(
                        "`{}` cannot name a crate: {}",
                        file.crate_name,
                        crate::config::PACKAGE_NAME_RULE
                    ),
                )
                .in_file(config_name),
            ));
        }
        let mut sources = vec![path.to_path_buf()];
        let mut source = |relative: &str| -> Result<Source, Failure> {
            let full = dir.join(relative);
            let text = read(&full, &shown(relative))?;
            sources.push(full);
            Ok(Source::new(shown(relative), text))
        };
        let document = source(&file.spec)?;
        let overlays = file
            .overlays
            .iter()
            .map(|o| source(o))
            .collect::<Result<Vec<_>, _>>()?;
        let mut extra_files = Vec::new();
        for (to, from) in &file.copy {
            extra_files.push(File {
                path: to.clone(),
                contents: source(from)?.text,
            });
        }
        let mut modules = Vec::new();
        for (name, from) in &file.modules {
            modules.push(File {
                path: name.clone(),
                contents: source(from)?.text,
            });
        }
        let readme_appendix = match &file.readme_appendix {
            Some(relative) => Some(source(relative)?.text),
            None => None,
        };
        let mut config = Config::new(file.crate_name, file.client_name);
        config.crate_version = file.crate_version;
        config.extra_files = extra_files;
        config.modules = modules;
        config.readme_appendix = readme_appendix;
        config.keep_unknown_members = file.keep_unknown_members;
        config.strict = file.strict;
        if let Some(threshold) = file.tag_features_above {
            config.tag_features_above = threshold.limit();
        }
        if let Some(threshold) = file.merge_identical_types_above {
            config.merge_identical_types_above = threshold.limit();
        }
        config.runtime = match file.runtime.as_deref() {
            None | Some("copy") => RuntimeMode::Copy,
            Some(dependency) => RuntimeMode::Dependency(dependency.to_owned()),
        };
        Ok(Project {
            input: Input {
                source: document,
                overlays,
            },
            config,
            sources,
        })
    }
}

/// The text of `path`, without a byte order mark (the project file is parsed as it is read).
fn read(path: &Path, shown: &str) -> Result<String, Failure> {
    fs::read_to_string(path)
        .map(crate::load::without_byte_order_mark)
        .map_err(|err| {
            Failure::one(Diagnostic::error("", format!("cannot read it: {err}")).in_file(shown))
        })
}
