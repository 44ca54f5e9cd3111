//! Choices: oneOf/anyOf unions (internally tagged when a discriminator names the variant,
//! untagged otherwise) and string/integer enums, each with a catch-all for values the document
//! does not list.

use openapiv3::{ReferenceOr, Schema};

use super::Lowerer;
use super::view::{View, view};
use crate::diagnostics::push_pointer;
use crate::ir::{Enum, EnumVariant, Tagging, TypeKind, TypeRef, Union, UnionVariant, WireValue};
use crate::names::{Namespace, bare, pascal};
use crate::text::code;

impl Lowerer<'_> {
    pub(super) fn union(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
        members: &[ReferenceOr<Schema>],
        keyword: &str,
    ) -> TypeKind {
        let mut variant_names = Namespace::default();
        let mut variants = Vec::new();
        let discriminator = schema.schema_data.discriminator.as_ref();
        let implicit = match discriminator {
            Some(_) => None,
            None => self.implicit_tag_values(members),
        };
        for (i, member) in members.iter().enumerate() {
            let at = push_pointer(&push_pointer(pointer, keyword), &i.to_string());
            // An inline member without a title is named by the one tag value that selects it
            // (Oxide's `{type: {enum: [create]}, params: ..}` -> `Create`), not `Variant1`.
            let title = match member {
                ReferenceOr::Item(s) => {
                    s.schema_data
                        .title
                        .clone()
                        .or_else(|| match (&implicit, discriminator) {
                            (Some((_, tags)), _) => tags.get(i).cloned(),
                            (None, Some(d)) => match self.allowed_values(s, &d.property_name)[..] {
                                [ref only] => Some(only.clone()),
                                _ => None,
                            },
                            (None, None) => None,
                        })
                }
                ReferenceOr::Reference { .. } => None,
            };
            let hint = format!(
                "{name}{}",
                title
                    .as_deref()
                    .map(pascal)
                    .unwrap_or_else(|| format!("Variant{}", i + 1))
            );
            let ty = self.schema_type(member, &at, &hint);
            let wanted = title
                .as_deref()
                .map(pascal)
                .unwrap_or_else(|| variant_name(&ty));
            let rust_name = variant_names.claim(&wanted);
            variants.push(UnionVariant {
                docs: format!("A `{}`.", code(bare(&rust_name))),
                rust_name,
                ty,
                boxed: false,
                tags: Vec::new(),
            });
        }
        let tagging = match (discriminator, implicit) {
            (Some(discriminator), _) => {
                self.tags(pointer, keyword, members, discriminator, &mut variants)
            }
            (None, Some((property, tags))) => {
                for (variant, tag) in variants.iter_mut().zip(tags) {
                    variant.tags.push(tag);
                }
                Tagging::Internal { property }
            }
            (None, None) => Tagging::Untagged,
        };
        TypeKind::Union(Union {
            tagging,
            variants,
            catch_all: catch_all(&mut variant_names),
        })
    }

    /// The tag property and each member's tag, for a union without a discriminator whose
    /// members are objects that each require the same property and allow one string there, a
    /// different one each (`type: {enum: [person]}`, or a 3.1 `const`): the values carry their
    /// own tag. Tried in turn, the first member would take them all (its open enum accepts any
    /// string) and drop what it does not declare. `None` when the members are not all like that.
    fn implicit_tag_values(
        &self,
        members: &[ReferenceOr<Schema>],
    ) -> Option<(String, Vec<String>)> {
        if members.len() < 2 {
            return None;
        }
        let schemas = members
            .iter()
            .map(|member| match member {
                ReferenceOr::Item(schema) => Some(schema),
                ReferenceOr::Reference { reference } => {
                    self.referenced_schema(reference).map(|(schema, _)| schema)
                }
            })
            .collect::<Option<Vec<&Schema>>>()?;
        let View::Object { properties, .. } = view(schemas.first()?) else {
            return None;
        };
        let tags_for = |property: &str| {
            let tags = schemas
                .iter()
                .map(|schema| self.required_only_value(schema, property))
                .collect::<Option<Vec<String>>>()?;
            let mut distinct = tags.clone();
            distinct.sort();
            distinct.dedup();
            (distinct.len() == tags.len()).then_some(tags)
        };
        properties
            .keys()
            .find_map(|property| tags_for(property).map(|tags| (property.clone(), tags)))
    }

    /// The one string an object schema allows for `property`, if it requires the property.
    fn required_only_value(&self, schema: &Schema, property: &str) -> Option<String> {
        let View::Object { required, .. } = view(schema) else {
            return None;
        };
        if !required.iter().any(|name| name == property) {
            return None;
        }
        match self.allowed_values(schema, property).as_slice() {
            [only] => Some(only.clone()),
            _ => None,
        }
    }

    /// The strings an object schema allows for `property` (`enum: [x, y]`; a 3.1 `const`
    /// becomes a one-value enum), through a reference and into allOf members written inline;
    /// empty when any string is allowed.
    fn allowed_values(&self, schema: &Schema, property: &str) -> Vec<String> {
        let properties = match view(schema) {
            View::Object { properties, .. } | View::AllOf { properties, .. } => properties,
            _ => return Vec::new(),
        };
        let property_schema = match properties.get(property) {
            Some(ReferenceOr::Item(schema)) => schema.as_ref(),
            Some(ReferenceOr::Reference { reference }) => match self.referenced_schema(reference) {
                Some((schema, _)) => schema,
                None => return Vec::new(),
            },
            None => return Vec::new(),
        };
        match view(property_schema) {
            View::String { values, .. } => values,
            _ => Vec::new(),
        }
    }

    /// The tags that select each variant: `mapping` entries (a component by reference or by
    /// name, or an inline member by its place in the document), then each unmapped component's
    /// name, then the one value an inline member allows for the discriminator property
    /// (`const`). Members no tag selects are named in a warning: they decode as the catch-all.
    fn tags(
        &mut self,
        pointer: &str,
        keyword: &str,
        members: &[ReferenceOr<Schema>],
        discriminator: &openapiv3::Discriminator,
        variants: &mut [UnionVariant],
    ) -> Tagging {
        let at_discriminator = push_pointer(pointer, "discriminator");
        let at_mapping = push_pointer(&at_discriminator, "mapping");
        let member_at = |i: usize| push_pointer(&push_pointer(pointer, keyword), &i.to_string());
        for (value, target) in &discriminator.mapping {
            let target_name = match target.strip_prefix("#/components/schemas/") {
                Some(key) => self.components.get(&super::unescape_token(key)).cloned(),
                // A bare schema name is allowed as a mapping target.
                None => self.components.get(target).cloned(),
            };
            let by_name = target_name
                .as_deref()
                .and_then(|name| variants.iter().position(|v| v.ty.named() == Some(name)));
            // An inline member, by its place: `#/components/schemas/Pet/oneOf/1`.
            let by_place = || {
                members.iter().enumerate().position(|(i, member)| {
                    matches!(member, ReferenceOr::Item(_))
                        && target.strip_prefix('#') == Some(member_at(i).as_str())
                })
            };
            match by_name.or_else(by_place) {
                Some(index) => variants[index].tags.push(value.clone()),
                None => self.diags.warn(
                    push_pointer(&at_mapping, value),
                    format!(
                        "mapping `{value}` -> `{target}` names no member of the union (a member is named by `#/components/schemas/<name>`, a bare schema name, or its place in the document, `#{}`); ignoring it",
                        member_at(0)
                    ),
                ),
            }
        }
        // Without a mapping entry, a member is selected by its schema name.
        let keys: Vec<(String, String)> = self
            .components
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        // A tag selects one member: when several members are the same schema, the first takes
        // its name and the others stay reachable only by shape.
        let mut used: Vec<String> = variants.iter().flat_map(|v| v.tags.clone()).collect();
        for variant in variants.iter_mut().filter(|v| v.tags.is_empty()) {
            if let Some(named) = variant.ty.named()
                && let Some((key, _)) = keys.iter().find(|(_, v)| v == named)
                && !used.contains(key)
            {
                used.push(key.clone());
                variant.tags.push(key.clone());
            }
        }
        // An inline member that allows a few values of the discriminator property (one, as
        // with a 3.1 `const`, or several no other member takes) is selected by them.
        for (variant, member) in variants.iter_mut().zip(members) {
            if let (true, ReferenceOr::Item(member)) = (variant.tags.is_empty(), member) {
                let values = self.allowed_values(member, &discriminator.property_name);
                if !values.is_empty() && values.iter().all(|value| !used.contains(value)) {
                    used.extend(values.iter().cloned());
                    variant.tags.extend(values);
                }
            }
        }
        if variants.iter().all(|v| v.tags.is_empty()) {
            // Inline members have no schema name to be selected by.
            self.diags.warn(
                at_discriminator,
                "no member can be selected by the discriminator; trying each shape in turn",
            );
            return Tagging::Untagged;
        }
        for (i, variant) in variants.iter().enumerate() {
            if variant.tags.is_empty() {
                self.diags.warn(
                    member_at(i),
                    format!(
                        "no discriminator value selects this member (add a `mapping` entry pointing at `#{}`, or give its `{}` property one allowed value); a value of its shape decodes as the catch-all",
                        member_at(i),
                        code(&discriminator.property_name)
                    ),
                );
            }
        }
        Tagging::Internal {
            property: discriminator.property_name.clone(),
        }
    }
}

