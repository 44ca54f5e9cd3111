//! Enums (open: a catch-all keeps values the document does not list) and unions.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::ModelUses;
use crate::contract::runtime;
use crate::emit::docs::docs;
use crate::emit::{ident, rust_type};
use crate::ir::{Enum, EnumVariant, Tagging, Union, WireValue};
use crate::text::code;

pub(super) fn enumeration(
    name: &Ident,
    attrs: TokenStream,
    e: &Enum,
    uses: &mut ModelUses,
) -> TokenStream {
    let integer = e
        .variants
        .iter()
        .any(|v| matches!(v.value, WireValue::Integer(_)));
    if integer {
        integer_enum(name, attrs, e, uses)
    } else {
        string_enum(name, attrs, e, uses)
    }
}

/// `#[default]` on the variant `Default` picks, and `Default` among the derives.
fn default_marks(e: &Enum, variant: &EnumVariant) -> (Option<TokenStream>, Option<TokenStream>) {
    let derive = e.default_variant.is_some().then(|| quote!(Default,));
    let mark = (e.default_variant.as_deref() == Some(variant.rust_name.as_str()))
        .then(|| quote!(#[default]));
    (derive, mark)
}

fn wire_str(value: &WireValue) -> &str {
    match value {
        WireValue::String(s) => s,
        WireValue::Integer(_) => "",
    }
}

fn wire_int(value: &WireValue) -> i64 {
    match value {
        WireValue::Integer(i) => *i,
        WireValue::String(_) => 0,
    }
}

/// Serde by hand through `as_str`/`known`: the same wire format as derived `rename`s plus an
/// untagged catch-all, at a third of the compile time (Stripe has 1,600 enums).
fn string_enum(name: &Ident, attrs: TokenStream, e: &Enum, uses: &mut ModelUses) -> TokenStream {
    for path in [
        "serde::Deserialize",
        "serde::Deserializer",
        "serde::Serialize",
        "serde::Serializer",
        "std::convert::Infallible",
        "std::fmt",
        "std::str::FromStr",
    ] {
        uses.path(path);
    }
    uses.runtime(runtime::COW_STR);
    let catch_all = ident(&e.catch_all);
    let mut derive_default = None;
    let variants: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| {
            let (derive, mark) = default_marks(e, v);
            derive_default = derive_default.take().or(derive);
            let variant = ident(&v.rust_name);
            let doc = format!(" `{}`", code(wire_str(&v.value)));
            quote!(#[doc = #doc] #mark #variant,)
        })
        .collect();
    let as_str = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = wire_str(&v.value);
        quote!(Self::#variant => #value,)
    });
    let known = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = wire_str(&v.value);
        quote!(#value => Self::#variant,)
    });
    // Exact spellings first: they are what servers send, and a `match` on them is one
    // comparison; the case-folded ones only for what is left.
    let folded = e.variants.iter().filter(|_| e.ignore_ascii_case).map(|v| {
        let variant = ident(&v.rust_name);
        let value = wire_str(&v.value);
        quote!(_ if value.eq_ignore_ascii_case(#value) => Self::#variant,)
    });
    let known_fn = if e.variants.is_empty() {
        quote! {
            fn known(_value: &str) -> Option<Self> { None }
        }
    } else {
        quote! {
            fn known(value: &str) -> Option<Self> {
                Some(match value {
                    #(#known)*
                    #(#folded)*
                    _ => return None,
                })
            }
        }
    };
    quote! {
        #attrs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #derive_default)]
        #[non_exhaustive]
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

            #known_fn
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::known(&value).unwrap_or(Self::#catch_all(value))
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::#catch_all(value.to_owned()))
            }
        }

        impl FromStr for #name {
            type Err = Infallible;

            fn from_str(value: &str) -> Result<Self, Infallible> {
                Ok(Self::from(value))
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
                let value = CowStr::deserialize(deserializer)?;
                Ok(Self::known(value.as_str()).unwrap_or_else(|| Self::#catch_all(value.into_owned())))
            }
        }
    }
}

fn integer_enum(name: &Ident, attrs: TokenStream, e: &Enum, uses: &mut ModelUses) -> TokenStream {
    for path in [
        "serde::Deserialize",
        "serde::Deserializer",
        "serde::Serialize",
        "serde::Serializer",
        "std::fmt",
    ] {
        uses.path(path);
    }
    let catch_all = ident(&e.catch_all);
    let mut derive_default = None;
    let variants: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| {
            let (derive, mark) = default_marks(e, v);
            derive_default = derive_default.take().or(derive);
            let variant = ident(&v.rust_name);
            let doc = format!(" `{}`", wire_int(&v.value));
            quote!(#[doc = #doc] #mark #variant,)
        })
        .collect();
    let to_value = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = wire_int(&v.value);
        quote!(Self::#variant => #value,)
    });
    let from_value = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = wire_int(&v.value);
        quote!(#value => Self::#variant,)
    });
    quote! {
        #attrs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, #derive_default)]
        #[non_exhaustive]
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

pub(super) fn union(
    name: &Ident,
    attrs: TokenStream,
    u: &Union,
    uses: &mut ModelUses,
) -> TokenStream {
    uses.path("serde::Deserialize");
    uses.path("serde::Serialize");
    uses.types.value = true;
    let catch_all = ident(&u.catch_all);
    let variants: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            uses.types.note(&v.ty);
            let variant = ident(&v.rust_name);
            let ty = rust_type(&v.ty);
            let ty = if v.boxed { quote!(Box<#ty>) } else { ty };
            let doc = docs(&v.docs);
            quote!(#doc #variant(#ty),)
        })
        .collect();
    match &u.tagging {
        Tagging::Untagged => quote! {
            #attrs
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                #[doc = " A value matching none of the documented shapes, kept as received."]
                #catch_all(Value),
            }
        },
        Tagging::Internal { property } => {
            uses.path("serde::Deserializer");
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
            uses.path("serde::Serializer");
            // The tag is written when the member leaves it out (a member schema need not
            // declare the property, or may leave it unset), so the value decodes back as sent.
            let tagged = u.variants.iter().map(|v| {
                let variant = ident(&v.rust_name);
                match v.tags.first() {
                    Some(tag) => {
                        quote!(Self::#variant(inner) => (Some(#tag), serde_json::to_value(inner)),)
                    }
                    None => quote!(Self::#variant(inner) => (None, serde_json::to_value(inner)),),
                }
            });
            quote! {
                #attrs
                #[doc = ""]
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    #[doc = " A value whose tag this SDK does not know, kept as received."]
                    #catch_all(Value),
                }

                impl Serialize for #name {
                    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        let (tag, value) = match self {
                            #(#tagged)*
                            Self::#catch_all(value) => return value.serialize(serializer),
                        };
                        let mut value = value.map_err(<S::Error as serde::ser::Error>::custom)?;
                        if let (Some(tag), Some(members)) = (tag, value.as_object_mut()) {
                            members
                                .entry(#property)
                                .or_insert_with(|| Value::String(tag.to_owned()));
                        }
                        value.serialize(serializer)
                    }
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
