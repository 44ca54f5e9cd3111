//! Input that is wrong or unsupported in a part: that part degrades (usually to
//! `serde_json::Value`) with a warning at its node, and the rest is generated. Every document
//! here is also compiled, by `compile::degraded_results_compile`.

use generator::Severity;
use generator::ir::{DefaultValue, Presence, TypeKind, TypeRef};

use crate::support::{
    Place, at, check, degraded, doc, exactly, generates, generates_guarded, line, one_sentence,
    placed, single,
};

pub(crate) fn security_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  securitySchemes:\n    digest:\n      type: http\n      scheme: digest\n    linked:\n      $ref: '#/components/securitySchemes/bearer'\n    bearer:\n      type: http\n      scheme: bearer\n  schemas:\n    A: {type: object, properties: {x: {type: string}}}\n",
    )
}

#[test]
fn unsupported_security_schemes_are_ignored_with_a_warning() {
    let generated = generates("api.yaml", &security_doc());
    exactly(
        &generated.diagnostics,
        Severity::Warning,
        &[
            (
                "/components/securitySchemes/digest",
                "HTTP `digest` authentication is not supported; ignoring it",
                Place::At(8, 5),
            ),
            (
                "/components/securitySchemes/linked",
                "referenced security schemes are not supported; ignoring it",
                Place::At(11, 5),
            ),
        ],
    );
    assert_eq!(generated.api.auth.len(), 1, "bearer still works");
}

pub(crate) fn bad_defaults_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  schemas:\n    Kind:\n      type: string\n      enum: [a, b]\n    A:\n      type: object\n      properties:\n        n:\n          type: integer\n          default: abc\n        small:\n          type: integer\n          format: int32\n          default: 99999999999\n        flag:\n          type: boolean\n          default: 'yes'\n        kind:\n          allOf: [{$ref: '#/components/schemas/Kind'}]\n          default: c\n        ok:\n          type: string\n          default: fine\n",
    )
}

#[test]
fn defaults_that_do_not_fit_their_type_are_dropped_with_a_warning() {
    let generated = generates("api.yaml", &bad_defaults_doc());
    exactly(
        &generated.diagnostics,
        Severity::Warning,
        &[
            (
                "/components/schemas/A/properties/n",
                "default \"abc\" does not fit the property's type; ignoring it",
                Place::At(14, 9),
            ),
            (
                "/components/schemas/A/properties/small",
                "default 99999999999 does not fit the property's type; ignoring it",
                Place::At(17, 9),
            ),
            (
                "/components/schemas/A/properties/flag",
                "default \"yes\" does not fit the property's type; ignoring it",
                Place::At(21, 9),
            ),
            (
                "/components/schemas/A/properties/kind",
                "default \"c\" is not one of the values of `Kind`; ignoring it",
                Place::At(24, 9),
            ),
        ],
    );
    let a = generated
        .api
        .types
        .iter()
        .find(|t| t.name == "A")
        .expect("A is generated");
    let TypeKind::Struct(a) = &a.kind else {
        panic!("A is a struct: {:?}", a.kind)
    };
    let defaults: Vec<(&str, bool)> = a
        .fields
        .iter()
        .map(|f| {
            let defaulted = matches!(f.presence, generator::ir::Presence::Defaulted(_));
            (f.json_name.as_str(), defaulted)
        })
        .collect();
    assert_eq!(
        defaults,
        [
            ("n", false),
            ("small", false),
            ("flag", false),
            ("kind", false),
            ("ok", true)
        ]
    );
}

