//! How structs meet serde: written out member by member (most structs: short, and no slow
//! `flatten`), or derived with attributes (structs holding a flattened union).

use proc_macro2::TokenStream;
use quote::quote;

use super::ModelUses;
use super::structs::default_fn_name;
use crate::contract::runtime;
use crate::emit::ident;
use crate::ir::{Field, MemberMatch, Presence, SerdeImpl, Struct, TypeRef};
use crate::names::bare;

/// The serde derives of a struct, if it derives them.
pub(super) fn derives(s: &Struct, uses: &mut ModelUses) -> TokenStream {
    match s.serde {
        SerdeImpl::Manual | SerdeImpl::Shared => TokenStream::new(),
        SerdeImpl::Derive => {
            uses.path("serde::Deserialize");
            uses.path("serde::Serialize");
            quote!(Serialize, Deserialize)
        }
        SerdeImpl::Merged => {
            uses.path("serde::Deserialize");
            quote!(Deserialize)
        }
    }
}

/// `#[serde(...)]` on a field of a derived struct.
pub(super) fn derive_attributes(
    type_name: &str,
    s: &Struct,
    field: &Field,
    uses: &mut ModelUses,
) -> TokenStream {
    if !matches!(s.serde, SerdeImpl::Derive | SerdeImpl::Merged) {
        return TokenStream::new();
    }
    if field.flatten {
        return quote!(#[serde(flatten)]);
    }
    let json_name = &field.json_name;
    let mut args = Vec::new();
    if bare(&field.rust_name) != json_name {
        args.push(quote!(rename = #json_name));
    }
    match (&field.presence, field.nullable) {
        (Presence::Defaulted(_), _) => {
            let path = format!("{type_name}::{}", default_fn_name(field));
            args.push(quote!(default = #path));
        }
        (Presence::Optional, true) => {
            // Absent and null differ: `None` is absent, `Some(None)` is an explicit null.
            uses.nullable = true;
            args.push(quote!(
                default,
                skip_serializing_if = "Option::is_none",
                with = "nullable"
            ));
        }
        (Presence::Optional, false) => {
            args.push(quote!(default, skip_serializing_if = "Option::is_none"));
        }
        (Presence::Required, _) => {}
    }
    if args.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#(#args),*)])
    }
}

/// `#[serde(flatten)]` for the undeclared-members map of a derived struct.
pub(super) fn derive_flatten(s: &Struct) -> TokenStream {
    match s.serde {
        SerdeImpl::Derive | SerdeImpl::Merged => quote!(#[serde(flatten)]),
        SerdeImpl::Manual | SerdeImpl::Shared => TokenStream::new(),
    }
}

/// The field's initializer in `Self { .. }` from the local `Option` its member was read into:
/// required (missing is serde's error), defaulted, or optional.
pub(super) fn field_init(field: &Field, uses: &mut ModelUses) -> TokenStream {
    let name = ident(&field.rust_name);
    let json_name = &field.json_name;
    match &field.presence {
        Presence::Required => {
            uses.runtime_module = true;
            quote!(#name: runtime::required(#name, #json_name)?,)
        }
        Presence::Defaulted(_) => {
            let default = ident(&default_fn_name(field));
            quote!(#name: #name.unwrap_or_else(Self::#default),)
        }
        Presence::Optional => quote!(#name,),
    }
}

/// `(Enum::Variant, self.field.is_some())` for each field whose wire name `list` lists
/// (`Field::listed_in`): the list is written with exactly the values of the fields that are
/// set, even when a caller assigned the fields directly instead of through their setters.
/// Empty when `list` lists nothing, or holds its values in a way `runtime::listed` cannot
/// rewrite (nullable or boxed).
fn listing(s: &Struct, list: &Field) -> Vec<TokenStream> {
    if list.nullable || list.boxed {
        return Vec::new();
    }
    s.fields
        .iter()
        .filter_map(|field| {
            let listed = field.listed_in.as_ref()?;
            if listed.field != list.rust_name {
                return None;
            }
            let (enum_name, variant) = (ident(&listed.enum_name), ident(&listed.variant));
            let name = ident(&field.rust_name);
            let set = match field.presence {
                Presence::Optional => quote!(self.#name.is_some()),
                _ => quote!(true),
            };
            Some(quote!((#enum_name::#variant, #set)))
        })
        .collect()
}

/// `Serialize` and `Deserialize` written out, for structs that do not derive them (and
/// `Serialize` alone for those that merge their flattened unions).
pub(super) fn manual(name: &str, s: &Struct, uses: &mut ModelUses) -> TokenStream {
    match s.serde {
        SerdeImpl::Manual => {}
        SerdeImpl::Derive => return TokenStream::new(),
        SerdeImpl::Merged => return merged_serialize(name, s, uses),
        SerdeImpl::Shared => return super::shared::shared(name, s, uses),
    }
    let type_name = ident(name);
    for path in [
        "serde::Deserialize",
        "serde::Deserializer",
        "serde::Serialize",
        "serde::Serializer",
        "serde::de::MapAccess",
        "serde::ser::SerializeMap",
    ] {
        uses.path(path);
    }
    uses.runtime(runtime::FROM_OBJECT);
    uses.runtime(runtime::OBJECT_VISITOR);

    let map = ident(&s.reader.map);
    let key = ident(&s.reader.key);
    let mut entries = Vec::new();
    let mut locals = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    for field in &s.fields {
        let name = ident(&field.rust_name);
        let json_name = &field.json_name;
        let listing = listing(s, field);
        if !listing.is_empty() {
            uses.runtime_module = true;
        }
        entries.push(match (&field.presence, listing.is_empty()) {
            (Presence::Optional, true) => quote! {
                if let Some(value) = &self.#name {
                    map.serialize_entry(#json_name, value)?;
                }
            },
            (Presence::Optional, false) => quote! {
                if let Some(value) = &self.#name {
                    map.serialize_entry(#json_name, &runtime::listed(value, &[#(#listing),*]))?;
                }
            },
            (_, true) => quote!(map.serialize_entry(#json_name, &self.#name)?;),
            (_, false) => quote! {
                map.serialize_entry(#json_name, &runtime::listed(&self.#name, &[#(#listing),*]))?;
            },
        });
        locals.push(quote!(let mut #name = None;));
        // An optional member that is null is absent, unless null is a value of its own.
        arms.push(match (&field.presence, field.null_is_a_value()) {
            (Presence::Optional, false) => quote!(#json_name => #name = #map.next_value()?,),
            _ => quote!(#json_name => #name = Some(#map.next_value()?),),
        });
        inits.push(field_init(field, uses));
    }
    if !arms.is_empty() || s.additional.is_some() {
        uses.runtime(runtime::COW_STR);
    }
    // What happens to a member no field takes: kept in the catch-all map, or skipped.
    let other = match &s.additional {
        Some(extra) => {
            let name = ident(&extra.rust_name);
            entries.push(quote! {
                for (key, value) in &self.#name {
                    map.serialize_entry(key, value)?;
                }
            });
            let empty = match extra.value {
                TypeRef::Any => quote!(Map::new()),
                _ => quote!(HashMap::new()),
            };
            locals.push(quote!(let mut #name = #empty;));
            inits.push(quote!(#name,));
            quote!(#name.insert(#key.into_owned(), #map.next_value()?);)
        }
        None => {
            uses.path("serde::de::IgnoredAny");
            quote!(#map.next_value::<IgnoredAny>()?;)
        }
    };
    let read_members = match (arms.is_empty(), s.member_match) {
        (true, _) if s.additional.is_some() => {
            quote!(while let Some(#key) = #map.next_key::<CowStr<'de>>()? { #other })
        }
        (true, _) => quote! {
            while #map.next_key::<IgnoredAny>()?.is_some() {
                #other
            }
        },
        (false, MemberMatch::Exact) => quote! {
            while let Some(#key) = #map.next_key::<CowStr<'de>>()? {
                match #key.as_str() {
                    #(#arms)*
                    _ => { #other }
                }
            }
        },
        // A name no field has exactly is folded to a field's name, if one equals it ignoring
        // ASCII case, and matched again; canonical names take the first match, as above.
        (false, MemberMatch::IgnoreAsciiCase) => {
            let names = s.fields.iter().map(|field| &field.json_name);
            quote! {
                while let Some(mut #key) = #map.next_key::<CowStr<'de>>()? {
                    loop {
                        match #key.as_str() {
                            #(#arms)*
                            _ => {
                                if #key.fold_ascii_case(&[#(#names),*]) {
                                    continue;
                                }
                                #other
                            }
                        }
                        break;
                    }
                }
            }
        }
    };
    let mut_map = if entries.is_empty() {
        quote!(let map = serializer.serialize_map(Some(0))?;)
    } else {
        quote!(let mut map = serializer.serialize_map(None)?;)
    };
    quote! {
        impl Serialize for #type_name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #mut_map
                #(#entries)*
                map.end()
            }
        }

        impl<'de> Deserialize<'de> for #type_name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(ObjectVisitor::new())
            }
        }

        impl<'de> FromObject<'de> for #type_name {
            const NAME: &'static str = #name;

            fn from_object<A: MapAccess<'de>>(mut #map: A) -> Result<Self, A::Error> {
                #(#locals)*
                #read_members
                Ok(Self { #(#inits)* })
            }
        }
    }
}

/// `Serialize` of a struct holding several flattened unions: its members collected into one
/// JSON object, the fields first, then each union's members that nothing before it wrote, so
/// each member is written once.
fn merged_serialize(name: &str, s: &Struct, uses: &mut ModelUses) -> TokenStream {
    uses.path("serde::Serialize");
    uses.path("serde::Serializer");
    uses.types.value = true;
    uses.types.json_map = true;
    let type_name = ident(name);
    let mut fields = Vec::new();
    for field in &s.fields {
        let name = ident(&field.rust_name);
        let json_name = &field.json_name;
        if field.flatten {
            continue;
        }
        fields.push(match field.presence {
            Presence::Optional => quote! {
                if let Some(value) = &self.#name {
                    members.insert(#json_name.to_owned(), serde_json::to_value(value).map_err(<S::Error as serde::ser::Error>::custom)?);
                }
            },
            // Through a binding: clippy asks `to_value(&self.count)` of a `Copy` field to drop
            // the borrow, which the others need.
            _ => quote! {
                let value = &self.#name;
                members.insert(#json_name.to_owned(), serde_json::to_value(value).map_err(<S::Error as serde::ser::Error>::custom)?);
            },
        });
    }
    let unions = s.fields.iter().filter(|f| f.flatten).map(|field| {
        let name = ident(&field.rust_name);
        quote! {
            match serde_json::to_value(&self.#name).map_err(<S::Error as serde::ser::Error>::custom)? {
                Value::Object(part) => {
                    for (key, value) in part {
                        members.entry(key).or_insert(value);
                    }
                }
                _ => return Err(<S::Error as serde::ser::Error>::custom("can only flatten structs and maps")),
            }
        }
    });
    quote! {
        impl Serialize for #type_name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut members = Map::new();
                #(#fields)*
                #(#unions)*
                members.serialize(serializer)
            }
        }
    }
}

/// serde helpers for optional nullable fields of derived structs: `None` absent, `Some(None)`
/// null.
pub(super) fn nullable_module() -> TokenStream {
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
