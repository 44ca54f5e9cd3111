//! `$ref`s: a broken schema reference degrades to any JSON with a warning at the node that
//! refers (an error under `--strict`), other broken references are errors there, external
//! schema references degrade to any JSON, and cycles are errors or boxes, never hangs.

use generator::Severity;
use generator::ir::TypeKind;

use crate::support::{
    Place, check, degraded, doc, exactly, fails, fails_guarded, fails_once, fails_strict,
    generates, line, single,
};

/// Two schema `$ref`s that resolve nowhere, one of them in an allOf.
pub(crate) fn broken_schema_refs_doc() -> String {
    doc(
        "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Missing'\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/Gone'\n    C:\n      allOf:\n        - $ref: '#/components/schemas/Lost'\n        - {type: object, properties: {d: {type: string}}}\n",
    )
}

#[test]
fn a_broken_schema_ref_degrades_at_the_referencing_node_and_fails_under_strict() {
    let text = broken_schema_refs_doc();
    // Every broken reference, not just the first; one missing schema does not cost the user
    // the whole SDK, but `--strict` refuses it.
    let expected = [
        (
            "/paths/~1a/get/responses/200/content/application~1json/schema",
            "broken reference `#/components/schemas/Missing`: no such schema; using serde_json::Value",
            Place::At(13, 15),
        ),
        (
            "/components/schemas/A/properties/b",
            "broken reference `#/components/schemas/Gone`: no such schema; using serde_json::Value",
            Place::At(20, 9),
        ),
        (
            "/components/schemas/C/allOf/0",
            "broken reference `#/components/schemas/Lost`: no such schema; its members are left out",
            Place::At(24, 11),
        ),
    ];
    let generated = generates("api.yaml", &text);
    exactly(&generated.diagnostics, Severity::Warning, &expected);
    exactly(&fails_strict("api.yaml", &text), Severity::Error, &expected);
}

#[test]
fn broken_parameter_response_and_body_refs_name_the_referencing_nodes() {
    let text = doc(
        "paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Nope'\n      responses:\n        '200':\n          $ref: '#/components/responses/Nope'\n    post:\n      requestBody:\n        $ref: '#/components/requestBodies/Nope'\n      responses:\n        '204':\n          description: ok\n",
    );
    exactly(
        &fails("api.yaml", &text),
        Severity::Error,
        &[
            (
                "/paths/~1a/get/parameters/0",
                "broken reference `#/components/parameters/Nope`: no such component",
                Place::At(9, 11),
            ),
            (
                "/paths/~1a/get/responses/200",
                "broken reference `#/components/responses/Nope`: no such component",
                Place::At(11, 9),
            ),
            (
                "/paths/~1a/post/requestBody",
                "broken reference `#/components/requestBodies/Nope`: no such component",
                Place::At(14, 7),
            ),
        ],
    );
}

pub(crate) fn external_ref_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: 'other.yaml#/X'\n    B:\n      type: object\n      properties:\n        c:\n          $ref: 'other.yaml#/components/schemas/C'\n",
    )
}

#[test]
fn an_external_schema_ref_degrades_with_a_warning() {
    let generated = generates("api.yaml", &external_ref_doc());
    exactly(
        &generated.diagnostics,
        Severity::Warning,
        &[
            (
                "/components/schemas/A",
                "unsupported reference `other.yaml#/X`; using serde_json::Value",
                Place::At(8, 5),
            ),
            (
                "/components/schemas/B/properties/c",
                "unsupported reference `other.yaml#/components/schemas/C`",
                Place::At(13, 9),
            ),
        ],
    );
}

#[test]
fn an_external_parameter_ref_is_an_error() {
    let text = doc(
        "paths:\n  /a:\n    get:\n      parameters:\n        - $ref: 'other.yaml#/P'\n      responses:\n        '204': {description: ok}\n",
    );
    let d = fails_once("api.yaml", &text);
    check(
        &d,
        Severity::Error,
        "/paths/~1a/get/parameters/0",
        "unsupported reference `other.yaml#/P`: expected `#/components/parameters/<name>`",
    );
    assert!(d.message.contains("bundle the document"), "{}", d.message);
    assert_eq!(line(&d), Some(9));
}

