//! `tests/examples.rs`: one test per example of the document, each one line calling a helper
//! with the example's JSON; and the literal a method's doc example passes for a parameter.
//! Everything (type, expectation, name) is decided in `Api::examples`.
//!
//! The file is written as text, not laid out by prettyplease: it is all alike, and a document
//! like Okta's has 2,000 examples (a megabyte of JSON) that syn would parse back for nothing.

use std::fmt::Write;

use serde_json::Value;

use super::docs::doc_lines;
use crate::config::{Config, Layout};
use crate::ir::{Api, Example, Expectation, Param, Spelling, TypeRef};
use crate::text::code;

/// The file's docs: what is compared, and how.
const DOCS: &str = r##"//! Every example the API document gives, decoded into the type the SDK has for it and encoded
//! back: one test each, named after where the document gives it.
//!
//! What comes back is compared with what is expected up to:
//! - the order of members in objects;
//! - how a number is spelled: `1` and `1.0` are equal;
//! - members a type fills in with their default when absent: such an example is expected to
//!   come back with the defaults added;
//! - a member that is `null` where its schema does not allow null: the SDK reads it as absent,
//!   so it is expected to come back absent.
//!
//! An example that does not validate against its own schema, or that the SDK does not give
//! back as it is, says so in its test's docs, and the test asserts what does happen.
"##;

/// Decoding and comparing with what is expected, for examples that decode.
const COMES_BACK_AS: &str = r##"
/// Decodes `json` as `T`, encodes the value again and expects `expected` back.
#[track_caller]
fn comes_back_as<T: DeserializeOwned + Serialize>(json: &str, expected: &str) {
    let value: T = match serde_json::from_str(json) {
        Ok(value) => value,
        Err(err) => panic!("does not decode: {err}"),
    };
    let encoded = match serde_json::to_string(&value) {
        Ok(encoded) => encoded,
        Err(err) => panic!("does not encode: {err}"),
    };
    // Through text, as a request body goes: an `f32` keeps its shortest spelling.
    let back: Value = match serde_json::from_str(&encoded) {
        Ok(back) => back,
        Err(err) => panic!("encodes to JSON that does not parse: {err}"),
    };
    let expected: Value = match serde_json::from_str(expected) {
        Ok(expected) => expected,
        Err(err) => panic!("the expected JSON does not parse: {err}"),
    };
    assert!(same(&back, &expected), "comes back as\n{back}\ninstead of\n{expected}");
}

/// Equal JSON, up to member order and the spelling of numbers.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter().all(|(key, value)| y.get(key).is_some_and(|other| same(value, other)))
        }
        _ => a == b,
    }
}
"##;

/// For examples that come back exactly.
const ROUND_TRIPS: &str = r##"
/// Decodes `json` as `T` and expects the same JSON back.
#[track_caller]
fn round_trips<T: DeserializeOwned + Serialize>(json: &str) {
    comes_back_as::<T>(json, json);
}
"##;

/// For examples that do not decode.
const REJECTS: &str = r##"
/// Expects `json` not to decode as `T`.
#[track_caller]
fn rejects<T: DeserializeOwned>(json: &str) {
    assert!(serde_json::from_str::<T>(json).is_err(), "decodes, but was expected not to");
}
"##;

/// The file, when the document has examples and the SDK is a crate of its own (a module for a
/// build script has no `tests/`). Only the helpers the tests call are written: the generated
/// crate's tests pass clippy with warnings denied, dead code included.
pub(crate) fn examples_file(api: &Api, config: &Config) -> Option<String> {
    if api.examples.is_empty() || config.layout != Layout::Crate {
        return None;
    }
    let uses =
        |wanted: fn(&Expectation) -> bool| api.examples.iter().any(|e| wanted(&e.expectation));
    let round_trips = uses(|e| matches!(e, Expectation::RoundTrip));
    let decodes = uses(|e| !matches!(e, Expectation::Rejected { .. }));
    let rejects = uses(|e| matches!(e, Expectation::Rejected { .. }));
    let mut text = String::from(DOCS);
    if !api.features.is_empty() {
        // The examples reach models of every service; a build with fewer features has no
        // tests here rather than a broken test target.
        text.push_str("#![cfg(feature = \"full\")]\n");
    }
    if api.types.iter().any(|t| t.deprecated) {
        text.push_str(
            "#![allow(deprecated, reason = \"the document's examples cover its deprecated schemas too\")]\n",
        );
    }
    text.push('\n');
    if decodes {
        text.push_str("use serde::Serialize;\n");
    }
    text.push_str("use serde::de::DeserializeOwned;\n");
    if decodes {
        text.push_str("use serde_json::Value;\n");
        text.push_str(COMES_BACK_AS);
    }
    if round_trips {
        text.push_str(ROUND_TRIPS);
    }
    if rejects {
        text.push_str(REJECTS);
    }
    let krate = config.crate_ident();
    for example in &api.examples {
        test(&mut text, example, &krate);
    }
    Some(text)
}

