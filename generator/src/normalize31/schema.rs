//! The rules for one schema object. Subschemas are rewritten first, so each rule sees children
//! already in the 3.0 shape (a `{type: "null"}` branch is `{nullable: true, enum: [null]}` by the
//! time its parent's anyOf is looked at).

use serde_json::{Map, Number, Value, json};

use super::Normalizer;
use crate::diagnostics::push_pointer;

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

/// Keywords beside which a schema is only annotated, not shaped.
const ANNOTATIONS: [&str; 9] = [
    "title",
    "description",
    "default",
    "example",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
];

/// Formats that belong to numbers when a type list is split; any other format is a string's.
const NUMBER_FORMATS: [&str; 4] = ["int32", "int64", "float", "double"];

impl Normalizer {
    pub(super) fn schema(&mut self, value: &mut Value, pointer: &str, depth: usize) {
        if self.only_type_lists {
            self.type_list_in_30(value, pointer, depth);
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
        ref_siblings(map);
    }

    fn type_list_in_30(&mut self, value: &mut Value, pointer: &str, depth: usize) {
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
        if let Some(unevaluated) = map.remove("unevaluatedProperties")
            && !map.contains_key("additionalProperties")
        {
            map.insert("additionalProperties".to_owned(), unevaluated);
        }
        if let Some(patterns) = map.remove("patternProperties") {
            match patterns {
                Value::Object(patterns)
                    if patterns.len() == 1 && !map.contains_key("additionalProperties") =>
                {
                    // Keys matching one pattern: a map whose keys are not checked.
                    if let Some((_, schema)) = patterns.into_iter().next() {
                        map.insert("additionalProperties".to_owned(), schema);
                    }
                }
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
        match (uniform, first) {
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
                "tuples (`prefixItems`) with items of different types are generated as a list of serde_json::Value",
            ),
        }
        map.insert("x-prefix-items".to_owned(), prefix);
        if !map.contains_key("type") {
            map.insert("type".to_owned(), Value::String("array".to_owned()));
        }
    }

    /// `type: [X, "null"]` -> `type: X` + `nullable`; several non-null types -> an anyOf of
    /// single-type schemas, each taking the keywords that apply to its type.
    fn type_list(&mut self, map: &mut Map<String, Value>, pointer: &str) {
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

fn kind_of(value: &Value) -> Option<&'static str> {
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

/// A schema that allows only `null`, as the type rule leaves `{type: "null"}`.
fn is_null_only(value: &Value) -> bool {
    let Value::Object(map) = value else {
        return false;
    };
    map.get("enum") == Some(&json!([null]))
        && !map.contains_key("type")
        && !map.contains_key("$ref")
        && map
            .keys()
            .all(|k| k == "enum" || k.starts_with("x-") || ANNOTATIONS.contains(&k.as_str()))
}

/// `anyOf: [X, {type: "null"}]` -> `anyOf: [X]` + `nullable: true`; one inline member left beside
/// nothing but annotations is merged into its parent, which is what a 3.0 author would write.
fn null_branches(map: &mut Map<String, Value>) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(members)) = map.get_mut(key) else {
            continue;
        };
        let before = members.len();
        members.retain(|m| !is_null_only(m));
        if members.len() == before {
            continue;
        }
        map.insert("nullable".to_owned(), Value::Bool(true));
        let only_annotations = map
            .keys()
            .all(|k| k == key || k.starts_with("x-") || ANNOTATIONS.contains(&k.as_str()));
        match map.get(key) {
            Some(Value::Array(members)) if members.is_empty() => {
                map.remove(key);
                if !map.contains_key("enum") && only_annotations {
                    map.insert("enum".to_owned(), json!([null]));
                }
            }
            Some(Value::Array(members))
                if members.len() == 1 && only_annotations && members[0].get("$ref").is_none() =>
            {
                if let Some(Value::Object(member)) = members.first().cloned() {
                    merge_into(map, key, member);
                }
            }
            _ => {}
        }
    }
}

/// Replaces `map[key]` by the member's keywords, the parent's own keywords winning.
fn merge_into(map: &mut Map<String, Value>, key: &str, member: Map<String, Value>) {
    let parent = std::mem::take(map);
    for (k, v) in &parent {
        if k == key {
            for (mk, mv) in &member {
                if !parent.contains_key(mk) {
                    map.insert(mk.clone(), mv.clone());
                }
            }
        } else {
            map.insert(k.clone(), v.clone());
        }
    }
}

/// A oneOf/anyOf whose members are each one constant of the same scalar type (Discord's
/// "documented enums": `{title, description, const}`) is an enum, not a union. The titles and
/// descriptions go into the description, and the titles into `x-enum-varnames`.
fn documented_enum(map: &mut Map<String, Value>) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = map.get(key) else {
            continue;
        };
        if members.len() < 2 || map.contains_key("enum") {
            continue;
        }
        let Some(constants) = members
            .iter()
            .map(constant_member)
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let kinds: Vec<&str> = constants.iter().map(|c| c.kind).collect();
        let kind = if kinds.iter().all(|k| *k == kinds[0]) {
            kinds[0]
        } else if kinds.iter().all(|k| matches!(*k, "integer" | "number")) {
            "number"
        } else {
            continue;
        };
        if let Some(Value::String(declared)) = map.get("type")
            && declared != kind
            && !(declared == "number" && kind == "integer")
        {
            continue;
        }
        let shaped = map.keys().any(|k| {
            k != key
                && k != "type"
                && k != "format"
                && !k.starts_with("x-")
                && !ANNOTATIONS.contains(&k.as_str())
        });
        if shaped {
            continue;
        }
        let listing = listing(&constants);
        let names: Option<Vec<Value>> = constants
            .iter()
            .map(|c| c.title.clone().map(Value::String))
            .collect();
        let values: Vec<Value> = constants.into_iter().map(|c| c.value).collect();
        map.remove(key);
        map.entry("type")
            .or_insert_with(|| Value::String(kind.to_owned()));
        map.insert("enum".to_owned(), Value::Array(values));
        if let Some(listing) = listing {
            let description = match map.get("description").and_then(Value::as_str) {
                Some(own) if !own.trim().is_empty() => format!("{}\n\n{listing}", own.trim_end()),
                _ => listing,
            };
            map.insert("description".to_owned(), Value::String(description));
        }
        if let Some(names) = names {
            map.insert("x-enum-varnames".to_owned(), Value::Array(names));
        }
        return;
    }
}