/// Defaults naming a member of a union, through an alias, and an object default for an object.
pub(crate) fn member_defaults_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  schemas:\n    Level: {type: string, enum: [low, high]}\n    LevelAlias: {$ref: '#/components/schemas/Level'}\n    Limit:\n      oneOf:\n        - type: integer\n        - {type: string, enum: [max]}\n    Settings: {type: object, properties: {depth: {type: integer}}}\n    Job:\n      type: object\n      properties:\n        count:\n          allOf: [{$ref: '#/components/schemas/Limit'}]\n          default: 16\n        limit:\n          allOf: [{$ref: '#/components/schemas/Limit'}]\n          default: max\n        level:\n          allOf: [{$ref: '#/components/schemas/LevelAlias'}]\n          default: high\n        settings:\n          allOf: [{$ref: '#/components/schemas/Settings'}]\n          default: {depth: 2}\n        odd:\n          allOf: [{$ref: '#/components/schemas/Limit'}]\n          default: 1.5\n        enabled:\n          anyOf: [{type: array, items: {type: string}}, {type: boolean}]\n          default: [events]\n        listed:\n          allOf: [{$ref: '#/components/schemas/Limit'}]\n          default: [1]\n",
    )
}

#[test]
fn defaults_of_union_members_and_aliases_are_kept() {
    let generated = generates("api.yaml", &member_defaults_doc());
    // Container defaults are left alone: an object for an object type, a list for a union with
    // a list member (Prefect's settings). A list no member could hold is a mismatch.
    exactly(
        &generated.diagnostics,
        Severity::Warning,
        &[
            (
                "/components/schemas/Job/properties/odd",
                "default 1.5 fits none of the members of `Limit`; ignoring it",
                Place::At(30, 9),
            ),
            (
                "/components/schemas/Job/properties/listed",
                "default [1] fits none of the members of `Limit`; ignoring it",
                Place::At(36, 9),
            ),
        ],
    );
    let job = generated
        .api
        .types
        .iter()
        .find(|t| t.name == "Job")
        .expect("Job is generated");
    let TypeKind::Struct(job) = &job.kind else {
        panic!("Job is a struct: {:?}", job.kind)
    };
    let default = |name: &str| {
        let field = job.fields.iter().find(|f| f.json_name == name);
        match field.map(|f| &f.presence) {
            Some(Presence::Defaulted(value)) => Some(value.clone()),
            _ => None,
        }
    };
    // The first member the value fits, in the order serde tries them.
    let Some(DefaultValue::Member {
        union_name, value, ..
    }) = default("count")
    else {
        panic!("count: {:?}", default("count"))
    };
    assert_eq!(
        (union_name.as_str(), *value),
        ("Limit", DefaultValue::Integer(16))
    );
    let Some(DefaultValue::Member { value, .. }) = default("limit") else {
        panic!("limit: {:?}", default("limit"))
    };
    assert!(
        matches!(*value, DefaultValue::Variant { ref variant, .. } if variant == "Max"),
        "{value:?}"
    );
    assert!(
        matches!(default("level"), Some(DefaultValue::Variant { ref enum_name, ref variant }) if enum_name == "Level" && variant == "High"),
        "{:?}",
        default("level")
    );
    assert_eq!((default("settings"), default("odd")), (None, None));
}

#[test]
fn path_parameters_that_cannot_be_spelled_say_what_they_are() {
    let text = doc(
        "paths:\n  /a/{u}/{l}/{m}:\n    get:\n      operationId: getA\n      parameters:\n        - name: u\n          in: path\n          required: true\n          schema: {oneOf: [{type: string}, {type: array, items: {type: string}}]}\n        - name: l\n          in: path\n          required: true\n          schema: {type: array, items: {type: array, items: {type: object, properties: {x: {type: string}}}}}\n        - name: m\n          in: path\n          required: true\n          schema: {type: object, additionalProperties: {type: string}}\n      responses:\n        '204': {description: ok}\n",
    );
    let generated = generates("api.yaml", &text);
    let taken =
        "is not spelled in the URL by the generator; taking it as a string the caller formats";
    let (union, lists, map) = (
        format!("a path parameter that is a choice of types (oneOf or anyOf) {taken}"),
        format!("a path parameter that is a list of lists of objects {taken}"),
        format!("a path parameter that is a map {taken}"),
    );
    exactly(
        &generated.diagnostics,
        Severity::Warning,
        &[
            (
                "/paths/~1a~1{u}~1{l}~1{m}/get/parameters/0",
                &union,
                Place::At(10, 11),
            ),
            (
                "/paths/~1a~1{u}~1{l}~1{m}/get/parameters/1",
                &lists,
                Place::At(14, 11),
            ),
            (
                "/paths/~1a~1{u}~1{l}~1{m}/get/parameters/2",
                &map,
                Place::At(18, 11),
            ),
        ],
    );
}

