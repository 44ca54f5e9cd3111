use serde_json::{Value, json};

use super::normalize;
use crate::diagnostics::{Diagnostic, Severity};

fn document(schema: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"S": schema}}
    })
}

/// Normalizes `schema` as the component `S`; returns it and the diagnostics.
fn run(schema: Value) -> (Value, Vec<Diagnostic>) {
    let mut tree = document(schema);
    let diagnostics = normalize(&mut tree);
    (tree["components"]["schemas"]["S"].take(), diagnostics)
}

/// Schema rules: (what, 3.1 input, 3.0 output). None of them warns.
fn schema_cases() -> Vec<(&'static str, Value, Value)> {
    vec![
        (
            "type list with null",
            json!({"type": ["string", "null"], "maxLength": 3}),
            json!({"maxLength": 3, "type": "string", "nullable": true}),
        ),
        (
            "null first in the list",
            json!({"type": ["null", "integer"]}),
            json!({"type": "integer", "nullable": true}),
        ),
        (
            "one-entry type list",
            json!({"type": ["boolean"]}),
            json!({"type": "boolean"}),
        ),
        (
            "type null alone",
            json!({"type": "null", "description": "d"}),
            json!({"description": "d", "enum": [null], "nullable": true}),
        ),
        (
            "integer and number are a number",
            json!({"type": ["integer", "number"], "minimum": 0}),
            json!({"minimum": 0, "type": "number"}),
        ),
        (
            "several types split into anyOf, keywords follow their type",
            json!({
                "type": ["string", "integer", "array", "null"],
                "description": "d",
                "maxLength": 5,
                "minimum": 1,
                "format": "int64",
                "items": {"type": "string"},
                "default": 3
            }),
            json!({
                "description": "d",
                "default": 3,
                "anyOf": [
                    {"type": "string", "maxLength": 5},
                    {"type": "integer", "format": "int64", "minimum": 1},
                    {"type": "array", "items": {"type": "string"}}
                ],
                "nullable": true
            }),
        ),
        (
            "a split enum keeps each value with its type and drops types with none",
            json!({"type": ["string", "integer", "boolean"], "enum": ["a", 1, "b"], "format": "uuid"}),
            json!({"anyOf": [
                {"type": "string", "enum": ["a", "b"], "format": "uuid"},
                {"type": "integer", "enum": [1]}
            ]}),
        ),
        (
            "a split beside an existing anyOf becomes one more allOf constraint",
            json!({"type": ["string", "integer"], "anyOf": [{"minLength": 1}]}),
            json!({"anyOf": [{"minLength": 1}], "allOf": [{"anyOf": [{"type": "string"}, {"type": "integer"}]}]}),
        ),
        (
            "anyOf with a null branch and a reference",
            json!({"anyOf": [{"$ref": "#/components/schemas/S"}, {"type": "null"}], "description": "d"}),
            json!({"anyOf": [{"$ref": "#/components/schemas/S"}], "description": "d", "nullable": true}),
        ),
        (
            "oneOf with a null branch first, several left",
            json!({"oneOf": [{"type": "null"}, {"type": "string"}, {"type": "integer"}]}),
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}),
        ),
        (
            "one inline branch left is merged, the parent's keywords winning",
            json!({"anyOf": [{"type": "string", "title": "inner", "maxLength": 2}, {"type": "null"}], "title": "outer", "default": null}),
            json!({"type": "string", "maxLength": 2, "title": "outer", "default": null, "nullable": true}),
        ),
        (
            "only a null branch",
            json!({"anyOf": [{"type": "null"}]}),
            json!({"nullable": true, "enum": [null]}),
        ),
        (
            "const string",
            json!({"const": "on"}),
            json!({"type": "string", "enum": ["on"]}),
        ),
        (
            "const keeps a declared type",
            json!({"type": "number", "const": 2}),
            json!({"type": "number", "enum": [2]}),
        ),
        (
            "const null is a null branch",
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"const": null}]}),
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}),
        ),
        (
            "documented integer enum",
            json!({
                "type": "integer",
                "format": "int32",
                "description": "Kinds.",
                "oneOf": [
                    {"title": "ONE", "description": "the first", "const": 1},
                    {"title": "TWO", "const": 2}
                ]
            }),
            json!({
                "type": "integer",
                "format": "int32",
                "description": "Kinds.\n\n- `1` (ONE): the first\n- `2` (TWO)",
                "enum": [1, 2],
                "x-enum-varnames": ["ONE", "TWO"]
            }),
        ),
        (
            "documented string enum without a type; a title equal to the value is not repeated",
            json!({"anyOf": [{"title": "a", "const": "a"}, {"const": "b", "description": "bee"}]}),
            json!({"type": "string", "enum": ["a", "b"], "description": "- `b`: bee"}),
        ),
        (
            "constants of different types stay a union",
            json!({"oneOf": [{"const": "a"}, {"const": 1}]}),
            json!({"oneOf": [{"type": "string", "enum": ["a"]}, {"type": "integer", "enum": [1]}]}),
        ),
        (
            "a constant with properties beside it is not a documented enum",
            json!({"oneOf": [{"const": "a"}, {"const": "b", "properties": {"x": {}}}]}),
            json!({"oneOf": [{"type": "string", "enum": ["a"]}, {"type": "string", "enum": ["b"], "properties": {"x": {}}}]}),
        ),
        (
            "examples become example",
            json!({"type": "string", "examples": ["x", "y"]}),
            json!({"type": "string", "example": "x"}),
        ),
        (
            "a 3.0 example wins over examples",
            json!({"type": "string", "example": "e", "examples": ["x"]}),
            json!({"type": "string", "example": "e"}),
        ),
        (
            "$ref with siblings is wrapped in allOf",
            json!({"$ref": "#/components/schemas/S", "description": "d", "default": "x", "nullable": true, "readOnly": true, "examples": ["e"], "x-k": 1}),
            json!({"allOf": [{"$ref": "#/components/schemas/S"}], "description": "d", "default": "x", "nullable": true, "readOnly": true, "x-k": 1, "example": "e"}),
        ),
        (
            "a bare $ref stays",
            json!({"$ref": "#/components/schemas/S"}),
            json!({"$ref": "#/components/schemas/S"}),
        ),
        (
            "$ref beside $defs only stays",
            json!({"$ref": "#/components/schemas/S", "$defs": {"A": {}}}),
            json!({"$ref": "#/components/schemas/S", "$defs": {"A": {}}}),
        ),
        (
            "numeric exclusive bounds",
            json!({"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10.5}),
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 10.5, "exclusiveMaximum": true}),
        ),
        (
            "the tighter of minimum and exclusiveMinimum wins",
            json!({"type": "number", "minimum": 5, "exclusiveMinimum": 1, "maximum": 3, "exclusiveMaximum": 3}),
            json!({"type": "number", "minimum": 5, "maximum": 3, "exclusiveMaximum": true}),
        ),
        (
            "boolean exclusive bounds are 3.0 and stay",
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "nullable": true, "example": 1}),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "nullable": true, "example": 1}),
        ),
        (
            "a uniform tuple that may be shorter is a list of its type",
            json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}], "items": false}),
            json!({"type": "array", "maxItems": 2, "items": {"type": "string"}, "x-prefix-items": [{"type": "string"}, {"type": "string"}]}),
        ),
        (
            "a tuple of exactly its positions is kept for lowering, without a warning",
            json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "minItems": 2, "items": false}),
            json!({"type": "array", "minItems": 2, "maxItems": 2, "x-prefix-items": [{"type": "string"}, {"type": "integer"}]}),
        ),
        (
            "tuple members are normalized too",
            json!({"prefixItems": [{"type": ["string", "null"]}, {"type": ["string", "null"]}]}),
            json!({
                "items": {"type": "string", "nullable": true},
                "x-prefix-items": [{"type": "string", "nullable": true}, {"type": "string", "nullable": true}],
                "type": "array"
            }),
        ),
        (
            "annotation-only keywords are dropped",
            json!({"type": "object", "$schema": "s", "$id": "i", "$comment": "c", "propertyNames": {"pattern": "^a"}, "additionalProperties": {"type": "string"}}),
            json!({"type": "object", "additionalProperties": {"type": "string"}}),
        ),
        (
            "contentEncoding base64 is format byte, binary is binary",
            json!({"type": "object", "properties": {
                "a": {"type": "string", "contentEncoding": "base64"},
                "b": {"type": ["string", "null"], "contentEncoding": "binary"},
                "c": {"type": "string", "contentMediaType": "image/png"},
                "d": {"type": "string", "contentMediaType": "application/json"},
                "e": {"type": "string", "format": "uri", "contentEncoding": "base64"}
            }}),
            json!({"type": "object", "properties": {
                "a": {"type": "string", "format": "byte"},
                "b": {"format": "binary", "type": "string", "nullable": true},
                "c": {"type": "string", "format": "binary"},
                "d": {"type": "string"},
                "e": {"type": "string", "format": "uri"}
            }}),
        ),
        (
            "unevaluatedProperties and one patternProperties are additionalProperties",
            json!({"type": "object", "properties": {
                "a": {"type": "object", "unevaluatedProperties": false},
                // Only keys of the pattern: a map of its values. Without `false`, other keys
                // may hold anything, and the object stays open (`d`).
                "b": {"type": "object", "patternProperties": {"^x": {"type": ["integer", "null"]}}, "additionalProperties": false},
                "d": {"type": "object", "patternProperties": {"^x": {"type": "integer"}}},
                // Beside a composition it also admits what the members evaluate: not 3.0's
                // additionalProperties, which would refuse them.
                "c": {"unevaluatedProperties": false, "oneOf": [
                    {"type": "object", "properties": {"k": {"type": "string"}}}
                ]}
            }}),
            json!({"type": "object", "properties": {
                "a": {"type": "object", "additionalProperties": false},
                "b": {"type": "object", "additionalProperties": {"type": "integer", "nullable": true}},
                "d": {"type": "object"},
                "c": {"oneOf": [{"type": "object", "properties": {"k": {"type": "string"}}}]}
            }}),
        ),
        (
            "boolean schemas",
            json!({"type": "object", "properties": {"any": true, "none": false}, "additionalProperties": false}),
            json!({"type": "object", "properties": {"any": {}, "none": {"not": {}}}, "additionalProperties": false}),
        ),
        (
            "every nesting: properties, items, additionalProperties, allOf, not",
            json!({
                "allOf": [{"type": "object", "properties": {"p": {
                    "type": "array",
                    "items": {"type": "object", "additionalProperties": {"type": ["string", "null"]}}
                }}}],
                "not": {"const": 1}
            }),
            json!({
                "allOf": [{"type": "object", "properties": {"p": {
                    "type": "array",
                    "items": {"type": "object", "additionalProperties": {"type": "string", "nullable": true}}
                }}}],
                "not": {"type": "integer", "enum": [1]}
            }),
        ),
    ]
}

