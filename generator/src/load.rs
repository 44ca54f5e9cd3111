//! Reads a YAML or JSON document into a JSON value tree, checks which OpenAPI version it is, and
//! turns the (overlaid) tree into `openapiv3::OpenAPI` with errors that point at the bad node.

mod lenient;
mod local_refs;
mod narrow;
mod nested_refs;
mod ref_walk;
mod wide_yaml;

pub(crate) use lenient::{null_scopes, version_as_text};
pub(crate) use local_refs::hoist_local_refs;
pub(crate) use nested_refs::hoist_nested_schema_refs;
pub(crate) use ref_walk::Moves;

use serde_json::{Map, Number, Value};

use self::narrow::narrow;
use crate::diagnostics::{Diagnostic, push_pointer};

/// U+FEFF at the start of a file: a byte order mark, not text.
const BYTE_ORDER_MARK: char = '\u{feff}';

/// `text` without a leading byte order mark.
pub(crate) fn without_byte_order_mark(mut text: String) -> String {
    if text.starts_with(BYTE_ORDER_MARK) {
        text.drain(..BYTE_ORDER_MARK.len_utf8());
    }
    text
}

/// A document as the user gave it: its name (for messages) and text (for line numbers).
#[derive(Debug, Clone)]
pub struct Source {
    /// The file name, as messages show it.
    pub name: String,
    /// The whole text.
    pub text: String,
}

impl Source {
    /// A document called `name` holding `text`. A leading byte order mark (which Windows
    /// editors write) is dropped: it is not part of the document, and the YAML and JSON parsers
    /// would read it as content ("more than one document", "expected value").
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: without_byte_order_mark(text.into()),
        }
    }

    fn named_json(&self) -> bool {
        self.name.ends_with(".json")
    }

    fn named_yaml(&self) -> bool {
        self.name.ends_with(".yaml") || self.name.ends_with(".yml")
    }
}

/// Parses YAML or JSON into a value tree. Syntax errors carry line and column.
///
/// Text that starts with `{` is read as JSON first (much faster for big documents); if that
/// fails it may still be YAML in flow style (`{openapi: 3.1.0, ...}`, unquoted keys), so YAML
/// is tried before giving up, and the error reported is that of the format the name says.
pub(crate) fn parse_tree(source: &Source) -> Result<Value, Diagnostic> {
    // Said plainly: the parsers would report the end of the text (JSON at column 0).
    if source.text.trim().is_empty() {
        return Err(Diagnostic::error(
            "",
            "the file is empty (or only white space): an OpenAPI document was expected",
        )
        .at(1, 1));
    }
    let braced = source.text.trim_start().starts_with('{');
    if !(source.named_json() || braced) {
        return parse_yaml(source);
    }
    let json_error = match serde_json::from_str(&source.text) {
        Ok(tree) => return Ok(tree),
        Err(err) => {
            // serde_json counts a position before a line's first character as column 0.
            Diagnostic::error("", format!("invalid JSON: {err}"))
                .at(err.line(), err.column().max(1))
        }
    };
    if source.named_json() {
        return Err(json_error);
    }
    match parse_yaml(source) {
        Ok(tree) => Ok(tree),
        Err(yaml_error) if source.named_yaml() => Err(yaml_error),
        Err(_) => Err(json_error),
    }
}

fn parse_yaml(source: &Source) -> Result<Value, Diagnostic> {
    let wide: wide_yaml::WideYaml = serde_yaml::from_str(&source.text).map_err(|err| {
        let diagnostic = Diagnostic::error("", format!("invalid YAML: {err}"));
        match err.location() {
            Some(at) => diagnostic.at(at.line(), at.column()),
            None => diagnostic,
        }
    })?;
    let mut yaml = wide.0;
    yaml.apply_merge()
        .map_err(|err| Diagnostic::error("", format!("invalid YAML merge key: {err}")))?;
    yaml_to_json(yaml, "")
}

/// YAML allows non-string keys (`200:` is an integer); OpenAPI means them as strings.
fn yaml_to_json(yaml: serde_yaml::Value, pointer: &str) -> Result<Value, Diagnostic> {
    Ok(match yaml {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => number_to_json(&n),
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &push_pointer(pointer, &i.to_string())))
                .collect::<Result<_, _>>()?,
        ),
        serde_yaml::Value::Mapping(entries) => {
            let mut map = Map::with_capacity(entries.len());
            for (key, value) in entries {
                let key = match key {
                    serde_yaml::Value::String(s) => s,
                    serde_yaml::Value::Number(n) => n.to_string(),
                    serde_yaml::Value::Bool(b) => b.to_string(),
                    serde_yaml::Value::Null => "null".to_owned(),
                    _ => return Err(Diagnostic::error(pointer, "a mapping key must be a scalar")),
                };
                let child = yaml_to_json(value, &push_pointer(pointer, &key))?;
                map.insert(key, child);
            }
            Value::Object(map)
        }
        serde_yaml::Value::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