/// A variant name from the variant's type: `Cat` for a reference to Cat, `String` for a string.
fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String | TypeRef::FormattedString(_) => "String".to_owned(),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U64 => "Integer".to_owned(),
        TypeRef::F32 | TypeRef::F64 => "Number".to_owned(),
        TypeRef::Bool => "Boolean".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
        TypeRef::Any => "Value".to_owned(),
        TypeRef::Array(inner) => format!("{}List", variant_name(inner)),
        TypeRef::Map(inner) => format!("{}Map", variant_name(inner)),
        TypeRef::Tuple(_) => "Tuple".to_owned(),
        TypeRef::Nullable(inner) => format!("Optional{}", variant_name(inner)),
        TypeRef::Unit => "Empty".to_owned(),
    }
}

/// The catch-all variant's name: `Other`, unless the document already uses it for a value.
fn catch_all(names: &mut Namespace) -> String {
    for candidate in ["Other", "Unknown", "UnknownValue"] {
        let taken = names.claim(candidate);
        if taken == candidate {
            return taken;
        }
    }
    names.claim("Unrecognized")
}

/// A string enum; `names` (from `x-enum-varnames`) name the variants where given.
pub(super) fn string_enum(values: Vec<String>, names: Vec<String>) -> TypeKind {
    let mut seen = std::collections::HashSet::new();
    let values: Vec<(String, WireValue)> = values
        .into_iter()
        .filter(|value| seen.insert(value.clone()))
        .map(|value| (pascal(&value), WireValue::String(value)))
        .collect();
    enumeration(values, names)
}