struct Constant {
    value: Value,
    kind: &'static str,
    title: Option<String>,
    description: Option<String>,
}

/// A member that is one scalar value and its documentation, nothing else.
fn constant_member(member: &Value) -> Option<Constant> {
    let Value::Object(member) = member else {
        return None;
    };
    let only_docs = member.keys().all(|k| {
        matches!(
            k.as_str(),
            "enum" | "type" | "format" | "title" | "description" | "deprecated"
        ) || k.starts_with("x-")
    });
    let [value] = member.get("enum")?.as_array()?.as_slice() else {
        return None;
    };
    let kind = match value {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => kind_of(value)?,
        _ => return None,
    };
    if !only_docs {
        return None;
    }
    let text = |key: &str| {
        member
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    Some(Constant {
        value: value.clone(),
        kind,
        title: text("title"),
        description: text("description"),
    })
}

/// "- `1` (JOIN): what it means", one line per value that has something to say.
fn listing(constants: &[Constant]) -> Option<String> {
    let lines: Vec<String> = constants
        .iter()
        .filter_map(|c| {
            let value = match &c.value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let title = c.title.as_deref().filter(|t| *t != value);
            let description = c.description.as_deref().map(|d| d.replace('\n', " "));
            match (title, description) {
                (None, None) => None,
                (Some(title), None) => Some(format!("- `{value}` ({title})")),
                (None, Some(description)) => Some(format!("- `{value}`: {description}")),
                (Some(title), Some(description)) => {
                    Some(format!("- `{value}` ({title}): {description}"))
                }
            }
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// A 3.1 `$ref` with siblings (description, default, nullable, ...) means both; openapiv3 keeps
/// only the reference, so it becomes `allOf: [{$ref}]` beside the siblings, which lowering reads
/// as the referenced type with the siblings' docs, default and nullability.
fn ref_siblings(map: &mut Map<String, Value>) {
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
    let mut wrapped = Map::new();
    wrapped.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
    wrapped.extend(std::mem::take(map));
    *map = wrapped;
}
