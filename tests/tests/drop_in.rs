//! Our spec/scim.yaml must give the same public API as RingCentral's published document (plus
//! the same overlays), so the SDK is a drop-in for what users already read. Prose may differ.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

use serde_json::Value;
use tests::{corpus_dir, read_source, scim_config, scim_input};

/// The model minus prose: what remains is the API (operations, signatures, types, fields).
fn without_prose(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for key in ["docs", "summary", "description"] {
                map.remove(key);
            }
            map.values_mut().for_each(without_prose);
        }
        Value::Array(items) => items.iter_mut().for_each(without_prose),
        _ => {}
    }
}

fn public_api(input: &generator::Input) -> Value {
    let (api, _) = generator::lower_input(input, &scim_config()).expect("lowers");
    let mut value = serde_json::to_value(api).expect("serializes");
    without_prose(&mut value);
    // The title and version describe the document, not the API surface.
    if let Value::Object(map) = &mut value {
        map.remove("title");
        map.remove("version");
    }
    value
}

#[test]
fn vendor_document_gives_the_same_public_api() {
    let vendor = generator::Input {
        source: read_source(&corpus_dir().join("ringcentral-scim.yaml")),
        overlays: scim_input().overlays,
    };
    let ours = public_api(&scim_input());
    let theirs = public_api(&vendor);
    if ours != theirs {
        let ours = serde_json::to_string_pretty(&ours).unwrap_or_default();
        let theirs = serde_json::to_string_pretty(&theirs).unwrap_or_default();
        let first_difference = ours
            .lines()
            .zip(theirs.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let context = |text: &str| {
            text.lines()
                .skip(first_difference.saturating_sub(5))
                .take(12)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "public APIs differ near line {first_difference}:\n--- ours\n{}\n--- vendor\n{}",
            context(&ours),
            context(&theirs)
        );
    }
}

#[test]
fn vendor_document_generates_the_same_rust_signatures() {
    let vendor = generator::Input {
        source: read_source(&corpus_dir().join("ringcentral-scim.yaml")),
        overlays: scim_input().overlays,
    };
    let signatures = |input: &generator::Input| -> Vec<String> {
        let generated = tests::generate(input, &scim_config());
        generated
            .files
            .iter()
            .filter(|f| f.path.ends_with(".rs"))
            .flat_map(|f| {
                f.contents
                    .lines()
                    .map(str::trim)
                    .filter(|l| l.starts_with("pub "))
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    assert_eq!(signatures(&scim_input()), signatures(&vendor));
}
