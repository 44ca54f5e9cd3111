//! An OpenAPI 3.0 / 3.1 -> Rust SDK generator.
//!
//! Data flows one way: [`load`] -> [`overlay`] -> [`lower`] -> [`ir`] -> [`emit`] -> [`format`].
//! Each stage returns a plain value that tests can inspect or snapshot on its own.

pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
mod normalize31;
pub mod overlay;
pub mod positions;

use std::time::{Duration, Instant};

use serde::Deserialize;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use load::Source;

/// What the user chooses about the generated crate (spec/config.yaml for our SDK).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Cargo package name, e.g. `ringcentral-scim`.
    pub crate_name: String,
    pub crate_version: String,
    /// The client type, e.g. `RingCentral`.
    pub client_name: String,
    /// Add an empty `[workspace]` table so the crate builds on its own wherever it is written.
    #[serde(default)]
    pub standalone: bool,
    /// Files copied into the crate as they are (examples), relative to the crate root.
    #[serde(skip)]
    pub extra_files: Vec<File>,
    /// Markdown appended to the generated README (how to run the examples, for instance).
    #[serde(skip)]
    pub readme_appendix: Option<String>,
}

/// The document plus the overlays to apply to it, in order.
#[derive(Debug, Clone)]
pub struct Input {
    pub source: Source,
    pub overlays: Vec<Source>,
}

/// One file of the generated crate, relative to the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub contents: String,
}

#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub parse: Duration,
    pub lower: Duration,
    pub emit: Duration,
    pub format: Duration,
}

#[derive(Debug)]
pub struct Generated {
    pub api: ir::Api,
    pub files: Vec<File>,
    /// Warnings: what was degraded or ignored.
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Timings,
}

/// Generation stopped: at least one diagnostic is an error.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    fn one(diagnostic: Diagnostic) -> Self {
        Self {
            diagnostics: vec![diagnostic],
        }
    }
}

/// load + overlay: the document as openapiv3 sees it. Warnings about what an OpenAPI 3.1
/// document lost on the way to 3.0 are dropped here; [`lower_input`] and [`generate`] report them.
pub fn parse(input: &Input) -> Result<openapiv3::OpenAPI, Failure> {
    parse_with_warnings(input).map(|(doc, _)| doc)
}

fn parse_with_warnings(input: &Input) -> Result<(openapiv3::OpenAPI, Vec<Diagnostic>), Failure> {
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
    let doc = load::to_openapi(tree).map_err(|error| Failure {
        diagnostics: warnings.iter().cloned().chain([error]).collect(),
    })?;
    Ok((doc, warnings))
}

/// load + overlay + lower: the intermediate model, with warnings.
pub fn lower_input(input: &Input, config: &Config) -> Result<(ir::Api, Vec<Diagnostic>), Failure> {
    let (doc, warnings) = parse_with_warnings(input)?;
    lower_document(&doc, config, warnings)
}

fn lower_document(
    doc: &openapiv3::OpenAPI,
    config: &Config,
    earlier: Vec<Diagnostic>,
) -> Result<(ir::Api, Vec<Diagnostic>), Failure> {
    let mut diagnostics = Diagnostics { items: earlier };
    let api = lower::lower(
        doc,
        &lower::Reserved {
            client: &config.client_name,
        },
        &mut diagnostics,
    );
    if diagnostics.has_errors() {
        return Err(Failure {
            diagnostics: diagnostics.items,
        });
    }
    Ok((api, diagnostics.items))
}

/// The whole pipeline: the files of a standalone SDK crate.
pub fn generate(input: &Input, config: &Config) -> Result<Generated, Failure> {
    let mut timings = Timings::default();
    let started = Instant::now();
    let (doc, warnings) = parse_with_warnings(input)?;
    timings.parse = started.elapsed();

    let started = Instant::now();
    let (api, diagnostics) = lower_document(&doc, config, warnings)?;
    timings.lower = started.elapsed();

    let started = Instant::now();
    let emitted = emit::emit(&api, config);
    timings.emit = started.elapsed();

    let started = Instant::now();
    let files = format::format_files(emitted, &input.source.name).map_err(Failure::one)?;
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
        let mut mine: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| match &d.file {
                Some(file) => file == &source.name,
                None => is_main,
            })
            .cloned()
            .collect();
        positions::locate(&source.text, &mut mine);
        let mut located = mine.into_iter();
        for d in diagnostics.iter_mut().filter(|d| match &d.file {
            Some(file) => file == &source.name,
            None => is_main,
        }) {
            if let Some(found) = located.next() {
                d.position = found.position;
            }
        }
    }
}
