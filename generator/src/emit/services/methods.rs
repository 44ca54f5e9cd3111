//! One method per operation: its arguments, the call it builds, and its docs with an example.

use proc_macro2::TokenStream;
use quote::quote;

use super::decoder::{decoder, outcome_type};
use crate::config::Config;
use crate::emit::docs::{docs, raw_docs};
use crate::emit::{ident, rust_type};
use crate::ir::{
    BodyEncoding, Operation, Param, ParamLocation, ParamStyle, Service, Spelling, TypeRef,
};
use crate::names::bare;
use crate::text::code;

/// How a method takes a value: strings by `&str`, small scalars by value, the rest by reference.
fn argument_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::FormattedString(_) => quote!(&str),
        TypeRef::I32
        | TypeRef::I64
        | TypeRef::U64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Bool => rust_type(ty),
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

pub(super) fn method(op: &Operation, service: &Service, config: &Config) -> TokenStream {
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
            (ParamLocation::Path, TypeRef::String | TypeRef::FormattedString(_)) => quote!(#name),
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
    args.extend(body_arg);
    let success = outcome_type(&op.success);
    let error = outcome_type(&op.error);
    let operation_id = &op.operation_id;
    let http_method = ident(op.http_method.as_str());
    let path = &op.path;
    let decoder = decoder(op);
    let accept = op
        .accept
        .as_ref()
        .map(|media| quote!(.accept(const { HeaderValue::from_static(#media) })));
    let anonymous = op.anonymous.then(|| quote!(.without_credentials()));
    let call = quote! {
        Call::new(self.core, #operation_id, Method::#http_method, #path, #decoder)
            #accept
            #anonymous
            #(#steps)*
    };
    // A body the paginator changes page by page is attached by the request builder. An
    // optional body needs the call in a variable; everything else is one expression.
    let body_paged = super::requests::body_paged(op);
    let (setup, finished) = match (&op.body, body_paged) {
        (None, _) | (Some(_), true) => (None, call),
        (Some(body), false) if body.required => {
            (None, attach_body(&body.encoding, call, quote!(body)))
        }
        (Some(body), false) => {
            let attach = attach_body(&body.encoding, quote!(call), quote!(body));
            (
                Some(quote!(let call = #call;)),
                quote!(match body {
                    Some(body) => #attach,
                    None => call,
                }),
            )
        }
    };
    let (returns, body) = match &op.request {
        None => (quote!(Call<#success, #error>), quote!(#setup #finished)),
        Some(request) => {
            let name = ident(&request.type_name);
            let init = super::requests::initializer(op, request);
            (quote!(#name), quote!(#setup let call = #finished; #init))
        }
    };
    let doc = method_docs(op, service, config);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let many_args = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required API parameter")]));
    quote! {
        #doc
        #deprecated
        #many_args
        pub fn #method_name(&self, #(#args),*) -> #returns {
            #body
        }
    }
}

/// Attaches `body` to the call `call` as the operation's media type says.
pub(super) fn attach_body(
    encoding: &BodyEncoding,
    call: TokenStream,
    body: TokenStream,
) -> TokenStream {
    match encoding {
        BodyEncoding::Json { content_type } => {
            quote!(#call.json_body(#body, const { HeaderValue::from_static(#content_type) }))
        }
        BodyEncoding::Form => quote!(#call.form_body(#body)),
        BodyEncoding::Multipart => quote!(#call.multipart_body(#body)),
        BodyEncoding::Bytes { content_type } => {
            quote!(#call.bytes_body(#body, const { HeaderValue::from_static(#content_type) }))
        }
    }
}

pub(super) fn param_step(param: &Param, value: TokenStream) -> TokenStream {
    let name = &param.json_name;
    match param.location {
        // Text (an array is joined first) is copied as it is; other values go through `Display`.
        ParamLocation::Path => match param.ty {
            TypeRef::String | TypeRef::FormattedString(_) | TypeRef::Array(_) => {
                quote!(.path_text(#name, #value))
            }
            _ => quote!(.path_param(#name, #value)),
        },
        ParamLocation::Query => {
            let style = match param.style {
                ParamStyle::Form { explode } => quote!(QueryStyle::Form { explode: #explode }),
                ParamStyle::SpaceDelimited => quote!(QueryStyle::SpaceDelimited),
                ParamStyle::PipeDelimited => quote!(QueryStyle::PipeDelimited),
                ParamStyle::DeepObject => quote!(QueryStyle::DeepObject),
                ParamStyle::Json => quote!(QueryStyle::Json),
                ParamStyle::Simple => quote!(QueryStyle::Form { explode: true }),
            };
            quote!(.query_param(#name, #value, #style))
        }
        ParamLocation::Header => quote!(.header_param(#name, #value)),
        ParamLocation::Cookie => quote!(.cookie_param(#name, #value)),
    }
}

fn method_docs(op: &Operation, service: &Service, config: &Config) -> TokenStream {
    let prose = op.docs.as_deref().map(docs).unwrap_or_default();
    let mut lines = vec![format!("`{} {}`", op.http_method.as_str(), code(&op.path))];
    if !op.success_statuses.is_empty() {
        lines.push(String::new());
        lines.push(format!(
            "Succeeds with {}; any other status is an [error]({}::Error).",
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
        if let Some(literal) = crate::emit::examples::argument(param) {
            call_args.push(literal);
            continue;
        }
        match &param.ty {
            // The parameter's name as a value; a keyword's escape (`type_`) is no part of it.
            TypeRef::String | TypeRef::FormattedString(_) => {
                call_args.push(format!("{:?}", name.trim_matches('_')).replace('_', "-"))
            }
            _ => {
                hidden_params.push(format!("{name}: {}", example_type(&param.ty, &krate, true)));
                call_args.push(name.to_owned());
            }
        }
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
    let models = format!("{krate}::models::");
    let plain = ty.spell(&Spelling {
        models: &models,
        hash_map: "std::collections::HashMap",
        bytes: "bytes::Bytes",
        value: "serde_json::Value",
        unit: "()",
    });
    let scalar = matches!(
        ty,
        TypeRef::I32 | TypeRef::I64 | TypeRef::U64 | TypeRef::F32 | TypeRef::F64 | TypeRef::Bool
    );
    if by_argument && !scalar {
        format!("&{plain}")
    } else {
        plain
    }
}
