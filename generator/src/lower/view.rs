//! One normalised view of a schema. openapiv3 splits schemas into typed variants plus a
//! catch-all `AnySchema` for unusual combinations; the rest of lowering should not care which.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::text::code;

pub(super) type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

pub(super) enum View<'s> {
    String {
        format: Option<String>,
        values: Vec<String>,
    },
    Integer {
        format: Option<String>,
        values: Vec<i64>,
    },
    Number {
        format: Option<String>,
    },
    Boolean,
    Object {
        properties: &'s Properties,
        required: &'s [String],
        additional: Option<&'s AdditionalProperties>,
    },
    Array {
        items: Option<&'s ReferenceOr<Box<Schema>>>,
    },
    OneOf(&'s [ReferenceOr<Schema>]),
    AnyOf(&'s [ReferenceOr<Schema>]),
    /// allOf members, plus properties written beside the allOf.
    AllOf {
        members: &'s [ReferenceOr<Schema>],
        properties: &'s Properties,
        required: &'s [String],
    },
    Any,
}

fn format_of<T: std::fmt::Debug>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => {
            // openapiv3's known formats print as their variant name; map back to the spelling.
            let name = format!("{item:?}");
            Some(match name.as_str() {
                "DateTime" => "date-time".to_owned(),
                other => other.to_lowercase(),
            })
        }
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

pub(super) fn view(schema: &Schema) -> View<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => View::String {
            format: format_of(&s.format),
            values: s.enumeration.iter().flatten().cloned().collect(),
        },
        SchemaKind::Type(Type::Integer(i)) => View::Integer {
            format: format_of(&i.format),
            values: i.enumeration.iter().flatten().copied().collect(),
        },
        SchemaKind::Type(Type::Number(n)) => View::Number {
            format: format_of(&n.format),
        },
        SchemaKind::Type(Type::Boolean(_)) => View::Boolean,
        SchemaKind::Type(Type::Object(o)) => View::Object {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        },
        SchemaKind::Type(Type::Array(a)) => View::Array {
            items: a.items.as_ref(),
        },
        SchemaKind::OneOf { one_of } => View::OneOf(one_of),
        SchemaKind::AnyOf { any_of } => View::AnyOf(any_of),
        SchemaKind::AllOf { all_of } => View::AllOf {
            members: all_of,
            properties: empty_properties(),
            required: &[],
        },
        SchemaKind::Not { .. } => View::Any,
        SchemaKind::Any(any) => {
            if !any.all_of.is_empty() {
                return View::AllOf {
                    members: &any.all_of,
                    properties: &any.properties,
                    required: &any.required,
                };
            }
            if !any.one_of.is_empty() {
                return View::OneOf(&any.one_of);
            }
            if !any.any_of.is_empty() {
                return View::AnyOf(&any.any_of);
            }
            let typ = any.typ.as_deref();
            // `properties` constrain objects only: an array that lists some is an array.
            if typ == Some("array") {
                return View::Array {
                    items: any.items.as_ref(),
                };
            }
            // Nor do they make a declared scalar an object: GitHub's hook delivery writes
            // `{type: string, additionalProperties: true}` for a text payload, Okta a list of
            // strings as `items: {type: string, additionalProperties: true}`. `items` beside a
            // scalar type stays an array: there the type is the slip (Okta's
            // `post_logout_redirect_uris`, an array elsewhere in the same document).
            let scalar = matches!(typ, Some("string" | "integer" | "number" | "boolean"));
            if typ == Some("object")
                || (!scalar && (!any.properties.is_empty() || any.additional_properties.is_some()))
            {
                return View::Object {
                    properties: &any.properties,
                    required: &any.required,
                    additional: any.additional_properties.as_ref(),
                };
            }
            if any.items.is_some() {
                return View::Array {
                    items: any.items.as_ref(),
                };
            }
            let strings: Vec<String> = any
                .enumeration
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            let integers: Vec<i64> = any.enumeration.iter().filter_map(Value::as_i64).collect();
            match typ {
                Some("string") => View::String {
                    format: any.format.clone(),
                    values: strings,
                },
                Some("integer") => View::Integer {
                    format: any.format.clone(),
                    values: integers,
                },
                Some("number") => View::Number {
                    format: any.format.clone(),
                },
                Some("boolean") => View::Boolean,
                _ if !strings.is_empty() && strings.len() == non_null(&any.enumeration) => {
                    View::String {
                        format: None,
                        values: strings,
                    }
                }
                _ if !integers.is_empty() && integers.len() == non_null(&any.enumeration) => {
                    View::Integer {
                        format: None,
                        values: integers,
                    }
                }
                _ => View::Any,
            }
        }
    }
}

/// The `enum` values of an integer schema that its integer enum leaves out, by index, each with
/// its warning: those that are no integer, or do not fit in `i64` (`18446744073709551615`).
/// openapiv3's typed integer schema cannot hold them, so such a schema is an `AnySchema`.
pub(super) fn integer_enum_misfits(schema: &Schema) -> Vec<(usize, String)> {
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return Vec::new();
    };
    if !matches!(view(schema), View::Integer { .. }) {
        return Vec::new();
    }
    any.enumeration
        .iter()
        .enumerate()
        .filter(|(_, value)| !value.is_null() && value.as_i64().is_none())
        .map(|(index, value)| {
            // Integers beyond 64 bits arrive as floats (load/wide_yaml.rs).
            let too_big = value.as_u64().is_some()
                || value
                    .as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && f.abs() >= 9.2e18);
            let what = if too_big {
                "does not fit in i64"
            } else {
                "is not an integer"
            };
            let message = format!(
                "integer enum value `{}` {what}; left out of the enum, which fails to decode it",
                code(&value.to_string())
            );
            (index, message)
        })
        .collect()
}

fn non_null(values: &[Value]) -> usize {
    values.iter().filter(|v| !v.is_null()).count()
}

fn empty_properties() -> &'static Properties {
    static EMPTY: std::sync::OnceLock<Properties> = std::sync::OnceLock::new();
    EMPTY.get_or_init(IndexMap::new)
}

/// Whether the schema itself allows `null` (`nullable: true`, or `null` among its enum values).
pub(super) fn allows_null(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_none),
            SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().any(Option::is_none),
            SchemaKind::Any(any) => {
                any.typ.as_deref() == Some("null") || any.enumeration.iter().any(Value::is_null)
            }
            _ => false,
        }
}

/// A `type` that is none of OpenAPI's (a typo such as `objekt`), which openapiv3 keeps as is.
pub(super) fn unknown_type(schema: &Schema) -> Option<&str> {
    const KNOWN: &[&str] = &[
        "string", "number", "integer", "boolean", "array", "object", "null",
    ];
    match &schema.schema_kind {
        SchemaKind::Any(any) => any.typ.as_deref().filter(|t| !KNOWN.contains(t)),
        _ => None,
    }
}

/// The properties (and required list, and `additionalProperties`) written beside a schema's
/// `oneOf`/`anyOf`, if any.
pub(super) fn beside_union(
    schema: &Schema,
) -> Option<(&Properties, &[String], Option<&AdditionalProperties>)> {
    match &schema.schema_kind {
        SchemaKind::Any(any)
            if !any.properties.is_empty() && (!any.one_of.is_empty() || !any.any_of.is_empty()) =>
        {
            Some((
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
            ))
        }
        _ => None,
    }
}