#[test]
fn a_section_that_is_a_file_reference_asks_for_a_bundled_document() {
    let text = doc("paths: {}\ncomponents:\n  schemas:\n    $ref: ./schemas/_index.yaml\n");
    let d = fails_once("api.yaml", &text);
    check(
        &d,
        Severity::Error,
        "/components/schemas/$ref",
        "not valid OpenAPI: invalid type: string \"./schemas/_index.yaml\"",
    );
    assert!(d.message.contains("bundle the document"), "{}", d.message);
}

#[test]
fn an_impossible_schema_cycle_is_an_error_not_a_hang() {
    let text = doc(
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n    Me:\n      $ref: '#/components/schemas/Me'\n",
    );
    let cycle = "impossible reference cycle: these schemas only refer to each other";
    exactly(
        &fails_guarded("api.yaml", text),
        Severity::Error,
        &[
            ("/components/schemas/A", cycle, Place::At(8, 5)),
            ("/components/schemas/B", cycle, Place::At(10, 5)),
            ("/components/schemas/Me", cycle, Place::At(12, 5)),
        ],
    );
}

#[test]
fn a_parameter_ref_cycle_is_an_error_not_a_hang() {
    let text = doc(
        "paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/P'\n      responses:\n        '204': {description: ok}\ncomponents:\n  parameters:\n    P: {$ref: '#/components/parameters/Q'}\n    Q: {$ref: '#/components/parameters/P'}\n",
    );
    let d = single(&fails_guarded("api.yaml", text)).clone();
    check(
        &d,
        Severity::Error,
        "/paths/~1a/get/parameters/0",
        "reference cycle: these references only point at each other",
    );
    assert_eq!(line(&d), Some(9));
}

/// Two schemas whose allOf include each other (each with a property of its own), a schema whose
/// allOf reaches them, one whose allOf includes itself, and a diamond (one schema reached along
/// two paths), which is no cycle.
pub(crate) fn all_of_cycle_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  schemas:\n    Loop1:\n      allOf:\n        - $ref: '#/components/schemas/Loop2'\n        - {type: object, properties: {a: {type: string}}}\n    Loop2:\n      allOf:\n        - $ref: '#/components/schemas/Loop1'\n        - {type: object, properties: {b: {type: string}}}\n    Outer:\n      allOf:\n        - $ref: '#/components/schemas/Loop1'\n        - {type: object, properties: {x: {type: string}}}\n    Me:\n      allOf:\n        - $ref: '#/components/schemas/Me'\n        - {type: object, properties: {m: {type: string}}}\n    Base: {type: object, properties: {a: {type: string}}}\n    Left: {allOf: [{$ref: '#/components/schemas/Base'}, {properties: {l: {type: string}}}]}\n    Right: {allOf: [{$ref: '#/components/schemas/Base'}, {properties: {r: {type: string}}}]}\n    Both: {allOf: [{$ref: '#/components/schemas/Left'}, {$ref: '#/components/schemas/Right'}]}\n",
    )
}

#[test]
fn an_all_of_cycle_is_named_where_it_closes_and_merged_once() {
    let generated = generates("api.yaml", &all_of_cycle_doc());
    let cycle = |names: &str| {
        format!(
            "allOf cycle {names}: these schemas include each other; this reference adds nothing to the merge and is left out"
        )
    };
    let (one, two, me) = (
        cycle("`Loop1` -> `Loop2` -> `Loop1`"),
        cycle("`Loop2` -> `Loop1` -> `Loop2`"),
        cycle("`Me` -> `Me`"),
    );
    // Once "allOf nests too deeply to merge; using serde_json::Value" at Loop1, Loop2, Outer
    // and Me. Outer only leads into the cycle, which its members report; the diamond is no
    // cycle.
    exactly(
        &generated.diagnostics,
        Severity::Warning,
        &[
            (
                "/components/schemas/Loop2/allOf/0",
                one.as_str(),
                Place::At(14, 11),
            ),
            (
                "/components/schemas/Loop1/allOf/0",
                two.as_str(),
                Place::At(10, 11),
            ),
            (
                "/components/schemas/Me/allOf/0",
                me.as_str(),
                Place::At(22, 11),
            ),
        ],
    );
    // allOf is an intersection: each schema on the cycle has every property on it.
    let fields = |name: &str| -> Vec<String> {
        let def = generated.api.types.iter().find(|t| t.name == name);
        match def.map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s.fields.iter().map(|f| f.json_name.clone()).collect(),
            other => panic!("{name} is not a struct: {other:?}"),
        }
    };
    assert_eq!(fields("Loop1"), ["b", "a"]);
    assert_eq!(fields("Loop2"), ["a", "b"]);
    assert_eq!(fields("Outer"), ["b", "a", "x"]);
    assert_eq!(fields("Me"), ["m"]);
    assert_eq!(fields("Both"), ["a", "l", "r"]);
}

