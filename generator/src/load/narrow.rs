//! Finds the smallest part of a document that openapiv3 refuses.
//!
//! serde_path_to_error names the failing node only while serde knows where it is; inside
//! openapiv3's untagged `ReferenceOr` and flattened structs serde buffers the input and the
//! path stops there (a bad keyword deep inside a schema would be blamed on the whole
//! document). So when the whole document fails, its parts are deserialized again one by one,
//! descending into whichever part still fails on its own.

use openapiv3::{
    Header, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
    SecurityScheme,
};
use serde_json::Value;

use super::try_deserialize;
use crate::diagnostics::{Diagnostic, push_pointer};

/// The diagnostic for the smallest failing part, or `None` if every part is fine on its own
/// (the caller then keeps the whole document's error).
pub(super) fn narrow(tree: &Value) -> Option<Diagnostic> {
    for (at, item) in members(tree, "", "paths") {
        if let Some(found) = path_item(item, &at) {
            return Some(found);
        }
    }
    let components = tree.get("components")?;
    type Check = fn(&Value, &str) -> Option<Diagnostic>;
    let sections: [(&str, Check); 6] = [
        ("schemas", |v, at| {
            check::<ReferenceOr<Schema>>(v, at).map(|found| schema(v, at, found))
        }),
        ("responses", holder::<ReferenceOr<Response>>),
        ("parameters", holder::<ReferenceOr<Parameter>>),
        ("requestBodies", holder::<ReferenceOr<RequestBody>>),
        ("headers", holder::<ReferenceOr<Header>>),
        ("securitySchemes", check::<ReferenceOr<SecurityScheme>>),
    ];
    for (section, check_one) in sections {
        for (at, value) in members(components, "/components", section) {
            if let Some(found) = check_one(value, &at) {
                return Some(found);
            }
        }
    }
    None
}

fn path_item(item: &Value, at: &str) -> Option<Diagnostic> {
    for (param_at, param) in items(item, at, "parameters") {
        if let Some(found) = holder::<ReferenceOr<Parameter>>(param, &param_at) {
            return Some(found);
        }
    }
    for method in [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ] {
        let Some(op) = item.get(method) else { continue };
        let op_at = push_pointer(at, method);
        for (param_at, param) in items(op, &op_at, "parameters") {
            if let Some(found) = holder::<ReferenceOr<Parameter>>(param, &param_at) {
                return Some(found);
            }
        }
        if let Some(body) = op.get("requestBody")
            && let Some(found) =
                holder::<ReferenceOr<RequestBody>>(body, &push_pointer(&op_at, "requestBody"))
        {
            return Some(found);
        }
        for (response_at, response) in members(op, &op_at, "responses") {
            if let Some(found) = holder::<ReferenceOr<Response>>(response, &response_at) {
                return Some(found);
            }
        }
        if let Some(found) = check::<Operation>(op, &op_at) {
            return Some(found);
        }
    }
    check::<ReferenceOr<PathItem>>(item, at)
}

fn check<T: serde::de::DeserializeOwned>(value: &Value, pointer: &str) -> Option<Diagnostic> {
    try_deserialize::<T>(value, pointer).err()
}

/// Checks a parameter, header, body or response; if it fails, a schema inside it that fails
/// on its own is the better place to blame.
fn holder<T: serde::de::DeserializeOwned>(value: &Value, at: &str) -> Option<Diagnostic> {
    let found = check::<T>(value, at)?;
    for (schema_at, inner) in schemas_held(value, at) {
        if let Some(inner_found) = check::<ReferenceOr<Schema>>(inner, &schema_at) {
            return Some(schema(inner, &schema_at, inner_found));
        }
    }
    Some(found)
}

/// Where a parameter, header, body or response keeps its schemas: `schema`,
/// `content/<type>/schema` and `headers/<name>/schema`.
fn schemas_held<'v>(value: &'v Value, at: &str) -> Vec<(String, &'v Value)> {
    let mut found: Vec<(String, &Value)> = Vec::new();
    if let Some(own) = value.get("schema") {
        found.push((push_pointer(at, "schema"), own));
    }
    for section in ["content", "headers"] {
        for (inner_at, inner) in members(value, at, section) {
            if let Some(own) = inner.get("schema") {
                found.push((push_pointer(&inner_at, "schema"), own));
            }
        }
    }
    found
}

/// A schema that fails: the deepest sub-schema that fails on its own, then the first keyword
/// that fails on its own, if there is one. A loop, not recursion: the nesting is the
/// document's to choose. Each keyword is tried alone, not the schema without it, so the cost
/// stays linear in the schema's size however many keywords it has.
fn schema(value: &Value, at: &str, found: Diagnostic) -> Diagnostic {
    let (mut value, mut at, mut found) = (value, at.to_owned(), found);
    'descend: loop {
        for (child_at, child) in sub_schemas(value, &at) {
            if let Some(child_found) = check::<ReferenceOr<Schema>>(child, &child_at) {
                (value, at, found) = (child, child_at, child_found);
                continue 'descend;
            }
        }
        break;
    }
    let Value::Object(map) = value else {
        return found;
    };
    for (key, keyword) in map {
        let alone = Value::Object(serde_json::Map::from_iter([(key.clone(), keyword.clone())]));
        if check::<ReferenceOr<Schema>>(&alone, &at).is_some() {
            return Diagnostic {
                pointer: push_pointer(&at, key),
                ..found
            };
        }
    }
    found
}

fn sub_schemas<'v>(value: &'v Value, at: &str) -> Vec<(String, &'v Value)> {
    let mut found = members(value, at, "properties");
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child @ Value::Object(_)) = value.get(key) {
            found.push((push_pointer(at, key), child));
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        found.extend(items(value, at, key));
    }
    found
}

/// The members of the mapping at `value[key]`; nothing if it is not a mapping (then it is the
/// mapping itself that is wrong, which the enclosing check reports).
fn members<'v>(value: &'v Value, pointer: &str, key: &str) -> Vec<(String, &'v Value)> {
    let base = push_pointer(pointer, key);
    match value.get(key) {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| (push_pointer(&base, k), v))
            .collect(),
        _ => Vec::new(),
    }
}

/// The items of the list at `value[key]`; nothing if it is not a list.
fn items<'v>(value: &'v Value, pointer: &str, key: &str) -> Vec<(String, &'v Value)> {
    let base = push_pointer(pointer, key);
    match value.get(key) {
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .map(|(i, v)| (push_pointer(&base, &i.to_string()), v))
            .collect(),
        _ => Vec::new(),
    }
}