#[test]
fn an_array_with_properties_is_an_array() {
    let generated = generates(
        "api.yaml",
        &degraded(
            "paths: {}\ncomponents:\n  schemas:\n    Arr:\n      type: array\n      items: {type: integer}\n      properties:\n        a: {type: string}\n",
        ),
    );
    let arr = generated.api.types.iter().find(|t| t.name == "Arr");
    assert!(
        matches!(arr.map(|t| &t.kind), Some(TypeKind::Alias { target: TypeRef::Array(item) }) if **item == TypeRef::I64),
        "{arr:?}"
    );
}

#[test]
fn a_scalar_with_object_keywords_is_the_scalar() {
    // GitHub's `hook-delivery` response payload: a string that also says
    // `additionalProperties: true`; it was a map, and the documented `"ok"` failed to decode.
    let generated = generates(
        "api.yaml",
        &degraded(
            "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        payload: {type: string, nullable: true, additionalProperties: true}\n        count: {type: integer, properties: {a: {type: string}}}\n        flag: {type: boolean, items: {type: string}}\n",
        ),
    );
    let a = generated.api.types.iter().find(|t| t.name == "A");
    let Some(TypeKind::Struct(a)) = a.map(|t| &t.kind) else {
        panic!("A is not a struct: {a:?}");
    };
    let types: Vec<&TypeRef> = a.fields.iter().map(|f| &f.ty).collect();
    let items = TypeRef::Array(Box::new(TypeRef::String));
    // `items` beside a scalar type still makes an array.
    assert_eq!(types, [&TypeRef::String, &TypeRef::I64, &items]);
    assert!(
        generated.diagnostics.is_empty(),
        "{:#?}",
        generated.diagnostics
    );
}

pub(crate) fn not_schema_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      not:\n        type: string\n    B:\n      type: object\n      properties:\n        c:\n          not: {type: integer}\n",
    )
}

#[test]
fn a_not_schema_degrades_to_any_json() {
    let generated = generates("api.yaml", &not_schema_doc());
    let a = generated
        .api
        .types
        .iter()
        .find(|t| t.name == "A")
        .expect("A is generated");
    assert!(
        matches!(
            a.kind,
            TypeKind::Alias {
                target: TypeRef::Any
            }
        ),
        "{:?}",
        a.kind
    );
    // Compiled in `degraded_results_compile`. No warning today: see the report.
    assert!(
        generated
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning),
        "{:#?}",
        generated.diagnostics
    );
}

pub(crate) fn type_list_doc() -> String {
    doc(
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        x:\n          type: [string, 'null']\n",
    )
}

#[test]
fn a_type_list_degrades_with_a_warning() {
    let generated = generates("api.yaml", &type_list_doc());
    let d = single(&generated.diagnostics);
    check(
        d,
        Severity::Warning,
        "/components/schemas/A/properties/x/type",
        "`type: [\"string\", \"null\"]` is OpenAPI 3.1, not 3.0",
    );
    one_sentence(&d.message);
    assert_eq!(line(d), Some(12));
    // Read as 3.1 reads it: an optional, nullable string.
    let a = generated.api.types.iter().find(|t| t.name == "A");
    let Some(TypeKind::Struct(a)) = a.map(|t| &t.kind) else {
        panic!("A is not a struct: {a:?}");
    };
    assert_eq!(a.fields[0].ty, TypeRef::String);
    assert!(a.fields[0].nullable);
}