fn number_to_json(n: &serde_yaml::Number) -> Value {
    if let Some(i) = n.as_i64() {
        Value::Number(i.into())
    } else if let Some(u) = n.as_u64() {
        Value::Number(u.into())
    } else {
        n.as_f64()
            .and_then(Number::from_f64)
            .map_or(Value::Null, Value::Number)
    }
}

/// The OpenAPI versions this generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    /// Read as it is.
    V30,
    /// Rewritten into the 3.0 shape before openapiv3 reads it (see `normalize31`).
    V31,
}

/// Refuses what is not OpenAPI 3.0 or 3.1 with one sentence that says what it is.
pub(crate) fn check_version(tree: &Value) -> Result<Version, Diagnostic> {
    let Some(root) = tree.as_object() else {
        return Err(Diagnostic::error(
            "",
            "the document is not an object, so it is not an OpenAPI document",
        ));
    };
    if let Some(swagger) = root.get("swagger") {
        return Err(Diagnostic::error(
            "/swagger",
            format!(
                "this is a Swagger {} document; only OpenAPI 3.0 and 3.1 are supported, so convert it first (for example with swagger2openapi)",
                swagger.as_str().unwrap_or("2.0")
            ),
        ));
    }
    match root.get("openapi") {
        Some(Value::String(version)) if is_minor(version, "3.0") => Ok(Version::V30),
        Some(Value::String(version)) if is_minor(version, "3.1") => Ok(Version::V31),
        Some(Value::String(version)) => Err(Diagnostic::error(
            "/openapi",
            format!(
                "OpenAPI {version} is not supported yet; this generator reads OpenAPI 3.0.x and 3.1.x documents"
            ),
        )),
        // `openapi: 3.0` is a YAML float, and saying "3.0 is not 3.0.x" would contradict itself.
        Some(Value::Number(number)) => Err(Diagnostic::error(
            "/openapi",
            format!(
                "`openapi` is the number {number}, but it must be a version string such as '3.0.3' (quote it)"
            ),
        )),
        Some(other) => Err(Diagnostic::error(
            "/openapi",
            format!(
                "`openapi` is {other}, but only OpenAPI 3.0.x and 3.1.x documents are supported"
            ),
        )),
        None => Err(Diagnostic::error(
            "",
            "no `openapi` field: this is not an OpenAPI 3.0 or 3.1 document",
        )),
    }
}

/// A schema `$ref` beside `x-rust-*` extensions (`{$ref: ..., x-rust-name: enterprise_user}`)
/// or `nullable: true` becomes `{allOf: [{$ref: ...}], x-rust-name: ...}`: OpenAPI 3.0
/// ignores whatever sits beside a `$ref`, but our own extensions there mean something, and a
/// `nullable` written there says the server sends null (ignored, a null read as absent was
/// left out when the value was sent back). An allOf of one reference lowers to that reference.
pub(crate) fn wrap_annotated_refs(tree: &mut Value) {
    fn annotated(map: &Map<String, Value>) -> bool {
        map.contains_key("$ref")
            && (map.keys().any(|k| k.starts_with("x-rust-"))
                || map.get("nullable") == Some(&Value::Bool(true)))
    }
    fn wrap(value: &mut Value) {
        if let Value::Object(map) = value
            && annotated(map)
            && let Some(reference) = map.remove("$ref")
        {
            let mut target = Map::new();
            target.insert("$ref".to_owned(), reference);
            map.insert(
                "allOf".to_owned(),
                Value::Array(vec![Value::Object(target)]),
            );
        }
    }
    // Schema positions only: a parameter or response `$ref` is not a schema.
    fn walk(value: &mut Value, is_schema: bool) {
        if is_schema {
            wrap(value);
        }
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    match key.as_str() {
                        "properties" | "schemas" if is_schema || key == "schemas" => {
                            if let Value::Object(members) = child {
                                for member in members.values_mut() {
                                    walk(member, true);
                                }
                            }
                        }
                        "items" | "additionalProperties" | "not" | "schema" => walk(child, true),
                        "allOf" | "oneOf" | "anyOf" => {
                            if let Value::Array(members) = child {
                                for member in members {
                                    walk(member, true);
                                }
                            }
                        }
                        _ => walk(child, false),
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    walk(item, false);
                }
            }
            _ => {}
        }
    }
    walk(tree, false);
}

