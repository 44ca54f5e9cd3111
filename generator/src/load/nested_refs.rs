//! References into the inside of a component schema (`#/components/schemas/Outer/$defs/Inner`,
//! `#/components/schemas/Outer/properties/name`): JSON Schema allows them, the 3.0 model only
//! knows whole components. Each target becomes a component of its own, named after its place,
//! and the references point there.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::diagnostics::unescape_token;

const PREFIX: &str = "#/components/schemas/";

/// Rewrites every nested schema reference whose target exists; a target that does not stays
/// as written, for lowering to report as broken.
pub(crate) fn hoist_nested_schema_refs(tree: &mut Value) {
    // A hoisted schema may itself hold nested references: a few rounds settle any real document.
    for _ in 0..4 {
        let mut nested = Vec::new();
        collect(tree, &mut nested);
        nested.sort();
        nested.dedup();
        let mut renamed = BTreeMap::new();
        for reference in nested {
            let Some(target) = reference
                .strip_prefix('#')
                .and_then(|pointer| tree.pointer(pointer))
                .cloned()
            else {
                continue;
            };
            let Some(schemas) = tree
                .pointer_mut("/components/schemas")
                .and_then(Value::as_object_mut)
            else {
                return;
            };
            let name = free_name(schemas, &reference);
            schemas.insert(name.clone(), target);
            renamed.insert(reference, format!("{PREFIX}{name}"));
        }
        if renamed.is_empty() {
            return;
        }
        rewrite(tree, &renamed);
    }
}

/// `Outer_Inner` for `.../Outer/$defs/Inner`, `Outer_name` for `.../Outer/properties/name`,
/// with a number when the document already has that name.
fn free_name(schemas: &Map<String, Value>, reference: &str) -> String {
    let rest = reference.strip_prefix(PREFIX).unwrap_or(reference);
    let mut segments = rest.split('/').map(unescape_token);
    let outer = segments.next().unwrap_or_default();
    let inner = segments.next_back().unwrap_or_default();
    let base = format!("{outer}_{inner}");
    let mut name = base.clone();
    let mut n = 2;
    while schemas.contains_key(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

fn is_nested(reference: &str) -> bool {
    reference
        .strip_prefix(PREFIX)
        .is_some_and(|rest| rest.contains('/'))
}

fn collect(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref")
                && is_nested(reference)
            {
                out.push(reference.clone());
            }
            map.values().for_each(|child| collect(child, out));
        }
        Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
        _ => {}
    }
}

fn rewrite(value: &mut Value, renamed: &BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref")
                && let Some(new) = renamed.get(reference.as_str())
            {
                *reference = new.clone();
            }
            map.values_mut().for_each(|child| rewrite(child, renamed));
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite(item, renamed)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::hoist_nested_schema_refs;

    #[test]
    fn nested_targets_become_components_and_references_follow() {
        let mut tree = json!({"components": {"schemas": {
            "Outer": {
                "type": "object",
                "properties": {
                    "inner": {"$ref": "#/components/schemas/Outer/$defs/Inner"},
                    "name": {"type": "string"}
                },
                "$defs": {"Inner": {"type": "object", "properties": {
                    "deeper": {"$ref": "#/components/schemas/Outer/properties/name"}
                }}}
            },
            "Outer_name": {"type": "integer"},
            "Other": {"properties": {"gone": {"$ref": "#/components/schemas/Outer/$defs/None"}}}
        }}});
        hoist_nested_schema_refs(&mut tree);
        let schemas = &tree["components"]["schemas"];
        assert_eq!(
            schemas["Outer"]["properties"]["inner"]["$ref"],
            "#/components/schemas/Outer_Inner"
        );
        assert_eq!(
            schemas["Outer_Inner"]["properties"]["deeper"]["$ref"],
            "#/components/schemas/Outer_name2"
        );
        assert_eq!(schemas["Outer_name2"], json!({"type": "string"}));
        // A target that does not exist is left for lowering to report.
        assert_eq!(
            schemas["Other"]["properties"]["gone"]["$ref"],
            "#/components/schemas/Outer/$defs/None"
        );
    }
}
