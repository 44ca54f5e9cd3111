//! `src/services/*.rs`: one service type per tag, one method per operation. Each method builds
//! a runtime `Call` and hands it a decoder that maps every documented status to its type.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{docs, raw_docs};
use super::{Uses, ident, imports, runtime_paths, rust_type};
use crate::config::Config;
use crate::contract::runtime;
use crate::ir::{
    Api, BodyEncoding, BodyRead, DecodeArm, Operation, Outcome, Param, ParamLocation, ParamStyle,
    Service, Side, StatusPattern, TypeRef,
};
use crate::names::bare;
use crate::text::code;

pub fn services_mod(api: &Api) -> TokenStream {
    let modules = api.services.iter().map(|s| {
        let module = ident(&s.accessor);
        let doc = format!(" Operations tagged `{}`.", code(&s.tag));
        quote!(#[doc = #doc] pub mod #module;)
    });
    let exports = api.services.iter().map(|s| {
        let module = ident(&s.accessor);
        let type_name = ident(&s.type_name);
        quote!(pub use #module::#type_name;)
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
    let mut needs_query_style = false;
    let mut needs_multipart = false;
    let mut needs_bytes = false;
    let methods: Vec<TokenStream> = service
        .operations
        .iter()
        .map(|op| {
            collect_names(op, &mut model_names, &mut uses);
            needs_query_style |= op
                .params
                .iter()
                .chain(op.optional_params.iter().flat_map(|p| &p.fields))
                .any(|p| p.location == ParamLocation::Query);
            if let Some(body) = &op.body {
                match &body.encoding {
                    BodyEncoding::Multipart => needs_multipart = true,
                    BodyEncoding::Bytes { .. } => needs_bytes = true,
                    _ => {}
                }
            }
            method(op, service, config)
        })
        .collect();
    let mut runtime_items = vec![runtime::CALL, runtime::CLIENT_CORE, runtime::OUTCOME];
    if needs_multipart {
        runtime_items.push(runtime::MULTIPART);
    }
    if needs_query_style {
        runtime_items.push(runtime::QUERY_STYLE);
    }
    uses.bytes |= needs_bytes;
    let mut paths = uses.paths();
    paths.push("reqwest::Method".to_owned());
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
            core: &'a ClientCore,
        }

        impl<'a> #type_name<'a> {
            pub(crate) fn new(core: &'a ClientCore) -> Self {
                Self { core }
            }

            #(#methods)*
        }
    }
}

fn collect_names(op: &Operation, names: &mut Vec<String>, uses: &mut Uses) {
    let mut mentioned: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
    if let Some(params) = &op.optional_params {
        names.push(params.type_name.clone());
    }
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
        collect_named(ty, names);
    }
}

fn collect_named(ty: &TypeRef, names: &mut Vec<String>) {
    match ty {
        TypeRef::Named(name) => names.push(name.clone()),
        TypeRef::Array(inner) | TypeRef::Map(inner) => collect_named(inner, names),
        _ => {}
    }
}

/// The type one side of an operation decodes into.
fn outcome_type(outcome: &Outcome) -> TokenStream {
    match outcome {
        Outcome::Single { ty } => rust_type(ty),
        Outcome::PerStatus { type_name, .. } => {
            let name = ident(type_name);
            quote!(#name)
        }
    }
}

/// How a method takes a value: strings by `&str`, small scalars by value, the rest by reference.
fn argument_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::FormattedString(_) => quote!(&str),
        TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 | TypeRef::Bool => rust_type(ty),
        TypeRef::Array(inner) => {
            let inner = rust_type(inner);
            quote!(&[#inner])
        }
        other => {
            let ty = rust_type(other);
            quote!(&#ty)
        }
    }
}

fn method(op: &Operation, service: &Service, config: &Config) -> TokenStream {
    let method_name = ident(&op.method_name);
    let mut args = Vec::new();
    let mut steps = Vec::new();
    for param in &op.params {
        let name = ident(&param.rust_name);
        let ty = argument_type(&param.ty);
        args.push(quote!(#name: #ty));
        let value = match (&param.location, &param.ty) {
            // `simple` style: a list in a path segment is comma-separated.
            (ParamLocation::Path, TypeRef::Array(_)) => {
                quote!(&#name.iter().map(ToString::to_string).collect::<Vec<_>>().join(","))
            }
            (_, TypeRef::Array(_)) => quote!(#name),
            _ => quote!(&#name),
        };
        steps.push(param_step(param, value));
    }
    let body_arg = op.body.as_ref().map(|body| {
        let ty = match &body.encoding {
            BodyEncoding::Multipart => quote!(Multipart),
            BodyEncoding::Bytes { .. } => quote!(Bytes),
            _ => {
                let ty = rust_type(&body.ty);
                quote!(&#ty)
            }
        };
        if body.required {
            quote!(body: #ty)
        } else {
            quote!(body: Option<#ty>)
        }
    });
    if let Some(params) = &op.optional_params {
        let ty = ident(&params.type_name);
        args.push(quote!(params: &#ty));
        for param in &params.fields {
            let name = ident(&param.rust_name);
            steps.push(param_step(param, quote!(&params.#name)));
        }
    }
    args.extend(body_arg);
    let success = outcome_type(&op.success);
    let error = outcome_type(&op.error);
    let operation_id = &op.operation_id;
    let http_method = ident(op.http_method.as_str());
    let path = &op.path;
    let decoder = decoder(op);
    let accept = op.accept.as_ref().map(|media| quote!(.accept(#media)));
    let call = quote! {
        Call::new(self.core, #operation_id, Method::#http_method, #path, #decoder)
            #accept
            #(#steps)*
    };
    let body = match &op.body {
        None => call,
        Some(body) => {
            let attach = match &body.encoding {
                BodyEncoding::Json { content_type } => quote!(call.json_body(body, #content_type)),
                BodyEncoding::Form => quote!(call.form_body(body)),
                BodyEncoding::Multipart => quote!(call.multipart_body(body)),
                BodyEncoding::Bytes { content_type } => {
                    quote!(call.bytes_body(body, #content_type))
                }
            };
            if body.required {
                quote! { let call = #call; #attach }
            } else {
                quote! {
                    let call = #call;
                    match body {
                        Some(body) => #attach,
                        None => call,
                    }
                }
            }
        }
    };
    let doc = method_docs(op, service, config);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let many_args = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required API parameter")]));
    quote! {
        #doc
        #deprecated
        #many_args
        pub fn #method_name(&self, #(#args),*) -> Call<'a, #success, #error> {
            #body
        }
    }
}

fn param_step(param: &Param, value: TokenStream) -> TokenStream {
    let name = &param.json_name;
    match param.location {
        ParamLocation::Path => quote!(.path_param(#name, #value)),
        ParamLocation::Query => {
            let style = match param.style {
                ParamStyle::Form { explode } => quote!(QueryStyle::Form { explode: #explode }),
                ParamStyle::SpaceDelimited => quote!(QueryStyle::SpaceDelimited),
                ParamStyle::PipeDelimited => quote!(QueryStyle::PipeDelimited),
                ParamStyle::DeepObject => quote!(QueryStyle::DeepObject),
                ParamStyle::Simple => quote!(QueryStyle::Form { explode: true }),
            };
            quote!(.query_param(#name, #value, #style))
        }
        ParamLocation::Header => quote!(.header_param(#name, #value)),
        ParamLocation::Cookie => quote!(.cookie_param(#name, #value)),
    }
}

/// The closure that maps a response to the operation's outcome, spelled from the plan.
fn decoder(op: &Operation) -> TokenStream {
    let arms = &op.decoding.arms;
    let undocumented = quote!(Ok(Outcome::Undocumented));
    if let [only] = arms.as_slice()
        && only.statuses == [StatusPattern::Any]
    {
        let body = arm_body(only);
        return if only.read == BodyRead::Empty && only.variant.is_none() {
            quote!(|_| #body)
        } else {
            quote!(|response| #body)
        };
    }
    if arms.is_empty() {
        return quote!(|_| #undocumented);
    }
    let arms_tokens = arms.iter().map(|arm| {
        let patterns = arm.statuses.iter().map(status_pattern);
        let body = arm_body(arm);
        quote!(#(#patterns)|* => #body,)
    });
    let fallback = op
        .decoding
        .otherwise_undocumented
        .then(|| quote!(_ => #undocumented,));
    quote! {
        |response| match response.status().as_u16() {
            #(#arms_tokens)*
            #fallback
        }
    }
}

fn status_pattern(pattern: &StatusPattern) -> TokenStream {
    match pattern {
        StatusPattern::Code(code) => {
            let code = Literal::u16_unsuffixed(*code);
            quote!(#code)
        }
        // Ranges as guards: a `200` arm before a `200..=299` arm is what the document means,
        // but clippy reads overlapping range patterns as a mistake.
        StatusPattern::Range { low, high } => {
            let (low, high) = (
                Literal::u16_unsuffixed(*low),
                Literal::u16_unsuffixed(*high),
            );
            quote!(status if (#low..=#high).contains(&status))
        }
        StatusPattern::Errors => quote!(status if status >= 400),
        StatusPattern::Any => quote!(_),
    }
}

fn arm_body(arm: &DecodeArm) -> TokenStream {
    let wrap = match arm.side {
        Side::Success => quote!(Outcome::Success),
        Side::Failure => quote!(Outcome::Failure),
    };
    match &arm.variant {
        None => match arm.read {
            BodyRead::Json => quote!(response.json().map(#wrap)),
            BodyRead::Text => quote!(response.text().map(#wrap)),
            BodyRead::Bytes => quote!(Ok(#wrap(response.bytes()))),
            BodyRead::Empty => quote!(Ok(#wrap(()))),
        },
        Some(path) => {
            let (name, variant) = (ident(&path.enum_name), ident(&path.variant));
            match arm.read {
                BodyRead::Json => quote!(response.json().map(|body| #wrap(#name::#variant(body)))),
                BodyRead::Text => quote!(response.text().map(|body| #wrap(#name::#variant(body)))),
                BodyRead::Bytes => quote!(Ok(#wrap(#name::#variant(response.bytes())))),
                BodyRead::Empty => quote!(Ok(#wrap(#name::#variant))),
            }
        }
    }
}

fn method_docs(op: &Operation, service: &Service, config: &Config) -> TokenStream {
    let prose = op.docs.as_deref().map(docs).unwrap_or_default();
    let mut lines = vec![format!("`{} {}`", op.http_method.as_str(), code(&op.path))];
    if !op.success_statuses.is_empty() {
        lines.push(String::new());
        lines.push(format!(
            "Succeeds with {}; any other status is an [`Error`]({}::Error).",
            op.success_statuses.join(", "),
            config.root_path(2)
        ));
    }
    lines.push(String::new());
    lines.extend(example(op, service, config));
    let head = if prose.is_empty() {
        TokenStream::new()
    } else {
        quote!(#prose #[doc = ""])
    };
    let tail = raw_docs(&lines);
    quote!(#head #tail)
}

/// A compiled (not run) example: visible call, hidden setup taking every argument as a parameter.
fn example(op: &Operation, service: &Service, config: &Config) -> Vec<String> {
    let krate = config.crate_ident();
    let client = &config.client_name;
    let mut hidden_params = vec![format!("sdk: &{krate}::{client}")];
    let mut call_args = Vec::new();
    for param in &op.params {
        let name = bare(&param.rust_name);
        match &param.ty {
            TypeRef::String | TypeRef::FormattedString(_) => {
                call_args.push(format!("{name:?}").replace('_', "-"))
            }
            _ => {
                hidden_params.push(format!("{name}: {}", example_type(&param.ty, &krate, true)));
                call_args.push(name.to_owned());
            }
        }
    }
    if let Some(params) = &op.optional_params {
        call_args.push(format!("&{krate}::models::{}::default()", params.type_name));
    }
    if let Some(body) = &op.body {
        let ty = match &body.encoding {
            BodyEncoding::Multipart => format!("{krate}::Multipart"),
            BodyEncoding::Bytes { .. } => "bytes::Bytes".to_owned(),
            _ => format!("&{}", example_type(&body.ty, &krate, false)),
        };
        let ty = if body.required {
            ty
        } else {
            format!("Option<{ty}>")
        };
        hidden_params.push(format!("body: {ty}"));
        call_args.push("body".to_owned());
    }
    vec![
        "# Example".to_owned(),
        "```no_run".to_owned(),
        format!(
            "# async fn example({}) -> Result<(), Box<dyn std::error::Error>> {{",
            hidden_params.join(", ")
        ),
        format!(
            "let response = sdk.{}().{}({}).await?;",
            bare(&service.accessor),
            bare(&op.method_name),
            call_args.join(", ")
        ),
        "# let _ = response;".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
    ]
}

/// A type as a doctest outside the crate spells it.
fn example_type(ty: &TypeRef, krate: &str, by_argument: bool) -> String {
    let plain = match ty {
        TypeRef::Named(name) => format!("{krate}::models::{name}"),
        TypeRef::String | TypeRef::FormattedString(_) => "String".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Bytes => "bytes::Bytes".to_owned(),
        TypeRef::Any => "serde_json::Value".to_owned(),
        TypeRef::Array(inner) => format!("Vec<{}>", example_type(inner, krate, false)),
        TypeRef::Map(inner) => format!(
            "std::collections::HashMap<String, {}>",
            example_type(inner, krate, false)
        ),
        TypeRef::Unit => "()".to_owned(),
    };
    let scalar = matches!(
        ty,
        TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 | TypeRef::Bool
    );
    if by_argument && !scalar {
        format!("&{plain}")
    } else {
        plain
    }
}