/// The OpenAPI 3.1 constructs of real documents, each rewritten into a shape that compiles.
pub(crate) fn openapi_31_doc() -> String {
    concat!(
        "openapi: 3.1.0\n",
        "info: {title: t, version: '1', summary: s, license: {name: MIT, identifier: MIT}}\n",
        "jsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base\n",
        "paths:\n",
        "  /things/{id}:\n",
        "    parameters: [{name: id, in: path, required: true, schema: {type: integer, exclusiveMinimum: 0}}]\n",
        "    get:\n",
        "      operationId: getThing\n",
        "      parameters: [{name: kind, in: query, schema: {$ref: '#/components/schemas/Kind', description: which}}]\n",
        "      responses:\n",
        "        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}\n",
        "webhooks:\n",
        "  changed: {post: {requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}, responses: {'200': {description: ok}}}}\n",
        "components:\n",
        "  schemas:\n",
        "    Kind: {type: integer, oneOf: [{title: SMALL, description: a small one, const: 1}, {title: LARGE, const: 2}]}\n",
        "    Color: {oneOf: [{const: red}, {const: green}]}\n",
        "    Thing:\n",
        "      type: object\n",
        "      required: [id]\n",
        "      properties:\n",
        "        id: {type: integer}\n",
        "        name: {type: [string, 'null'], examples: [n]}\n",
        "        size: {anyOf: [{type: number, exclusiveMaximum: 10}, {type: 'null'}], default: null}\n",
        "        kind: {$ref: '#/components/schemas/Kind', description: the kind, default: 1}\n",
        "        color: {anyOf: [{$ref: '#/components/schemas/Color'}, {type: 'null'}]}\n",
        "        either: {type: [string, integer, 'null']}\n",
        "        pair: {type: array, prefixItems: [{type: string}, {type: integer}], items: false}\n",
        "        twins: {type: array, prefixItems: [{type: string}, {type: string}]}\n",
        "        blob: {type: string, contentEncoding: base64}\n",
        "        tags: {type: object, propertyNames: {pattern: '^[a-z]+$'}, additionalProperties: {type: string}}\n",
        "        always: {const: fixed}\n",
        "        anything: true\n",
        "        defs: {$ref: '#/$defs/Nowhere'}\n",
    )
    .to_owned()
}

#[test]
fn openapi_31_constructs_become_rust_types_with_located_warnings() {
    let generated = generates("api.yaml", &openapi_31_doc());
    let mut found: Vec<(&str, Option<usize>)> = generated
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.severity, Severity::Warning, "{d:?}");
            (d.pointer.as_str(), line(d))
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("/components/schemas/Thing/properties/defs", Some(34)),
            (
                "/components/schemas/Thing/properties/pair/prefixItems",
                Some(28)
            ),
            ("/webhooks", Some(12)),
        ],
        "{:#?}",
        generated.diagnostics
    );
    let kind = |name: &str| {
        generated
            .api
            .types
            .iter()
            .find(|t| t.name == name)
            .map(|t| &t.kind)
    };
    assert!(
        matches!(kind("Kind"), Some(TypeKind::Enum(_))),
        "{:?}",
        kind("Kind")
    );
    assert!(
        matches!(kind("Color"), Some(TypeKind::Enum(_))),
        "{:?}",
        kind("Color")
    );
    let Some(TypeKind::Struct(thing)) = kind("Thing") else {
        panic!("Thing is {:?}", kind("Thing"));
    };
    let field = |name: &str| {
        thing
            .fields
            .iter()
            .find(|f| f.json_name == name)
            .unwrap_or_else(|| panic!("no field {name}"))
    };
    assert!(field("name").nullable && field("name").ty == TypeRef::String);
    assert!(field("size").nullable && field("size").ty == TypeRef::F64);
    assert_eq!(field("kind").ty, TypeRef::Named("Kind".to_owned()));
    assert_eq!(field("kind").docs, "the kind");
    assert!(
        matches!(
            &field("kind").presence,
            generator::ir::Presence::Defaulted(generator::ir::DefaultValue::Variant { .. })
        ),
        "{:?}",
        field("kind").presence
    );
    assert!(field("color").nullable);
    assert!(field("either").nullable);
    assert_eq!(field("pair").ty, TypeRef::Array(Box::new(TypeRef::Any)));
    assert_eq!(field("twins").ty, TypeRef::Array(Box::new(TypeRef::String)));
    assert_eq!(field("anything").ty, TypeRef::Any);
    assert_eq!(field("defs").ty, TypeRef::Any);
}