/// An integer enum: `Value1`, `Minus1`, or the names `x-enum-varnames` gives.
pub(super) fn integer_enum(values: Vec<i64>, names: Vec<String>) -> TypeKind {
    let mut seen = std::collections::HashSet::new();
    let values: Vec<(String, WireValue)> = values
        .into_iter()
        .filter(|value| seen.insert(*value))
        .map(|value| {
            let spelled = if value < 0 {
                format!("Minus{}", value.unsigned_abs())
            } else {
                format!("Value{value}")
            };
            (spelled, WireValue::Integer(value))
        })
        .collect();
    enumeration(values, names)
}

fn enumeration(values: Vec<(String, WireValue)>, names: Vec<String>) -> TypeKind {
    // A name list that does not match the values one for one says nothing reliable.
    let names = if names.len() == values.len() {
        names
    } else {
        Vec::new()
    };
    let mut variant_names = Namespace::default();
    let variants: Vec<EnumVariant> = values
        .into_iter()
        .enumerate()
        .map(|(i, (spelled, value))| {
            let wanted = names
                .get(i)
                .filter(|n| !n.trim().is_empty())
                .map_or(spelled, |n| pascal(n));
            EnumVariant {
                rust_name: variant_names.claim(&wanted),
                value,
            }
        })
        .collect();
    // An enum of one value (the `schemas` URN lists) defaults to it, so callers need not
    // spell it.
    let default_variant = match variants.as_slice() {
        [only] => Some(only.rust_name.clone()),
        _ => None,
    };
    TypeKind::Enum(Enum {
        catch_all: catch_all(&mut variant_names),
        default_variant,
        variants,
        // Decided for the whole document once every type is known (`member_match`).
        ignore_ascii_case: false,
    })
}
