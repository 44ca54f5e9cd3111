//! What degrades must still compile: every degraded document of the other modules, the
//! shapes that once broke rustc, and the fuzz seeds, each generated as a crate of its own and
//! linted together (`cargo clippy --all-targets -D warnings`, one cargo run for all of them).

use crate::degraded::{
    bad_defaults_doc, deep_but_parseable_doc, duplicate_ids_doc, media_types_doc,
    member_defaults_doc, not_schema_doc, odds_and_ends_doc, openapi_31_doc, security_doc,
    type_list_doc, undeclared_placeholder_doc, union_odds_doc, unknown_type_doc,
    wide_integer_enum_doc,
};
use crate::hostile::{DEEP, ref_chain};
use crate::references::{
    all_of_cycle_doc, broken_schema_refs_doc, external_ref_doc, looping_unions_doc,
    path_item_ref_doc, recursive_types_doc, references_into_paths_doc,
};
use crate::support::{HEAD, PING, degraded, doc, input};

#[test]
fn degraded_results_compile() {
    let mut cases: Vec<(&str, String)> = vec![
        ("diag-external-ref", external_ref_doc()),
        ("diag-broken-schema-refs", broken_schema_refs_doc()),
        ("diag-recursive-types", recursive_types_doc()),
        ("diag-looping-unions", looping_unions_doc()),
        ("diag-path-item-ref", path_item_ref_doc()),
        ("diag-security", security_doc()),
        ("diag-bad-defaults", bad_defaults_doc()),
        ("diag-member-defaults", member_defaults_doc()),
        ("diag-not-schema", not_schema_doc()),
        ("diag-union-odds", union_odds_doc()),
        ("diag-unknown-type", unknown_type_doc()),
        ("diag-duplicate-ids", duplicate_ids_doc()),
        ("diag-deep", deep_but_parseable_doc()),
        ("diag-odds-and-ends", odds_and_ends_doc()),
        ("diag-undeclared-placeholder", undeclared_placeholder_doc()),
        ("diag-media-types", media_types_doc()),
        ("diag-body-param", body_param_doc()),
        ("diag-params-param", params_param_doc()),
        ("diag-additional", additional_properties_doc()),
        ("diag-default-fns", default_fns_doc()),
        ("diag-listed-extension", listed_extension_doc()),
        ("diag-references-into-paths", references_into_paths_doc()),
        ("diag-all-of-cycle", all_of_cycle_doc()),
        ("diag-wide-integer-enum", wide_integer_enum_doc()),
        ("diag-same-member-twice", same_member_twice_doc()),
        ("diag-clippy-shapes", clippy_shapes_doc()),
        ("diag-runtime-names", runtime_names_doc()),
        ("diag-type-list", degraded(&type_list_doc()[HEAD.len()..])),
        ("diag-openapi-31", openapi_31_doc()),
        ("diag-no-operations", no_operations_doc()),
        ("diag-no-models", doc(PING)),
        ("diag-inline-discriminator", inline_discriminator_doc()),
        ("diag-nul-title", nul_title_doc()),
        // Past rustc's default recursion limit (which the generated lib.rs raises): a chain of
        // structs holding the next by value, and a cycle of boxed ones.
        ("diag-alias-chain", compilable_chain(DEEP, true, false)),
        ("diag-struct-chain-100", compilable_chain(100, false, false)),
        ("diag-struct-cycle-64", compilable_chain(64, false, true)),
    ];
    let seeds = tests::repo_root().join("fuzz/seeds");
    for (crate_name, seed) in [
        ("diag-seed-petstore-yaml", "petstore.yaml"),
        ("diag-seed-petstore-json", "petstore.json"),
    ] {
        let text = std::fs::read_to_string(seeds.join(seed)).expect("read a fuzz seed");
        cases.push((crate_name, text));
    }
    compile_all("diagnostics", &cases);
}

/// Generates every case into one scratch workspace and runs clippy over all of them at once.
fn compile_all(group: &str, cases: &[(&str, String)]) {
    let workspace = tests::scratch_dir(group);
    let mut members = Vec::new();
    for (crate_name, text) in cases {
        let input = input(&format!("{crate_name}.yaml"), text);
        let config = tests::config(crate_name, "Client");
        let generated = generator::generate(&input, &config)
            .unwrap_or_else(|failure| panic!("{crate_name} failed: {:#?}", failure.diagnostics));
        tests::write_crate(&workspace.join(crate_name), &generated);
        members.push((*crate_name).to_owned());
    }
    if let Err(output) = tests::clippy_workspace(&workspace, &members) {
        panic!("generated code does not pass clippy -D warnings:\n{output}");
    }
}

