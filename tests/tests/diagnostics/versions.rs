//! What is not OpenAPI 3.0 or 3.1 is refused in one sentence that says what it is; an
//! `info.version` written as a number is read as its text, and so are the other values real
//! documents write in another version's form or in a form other tools accept, each with a
//! warning.

use generator::ir::TypeKind;
use generator::{Generated, Severity};

use crate::support::{
    PING, Place, check, doc, fails_once, generates, line, one_sentence, placed, single,
};

#[test]
fn other_versions_are_refused_in_one_sentence() {
    let info = "info: {title: t, version: '1'}\n";
    for (name, text, pointer, wording, place) in [
        (
            "api.yaml",
            format!("{info}swagger: '2.0'\npaths: {{}}\n"),
            "/swagger",
            "this is a Swagger 2.0 document; only OpenAPI 3.0 and 3.1 are supported",
            Place::At(2, 1),
        ),
        (
            "api.yaml",
            format!("{info}openapi: 3.2.0\npaths: {{}}\n"),
            "/openapi",
            "OpenAPI 3.2.0 is not supported yet; this generator reads OpenAPI 3.0.x and 3.1.x documents",
            Place::At(2, 1),
        ),
        (
            "api.json",
            "{\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"openapi\": \"4.0.0\"\n}"
                .to_owned(),
            "/openapi",
            "OpenAPI 4.0.0 is not supported yet",
            Place::At(3, 3),
        ),
        (
            "api.yaml",
            format!("{info}paths: {{}}\n"),
            "",
            "no `openapi` field: this is not an OpenAPI 3.0 or 3.1 document",
            Place::At(1, 1),
        ),
        (
            "api.yaml",
            "openapi: [3]\n".to_owned(),
            "/openapi",
            "only OpenAPI 3.0.x and 3.1.x documents are supported",
            Place::At(1, 1),
        ),
        // An unquoted `3.0` is a YAML number: say that it must be a string, rather than
        // "3.0 is not 3.0.x".
        (
            "api.yaml",
            format!("openapi: 3.0\n{info}paths: {{}}\n"),
            "/openapi",
            "`openapi` is the number 3.0, but it must be a version string such as '3.0.3'",
            Place::At(1, 1),
        ),
    ] {
        let d = fails_once(name, &text);
        check(&d, Severity::Error, pointer, wording);
        one_sentence(&d.message);
        placed(&d, place);
    }
}

#[test]
fn openapi_31_is_read() {
    let text = "info: {title: t, version: '1'}\nopenapi: 3.1.0\npaths: {}\n";
    let generated = generates("api.yaml", text);
    assert!(
        generated.diagnostics.is_empty(),
        "{:#?}",
        generated.diagnostics
    );
    // A 3.1 document may have no paths at all (webhooks only): its models are still generated.
    let hooks = "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"webhooks\": {\"ping\": {\"post\": {\"responses\": {\"200\": {\"description\": \"ok\"}}}}},\n  \"components\": {\"schemas\": {\"A\": {\"type\": \"object\"}}}}";
    let generated = generates("api.json", hooks);
    let d = single(&generated.diagnostics);
    check(
        d,
        Severity::Warning,
        "/webhooks",
        "the 1 webhook operation is left out",
    );
    assert_eq!(line(d), Some(2));
    assert!(generated.api.types.iter().any(|t| t.name == "A"));
}

#[test]
fn a_31_operation_without_responses_is_read_as_one_that_documents_none() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /ping:\n    get:\n      operationId: ping\n";
    let generated = generates("api.yaml", text);
    assert!(
        generated.diagnostics.is_empty(),
        "{:#?}",
        generated.diagnostics
    );
    let ping = &generated.api.services[0].operations[0];
    assert_eq!(ping.method_name, "ping");
}

