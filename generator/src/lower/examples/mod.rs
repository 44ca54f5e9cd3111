//! The document's examples -> `Api::examples`: each with the type it decodes into, whether it
//! validates against its own schema, and what its test in `tests/examples.rs` expects.
//!
//! Lowering notes examples where it meets them (a schema that got a type, the JSON media type
//! of a body, a parameter); once every type is settled, [`settle`] validates them all in one
//! go (`validate`), works out what the generated code does with each (`predict`) and names
//! the tests.

mod predict;
mod translate;
mod validate;

use std::collections::HashSet;

use openapiv3::{MediaType, OpenAPI, ParameterData, ReferenceOr, Schema};
use serde_json::{Map, Value};

use super::Lowerer;
use super::view::allows_null;
use crate::contract;
use crate::diagnostics::{Diagnostics, pointer_tokens, push_pointer};
use crate::ir::{Example, Expectation, TypeDef, TypeRef};
use crate::names::{Namespace, snake_plain};
use crate::text::code;
use predict::{Note, Predictor, same};
use validate::Violation;

/// An example met during lowering, before validation and prediction.
pub(super) struct Noted {
    pointer: String,
    value_pointer: Option<String>,
    ty: TypeRef,
    nullable: bool,
    value: Value,
    /// The schema it should validate against, as JSON (OpenAPI 3.0's dialect).
    schema: Value,
    /// Where that schema is.
    schema_pointer: String,
    /// The parameter's name, which reads better in the test's name than its index.
    parameter: Option<String>,
}

/// Examples noted so far; a schema lowered twice (an allOf merging a component's properties)
/// is noted once.
#[derive(Default)]
pub(super) struct Examples {
    noted: Vec<Noted>,
    seen: HashSet<String>,
}

impl Examples {
    fn note(&mut self, noted: Noted) {
        if matches!(noted.ty, TypeRef::Bytes | TypeRef::Unit) {
            return;
        }
        if self.seen.insert(noted.pointer.clone()) {
            self.noted.push(noted);
        }
    }
}

fn schema_json<T: serde::Serialize>(schema: &T) -> Value {
    // openapiv3's types serialize to the document's own JSON; an empty schema allows anything.
    serde_json::to_value(schema).unwrap_or_else(|_| Value::Object(Map::new()))
}

