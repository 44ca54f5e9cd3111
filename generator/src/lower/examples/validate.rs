//! Does an example validate against its own schema? OpenAPI 3.0 schemas are translated into
//! JSON Schema draft 4 (3.0's dialect is an extended subset of it: boolean exclusive bounds,
//! `definitions`-style `$ref`s) and checked with the `jsonschema` crate. Works on JSON values
//! only; the lowering hands it the schemas as JSON.

use std::collections::HashSet;

use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use serde_json::{Map, Value, json};

use super::translate::Translator;
use crate::diagnostics::{push_pointer, unescape_token};

/// The longest violation message kept: some quote the whole offending value.
const MESSAGE_LIMIT: usize = 200;

/// How many violations of one example are kept.
const VIOLATION_LIMIT: usize = 3;

/// Why an example does not validate.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Violation {
    /// Where in the example (a JSON pointer; empty for the example itself).
    pub(super) at: String,
    /// What is wrong.
    pub(super) message: String,
}

impl Violation {
    /// `` at `/a`: message ``, or the message for the example itself.
    pub(super) fn describe(&self) -> String {
        if self.at.is_empty() {
            self.message.clone()
        } else {
            format!("at `{}`: {}", crate::text::code(&self.at), self.message)
        }
    }
}

/// What checking found.
pub(super) struct Checked {
    /// One list per example, empty when it validates.
    pub(super) violations: Vec<Vec<Violation>>,
    /// `pattern`s the validator cannot read, left out: where, and the pattern.
    pub(super) dropped_patterns: Vec<(String, String)>,
}

/// Checks `examples[i]` against `schemas[i]` (OpenAPI 3.0 schemas as JSON, with the pointer
/// where each is), resolving `#/components/schemas/...` references against `components` (the
/// document's component schemas). `Err` when the schemas cannot be compiled anyway, with the
/// reason.
pub(super) fn check(
    components: &Map<String, Value>,
    schemas: &[(&Value, &str)],
    examples: &[&Value],
) -> Result<Checked, String> {
    let mut translator = Translator::default();
    let properties: Map<String, Value> = schemas
        .iter()
        .enumerate()
        .map(|(i, (schema, at))| (i.to_string(), translator.translate(schema, at)))
        .collect();
    let components: Map<String, Value> = components
        .iter()
        .map(|(name, schema)| {
            let at = push_pointer("/components/schemas", name);
            (name.clone(), translator.translate(schema, &at))
        })
        .collect();
    let known: HashSet<String> = components.keys().cloned().collect();
    let mut properties = properties;
    for schema in properties.values_mut() {
        stub_missing(schema, &known);
    }
    let mut components = components;
    for schema in components.values_mut() {
        stub_missing(schema, &known);
    }
    // One schema for all examples, checked against one object holding them all (example `i`
    // under the member `i`): the validator then compiles each component once, and only those
    // the examples reach. A validator per example would compile the shared components again
    // and again.
    let document = json!({
        "type": "object",
        "properties": properties,
        "components": {"schemas": components},
    });
    let validator = jsonschema::draft4::options()
        // An example that is not the date-time or email its schema says is worth a warning,
        // even though the SDK keeps formats as strings.
        .should_validate_formats(true)
        // Draft 4 predates `uuid`; OpenAPI documents use it everywhere, and a union of a
        // uuid and another string needs it checked to tell its members apart.
        .with_format("uuid", is_uuid)
        .build(&document)
        .map_err(|err| clip(&err.to_string()))?;
    let all: Map<String, Value> = examples
        .iter()
        .enumerate()
        .map(|(i, example)| (i.to_string(), (*example).clone()))
        .collect();
    let all = Value::Object(all);
    let mut violations: Vec<Vec<Violation>> = vec![Vec::new(); examples.len()];
    for error in validator.iter_errors(&all) {
        let (index, violation) = violation(&error);
        if let Some(found) = index.and_then(|i| violations.get_mut(i))
            && found.len() < VIOLATION_LIMIT
        {
            found.push(violation);
        }
    }
    Ok(Checked {
        violations,
        dropped_patterns: translator.dropped,
    })
}

