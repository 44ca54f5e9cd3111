//! OpenAPI 3.1 -> the OpenAPI 3.0 shape that openapiv3 reads and lowering understands.
//!
//! openapiv3 only knows 3.0: a `type` list or a numeric `exclusiveMinimum` fails to deserialize,
//! and `const`, `prefixItems`, `$ref` siblings or `{type: "null"}` branches are silently lost.
//! Rewriting the value tree once, before deserialization, keeps the rest of the pipeline 3.0-only.
//! It runs after overlays (they are written against the vendor's document as published) and
//! only on 3.1 documents, so 3.0 documents reach openapiv3 byte for byte as before.
//!
//! Diagnostics point into the document as written; lowering later sees the rewritten tree, whose
//! pointers match the original except inside rewritten schemas (a synthetic `allOf/0` still
//! lands on its nearest real ancestor when located).

mod choices;
mod nullable;
mod schema;
#[cfg(test)]
mod tests;
mod types;

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, push_pointer};
use crate::load::METHODS;

/// Path items nest through callbacks, and schemas through their subschemas; a hostile document
/// must not overflow the stack. Real documents stay far below this.
const MAX_DEPTH: usize = 200;

/// Rewrites a 3.1 document in place into the 3.0 shape; returns warnings about what was dropped
/// or degraded on the way.
pub(crate) fn normalize(tree: &mut Value) -> Vec<Diagnostic> {
    let mut normalizer = Normalizer::default();
    normalizer.dangling_refs(tree);
    normalizer.nullable = nullable::nullable_components(tree);
    if let Value::Object(root) = tree {
        normalizer.document(root);
    }
    normalizer.diags
}

/// A 3.0 document that borrowed 3.1's `type` lists or numeric `exclusiveMinimum`/`Maximum`
/// (utoipa writes both under `openapi: 3.0.3`, Hugging Face's text-generation-inference among
/// others) would fail to deserialize as a whole; read those as 3.1 does, with a warning at
/// each. Nothing else is touched, and a document without them is not even walked, so valid 3.0
/// documents stay exactly as they are.
pub(crate) fn borrowed_31_in_30(tree: &mut Value) -> Vec<Diagnostic> {
    if !borrows_31(tree) {
        return Vec::new();
    }
    let mut normalizer = Normalizer {
        document_30: true,
        ..Normalizer::default()
    };
    if let Value::Object(root) = tree {
        normalizer.paths_and_components(root);
    }
    normalizer.diags
}

