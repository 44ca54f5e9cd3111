//! References to places outside `components` (`#/paths/~1a/get/responses/401`): bundlers such as
//! json-schema-ref-parser write one when a second file refers to something the first already
//! inlined. The 3.0 model only follows `#/components/<section>/<name>`, so each such target is
//! moved into the section its place says (`responses`, `parameters`, `schemas`, ...), a reference
//! to it left where it was, and every reference to it pointed at the component. Deepest targets
//! move first, so that a target inside another moves out before its container does.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::ref_walk::{Moves, free_key, references, rewrite};
use crate::diagnostics::{percent_decode, push_pointer, unescape_token};

/// Moves every referenced place outside `components` that has a section into that section.
/// A target that does not exist, or whose place has no section (an operation, a path item),
/// stays as written, for lowering to report.
pub(crate) fn hoist_local_refs(tree: &mut Value, moves: &mut Moves) {
    // A moved target may hold references into another: a few rounds settle any real document.
    for _ in 0..4 {
        let mut references_found = Vec::new();
        references(tree, &mut references_found);
        let mut pointers: Vec<String> = references_found
            .iter()
            .filter_map(|reference| local_pointer(reference))
            .filter(|pointer| {
                !names_component(pointer) && !pointer.starts_with("/components/schemas/")
            })
            .collect();
        pointers.sort_by_key(|pointer| std::cmp::Reverse(pointer.matches('/').count()));
        pointers.dedup();
        let mut moved = BTreeMap::new();
        for pointer in pointers {
            let Some(section) = section_of(&pointer) else {
                continue;
            };
            let Some(target) = tree.pointer(&pointer).cloned() else {
                continue;
            };
            let Some(components) = tree
                .as_object_mut()
                .map(|root| root.entry("components").or_insert_with(|| json!({})))
                .and_then(Value::as_object_mut)
            else {
                return;
            };
            let Some(entries) = components
                .entry(section)
                .or_insert_with(|| json!({}))
                .as_object_mut()
            else {
                continue;
            };
            let name = free_name(entries, &pointer);
            entries.insert(name.clone(), target);
            let place = push_pointer(&format!("/components/{section}"), &name);
            let reference = format!("#{place}");
            if let Some(original) = tree.pointer_mut(&pointer) {
                *original = json!({ "$ref": reference });
            }
            moves.record(place, pointer.clone());
            moved.insert(pointer, reference);
        }
        if moved.is_empty() {
            return;
        }
        rewrite(tree, &|reference| {
            local_pointer(reference).and_then(|pointer| moved.get(&pointer).cloned())
        });
    }
}

/// The JSON pointer of a local reference (`#/a/b`, percent-decoded as a URI fragment).
fn local_pointer(reference: &str) -> Option<String> {
    let pointer = percent_decode(reference.strip_prefix('#')?);
    pointer.starts_with('/').then_some(pointer)
}

/// `/components/<section>/<name>`: what lowering follows.
fn names_component(pointer: &str) -> bool {
    let mut segments = pointer.split('/').skip(1);
    segments.next() == Some("components")
        && segments.next().is_some()
        && segments.next().is_some()
        && segments.next().is_none()
}

/// The components section a place belongs in, from the key that holds it. Schemas inside
/// component schemas are left to `nested_refs`.
fn section_of(pointer: &str) -> Option<&'static str> {
    let mut segments = pointer.rsplit('/');
    let last = segments.next()?;
    let parent = segments.next()?;
    Some(match (parent, last) {
        (_, "requestBody") => "requestBodies",
        (_, "schema" | "items" | "additionalProperties" | "not") => "schemas",
        ("properties" | "allOf" | "oneOf" | "anyOf" | "prefixItems", _) => "schemas",
        ("responses", _) => "responses",
        ("parameters", _) => "parameters",
        ("headers", _) => "headers",
        ("examples", _) => "examples",
        ("links", _) => "links",
        ("callbacks", _) => "callbacks",
        _ => return None,
    })
}