pub(crate) fn unknown_type_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: objekt\n    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}\n",
    )
}

#[test]
fn an_unknown_type_warns_at_the_type() {
    let generated = generates("api.yaml", &unknown_type_doc());
    let d = single(&generated.diagnostics);
    check(
        d,
        Severity::Warning,
        "/components/schemas/A/type",
        "unknown type `objekt`; using serde_json::Value",
    );
    placed(d, Place::At(9, 7));
    let a = generated.api.types.iter().find(|t| t.name == "A");
    assert!(
        matches!(
            a.map(|t| &t.kind),
            Some(TypeKind::Alias {
                target: TypeRef::Any
            })
        ),
        "{a:?}"
    );
}

pub(crate) fn duplicate_ids_doc() -> String {
    doc(
        "paths:\n  /a:\n    get:\n      operationId: getThing\n      responses:\n        '204': {description: ok}\n  /b:\n    get:\n      operationId: getThing\n      responses:\n        '204': {description: ok}\n  /c:\n    get:\n      operationId: get_thing\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {x: {type: string}}}}}}\n",
    )
}

#[test]
fn duplicate_operation_ids_get_distinct_method_names() {
    let generated = generates("api.yaml", &duplicate_ids_doc());
    let names: Vec<&str> = generated
        .api
        .services
        .iter()
        .flat_map(|s| &s.operations)
        .map(|o| o.method_name.as_str())
        .collect();
    assert_eq!(names, ["get_thing", "get_thing_2", "get_thing_3"]);
    // The document breaks a rule (ids are unique): said once, at the repeated id. `get_thing`
    // is another id that only spells the same method name.
    exactly(
        &generated.diagnostics,
        Severity::Warning,
        &[(
            "/paths/~1b/get/operationId",
            "operationId `getThing` is also the id of `/paths/~1a/get`; ids must be unique, so this operation's method is `get_thing_2`",
            Place::At(13, 7),
        )],
    );
}

pub(crate) fn deep_but_parseable_doc() -> String {
    // 60 inline levels: within the parser's limit, beyond lowering's MAX_DEPTH of 48.
    let mut text = degraded("paths: {}\ncomponents:\n  schemas:\n    Deep: ");
    text.push_str(&"{type: object, properties: {a: ".repeat(60));
    text.push_str("{type: string}");
    text.push_str(&"}}".repeat(60));
    text.push('\n');
    text
}

#[test]
fn inline_schemas_nested_too_deep_degrade_with_a_warning() {
    let generated = generates_guarded(deep_but_parseable_doc());
    let d = single(&generated.diagnostics);
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.pointer.starts_with(&format!(
            "/components/schemas/Deep{}",
            "/properties/a".repeat(48)
        )),
        "{}",
        d.pointer
    );
    assert_eq!(
        d.message,
        "schemas nested deeper than 48 levels; using serde_json::Value"
    );
    assert_eq!(line(d), Some(8));
}

pub(crate) fn undeclared_placeholder_doc() -> String {
    doc(
        "paths:\n  /owners/{owner}/things/{thingId}:\n    parameters:\n      - {name: owner, in: path, required: true, schema: {type: integer}}\n    delete:\n      operationId: deleteThing\n      responses:\n        '204': {description: ok}\n    get:\n      operationId: getThing\n      parameters:\n        - {name: thingId, in: path, required: true, schema: {type: string}}\n      responses:\n        '204': {description: ok}\n",
    )
}

