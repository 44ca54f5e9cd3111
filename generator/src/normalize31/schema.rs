//! The rules for one schema object. Subschemas are rewritten first, so each rule sees children
//! already in the 3.0 shape (a `{type: "null"}` branch is `{nullable: true, enum: [null]}` by the
//! time its parent's anyOf is looked at).

use std::collections::HashSet;

use serde_json::{Map, Number, Value, json};

use super::Normalizer;
use super::choices::{documented_enum, null_branches};
use super::nullable::component_key;
use crate::diagnostics::push_pointer;

/// The bounds that are numbers in 3.1 and booleans beside `minimum`/`maximum` in 3.0.
pub(super) const EXCLUSIVE_BOUNDS: [&str; 2] = ["exclusiveMinimum", "exclusiveMaximum"];

/// JSON Schema keywords that only validate or identify; a Rust type has nothing to keep of them.
const DROPPED: [&str; 13] = [
    "$schema",
    "$id",
    "$comment",
    "$anchor",
    "$dynamicAnchor",
    "$vocabulary",
    "propertyNames",
    "contentSchema",
    "dependentRequired",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
];

impl Normalizer {
    pub(super) fn schema(&mut self, value: &mut Value, pointer: &str, depth: usize) {
        if self.document_30 {
            self.borrowed_in_30(value, pointer, depth);
            return;
        }
        // Boolean schemas are new in 3.1: `true` accepts anything, `false` nothing.
        match value {
            Value::Bool(true) => *value = Value::Object(Map::new()),
            Value::Bool(false) => *value = json!({"not": {}}),
            _ => {}
        }
        let Value::Object(map) = value else { return };
        if self.deeper_than_allowed(depth, pointer) {
            return;
        }
        self.subschemas(map, pointer, depth + 1);
        if let Some(Value::String(reference)) = map.get("$ref")
            && self.dangling.contains(reference)
        {
            map.remove("$ref");
        }
        self.unsupported(map, pointer);
        examples(map);
        exclusive_bounds(map);
        content_encoding(map);
        constant(map);
        self.prefix_items(map, pointer);
        self.type_list(map, pointer);
        null_branches(map);
        documented_enum(map);
        ref_siblings(map, &self.nullable);
    }

    fn borrowed_in_30(&mut self, value: &mut Value, pointer: &str, depth: usize) {
        let Value::Object(map) = value else { return };
        if self.deeper_than_allowed(depth, pointer) {
            return;
        }
        self.subschemas(map, pointer, depth + 1);
        // `type: "null"` alone is left to lowering, which has always read it.
        if let Some(Value::Array(names)) = map.get("type") {
            let listed: Vec<String> = names.iter().map(Value::to_string).collect();
            self.warn(
                push_pointer(pointer, "type"),
                format!(
                    "`type: [{}]` is OpenAPI 3.1, not 3.0; reading it as 3.1 does (declare `openapi: 3.1.0` to silence this)",
                    listed.join(", ")
                ),
            );
            self.type_list(map, pointer);
        }
        for (key, beside) in EXCLUSIVE_BOUNDS.into_iter().zip(["minimum", "maximum"]) {
            if let Some(Value::Number(bound)) = map.get(key) {
                let warning = format!(
                    "`{key}: {bound}` is OpenAPI 3.1, not 3.0, where it is a boolean beside `{beside}`; reading it as 3.1 does (declare `openapi: 3.1.0` to silence this)"
                );
                self.warn(push_pointer(pointer, key), warning);
            }
        }
        exclusive_bounds(map);
    }

