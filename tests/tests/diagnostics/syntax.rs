//! Text that is not YAML or JSON, or not a mapping: one error, at the line and column where
//! the parser gave up (or, for a document that is not a mapping, at its first node).

use std::time::Duration;

use generator::Severity;

use crate::support::{Place, SMALL_STACK, check, degraded, fails_once, generates, guarded, placed};

#[test]
fn syntax_errors_point_at_line_and_column() {
    for (name, text, wording, place) in [
        (
            "api.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'\npaths: {}\n",
            "invalid YAML: did not find expected ',' or '}'",
            Place::At(3, 1),
        ),
        (
            "api.yaml",
            "openapi: 3.0.3\ninfo:\n  title: t\n   version: '1'\npaths: {}\n",
            "invalid YAML: mapping values are not allowed in this context",
            Place::At(4, 11),
        ),
        (
            "api.yaml",
            "openapi: 3.0.3\ninfo:\n\ttitle: t\n\tversion: '1'\npaths: {}\n",
            "invalid YAML: found character that cannot start any token",
            Place::At(3, 1),
        ),
        (
            "api.json",
            "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\",, }\n}\n",
            "invalid JSON: key must be a string",
            Place::At(3, 25),
        ),
        // Truncated: the end of the text is where it went wrong.
        (
            "api.json",
            "{\"openapi\": \"3.0.3\",\n \"info\": {",
            "invalid JSON: EOF while parsing an object",
            Place::Line(2),
        ),
        // JSON is detected by its first character when the name does not say YAML; text that
        // is not YAML either gets the JSON error.
        (
            "api.txt",
            "  {\"openapi\": 3.0.3}}",
            "invalid JSON",
            Place::At(1, 18),
        ),
        // A `.yaml` name and a brace: YAML's error, once JSON failed too.
        (
            "api.yaml",
            "{openapi: 3.0.3, info: {title: t, version: '1'}\npaths: {}\n",
            "invalid YAML: did not find expected ',' or '}'",
            Place::At(2, 1),
        ),
    ] {
        let d = fails_once(name, text);
        check(&d, Severity::Error, "", wording);
        placed(&d, place);
    }
}

#[test]
fn yaml_in_flow_style_is_yaml_even_though_it_starts_with_a_brace() {
    // One line of flow style, as some tools write it: not JSON (an unquoted key).
    let text = "{openapi: 3.0.3, info: {title: t, version: '1'}, paths: {/a: {get: {operationId: getA, x-note: plain, responses: {'204': {description: ok}}}}}}\n";
    let generated = generates("api.yaml", text);
    assert_eq!(generated.api.services.len(), 1);
    assert!(
        generated.diagnostics.is_empty(),
        "{:?}",
        generated.diagnostics
    );
}

#[test]
fn an_unclosed_bracket_names_where_it_opened_and_renders_for_editors() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'\npaths: {}\n";
    let d = fails_once("api.yaml", text);
    assert!(
        d.message
            .contains("while parsing a flow mapping at line 2 column 7"),
        "names where the bracket opened: {}",
        d.message
    );
    assert_eq!(
        d.render("api.yaml").split(": error: ").next(),
        Some("api.yaml:3:1")
    );
}

#[test]
fn a_list_or_a_scalar_is_not_a_document() {
    for (name, text, place) in [
        ("api.yaml", "- a\n- b\n", (1, 1)),
        ("api.json", "[1, 2]", (1, 1)),
        ("api.yaml", "hello\n", (1, 1)),
        ("api.json", "\"x\"", (1, 1)),
        ("api.yaml", "42", (1, 1)),
        ("api.yaml", "# nothing but a comment\n\n  true\n", (3, 3)),
    ] {
        let d = fails_once(name, text);
        check(
            &d,
            Severity::Error,
            "",
            "the document is not an object, so it is not an OpenAPI document",
        );
        assert_eq!(d.position, Some(place), "{name}: {text:?}");
    }
}

#[test]
fn an_empty_file_says_so() {
    for (name, text) in [("api.yaml", ""), ("api.json", ""), ("api.json", "\n  \n")] {
        let d = fails_once(name, text);
        check(
            &d,
            Severity::Error,
            "",
            "the file is empty (or only white space): an OpenAPI document was expected",
        );
        assert_eq!(d.position, Some((1, 1)), "{name}: {text:?}");
    }
}

#[test]
fn yaml_alias_bombs_are_refused() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let (prev, next) = (pair[0], pair[1]);
        let refs = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("{next}: &{next} [{refs}]\n"));
    }
    let d = guarded(SMALL_STACK, Duration::from_secs(30), move || {
        fails_once("api.yaml", &text)
    });
    check(
        &d,
        Severity::Error,
        "",
        "invalid YAML: repetition limit exceeded",
    );
}

/// Integers beyond 64 bits (a MySQL setting's `maximum: 2^64`) are numbers, in YAML as in JSON,
/// not a reason to refuse the document.
#[test]
fn integers_beyond_64_bits_are_read_as_numbers() {
    let schemas = "components:\n  schemas:\n    Config:\n      type: object\n      properties:\n        size: {type: integer, minimum: -9223372036854775809, maximum: 18446744073709552000}\n";
    let yaml = generates("api.yaml", &degraded(&format!("paths: {{}}\n{schemas}")));
    assert!(yaml.diagnostics.is_empty(), "{:#?}", yaml.diagnostics);
    let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"Config": {"type": "object", "properties": {"size":
        {"type": "integer", "maximum": 18446744073709552000}}}}}}"#;
    assert!(generates("api.json", json).diagnostics.is_empty());
}
