//! What the passes that move reference targets share: every `$ref` string of a tree, rewriting
//! them, and a component name not yet taken.

use serde_json::{Map, Value};

/// Every `$ref` string in the tree, in document order.
pub(super) fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push(reference.clone());
            }
            map.values().for_each(|child| references(child, out));
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, out)),
        _ => {}
    }
}

/// Replaces each `$ref` string for which `new` gives a replacement.
pub(super) fn rewrite(value: &mut Value, new: &impl Fn(&str) -> Option<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref")
                && let Some(replacement) = new(reference)
            {
                *reference = replacement;
            }
            map.values_mut().for_each(|child| rewrite(child, new));
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite(item, new)),
        _ => {}
    }
}

/// `base`, or `base2`, `base3`... if the section already has that name.
pub(super) fn free_key(entries: &Map<String, Value>, base: String) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while entries.contains_key(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}