/// The keywords a 3.0 document may hold in their 3.1 form: a `type` list, a numeric bound.
fn borrows_31(tree: &Value) -> bool {
    let mut stack = vec![tree];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if matches!(map.get("type"), Some(Value::Array(_)))
                    || schema::EXCLUSIVE_BOUNDS
                        .iter()
                        .any(|key| matches!(map.get(*key), Some(Value::Number(_))))
                {
                    return true;
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    false
}

#[derive(Default)]
struct Normalizer {
    /// A 3.0 document: only what it borrowed from 3.1 is rewritten (see [`borrowed_31_in_30`]).
    document_30: bool,
    diags: Vec<Diagnostic>,
    /// Set once the depth warning is given, so a deep document reports it once.
    too_deep: bool,
    /// Local references that resolve nowhere and are not under `#/components/`.
    dangling: HashSet<String>,
    /// Component schemas that allow `null` (see `nullable.rs`).
    nullable: HashSet<String>,
}

impl Normalizer {
    fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.diags.push(Diagnostic::warning(pointer, message));
    }

    /// Whether to stop descending; warns the first time.
    fn deeper_than_allowed(&mut self, depth: usize, pointer: &str) -> bool {
        if depth <= MAX_DEPTH {
            return false;
        }
        if !self.too_deep {
            self.too_deep = true;
            self.warn(
                pointer,
                format!(
                    "nested deeper than {MAX_DEPTH} levels; the OpenAPI 3.1 constructs below are left as they are"
                ),
            );
        }
        true
    }

    /// pydantic pastes a model's `$defs` into the schema and refers to them as `#/$defs/X`, as if
    /// that schema were the root; from the document's root they resolve nowhere. Each becomes a
    /// warning where it is written and the reference is dropped, so such a value is any JSON.
    /// A broken `#/components/...` reference stays for lowering to report as the error it is.
    fn dangling_refs(&mut self, tree: &Value) {
        let mut candidates = HashSet::new();
        let mut stack = vec![tree];
        while let Some(value) = stack.pop() {
            match value {
                Value::Object(map) => {
                    if let Some(Value::String(reference)) = map.get("$ref")
                        && is_dangling(tree, reference)
                    {
                        candidates.insert(reference.clone());
                    }
                    stack.extend(map.values());
                }
                Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
        if candidates.is_empty() {
            return;
        }
        // Only now pay for a pointer per node, to say where each one is written.
        let mut found = Vec::new();
        let mut stack = vec![(tree, String::new())];
        while let Some((value, pointer)) = stack.pop() {
            match value {
                Value::Object(map) => {
                    if let Some(Value::String(reference)) = map.get("$ref")
                        && candidates.contains(reference)
                    {
                        found.push((pointer.clone(), reference.clone()));
                    }
                    for (key, child) in map.iter().rev() {
                        stack.push((child, push_pointer(&pointer, key)));
                    }
                }
                Value::Array(items) => {
                    for (i, child) in items.iter().enumerate().rev() {
                        stack.push((child, push_pointer(&pointer, &i.to_string())));
                    }
                }
                _ => {}
            }
        }
        for (pointer, reference) in found {
            self.diags.push(Diagnostic::degraded(
                pointer,
                format!(
                    "`{reference}` resolves nowhere in this document (`#/` is the document's root, not the schema holding a `$defs`); using serde_json::Value"
                ),
            ));
        }
        self.dangling = candidates;
    }

    fn document(&mut self, root: &mut Map<String, Value>) {
        // Which JSON Schema dialect applies says nothing a Rust type can use.
        root.remove("jsonSchemaDialect");
        root.remove("$schema");
        if let Some(Value::Object(info)) = root.get_mut("info") {
            info_object(info);
        }
        let path_items = match root.get("components").and_then(|c| c.get("pathItems")) {
            Some(Value::Object(items)) => items.clone(),
            _ => Map::new(),
        };
        if let Some(webhooks) = root.remove("webhooks") {
            self.webhooks(&webhooks, &path_items);
        }
        // A 3.1 document may describe only webhooks or components; 3.0 requires `paths`.
        let paths = root
            .entry("paths")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(paths) = paths {
            for item in paths.values_mut() {
                inline_path_item_ref(item, &path_items);
            }
        }
        self.paths_and_components(root);
        if let Some(Value::Object(components)) = root.get_mut("components") {
            self.security_schemes(components);
        }
        root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
    }

    fn paths_and_components(&mut self, root: &mut Map<String, Value>) {
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            for (key, item) in paths.iter_mut() {
                self.path_item(item, &push_pointer("/paths", key), 0);
            }
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            self.components(components);
        }
    }

    fn webhooks(&mut self, webhooks: &Value, path_items: &Map<String, Value>) {
        let (mut operations, mut unread) = (0, 0);
        if let Value::Object(items) = webhooks {
            for item in items.values() {
                match resolve_path_item(item, path_items) {
                    Some(target) => operations += count_operations(target),
                    // A reference this document cannot follow (another file): its operations
                    // cannot be counted, but the webhook is left out all the same.
                    None if item.get("$ref").is_some() => unread += 1,
                    None => operations += count_operations(item),
                }
            }
        }
        let noun = if operations == 1 {
            "operation is"
        } else {
            "operations are"
        };
        let unread = match unread {
            0 => String::new(),
            1 => ", and so is 1 webhook whose `$ref` could not be followed".to_owned(),
            n => format!(", and so are {n} webhooks whose `$ref` could not be followed"),
        };
        self.warn(
            "/webhooks",
            format!(
                "webhooks are not generated: the {operations} webhook {noun} left out{unread}, while the models under components/schemas are generated"
            ),
        );
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        let mut each = |section: &str, f: &mut dyn FnMut(&mut Self, &mut Value, &str)| {
            if let Some(Value::Object(entries)) = components.get_mut(section) {
                let base = push_pointer("/components", section);
                for (key, value) in entries.iter_mut() {
                    f(self, value, &push_pointer(&base, key));
                }
            }
        };
        each("schemas", &mut |n, v, p| n.schema(v, p, 0));
        each("parameters", &mut |n, v, p| n.parameter(v, p, 0));
        each("headers", &mut |n, v, p| n.parameter(v, p, 0));
        each("requestBodies", &mut |n, v, p| n.request_body(v, p, 0));
        each("responses", &mut |n, v, p| n.response(v, p, 0));
        each("callbacks", &mut |n, v, p| n.callback(v, p, 0));
        each("pathItems", &mut |n, v, p| n.path_item(v, p, 0));
    }

    /// openapiv3 knows no `mutualTLS` scheme (new in 3.1) and would refuse the whole document.
    fn security_schemes(&mut self, components: &mut Map<String, Value>) {
        let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") else {
            return;
        };
        let mutual: Vec<String> = schemes
            .iter()
            .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
            .map(|(k, _)| k.clone())
            .collect();
        for key in mutual {
            schemes.shift_remove(&key);
            self.warn(
                push_pointer("/components/securitySchemes", &key),
                "mutual TLS authentication is not supported; configure the client certificate on the HTTP client yourself",
            );
        }
    }

    fn path_item(&mut self, item: &mut Value, pointer: &str, depth: usize) {
        if self.deeper_than_allowed(depth, pointer) {
            return;
        }
        let Value::Object(item) = item else { return };
        self.parameters(item, pointer, depth);
        for method in METHODS {
            if let Some(Value::Object(op)) = item.get_mut(method) {
                self.operation(op, &push_pointer(pointer, method), depth);
            }
        }
    }

    fn operation(&mut self, op: &mut Map<String, Value>, pointer: &str, depth: usize) {
        // 3.1 makes `responses` optional; the 3.0 model needs the field, empty means none.
        if !self.document_30 && !op.contains_key("responses") {
            op.insert("responses".to_owned(), Value::Object(Map::new()));
        }
        self.parameters(op, pointer, depth);
        if let Some(body) = op.get_mut("requestBody") {
            self.request_body(body, &push_pointer(pointer, "requestBody"), depth);
        }
        if let Some(Value::Object(responses)) = op.get_mut("responses") {
            let base = push_pointer(pointer, "responses");
            for (status, response) in responses.iter_mut() {
                self.response(response, &push_pointer(&base, status), depth);
            }
        }
        if let Some(Value::Object(callbacks)) = op.get_mut("callbacks") {
            let base = push_pointer(pointer, "callbacks");
            for (name, callback) in callbacks.iter_mut() {
                self.callback(callback, &push_pointer(&base, name), depth + 1);
            }
        }
    }

    fn callback(&mut self, callback: &mut Value, pointer: &str, depth: usize) {
        if let Value::Object(expressions) = callback {
            for (expression, item) in expressions.iter_mut() {
                self.path_item(item, &push_pointer(pointer, expression), depth + 1);
            }
        }
    }

    fn parameters(&mut self, owner: &mut Map<String, Value>, pointer: &str, depth: usize) {
        if let Some(Value::Array(parameters)) = owner.get_mut("parameters") {
            let base = push_pointer(pointer, "parameters");
            for (i, parameter) in parameters.iter_mut().enumerate() {
                self.parameter(parameter, &push_pointer(&base, &i.to_string()), depth);
            }
        }
    }

    /// A parameter or a header: both hold a `schema` or a `content`.
    fn parameter(&mut self, parameter: &mut Value, pointer: &str, depth: usize) {
        let Value::Object(parameter) = parameter else {
            return;
        };
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &push_pointer(pointer, "schema"), depth);
        }
        self.content(parameter, pointer, depth);
    }

    fn request_body(&mut self, body: &mut Value, pointer: &str, depth: usize) {
        if let Value::Object(body) = body {
            self.content(body, pointer, depth);
        }
    }

    fn response(&mut self, response: &mut Value, pointer: &str, depth: usize) {
        let Value::Object(response) = response else {
            return;
        };
        self.headers(response, pointer, depth);
        self.content(response, pointer, depth);
    }

    fn headers(&mut self, owner: &mut Map<String, Value>, pointer: &str, depth: usize) {
        if let Some(Value::Object(headers)) = owner.get_mut("headers") {
            let base = push_pointer(pointer, "headers");
            for (name, header) in headers.iter_mut() {
                self.parameter(header, &push_pointer(&base, name), depth);
            }
        }
    }

    fn content(&mut self, owner: &mut Map<String, Value>, pointer: &str, depth: usize) {
        let Some(Value::Object(content)) = owner.get_mut("content") else {
            return;
        };
        let base = push_pointer(pointer, "content");
        for (media_type, media) in content.iter_mut() {
            let Value::Object(media) = media else {
                continue;
            };
            let at = push_pointer(&base, media_type);
            if let Some(schema) = media.get_mut("schema") {
                self.schema(schema, &push_pointer(&at, "schema"), depth);
            }
            if let Some(Value::Object(encodings)) = media.get_mut("encoding") {
                let encoding_base = push_pointer(&at, "encoding");
                for (property, encoding) in encodings.iter_mut() {
                    if let Value::Object(encoding) = encoding {
                        self.headers(encoding, &push_pointer(&encoding_base, property), depth);
                    }
                }
            }
        }
    }
}

