//! Arbitrary bytes as an OpenAPI document (YAML, or JSON when it starts like JSON) through the
//! whole pipeline; then positions for whatever it reported. Any panic, overflow or hang is a bug.
//!
//! A line `#overlay` splits the input: the text after it is applied as an overlay document.

#![no_main]

use generator::{Config, Input, Source};
use libfuzzer_sys::fuzz_target;

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
    let config = Config {
        crate_name: "fuzzed".to_owned(),
        crate_version: "0.1.0".to_owned(),
        client_name: "Fuzzed".to_owned(),
        standalone: true,
        extra_files: Vec::new(),
    };
    let mut diagnostics = match generator::generate(&input, &config) {
        Ok(generated) => {
            assert!(!generated.files.is_empty(), "a generated crate has files");
            generated.diagnostics
        }
        Err(failure) => {
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