/// Replaces each reference to a component schema that does not exist with `{}` (any value),
/// as lowering does (with its own warning): one broken reference would otherwise keep the
/// validator from compiling at all, and no example would be checked.
fn stub_missing(schema: &mut Value, components: &HashSet<String>) {
    match schema {
        Value::Object(map) => {
            let missing = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
                .is_some_and(|token| {
                    !token.contains('/') && !components.contains(&unescape_token(token))
                });
            if missing {
                map.clear();
                return;
            }
            for value in map.values_mut() {
                stub_missing(value, components);
            }
        }
        Value::Array(items) => {
            for item in items {
                stub_missing(item, components);
            }
        }
        _ => {}
    }
}

/// The example an error is about (the first token of its path) and what is wrong, where.
fn violation(error: &ValidationError<'_>) -> (Option<usize>, Violation) {
    let error = closest(error);
    let path = error.instance_path().to_string();
    let mut tokens = path.splitn(3, '/').skip(1);
    let index = tokens.next().and_then(|i| i.parse::<usize>().ok());
    let at = tokens
        .next()
        .map(|rest| format!("/{rest}"))
        .unwrap_or_default();
    let message = if untagged(error) {
        "its discriminator names none of the members".to_owned()
    } else {
        clip(&shorten(&error.to_string(), &error.instance().to_string()))
    };
    (index, Violation { at, message })
}

/// Whether an alternative failed its discriminator's tag check (the first `allOf` member
/// `translate` wrote), so that the discriminator did not pick it.
fn not_picked(errors: &[ValidationError<'_>]) -> bool {
    errors.iter().any(|e| {
        let schema_path = e.schema_path().to_string();
        schema_path.contains("/allOf/0/properties/") || schema_path.ends_with("/allOf/0/required")
    })
}

/// An "any of" whose every alternative failed its tag check: the tag matches no member.
fn untagged(error: &ValidationError<'_>) -> bool {
    matches!(error.kind(), ValidationErrorKind::AnyOf { context }
        if !context.is_empty() && context.iter().all(|errors| not_picked(errors)))
}

/// "Not valid under any of the schemas" says little; the first error of the alternative that
/// came closest says more. An alternative a discriminator did not pick (its tag check, the first
/// `allOf` member `translate` wrote, failed) is not a candidate.
fn closest<'e>(error: &'e ValidationError<'e>) -> &'e ValidationError<'e> {
    let (ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context }) =
        error.kind()
    else {
        return error;
    };
    // The `null` alternative `translate` writes for `nullable` says nothing about a value
    // that is not null: the other alternative's error is the one to show.
    let null_alternative = |errors: &[ValidationError<'_>]| {
        errors.len() == 1
            && errors[0]
                .schema_path()
                .to_string()
                .ends_with("/anyOf/0/type")
    };
    context
        .iter()
        .filter(|errors| !errors.is_empty() && !not_picked(errors))
        .min_by_key(|errors| (null_alternative(errors), errors.len()))
        .and_then(|errors| errors.first())
        .map_or(error, |nested| closest(nested))
}

/// The validator's messages start with the offending value, which can be a whole object:
/// a long one is named instead of quoted.
fn shorten(message: &str, instance: &str) -> String {
    match message.strip_prefix(instance) {
        Some(rest) if instance.chars().count() > 60 => format!("the value{rest}"),
        _ => message.to_owned(),
    }
}

fn clip(message: &str) -> String {
    let one_line = message.replace(['\n', '\r'], " ");
    if one_line.chars().count() <= MESSAGE_LIMIT {
        return one_line;
    }
    let cut: String = one_line.chars().take(MESSAGE_LIMIT).collect();
    format!("{cut}...")
}

