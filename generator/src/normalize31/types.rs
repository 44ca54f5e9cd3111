//! `type` lists (3.1): one type and `null` is a nullable type; several types are an anyOf of
//! single-type schemas, each taking the keywords that apply to it.

use serde_json::{Map, Value, json};

use super::Normalizer;
use crate::diagnostics::push_pointer;

/// Formats that belong to numbers when a type list is split; any other format is a string's.
const NUMBER_FORMATS: [&str; 4] = ["int32", "int64", "float", "double"];

impl Normalizer {
    /// `type: [X, "null"]` -> `type: X` + `nullable`; several non-null types -> an anyOf of
    /// single-type schemas, each taking the keywords that apply to its type.
    pub(super) fn type_list(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        let names: Vec<String> = match map.get("type") {
            Some(Value::String(name)) if name == "null" => vec![name.clone()],
            Some(Value::Array(names)) => {
                let strings: Vec<String> = names
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_owned))
                    .collect();
                if strings.len() != names.len() {
                    self.warn(
                        push_pointer(pointer, "type"),
                        "a `type` list entry that is not a string is ignored",
                    );
                }
                strings
            }
            _ => return,
        };
        let nullable = names.iter().any(|n| n == "null");
        let mut kinds: Vec<&str> = Vec::new();
        for name in &names {
            if name != "null" && !kinds.contains(&name.as_str()) {
                kinds.push(name);
            }
        }
        // Every integer is a number: `[integer, number]` is just number.
        if kinds.contains(&"number") {
            kinds.retain(|k| *k != "integer");
        }
        map.remove("type");
        match kinds.as_slice() {
            [] => {
                if nullable && !map.contains_key("enum") {
                    map.insert("enum".to_owned(), json!([null]));
                }
            }
            [kind] => {
                map.insert("type".to_owned(), Value::String((*kind).to_owned()));
            }
            several => split_types(map, several),
        }
        if nullable {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
    }
}

/// Keywords that move into the branch of a split type list.
fn keywords_of(kind: &str) -> &'static [&'static str] {
    match kind {
        "string" => &["pattern", "minLength", "maxLength"],
        "integer" | "number" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        "array" => &[
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
            "x-prefix-items",
        ],
        _ => &[],
    }
}

fn fits(kind: &str, value: &Value) -> bool {
    match kind {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        _ => false,
    }
}

fn split_types(map: &mut Map<String, Value>, kinds: &[&str]) {
    let values = match map.get("enum") {
        Some(Value::Array(values)) => Some(values.clone()),
        _ => None,
    };
    let format = map.get("format").and_then(Value::as_str).map(str::to_owned);
    let format_kind = |kind: &str| match &format {
        Some(f) if NUMBER_FORMATS.contains(&f.as_str()) => matches!(kind, "integer" | "number"),
        Some(_) => kind == "string",
        None => false,
    };
    let mut branches = Vec::new();
    let mut moved: Vec<&str> = Vec::new();
    for kind in kinds {
        let mut branch = Map::new();
        branch.insert("type".to_owned(), Value::String((*kind).to_owned()));
        if let Some(values) = &values {
            let own: Vec<Value> = values.iter().filter(|v| fits(kind, v)).cloned().collect();
            // None of the listed values has this type, so no value of it is allowed.
            if own.is_empty() {
                continue;
            }
            branch.insert("enum".to_owned(), Value::Array(own));
        }
        if format_kind(kind)
            && let Some(format) = &format
        {
            branch.insert("format".to_owned(), Value::String(format.clone()));
        }
        for key in keywords_of(kind) {
            if let Some(value) = map.get(*key) {
                branch.insert((*key).to_owned(), value.clone());
                moved.push(key);
            }
        }
        branches.push(Value::Object(branch));
    }
    if branches.is_empty() {
        return;
    }
    for key in moved {
        map.remove(key);
    }
    if values.is_some() {
        map.remove("enum");
    }
    if format.is_some() && kinds.iter().any(|k| format_kind(k)) {
        map.remove("format");
    }
    if ["anyOf", "oneOf", "allOf"]
        .iter()
        .any(|k| map.contains_key(*k))
    {
        // Already a combination: the type alternatives become one more allOf constraint.
        let all_of = map
            .entry("allOf")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(all_of) = all_of {
            all_of.push(json!({ "anyOf": branches }));
        }
    } else {
        map.insert("anyOf".to_owned(), Value::Array(branches));
    }
}