#[test]
fn a_path_placeholder_without_a_parameter_becomes_a_string_argument() {
    // Real documents forget the declaration (Svix's declares `app_id` on no operation of
    // `/api/v1/app/{app_id}`); without an argument every call would be refused unsent.
    let generated = generates("api.yaml", &undeclared_placeholder_doc());
    exactly(
        &generated.diagnostics,
        Severity::Warning,
        &[(
            "/paths/~1owners~1{owner}~1things~1{thingId}/delete",
            "path placeholder `{thingId}` has no path parameter; taking it as a required string",
            Place::At(9, 5),
        )],
    );
    one_sentence(&generated.diagnostics[0].message);
    let operations = &generated.api.services[0].operations;
    let params = |method: &str| -> Vec<(String, String, TypeRef)> {
        let op = operations
            .iter()
            .find(|op| op.method_name == method)
            .unwrap_or_else(|| panic!("{method} is generated"));
        op.params
            .iter()
            .map(|p| (p.rust_name.clone(), p.json_name.clone(), p.ty.clone()))
            .collect()
    };
    let expected = |owner: TypeRef| {
        vec![
            ("owner".to_owned(), "owner".to_owned(), owner),
            ("thing_id".to_owned(), "thingId".to_owned(), TypeRef::String),
        ]
    };
    assert_eq!(params("delete_thing"), expected(TypeRef::I64));
    assert_eq!(params("get_thing"), expected(TypeRef::I64));
}

pub(crate) fn odds_and_ends_doc() -> String {
    doc(
        "servers:\n  - url: /relative\n  - url: https://{region}.example.com\n    variables:\n      region: {default: eu}\n      unused: {default: x}\npaths:\n  /things/{filter}:\n    get:\n      operationId: getThings\n      parameters:\n        - name: filter\n          in: path\n          required: true\n          schema: {type: object, properties: {a: {type: string}}}\n        - name: ghost\n          in: path\n          required: true\n          schema: {type: string}\n        - name: type\n          in: query\n          schema: {type: string}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Self'}\ncomponents:\n  schemas:\n    Self:\n      type: object\n      required: [missing]\n      properties:\n        self: {type: string}\n        a-b: {type: string}\n        a_b: {type: string}\n        '': {type: string}\n        type: {type: string}\n    Result:\n      allOf:\n        - type: string\n    Mixed:\n      allOf:\n        - {type: object, properties: {x: {type: string}}}\n        - {type: string}\n    Pets:\n      oneOf:\n        - $ref: '#/components/schemas/Cat'\n        - $ref: '#/components/schemas/Dog'\n      discriminator:\n        propertyName: kind\n        mapping:\n          dog: '#/components/schemas/Nowhere'\n    Cat: {type: object, properties: {kind: {type: string}}}\n    Dog: {type: object, properties: {kind: {type: string}, bark: {type: boolean}}}\n    Values:\n      type: string\n      enum: [Other, other, '', '1', Unknown]\n",
    )
}

#[test]
fn odds_and_ends_degrade_with_warnings_at_their_nodes() {
    let generated = generates("api.yaml", &odds_and_ends_doc());
    for (pointer, wording) in [
        (
            "/servers/0/url",
            "a relative server URL has no host; callers must set `base_url`",
        ),
        (
            "/servers/1/variables/unused",
            "variable is not used in the URL",
        ),
        (
            "/paths/~1things~1{filter}/get/parameters/0",
            "a path parameter that is an object is not spelled in the URL by the generator; taking it as a string the caller formats",
        ),
        (
            "/paths/~1things~1{filter}/get/parameters/1",
            "path parameter `ghost` does not appear in the path; ignoring it",
        ),
        (
            "/components/schemas/Self",
            "required property `missing` is not defined; ignoring it",
        ),
        (
            "/components/schemas/Mixed/allOf/1",
            "allOf member is not an object schema",
        ),
        (
            "/components/schemas/Pets/discriminator/mapping/dog",
            "mapping `dog` -> `#/components/schemas/Nowhere` names no member of the union",
        ),
    ] {
        let d = at(&generated.diagnostics, pointer);
        check(d, Severity::Warning, pointer, wording);
        assert!(d.position.is_some(), "{d:?}");
    }
}

