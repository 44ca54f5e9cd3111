//! `src/models.rs`: a Rust type per schema, plus per-operation parameter structs and
//! per-status response enums.

mod enums;
mod serde_impls;
mod shared;
mod structs;

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::docs;
use super::{Uses, ident, imports, runtime_paths, rust_type};
use crate::config::Config;
use crate::ir::{Api, Outcome, TypeDef, TypeKind, TypeRef};

/// What the items of models.rs need imported.
#[derive(Default)]
pub(super) struct ModelUses {
    /// The path to the SDK's root (`crate`).
    root: String,
    types: Uses,
    /// Full paths (`serde::Serialize`, `std::fmt`), merged by `imports`.
    paths: BTreeSet<&'static str>,
    runtime: BTreeSet<&'static str>,
    /// The `nullable` serde helper module (derived structs with nullable optional fields).
    nullable: bool,
    /// `runtime` itself, for `runtime::required`.
    runtime_module: bool,
}

impl ModelUses {
    fn path(&mut self, path: &'static str) {
        self.paths.insert(path);
    }

    fn runtime(&mut self, item: &'static str) {
        self.runtime.insert(item);
    }
}

pub(super) fn models(api: &Api, config: &Config) -> TokenStream {
    let mut uses = ModelUses {
        root: config.root_path(1),
        ..ModelUses::default()
    };
    let mut items = Vec::new();
    for def in &api.types {
        let cfg = super::cfg_any(&def.features);
        items.push(super::gated(type_def(def, &mut uses), &cfg));
    }
    for (service, operation) in api.operations() {
        let cfg = super::cfg_any(service.feature.as_slice());
        for outcome in [&operation.success, &operation.error] {
            if let Outcome::PerStatus {
                type_name,
                docs: text,
                variants,
            } = outcome
            {
                let name = ident(type_name);
                let doc = docs(text);
                let variants = variants.iter().map(|variant| {
                    let name = ident(&variant.name);
                    let doc = docs(&variant.docs);
                    match &variant.ty {
                        TypeRef::Unit => quote!(#doc #name,),
                        ty => {
                            uses.types.note(ty);
                            let ty = rust_type(ty);
                            quote!(#doc #name(#ty),)
                        }
                    }
                });
                items.push(quote! {
                    #doc
                    #cfg
                    #[derive(Debug, Clone, PartialEq)]
                    #[non_exhaustive]
                    pub enum #name { #(#variants)* }
                });
            }
        }
    }
    let mut paths = uses.types.paths();
    paths.extend(uses.paths.iter().map(|p| (*p).to_owned()));
    paths.extend(runtime_paths(&uses.root, uses.runtime.iter().copied()));
    if uses.runtime_module {
        paths.push(format!("{}::runtime::self", uses.root));
    }
    let imports = imports(paths);
    let nullable = uses.nullable.then(serde_impls::nullable_module);
    let split = (!api.features.is_empty()).then(|| {
        quote! {
            // Which types are compiled depends on the enabled features, and so which imports
            // are used.
            #![allow(unused_imports)]
        }
    });
    quote! {
        #![doc = " Data types: one per schema of the API, plus parameter structs and per-status responses."]
        // The API marks some items deprecated; that warns the SDK's users, not the SDK itself.
        #![allow(deprecated)]
        // Variants mirror the API's shapes; boxing the large ones would push an allocation and
        // an extra `*` onto every caller for a size difference that does not matter here.
        #![allow(clippy::large_enum_variant)]
        // Serde impls bind each property's value to a local of the field's name, and the API
        // picks the names, `foo` and `baz` included.
        #![allow(clippy::disallowed_names)]
        #split
        #imports
        #(#items)*
        #nullable
    }
}

fn type_def(def: &TypeDef, uses: &mut ModelUses) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs(&def.docs);
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let attrs = quote!(#doc #deprecated);
    match &def.kind {
        TypeKind::Struct(s) => structs::structure(&def.name, attrs, s, uses),
        TypeKind::Enum(e) => enums::enumeration(&name, attrs, e, uses),
        TypeKind::Union(u) => enums::union(&name, attrs, u, uses),
        TypeKind::Alias { target } => {
            uses.types.note(target);
            let target = rust_type(target);
            quote!(#attrs pub type #name = #target;)
        }
    }
}
