//! `src/services/*.rs`: one service type per tag, one method per operation. Each method builds
//! a runtime `Call` and hands it a decoder that maps every documented status to its type.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{code, docs, join, raw_docs};
use super::{Uses, crate_ident, ident, imports, rust_type};
use crate::Config;
use crate::ir::{
    Api, BodyEncoding, Operation, Outcome, Param, ParamLocation, ParamStyle, ResponseBody, Service,
    StatusMatch, TypeRef,
};
use crate::names::bare;

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

/// Which side of the outcome a status belongs to.
#[derive(Clone, Copy)]
enum Side {
    Success,
    Failure,
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
    model_names.sort();
    model_names.dedup();
    let mut runtime = vec!["Call", "ClientCore", "Outcome"];
    if needs_multipart {
        runtime.push("Multipart");
    }
    if needs_query_style {
        runtime.push("QueryStyle");
    }
    uses.bytes |= needs_bytes;
    let mut paths = uses.paths();
    paths.push("reqwest::Method".to_owned());
    if !model_names.is_empty() {
        paths.push(format!("crate::models::{{{}}}", model_names.join(", ")));
    }
    paths.push(format!("crate::runtime::{{{}}}", runtime.join(", ")));
    let imports = imports(paths);
    let type_name = ident(&service.type_name);
    let doc = docs(Some(
        &join(&[
            Some(&format!("Operations tagged `{}`.", code(&service.tag))),
            service.docs.as_deref(),
        ])
        .unwrap_or_default(),
    ));
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
    for (outcome, side) in [(&op.success, Side::Success), (&op.error, Side::Failure)] {
        match outcome {
            Outcome::Single { cases, .. } if cases.is_empty() && matches!(side, Side::Failure) => {
                uses.value = true
            }
            Outcome::Single { ty, .. } => mentioned.push(ty),
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
fn outcome_type(outcome: &Outcome, side: Side) -> TokenStream {
    match outcome {
        Outcome::Single { cases, .. } if cases.is_empty() && matches!(side, Side::Failure) => {
            quote!(Value)
        }
        Outcome::Single { ty, .. } => rust_type(ty),
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
    let success = outcome_type(&op.success, Side::Success);
    let error = outcome_type(&op.error, Side::Failure);
    let operation_id = if op.operation_id.is_empty() {
        bare(&op.method_name).to_owned()
    } else {
        op.operation_id.clone()
    };
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
            quote!(.query(#name, #value, #style))
        }
        ParamLocation::Header => quote!(.header_param(#name, #value)),
        ParamLocation::Cookie => quote!(.cookie_param(#name, #value)),
    }
}

fn decoder(op: &Operation) -> TokenStream {
    let mut arms: Vec<(u8, TokenStream, TokenStream)> = Vec::new();
    // Error codes whose decoding the error-side default arm repeats exactly: their own arm
    // would only add noise (unless a range arm sits between them and the default).
    let redundant = |code: u16, body: &str| {
        code >= 400
            && op
                .error
                .cases()
                .iter()
                .any(|c| c.status == StatusMatch::Default)
            && !error_ranges_cover_all(&op.error)
            && !op
                .error
                .cases()
                .iter()
                .any(|c| c.status == StatusMatch::Range(code / 100))
            && op
                .error
                .cases()
                .iter()
                .filter(|c| c.status == StatusMatch::Default)
                .any(|c| {
                    case_body(&op.error, Side::Failure, &c.variant, &c.body).to_string() == body
                })
    };
    for (outcome, side) in [(&op.success, Side::Success), (&op.error, Side::Failure)] {
        for case in outcome.cases() {
            let (order, pattern) = match case.status {
                StatusMatch::Code(code) => {
                    let code = Literal::u16_unsuffixed(code);
                    (0, quote!(#code))
                }
                // Ranges as guards: a `200` arm before a `200..=299` arm is what the document
                // means, but clippy reads overlapping range patterns as a mistake.
                StatusMatch::Range(range) => {
                    let low = Literal::u16_unsuffixed(range.saturating_mul(100));
                    let high =
                        Literal::u16_unsuffixed(range.saturating_mul(100).saturating_add(99));
                    (1, quote!(status if (#low..=#high).contains(&status)))
                }
                // An error-side `default` covers error statuses only: an undocumented 2xx is
                // not a failure body, it is undocumented.
                StatusMatch::Default if matches!(side, Side::Failure) => {
                    if error_ranges_cover_all(&op.error) {
                        continue;
                    }
                    (2, quote!(status if status >= 400))
                }
                StatusMatch::Default => (3, quote!(_)),
            };
            let body = case_body(outcome, side, &case.variant, &case.body);
            if let (StatusMatch::Code(code), Side::Failure) = (&case.status, side)
                && redundant(*code, &body.to_string())
            {
                continue;
            }
            arms.push((order, pattern, body));
        }
    }
    arms.sort_by_key(|(order, ..)| *order);
    // Statuses sharing one decoding share one arm.
    let mut merged: Vec<(u8, Vec<TokenStream>, TokenStream)> = Vec::new();
    for (order, pattern, body) in arms {
        match merged.last_mut() {
            Some((last_order, patterns, last_body))
                if *last_order == 0 && order == 0 && last_body.to_string() == body.to_string() =>
            {
                patterns.push(pattern);
            }
            _ => merged.push((order, vec![pattern], body)),
        }
    }
    let has_default = merged.iter().any(|(order, ..)| *order == 3);
    if merged.is_empty() || (merged.len() == 1 && has_default) {
        let body = merged
            .pop()
            .map_or(quote!(Ok(Outcome::Undocumented)), |(_, _, body)| body);
        let uses_response = body.to_string().contains("response");
        return if uses_response {
            quote!(|response| #body)
        } else {
            quote!(|_| #body)
        };
    }
    let arms = merged
        .into_iter()
        .map(|(_, patterns, body)| quote!(#(#patterns)|* => #body,));
    let fallback = (!has_default).then(|| quote!(_ => Ok(Outcome::Undocumented),));
    quote! {
        |response| match response.status().as_u16() {
            #(#arms)*
            #fallback
        }
    }
}

/// Whether `4XX` and `5XX` ranges already take every error status (a `default` arm would be dead).
fn error_ranges_cover_all(outcome: &Outcome) -> bool {
    let has = |range| {
        outcome
            .cases()
            .iter()
            .any(|c| c.status == StatusMatch::Range(range))
    };
    has(4) && has(5)
}

fn case_body(outcome: &Outcome, side: Side, variant: &str, body: &ResponseBody) -> TokenStream {
    let wrap = match side {
        Side::Success => quote!(Outcome::Success),
        Side::Failure => quote!(Outcome::Failure),
    };
    match outcome {
        Outcome::Single { .. } => match body {
            ResponseBody::Json(_) => quote!(response.json().map(#wrap)),
            ResponseBody::Text => quote!(response.text().map(#wrap)),
            ResponseBody::Bytes => quote!(Ok(#wrap(response.bytes()))),
            ResponseBody::Empty => quote!(Ok(#wrap(()))),
        },
        Outcome::PerStatus { type_name, .. } => {
            let (name, variant) = (ident(type_name), ident(variant));
            match body {
                ResponseBody::Json(_) => {
                    quote!(response.json().map(|body| #wrap(#name::#variant(body))))
                }
                ResponseBody::Text => {
                    quote!(response.text().map(|body| #wrap(#name::#variant(body))))
                }
                ResponseBody::Bytes => quote!(Ok(#wrap(#name::#variant(response.bytes())))),
                ResponseBody::Empty => quote!(Ok(#wrap(#name::#variant))),
            }
        }
    }
}

fn method_docs(op: &Operation, service: &Service, config: &Config) -> TokenStream {
    let prose = docs(join(&[op.summary.as_deref(), op.description.as_deref()]).as_deref());
    let mut lines = vec![format!("`{} {}`", op.http_method.as_str(), code(&op.path))];
    let statuses: Vec<String> = op
        .success
        .cases()
        .iter()
        .map(|c| match c.status {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(range) => format!("{range}XX"),
            StatusMatch::Default => "default".to_owned(),
        })
        .collect();
    if !statuses.is_empty() {
        lines.push(String::new());
        lines.push(format!(
            "Succeeds with {}; any other status is an [`Error`](crate::Error).",
            statuses.join(", ")
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
    let krate = crate_ident(config);
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