fn test(out: &mut String, example: &Example, krate: &str) {
    let mut ty = test_type(&example.ty, krate);
    if example.nullable {
        ty = format!("Option<{ty}>");
    }
    let json = raw_string(&example.json);
    let call = match &example.expectation {
        Expectation::RoundTrip => format!("round_trips::<{ty}>({json});"),
        Expectation::Normalized { json: back, .. } | Expectation::Changed { json: back, .. } => {
            format!("comes_back_as::<{ty}>({json}, {});", raw_string(back))
        }
        Expectation::Rejected { .. } => format!("rejects::<{ty}>({json});"),
    };
    out.push('\n');
    for line in doc_lines(&test_docs(example)) {
        if line.is_empty() {
            out.push_str("///\n");
        } else {
            let _ = writeln!(out, "/// {line}");
        }
    }
    let _ = writeln!(
        out,
        "#[test]\nfn {}() {{\n    {call}\n}}",
        example.test_name
    );
}

/// Where the example is, and what the test expects when that is not simply "it comes back".
fn test_docs(example: &Example) -> String {
    let mut text = format!("`#{}`", code(&example.pointer));
    if let Some(value) = &example.value_pointer {
        text.push_str(&format!(", whose value is `#{}`", code(value)));
    }
    text.push('.');
    if !example.violations.is_empty() {
        text.push_str(&format!(
            "\n\nIt does not validate against its schema: {}.",
            listed(&example.violations)
        ));
    }
    match &example.expectation {
        Expectation::RoundTrip => {}
        Expectation::Normalized { normalizations, .. } => {
            text.push_str(&format!(
                "\n\nIt comes back normalized: {}.",
                listed(normalizations)
            ));
        }
        Expectation::Changed { changes, .. } => {
            text.push_str(&format!("\n\nIt comes back changed: {}.", listed(changes)));
        }
        Expectation::Rejected { reason } => {
            text.push_str(&format!("\n\nIt does not decode: {reason}."));
        }
    }
    text
}

/// The first findings of a list, and how many more there are: the test's docs point the way,
/// the warnings and the IR have the rest.
fn listed(items: &[String]) -> String {
    const SHOWN: usize = 2;
    let mut text = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if items.len() > SHOWN {
        text.push_str(&format!("; and {} more", items.len() - SHOWN));
    }
    text
}

/// The type as a test outside the crate spells it.
fn test_type(ty: &TypeRef, krate: &str) -> String {
    let models = format!("{krate}::models::");
    ty.spell(&Spelling {
        models: &models,
        hash_map: "std::collections::HashMap",
        // Lowering gives bytes and bodiless responses no examples.
        bytes: "Value",
        value: "Value",
        unit: "Value",
    })
}

/// Compact JSON as a raw string literal, with as many `#` as it needs.
fn raw_string(json: &Value) -> String {
    let text = json.to_string();
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{text}\"{fence}")
}

/// The literal a method's doc example passes for a parameter, from the value lowering chose.
pub(crate) fn argument(param: &Param) -> Option<String> {
    let value = param.example.as_ref()?;
    match (&param.ty, value) {
        (TypeRef::String | TypeRef::FormattedString(_), Value::String(s)) => Some(format!("{s:?}")),
        (TypeRef::I32 | TypeRef::I64, Value::Number(n)) => n.as_i64().map(|n| n.to_string()),
        (TypeRef::U64, Value::Number(n)) => n.as_u64().map(|n| n.to_string()),
        (TypeRef::F32 | TypeRef::F64, Value::Number(n)) => n.as_f64().map(|n| format!("{n:?}")),
        (TypeRef::Bool, Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(expectations: Vec<Expectation>) -> Api {
        let examples = expectations
            .into_iter()
            .enumerate()
            .map(|(i, expectation)| Example {
                pointer: format!("/components/schemas/S{i}/example"),
                value_pointer: None,
                test_name: format!("s{i}"),
                ty: TypeRef::I64,
                nullable: false,
                json: serde_json::json!(1),
                violations: Vec::new(),
                expectation,
            })
            .collect();
        Api {
            title: "T".to_owned(),
            version: "1".to_owned(),
            description: None,
            servers: Vec::new(),
            auth: Vec::new(),
            shared_path: None,
            types: Vec::new(),
            services: Vec::new(),
            nesting_depth: 0,
            features: Vec::new(),
            examples,
        }
    }

    #[test]
    fn only_the_helpers_the_tests_call_are_written() {
        let config = Config::new("c", "C");
        let rejected = Expectation::Rejected {
            reason: "no".to_owned(),
        };
        let file = examples_file(&api(vec![rejected.clone()]), &config).expect("a file");
        assert!(file.contains("fn rejects"));
        assert!(!file.contains("fn round_trips") && !file.contains("fn comes_back_as"));
        assert!(!file.contains("use serde::Serialize;"));
        let file = examples_file(&api(vec![Expectation::RoundTrip]), &config).expect("a file");
        assert!(file.contains("fn round_trips") && file.contains("fn comes_back_as"));
        assert!(!file.contains("fn rejects"));
        assert!(file.contains("fn s0() {\n    round_trips::<i64>(r#\"1\"#);\n}"));
        assert!(examples_file(&api(Vec::new()), &config).is_none());
    }

    #[test]
    fn raw_strings_outlast_their_content() {
        assert_eq!(
            raw_string(&serde_json::json!({"a": "#b"})),
            "r##\"{\"a\":\"#b\"}\"##"
        );
        assert_eq!(raw_string(&serde_json::json!([1])), "r#\"[1]\"#");
    }
}