#[test]
fn callbacks_and_a_multipart_alternative_are_named_when_left_out() {
    let text = doc(
        "paths:\n  /files:\n    post:\n      operationId: upload\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, properties: {url: {type: string}}}\n          multipart/form-data:\n            schema: {type: object, properties: {file: {type: string, format: binary}}}\n      callbacks:\n        done:\n          '{$request.body#/url}':\n            post:\n              responses:\n                '200': {description: ok}\n      responses:\n        '204': {description: ok}\n",
    );
    let generated = generates("api.yaml", &text);
    check(
        at(&generated.diagnostics, "/paths/~1files/post/callbacks"),
        Severity::Warning,
        "/paths/~1files/post/callbacks",
        "callbacks are not generated (requests the server sends to the caller): done left out",
    );
    check(
        at(
            &generated.diagnostics,
            "/paths/~1files/post/requestBody/content/multipart~1form-data",
        ),
        Severity::Warning,
        "/paths/~1files/post/requestBody/content/multipart~1form-data",
        "the body is generated as application/json only; its multipart/form-data form (file uploads) is left out",
    );
    // The same schema offered as JSON, a form and multipart (as Django REST framework lists
    // every parser): nothing is left out, nothing to say.
    let text = doc(
        "paths:\n  /segments:\n    post:\n      operationId: createSegment\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Segment'}\n          application/x-www-form-urlencoded:\n            schema: {$ref: '#/components/schemas/Segment'}\n          multipart/form-data:\n            schema: {$ref: '#/components/schemas/Segment'}\n      responses:\n        '204': {description: ok}\ncomponents:\n  schemas:\n    Segment: {type: object, properties: {name: {type: string}}}\n",
    );
    let generated = generates("api.yaml", &text);
    assert!(
        generated.diagnostics.is_empty(),
        "{:?}",
        generated.diagnostics
    );
}

/// Media types that cannot be header values: generated code spells media types as constant
/// `HeaderValue`s, which must be valid to compile.
pub(crate) fn media_types_doc() -> String {
    doc(
        "paths:\n  /things:\n    post:\n      operationId: makeThing\n      requestBody:\n        content:\n          application/vnd.caf\u{e9}+json:\n            schema: {type: object, properties: {x: {type: string}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/vnd.th\u{e9}+json: {schema: {type: string}}\n            application/json: {schema: {type: string}}\n  /raw:\n    put:\n      operationId: putRaw\n      requestBody:\n        content:\n          text/pl\u{e4}in: {schema: {type: string}}\n      responses:\n        '204': {description: ok}\n",
    )
}

#[test]
fn media_types_that_cannot_be_headers_fall_back_with_a_warning() {
    let generated = generates("api.yaml", &media_types_doc());
    exactly(
        &generated.diagnostics,
        Severity::Warning,
        &[
            (
                "/paths/~1things/post/requestBody/content/application~1vnd.caf\u{e9}+json",
                "media type \"application/vnd.caf\u{e9}+json\" cannot be sent as a Content-Type header; the body is sent as application/json",
                Place::At(11, 11),
            ),
            (
                "/paths/~1raw/put/requestBody/content/text~1pl\u{e4}in",
                "media type \"text/pl\u{e4}in\" cannot be sent as a Content-Type header; the body is sent as application/octet-stream",
                Place::At(24, 11),
            ),
        ],
    );
    let operation = |id: &str| {
        generated
            .api
            .services
            .iter()
            .flat_map(|s| &s.operations)
            .find(|op| op.operation_id == id)
            .unwrap_or_else(|| panic!("no operation {id}"))
    };
    let make = operation("makeThing");
    let content_type = |op: &generator::ir::Operation| match op.body.as_ref().map(|b| &b.encoding) {
        Some(
            generator::ir::BodyEncoding::Json { content_type }
            | generator::ir::BodyEncoding::Bytes { content_type },
        ) => content_type.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(content_type(make), "application/json");
    assert_eq!(
        content_type(operation("putRaw")),
        "application/octet-stream"
    );
    // `Accept` leaves out what cannot be a header and keeps the rest.
    assert_eq!(make.accept.as_deref(), Some("application/json"));
}

pub(crate) fn union_odds_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  schemas:\n    Mixed:\n      properties:\n        kind: {type: string}\n      oneOf:\n        - {type: string}\n        - {type: object, properties: {a: {type: string}}}\n    Tagged:\n      oneOf:\n        - {type: object, properties: {t: {type: string}, a: {type: string}}}\n        - {type: object, properties: {t: {type: string}, b: {type: string}}}\n      discriminator:\n        propertyName: t\n        mapping:\n          a: '#/components/schemas/Tagged/oneOf/0'\n          z: Nowhere\n",
    )
}