impl Lowerer<'_> {
    /// A schema's `example`, decoded as the type the schema became.
    pub(super) fn schema_example(&mut self, schema: &Schema, pointer: &str, ty: &TypeRef) {
        let Some(value) = &schema.schema_data.example else {
            return;
        };
        self.examples.note(Noted {
            pointer: push_pointer(pointer, "example"),
            value_pointer: None,
            ty: ty.clone(),
            nullable: allows_null(schema),
            value: value.clone(),
            schema: schema_json(schema),
            schema_pointer: pointer.to_owned(),
            parameter: None,
        });
    }

    /// The `example` and `examples` of a body's JSON media type, decoded as the body's type.
    pub(super) fn media_examples(&mut self, media: &MediaType, media_pointer: &str, ty: &TypeRef) {
        if media.example.is_none() && media.examples.is_empty() {
            return;
        }
        let nullable = match &media.schema {
            Some(ReferenceOr::Item(schema)) => allows_null(schema),
            Some(ReferenceOr::Reference { reference }) => self
                .referenced_schema(reference)
                .is_some_and(|(schema, _)| allows_null(schema)),
            None => false,
        };
        let schema = media
            .schema
            .as_ref()
            .map_or_else(|| Value::Object(Map::new()), schema_json);
        let given = self.given_examples(&media.example, &media.examples, media_pointer);
        for (pointer, value_pointer, value) in given {
            self.examples.note(Noted {
                pointer,
                value_pointer,
                ty: ty.clone(),
                nullable,
                value,
                schema: schema.clone(),
                schema_pointer: push_pointer(media_pointer, "schema"),
                parameter: None,
            });
        }
    }

    /// A parameter's `example` and `examples`, decoded as the parameter's type. Returns the
    /// value its doc examples should pass.
    pub(super) fn parameter_examples(
        &mut self,
        data: &ParameterData,
        at: &str,
        ty: &TypeRef,
    ) -> Option<Value> {
        let openapiv3::ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return None;
        };
        let nullable = match schema {
            ReferenceOr::Item(schema) => allows_null(schema),
            ReferenceOr::Reference { .. } => false,
        };
        let given = self.given_examples(&data.example, &data.examples, at);
        let chosen = given
            .iter()
            .map(|(_, _, value)| value)
            .find(|value| fits(ty, value))
            .cloned();
        let schema = schema_json(schema);
        for (pointer, value_pointer, value) in given {
            self.examples.note(Noted {
                pointer,
                value_pointer,
                ty: ty.clone(),
                nullable,
                value,
                schema: schema.clone(),
                schema_pointer: push_pointer(at, "schema"),
                parameter: Some(data.name.clone()),
            });
        }
        chosen.or_else(|| plausible(ty))
    }

    /// `example`, then each `examples` entry with a value (following `$ref`s to
    /// `#/components/examples`): the pointer, where the value is when elsewhere, the value.
    fn given_examples(
        &mut self,
        example: &Option<Value>,
        examples: &indexmap::IndexMap<String, ReferenceOr<openapiv3::Example>>,
        at: &str,
    ) -> Vec<(String, Option<String>, Value)> {
        let mut given = Vec::new();
        if let Some(value) = example {
            given.push((push_pointer(at, "example"), None, value.clone()));
        }
        let components = self.doc.components.as_ref();
        for (name, entry) in examples {
            let pointer = push_pointer(&push_pointer(at, "examples"), name);
            match entry {
                ReferenceOr::Item(example) => {
                    if let Some(value) = &example.value {
                        given.push((push_pointer(&pointer, "value"), None, value.clone()));
                    }
                }
                ReferenceOr::Reference { reference } => {
                    let key = reference
                        .strip_prefix("#/components/examples/")
                        .map(super::unescape_token);
                    let found = key
                        .as_ref()
                        .and_then(|key| components?.examples.get(key)?.as_item()?.value.as_ref());
                    match (found, key) {
                        (Some(value), Some(key)) => {
                            let source =
                                push_pointer(&push_pointer("/components/examples", &key), "value");
                            given.push((pointer, Some(source), value.clone()));
                        }
                        _ => self.diags.warn(
                            &pointer,
                            format!(
                                "example reference `{reference}` names no example with a value; \
                                 it gets no test"
                            ),
                        ),
                    }
                }
            }
        }
        given
    }
}

/// Whether a documented parameter example can stand for the argument in doc examples: a
/// scalar of the argument's own kind, short and on one line.
fn fits(ty: &TypeRef, value: &Value) -> bool {
    match (ty, value) {
        (TypeRef::String | TypeRef::FormattedString(_), Value::String(s)) => {
            s.chars().count() <= 80 && !s.chars().any(char::is_control)
        }
        (TypeRef::I32, Value::Number(n)) => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        (TypeRef::I64, Value::Number(n)) => n.as_i64().is_some(),
        (TypeRef::U64, Value::Number(n)) => n.as_u64().is_some(),
        (TypeRef::F32 | TypeRef::F64, Value::Number(_)) => true,
        (TypeRef::Bool, Value::Bool(_)) => true,
        _ => false,
    }
}

/// A value of the right shape for a string format, for doc examples of parameters the document
/// gives no example for.
fn plausible(ty: &TypeRef) -> Option<Value> {
    let TypeRef::FormattedString(format) = ty else {
        return None;
    };
    let value = match format.as_str() {
        "uuid" => "123e4567-e89b-12d3-a456-426614174000",
        "date-time" => "2024-01-31T09:30:00Z",
        "date" => "2024-01-31",
        "time" => "09:30:00",
        "email" => "user@example.com",
        "uri" | "url" => "https://example.com/",
        "hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        _ => return None,
    };
    Some(Value::String(value.to_owned()))
}