#[test]
fn schema_rules() {
    for (what, input, expected) in schema_cases() {
        let (output, diagnostics) = run(input);
        assert_eq!(output, expected, "{what}");
        assert!(diagnostics.is_empty(), "{what}: {diagnostics:?}");
    }
}

#[test]
fn rewritten_keys_keep_a_stable_order() {
    // serde_json keeps insertion order here: the rewritten tree prints the same every time.
    let (output, _) = run(json!({"$ref": "#/components/schemas/S", "description": "d"}));
    let keys: Vec<&String> = output.as_object().map(|m| m.keys().collect()).unwrap();
    assert_eq!(keys, ["allOf", "description"]);
}

/// Schema rules that drop something the generated code would need: (what, input, expected,
/// pointer and words of the one warning).
fn warning_cases() -> Vec<(&'static str, Value, Value, &'static str, &'static str)> {
    vec![
        (
            "a tuple of different types that may be longer",
            json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}),
            json!({"type": "array", "x-prefix-items": [{"type": "string"}, {"type": "integer"}]}),
            "/components/schemas/S/prefixItems",
            "list of serde_json::Value",
        ),
        (
            "if/then/else",
            json!({"type": "object", "if": {}, "then": {}, "else": {}}),
            json!({"type": "object"}),
            "/components/schemas/S/if",
            "conditional subschemas",
        ),
        (
            "two patternProperties",
            json!({"type": "object", "patternProperties": {"^a": {}, "^b": {}}}),
            json!({"type": "object"}),
            "/components/schemas/S/patternProperties",
            "`patternProperties`",
        ),
        (
            "dependentSchemas",
            json!({"type": "object", "dependentSchemas": {"a": {}}}),
            json!({"type": "object"}),
            "/components/schemas/S/dependentSchemas",
            "not supported",
        ),
        (
            "a type list entry that is not a string",
            json!({"type": ["string", 5]}),
            json!({"type": "string"}),
            "/components/schemas/S/type",
            "not a string",
        ),
    ]
}

