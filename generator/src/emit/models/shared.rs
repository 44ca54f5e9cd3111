//! serde for a struct of the properties written beside a union (`SerdeImpl::Shared`): the
//! union reads the whole object and the fields are read from it too; on writing, the fields
//! replace (or, unset, remove) the members of their name in what the union writes.

use proc_macro2::TokenStream;
use quote::quote;

use super::ModelUses;
use crate::emit::ident;
use crate::ir::{Presence, Struct};

pub(super) fn shared(name: &str, s: &Struct, uses: &mut ModelUses) -> TokenStream {
    for path in [
        "serde::Deserialize",
        "serde::Deserializer",
        "serde::Serialize",
        "serde::Serializer",
    ] {
        uses.path(path);
    }
    uses.types.value = true;
    uses.types.json_map = true;
    let type_name = ident(name);
    // Claimed beside the fields, so that no field's local shadows it.
    let map = ident(&s.reader.map);
    let mut locals = Vec::new();
    let mut inits = Vec::new();
    let mut writes = Vec::new();
    let mut union = None;
    for field in &s.fields {
        let name = ident(&field.rust_name);
        let json_name = &field.json_name;
        if field.flatten {
            union = Some(name.clone());
            continue;
        }
        // As the hand-written impls read a member: an optional member that is null is absent,
        // unless null is a value of its own.
        let read = match (&field.presence, field.null_is_a_value()) {
            (Presence::Optional, false) => quote!(Deserialize::deserialize(value)),
            _ => quote!(Deserialize::deserialize(value).map(Some)),
        };
        locals.push(quote! {
            let #name = match #map.get(#json_name) {
                Some(value) => #read.map_err(<D::Error as serde::de::Error>::custom)?,
                None => None,
            };
        });
        inits.push(super::serde_impls::field_init(field, uses));
        let to_value = |value: TokenStream| quote!(serde_json::to_value(#value).map_err(<S::Error as serde::ser::Error>::custom)?);
        writes.push(match field.presence {
            Presence::Optional => {
                let value = to_value(quote!(value));
                quote! {
                    match &self.#name {
                        Some(value) => {
                            members.insert(#json_name.to_owned(), #value);
                        }
                        None => {
                            members.remove(#json_name);
                        }
                    }
                }
            }
            // Through a binding: clippy asks `to_value(&self.count)` of a `Copy` field to drop
            // the borrow, which the others need.
            _ => {
                let value = to_value(quote!(value));
                quote! {
                    let value = &self.#name;
                    members.insert(#json_name.to_owned(), #value);
                }
            }
        });
    }
    let Some(union) = union else {
        debug_assert!(false, "a shared struct holds its union");
        return TokenStream::new();
    };
    quote! {
        impl Serialize for #type_name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut members = match serde_json::to_value(&self.#union).map_err(<S::Error as serde::ser::Error>::custom)? {
                    Value::Object(members) => members,
                    _ => return Err(<S::Error as serde::ser::Error>::custom("the alternative of an object with properties is not an object")),
                };
                #(#writes)*
                members.serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for #type_name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let #map = Map::<String, Value>::deserialize(deserializer)?;
                #(#locals)*
                let #union = Deserialize::deserialize(Value::Object(#map)).map_err(<D::Error as serde::de::Error>::custom)?;
                Ok(Self { #(#inits)* #union })
            }
        }
    }
}