#[test]
fn an_info_version_written_as_a_number_is_read_as_its_text() {
    // `version: 1.0` is a YAML number where OpenAPI wants a string; other tools take it.
    for (written, kind, read) in [
        ("1.0", "number", "1.0"),
        ("2", "number", "2"),
        ("true", "boolean", "true"),
    ] {
        let text = format!("openapi: 3.0.3\ninfo:\n  title: t\n  version: {written}\n{PING}");
        let generated = generates("api.yaml", &text);
        let d = single(&generated.diagnostics);
        check(
            d,
            Severity::Warning,
            "/info/version",
            &format!("is the {kind} {read}, but it is a string: read as \"{read}\""),
        );
        assert_eq!(line(d), Some(4), "{written}");
        assert_eq!(generated.api.version, read);
    }
    // A string stays as it is, without a word.
    let generated = generates("api.yaml", &doc(PING));
    assert!(
        generated.diagnostics.is_empty(),
        "{:#?}",
        generated.diagnostics
    );
    assert_eq!(generated.api.version, "1");
}

/// Pointer and line of every diagnostic, each checked to be a one-sentence warning saying
/// `phrase`.
fn warnings_saying<'a>(generated: &'a Generated, phrase: &str) -> Vec<(&'a str, Option<usize>)> {
    generated
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.severity, Severity::Warning, "{d:?}");
            assert!(d.message.contains(phrase), "{d:?}");
            one_sentence(&d.message);
            (d.pointer.as_str(), line(d))
        })
        .collect()
}

#[test]
fn numeric_exclusive_bounds_in_a_30_document_are_read_as_31_does() {
    // utoipa writes 3.1's numeric bounds under `openapi: 3.0.3` (Hugging Face's
    // text-generation-inference); openapiv3 wanted a boolean and refused the whole document.
    let text = doc(&format!(
        "{PING}components:\n  schemas:\n    A:\n      type: object\n      properties:\n        best_of:\n          type: integer\n          nullable: true\n          exclusiveMinimum: 0\n        top_p:\n          type: number\n          exclusiveMaximum: 1\n          exclusiveMinimum: 0.0\n        legacy:\n          type: number\n          minimum: 0\n          exclusiveMinimum: true\n"
    ));
    let generated = generates("api.yaml", &text);
    let found = warnings_saying(&generated, "is OpenAPI 3.1, not 3.0");
    assert_eq!(
        found,
        [
            (
                "/components/schemas/A/properties/best_of/exclusiveMinimum",
                Some(14)
            ),
            (
                "/components/schemas/A/properties/top_p/exclusiveMinimum",
                Some(18)
            ),
            (
                "/components/schemas/A/properties/top_p/exclusiveMaximum",
                Some(17)
            ),
        ],
        "the 3.0 boolean form says nothing"
    );
    let a = generated.api.types.iter().find(|t| t.name == "A");
    let Some(TypeKind::Struct(a)) = a.map(|t| &t.kind) else {
        panic!("A is not a struct: {a:?}");
    };
    assert_eq!(a.fields.len(), 3, "{:?}", a.fields);
    assert!(a.fields[0].nullable, "best_of keeps its nullable");
}

#[test]
fn null_security_scopes_are_read_as_none() {
    // Square's document writes `security: [{oauth2: null}]`; openapiv3 wanted a list and
    // refused the whole document.
    let text = doc(concat!(
        "security: [{key: null}]\n",
        "paths:\n",
        "  /revoke:\n",
        "    post:\n",
        "      operationId: revoke\n",
        "      security:\n",
        "        - oauth2: null\n",
        "      responses: {'204': {description: ok}}\n",
        "components:\n",
        "  securitySchemes:\n",
        "    key: {type: apiKey, in: header, name: X-Key}\n",
        "    oauth2: {type: oauth2, flows: {clientCredentials: {tokenUrl: /token, scopes: {}}}}\n",
    ));
    let generated = generates("api.yaml", &text);
    let found = warnings_saying(&generated, "are null, but they are a list");
    assert_eq!(
        found,
        [
            ("/security/0/key", Some(5)),
            ("/paths/~1revoke/post/security/0/oauth2", Some(11)),
        ]
    );
    let revoke = &generated.api.services[0].operations[0];
    assert!(!revoke.anonymous, "the scheme is still required");
}