#[test]
fn union_odds_warn_at_their_nodes() {
    let generated = generates("api.yaml", &union_odds_doc());
    for (pointer, wording) in [
        (
            "/components/schemas/Mixed/properties",
            "properties beside a oneOf with members that are not objects are not typed fields",
        ),
        (
            "/components/schemas/Tagged/discriminator/mapping/z",
            "mapping `z` -> `Nowhere` names no member of the union",
        ),
        (
            "/components/schemas/Tagged/oneOf/1",
            "no discriminator value selects this member",
        ),
    ] {
        let d = at(&generated.diagnostics, pointer);
        check(d, Severity::Warning, pointer, wording);
        assert!(d.position.is_some(), "{d:?}");
    }
    // The member the mapping names by its place is selected by its tag.
    let tagged = generated.api.types.iter().find(|t| t.name == "Tagged");
    assert!(
        matches!(tagged.map(|t| &t.kind), Some(TypeKind::Union(u)) if u.variants[0].tags == ["a"]),
        "{tagged:?}"
    );
}

/// Integer enums with values an `i64` cannot hold: beyond it (`u64::MAX`, and `1e20`, which
/// loads as a float and is named as one), and no integer at all.
pub(crate) fn wide_integer_enum_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  schemas:\n    Big:\n      type: integer\n      enum: [1, 18446744073709551615]\n    Odd:\n      type: integer\n      enum: [2, 1.5, 100000000000000000000]\n    Only:\n      type: integer\n      enum: [18446744073709551615]\n",
    )
}

#[test]
fn an_integer_enum_value_beyond_i64_is_left_out_with_a_warning() {
    let generated = generates("api.yaml", &wide_integer_enum_doc());
    let left_out = |value: &str, what: &str| {
        format!(
            "integer enum value `{value}` {what}; left out of the enum, which fails to decode it"
        )
    };
    let too_big = |value: &str| left_out(value, "does not fit in i64");
    let (big, half, huge, only) = (
        too_big("18446744073709551615"),
        left_out("1.5", "is not an integer"),
        too_big("1e+20"),
        too_big("18446744073709551615"),
    );
    exactly(
        &generated.diagnostics,
        Severity::Warning,
        &[
            (
                "/components/schemas/Big/enum/1",
                big.as_str(),
                Place::Line(10),
            ),
            (
                "/components/schemas/Odd/enum/1",
                half.as_str(),
                Place::Line(13),
            ),
            (
                "/components/schemas/Odd/enum/2",
                huge.as_str(),
                Place::Line(13),
            ),
            (
                "/components/schemas/Only/enum/0",
                only.as_str(),
                Place::Line(16),
            ),
        ],
    );
    let kind = |name: &str| {
        let def = generated.api.types.iter().find(|t| t.name == name);
        def.map(|t| &t.kind)
    };
    let variants = |name: &str| -> Vec<String> {
        match kind(name) {
            Some(TypeKind::Enum(e)) => e.variants.iter().map(|v| v.rust_name.clone()).collect(),
            other => panic!("{name} is not an enum: {other:?}"),
        }
    };
    assert_eq!(variants("Big"), ["Value1"]);
    assert_eq!(variants("Odd"), ["Value2"]);
    // No value left: a plain integer.
    assert!(
        matches!(
            kind("Only"),
            Some(TypeKind::Alias {
                target: TypeRef::I64
            })
        ),
        "{:?}",
        kind("Only")
    );
}