/// RFC 9562's text form: 8-4-4-4-12 hex digits, either case.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violations(schema: Value, components: Value, example: Value) -> Vec<String> {
        let Value::Object(components) = components else {
            panic!("components are an object");
        };
        check(&components, &[(&schema, "")], &[&example])
            .expect("schemas compile")
            .violations
            .remove(0)
            .iter()
            .map(Violation::describe)
            .collect()
    }

    #[test]
    fn nullable_allows_null_and_keeps_the_rest() {
        let schema = json!({"type": "string", "nullable": true, "maxLength": 2});
        assert!(violations(schema.clone(), json!({}), json!(null)).is_empty());
        assert!(violations(schema.clone(), json!({}), json!("ab")).is_empty());
        assert_eq!(violations(schema, json!({}), json!("abc")).len(), 1);
    }

    #[test]
    fn references_resolve_against_components() {
        let components = json!({
            "Pet": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "integer"},
                "owner": {"$ref": "#/components/schemas/Owner"}
            }},
            "Owner": {"type": "object", "properties": {"name": {"type": "string"}}}
        });
        let schema = json!({"$ref": "#/components/schemas/Pet"});
        assert!(violations(schema.clone(), components.clone(), json!({"id": 1})).is_empty());
        let found = violations(schema, components, json!({"id": 1, "owner": {"name": 2}}));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("at `/owner/name`"), "{found:?}");
    }

    #[test]
    fn read_only_properties_are_not_required() {
        let schema = json!({"type": "object", "required": ["id", "name"], "properties": {
            "id": {"type": "integer", "readOnly": true},
            "name": {"type": "string"}
        }});
        assert!(violations(schema.clone(), json!({}), json!({"name": "x"})).is_empty());
        assert_eq!(violations(schema, json!({}), json!({"id": 1})).len(), 1);
    }

    #[test]
    fn a_pattern_the_validator_cannot_read_is_left_out_not_fatal() {
        let schema = json!({"type": "string", "pattern": "(?i)^[a-f]+$", "maxLength": 2});
        let Value::Object(components) = json!({}) else {
            panic!("an object");
        };
        let checked =
            check(&components, &[(&schema, "/s")], &[&json!("xyz")]).expect("schemas compile");
        assert_eq!(checked.violations[0].len(), 1, "maxLength still applies");
        assert_eq!(
            checked.dropped_patterns,
            [("/s".to_owned(), "(?i)^[a-f]+$".to_owned())]
        );
    }

    #[test]
    fn integers_are_draft_4_integers_and_formats_are_checked() {
        assert_eq!(
            violations(json!({"type": "integer"}), json!({}), json!(1.0)).len(),
            1,
            "draft 4, like a Rust integer, does not take 1.0"
        );
        let date = json!({"type": "string", "format": "date-time"});
        assert!(violations(date.clone(), json!({}), json!("2024-01-02T03:04:05Z")).is_empty());
        assert_eq!(violations(date, json!({}), json!("yesterday")).len(), 1);
        let uuid = json!({"type": "string", "format": "uuid"});
        let valid = json!("2819C223-7f76-453a-919d-413861904646");
        assert!(violations(uuid.clone(), json!({}), valid).is_empty());
        assert_eq!(
            violations(uuid.clone(), json!({}), json!("not-a-uuid")).len(),
            1
        );
        // A union that only the format tells apart: one member fits, not both.
        let ids = json!({"oneOf": [{"type": "string", "pattern": "^[a-z]{20}$"}, uuid]});
        assert!(violations(ids, json!({}), json!("abcdefghijklmnopqrst")).is_empty());
    }

    #[test]
    fn a_failed_alternative_says_why() {
        let components = json!({
            "Cat": {"type": "object", "properties": {"lives": {"type": "integer"}}},
            "Dog": {"type": "object", "properties": {"bark": {"type": "string"}}}
        });
        let schema = json!({
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "kind"}
        });
        let found = violations(schema, components, json!({"kind": "Dog", "bark": 1}));
        assert_eq!(found, ["at `/bark`: 1 is not of type \"string\""]);
    }

    #[test]
    fn a_nullable_value_that_is_not_null_says_what_else_is_wrong() {
        let schema = json!({"type": "string", "nullable": true, "maxLength": 1});
        assert_eq!(
            violations(schema, json!({}), json!("ab")),
            ["\"ab\" is longer than 1 character"]
        );
    }

    #[test]
    fn an_unknown_tag_is_named_as_such() {
        let components = json!({"Cat": {"type": "object"}, "Dog": {"type": "object"}});
        let schema = json!({
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "kind"}
        });
        let found = violations(schema, components, json!({"kind": "Cow"}));
        assert_eq!(found, ["its discriminator names none of the members"]);
    }

    #[test]
    fn long_messages_are_clipped() {
        let schema = json!({"type": "string"});
        let big: Vec<u32> = (0..500).collect();
        let found = violations(schema, json!({}), json!(big));
        assert!(found[0].chars().count() <= MESSAGE_LIMIT + 3, "{found:?}");
    }
}
