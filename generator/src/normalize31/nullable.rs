//! Which component schemas allow `null`, read from the 3.1 document before it is rewritten.
//!
//! A `$ref` with siblings becomes an allOf wrapper, and lowering asks the wrapper, not the
//! target, whether a property may be null; so the wrapper says `nullable` when its target does,
//! as a bare `$ref` to that target would have.

use std::collections::HashSet;

use serde_json::Value;

/// Null-allowing schemas nested deeper than this (in anyOf members) are not looked for.
const MAX_DEPTH: usize = 16;

pub(super) fn nullable_components(tree: &Value) -> HashSet<String> {
    let Some(Value::Object(schemas)) = tree.pointer("/components/schemas") else {
        return HashSet::new();
    };
    let mut nullable: HashSet<String> = schemas
        .iter()
        .filter(|(_, schema)| allows_null(schema, &HashSet::new(), 0))
        .map(|(key, _)| key.clone())
        .collect();
    // A reference allows null when its target does: each round follows one more link of a
    // chain, and a round that adds nothing ends it.
    loop {
        let found: Vec<String> = schemas
            .iter()
            .filter(|(key, schema)| !nullable.contains(*key) && allows_null(schema, &nullable, 0))
            .map(|(key, _)| key.clone())
            .collect();
        if found.is_empty() {
            return nullable;
        }
        nullable.extend(found);
    }
}

/// The component a `#/components/schemas/` reference names.
pub(super) fn component_key(reference: &str) -> Option<String> {
    let key = reference.strip_prefix("#/components/schemas/")?;
    Some(key.replace("~1", "/").replace("~0", "~"))
}

fn allows_null(schema: &Value, nullable: &HashSet<String>, depth: usize) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    if depth > MAX_DEPTH {
        return false;
    }
    let references_nullable = |value: &Value| {
        value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(component_key)
            .is_some_and(|key| nullable.contains(&key))
    };
    let member_allows_null =
        |member: &Value| references_nullable(member) || allows_null(member, nullable, depth + 1);
    let typed_null = match map.get("type") {
        Some(Value::String(name)) => name == "null",
        Some(Value::Array(names)) => names.iter().any(|n| n == "null"),
        _ => false,
    };
    let listed_null = match map.get("enum") {
        Some(Value::Array(values)) => values.iter().any(Value::is_null),
        _ => false,
    };
    let some_member = |key: &str| match map.get(key) {
        Some(Value::Array(members)) => members.iter().any(member_allows_null),
        _ => false,
    };
    let every_member = match map.get("allOf") {
        Some(Value::Array(members)) => {
            !members.is_empty() && members.iter().all(member_allows_null)
        }
        _ => false,
    };
    typed_null
        || listed_null
        || map.get("nullable") == Some(&Value::Bool(true))
        || map.get("const") == Some(&Value::Null)
        || references_nullable(schema)
        || some_member("anyOf")
        || some_member("oneOf")
        || every_member
}
