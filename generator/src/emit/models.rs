//! `src/models.rs`: a Rust type per schema, plus per-operation parameter structs and
//! per-status response enums.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value as Json;

use super::docs::{code, docs, raw_docs};
use super::{Uses, ident, imports, rust_type};
use crate::ir::{
    Api, Enum, EnumRepr, Field, Outcome, ParamsStruct, ResponseBody, StatusMatch, Struct, Tagging,
    TypeDef, TypeKind, TypeRef, Union,
};
use crate::names::bare;

type Enums<'a> = std::collections::HashMap<&'a str, &'a Enum>;

#[derive(Default)]
struct ModelUses {
    types: Uses,
    /// serde's derives or traits appear somewhere.
    serde: bool,
    deserializer: bool,
    serializer: bool,
    nullable: bool,
    display: bool,
}

pub fn models(api: &Api) -> TokenStream {
    let mut uses = ModelUses::default();
    let mut items = Vec::new();
    let enums: Enums<'_> = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Enum(e) => Some((t.name.as_str(), e)),
            _ => None,
        })
        .collect();
    for def in &api.types {
        items.push(type_def(def, &mut uses, &enums));
    }
    for operation in api.services.iter().flat_map(|s| &s.operations) {
        if let Some(params) = &operation.optional_params {
            items.push(params_struct(params, &operation.method_name, &mut uses));
        }
        for outcome in [&operation.success, &operation.error] {
            if let Outcome::PerStatus { type_name, cases } = outcome {
                let name = ident(type_name);
                let side = if std::ptr::eq(outcome, &operation.error) {
                    "fails"
                } else {
                    "succeeds"
                };
                let doc = raw_docs(&[format!(
                    "How `{}` {side}: one variant per documented status.",
                    bare(&operation.method_name)
                )]);
                let variants = cases.iter().map(|case| {
                    let variant = ident(&case.variant);
                    let fallback = format!("The {} response.", status_name(&case.status));
                    let case_docs = docs(Some(case.docs.as_deref().unwrap_or(&fallback)));
                    match &case.body {
                        ResponseBody::Empty => quote!(#case_docs #variant,),
                        body => {
                            let ty = body.type_ref();
                            uses.types.note(&ty);
                            let ty = rust_type(&ty);
                            quote!(#case_docs #variant(#ty),)
                        }
                    }
                });
                items.push(quote! {
                    #doc
                    #[derive(Debug, Clone, PartialEq)]
                    pub enum #name { #(#variants)* }
                });
            }
        }
    }
    let mut paths = uses.types.paths();
    if uses.display {
        paths.push("std::fmt".to_owned());
    }
    let mut serde_items = vec!["Deserialize", "Serialize"];
    if uses.deserializer {
        serde_items.push("Deserializer");
    }
    if uses.serializer {
        serde_items.push("Serializer");
    }
    if uses.serde {
        paths.push(format!("serde::{{{}}}", serde_items.join(", ")));
    }
    let imports = imports(paths);
    let nullable = uses.nullable.then(nullable_module);
    quote! {
        #![doc = " Data types: one per schema of the API, plus parameter structs and per-status responses."]
        // The API marks some items deprecated; that warns the SDK's users, not the SDK itself.
        #![allow(deprecated)]
        // Variants mirror the API's shapes; boxing the large ones would push an allocation and
        // an extra `*` onto every caller for a size difference that does not matter here.
        #![allow(clippy::large_enum_variant)]
        #imports
        #(#items)*
        #nullable
    }
}

/// Where an undocumented schema comes from, in words: `ScimUser.emails[].type`.
fn describe_origin(origin: &str) -> String {
    let tokens = crate::diagnostics::pointer_tokens(origin);
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let walk = |rest: &[&str]| {
        let mut out = String::new();
        let mut iter = rest.iter();
        while let Some(&token) = iter.next() {
            match token {
                "properties" => {
                    if let Some(name) = iter.next() {
                        out.push('.');
                        out.push_str(name);
                    }
                }
                "items" => out.push_str("[]"),
                "additionalProperties" => out.push_str("{}"),
                "allOf" | "oneOf" | "anyOf" | "parameters" | "content" | "responses" => {
                    iter.next();
                }
                "schema" | "requestBody" => {}
                other => {
                    out.push(' ');
                    out.push_str(other);
                }
            }
        }
        code(&out)
    };
    match tokens.as_slice() {
        ["components", "schemas", name] => format!("The `{}` schema.", code(name)),
        ["components", "schemas", name, rest @ ..] => {
            format!("The schema of `{}{}`.", code(name), walk(rest))
        }
        ["paths", path, method, rest @ ..] => format!(
            "A schema of `{} {}`{}.",
            method.to_uppercase(),
            code(path),
            walk(rest).replace('.', " ")
        ),
        _ => format!("The schema at `#{}`.", code(origin)),
    }
}

fn status_name(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(range) => format!("{range}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}

fn type_def(def: &TypeDef, uses: &mut ModelUses, enums: &Enums<'_>) -> TokenStream {
    let name = ident(&def.name);
    let doc = match &def.docs {
        Some(text) => docs(Some(text)),
        None => docs(Some(&describe_origin(&def.origin))),
    };
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let attrs = quote!(#doc #deprecated);
    match &def.kind {
        TypeKind::Struct(s) => structure(&name, attrs, s, uses, enums),
        TypeKind::Enum(e) => match e.repr {
            EnumRepr::String => string_enum(&name, attrs, e, uses),
            EnumRepr::Integer => integer_enum(&name, attrs, e, uses),
        },
        TypeKind::Union(u) => union(&name, attrs, u, uses),
        TypeKind::Alias { target } => {
            uses.types.note(target);
            let target = rust_type(target);
            quote!(#attrs pub type #name = #target;)
        }
    }
}

/// The field's type as declared: boxing, optionality and nullability applied.
fn field_type(field: &Field) -> TokenStream {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.nullable {
        ty = quote!(Option<#ty>);
    }
    if !field.required && field.default.is_none() {
        ty = quote!(Option<#ty>);
    }
    ty
}

/// The associated function serde calls for a field's default (unique: field names are).
fn default_fn_name(field: &Field) -> String {
    format!("default_{}", bare(&field.rust_name))
        .trim_end_matches('_')
        .to_owned()
}

/// The Rust expression for a default value of a field's type.
fn default_value(field: &Field, enums: &Enums<'_>) -> TokenStream {
    let value = field.default.as_ref().unwrap_or(&Json::Null);
    let inner = match (&field.ty, value) {
        (TypeRef::String | TypeRef::FormattedString(_), Json::String(s)) => quote!(#s.to_owned()),
        (TypeRef::I32, Json::Number(n)) => {
            let v = n
                .as_i64()
                .and_then(|v| i32::try_from(v).ok())
                .unwrap_or_default();
            quote!(#v)
        }
        (TypeRef::I64, Json::Number(n)) => {
            let v = n.as_i64().unwrap_or_default();
            quote!(#v)
        }
        (TypeRef::F32, Json::Number(n)) => {
            let v = n.as_f64().unwrap_or_default() as f32;
            quote!(#v)
        }
        (TypeRef::F64, Json::Number(n)) => {
            let v = n.as_f64().unwrap_or_default();
            quote!(#v)
        }
        (TypeRef::Bool, Json::Bool(b)) => quote!(#b),
        // Lowering kept only enum defaults that name a listed value.
        (TypeRef::Named(name), value) => match enums
            .get(name.as_str())
            .and_then(|e| e.variants.iter().find(|v| &v.value == value))
        {
            Some(variant) => {
                let (name, variant) = (ident(name), ident(&variant.rust_name));
                quote!(#name::#variant)
            }
            None => quote!(Default::default()),
        },
        _ => quote!(Default::default()),
    };
    let inner = if field.boxed {
        quote!(Box::new(#inner))
    } else {
        inner
    };
    if field.nullable {
        quote!(Some(#inner))
    } else {
        inner
    }
}

fn structure(
    name: &proc_macro2::Ident,
    attrs: TokenStream,
    s: &Struct,
    uses: &mut ModelUses,
    enums: &Enums<'_>,
) -> TokenStream {
    uses.serde = true;
    let type_name = name.to_string();
    let mut fields = Vec::new();
    let mut default_fns = Vec::new();
    for field in &s.fields {
        uses.types.note(&field.ty);
        let rust_name = ident(&field.rust_name);
        let json_name = &field.json_name;
        let mut serde_args = Vec::new();
        if bare(&field.rust_name) != json_name {
            serde_args.push(quote!(rename = #json_name));
        }
        let optional = !field.required;
        if field.flatten {
            serde_args.clear();
            serde_args.push(quote!(flatten));
        } else if field.default.is_some() {
            let fn_name = default_fn_name(field);
            let serde_path = format!("{type_name}::{fn_name}");
            serde_args.push(quote!(default = #serde_path));
            let fn_ident = ident(&fn_name);
            let ty = field_type(field);
            let value = default_value(field, enums);
            default_fns.push(quote! {
                fn #fn_ident() -> #ty { #value }
            });
        } else if optional && field.nullable {
            // Absent and null differ: `None` is absent, `Some(None)` is an explicit null.
            uses.nullable = true;
            serde_args.push(quote!(
                default,
                skip_serializing_if = "Option::is_none",
                with = "nullable"
            ));
        } else if optional {
            serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
        }
        let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
        let mut doc_text = field.docs.clone().unwrap_or_default();
        if field.read_only {
            doc_text.push_str("\n\nRead-only: set by the server; ignored when sent.");
        }
        if field.write_only {
            doc_text.push_str("\n\nWrite-only: never returned by the server.");
        }
        let doc = if doc_text.trim().is_empty() {
            raw_docs(&[format!("The `{}` property.", code(json_name))])
        } else {
            docs(Some(&doc_text))
        };
        let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
        let ty = field_type(field);
        fields.push(quote! { #doc #deprecated #serde_attr pub #rust_name: #ty, });
    }
    let extra_field = ident(&s.additional_field);
    if let Some(extra) = &s.additional {
        uses.types.note(extra);
        uses.types.hash_map = true;
        let ty = rust_type(extra);
        fields.push(quote! {
            #[doc = " Members not declared by the schema, kept as received."]
            #[serde(flatten)]
            pub #extra_field: HashMap<String, #ty>,
        });
    }
    let default_impl = (!default_fns.is_empty()).then(|| quote!(impl #name { #(#default_fns)* }));
    let all_optional = s.fields.iter().all(|f| !f.required || f.default.is_some());
    let has_defaults = s.fields.iter().any(|f| f.default.is_some());
    let derive_default = (all_optional && !has_defaults).then(|| quote!(Default,));
    let manual_default = (all_optional && has_defaults).then(|| {
        let inits = s.fields.iter().map(|f| {
            let rust_name = ident(&f.rust_name);
            if f.default.is_some() {
                let fn_ident = ident(&default_fn_name(f));
                quote!(#rust_name: Self::#fn_ident(),)
            } else {
                quote!(#rust_name: None,)
            }
        });
        let extra = s
            .additional
            .as_ref()
            .map(|_| quote!(#extra_field: HashMap::new(),));
        quote! {
            impl Default for #name {
                fn default() -> Self { Self { #(#inits)* #extra } }
            }
        }
    });
    quote! {
        #attrs
        #[derive(Debug, Clone, PartialEq, #derive_default Serialize, Deserialize)]
        pub struct #name { #(#fields)* }
        #manual_default
        #default_impl
    }
}

/// Serde by hand through `as_str`/`From<String>`: the same wire format as derived
/// `rename`s plus an untagged catch-all, at a third of the compile time (Stripe has 1,600).
fn string_enum(
    name: &proc_macro2::Ident,
    attrs: TokenStream,
    e: &Enum,
    uses: &mut ModelUses,
) -> TokenStream {
    uses.serde = true;
    uses.display = true;
    uses.deserializer = true;
    uses.serializer = true;
    let catch_all = ident(&e.catch_all);
    let (derive_default, default_attr) = single_variant_default(e);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = v.value.as_str().unwrap_or_default();
        let doc = format!(" `{}`", code(value));
        quote!(#[doc = #doc] #default_attr #variant,)
    });
    let as_str = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = v.value.as_str().unwrap_or_default();
        quote!(Self::#variant => #value,)
    });
    let from_str = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = v.value.as_str().unwrap_or_default();
        quote!(#value => Self::#variant,)
    });
    quote! {
        #attrs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #derive_default)]
        pub enum #name {
            #(#variants)*
            #[doc = " A value this SDK does not know yet, kept as received."]
            #catch_all(String),
        }
        impl #name {
            #[doc = " The value as sent on the wire."]
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#catch_all(other) => other,
                }
            }
        }
        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from_str)*
                    _ => Self::#catch_all(value),
                }
            }
        }
        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// An enum of one value (the `schemas` URN lists) defaults to it, so callers need not spell it:
/// `(derive, attribute on the variant)`.
fn single_variant_default(e: &Enum) -> (Option<TokenStream>, Option<TokenStream>) {
    match e.variants.as_slice() {
        [_] => (Some(quote!(Default,)), Some(quote!(#[default]))),
        _ => (None, None),
    }
}

fn integer_enum(
    name: &proc_macro2::Ident,
    attrs: TokenStream,
    e: &Enum,
    uses: &mut ModelUses,
) -> TokenStream {
    uses.serde = true;
    uses.deserializer = true;
    uses.serializer = true;
    uses.display = true;
    let catch_all = ident(&e.catch_all);
    let (derive_default, default_attr) = single_variant_default(e);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let doc = format!(" `{}`", v.value);
        quote!(#[doc = #doc] #default_attr #variant,)
    });
    let to_value = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = v.value.as_i64().unwrap_or_default();
        quote!(Self::#variant => #value,)
    });
    let from_value = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = v.value.as_i64().unwrap_or_default();
        quote!(#value => Self::#variant,)
    });
    quote! {
        #attrs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, #derive_default)]
        pub enum #name {
            #(#variants)*
            #[doc = " A value this SDK does not know yet, kept as received."]
            #catch_all(i64),
        }
        impl #name {
            #[doc = " The value as sent on the wire."]
            pub fn value(self) -> i64 {
                match self {
                    #(#to_value)*
                    Self::#catch_all(other) => other,
                }
            }
        }
        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_value)*
                    other => Self::#catch_all(other),
                }
            }
        }
        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "{}", self.value()) }
        }
        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                i64::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn union(
    name: &proc_macro2::Ident,
    attrs: TokenStream,
    u: &Union,
    uses: &mut ModelUses,
) -> TokenStream {
    uses.serde = true;
    uses.types.value = true;
    let catch_all = ident(&u.catch_all);
    let variants = u.variants.iter().map(|v| {
        uses.types.note(&v.ty);
        let variant = ident(&v.rust_name);
        let ty = rust_type(&v.ty);
        let ty = if v.boxed { quote!(Box<#ty>) } else { ty };
        let doc = format!(" A `{}`.", bare(&v.rust_name));
        quote!(#[doc = #doc] #variant(#ty),)
    });
    match &u.tagging {
        Tagging::Untagged => quote! {
            #attrs
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
                #[doc = " A value matching none of the documented shapes, kept as received."]
                #catch_all(Value),
            }
        },
        Tagging::Internal { property } => {
            uses.deserializer = true;
            let arms = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
                let variant = ident(&v.rust_name);
                let tags = &v.tags;
                let ty = rust_type(&v.ty);
                let wrap = if v.boxed {
                    quote!(|inner| Self::#variant(Box::new(inner)))
                } else {
                    quote!(Self::#variant)
                };
                quote!(#(Some(#tags))|* => <#ty>::deserialize(&value).map(#wrap),)
            });
            let doc = format!(
                " Chosen by the `{}` property; an unknown value is kept as received.",
                code(property)
            );
            quote! {
                #attrs
                #[doc = ""]
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq, Serialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                    #[doc = " A value whose tag this SDK does not know, kept as received."]
                    #catch_all(Value),
                }
                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = Value::deserialize(deserializer)?;
                        let parsed = match value.get(#property).and_then(Value::as_str) {
                            #(#arms)*
                            _ => return Ok(Self::#catch_all(value)),
                        };
                        parsed.map_err(serde::de::Error::custom)
                    }
                }
            }
        }
    }
}

fn params_struct(params: &ParamsStruct, method_name: &str, uses: &mut ModelUses) -> TokenStream {
    let name = ident(&params.type_name);
    let doc = format!(
        " Optional parameters of `{}`; `Default` leaves them all unset.",
        bare(method_name)
    );
    let fields = params.fields.iter().map(|p| {
        uses.types.note(&p.ty);
        let rust_name = ident(&p.rust_name);
        let ty = rust_type(&p.ty);
        let mut text = p.docs.clone().unwrap_or_default();
        if let Some(default) = &p.default {
            text.push_str(&format!("\n\nThe server assumes {default} when unset."));
        }
        let doc = if text.trim().is_empty() {
            raw_docs(&[format!("The `{}` parameter.", code(&p.json_name))])
        } else {
            docs(Some(&text))
        };
        let deprecated = p.deprecated.then(|| quote!(#[deprecated]));
        quote!(#doc #deprecated pub #rust_name: Option<#ty>,)
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name { #(#fields)* }
    }
}

/// serde helpers for optional nullable fields: `None` absent, `Some(None)` null.
fn nullable_module() -> TokenStream {
    quote! {
        mod nullable {
            use serde::{Deserialize, Deserializer, Serialize, Serializer};

            pub fn serialize<T: Serialize, S: Serializer>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error> {
                match value {
                    Some(inner) => inner.serialize(serializer),
                    None => serializer.serialize_none(),
                }
            }

            pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
                Option::<T>::deserialize(deserializer).map(Some)
            }
        }
    }
}