    fn subschemas(&mut self, map: &mut Map<String, Value>, pointer: &str, depth: usize) {
        for key in ["properties", "patternProperties"] {
            if let Some(Value::Object(properties)) = map.get_mut(key) {
                let base = push_pointer(pointer, key);
                for (name, property) in properties.iter_mut() {
                    self.schema(property, &push_pointer(&base, name), depth);
                }
            }
        }
        let tuple = map.contains_key("prefixItems");
        for key in [
            "items",
            "additionalProperties",
            "unevaluatedProperties",
            "not",
        ] {
            let Some(child) = map.get_mut(key) else {
                continue;
            };
            // `additionalProperties: false` is 3.0 too; `items: false` after a tuple means "no
            // more items", which the prefixItems rule handles.
            let keep_bool =
                key.ends_with("Properties") || (key == "items" && tuple && *child == false);
            if !(keep_bool && child.is_boolean()) {
                self.schema(child, &push_pointer(pointer, key), depth);
            }
        }
        for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
            if let Some(Value::Array(members)) = map.get_mut(key) {
                let base = push_pointer(pointer, key);
                for (i, member) in members.iter_mut().enumerate() {
                    self.schema(member, &push_pointer(&base, &i.to_string()), depth);
                }
            }
        }
    }

    /// Drops what openapiv3 cannot hold, translating where 3.0 has a way to say it, and warns
    /// where dropping changes the shape of the data.
    fn unsupported(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        for key in DROPPED {
            map.remove(key);
        }
        // Only alone is it `additionalProperties`: beside a composition or a `$ref` it also
        // admits what those evaluate, which 3.0 cannot say; dropped, the type stays open.
        let composed = ["allOf", "anyOf", "oneOf", "$ref"]
            .iter()
            .any(|key| map.contains_key(*key));
        if let Some(unevaluated) = map.remove("unevaluatedProperties")
            && !map.contains_key("additionalProperties")
            && !composed
        {
            map.insert("additionalProperties".to_owned(), unevaluated);
        }
        if let Some(patterns) = map.remove("patternProperties") {
            match patterns {
                // Only keys matching one pattern: a map of its values (keys are not checked).
                Value::Object(patterns)
                    if patterns.len() == 1
                        && map.get("additionalProperties") == Some(&Value::Bool(false)) =>
                {
                    if let Some((_, schema)) = patterns.into_iter().next() {
                        map.insert("additionalProperties".to_owned(), schema);
                    }
                }
                // Other keys may hold anything: a map of the pattern's values would refuse
                // them, so the object stays open (its values kept as any JSON).
                Value::Object(patterns)
                    if patterns.len() == 1 && !map.contains_key("additionalProperties") => {}
                _ => self.warn(
                    push_pointer(pointer, "patternProperties"),
                    "`patternProperties` beside other additional properties is not supported; ignoring it",
                ),
            }
        }
        let conditional: Vec<&str> = ["if", "then", "else"]
            .into_iter()
            .filter(|key| map.remove(*key).is_some())
            .collect();
        if let Some(first) = conditional.first() {
            self.warn(
                push_pointer(pointer, first),
                "conditional subschemas (`if`/`then`/`else`) are not supported; ignoring them",
            );
        }
        for (key, what) in [
            ("dependentSchemas", "`dependentSchemas` is"),
            ("$dynamicRef", "`$dynamicRef` is"),
        ] {
            if map.remove(key).is_some() {
                self.warn(
                    push_pointer(pointer, key),
                    format!("{what} not supported; ignoring it"),
                );
            }
        }
    }

    /// `prefixItems` (a tuple) has no place in openapiv3; it is kept as `x-prefix-items` so a
    /// later lowering can make a Rust tuple, and `items` says what a list can say today.
    fn prefix_items(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        let Some(prefix) = map.remove("prefixItems") else {
            return;
        };
        let items = map.remove("items");
        let first = prefix.as_array().and_then(|p| p.first()).cloned();
        let uniform = prefix
            .as_array()
            .is_some_and(|p| p.iter().all(|member| Some(member) == first.as_ref()));
        let after = match &items {
            None | Some(Value::Bool(false)) => None,
            Some(other) => Some(other),
        };
        let length = prefix.as_array().map_or(0, Vec::len);
        // `items: false` is JSON Schema's way of saying "no more than these"; 3.0 says it
        // with `maxItems`.
        if matches!(items, Some(Value::Bool(false))) && !map.contains_key("maxItems") {
            map.insert("maxItems".to_owned(), Value::from(length));
        }
        let bound = |key: &str| map.get(key).and_then(Value::as_u64);
        let fixed = length > 0
            && bound("minItems") == u64::try_from(length).ok()
            && bound("maxItems") == u64::try_from(length).ok();
        match (uniform, first) {
            // Exactly these positions: lowering makes a Rust tuple of `x-prefix-items`.
            _ if fixed => {}
            // Every position has the same type (and so do any items after them): a list of it.
            (true, Some(first)) if after.is_none_or(|after| after == &first) => {
                map.insert("items".to_owned(), first);
            }
            (_, None) => {
                if let Some(after) = after {
                    map.insert("items".to_owned(), after.clone());
                }
            }
            _ => self.warn(
                push_pointer(pointer, "prefixItems"),
                "a `prefixItems` list of different types that allows more or fewer items is generated as a list of serde_json::Value",
            ),
        }
        map.insert("x-prefix-items".to_owned(), prefix);
        if !map.contains_key("type") {
            map.insert("type".to_owned(), Value::String("array".to_owned()));
        }
    }
}

