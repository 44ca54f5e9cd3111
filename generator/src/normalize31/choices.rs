//! anyOf/oneOf rules: `{type: "null"}` branches become `nullable`, and a choice between
//! constants (a "documented enum") becomes an enum.

use serde_json::{Map, Value, json};

use super::schema::kind_of;

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
pub(super) fn null_branches(map: &mut Map<String, Value>) {
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
pub(super) fn documented_enum(map: &mut Map<String, Value>) {
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
