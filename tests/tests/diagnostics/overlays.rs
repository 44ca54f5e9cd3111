//! An overlay that cannot be applied is an error about the overlay: its file, its line.

use generator::{Diagnostic, Input, Severity, Source};

use crate::support::{Place, check, doc, placed, single};

fn overlay_failure(overlay: &str) -> (Input, Diagnostic) {
    let input = Input {
        source: Source::new(
            "api.yaml",
            doc("paths: {}\ncomponents:\n  schemas:\n    A:\n      type: string\n"),
        ),
        overlays: vec![Source::new("fix.yaml", overlay)],
    };
    let config = tests::config("diagnostics-probe", "Probe");
    let failure = generator::generate(&input, &config).expect_err("the overlay is refused");
    let mut diagnostics = failure.diagnostics;
    // The pointer is into the overlay, so that is the text that positions it.
    generator::locate(&input.overlays[0], &mut diagnostics);
    let d = single(&diagnostics).clone();
    assert_eq!(
        d.file.as_deref(),
        Some("fix.yaml"),
        "an overlay error names the overlay file"
    );
    (input, d)
}

#[test]
fn overlay_errors_name_the_action_or_the_overlay() {
    let remove = |target: &str| {
        format!("overlay: 1.0.0\nactions:\n  - target: '{target}'\n    remove: true\n")
    };
    for (overlay, pointer, wording, place) in [
        (
            "overlay: 1.0.0\ninfo: {title: fix, version: '1'}\nactions:\n  - target: $.components.schemas.Nope\n    remove: true\n".to_owned(),
            "/actions/0",
            "target `$.components.schemas.Nope` matches nothing in the document".to_owned(),
            // The action's first key, not the `:` after it.
            Place::At(4, 5),
        ),
        (
            "overlay: 1.0.0\nactions:\n  - target: $.components.schemas.A\n    update: {description: d}\n  - target: $.components[?(@.x)]\n    remove: true\n".to_owned(),
            "/actions/1",
            "bad target `$.components[?(@.x)]`: unsupported selector `[?(@.x)]`".to_owned(),
            Place::At(5, 5),
        ),
        (
            remove("components"),
            "/actions/0",
            "bad target `components`: a target must start with `$`".to_owned(),
            Place::Line(3),
        ),
        (
            remove("$.a[0"),
            "/actions/0",
            "bad target `$.a[0`: unclosed `[`".to_owned(),
            Place::Line(3),
        ),
        (
            remove("$..a"),
            "/actions/0",
            "bad target `$..a`: empty name at offset 1".to_owned(),
            Place::Line(3),
        ),
        (
            "overlay: 1.0.0\nactions:\n  - target: $.components\n".to_owned(),
            "/actions/0",
            "an action needs `update` or `remove: true`".to_owned(),
            Place::At(3, 5),
        ),
        (
            "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n".to_owned(),
            "",
            "not an overlay document: missing field `overlay`".to_owned(),
            Place::At(1, 1),
        ),
        // serde reads a struct from a list too, so the complaint is about the first item.
        (
            "- target: $.a\n".to_owned(),
            "",
            "not an overlay document: invalid type: map".to_owned(),
            Place::At(1, 1),
        ),
        (
            "overlay: 2.0.0\nactions: []\n".to_owned(),
            "/overlay",
            "unsupported overlay version 2.0.0".to_owned(),
            Place::At(1, 1),
        ),
        // A syntax error carries the overlay's line.
        (
            "overlay: [1\n".to_owned(),
            "",
            "invalid YAML: did not find expected ',' or ']'".to_owned(),
            Place::At(2, 1),
        ),
    ] {
        let (_, d) = overlay_failure(&overlay);
        check(&d, Severity::Error, pointer, &wording);
        placed(&d, place);
    }
}

#[test]
fn overlay_errors_render_with_the_overlay_file_and_line() {
    let (input, mut d) = overlay_failure(
        "overlay: 1.0.0\nactions:\n  - target: $.components.schemas.Nope\n    remove: true\n",
    );
    // What xtask's `report` does with every diagnostic.
    d.position = None;
    generator::locate_input(&input, std::slice::from_mut(&mut d));
    let rendered = d.render(&input.source.name);
    assert!(
        rendered.starts_with("fix.yaml:3:5: error: "),
        "an overlay error must point into the overlay: {rendered}"
    );
}