/// `examples: [a, ...]` in a schema (3.1) -> `example: a` (3.0).
fn examples(map: &mut Map<String, Value>) {
    if !matches!(map.get("examples"), Some(Value::Array(_))) {
        return;
    }
    if let Some(Value::Array(list)) = map.remove("examples")
        && !map.contains_key("example")
        && let Some(first) = list.into_iter().next()
    {
        map.insert("example".to_owned(), first);
    }
}

/// Numeric `exclusiveMinimum: n` (3.1) -> `minimum: n` + `exclusiveMinimum: true` (3.0).
/// Boolean ones are 3.0 leftovers and stay.
fn exclusive_bounds(map: &mut Map<String, Value>) {
    for (exclusive_key, bound_key, tighter) in [
        ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
        ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
    ] {
        let Some(Value::Number(exclusive)) = map.get(exclusive_key).cloned() else {
            continue;
        };
        map.remove(exclusive_key);
        // Both given: each still holds, so the tighter one wins.
        if let Some(Value::Number(bound)) = map.get(bound_key)
            && compare(bound, &exclusive) == Some(tighter)
        {
            continue;
        }
        map.insert(bound_key.to_owned(), Value::Number(exclusive));
        map.insert(exclusive_key.to_owned(), Value::Bool(true));
    }
}

fn compare(a: &Number, b: &Number) -> Option<std::cmp::Ordering> {
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}

/// `contentEncoding: base64` is what 3.0 calls `format: byte`; a non-text `contentMediaType`
/// without an encoding is raw bytes, `format: binary`.
fn content_encoding(map: &mut Map<String, Value>) {
    let encoding = map.remove("contentEncoding");
    let media_type = map.remove("contentMediaType");
    let is_string = match map.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    };
    if !is_string || map.contains_key("format") {
        return;
    }
    let format = match (encoding.as_ref().and_then(Value::as_str), media_type) {
        (Some("base64" | "base64url"), _) => "byte",
        (Some("binary"), _) => "binary",
        (Some(_), _) => return,
        (None, Some(Value::String(media_type))) if !is_textual(&media_type) => "binary",
        (None, _) => return,
    };
    map.insert("format".to_owned(), Value::String(format.to_owned()));
}

fn is_textual(media_type: &str) -> bool {
    let media_type = media_type.to_ascii_lowercase();
    media_type.starts_with("text/") || media_type.contains("json") || media_type.contains("xml")
}

/// `const: v` -> `enum: [v]`, with the type `v` has when none is given.
fn constant(map: &mut Map<String, Value>) {
    let Some(value) = map.remove("const") else {
        return;
    };
    if !map.contains_key("type")
        && let Some(kind) = kind_of(&value)
    {
        map.insert("type".to_owned(), Value::String(kind.to_owned()));
    }
    map.insert("enum".to_owned(), Value::Array(vec![value]));
}

pub(super) fn kind_of(value: &Value) -> Option<&'static str> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    })
}

/// A 3.1 `$ref` with siblings (description, default, nullable, ...) means both; openapiv3 keeps
/// only the reference, so it becomes `allOf: [{$ref}]` beside the siblings, which lowering reads
/// as the referenced type with the siblings' docs, default and nullability (its target's too).
fn ref_siblings(map: &mut Map<String, Value>, nullable: &HashSet<String>) {
    if !map.contains_key("$ref") {
        return;
    }
    // `$defs` beside a reference is a container of definitions, not a constraint on the value.
    let siblings = map.keys().any(|k| k != "$ref" && k != "$defs");
    if !siblings {
        return;
    }
    let Some(reference) = map.remove("$ref") else {
        return;
    };
    let target_nullable = reference
        .as_str()
        .and_then(component_key)
        .is_some_and(|key| nullable.contains(&key));
    if target_nullable && !map.contains_key("nullable") {
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    let mut wrapped = Map::new();
    wrapped.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
    wrapped.extend(std::mem::take(map));
    *map = wrapped;
}