/// `info.summary` and `license.identifier` are new in 3.1; keep what they say where 3.0 can.
fn info_object(info: &mut Map<String, Value>) {
    if let Some(summary) = info.remove("summary")
        && !info.contains_key("description")
    {
        info.insert("description".to_owned(), summary);
    }
    if let Some(Value::Object(license)) = info.get_mut("license")
        && let Some(identifier) = license.remove("identifier")
        && !license.contains_key("url")
        && let Some(identifier) = identifier.as_str()
    {
        license.insert(
            "url".to_owned(),
            Value::String(format!("https://spdx.org/licenses/{identifier}.html")),
        );
    }
}

fn is_dangling(tree: &Value, reference: &str) -> bool {
    let Some(pointer) = reference.strip_prefix('#') else {
        return false;
    };
    // Percent-encoded fragments are left to lowering, which decodes them.
    pointer.starts_with('/')
        && !pointer.starts_with("/components/")
        && !pointer.contains('%')
        && tree.pointer(pointer).is_none()
}

/// How many operations a path item has.
fn count_operations(item: &Value) -> usize {
    METHODS.iter().filter(|m| item.get(**m).is_some()).count()
}

fn resolve_path_item<'v>(item: &Value, path_items: &'v Map<String, Value>) -> Option<&'v Value> {
    let reference = item.get("$ref")?.as_str()?;
    let key = reference.strip_prefix("#/components/pathItems/")?;
    path_items.get(&key.replace("~1", "/").replace("~0", "~"))
}

/// `$ref: '#/components/pathItems/X'` is new in 3.1 and lowering follows no path item reference:
/// copy the target in, keeping the referring object's own fields (summary, description).
fn inline_path_item_ref(item: &mut Value, path_items: &Map<String, Value>) {
    let Some(Value::Object(target)) = resolve_path_item(item, path_items) else {
        return;
    };
    let Value::Object(referring) = item else {
        return;
    };
    let mut merged = target.clone();
    for (key, value) in referring.iter() {
        if key != "$ref" {
            merged.insert(key.clone(), value.clone());
        }
    }
    *referring = merged;
}
