//! What the passes that move reference targets share: every `$ref` string of a tree, rewriting
//! them, and a component name not yet taken.

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, unescape_token};

/// Where each place the loader made came from: (its pointer, the pointer of the place in the
/// document it was moved or copied from), in the order they were made.
#[derive(Debug, Default)]
pub(crate) struct Moves(Vec<(String, String)>);

impl Moves {
    pub(super) fn record(&mut self, made: String, from: String) {
        self.0.push((made, from));
    }

    /// Points diagnostics about a place the loader made at the text it came from (so their
    /// line and column are found), and drops the duplicates that a copy lowered beside its
    /// original gives.
    pub(crate) fn restore(&self, diagnostics: &mut Vec<Diagnostic>) {
        for diagnostic in diagnostics.iter_mut() {
            // Latest first: a place made from inside another made place leads back through it.
            for (made, from) in self.0.iter().rev() {
                if let Some(rest) = diagnostic.pointer.strip_prefix(made.as_str())
                    && (rest.is_empty() || rest.starts_with('/'))
                {
                    diagnostic.pointer = format!("{from}{rest}");
                }
            }
        }
        if self.0.is_empty() {
            return;
        }
        let mut seen = std::collections::HashSet::new();
        diagnostics.retain(|d| {
            seen.insert((
                d.severity,
                d.pointer.clone(),
                d.message.clone(),
                d.file.clone(),
            ))
        });
    }
}

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

/// The value at `pointer` (a JSON Pointer into `tree`), following the local `$ref`s met on the
/// way: bundlers write `#/components/schemas/A/properties/b/properties/c` where `b` is a
/// `$ref`, meaning the `c` of what `b` refers to. Strict JSON Pointer stops at the `$ref`.
pub(super) fn pointer_through_refs<'a>(tree: &'a Value, pointer: &str) -> Option<&'a Value> {
    // References that lead back to each other never end: a bound on the hops taken.
    let mut hops = 0;
    through_refs(tree, pointer, &mut hops)
}

fn through_refs<'a>(tree: &'a Value, pointer: &str, hops: &mut u32) -> Option<&'a Value> {
    if let Some(found) = tree.pointer(pointer) {
        return Some(found);
    }
    let mut node = tree;
    for token in pointer.split('/').skip(1) {
        let token = unescape_token(token);
        loop {
            let next = match node {
                Value::Object(map) => map.get(&token),
                Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            if let Some(next) = next {
                node = next;
                break;
            }
            let target = node.get("$ref")?.as_str()?.strip_prefix('#')?;
            *hops += 1;
            if *hops > 64 {
                return None;
            }
            node = through_refs(tree, target, hops)?;
        }
    }
    Some(node)
}
