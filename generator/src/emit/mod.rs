//! IR -> Rust tokens. The only module that knows quote; it knows nothing of OpenAPI and decides
//! nothing: every choice is already in the IR.

mod client;
mod crate_files;
mod docs;
mod examples;
mod models;
mod services;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::config::Config;
use crate::files::Emitted;
use crate::ir::{Api, TypeRef};

pub(crate) fn emit(api: &Api, config: &Config) -> Vec<Emitted> {
    let mut files = crate_files::crate_files(api, config);
    files.push(Emitted::Rust {
        path: "src/client.rs".into(),
        tokens: client::client(api, config),
    });
    files.push(Emitted::Rust {
        path: "src/models.rs".into(),
        tokens: models::models(api, config),
    });
    files.push(Emitted::Rust {
        path: "src/services/mod.rs".into(),
        tokens: services::services_mod(api),
    });
    for service in &api.services {
        files.push(Emitted::Rust {
            path: format!("src/services/{}.rs", crate::names::bare(&service.accessor)),
            tokens: services::service(service, config),
        });
    }
    if let Some(text) = examples::examples_file(api, config) {
        files.push(Emitted::Text {
            path: "tests/examples.rs".into(),
            text,
        });
    }
    files
}

/// Cargo.toml alone: the one emitted file that depends on the crate's version, produced again
/// when the output module picks the version after generation.
pub(crate) fn cargo_toml(api: &Api, config: &Config) -> Emitted {
    Emitted::Text {
        path: "Cargo.toml".into(),
        text: crate_files::cargo_toml(api, config),
    }
}

/// An identifier from a name the lowering produced (`r#type` becomes a raw identifier).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) if is_identifier(raw) => Ident::new_raw(raw, Span::call_site()),
        _ if is_identifier(name) => Ident::new(name, Span::call_site()),
        // Lowering only hands out valid names, and `generate` refuses a configuration whose
        // names are not. emit has no diagnostics to report a broken promise in, so debug
        // builds (the tests, the fuzzer) stop here and release builds never panic.
        _ => {
            debug_assert!(false, "internal error: `{name}` is not an identifier");
            Ident::new("invalid_name", Span::call_site())
        }
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
}

/// The Rust spelling of a type use.
pub(crate) fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::String | TypeRef::FormattedString(_) => quote!(String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::Bytes => quote!(Bytes),
        TypeRef::Any => quote!(Value),
        TypeRef::Array(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner);
            quote!(HashMap<String, #inner>)
        }
        TypeRef::Tuple(items) => {
            let items = items.iter().map(rust_type);
            quote!((#(#items,)*))
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner);
            quote!(Option<#inner>)
        }
        TypeRef::Unit => quote!(()),
    }
}

/// Which imports a file needs, found by walking the types it mentions.
#[derive(Default)]
pub(crate) struct Uses {
    pub value: bool,
    pub json_map: bool,
    pub hash_map: bool,
    pub bytes: bool,
}

impl Uses {
    pub fn note(&mut self, ty: &TypeRef) {
        match ty {
            TypeRef::Any => self.value = true,
            TypeRef::Bytes => self.bytes = true,
            TypeRef::Map(_) => self.hash_map = true,
            _ => {}
        }
        for inner in ty.inner() {
            self.note(inner);
        }
    }

    /// The `use` paths these types need.
    pub fn paths(&self) -> Vec<String> {
        let mut paths = Vec::new();
        if self.hash_map {
            paths.push("std::collections::HashMap".to_owned());
        }
        if self.bytes {
            paths.push("bytes::Bytes".to_owned());
        }
        if self.value {
            paths.push("serde_json::Value".to_owned());
        }
        if self.json_map {
            paths.push("serde_json::Map".to_owned());
        }
        paths
    }
}

/// `use` items grouped as people write them: std, then other crates, then this crate; paths
/// with the same parent merged into one `use parent::{a, b};`, everything sorted.
pub(crate) fn imports(paths: impl IntoIterator<Item = String>) -> TokenStream {
    use std::collections::{BTreeMap, BTreeSet};
    let group = |path: &str| match path.split("::").next() {
        Some("std" | "core" | "alloc") => 0,
        Some("crate" | "super" | "self") => 2,
        _ => 1,
    };
    let mut parents: BTreeMap<(u8, String), BTreeSet<String>> = BTreeMap::new();
    for path in paths {
        let (parent, leaf) = path.rsplit_once("::").unwrap_or(("", path.as_str()));
        parents
            .entry((group(parent), parent.to_owned()))
            .or_default()
            .insert(leaf.to_owned());
    }
    let items = parents.into_iter().filter_map(|((_, parent), leaves)| {
        // `self` first, as rustfmt orders it.
        let mut leaves: Vec<String> = leaves.into_iter().collect();
        leaves.sort_by_key(|leaf| leaf != "self");
        let text = match leaves.as_slice() {
            [one] => format!("use {parent}::{one};"),
            many => format!("use {parent}::{{{}}};", many.join(", ")),
        };
        text.parse::<TokenStream>().ok()
    });
    quote!(#(#items)*)
}

/// `crate::runtime::X` for each runtime item a file at `root` uses.
pub(crate) fn runtime_paths<'a>(
    root: &str,
    items: impl IntoIterator<Item = &'a str>,
) -> Vec<String> {
    items
        .into_iter()
        .map(|item| format!("{root}::runtime::{item}"))
        .collect()
}

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", feature = "b"))]`; nothing for none.
pub(crate) fn cfg_any(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// The same items, each compiled only under `cfg` (a type's struct and its impls alike).
pub(crate) fn gated(items: TokenStream, cfg: &TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => {
            let items = file.items.into_iter();
            quote!(#(#cfg #items)*)
        }
        // Emitted items always parse; if they ever do not, formatting reports it.
        Err(_) => items,
    }
}
