//! openapiv3 -> IR. The only module that knows openapiv3: it resolves `$ref`s, names every type
//! (inline ones too), chooses Rust shapes and reports what it could not model.

mod all_of;
mod beside;
mod cycles;
mod decoding;
mod defaults;
mod examples;
mod features;
mod identical;
mod member_match;
mod nulls;
mod operations;
mod origin;
mod pagination;
mod path_types;
mod schemas;
mod servers;
mod unions;
mod view;

use std::collections::HashMap;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::config::Config;
use crate::contract;
use crate::diagnostics::{Diagnostics, push_pointer, unescape_token};
use crate::ir::{Api, TypeDef};
use crate::names::Namespace;

/// Lowers a document. Errors in `diagnostics` mean the result must not be emitted.
pub(crate) fn lower(doc: &OpenAPI, config: &Config, diagnostics: &mut Diagnostics) -> Api {
    let mut lowerer = Lowerer::new(doc, config);
    lowerer.component_schemas();
    let (servers, auth) = (
        servers::servers(doc, &mut lowerer.type_names, &mut lowerer.diags),
        servers::auth(doc, &mut lowerer.diags),
    );
    let mut services = lowerer.services();
    let pending = std::mem::take(&mut lowerer.pending_defaults);
    defaults::settle(&mut lowerer.types, pending, &mut lowerer.diags);
    let nesting_depth = cycles::settle(&mut lowerer.types, &mut lowerer.diags);
    // After boxing, which changes field types.
    defaults::conversions(
        &mut lowerer.types,
        &lowerer.conversion_requests,
        &mut lowerer.diags,
    );
    // Once every struct's serde is settled: only hand-written impls can fold names.
    member_match::decide(doc, &mut lowerer.types, &mut lowerer.diags);
    member_match::decide_values(doc, &mut lowerer.types, &mut lowerer.diags);
    let paging = std::mem::take(&mut lowerer.pagination_requests);
    pagination::resolve(&mut services, &lowerer.types, paging, &mut lowerer.diags);
    if config
        .merge_identical_types_above
        .is_some_and(|above| lowerer.types.len() > above)
    {
        identical::merge(&mut lowerer.types);
    }
    // A module inside the user's crate would test the user's features: only crates split.
    let split_above = match config.layout {
        crate::config::Layout::Crate => config.tag_features_above,
        crate::config::Layout::Module => None,
    };
    let features = features::assign(&mut services, &mut lowerer.types, split_above);
    // Last: what an example decodes into depends on every settled type.
    let noted = std::mem::take(&mut lowerer.examples);
    let examples = examples::settle(noted, doc, &lowerer.types, &mut lowerer.diags);
    // A schema reached from several places reports the same finding each time; say it once.
    let mut seen = std::collections::HashSet::new();
    lowerer
        .diags
        .items
        .retain(|d| seen.insert((d.pointer.clone(), d.message.clone())));
    diagnostics.extend(lowerer.diags);
    let shared_path = servers::shared_path(&services, &servers);
    Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers,
        auth,
        shared_path,
        types: lowerer.types,
        nesting_depth,
        services,
        features,
        examples,
    }
}

pub(crate) struct Lowerer<'a> {
    doc: &'a OpenAPI,
    config: &'a Config,
    types: Vec<TypeDef>,
    type_names: Namespace,
    /// `#/components/schemas/<key>` -> Rust type name.
    components: HashMap<String, String>,
    diags: Diagnostics,
    /// How deep inline schemas are nested right now; bounded so hostile input cannot overflow.
    depth: usize,
    /// Defaults that name enum values, resolved once every enum is lowered.
    pending_defaults: Vec<defaults::Pending>,
    /// `x-rust-from` requests, built once every struct is lowered.
    conversion_requests: Vec<defaults::ConversionRequest>,
    /// `x-pagination` requests, resolved once every type is settled.
    pagination_requests: Vec<pagination::Request>,
    /// Examples met so far, settled once every type is.
    examples: examples::Examples,
}

/// Inline schemas nested deeper than this become `serde_json::Value`, with a warning.
const MAX_DEPTH: usize = 48;

impl<'a> Lowerer<'a> {
    fn new(doc: &'a OpenAPI, config: &'a Config) -> Self {
        let mut type_names = Namespace::default();
        type_names.reserve(&config.client_name);
        type_names.reserve(&format!(
            "{}{}",
            config.client_name,
            contract::BUILDER_SUFFIX
        ));
        Self {
            doc,
            config,
            types: Vec::new(),
            type_names,
            components: HashMap::new(),
            diags: Diagnostics::default(),
            depth: 0,
            pending_defaults: Vec::new(),
            conversion_requests: Vec::new(),
            pagination_requests: Vec::new(),
            examples: examples::Examples::default(),
        }
    }

    /// Follows `#/components/<section>/<name>` references, reporting broken ones.
    fn resolve<'r, T>(
        &mut self,
        item: &'r ReferenceOr<T>,
        section: &str,
        map: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
        pointer: &str,
    ) -> Option<(&'r T, String)>
    where
        'a: 'r,
        T: 'a,
    {
        let mut current = item;
        let mut at = pointer.to_owned();
        // Bounded: a chain of references longer than the section itself must be a cycle.
        let bound = self.doc.components.as_ref().map_or(0, |c| map(c).len());
        for _ in 0..=bound {
            match current {
                ReferenceOr::Item(value) => return Some((value, at)),
                ReferenceOr::Reference { reference } => {
                    let prefix = format!("#/components/{section}/");
                    let Some(name) = reference.strip_prefix(&prefix).map(unescape_token) else {
                        self.diags.error(
                            &at,
                            format!(
                                "unsupported reference `{reference}`: expected `{prefix}<name>`{}",
                                crate::load::bundle_hint(reference)
                            ),
                        );
                        return None;
                    };
                    let Some(target) = self
                        .doc
                        .components
                        .as_ref()
                        .map(&map)
                        .and_then(|m| m.get(&name))
                    else {
                        self.diags.error(
                            &at,
                            format!("broken reference `{reference}`: no such component"),
                        );
                        return None;
                    };
                    at = push_pointer(&push_pointer("/components", section), &name);
                    current = target;
                }
            }
        }
        self.diags.error(
            pointer,
            "reference cycle: these references only point at each other",
        );
        None
    }
}
