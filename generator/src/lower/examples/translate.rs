//! OpenAPI 3.0 schemas (as JSON) -> JSON Schema draft 4, the dialect 3.0 extends: boolean
//! exclusive bounds, `$ref`s resolved by JSON pointer. What differs is translated; what draft 4's
//! meta-schema would refuse, and so keep the whole document from compiling, is left out.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::diagnostics::push_pointer;

const JSON_TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null",
];

/// Translates schemas, remembering which `pattern`s the validator cannot take.
#[derive(Default)]
pub(super) struct Translator {
    /// Whether each pattern seen so far compiles (ECMA-262 regular expressions, as the
    /// validator reads them).
    patterns: HashMap<String, bool>,
    /// Patterns left out, with where they are: `(pointer of the schema, pattern)`.
    pub(super) dropped: Vec<(String, String)>,
}

impl Translator {
    /// `schema` (found at `at` in the document) in draft 4: `nullable` allows `null`; read-only
    /// and write-only properties are not required (a request never carries the one, a response
    /// never the other); keywords draft 4 does not know (`discriminator`, `example`, `x-*`)
    /// stay and are ignored by the validator.
    pub(super) fn translate(&mut self, schema: &Value, at: &str) -> Value {
        let Value::Object(map) = schema else {
            return schema.clone();
        };
        let mut out = Map::new();
        for (key, value) in map {
            let here = push_pointer(at, key);
            let translated = match key.as_str() {
                "properties" => match value {
                    Value::Object(properties) => Value::Object(
                        properties
                            .iter()
                            .map(|(name, property)| {
                                let translated =
                                    self.translate(property, &push_pointer(&here, name));
                                (name.clone(), translated)
                            })
                            .collect(),
                    ),
                    other => other.clone(),
                },
                "items" | "additionalProperties" | "not" => self.translate(value, &here),
                "allOf" | "oneOf" | "anyOf" => match value {
                    Value::Array(members) => Value::Array(
                        members
                            .iter()
                            .enumerate()
                            .map(|(i, m)| self.translate(m, &push_pointer(&here, &i.to_string())))
                            .collect(),
                    ),
                    other => other.clone(),
                },
                "required" => {
                    let required: Vec<Value> = value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|name| {
                            !name
                                .as_str()
                                .is_some_and(|name| read_or_write_only(map, name))
                        })
                        .cloned()
                        .collect();
                    // Draft 4 wants at least one entry.
                    if required.is_empty() {
                        continue;
                    }
                    Value::Array(required)
                }
                // Draft 4 wants at least one value; an empty list says nothing usable.
                "enum" if value.as_array().is_some_and(Vec::is_empty) => continue,
                // Not a JSON type (`file`): lowering already warned; validate the rest.
                "type" if !json_type(value) => continue,
                // Draft 4 ties an exclusive flag to its bound.
                "exclusiveMinimum" if !map.contains_key("minimum") => continue,
                "exclusiveMaximum" if !map.contains_key("maximum") => continue,
                "pattern" => match value.as_str() {
                    Some(pattern) if !self.compiles(pattern) => {
                        self.dropped.push((at.to_owned(), pattern.to_owned()));
                        continue;
                    }
                    _ => value.clone(),
                },
                "nullable" => continue,
                _ => value.clone(),
            };
            out.insert(key.clone(), translated);
        }
        discriminate(map, &mut out);
        if map.get("nullable") == Some(&Value::Bool(true)) {
            return json!({"anyOf": [{"type": "null"}, out]});
        }
        Value::Object(out)
    }

    fn compiles(&mut self, pattern: &str) -> bool {
        *self.patterns.entry(pattern.to_owned()).or_insert_with(|| {
            jsonschema::draft4::options()
                .build(&json!({"pattern": pattern}))
                .is_ok()
        })
    }
}