/// Validates, predicts and names every noted example, warning about those that do not
/// validate and those that validate but do not come back.
pub(super) fn settle(
    examples: Examples,
    doc: &OpenAPI,
    types: &[TypeDef],
    diags: &mut Diagnostics,
) -> Vec<Example> {
    let noted = examples.noted;
    if noted.is_empty() {
        return Vec::new();
    }
    let components: Map<String, Value> = doc
        .components
        .iter()
        .flat_map(|c| &c.schemas)
        .map(|(name, schema)| (name.clone(), schema_json(schema)))
        .collect();
    let schemas: Vec<(&Value, &str)> = noted
        .iter()
        .map(|n| (&n.schema, n.schema_pointer.as_str()))
        .collect();
    let values: Vec<&Value> = noted.iter().map(|n| &n.value).collect();
    let validated = validate::check(&components, &schemas, &values);
    let checked_at_all = validated.is_ok();
    let violations = match validated {
        Ok(checked) => {
            for (at, pattern) in checked.dropped_patterns {
                diags.warn(
                    push_pointer(&at, "pattern"),
                    format!(
                        "pattern `{}` is not an ECMA-262 regular expression; examples are \
                         validated without it",
                        code(&pattern)
                    ),
                );
            }
            checked.violations
        }
        Err(reason) => {
            diags.warn(
                "/components/schemas",
                format!("the examples are not validated: the schemas do not compile as JSON Schema ({reason})"),
            );
            vec![Vec::new(); noted.len()]
        }
    };
    let predictor = Predictor::new(types);
    let mut names = Namespace::with_reserved(contract::EXAMPLE_HELPERS);
    noted
        .into_iter()
        .zip(violations)
        .map(|(noted, violations)| {
            let expectation = expect(&predictor, &noted);
            report(&noted, &violations, checked_at_all, &expectation, diags);
            Example {
                test_name: names.claim(&test_name(&noted.pointer, noted.parameter.as_deref())),
                pointer: noted.pointer,
                value_pointer: noted.value_pointer,
                ty: noted.ty,
                nullable: noted.nullable,
                json: noted.value,
                violations: violations.iter().map(Violation::describe).collect(),
                expectation,
            }
        })
        .collect()
}

fn expect(predictor: &Predictor<'_>, noted: &Noted) -> Expectation {
    match predictor.predict(&noted.ty, noted.nullable, &noted.value) {
        Err(reason) => Expectation::Rejected { reason },
        Ok(prediction) => {
            let mut normalizations = Vec::new();
            let mut changes = Vec::new();
            for note in prediction.notes {
                match note {
                    Note::Normalized(what) => normalizations.push(what),
                    Note::Changed(what) => changes.push(what),
                }
            }
            if !changes.is_empty() {
                Expectation::Changed {
                    json: prediction.json,
                    changes,
                }
            } else if !normalizations.is_empty() {
                Expectation::Normalized {
                    json: prediction.json,
                    normalizations,
                }
            } else if same(&prediction.json, &noted.value) {
                Expectation::RoundTrip
            } else {
                Expectation::Changed {
                    json: prediction.json,
                    changes: vec!["numbers come back rounded".to_owned()],
                }
            }
        }
    }
}