pub(crate) fn recursive_types_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  schemas:\n    B:\n      type: array\n      items:\n        $ref: '#/components/schemas/C'\n    C:\n      $ref: '#/components/schemas/B'\n    D:\n      type: object\n      properties:\n        e: {$ref: '#/components/schemas/E'}\n    E:\n      type: object\n      required: [d]\n      properties:\n        d: {$ref: '#/components/schemas/D'}\n    Tree:\n      oneOf:\n        - $ref: '#/components/schemas/Tree'\n        - type: string\n",
    )
}

#[test]
fn recursion_through_a_container_degrades_and_struct_cycles_are_boxed() {
    let generated = generates("api.yaml", &recursive_types_doc());
    let through = "recursive alias through an array or map; using serde_json::Value";
    exactly(
        &generated.diagnostics,
        Severity::Warning,
        &[
            ("/components/schemas/B", through, Place::At(8, 5)),
            ("/components/schemas/C", through, Place::At(12, 5)),
            (
                "/components/schemas/Tree",
                "member `Tree` leads back to this union without nesting, so reading it would never end; dropping it (values only it matches are kept as raw JSON)",
                Place::At(23, 5),
            ),
        ],
    );
}

/// Unions whose members lead back to them through other unions only: reading one would try
/// the same union again forever (a stack overflow in serde's untagged matching).
pub(crate) fn looping_unions_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      anyOf:\n        - type: string\n        - $ref: '#/components/schemas/B'\n    B:\n      anyOf:\n        - type: integer\n        - $ref: '#/components/schemas/AliasOfA'\n    AliasOfA:\n      $ref: '#/components/schemas/A'\n    Nested:\n      anyOf:\n        - type: string\n        - type: array\n          items: {$ref: '#/components/schemas/Nested'}\n",
    )
}

#[test]
fn union_members_that_lead_back_without_nesting_are_dropped() {
    let generated = generates("api.yaml", &looping_unions_doc());
    let members = |name: &str| -> Vec<String> {
        let def = generated.api.types.iter().find(|t| t.name == name);
        match def.map(|t| &t.kind) {
            Some(TypeKind::Union(u)) => u.variants.iter().map(|v| v.rust_name.clone()).collect(),
            other => panic!("{name} is not a union: {other:?}"),
        }
    };
    // A's member B leads back (B -> AliasOfA = A); once it is gone, B's member A does not.
    assert_eq!(members("A"), ["String"]);
    assert_eq!(members("B"), ["AliasOfA", "Integer"]);
    // A list of itself nests: every level reads one level of input.
    assert_eq!(members("Nested").len(), 2);
    let dropped: Vec<&str> = generated
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("leads back to this union"))
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(dropped, ["/components/schemas/A"]);
}

pub(crate) fn path_item_ref_doc() -> String {
    doc(
        "paths:\n  /a:\n    $ref: '#/components/pathItems/A'\n  /b:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {x: {type: string}}}}}}\n",
    )
}

