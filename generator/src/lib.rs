//! An OpenAPI 3.0 / 3.1 -> Rust SDK generator.
//!
//! Data flows one way: load -> overlay -> lower -> IR -> emit -> format. Each stage returns a
//! plain value that tests can inspect or snapshot on its own; this module is the face that
//! runs them in order ([`generate`]) and the only public entry point besides the [`ir`].

mod config;
mod contract;
mod diagnostics;
mod emit;
mod files;
mod format;
pub mod ir;
mod load;
mod lower;
mod names;
mod normalize31;
mod overlay;
mod positions;
mod project;
mod text;

use std::fmt;
use std::time::{Duration, Instant};

pub use config::{Config, Layout, Producer, RuntimeMode, is_package_name};
pub use diagnostics::{Diagnostic, Severity};
pub use files::File;
pub use load::Source;
pub use names::pascal;
pub use project::Project;

/// The document plus the overlays to apply to it, in order.
#[derive(Debug, Clone)]
pub struct Input {
    /// The OpenAPI document.
    pub source: Source,
    /// Overlay documents, applied in order before anything else reads the document.
    pub overlays: Vec<Source>,
}

/// How long each stage took (the CLI prints them for big documents; the bench reads them).
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// load + overlay + deserialization.
    pub parse: Duration,
    /// openapiv3 -> IR.
    pub lower: Duration,
    /// IR -> tokens.
    pub emit: Duration,
    /// tokens -> text.
    pub format: Duration,
}

/// A successful generation.
#[derive(Debug)]
pub struct Generated {
    /// The intermediate model the files were emitted from.
    pub api: ir::Api,
    /// Every file of the crate, relative to its root.
    pub files: Vec<File>,
    /// Warnings: what was degraded or ignored.
    pub diagnostics: Vec<Diagnostic>,
    /// Time spent per stage.
    pub timings: Timings,
}

/// Generation stopped: at least one diagnostic is an error.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Every finding, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    pub(crate) fn one(diagnostic: Diagnostic) -> Self {
        Self {
            diagnostics: vec![diagnostic],
        }
    }

    /// The errors (not the warnings) among the diagnostics.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for Failure {
    /// One line per error; positions appear once [`locate_input`] has added them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut errors = self.errors().peekable();
        if errors.peek().is_none() {
            return f.write_str("generation failed");
        }
        let mut first = true;
        for error in errors {
            if !first {
                f.write_str("\n")?;
            }
            first = false;
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

/// load + overlay + normalize: the document as openapiv3 sees it, with the warnings about
/// what an OpenAPI 3.1 document lost on the way to the 3.0 shape.
fn parse(input: &Input) -> Result<(openapiv3::OpenAPI, Vec<Diagnostic>), Failure> {
    let mut tree = load::parse_tree(&input.source).map_err(Failure::one)?;
    let version = load::check_version(&tree).map_err(Failure::one)?;
    for overlay_source in &input.overlays {
        let overlay_tree = load::parse_tree(overlay_source).map_err(|mut d| {
            d.file = Some(overlay_source.name.clone());
            Failure::one(d)
        })?;
        let overlay: overlay::Overlay = serde_json::from_value(overlay_tree).map_err(|err| {
            Failure::one(
                Diagnostic::error("", format!("not an overlay document: {err}"))
                    .in_file(overlay_source.name.clone()),
            )
        })?;
        overlay::apply(&mut tree, &overlay, &overlay_source.name).map_err(Failure::one)?;
    }
    // After the overlays: they are written against the vendor's document as published.
    let warnings = match version {
        load::Version::V30 => normalize31::type_lists_in_30(&mut tree),
        load::Version::V31 => normalize31::normalize(&mut tree),
    };
    load::wrap_annotated_refs(&mut tree);
    let doc = load::to_openapi(tree).map_err(|error| Failure {
        diagnostics: warnings.iter().cloned().chain([error]).collect(),
    })?;
    Ok((doc, warnings))
}

/// load + overlay + lower: the intermediate model, with warnings.
pub fn lower_input(input: &Input, config: &Config) -> Result<(ir::Api, Vec<Diagnostic>), Failure> {
    let (doc, warnings) = parse(input)?;
    lower_document(&doc, config, warnings)
}

fn lower_document(
    doc: &openapiv3::OpenAPI,
    config: &Config,
    earlier: Vec<Diagnostic>,
) -> Result<(ir::Api, Vec<Diagnostic>), Failure> {
    // Before lowering, which reserves the client's name.
    config
        .check_names()
        .map_err(|problem| Failure::one(Diagnostic::error("", problem).in_file("configuration")))?;
    let mut diagnostics = diagnostics::Diagnostics { items: earlier };
    let api = lower::lower(doc, config, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(Failure {
            diagnostics: diagnostics.items,
        });
    }
    Ok((api, diagnostics.items))
}

/// The whole pipeline: the files of an SDK crate.
pub fn generate(input: &Input, config: &Config) -> Result<Generated, Failure> {
    let mut timings = Timings::default();
    let started = Instant::now();
    let (doc, warnings) = parse(input)?;
    timings.parse = started.elapsed();

    let started = Instant::now();
    let (api, diagnostics) = lower_document(&doc, config, warnings)?;
    timings.lower = started.elapsed();

    let started = Instant::now();
    let emitted = emit::emit(&api, config);
    timings.emit = started.elapsed();

    let started = Instant::now();
    let files = format::format_files(emitted, &input.source.name, &config.producer)
        .map_err(Failure::one)?;
    timings.format = started.elapsed();
    Ok(Generated {
        api,
        files,
        diagnostics,
        timings,
    })
}

/// Adds line and column to diagnostics that lack them, reading the document's text once.
pub fn locate(source: &Source, diagnostics: &mut [Diagnostic]) {
    positions::locate(&source.text, diagnostics);
}

/// Like [`locate`], but each diagnostic is looked up in the file it is about (the document or
/// one of the overlays).
pub fn locate_input(input: &Input, diagnostics: &mut [Diagnostic]) {
    for source in std::iter::once(&input.source).chain(&input.overlays) {
        let is_main = std::ptr::eq(source, &input.source);
        let belongs = |d: &Diagnostic| match &d.file {
            Some(file) => file == &source.name,
            None => is_main,
        };
        let mut mine: Vec<Diagnostic> =
            diagnostics.iter().filter(|d| belongs(d)).cloned().collect();
        positions::locate(&source.text, &mut mine);
        let mut located = mine.into_iter();
        for d in diagnostics.iter_mut().filter(|d| belongs(d)) {
            if let Some(found) = located.next() {
                d.position = found.position;
            }
        }
    }
}
