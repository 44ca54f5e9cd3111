//! Local corrections applied to the document before lowering, in the style of OpenAPI Overlay 1.0:
//! each action names a target with a JSONPath and either merges `update` into it or `remove`s it.
//! Keeping fixes here, not in the vendor text, lets a new vendor document drop in unchanged.
//!
//! Supported JSONPath: `$`, `.name`, `['name']` / `["name"]`, `[N]`, `.*` and `[*]`. An action
//! whose target matches nothing is an error, so a fix that no longer applies is noticed.

use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, push_pointer};

/// An OpenAPI Overlay 1.0 document (the parts we use).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Overlay {
    pub(crate) overlay: String,
    #[serde(default)]
    pub(crate) actions: Vec<Action>,
}

/// One change: a JSONPath target and what to do there.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Action {
    pub(crate) target: String,
    /// Why; shown when the target no longer matches.
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) update: Option<Value>,
    #[serde(default)]
    pub(crate) remove: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    /// `['a','b']`: several names at once.
    Keys(Vec<String>),
    Index(usize),
    Wildcard,
}

fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let rest = path
        .strip_prefix('$')
        .ok_or("a target must start with `$`")?;
    let mut steps = Vec::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '.' => {
                let start = i + 1;
                let mut end = rest.len();
                while let Some(&(j, next)) = chars.peek() {
                    if next == '.' || next == '[' {
                        end = j;
                        break;
                    }
                    chars.next();
                }
                let name = &rest[start..end];
                match name {
                    "" => return Err(format!("empty name at offset {start}")),
                    "*" => steps.push(Step::Wildcard),
                    _ => steps.push(Step::Key(name.to_owned())),
                }
            }
            '[' => {
                let close = rest[i..].find(']').map(|j| i + j).ok_or("unclosed `[`")?;
                let inner = rest[i + 1..close].trim();
                let names: Option<Vec<String>> =
                    inner.split(',').map(|part| unquote(part.trim())).collect();
                match names {
                    Some(mut names) if names.len() == 1 => steps.push(Step::Key(names.remove(0))),
                    Some(names) => steps.push(Step::Keys(names)),
                    None if inner == "*" => steps.push(Step::Wildcard),
                    None => {
                        let index = inner
                            .parse()
                            .map_err(|_| format!("unsupported selector `[{inner}]`"))?;
                        steps.push(Step::Index(index));
                    }
                }
                while chars.peek().is_some_and(|&(j, _)| j <= close) {
                    chars.next();
                }
            }
            other => return Err(format!("unexpected `{other}` at offset {i}")),
        }
    }
    Ok(steps)
}

fn unquote(text: &str) -> Option<String> {
    let quoted = text.len() >= 2
        && ((text.starts_with('\'') && text.ends_with('\''))
            || (text.starts_with('"') && text.ends_with('"')));
    quoted.then(|| text[1..text.len() - 1].to_owned())
}

/// JSON pointers of every node the path selects.
fn select(tree: &Value, steps: &[Step]) -> Vec<String> {
    let mut found = Vec::new();
    walk(tree, steps, String::new(), &mut found);
    found
}

fn walk(node: &Value, steps: &[Step], pointer: String, found: &mut Vec<String>) {
    let Some((step, rest)) = steps.split_first() else {
        found.push(pointer);
        return;
    };
    match (step, node) {
        (Step::Key(key), Value::Object(map)) => {
            if let Some(child) = map.get(key) {
                walk(child, rest, push_pointer(&pointer, key), found);
            }
        }
        (Step::Keys(keys), Value::Object(map)) => {
            for key in keys {
                if let Some(child) = map.get(key) {
                    walk(child, rest, push_pointer(&pointer, key), found);
                }
            }
        }
        (Step::Index(index), Value::Array(items)) => {
            if let Some(child) = items.get(*index) {
                walk(
                    child,
                    rest,
                    push_pointer(&pointer, &index.to_string()),
                    found,
                );
            }
        }
        (Step::Wildcard, Value::Object(map)) => {
            for (key, child) in map {
                walk(child, rest, push_pointer(&pointer, key), found);
            }
        }
        (Step::Wildcard, Value::Array(items)) => {
            for (index, child) in items.iter().enumerate() {
                walk(
                    child,
                    rest,
                    push_pointer(&pointer, &index.to_string()),
                    found,
                );
            }
        }
        _ => {}
    }
}

fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(target), Value::Array(update)) => target.extend(update.iter().cloned()),
        (Value::Array(target), update) => target.push(update.clone()),
        (target, update) => *target = update.clone(),
    }
}

fn remove_at(tree: &mut Value, pointer: &str) {
    let Some(cut) = pointer.rfind('/') else {
        return;
    };
    let last = pointer[cut + 1..].replace("~1", "/").replace("~0", "~");
    match tree.pointer_mut(&pointer[..cut]) {
        Some(Value::Object(map)) => {
            map.shift_remove(&last);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = last.parse::<usize>()
                && index < items.len()
            {
                items.remove(index);
            }
        }
        _ => {}
    }
}

/// Applies every action in order. `name` is the overlay's file name, used in errors.
fn error_in(file: &str, pointer: &str, message: String) -> Diagnostic {
    Diagnostic::error(pointer, message).in_file(file)
}

pub(crate) fn apply(tree: &mut Value, overlay: &Overlay, name: &str) -> Result<(), Diagnostic> {
    if !overlay.overlay.starts_with("1.") {
        return Err(error_in(
            name,
            "/overlay",
            format!("unsupported overlay version {}", overlay.overlay),
        ));
    }
    for (index, action) in overlay.actions.iter().enumerate() {
        let at = format!("/actions/{index}");
        let steps = parse_path(&action.target)
            .map_err(|why| error_in(name, &at, format!("bad target `{}`: {why}", action.target)))?;
        let mut pointers = select(tree, &steps);
        if pointers.is_empty() {
            return Err(error_in(
                name,
                &at,
                format!(
                    "target `{}`{} matches nothing in the document; the fix may no longer be needed",
                    action.target,
                    action
                        .description
                        .as_deref()
                        .map(|d| format!(" ({})", d.trim()))
                        .unwrap_or_default()
                ),
            ));
        }
        if action.remove {
            // Remove later siblings first so earlier array indices stay valid.
            pointers.reverse();
            for pointer in pointers {
                remove_at(tree, &pointer);
            }
        } else if let Some(update) = &action.update {
            for pointer in pointers {
                if let Some(node) = tree.pointer_mut(&pointer) {
                    merge(node, update);
                }
            }
        } else {
            return Err(error_in(
                name,
                &at,
                "an action needs `update` or `remove: true`".to_string(),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn overlay(actions: Value) -> Overlay {
        serde_json::from_value(json!({"overlay": "1.0.0", "actions": actions})).unwrap()
    }

    #[test]
    fn parses_dotted_bracketed_and_wildcard_paths() {
        assert_eq!(
            parse_path("$.paths['/a/{id}'].*[0]").unwrap(),
            [
                Step::Key("paths".into()),
                Step::Key("/a/{id}".into()),
                Step::Wildcard,
                Step::Index(0)
            ]
        );
        assert_eq!(
            parse_path("$.s['A', \"B\"].x").unwrap(),
            [
                Step::Key("s".into()),
                Step::Keys(vec!["A".into(), "B".into()]),
                Step::Key("x".into())
            ]
        );
        assert!(parse_path("paths").is_err());
        assert!(parse_path("$.a[?(@.x)]").is_err());
    }

    #[test]
    fn update_merges_and_remove_deletes() {
        let mut tree =
            json!({"components": {"schemas": {"A": {"type": "string", "description": "d"}}}});
        let o = overlay(json!([
            {"target": "$.components.schemas.A.type", "remove": true},
            {"target": "$.components.schemas.A", "update": {"description": "any JSON", "nullable": true}}
        ]));
        apply(&mut tree, &o, "fix.yaml").unwrap();
        assert_eq!(
            tree,
            json!({"components": {"schemas": {"A": {"description": "any JSON", "nullable": true}}}})
        );
    }

    #[test]
    fn a_target_that_matches_nothing_is_an_error() {
        let mut tree = json!({});
        let err = apply(
            &mut tree,
            &overlay(json!([{"target": "$.nope", "remove": true}])),
            "fix.yaml",
        )
        .unwrap_err();
        assert!(err.message.contains("matches nothing"), "{}", err.message);
        assert_eq!(err.pointer, "/actions/0");
    }
}