#[test]
fn a_path_item_by_reference_is_skipped_with_a_warning() {
    let generated = generates("api.yaml", &path_item_ref_doc());
    let d = single(&generated.diagnostics);
    check(
        d,
        Severity::Warning,
        "/paths/~1a",
        "path items by reference are not supported; skipping the path",
    );
    assert_eq!(d.position, Some((6, 3)));
    let paths: Vec<&str> = generated
        .api
        .services
        .iter()
        .flat_map(|s| &s.operations)
        .map(|o| o.path.as_str())
        .collect();
    assert_eq!(paths, ["/b"]);
    // One into another file says to bundle, as a schema reference does.
    let generated = generates(
        "api.yaml",
        &doc(
            "paths:\n  /a:\n    $ref: 'paths.yml#/A'\n  /ping: {get: {operationId: ping, responses: {'204': {description: ok}}}}\n",
        ),
    );
    check(
        single(&generated.diagnostics),
        Severity::Warning,
        "/paths/~1a",
        "skipping the path; references to other files are not followed: bundle the document into one file first",
    );
}

/// Acyclic chains longer than 64 links are not cycles.
fn long_chain_docs() -> (String, String) {
    let mut params = doc(
        "paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/P0'\n      responses:\n        '204': {description: ok}\ncomponents:\n  parameters:\n",
    );
    for i in 0..100 {
        params.push_str(&format!(
            "    P{i}: {{$ref: '#/components/parameters/P{}'}}\n",
            i + 1
        ));
    }
    params.push_str("    P100: {name: q, in: query, schema: {type: string}}\n");
    let mut all_of = doc(
        "paths: {}\ncomponents:\n  schemas:\n    U:\n      allOf:\n        - $ref: '#/components/schemas/S0'\n        - {type: object, properties: {y: {type: string}}}\n",
    );
    for i in 0..100 {
        all_of.push_str(&format!(
            "    S{i}: {{$ref: '#/components/schemas/S{}'}}\n",
            i + 1
        ));
    }
    all_of.push_str("    S100: {type: object, properties: {x: {type: string}}}\n");
    (params, all_of)
}

#[test]
fn a_long_acyclic_parameter_chain_is_not_a_cycle() {
    let (params, _) = long_chain_docs();
    let generated = generates("api.yaml", &params);
    assert!(
        generated.diagnostics.is_empty(),
        "{:#?}",
        generated.diagnostics
    );
}

#[test]
fn an_all_of_member_behind_a_long_alias_chain_is_found() {
    let (_, all_of) = long_chain_docs();
    let generated = generates("api.yaml", &all_of);
    assert!(
        generated.diagnostics.is_empty(),
        "{:#?}",
        generated.diagnostics
    );
}

#[test]
fn a_reference_into_a_component_is_followed_not_called_broken() {
    let text = doc(
        "paths: {}\ncomponents:\n  schemas:\n    Outer:\n      type: object\n      properties:\n        name: {type: string}\n        inner: {$ref: '#/components/schemas/Outer/properties/name'}\n",
    );
    let generated = generates("api.yaml", &text);
    assert!(
        generated.diagnostics.is_empty(),
        "{:#?}",
        generated.diagnostics
    );
    let outer = generated
        .api
        .types
        .iter()
        .find(|t| t.name == "Outer")
        .expect("Outer");
    let generator::ir::TypeKind::Struct(outer) = &outer.kind else {
        panic!("Outer is a struct: {outer:?}");
    };
    let inner = outer
        .fields
        .iter()
        .find(|f| f.json_name == "inner")
        .expect("inner");
    assert_eq!(
        inner.ty,
        generator::ir::TypeRef::Named("OuterName".to_owned())
    );
}

