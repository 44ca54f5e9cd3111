//! Every real-world document in the corpus (`../shared/specs`, or `$OPENAPI_CORPUS`) generates a
//! crate that passes `cargo clippy -- -D warnings` (which includes `cargo check`).
//! A missing corpus fails the test: CI must not pass without it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

use std::fs;

use tests::{
    Targets, clippy_workspace_targets, config, corpus_dir, generate, read_source, scratch_dir,
    write_crate,
};

#[test]
fn every_corpus_document_generates_a_clean_crate() {
    let dir = corpus_dir();
    let mut documents: Vec<_> = fs::read_dir(&dir)
        .expect("corpus folder is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        })
        .collect();
    documents.sort();
    assert!(
        documents.len() >= 5,
        "expected the five corpus documents in {}, found {documents:?}",
        dir.display()
    );

    let workspace = scratch_dir("corpus");
    let mut members = Vec::new();
    for path in &documents {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("file name")
            .replace(['.', '_'], "-");
        let input = generator::Input {
            source: read_source(path),
            overlays: Vec::new(),
        };
        let generated = generate(&input, &config(&format!("corpus-{stem}"), "Client"));
        assert!(
            generated.api.operation_count() > 0,
            "{} produced no operations",
            path.display()
        );
        write_crate(&workspace.join(&stem), &generated);
        members.push(stem);
    }
    if let Err(output) = clippy_workspace_targets(&workspace, &members, Targets::Libraries) {
        panic!("generated corpus crates do not pass clippy -D warnings:\n{output}");
    }
}