/// A `oneOf` (or `anyOf`) with a `discriminator` picks its member by the tag, as the SDK's
/// union does: each member whose tag is known (a `mapping` entry, else its schema name) becomes
/// "the tag is one of these, and the member validates". Plain JSON Schema would instead demand
/// that exactly one member validates, which members open to extra properties rarely satisfy.
fn discriminate(schema: &Map<String, Value>, out: &mut Map<String, Value>) {
    let Some(property) = schema
        .get("discriminator")
        .and_then(|d| d.get("propertyName"))
        .and_then(Value::as_str)
    else {
        return;
    };
    let Some((keyword, Value::Array(members))) = ["oneOf", "anyOf"]
        .iter()
        .find_map(|k| out.get(*k).map(|members| (*k, members.clone())))
    else {
        return;
    };
    let mapping: Vec<(&str, String)> = schema
        .get("discriminator")
        .and_then(|d| d.get("mapping"))
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(tag, target)| {
            let target = target.as_str()?;
            // A bare schema name is allowed as a mapping target.
            let full = if target.starts_with('#') {
                target.to_owned()
            } else {
                format!("#/components/schemas/{target}")
            };
            Some((tag.as_str(), full))
        })
        .collect();
    let mut any_tagged = false;
    let alternatives: Vec<Value> = members
        .into_iter()
        .map(|member| {
            let Some(reference) = member.get("$ref").and_then(Value::as_str) else {
                return member;
            };
            let mut tags: Vec<&str> = mapping
                .iter()
                .filter(|(_, target)| target == reference)
                .map(|(tag, _)| *tag)
                .collect();
            if tags.is_empty()
                && let Some(name) = reference.strip_prefix("#/components/schemas/")
            {
                tags.push(name);
            }
            any_tagged = true;
            json!({"allOf": [
                {"required": [property], "properties": {property: {"enum": tags}}},
                member,
            ]})
        })
        .collect();
    if any_tagged {
        out.remove(keyword);
        out.insert("anyOf".to_owned(), Value::Array(alternatives));
    }
}

fn json_type(value: &Value) -> bool {
    let known = |t: &Value| t.as_str().is_some_and(|t| JSON_TYPES.contains(&t));
    match value {
        Value::Array(types) => !types.is_empty() && types.iter().all(known),
        other => known(other),
    }
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

    #[test]
    fn what_draft_4_refuses_is_left_out() {
        let mut translator = Translator::default();
        let schema = json!({
            "type": "object",
            "required": [],
            "properties": {
                "a": {"type": "file"},
                "b": {"type": "string", "enum": []},
                "c": {"type": "number", "exclusiveMinimum": true},
                "d": {"type": "string", "pattern": "(?i)^[a-f]+$"},
                "e": {"type": "string", "pattern": "^[a-f]+$"}
            }
        });
        assert_eq!(
            translator.translate(&schema, "/components/schemas/S"),
            json!({
                "type": "object",
                "properties": {
                    "a": {},
                    "b": {"type": "string"},
                    "c": {"type": "number"},
                    "d": {"type": "string"},
                    "e": {"type": "string", "pattern": "^[a-f]+$"}
                }
            })
        );
        assert_eq!(
            translator.dropped,
            [(
                "/components/schemas/S/properties/d".to_owned(),
                "(?i)^[a-f]+$".to_owned()
            )]
        );
    }

    #[test]
    fn a_discriminator_picks_the_member() {
        let mut translator = Translator::default();
        let schema = json!({
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "kind", "mapping": {"dog": "Dog"}}
        });
        let cat = json!({"required": ["kind"], "properties": {"kind": {"enum": ["Cat"]}}});
        let dog = json!({"required": ["kind"], "properties": {"kind": {"enum": ["dog"]}}});
        assert_eq!(
            translator.translate(&schema, ""),
            json!({
                "discriminator": {"propertyName": "kind", "mapping": {"dog": "Dog"}},
                "anyOf": [
                    {"allOf": [cat, {"$ref": "#/components/schemas/Cat"}]},
                    {"allOf": [dog, {"$ref": "#/components/schemas/Dog"}]}
                ]
            })
        );
    }

    #[test]
    fn nullable_wraps_and_read_only_is_not_required() {
        let mut translator = Translator::default();
        let schema = json!({
            "type": "object",
            "nullable": true,
            "required": ["id", "name"],
            "properties": {"id": {"type": "integer", "readOnly": true}, "name": {"type": "string"}}
        });
        assert_eq!(
            translator.translate(&schema, ""),
            json!({"anyOf": [{"type": "null"}, {
                "type": "object",
                "required": ["name"],
                "properties": {"id": {"type": "integer", "readOnly": true}, "name": {"type": "string"}}
            }]})
        );
    }
}
