//! The generator as a build-script library: an SDK generated at build time into `OUT_DIR` as
//! one module to `include!`, regenerated whenever the document or an overlay changes.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::{Config, Layout, Producer};
use crate::load::Source;
use crate::{Input, bundle, render_diagnostics};

/// How many diagnostics are printed as cargo warnings.
const SHOWN_DIAGNOSTICS: usize = 50;

/// Generates an SDK module from a build script.
///
/// In `build.rs` (with `generator` in `[build-dependencies]`, and in `[dependencies]` and
/// `[features]` what the Cargo.toml of a generated crate lists: `sdkgen generate` writes one to
/// copy from):
///
/// ```no_run
/// fn main() -> Result<(), generator::BuildError> {
///     generator::Builder::new("openapi.yaml")
///         .overlay("fix.yaml")
///         .module_name("petstore")
///         .client_name("Petstore")
///         .generate()?;
///     Ok(())
/// }
/// ```
///
/// and in the crate (shown as text: a doctest has no build script to generate the module):
///
/// ```text
/// mod petstore {
///     include!(concat!(env!("OUT_DIR"), "/petstore.rs"));
/// }
///
/// let client = petstore::Petstore::builder().build()?;
/// ```
///
/// It prints `cargo:rerun-if-changed=` for the document and every overlay, and each
/// diagnostic, located (`file:line:col: warning: ...`), as a `cargo:warning=` line. Paths are
/// relative to the package (where cargo runs build scripts).
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    overlays: Vec<PathBuf>,
    module_name: Option<String>,
    client_name: Option<String>,
    strict: bool,
    keep_unknown_members: bool,
    out_dir: Option<PathBuf>,
}

/// Why a build script could not generate its module.
#[derive(Clone, PartialEq, Eq)]
pub struct BuildError {
    /// What went wrong, in one sentence.
    pub message: String,
    /// The diagnostics, located and rendered, errors first.
    pub diagnostics: Vec<String>,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        for line in &self.diagnostics {
            write!(f, "\n{line}")?;
        }
        Ok(())
    }
}

/// The same as `Display`: `fn main() -> Result<(), BuildError>` prints errors with `Debug`, and
/// a build log should read like the terminal.
impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for BuildError {}

fn error(message: impl Into<String>) -> BuildError {
    BuildError {
        message: message.into(),
        diagnostics: Vec::new(),
    }
}

impl Builder {
    /// A builder for the document at `spec` (YAML or JSON).
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Self {
            spec: spec.into(),
            overlays: Vec::new(),
            module_name: None,
            client_name: None,
            strict: false,
            keep_unknown_members: true,
            out_dir: None,
        }
    }

    /// Applies an overlay to the document before generation; overlays apply in the order given.
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Self {
        self.overlays.push(path.into());
        self
    }

    /// The file name in `OUT_DIR` (`<name>.rs`), and the module name the docs use. Default:
    /// the document's file name in snake case (`pet-store.yaml` -> `pet_store`).
    pub fn module_name(mut self, name: impl Into<String>) -> Self {
        self.module_name = Some(name.into());
        self
    }

    /// The client type. Default: the module name in PascalCase plus `Client`.
    pub fn client_name(mut self, name: impl Into<String>) -> Self {
        self.client_name = Some(name.into());
        self
    }

    /// Turns what would be degraded with a warning (an unresolvable `$ref`) into an error.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Whether object types keep the members their schema does not declare (default: yes).
    pub fn keep_unknown_members(mut self, keep: bool) -> Self {
        self.keep_unknown_members = keep;
        self
    }

    /// Where to write instead of `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Generates, writes `<out dir>/<module>.rs` (only when its text changed, so that an
    /// unchanged document does not rebuild the crate), prints the cargo directives, and returns
    /// the file's path.
    pub fn generate(self) -> Result<PathBuf, BuildError> {
        self.generate_to(&mut std::io::stdout())
    }

    /// [`Builder::generate`], with the cargo directives written to `directives`.
    pub fn generate_to(self, directives: &mut impl Write) -> Result<PathBuf, BuildError> {
        let printed = |directives: &mut dyn Write, line: String| {
            writeln!(directives, "{line}")
                .map_err(|err| error(format!("cannot print cargo directives: {err}")))
        };
        for path in std::iter::once(&self.spec).chain(&self.overlays) {
            printed(
                directives,
                format!("cargo:rerun-if-changed={}", path.display()),
            )?;
        }
        let module = match &self.module_name {
            Some(name) => name.clone(),
            None => default_module_name(&self.spec),
        };
        if !is_module_name(&module) {
            return Err(error(format!(
                "module name {module:?} is not a Rust identifier (letters, digits, `_`)"
            )));
        }
        let out_dir = match (&self.out_dir, std::env::var_os("OUT_DIR")) {
            (Some(dir), _) => dir.clone(),
            (None, Some(dir)) => PathBuf::from(dir),
            (None, None) => {
                return Err(error(
                    "OUT_DIR is not set: call the builder from a build script, or give out_dir(..)",
                ));
            }
        };
        let input = Input {
            source: read(&self.spec)?,
            overlays: self
                .overlays
                .iter()
                .map(|path| read(path))
                .collect::<Result<_, _>>()?,
        };
        let client = self
            .client_name
            .clone()
            .unwrap_or_else(|| crate::names::pascal(&format!("{module} client")));
        let mut config = Config::new(module.clone(), client);
        config.layout = Layout::Module;
        config.producer = Producer::BuildScript;
        config.strict = self.strict;
        config.keep_unknown_members = self.keep_unknown_members;

        let generated = match crate::generate(&input, &config) {
            Ok(generated) => generated,
            Err(failure) => {
                let diagnostics =
                    render_diagnostics(&input, &failure.diagnostics, SHOWN_DIAGNOSTICS);
                for line in &diagnostics {
                    printed(directives, format!("cargo:warning={line}"))?;
                }
                return Err(BuildError {
                    message: format!(
                        "{} error(s) in {}; no module was generated",
                        failure.errors().count(),
                        input.source.name
                    ),
                    diagnostics,
                });
            }
        };
        for line in render_diagnostics(&input, &generated.diagnostics, SHOWN_DIAGNOSTICS) {
            printed(directives, format!("cargo:warning={line}"))?;
        }
        let first_lines = [
            generated.notice.clone(),
            Producer::BuildScript.regenerate(),
            format!(
                "Include it with `mod {module} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\")); }}`."
            ),
        ];
        let text = bundle::bundle(&generated.files, &first_lines).map_err(|d| BuildError {
            message: d.message,
            diagnostics: Vec::new(),
        })?;
        let path = out_dir.join(format!("{module}.rs"));
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            fs::create_dir_all(&out_dir)
                .and_then(|()| fs::write(&path, text))
                .map_err(|err| error(format!("cannot write {}: {err}", path.display())))?;
        }
        Ok(path)
    }
}

fn read(path: &Path) -> Result<Source, BuildError> {
    fs::read_to_string(path)
        .map(|text| Source::new(path.display().to_string(), text))
        .map_err(|err| error(format!("cannot read {}: {err}", path.display())))
}

/// The document's file name without extension, as a module name.
fn default_module_name(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api_{name}")
    }
}

fn is_module_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
}

#[cfg(test)]
mod tests;