/// What a bundler writes when a second file refers to something the first inlined: references
/// into `paths` (a parameter, a response, a header, a schema), as percent-encoded fragments.
pub(crate) fn references_into_paths_doc() -> String {
    doc(r"paths:
  /v1/models/{id}:
    get:
      operationId: getModel
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          headers:
            rate-limit: {schema: {type: integer}}
          content:
            application/json:
              schema: {type: object, properties: {name: {type: string}}}
        '401': {description: no}
  /v1/nfs/{id}:
    get:
      operationId: getNfs
      parameters:
        - $ref: '#/paths/~1v1~1models~1%7Bid%7D/get/parameters/0'
      responses:
        '200':
          description: ok
          headers:
            rate-limit: {$ref: '#/paths/~1v1~1models~1%7Bid%7D/get/responses/200/headers/rate-limit'}
          content:
            application/json:
              schema: {$ref: '#/paths/~1v1~1models~1%7Bid%7D/get/responses/200/content/application~1json/schema'}
        '401': {$ref: '#/paths/~1v1~1models~1%7Bid%7D/get/responses/401'}
")
}

#[test]
fn references_into_paths_are_followed_like_components() {
    let generated = generates("api.yaml", &references_into_paths_doc());
    assert!(
        generated.diagnostics.is_empty(),
        "{:#?}",
        generated.diagnostics
    );
    let text = |part: &str| -> String {
        let files = generated
            .files
            .iter()
            .filter(|file| file.path.contains(part));
        files.map(|file| file.contents.as_str()).collect()
    };
    let (services, models) = (text("services/"), text("models"));
    // Both operations take the same typed id and answer the same type, declared once.
    assert!(
        services.contains("pub fn get_nfs(&self, id: &str)"),
        "{services}"
    );
    assert!(
        services.contains("pub fn get_model(&self, id: &str)"),
        "{services}"
    );
    assert_eq!(models.matches("pub struct ").count(), 1, "{models}");
    assert_eq!(
        services.matches("-> Call<ModelsGet200, ").count(),
        2,
        "{services}"
    );
}

#[test]
fn findings_in_moved_or_copied_places_point_at_the_text_they_came_from() {
    // A response referenced from another path moves to `components/responses`, a property
    // referenced from beside it is copied to a schema of its own: their warnings still name
    // (and locate) the place in the document, once.
    let text = doc(
        "paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  n: {type: integer, default: abc}\n  /b:\n    get:\n      operationId: getB\n      responses:\n        '200': {$ref: '#/paths/~1a/get/responses/200'}\ncomponents:\n  schemas:\n    Outer:\n      type: object\n      properties:\n        inner:\n          type: object\n          properties:\n            m: {type: integer, default: xyz}\n        copy: {$ref: '#/components/schemas/Outer/properties/inner'}\n",
    );
    let generated = generates("api.yaml", &text);
    exactly(
        &generated.diagnostics,
        Severity::Warning,
        &[
            (
                "/paths/~1a/get/responses/200/content/application~1json/schema/properties/n",
                "default \"abc\" does not fit the property's type; ignoring it",
                Place::At(17, 19),
            ),
            (
                "/components/schemas/Outer/properties/inner/properties/m",
                "default \"xyz\" does not fit the property's type; ignoring it",
                Place::At(31, 13),
            ),
        ],
    );
    // A place that only refers to itself: refused where it is written.
    let d = fails_once(
        "api.yaml",
        &degraded(
            "paths: {}\ncomponents:\n  schemas:\n    D:\n      type: object\n      properties:\n        x: {$ref: '#/components/schemas/D/properties/x'}\n",
        ),
    );
    check(
        &d,
        Severity::Error,
        "/components/schemas/D/properties/x",
        "impossible reference cycle: these schemas only refer to each other",
    );
    assert_eq!(d.position, Some((11, 9)), "{d:?}");
}

/// A broken reference used to keep the schemas from compiling as JSON Schema, so no example
/// was validated, and a warning about one then called it valid anyway (an integer property with
/// a string example "validates against its schema"). The reference is checked as any value, as
/// lowering reads it, and the other examples are validated.
#[test]
fn a_broken_reference_does_not_stop_examples_from_being_validated() {
    let generated = generates(
        "api.yaml",
        &degraded(
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {n: {type: integer, example: 'not a number'}}}\n    B: {type: object, properties: {b: {$ref: '#/components/schemas/Missing'}}, example: {b: 1}}\n",
        ),
    );
    let messages: Vec<&str> = generated
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        !messages
            .iter()
            .any(|m| m.contains("not validated") || m.contains("validates against")),
        "{messages:?}"
    );
    let example = generated
        .diagnostics
        .iter()
        .find(|d| d.pointer == "/components/schemas/A/properties/n/example")
        .unwrap_or_else(|| panic!("no warning about the example: {messages:?}"));
    assert!(
        example
            .message
            .starts_with("example does not validate against its schema"),
        "{}",
        example.message
    );
    // B's example, whose `b` may be anything, is fine.
    assert!(
        !messages
            .iter()
            .any(|m| m.contains("example") && m.contains("`b`")),
        "{messages:?}"
    );
}
