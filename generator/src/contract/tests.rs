//! The contract against what it describes: the runtime crate's public items, what a generated
//! crate re-exports, the runtime files it copies and the dependencies it declares. Each list
//! is kept by hand in two places, so each pair is compared here.

use std::collections::BTreeSet;

use super::{root_exports, runtime};
use crate::{Config, Input, Source};

const RUNTIME_LIB: &str = include_str!("../../runtime/src/lib.rs");
const RUNTIME_MANIFEST: &str = include_str!("../../runtime/Cargo.toml");

/// The names a `use` tree brings into scope (a renamed item by its new name).
fn use_names(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(path) => use_names(&path.tree, out),
        syn::UseTree::Name(name) => out.push(name.ident.to_string()),
        syn::UseTree::Rename(rename) => out.push(rename.rename.to_string()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|t| use_names(t, out)),
        syn::UseTree::Glob(_) => panic!("a glob re-export hides what the contract must name"),
    }
}

/// The names of the `pub use` items at the top of a Rust file, whose paths start with `from`
/// (empty: any).
fn pub_uses(text: &str, from: &str) -> Vec<String> {
    let file = syn::parse_file(text).expect("the file parses");
    let mut names = Vec::new();
    for item in file.items {
        if let syn::Item::Use(item) = item
            && matches!(item.vis, syn::Visibility::Public(_))
            && (from.is_empty() || matches!(&item.tree, syn::UseTree::Path(p) if p.ident == from))
        {
            use_names(&item.tree, &mut names);
        }
    }
    names
}

fn sorted(names: impl IntoIterator<Item = impl Into<String>>) -> Vec<String> {
    let mut names: Vec<String> = names.into_iter().map(Into::into).collect();
    names.sort();
    names
}

/// A small API crate generated with `config`.
fn generate(config: &Config) -> Vec<crate::File> {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {x: {type: string}}}}}}\n";
    let input = Input {
        source: Source::new("api.yaml", text),
        overlays: Vec::new(),
    };
    crate::generate(&input, config).expect("generates").files
}

fn file<'f>(files: &'f [crate::File], path: &str) -> &'f str {
    files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}

/// The lines of a Cargo.toml table, without comments and blank lines.
fn toml_table<'t>(manifest: &'t str, table: &str) -> Vec<&'t str> {
    manifest
        .lines()
        .skip_while(|line| line.trim() != table)
        .skip(1)
        .map(str::trim)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

#[test]
fn the_runtime_items_are_the_runtime_crates_public_uses() {
    let mut listed: Vec<&str> = runtime::ALL.to_vec();
    assert!(
        listed.is_sorted_by_key(|name| name.to_ascii_lowercase()),
        "ALL is kept sorted, whatever the case: {listed:?}"
    );
    listed.dedup();
    assert_eq!(listed.len(), runtime::ALL.len(), "ALL has no duplicates");
    assert_eq!(sorted(listed), sorted(pub_uses(RUNTIME_LIB, "")));
    for name in runtime::INTERNAL {
        assert!(
            runtime::ALL.contains(name),
            "{name} is internal but not an item"
        );
    }
}

#[test]
fn a_generated_crate_re_exports_exactly_the_root_exports() {
    for mode in [
        crate::RuntimeMode::Copy,
        crate::RuntimeMode::Dependency("\"0.1\"".to_owned()),
    ] {
        let mut config = Config::new("contract-probe", "Probe");
        config.runtime = mode.clone();
        let files = generate(&config);
        let exported = pub_uses(file(&files, "src/lib.rs"), "runtime");
        assert_eq!(sorted(exported), sorted(root_exports()), "{mode:?}");
    }
}

#[test]
fn every_runtime_source_file_is_copied() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src");
    let mut expected = BTreeSet::from(["src/runtime/mod.rs".to_owned()]);
    for entry in std::fs::read_dir(&dir).expect("the runtime's sources") {
        let name = entry
            .expect("an entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".rs") && name != "lib.rs" {
            expected.insert(format!("src/runtime/{name}"));
        }
    }
    assert!(expected.len() > 1, "{}", dir.display());
    let files = generate(&Config::new("contract-probe", "Probe"));
    let copied: BTreeSet<String> = files
        .iter()
        .filter(|f| f.path.starts_with("src/runtime/"))
        .map(|f| f.path.clone())
        .collect();
    assert_eq!(copied, expected);
}

#[test]
fn a_generated_crate_depends_on_what_the_runtime_crate_depends_on() {
    let files = generate(&Config::new("contract-probe", "Probe"));
    let generated = file(&files, "Cargo.toml");
    for table in ["[dependencies]", "[features]"] {
        let runtime = toml_table(RUNTIME_MANIFEST, table);
        assert!(!runtime.is_empty(), "the runtime has {table}");
        assert_eq!(toml_table(generated, table), runtime, "{table}");
    }
}
