//! Well-formed YAML that does not fit the OpenAPI 3.0 schema: the error names the smallest
//! node that is wrong, and is placed where that node starts.

use generator::Severity;

use crate::support::{Place, check, doc, fails_once, placed, single};

#[test]
fn a_node_of_the_wrong_shape_is_named() {
    for (rest, pointer, wording, place) in [
        (
            "paths:\n  /a:\n    get:\n      responses: nope\n",
            "/paths/~1a/get/responses",
            "not valid OpenAPI: invalid type: string \"nope\", expected struct Responses",
            Place::At(8, 7),
        ),
        (
            "paths: []\n",
            "/paths",
            "invalid type: sequence, expected struct Paths",
            Place::At(5, 1),
        ),
        (
            "paths: [{}]\n",
            "/paths",
            "invalid type: sequence, expected struct Paths",
            Place::At(5, 1),
        ),
        (
            "paths:\n  - {}\n",
            "/paths",
            "invalid type: sequence, expected struct Paths",
            Place::At(5, 1),
        ),
        // Not /paths/0: it is the list that is wrong, not its item.
        (
            "paths:\n  - a\n",
            "/paths",
            "invalid type: sequence, expected struct Paths",
            Place::At(5, 1),
        ),
        (
            "paths: 5\n",
            "/paths",
            "invalid type: integer `5`, expected struct Paths",
            Place::At(5, 1),
        ),
        (
            "paths: {}\ncomponents: []\n",
            "/components",
            "invalid type: sequence, expected struct Components",
            Place::At(6, 1),
        ),
        (
            "paths: {}\ncomponents:\n  schemas: [a]\n",
            "/components/schemas",
            "invalid type: sequence, expected a map",
            Place::At(7, 3),
        ),
        (
            "paths:\n  /a:\n    get:\n      parameters:\n        - name: q\n          in: body\n      responses:\n        '204': {description: ok}\n",
            "/paths/~1a/get/parameters/0",
            "unknown variant `body`, expected one of `query`, `header`, `path`, `cookie`",
            // The parameter's first key, not the `:` after it.
            Place::At(9, 11),
        ),
    ] {
        let d = fails_once("api.yaml", &doc(rest));
        check(&d, Severity::Error, pointer, wording);
        placed(&d, place);
    }
}

#[test]
fn a_missing_required_field_names_its_parent_at_its_start() {
    let d = fails_once("api.yaml", "openapi: 3.0.3\npaths: {}\n");
    check(
        &d,
        Severity::Error,
        "",
        "not valid OpenAPI: missing field `info`",
    );
    // The root mapping starts at its first key, not at the `:` after `openapi`.
    placed(&d, Place::At(1, 1));
}

#[test]
fn a_bad_keyword_inside_a_schema_names_the_keyword() {
    let text = doc(
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          type: 5\n",
    );
    let d = fails_once("api.yaml", &text);
    check(
        &d,
        Severity::Error,
        "/components/schemas/A/properties/b/type",
        "invalid type: integer `5`, expected a string",
    );
    placed(&d, Place::At(12, 11));
}

#[test]
fn a_bad_schema_inside_a_response_names_the_keyword() {
    let text = doc(
        "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {type: object, required: yes}\n",
    );
    let d = fails_once("api.yaml", &text);
    check(
        &d,
        Severity::Error,
        "/paths/~1a/get/responses/200/content/application~1json/schema/items/required",
        "not valid OpenAPI",
    );
    placed(&d, Place::Line(15));
}

#[test]
fn a_list_item_mapping_is_placed_at_its_first_key() {
    let text = doc(
        "paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Nope'\n      responses:\n        '204': {description: ok}\n",
    );
    let d = fails_once("api.yaml", &text);
    check(
        &d,
        Severity::Error,
        "/paths/~1a/get/parameters/0",
        "broken reference `#/components/parameters/Nope`",
    );
    // The `$ref` key (column 11), not the colon after it (column 15).
    placed(&d, Place::At(9, 11));
}

#[test]
fn a_configuration_rust_cannot_spell_is_refused_before_lowering() {
    let input = crate::support::input("api.yaml", &doc("paths: {}\n"));
    let failure = generator::generate(&input, &tests::config("sdk", "My Client"))
        .expect_err("the client name is refused");
    let d = single(&failure.diagnostics);
    check(
        d,
        Severity::Error,
        "",
        "the client name \"My Client\" is not a Rust type name",
    );
    assert_eq!(d.file.as_deref(), Some("configuration"));
}