#[test]
fn degrading_rules_warn_where_the_keyword_is() {
    for (what, input, expected, pointer, words) in warning_cases() {
        let (output, diagnostics) = run(input);
        assert_eq!(output, expected, "{what}");
        assert_eq!(diagnostics.len(), 1, "{what}: {diagnostics:?}");
        let d = &diagnostics[0];
        assert_eq!(d.severity, Severity::Warning, "{what}");
        assert_eq!(d.pointer, pointer, "{what}");
        assert!(d.message.contains(words), "{what}: {}", d.message);
    }
}

#[test]
fn schemas_are_found_at_every_place_they_can_be() {
    let nullable = || json!({"type": ["string", "null"]});
    let media = || json!({"application/json": {"schema": nullable(), "encoding": {"a": {"headers": {"H": {"schema": nullable()}}}}}});
    let operation = || {
        json!({
            "parameters": [{"name": "p", "in": "query", "schema": nullable()}, {"name": "q", "in": "query", "content": media()}],
            "requestBody": {"content": media()},
            "responses": {"200": {"description": "ok", "headers": {"X": {"schema": nullable()}}, "content": media()}},
            "callbacks": {"cb": {"{$request.body#/url}": {"post": {
                "requestBody": {"content": media()},
                "responses": {"200": {"description": "ok"}}
            }}}}
        })
    };
    let mut tree = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"parameters": [{"name": "x", "in": "header", "schema": nullable()}], "get": operation()}},
        "components": {
            "schemas": {"S": nullable()},
            "parameters": {"P": {"name": "p", "in": "query", "schema": nullable()}},
            "headers": {"H": {"schema": nullable()}},
            "requestBodies": {"B": {"content": media()}},
            "responses": {"R": {"description": "r", "content": media()}},
            "callbacks": {"C": {"{$url}": {"put": operation()}}},
            "pathItems": {"I": {"delete": operation()}}
        }
    });
    let diagnostics = normalize(&mut tree);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let text = tree.to_string();
    assert!(!text.contains("\"null\""), "a type list was missed: {text}");
    assert_eq!(text.matches("\"nullable\":true").count(), 38, "{text}");
}

