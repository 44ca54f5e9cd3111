//! References into the inside of a component schema (`#/components/schemas/Outer/$defs/Inner`,
//! `#/components/schemas/Outer/properties/name`): JSON Schema allows them, the 3.0 model only
//! knows whole components. Each target becomes a component of its own, named after its place,
//! and the references point there.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::ref_walk::{Moves, free_key, pointer_through_refs, references, rewrite};
use crate::diagnostics::{push_pointer, unescape_token};

const PREFIX: &str = "#/components/schemas/";

/// Rewrites every nested schema reference whose target exists; a target that does not stays
/// as written, for lowering to report as broken.
pub(crate) fn hoist_nested_schema_refs(tree: &mut Value, moves: &mut Moves) {
    // A hoisted schema may itself hold nested references: a few rounds settle any real document.
    for _ in 0..4 {
        let mut nested = Vec::new();
        references(tree, &mut nested);
        nested.retain(|reference| is_nested(reference));
        nested.sort();
        nested.dedup();
        let mut renamed = BTreeMap::new();
        for reference in nested {
            let Some(target) = reference
                .strip_prefix('#')
                .and_then(|pointer| pointer_through_refs(tree, pointer))
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
            // Escaped: a name made of a key may hold `/` or `~`.
            let place = push_pointer("/components/schemas", &name);
            if let Some(pointer) = reference.strip_prefix('#') {
                moves.record(place.clone(), pointer.to_owned());
            }
            renamed.insert(reference, format!("#{place}"));
        }
        if renamed.is_empty() {
            return;
        }
        rewrite(tree, &|reference| renamed.get(reference).cloned());
    }
}

/// `Outer_Inner` for `.../Outer/$defs/Inner`, `Outer_name` for `.../Outer/properties/name`,
/// with a number when the document already has that name.
fn free_name(schemas: &Map<String, Value>, reference: &str) -> String {
    let rest = reference.strip_prefix(PREFIX).unwrap_or(reference);
    let mut segments = rest.split('/').map(unescape_token);
    let outer = segments.next().unwrap_or_default();
    let inner = segments.next_back().unwrap_or_default();
    free_key(schemas, format!("{outer}_{inner}"))
}

fn is_nested(reference: &str) -> bool {
    reference
        .strip_prefix(PREFIX)
        .is_some_and(|rest| rest.contains('/'))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::hoist_nested_schema_refs;
    use crate::load::Moves;

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
        hoist_nested_schema_refs(&mut tree, &mut Moves::default());
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

    #[test]
    fn pointers_through_a_reference_reach_what_it_refers_to() {
        let mut tree = json!({"components": {"schemas": {
            "Scoring": {"type": "object", "properties": {"white": {"type": "number"}}},
            "Round": {"type": "object", "properties": {
                "scoring": {"$ref": "#/components/schemas/Scoring"},
                "white": {"$ref": "#/components/schemas/Round/properties/scoring/properties/white"},
                "a/b": {"type": "boolean"},
                "slashed": {"$ref": "#/components/schemas/Round/properties/a~1b"},
                "loop": {"$ref": "#/components/schemas/Loop/properties/x"}
            }},
            "Loop": {"$ref": "#/components/schemas/Loop"}
        }}});
        hoist_nested_schema_refs(&mut tree, &mut Moves::default());
        let schemas = &tree["components"]["schemas"];
        assert_eq!(
            schemas["Round"]["properties"]["white"]["$ref"],
            "#/components/schemas/Round_white"
        );
        assert_eq!(schemas["Round_white"], json!({"type": "number"}));
        // A name made of a key with `/` is escaped in the reference to it.
        assert_eq!(
            schemas["Round"]["properties"]["slashed"]["$ref"],
            "#/components/schemas/Round_a~1b"
        );
        assert_eq!(schemas["Round_a/b"], json!({"type": "boolean"}));
        // A reference to itself leads nowhere: left for lowering to report.
        assert_eq!(
            schemas["Round"]["properties"]["loop"]["$ref"],
            "#/components/schemas/Loop/properties/x"
        );
    }
}