/// Models but no operations: the request plumbing goes unused.
fn no_operations_doc() -> String {
    doc(
        "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {x: {type: string}}}\n",
    )
}

/// A discriminator over members that are inline schemas, not references.
fn inline_discriminator_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  schemas:\n    Pet:\n      oneOf:\n        - {title: cat, type: object, properties: {kind: {type: string}}}\n        - {title: dog, type: object, properties: {kind: {type: string}, bark: {type: boolean}}}\n      discriminator:\n        propertyName: kind\n",
    )
}

/// A NUL in the title, which lands in doc comments and the README.
fn nul_title_doc() -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: \"Pets\\u0000API\", version: '1'}}\n{PING}components:\n  schemas:\n    A: {{type: object, properties: {{x: {{type: string}}}}}}\n"
    )
}

/// A required parameter named `body` beside a request body (was E0415).
fn body_param_doc() -> String {
    doc(
        "paths:\n  /a:\n    post:\n      operationId: send\n      parameters:\n        - {name: body, in: query, required: true, schema: {type: string}}\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {type: object, properties: {x: {type: string}}}\n      responses:\n        '204': {description: ok}\n",
    )
}

/// A required parameter named `params` beside optional ones (was E0415).
fn params_param_doc() -> String {
    doc(
        "paths:\n  /a:\n    get:\n      operationId: list\n      parameters:\n        - {name: params, in: query, required: true, schema: {type: string}}\n        - {name: page, in: query, schema: {type: integer}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {x: {type: string}}}}}}\n",
    )
}

/// A property named `additionalProperties` beside `additionalProperties: true` (was E0124).
fn additional_properties_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        additionalProperties: {type: string}\n      additionalProperties: true\n",
    )
}

/// `FooBar.baz` and `Foo.bar_baz`, both with defaults (default helpers collided: E0428).
fn default_fns_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  schemas:\n    FooBar:\n      type: object\n      properties:\n        baz: {type: string, default: x}\n    Foo:\n      type: object\n      properties:\n        bar_baz: {type: string, default: y}\n",
    )
}

/// An optional list of URNs and a property named by one of them: its setter lists it there.
fn listed_extension_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  schemas:\n    Resource:\n      type: object\n      properties:\n        schemas: {type: array, items: {type: string, enum: ['urn:x:core', 'urn:x:ext']}}\n        'urn:x:ext': {type: object, properties: {level: {type: integer}}}\n",
    )
}

/// A discriminated union listing one schema twice (once with more required members): one tag
/// selects one member, or the match would have unreachable arms (a warning, denied by clippy).
fn same_member_twice_doc() -> String {
    degraded(
        "paths: {}\ncomponents:\n  schemas:\n    Record:\n      type: object\n      properties:\n        type: {type: string}\n        name: {type: string}\n    Create:\n      oneOf:\n        - $ref: '#/components/schemas/Record'\n        - allOf:\n            - $ref: '#/components/schemas/Record'\n            - required: [name]\n      discriminator:\n        propertyName: type\n",
    )
}

/// Shapes real documents have that clippy once refused: properties named by digits only
/// (Discourse's user fields: `_1` is a name of underscores and digits), maps of maps of lists
/// (Elasticsearch) and a list of lists answered by an operation with a request builder
/// (Sentry): `type_complexity`.
fn clippy_shapes_doc() -> String {
    doc(
        "paths:\n  /segments:\n    get:\n      operationId: listSegments\n      parameters:\n        - {name: per_page, in: query, schema: {type: integer}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: array, items: {type: array, items: {type: object, additionalProperties: {}}}}\ncomponents:\n  schemas:\n    UserFields:\n      type: object\n      required: ['1']\n      properties:\n        '1': {type: string}\n        '2': {type: boolean}\n    Role:\n      type: object\n      properties:\n        global:\n          type: object\n          additionalProperties:\n            type: object\n            additionalProperties:\n              type: object\n              additionalProperties: {type: array, items: {type: string}}\n",
    )
}

/// A schema named like a runtime type the services import (was E0252).
fn runtime_names_doc() -> String {
    doc(
        "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/ClientCore'}}}}\ncomponents:\n  schemas:\n    ClientCore: {type: object, properties: {x: {type: string}}}\n",
    )
}

/// A reference chain made compilable on its own: one operation, and a struct that uses its head.
fn compilable_chain(links: usize, aliases: bool, closed: bool) -> String {
    let mut text = ref_chain(links, aliases, closed).replacen("paths: {}\n", PING, 1);
    text.push_str(
        "    Head: {type: object, properties: {first: {$ref: '#/components/schemas/S0'}}}\n",
    );
    text
}
