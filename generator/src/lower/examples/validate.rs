//! Does an example validate against its own schema? OpenAPI 3.0 schemas are translated into
//! JSON Schema draft 4 (3.0's dialect is an extended subset of it: boolean exclusive bounds,
//! `definitions`-style `$ref`s) and checked with the `jsonschema` crate. Works on JSON values
//! only; the lowering hands it the schemas as JSON.

use serde_json::{Map, Value, json};

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

/// Checks `examples[i]` against `schemas[i]` (OpenAPI 3.0 schemas as JSON), resolving
/// `#/components/schemas/...` references against `components` (the document's component
/// schemas). One list of violations per example, empty when it validates; `Err` when the
/// schemas themselves cannot be compiled (a `pattern` that is not a regular expression), with
/// the reason.
pub(super) fn check(
    components: Map<String, Value>,
    schemas: &[&Value],
    examples: &[&Value],
) -> Result<Vec<Vec<Violation>>, String> {
    let definitions: Map<String, Value> = schemas
        .iter()
        .enumerate()
        .map(|(i, schema)| (i.to_string(), translate(schema)))
        .collect();
    let components: Map<String, Value> = components
        .iter()
        .map(|(name, schema)| (name.clone(), translate(schema)))
        .collect();
    // One document holding everything, compiled once: the examples' schemas share the
    // components, and compiling those per example would repeat the work hundreds of times.
    let document = json!({
        "definitions": definitions,
        "components": {"schemas": components},
    });
    let validators = jsonschema::draft4::options()
        // An example that is not the date-time or email its schema says is worth a warning,
        // even though the SDK keeps formats as strings.
        .should_validate_formats(true)
        .build_map(&document)
        .map_err(|err| clip(&err.to_string()))?;
    Ok(examples
        .iter()
        .enumerate()
        .map(|(i, example)| {
            let Some(validator) = validators.get(&format!("#/definitions/{i}")) else {
                return Vec::new();
            };
            validator
                .iter_errors(example)
                .take(VIOLATION_LIMIT)
                .map(|error| Violation {
                    at: error.instance_path().to_string(),
                    message: clip(&error.to_string()),
                })
                .collect()
        })
        .collect())
}

fn clip(message: &str) -> String {
    let one_line = message.replace(['\n', '\r'], " ");
    if one_line.chars().count() <= MESSAGE_LIMIT {
        return one_line;
    }
    let cut: String = one_line.chars().take(MESSAGE_LIMIT).collect();
    format!("{cut}...")
}

/// An OpenAPI 3.0 schema as JSON Schema draft 4: `nullable` allows `null`, and read-only and
/// write-only properties are not required (a request never carries the one, a response never
/// the other). Keywords draft 4 does not know (`discriminator`, `example`, `x-*`) are ignored
/// by the validator and left as they are.
pub(super) fn translate(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        let translated = match key.as_str() {
            "properties" => match value {
                Value::Object(properties) => Value::Object(
                    properties
                        .iter()
                        .map(|(name, property)| (name.clone(), translate(property)))
                        .collect(),
                ),
                other => other.clone(),
            },
            "items" | "additionalProperties" | "not" => translate(value),
            "allOf" | "oneOf" | "anyOf" => match value {
                Value::Array(members) => Value::Array(members.iter().map(translate).collect()),
                other => other.clone(),
            },
            "required" => Value::Array(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|name| {
                        !name
                            .as_str()
                            .is_some_and(|name| read_or_write_only(map, name))
                    })
                    .cloned()
                    .collect(),
            ),
            "nullable" => continue,
            _ => value.clone(),
        };
        out.insert(key.clone(), translated);
    }
    if map.get("nullable") == Some(&Value::Bool(true)) {
        return json!({"anyOf": [{"type": "null"}, out]});
    }
    Value::Object(out)
}

fn read_or_write_only(schema: &Map<String, Value>, property: &str) -> bool {
    schema
        .get("properties")
        .and_then(|p| p.get(property))
        .is_some_and(|p| {
            p.get("readOnly") == Some(&Value::Bool(true))
                || p.get("writeOnly") == Some(&Value::Bool(true))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violations(schema: Value, components: Value, example: Value) -> Vec<String> {
        let Value::Object(components) = components else {
            panic!("components are an object");
        };
        check(components, &[&schema], &[&example])
            .expect("schemas compile")
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
    fn integers_are_draft_4_integers_and_formats_are_checked() {
        assert_eq!(
            violations(json!({"type": "integer"}), json!({}), json!(1.0)).len(),
            1,
            "draft 4, like a Rust integer, does not take 1.0"
        );
        let date = json!({"type": "string", "format": "date-time"});
        assert!(violations(date.clone(), json!({}), json!("2024-01-02T03:04:05Z")).is_empty());
        assert_eq!(violations(date, json!({}), json!("yesterday")).len(), 1);
    }

    #[test]
    fn long_messages_are_clipped() {
        let schema = json!({"type": "string"});
        let big: Vec<u32> = (0..500).collect();
        let found = violations(schema, json!({}), json!(big));
        assert!(found[0].chars().count() <= MESSAGE_LIMIT + 3, "{found:?}");
    }
}