/// A name from the place: the last path segment that is not a parameter, the method, and the
/// keys after it that say something (`models_get_401`), numbered when taken.
fn free_name(entries: &Map<String, Value>, pointer: &str) -> String {
    const NOISE: [&str; 6] = [
        "paths",
        "responses",
        "content",
        "schema",
        "parameters",
        "properties",
    ];
    let segments: Vec<String> = pointer.split('/').skip(1).map(unescape_token).collect();
    let mut words = Vec::new();
    for (index, segment) in segments.iter().enumerate() {
        if index == 1 && segments.first().is_some_and(|s| s == "paths") {
            // The URL path: its last segment that is not a `{parameter}`.
            let word = segment
                .split('/')
                .rfind(|part| !part.is_empty() && !part.starts_with('{'))
                .unwrap_or("root");
            words.push(word.to_owned());
        } else if !NOISE.contains(&segment.as_str()) && !segment.contains('/') {
            words.push(segment.clone());
        }
    }
    let base = match words.join("_") {
        base if base.is_empty() => "hoisted".to_owned(),
        base => base,
    };
    free_key(entries, base)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::hoist_local_refs;
    use crate::load::Moves;

    #[test]
    fn places_in_paths_become_components_and_references_follow() {
        let mut tree = json!({
            "paths": {
                "/v1/models": {"get": {"responses": {"200": {
                    "description": "ok",
                    "headers": {"rate-limit": {"schema": {"type": "integer"}}},
                    "content": {"application/json": {"schema": {"type": "object"}}}
                }}}},
                "/v1/models/{id}": {"get": {
                    "parameters": [{"name": "id", "in": "path", "required": true,
                                    "schema": {"type": "string"}}],
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema":
                            {"$ref": "#/paths/~1v1~1models/get/responses/200/content/application~1json/schema"}}}},
                        "401": {"$ref": "#/paths/~1v1~1nfs/get/responses/401"},
                        "404": {"$ref": "#/paths/~1v1~1models/get"}
                    }
                }},
                "/v1/nfs": {"get": {
                    "parameters": [{"$ref": "#/paths/~1v1~1models~1{id}/get/parameters/0"}],
                    "responses": {"401": {
                        "description": "no",
                        "headers": {"rate-limit": {"$ref": "#/paths/~1v1~1models/get/responses/200/headers/rate-limit"}}
                    }}
                }}
            }
        });
        hoist_local_refs(&mut tree, &mut Moves::default());
        let components = &tree["components"];
        let models = &tree["paths"]["/v1/models"]["get"]["responses"]["200"];
        assert_eq!(
            models["headers"]["rate-limit"]["$ref"],
            "#/components/headers/models_get_200_headers_rate-limit"
        );
        assert_eq!(
            components["headers"]["models_get_200_headers_rate-limit"],
            json!({"schema": {"type": "integer"}})
        );
        assert_eq!(
            models["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/models_get_200"
        );
        let by_id = &tree["paths"]["/v1/models/{id}"]["get"];
        assert_eq!(
            by_id["parameters"][0]["$ref"],
            "#/components/parameters/models_get_0"
        );
        assert_eq!(
            by_id["responses"]["401"]["$ref"],
            "#/components/responses/nfs_get_401"
        );
        assert_eq!(
            components["responses"]["nfs_get_401"]["headers"]["rate-limit"]["$ref"],
            "#/components/headers/models_get_200_headers_rate-limit"
        );
        assert_eq!(
            tree["paths"]["/v1/nfs"]["get"]["parameters"][0]["$ref"],
            by_id["parameters"][0]["$ref"]
        );
        // An operation is not a component: left for lowering to report.
        assert_eq!(
            by_id["responses"]["404"]["$ref"],
            "#/paths/~1v1~1models/get"
        );
    }
}
