//! The README's "Using the SDK" blocks are compiled: each appears, line for line (ignoring
//! indentation), in `generated/examples/readme.rs`, which clippy builds with the crate.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

use std::fs;

use tests::repo_root;

/// The fenced Rust blocks of the README section that starts with `heading`.
fn rust_blocks(readme: &str, heading: &str) -> Vec<Vec<String>> {
    let section = readme
        .split_once(heading)
        .map(|(_, rest)| rest.split("\n## ").next().unwrap_or(rest))
        .unwrap_or_else(|| panic!("README.md has no section {heading:?}"));
    let mut blocks = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in section.lines() {
        match (&mut current, line.trim()) {
            (None, "```rust") => current = Some(Vec::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(block), text) => block.push(text.to_owned()),
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn readme_usage_blocks_are_compiled_code() {
    let readme = fs::read_to_string(repo_root().join("README.md")).unwrap();
    let example = fs::read_to_string(repo_root().join("generated/examples/readme.rs")).unwrap();
    let lines: Vec<&str> = example.lines().map(str::trim).collect();
    let blocks = rust_blocks(&readme, "## Using the SDK");
    assert!(
        blocks.len() >= 4,
        "expected the usage blocks, found {blocks:?}"
    );
    for block in blocks {
        let found = lines
            .windows(block.len())
            .any(|window| window.iter().zip(&block).all(|(a, b)| a == b));
        assert!(
            found,
            "this README block is not in generated/examples/readme.rs:\n{}",
            block.join("\n")
        );
    }
}
