//! The document's examples, each with the test the generated crate runs on it. Lowering decides
//! everything here (which type an example decodes into, whether it validates, what comes back);
//! the emitter only writes one test per entry into `tests/examples.rs`.

use serde::Serialize;
use serde_json::Value;

use super::TypeRef;

/// One example the document gives: a schema's `example`, a media type's `example` or one of
/// its `examples`, or a parameter's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// Where the document gives it (a JSON pointer); the test's doc names it.
    pub pointer: String,
    /// Where its value is written, when that is elsewhere: an `examples` entry that is a
    /// `$ref` to `#/components/examples/...`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_pointer: Option<String>,
    /// The test function's name, unique in the file.
    pub test_name: String,
    /// The type it decodes into.
    pub ty: TypeRef,
    /// `null` is a value of its own: it decodes into `Option<ty>`.
    pub nullable: bool,
    /// The example as the document gives it.
    pub json: Value,
    /// Why it does not validate against its own schema; empty when it does.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<String>,
    /// What decoding it and encoding it back gives.
    pub expectation: Expectation,
}

impl Example {
    /// Whether it validates against its own schema.
    pub fn validates(&self) -> bool {
        self.violations.is_empty()
    }

    /// Whether it comes back as given (up to the normalizations `tests/examples.rs` states).
    pub fn round_trips(&self) -> bool {
        matches!(
            self.expectation,
            Expectation::RoundTrip | Expectation::Normalized { .. }
        )
    }
}

/// What a test expects of an example. Encoded JSON is compared with key order ignored and
/// numbers compared by value (`1` equals `1.0`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expectation {
    /// It decodes and encodes back to itself.
    RoundTrip,
    /// It decodes and encodes back to itself, up to what the SDK normalizes: members absent
    /// from the example come back with their defaults, a `null` where the schema does not
    /// allow one comes back absent (the SDK reads it as absent), and a member name matched to
    /// its field ignoring case (`Struct::member_match`) comes back as the field's.
    Normalized {
        /// What comes back.
        json: Value,
        /// What was normalized, one sentence each.
        normalizations: Vec<String>,
    },
    /// It decodes, but what comes back differs beyond defaults.
    Changed {
        /// What comes back.
        json: Value,
        /// What changes, one sentence each.
        changes: Vec<String>,
    },
    /// It does not decode.
    Rejected {
        /// Why, in one sentence.
        reason: String,
    },
}
