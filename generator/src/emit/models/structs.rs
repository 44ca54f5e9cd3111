//! Object types: the struct, its constructor and `with_` setters, `Default`, and the `From`
//! conversions the IR asks for. Serde impls are in `serde_impls`.

use proc_macro2::TokenStream;
use quote::quote;

use super::ModelUses;
use super::serde_impls;
use crate::emit::docs::docs;
use crate::emit::{ident, rust_type};
use crate::ir::{Conversion, DefaultValue, Field, MoveTarget, Presence, Struct, TypeRef};
use crate::names::bare;

pub(super) fn structure(
    name: &str,
    attrs: TokenStream,
    s: &Struct,
    uses: &mut ModelUses,
) -> TokenStream {
    let type_name = ident(name);
    let mut fields = Vec::new();
    for field in &s.fields {
        uses.types.note(&field.ty);
        let rust_name = ident(&field.rust_name);
        let doc = docs(&field.docs);
        let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
        let serde_attr = serde_impls::derive_attributes(name, s, field, uses);
        let ty = field_type(field);
        fields.push(quote! { #doc #deprecated #serde_attr pub #rust_name: #ty, });
    }
    if let Some(extra) = &s.additional {
        let field = ident(&extra.rust_name);
        let doc = docs(&extra.docs);
        let ty = additional_type(&extra.value, uses);
        let flatten = serde_impls::derive_flatten(s);
        fields.push(quote! { #doc #flatten pub #field: #ty, });
    }
    let derives = serde_impls::derives(s, uses);
    let constructor = constructor(s);
    let setters = s.fields.iter().filter_map(setter);
    let default_fns: Vec<TokenStream> = s.fields.iter().filter_map(default_fn).collect();
    let default_impl = s.has_default.then(|| {
        quote! {
            impl Default for #type_name {
                fn default() -> Self { Self::new() }
            }
        }
    });
    let serde = serde_impls::manual(name, s, uses);
    let conversions: Vec<TokenStream> = s
        .conversions
        .iter()
        .map(|c| conversion(&type_name, s, c, uses))
        .collect();
    quote! {
        #attrs
        #[derive(Debug, Clone, PartialEq, #derives)]
        #[non_exhaustive]
        pub struct #type_name { #(#fields)* }

        impl #type_name {
            #constructor
            #(#setters)*
            #(#default_fns)*
        }

        #default_impl
        #serde
        #(#conversions)*
    }
}

/// The map type of undeclared members: any JSON, or a typed `additionalProperties`.
pub(super) fn additional_type(value: &TypeRef, uses: &mut ModelUses) -> TokenStream {
    match value {
        TypeRef::Any => {
            uses.types.json_map = true;
            uses.types.value = true;
            quote!(Map<String, Value>)
        }
        other => {
            uses.types.hash_map = true;
            uses.types.note(other);
            let ty = rust_type(other);
            quote!(HashMap<String, #ty>)
        }
    }
}

/// The type a value of the field has before optionality: boxed and nullable applied.
pub(super) fn value_type(field: &Field) -> TokenStream {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.nullable {
        ty = quote!(Option<#ty>);
    }
    ty
}

/// The field's declared type.
pub(super) fn field_type(field: &Field) -> TokenStream {
    let ty = value_type(field);
    match field.presence {
        Presence::Optional => quote!(Option<#ty>),
        Presence::Required | Presence::Defaulted(_) => ty,
    }
}

/// What a caller passes for a field: `impl Into<T>` of the value before boxing.
fn argument_type(field: &Field) -> TokenStream {
    let inner = rust_type(&field.ty);
    if field.nullable {
        quote!(impl Into<Option<#inner>>)
    } else {
        quote!(impl Into<#inner>)
    }
}

/// `value.into()`, boxed where the field is.
fn converted(field: &Field, value: &proc_macro2::Ident) -> TokenStream {
    match (field.boxed, field.nullable) {
        (false, _) => quote!(#value.into()),
        (true, false) => quote!(Box::new(#value.into())),
        (true, true) => quote!(#value.into().map(Box::new)),
    }
}

fn constructor(s: &Struct) -> TokenStream {
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.constructor_argument())
        .collect();
    let args = required.iter().map(|f| {
        let name = ident(&f.rust_name);
        let ty = argument_type(f);
        quote!(#name: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let name = ident(&f.rust_name);
        match &f.presence {
            Presence::Required => {
                let value = converted(f, &name);
                quote!(#name: #value,)
            }
            Presence::Defaulted(_) => {
                let default = ident(&default_fn_name(f));
                quote!(#name: Self::#default(),)
            }
            Presence::Optional if f.required_to_build => {
                let value = converted(f, &name);
                quote!(#name: Some(#value),)
            }
            Presence::Optional => quote!(#name: None,),
        }
    });
    let extra = s.additional.as_ref().map(|a| {
        let name = ident(&a.rust_name);
        let empty = match a.value {
            TypeRef::Any => quote!(Map::new()),
            _ => quote!(HashMap::new()),
        };
        quote!(#name: #empty,)
    });
    let doc = if required.is_empty() {
        " A value with every field unset or at its default; set fields with the `with_` methods."
            .to_owned()
    } else {
        let names: Vec<String> = required
            .iter()
            .map(|f| format!("`{}`", bare(&f.rust_name)))
            .collect();
        format!(
            " A value with the required {}; set the others with the `with_` methods.",
            names.join(", ")
        )
    };
    let many = (required.len() > 7).then(|| {
        quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required property")])
    });
    quote! {
        #[doc = #doc]
        #many
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits)* #extra }
        }
    }
}

/// `with_<field>(value)`: sets a value (not null: assign the field for an explicit null).
fn setter(field: &Field) -> Option<TokenStream> {
    if field.presence == Presence::Required || field.flatten {
        return None;
    }
    let name = ident(&field.rust_name);
    let setter = ident(&field.setter);
    let inner = rust_type(&field.ty);
    let mut value = quote!(#name.into());
    if field.boxed {
        value = quote!(Box::new(#value));
    }
    if field.nullable {
        value = quote!(Some(#value));
    }
    if field.presence == Presence::Optional {
        value = quote!(Some(#value));
    }
    let doc = if field.json_name.is_empty() {
        format!(" Sets `{}`.", bare(&field.rust_name))
    } else {
        format!(" Sets `{}`.", crate::text::code(&field.json_name))
    };
    let list = field.listed_in.as_ref().map(|listed| {
        let list = ident(&listed.field);
        let value = {
            let (e, v) = (ident(&listed.enum_name), ident(&listed.variant));
            quote!(#e::#v)
        };
        let target = if listed.optional {
            quote!(self.#list.get_or_insert_with(Vec::new))
        } else {
            quote!(&mut self.#list)
        };
        quote! {
            let listed = #target;
            if !listed.contains(&#value) {
                listed.push(#value);
            }
        }
    });
    let doc = match &field.listed_in {
        Some(listed) => format!("{doc} Also lists it in `{}`.", bare(&listed.field)),
        None => doc,
    };
    Some(quote! {
        #[doc = #doc]
        pub fn #setter(mut self, #name: impl Into<#inner>) -> Self {
            self.#name = #value;
            #list
            self
        }
    })
}

pub(super) fn default_fn_name(field: &Field) -> String {
    crate::names::prefixed("default", &field.rust_name)
}

fn default_fn(field: &Field) -> Option<TokenStream> {
    let Presence::Defaulted(default) = &field.presence else {
        return None;
    };
    let name = ident(&default_fn_name(field));
    let ty = value_type(field);
    let mut value = default_value(default);
    if field.boxed {
        value = quote!(Box::new(#value));
    }
    if field.nullable {
        value = quote!(Some(#value));
    }
    Some(quote! {
        fn #name() -> #ty { #value }
    })
}

fn default_value(default: &DefaultValue) -> TokenStream {
    match default {
        DefaultValue::String(s) => quote!(#s.to_owned()),
        DefaultValue::Integer(i) => {
            let literal = proc_macro2::Literal::i64_unsuffixed(*i);
            quote!(#literal)
        }
        DefaultValue::Float(f) => {
            let literal = proc_macro2::Literal::f64_unsuffixed(*f);
            quote!(#literal)
        }
        DefaultValue::Bool(b) => quote!(#b),
        DefaultValue::Variant { enum_name, variant } => {
            let (enum_name, variant) = (ident(enum_name), ident(variant));
            quote!(#enum_name::#variant)
        }
        DefaultValue::List(items) => {
            let items = items.iter().map(default_value);
            quote!(vec![#(#items),*])
        }
        DefaultValue::Member {
            union_name,
            variant,
            boxed,
            value,
        } => {
            let (union_name, variant) = (ident(union_name), ident(variant));
            let mut value = default_value(value);
            if *boxed {
                value = quote!(Box::new(#value));
            }
            quote!(#union_name::#variant(#value))
        }
    }
}

/// `impl From<Source> for Target`, moving shared fields and keeping the rest as members.
fn conversion(
    target: &proc_macro2::Ident,
    s: &Struct,
    c: &Conversion,
    uses: &mut ModelUses,
) -> TokenStream {
    let source_name = ident(&c.source);
    let extra = s.additional.as_ref().map(|a| ident(&a.rust_name));
    let mut inits = Vec::new();
    let mut kept = Vec::new();
    for step in &c.moves {
        let from = ident(&step.from);
        match &step.to {
            MoveTarget::Same(to) => {
                let to = ident(to);
                inits.push(quote!(#to: source.#from,));
            }
            MoveTarget::WrapSome(to) => {
                let to = ident(to);
                inits.push(quote!(#to: Some(source.#from),));
            }
            MoveTarget::Unwrap(to) => {
                let json_name = s
                    .fields
                    .iter()
                    .find(|f| &f.rust_name == to)
                    .map_or("", |f| f.json_name.as_str());
                let (source, target) = (bare(&c.source), target.to_string());
                let to = ident(to);
                inits.push(quote! {
                    #to: source.#from.ok_or(MissingMember::new(#source, #json_name, #target))?,
                });
            }
            MoveTarget::Additional {
                json_name,
                optional,
            } => {
                uses.types.value = true;
                // Serializing a model into a `Value` cannot fail: its maps have string keys.
                kept.push(if *optional {
                    quote! {
                        if let Some(value) = source.#from
                            && let Ok(value) = serde_json::to_value(value)
                        {
                            additional.insert(#json_name.to_owned(), value);
                        }
                    }
                } else {
                    quote! {
                        if let Ok(value) = serde_json::to_value(source.#from) {
                            additional.insert(#json_name.to_owned(), value);
                        }
                    }
                });
            }
        }
    }
    let moved: Vec<String> = c
        .moves
        .iter()
        .filter_map(|m| match &m.to {
            MoveTarget::Same(to) | MoveTarget::WrapSome(to) | MoveTarget::Unwrap(to) => {
                Some(to.clone())
            }
            MoveTarget::Additional { .. } => None,
        })
        .collect();
    for field in s.fields.iter().filter(|f| !moved.contains(&f.rust_name)) {
        let name = ident(&field.rust_name);
        let json_name = &field.json_name;
        // The source may hold it undeclared (a search entry's addresses): make it typed, so
        // that setting the field later cannot leave a stale copy among the members.
        let taken = c
            .from_members
            .then(|| quote!(runtime::take_member(&mut additional, #json_name)));
        match (&field.presence, taken) {
            (Presence::Defaulted(_), Some(taken)) => {
                let default = ident(&default_fn_name(field));
                inits.push(quote!(#name: #taken.unwrap_or_else(Self::#default),));
            }
            (Presence::Defaulted(_), None) => {
                let default = ident(&default_fn_name(field));
                inits.push(quote!(#name: Self::#default(),));
            }
            (_, Some(taken)) => inits.push(quote!(#name: #taken,)),
            (_, None) => inits.push(quote!(#name: None,)),
        }
    }
    if c.from_members {
        uses.runtime_module = true;
    }
    let doc = format!(
        " Everything `{}` holds; what `{}` does not declare is kept among its undeclared members.",
        bare(&c.source),
        target
    );
    let source_extra = c.source_additional.as_ref().map(|name| ident(name));
    let rehomes = c.from_members && s.fields.iter().any(|f| !moved.contains(&f.rust_name));
    let (start, finish) = match (&extra, &source_extra, kept.is_empty() && !rehomes) {
        (Some(extra), Some(from), true) => (quote!(), quote!(#extra: source.#from,)),
        (Some(extra), Some(from), false) => (
            quote!(let mut additional = source.#from;),
            quote!(#extra: additional,),
        ),
        (Some(extra), None, true) => (quote!(), quote!(#extra: Map::new(),)),
        (Some(extra), None, false) => (
            quote!(let mut additional = Map::new();),
            quote!(#extra: additional,),
        ),
        (None, ..) => (quote!(), quote!()),
    };
    if c.fallible {
        uses.runtime(crate::contract::runtime::MISSING_MEMBER);
        let doc = format!(
            "{doc} Fails when the source lacks a member `{target}` requires. Other members \
             the source lacks stay unset: a partial response (one read with only some \
             attributes) sent back whole, as a replacement, clears on the server what it left \
             out."
        );
        return quote! {
            impl TryFrom<#source_name> for #target {
                type Error = MissingMember;

                #[doc = #doc]
                fn try_from(source: #source_name) -> Result<Self, MissingMember> {
                    #start
                    #(#kept)*
                    Ok(Self { #(#inits)* #finish })
                }
            }
        };
    }
    quote! {
        impl From<#source_name> for #target {
            #[doc = #doc]
            fn from(source: #source_name) -> Self {
                #start
                #(#kept)*
                Self { #(#inits)* #finish }
            }
        }
    }
}