fn doc_with(extra: Value) -> Value {
    let mut tree = json!({"openapi": "3.1.1", "info": {"title": "t", "version": "1"}, "paths": {}});
    if let (Value::Object(tree), Value::Object(extra)) = (&mut tree, extra) {
        tree.extend(extra);
    }
    tree
}

#[test]
fn document_rules() {
    let mut tree =
        doc_with(json!({"jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base"}));
    tree["info"] = json!({"title": "t", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}});
    tree.as_object_mut().unwrap().remove("paths");
    assert!(normalize(&mut tree).is_empty());
    assert_eq!(
        tree,
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1", "license": {"name": "MIT", "url": "https://spdx.org/licenses/MIT.html"}, "description": "s"},
            "paths": {}
        })
    );

    // A description and a license URL already there are kept.
    let mut tree = doc_with(json!({}));
    tree["info"] = json!({"title": "t", "version": "1", "summary": "s", "description": "d", "license": {"name": "n", "url": "u", "identifier": "MIT"}});
    normalize(&mut tree);
    assert_eq!(
        tree["info"],
        json!({"title": "t", "version": "1", "description": "d", "license": {"name": "n", "url": "u"}})
    );
}

#[test]
fn webhooks_are_removed_with_one_warning_that_counts_them() {
    let hook = json!({"post": {"responses": {"200": {"description": "ok"}}}, "put": {"responses": {"200": {"description": "ok"}}}});
    let mut tree = doc_with(json!({
        "webhooks": {"a": hook, "b": {"$ref": "#/components/pathItems/B"}},
        "components": {"pathItems": {"B": {"get": {"responses": {"200": {"description": "ok"}}}}}}
    }));
    tree.as_object_mut().unwrap().remove("paths");
    let diagnostics = normalize(&mut tree);
    assert!(tree.get("webhooks").is_none());
    assert_eq!(tree["paths"], json!({}));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].pointer, "/webhooks");
    assert!(
        diagnostics[0]
            .message
            .contains("the 3 webhook operations are left out, while"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn webhooks_in_other_files_are_counted_as_webhooks_not_as_zero_operations() {
    let hook = json!({"post": {"responses": {"200": {"description": "ok"}}}});
    let mut tree = doc_with(json!({
        "webhooks": {"a": hook, "b": {"$ref": "hooks.yaml#/b"}, "c": {"$ref": "hooks.yaml#/c"}}
    }));
    let diagnostics = normalize(&mut tree);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(
        diagnostics[0].message.contains(
            "the 1 webhook operation is left out, and so are 2 webhooks whose `$ref` could not be followed"
        ),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn path_item_references_are_copied_in() {
    let mut tree = doc_with(json!({
        "paths": {"/a": {"$ref": "#/components/pathItems/A", "summary": "mine"}, "/b": {"$ref": "#/components/pathItems/Nope"}},
        "components": {"pathItems": {"A": {"summary": "theirs", "get": {"parameters": [{"name": "p", "in": "query", "schema": {"const": 1}}], "responses": {}}}}}
    }));
    normalize(&mut tree);
    assert_eq!(
        tree["paths"]["/a"],
        json!({"summary": "mine", "get": {"parameters": [{"name": "p", "in": "query", "schema": {"type": "integer", "enum": [1]}}], "responses": {}}})
    );
    // Lowering reports the broken one, as it does for 3.0.
    assert_eq!(
        tree["paths"]["/b"],
        json!({"$ref": "#/components/pathItems/Nope"})
    );
}

#[test]
fn mutual_tls_schemes_are_dropped_with_a_warning() {
    let mut tree = doc_with(json!({"components": {"securitySchemes": {
        "m": {"type": "mutualTLS"},
        "k": {"type": "apiKey", "in": "header", "name": "K"}
    }}}));
    let diagnostics = normalize(&mut tree);
    assert_eq!(
        tree["components"]["securitySchemes"],
        json!({"k": {"type": "apiKey", "in": "header", "name": "K"}})
    );
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].pointer, "/components/securitySchemes/m");
}

#[test]
fn references_that_resolve_nowhere_warn_where_written() {
    let (output, diagnostics) = run(json!({
        "type": "object",
        "properties": {
            "a": {"$ref": "#/$defs/A", "description": "d"},
            "b": {"$ref": "#/$defs/A"},
            "c": {"$ref": "#/components/schemas/Missing"},
            "d": {"$ref": "#/components/schemas/S/properties/c"}
        },
        "$defs": {"A": {"properties": {"x": {"$ref": "#/$defs/B"}}}}
    }));
    assert_eq!(output["properties"]["a"], json!({"description": "d"}));
    assert_eq!(output["properties"]["b"], json!({}));
    // Broken component references are left for lowering to report; resolvable pointers stay.
    assert_eq!(
        output["properties"]["c"],
        json!({"$ref": "#/components/schemas/Missing"})
    );
    assert_eq!(
        output["properties"]["d"],
        json!({"$ref": "#/components/schemas/S/properties/c"})
    );
    // Warnings that `--strict` turns into errors.
    let mut at: Vec<(&str, bool)> = diagnostics
        .iter()
        .map(|d| {
            (
                d.pointer.as_str(),
                d.severity == Severity::Warning && d.degraded,
            )
        })
        .collect();
    at.sort();
    assert_eq!(
        at,
        [
            ("/components/schemas/S/$defs/A/properties/x", true),
            ("/components/schemas/S/properties/a", true),
            ("/components/schemas/S/properties/b", true),
        ]
    );
    assert!(
        diagnostics[0].message.contains("`#/$defs/"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn a_reference_wrapper_allows_null_when_its_target_does() {
    let mut tree = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "components": {"schemas": {
            "S": {"type": "object", "properties": {
                "a": {"$ref": "#/components/schemas/N", "description": "d"},
                "b": {"$ref": "#/components/schemas/M", "description": "d"},
                "c": {"$ref": "#/components/schemas/P", "description": "d"},
                "d": {"$ref": "#/components/schemas/L", "description": "d"},
                "e": {"$ref": "#/components/schemas/N", "nullable": false}
            }},
            "M": {"$ref": "#/components/schemas/N", "title": "chained"},
            "N": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "L": {"type": ["object", "null"]},
            "P": {"type": "string"}
        }}
    });
    normalize(&mut tree);
    let properties = &tree["components"]["schemas"]["S"]["properties"];
    for (name, nullable) in [
        ("a", true),
        ("b", true),
        ("c", false),
        ("d", true),
        ("e", false),
    ] {
        assert_eq!(
            properties[name]["nullable"] == json!(true),
            nullable,
            "{name}: {}",
            properties[name]
        );
    }
    assert_eq!(tree["components"]["schemas"]["M"]["nullable"], json!(true));
}

#[test]
fn hostile_nesting_stops_with_one_warning() {
    let mut schema = json!({"type": ["string", "null"]});
    for _ in 0..(super::MAX_DEPTH + 10) {
        schema = json!({"items": schema});
    }
    let (_, diagnostics) = run(schema);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(diagnostics[0].message.contains("nested deeper"));
}

/// What openapiv3 and lowering make of the rewritten shapes.
mod downstream {
    use crate::ir::{TypeKind, TypeRef};
    use crate::{Config, Input, Source};

    fn lower(components: &str) -> (crate::ir::Api, Vec<crate::Diagnostic>) {
        let text = format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{components}"
        );
        let input = Input {
            source: Source::new("api.yaml", text),
            overlays: Vec::new(),
        };
        let config = Config::new("probe", "Probe");
        match crate::lower_input(&input, &config) {
            Ok(lowered) => lowered,
            Err(failure) => panic!("{:#?}", failure.diagnostics),
        }
    }

    fn fields(api: &crate::ir::Api, name: &str) -> Vec<crate::ir::Field> {
        match api.types.iter().find(|t| t.name == name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s.fields.clone(),
            other => panic!("{name} is {other:?}"),
        }
    }

    #[test]
    fn nullable_references_docs_and_defaults_survive_lowering() {
        let (api, diagnostics) = lower(concat!(
            "    B: {type: object, properties: {x: {type: string}}}\n",
            "    A:\n      type: object\n      properties:\n",
            "        r: {$ref: '#/components/schemas/B', description: from the sibling}\n",
            "        n: {anyOf: [{$ref: '#/components/schemas/B'}, {type: 'null'}]}\n",
            "        s: {type: [string, 'null'], default: x}\n",
            "        k: {const: fixed}\n",
        ));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let fields = fields(&api, "A");
        let field = |name: &str| fields.iter().find(|f| f.json_name == name).unwrap();
        assert_eq!(field("r").ty, TypeRef::Named("B".to_owned()));
        assert_eq!(field("r").docs, "from the sibling");
        assert_eq!(field("n").ty, TypeRef::Named("B".to_owned()));
        assert!(field("n").nullable);
        assert_eq!(field("s").ty, TypeRef::String);
        assert!(field("s").nullable);
        assert_eq!(
            field("s").presence,
            crate::ir::Presence::Defaulted(crate::ir::DefaultValue::String("x".to_owned()))
        );
        assert!(
            matches!(&field("k").ty, TypeRef::Named(_)),
            "{:?}",
            field("k").ty
        );
    }

    #[test]
    fn a_documented_enum_is_an_enum_and_a_tuple_keeps_its_members() {
        let (api, _) = lower(concat!(
            "    E: {type: integer, oneOf: [{title: ONE, const: 1}, {title: TWO, const: 2}]}\n",
            "    F: {type: integer, enum: [1, 2], x-enum-varnames: [only_one]}\n",
            "    G: {type: string, enum: [a, b], x-enum-varnames: [first, second]}\n",
            "    T: {type: array, prefixItems: [{type: string}, {type: integer}]}\n",
        ));
        let kind = |name: &str| api.types.iter().find(|t| t.name == name).map(|t| &t.kind);
        let names = |name: &str| -> Vec<String> {
            match kind(name) {
                Some(TypeKind::Enum(e)) => e.variants.iter().map(|v| v.rust_name.clone()).collect(),
                other => panic!("{name} is {other:?}"),
            }
        };
        // The titles name the variants; a name list of the wrong length is not used.
        assert_eq!(names("E"), ["One", "Two"]);
        assert_eq!(names("F"), ["Value1", "Value2"]);
        assert_eq!(names("G"), ["First", "Second"]);

        let doc = crate::parse(&Input {
            source: Source::new(
                "api.yaml",
                "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents: {schemas: {T: {type: array, prefixItems: [{type: string}, {const: 1}]}}}\n",
            ),
            overlays: Vec::new(),
        })
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics))
        .0;
        let schema = match &doc.components.as_ref().unwrap().schemas["T"] {
            openapiv3::ReferenceOr::Item(schema) => schema,
            other => panic!("{other:?}"),
        };
        assert!(matches!(
            schema.schema_kind,
            openapiv3::SchemaKind::Type(openapiv3::Type::Array(_))
        ));
        assert_eq!(
            schema.schema_data.extensions["x-prefix-items"],
            serde_json::json!([{"type": "string"}, {"type": "integer", "enum": [1]}])
        );
        assert_eq!(doc.openapi, "3.0.3");
    }
}