/// `3.1` matches `3.1`, `3.1.0`, `3.1.1-rc`, but not `3.10.0`.
fn is_minor(version: &str, minor: &str) -> bool {
    version
        .strip_prefix(minor)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('-'))
}

/// The keys of a path item that hold operations.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What to do with a document split over several files.
const BUNDLE: &str = "bundle the document into one file first (for example `redocly bundle`)";

/// What to do about a reference into another file, which the generator does not follow:
/// `; ...bundle...` for those, nothing for a reference inside the document.
pub(crate) fn bundle_hint(reference: &str) -> String {
    if reference.starts_with('#') {
        String::new()
    } else {
        format!("; references to other files are not followed: {BUNDLE}")
    }
}

/// Operations written as a `$ref`, which OpenAPI does not allow (only a whole path item may be
/// one): all of them at once, with what to do, rather than the first as a missing field.
pub(crate) fn referenced_operations(tree: &Value) -> Vec<Diagnostic> {
    let Some(paths) = tree.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            let Some(reference) = item
                .get(method)
                .and_then(|op| op.get("$ref"))
                .and_then(Value::as_str)
            else {
                continue;
            };
            let at = push_pointer(&push_pointer(&push_pointer("", "paths"), path), method);
            found.push(Diagnostic::error(
                push_pointer(&at, "$ref"),
                format!(
                    "an operation cannot be a `$ref` (`{reference}`): OpenAPI allows one only for a whole path item; write the operation here, or, if the reference is to another file, {BUNDLE}"
                ),
            ));
        }
    }
    found
}

/// Deserializes the tree, naming the exact node that does not fit the OpenAPI 3.0 schema.
pub(crate) fn to_openapi(tree: Value) -> Result<openapiv3::OpenAPI, Diagnostic> {
    match try_deserialize::<openapiv3::OpenAPI>(&tree, "") {
        Ok(doc) => Ok(doc),
        // serde loses its place inside openapiv3's flattened and untagged types; look again,
        // piece by piece, for the smallest part that fails on its own.
        Err(whole) => Err(narrow(&tree).unwrap_or(whole)),
    }
}