/// One warning per example that does not validate, and per valid example the SDK does not
/// give back: both are worth a look by whoever maintains the document or the generator.
/// `validated` is false when the schemas could not be compiled for validation: nothing is
/// then claimed about the example's validity.
fn report(
    noted: &Noted,
    violations: &[Violation],
    validated: bool,
    expectation: &Expectation,
    diags: &mut Diagnostics,
) {
    let source = noted
        .value_pointer
        .as_ref()
        .map(|p| format!(" (its value is `#{}`)", code(p)))
        .unwrap_or_default();
    if let Some(first) = violations.first() {
        // At the offending value when it is written here; a shared value is reported where
        // this use names it, since the schema it fails is this use's.
        let (pointer, message) = match &noted.value_pointer {
            None => (
                format!("{}{}", noted.pointer, first.at),
                first.message.clone(),
            ),
            Some(_) => (noted.pointer.clone(), first.describe()),
        };
        diags.warn(
            pointer,
            format!("example does not validate against its schema{source}: {message}"),
        );
        return;
    }
    let problem = match expectation {
        Expectation::Rejected { reason } => format!("does not decode: {reason}"),
        Expectation::Changed { changes, .. } => {
            format!("does not come back unchanged: {}", changes.join("; "))
        }
        Expectation::RoundTrip | Expectation::Normalized { .. } => return,
    };
    let checked = if validated {
        "validates against its schema"
    } else {
        "was not validated (the schemas do not compile as JSON Schema)"
    };
    diags.warn(
        &noted.pointer,
        format!("example {checked}{source}, but the generated type {problem}"),
    );
}

/// The longest test name made from a pointer, so that deep pointers still read as names.
const NAME_LIMIT: usize = 80;

/// A readable snake_case name from a pointer: the path and method of an operation, the
/// component, the property, status and example names; structure words (`properties`,
/// `content`, the media type, `schema`, `value`) are left out.
fn test_name(pointer: &str, parameter: Option<&str>) -> String {
    let tokens = pointer_tokens(pointer);
    let mut words: Vec<String> = Vec::new();
    let mut rest: &[String] = &tokens;
    if let [first, path, method, tail @ ..] = tokens.as_slice()
        && first == "paths"
    {
        words.push(method.clone());
        words.push(path.clone());
        rest = tail;
    } else if let [first, section, name, tail @ ..] = tokens.as_slice()
        && first == "components"
    {
        if section != "schemas" {
            words.push(section.trim_end_matches('s').to_owned());
        }
        words.push(name.clone());
        rest = tail;
    }
    let mut iter = rest.iter().peekable();
    while let Some(token) = iter.next() {
        match token.as_str() {
            "properties" | "content" | "schema" | "responses" | "examples" | "allOf" | "oneOf"
            | "anyOf" => {}
            "value" | "example" if iter.peek().is_none() => {}
            "requestBody" => words.push("request".to_owned()),
            "parameters" => {
                words.push("param".to_owned());
                // `parameters/0` of an operation: the name says more than the index.
                if let Some(name) = parameter
                    && iter.peek().is_some_and(|t| t.parse::<usize>().is_ok())
                {
                    iter.next();
                    words.push(name.to_owned());
                }
            }
            "additionalProperties" => words.push("value".to_owned()),
            "items" => words.push("item".to_owned()),
            media if media.contains('/') => {}
            other => words.push(other.to_owned()),
        }
    }
    let mut name = snake_plain(&words.join(" "));
    if name.len() > NAME_LIMIT {
        let cut = name[..NAME_LIMIT].rfind('_').unwrap_or(NAME_LIMIT);
        name.truncate(cut);
    }
    if name.is_empty() || name == "value" {
        "example".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn test_names_read_like_the_pointer() {
        let test_name = |pointer: &str| super::test_name(pointer, None);
        assert_eq!(test_name("/components/schemas/Pet/example"), "pet");
        assert_eq!(
            test_name("/components/schemas/Pet/properties/name/example"),
            "pet_name"
        );
        assert_eq!(
            test_name(
                "/paths/~1pets~1{id}/get/responses/200/content/application~1json/examples/ok/value"
            ),
            "get_pets_id_200_ok"
        );
        assert_eq!(
            test_name("/paths/~1pets/post/requestBody/content/application~1json/example"),
            "post_pets_request"
        );
        assert_eq!(
            test_name("/components/parameters/limit/example"),
            "parameter_limit"
        );
        assert_eq!(
            test_name("/paths/~1/get/parameters/0/example"),
            "get_param_0"
        );
        assert_eq!(test_name("/components/schemas/type/example"), "type_");
        let long = test_name(&format!("/components/schemas/{}/example", "a_b".repeat(60)));
        assert!(long.len() <= 80, "{long}");
    }
}
