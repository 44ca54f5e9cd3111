//! Arbitrary bytes as an OpenAPI document (YAML, or JSON when it starts like JSON) through the
//! whole pipeline; then positions for whatever it reported. Any panic, overflow or hang is a bug,
//! and so is an "internal error" (emitted code that does not parse).
//!
//! A line `#overlay` splits the input: the text after it is applied as an overlay document.

#![no_main]

use std::sync::LazyLock;

use generator::{Config, Input, Source};
use libfuzzer_sys::fuzz_target;

/// The defaults every generation starts from (`Config::new`), standalone like `generate`.
static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    let mut config = Config::new("fuzzed", "Fuzzed");
    config.standalone = true;
    config
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split("\n#overlay\n");
    let document = parts.next().unwrap_or_default();
    let name = if document.trim_start().starts_with(['{', '[']) {
        "fuzz.json"
    } else {
        "fuzz.yaml"
    };
    let input = Input {
        source: Source::new(name, document),
        overlays: parts
            .enumerate()
            .map(|(i, overlay)| Source::new(format!("overlay{i}.yaml"), overlay))
            .collect(),
    };
    let mut diagnostics = match generator::generate(&input, &CONFIG) {
        Ok(generated) => {
            assert!(!generated.files.is_empty(), "a generated crate has files");
            generated.diagnostics
        }
        Err(failure) => {
            // Emitted code that does not parse is the generator's fault, never the document's.
            assert!(
                !failure
                    .diagnostics
                    .iter()
                    .any(|d| d.message.contains("internal error")),
                "{:?}",
                failure.diagnostics
            );
            assert!(
                failure
                    .diagnostics
                    .iter()
                    .any(|d| d.severity == generator::Severity::Error),
                "a failure carries at least one error: {:?}",
                failure.diagnostics
            );
            failure.diagnostics
        }
    };
    generator::locate(&input.source, &mut diagnostics);
    for diagnostic in &diagnostics {
        let _ = diagnostic.render(name);
    }
});