fn try_deserialize<T: serde::de::DeserializeOwned>(
    value: &Value,
    pointer: &str,
) -> Result<T, Diagnostic> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let mut at = pointer.to_owned();
        for segment in err.path().iter() {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Map { key } => at = push_pointer(&at, key),
                Segment::Seq { index } => at = push_pointer(&at, &index.to_string()),
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        // A `$ref` where a value belongs is most often a split document's file reference.
        let node = at
            .get(pointer.len()..)
            .and_then(|inner| value.pointer(inner));
        let reference = match node {
            Some(Value::String(text)) if at.ends_with("/$ref") => Some(text.as_str()),
            Some(node) => node.get("$ref").and_then(Value::as_str),
            None => None,
        };
        let hint = reference.map(bundle_hint).unwrap_or_default();
        Diagnostic::error(at, format!("not valid OpenAPI: {}{hint}", err.inner()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_integer_keys_become_strings() {
        let tree = parse_tree(&Source::new(
            "a.yaml",
            "responses:\n  200:\n    description: ok\n",
        ))
        .unwrap();
        assert_eq!(tree["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_document() {
        for (name, text) in [
            (
                "a.yaml",
                "\u{feff}openapi: 3.0.3\ninfo: {title: t, version: '1'}\n",
            ),
            ("a.json", "\u{feff}{\"openapi\": \"3.0.3\"}"),
            ("a.txt", "\u{feff}{\"openapi\": \"3.0.3\"}"),
        ] {
            let tree = parse_tree(&Source::new(name, text)).unwrap();
            assert_eq!(tree["openapi"], "3.0.3", "{name}");
        }
        // Only a leading mark is dropped; one inside the text stays where it is.
        let source = Source::new("a.yaml", "a: \"\u{feff}\"\n");
        assert_eq!(parse_tree(&source).unwrap()["a"], "\u{feff}");
    }

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let err = parse_tree(&Source::new("a.yaml", "a: 1\nb: [1, 2\nc: 3\n")).unwrap_err();
        assert!(err.position.is_some(), "{err:?}");
        assert!(err.message.starts_with("invalid YAML"));
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let err = parse_tree(&Source::new("a.json", "{\n  \"a\": ,\n}")).unwrap_err();
        assert_eq!(err.position, Some((2, 8)));
    }

    #[test]
    fn swagger_and_other_versions_are_refused_with_a_sentence() {
        let swagger = check_version(&serde_json::json!({"swagger": "2.0"})).unwrap_err();
        assert!(
            swagger.message.contains("Swagger 2.0"),
            "{}",
            swagger.message
        );
        for version in ["3.2.0", "4.0.0", "3.10.0", "2.0"] {
            let refused = check_version(&serde_json::json!({ "openapi": version })).unwrap_err();
            assert!(
                refused
                    .message
                    .contains(&format!("OpenAPI {version} is not supported")),
                "{}",
                refused.message
            );
        }
    }

    #[test]
    fn openapi_30_and_31_are_accepted() {
        for (version, expected) in [
            ("3.0.3", Version::V30),
            ("3.0", Version::V30),
            ("3.1.0", Version::V31),
            ("3.1.1", Version::V31),
        ] {
            assert_eq!(
                check_version(&serde_json::json!({ "openapi": version })).unwrap(),
                expected,
                "{version}"
            );
        }
    }

    #[test]
    fn annotated_schema_refs_are_wrapped_and_others_left_alone() {
        let mut tree = serde_json::json!({
            "components": {
                "schemas": {"A": {"properties": {
                    "p": {"$ref": "#/components/schemas/B", "x-rust-name": "b"},
                    "q": {"$ref": "#/components/schemas/B"}
                }}},
                "parameters": {"P": {"$ref": "#/components/parameters/Q", "x-rust-name": "q"}}
            }
        });
        wrap_annotated_refs(&mut tree);
        assert_eq!(
            tree["components"]["schemas"]["A"]["properties"]["p"],
            serde_json::json!({"allOf": [{"$ref": "#/components/schemas/B"}], "x-rust-name": "b"})
        );
        assert_eq!(
            tree["components"]["schemas"]["A"]["properties"]["q"],
            serde_json::json!({"$ref": "#/components/schemas/B"})
        );
        assert_eq!(
            tree["components"]["parameters"]["P"]["$ref"],
            "#/components/parameters/Q"
        );
    }

    #[test]
    fn a_number_as_version_is_told_to_be_a_string() {
        let refused = check_version(&serde_json::json!({ "openapi": 3.0 })).unwrap_err();
        assert_eq!(refused.pointer, "/openapi");
        assert!(
            refused
                .message
                .contains("must be a version string such as '3.0.3'"),
            "{}",
            refused.message
        );
    }

    #[test]
    fn every_operation_written_as_a_ref_is_named() {
        let tree = serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {"$ref": "resources/a.yml"}},
                "/b/{id}": {"delete": {"$ref": "#/x"}, "get": {"responses": {}}}
            }
        });
        let found = referenced_operations(&tree);
        let pointers: Vec<&str> = found.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/paths/~1a/get/$ref", "/paths/~1b~1{id}/delete/$ref"]
        );
        assert!(
            found[0].message.contains("`resources/a.yml`"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains("bundle"), "{}", found[0].message);
    }

    #[test]
    fn a_bad_keyword_deep_in_a_schema_is_blamed_on_the_keyword() {
        let tree = serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"A": {"type": "object", "properties": {
                "b": {"type": "array", "items": {"allOf": [{"type": "object"}, {"type": 5}]}}
            }}}}
        });
        let err = to_openapi(tree).unwrap_err();
        assert_eq!(
            err.pointer,
            "/components/schemas/A/properties/b/items/allOf/1/type"
        );
    }

    #[test]
    fn a_bad_schema_inside_a_parameter_or_response_is_blamed_on_the_schema() {
        let tree = serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"properties": {"x": {"maxLength": "long"}}}
                }}}}
            }}}
        });
        let err = to_openapi(tree).unwrap_err();
        assert_eq!(
            err.pointer,
            "/paths/~1a/get/responses/200/content/application~1json/schema/properties/x/maxLength"
        );
    }

    #[test]
    fn a_list_where_a_mapping_belongs_is_blamed_on_the_list() {
        for (tree, pointer) in [
            (serde_json::json!({"paths": ["a"]}), "/paths"),
            (
                serde_json::json!({"paths": {}, "components": {"schemas": ["a"]}}),
                "/components/schemas",
            ),
        ] {
            let mut tree = tree;
            tree["openapi"] = "3.0.3".into();
            tree["info"] = serde_json::json!({"title": "t", "version": "1"});
            let err = to_openapi(tree).unwrap_err();
            assert_eq!(err.pointer, pointer, "{}", err.message);
        }
    }

    #[test]
    fn deserialization_error_points_at_the_node() {
        let tree = serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": 5}}}}}
        });
        let err = to_openapi(tree).unwrap_err();
        assert!(err.pointer.starts_with("/paths/~1a/get"), "{}", err.pointer);
    }
}
