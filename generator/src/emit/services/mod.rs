//! `src/services/*.rs`: one service type per tag, one method per operation. Each method builds
//! a runtime `Call` and hands it a decoder that maps every documented status to its type.

mod decoder;
mod methods;
mod requests;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::docs;
use super::{Uses, ident, imports, runtime_paths};
use crate::config::Config;
use crate::contract::runtime;
use crate::ir::{Api, BodyEncoding, Operation, Outcome, ParamLocation, Service, TypeRef};
use crate::names::bare;
use crate::text::code;

pub fn services_mod(api: &Api) -> TokenStream {
    let modules = api.services.iter().map(|s| {
        let module = ident(&s.accessor);
        let cfg = super::cfg_any(s.feature.as_slice());
        let doc = format!(" Operations tagged `{}`.", code(&s.tag));
        quote!(#[doc = #doc] #cfg pub mod #module;)
    });
    let exports = api.services.iter().map(|s| {
        let module = ident(&s.accessor);
        let cfg = super::cfg_any(s.feature.as_slice());
        let type_name = ident(&s.type_name);
        quote!(#cfg pub use #module::#type_name;)
    });
    quote! {
        #![doc = " The API's operations, grouped by tag into services."]
        #(#modules)*
        #(#exports)*
    }
}

pub fn service(service: &Service, config: &Config) -> TokenStream {
    let mut uses = Uses::default();
    let mut model_names: Vec<String> = Vec::new();
    let mut runtime_items = vec![runtime::CALL, runtime::CLIENT_CORE, runtime::OUTCOME];
    // Calls share the client's state (`Arc`), so that they and their futures are `'static`.
    let mut std_paths: Vec<&str> = vec!["std::sync::Arc"];
    let mut methods = Vec::new();
    let mut requests = Vec::new();
    let mut uses_header_value = false;
    for op in &service.operations {
        collect_names(op, &mut model_names, &mut uses);
        let optional = op.request.iter().flat_map(|r| &r.params);
        if op
            .params
            .iter()
            .chain(optional)
            .any(|p| p.location == ParamLocation::Query)
        {
            runtime_items.push(runtime::QUERY_STYLE);
        }
        let encoding = op.body.as_ref().map(|b| &b.encoding);
        match encoding {
            Some(BodyEncoding::Multipart) => runtime_items.push(runtime::MULTIPART),
            Some(BodyEncoding::Bytes { .. }) => uses.bytes = true,
            _ => {}
        }
        // Media types are spelled as constant header values.
        if op.accept.is_some()
            || matches!(
                encoding,
                Some(BodyEncoding::Json { .. } | BodyEncoding::Bytes { .. })
            )
        {
            uses_header_value = true;
        }
        methods.push(methods::method(op, service, config));
        if let Some(request) = &op.request {
            runtime_items.extend([runtime::CONDITIONAL_CALL, runtime::ERROR, runtime::RESPONSE]);
            std_paths.extend([
                "std::fmt",
                "std::future::Future",
                "std::future::IntoFuture",
                "std::time::Duration",
            ]);
            if request.pagination.is_some() {
                runtime_items.extend([
                    runtime::PAGE_QUERY,
                    runtime::PAGE_STYLE,
                    runtime::PAGINATOR,
                ]);
                if let Some(pagination) = &request.pagination {
                    uses.note(&pagination.item);
                    pagination
                        .item
                        .for_each_named(&mut |name| model_names.push(name.to_owned()));
                    model_names.push(pagination.page.clone());
                }
            }
            requests.push(requests::request_type(op, request));
        }
    }
    let mut paths = uses.paths();
    paths.push("reqwest::Method".to_owned());
    if uses_header_value {
        paths.push("reqwest::header::HeaderValue".to_owned());
    }
    paths.extend(std_paths.into_iter().map(str::to_owned));
    let root = config.root_path(2);
    paths.extend(
        model_names
            .iter()
            .map(|name| format!("{root}::models::{name}")),
    );
    paths.extend(runtime_paths(&root, runtime_items));
    let imports = imports(paths);
    let type_name = ident(&service.type_name);
    let doc = docs(&service.docs);
    let accessor = bare(&service.accessor);
    let example = format!(" Get one from the client: `sdk.{accessor}()`.");
    quote! {
        #![doc = #example]
        // The API marks some items deprecated; that warns the SDK's users, not the SDK itself.
        #![allow(deprecated)]
        #imports

        #doc
        #[doc = ""]
        #[doc = #example]
        #[derive(Debug, Clone, Copy)]
        pub struct #type_name<'a> {
            core: &'a Arc<ClientCore>,
        }

        impl<'a> #type_name<'a> {
            pub(crate) fn new(core: &'a Arc<ClientCore>) -> Self {
                Self { core }
            }

            #(#methods)*
        }

        #(#requests)*
    }
}

fn collect_names(op: &Operation, names: &mut Vec<String>, uses: &mut Uses) {
    let mut mentioned: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
    mentioned.extend(
        op.request
            .iter()
            .flat_map(|r| r.params.iter().map(|p| &p.ty)),
    );
    if let Some(body) = op
        .body
        .as_ref()
        .filter(|b| !matches!(b.encoding, BodyEncoding::Multipart))
    {
        mentioned.push(&body.ty);
    }
    for outcome in [&op.success, &op.error] {
        match outcome {
            Outcome::Single { ty } => mentioned.push(ty),
            Outcome::PerStatus { type_name, .. } => names.push(type_name.clone()),
        }
    }
    for ty in mentioned {
        uses.note(ty);
        ty.for_each_named(&mut |name| names.push(name.to_owned()));
    }
}
