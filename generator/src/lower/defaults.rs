//! Decisions that need every type lowered first: defaults naming enum values, required lists
//! of a one-value enum (pre-filled, so callers never spell SCIM's `schemas` URN), fields whose
//! setter lists them in such a list (an extension's URN), and the `From` conversions
//! `x-rust-from` asks for.

use std::collections::HashMap;

use serde_json::Value;

use crate::diagnostics::Diagnostics;
use crate::ir::{
    Conversion, DefaultValue, Enum, Field, FieldMove, ListedIn, MoveTarget, Presence, Struct,
    Tagging, TypeDef, TypeKind, TypeRef, WireValue,
};
use crate::text::code;

/// A default that names an enum value, waiting for the enum to be lowered.
pub(super) struct Pending {
    pub(super) type_index: usize,
    pub(super) field: usize,
    pub(super) value: Value,
    pub(super) pointer: String,
}

/// `x-rust-from` on a schema: `impl From<source> for types[target]`.
pub(super) struct ConversionRequest {
    pub(super) target: usize,
    pub(super) source: String,
    pub(super) pointer: String,
}

/// What a default given beside a property means for its type.
pub(super) enum Immediate {
    /// A value of the type.
    Fits(DefaultValue),
    /// It names a generated type's value: decided in [`settle`].
    Later,
    /// Not a value of the type: warn and drop it.
    Mismatch,
    /// A default for a free-form or container value: nothing to do with it.
    Ignored,
}

/// Checks a default against a built-in type; enum defaults wait for [`settle`].
pub(super) fn immediate_default(ty: &TypeRef, value: &Value) -> Immediate {
    let fits = match (ty, value) {
        (TypeRef::String | TypeRef::FormattedString(_), Value::String(s)) => {
            Some(DefaultValue::String(s.clone()))
        }
        (TypeRef::I32, _) => value
            .as_i64()
            .filter(|v| i32::try_from(*v).is_ok())
            .map(DefaultValue::Integer),
        (TypeRef::I64, _) => value.as_i64().map(DefaultValue::Integer),
        // Defaults are held as i64: one above i64::MAX is left out (a mismatch warning).
        (TypeRef::U64, _) => value
            .as_u64()
            .and_then(|v| i64::try_from(v).ok())
            .map(DefaultValue::Integer),
        // A literal beyond f32's range would be infinity, which Rust cannot spell.
        (TypeRef::F32, _) => value
            .as_f64()
            .filter(|v| (*v as f32).is_finite())
            .map(DefaultValue::Float),
        (TypeRef::F64, _) => value.as_f64().map(DefaultValue::Float),
        (TypeRef::Bool, Value::Bool(b)) => Some(DefaultValue::Bool(*b)),
        (TypeRef::Named(_), _) => return Immediate::Later,
        (TypeRef::Array(inner), Value::Array(_)) if inner.named().is_some() => {
            return Immediate::Later;
        }
        (
            TypeRef::Any
            | TypeRef::Array(_)
            | TypeRef::Map(_)
            | TypeRef::Tuple(_)
            | TypeRef::Nullable(_),
            _,
        ) => {
            return Immediate::Ignored;
        }
        _ => None,
    };
    let scalar = matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_));
    match fits {
        Some(default) => Immediate::Fits(default),
        None if scalar => Immediate::Mismatch,
        None => Immediate::Ignored,
    }
}

/// Whether a union member of type `ty` has the shape of a list or object `value`, whose
/// default is not kept (defaults are built-in values, enum values and lists of those).
fn holds_container(ty: &TypeRef, value: &Value, enums: &HashMap<String, Enum>) -> bool {
    match (ty, value) {
        (TypeRef::Any, Value::Array(_) | Value::Object(_)) => true,
        (TypeRef::Array(_) | TypeRef::Tuple(_), Value::Array(_)) => true,
        (TypeRef::Map(_), Value::Object(_)) => true,
        (TypeRef::Named(name), Value::Object(_)) => !enums.contains_key(name),
        _ => false,
    }
}

/// Resolves enum defaults and pre-fills required one-value enum lists.
pub(super) fn settle(types: &mut [TypeDef], pending: Vec<Pending>, diags: &mut Diagnostics) {
    let enums: HashMap<String, Enum> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Enum(e) => Some((t.name.clone(), e.clone())),
            _ => None,
        })
        .collect();
    // What a default may name besides an enum: a union's member or an alias's target.
    let named: HashMap<String, TypeKind> = types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::Union(_) | TypeKind::Alias { .. }))
        .map(|t| (t.name.clone(), t.kind.clone()))
        .collect();
    let kinds = Kinds {
        enums: &enums,
        named: &named,
    };
    for Pending {
        type_index,
        field,
        value,
        pointer,
    } in pending
    {
        // The struct and field were lowered when the default was put aside, and nothing
        // between then and now replaces a struct or drops its fields.
        let Some(TypeKind::Struct(s)) = types.get_mut(type_index).map(|t| &mut t.kind) else {
            diags.internal(&pointer, "the struct of an enum default is gone");
            continue;
        };
        let Some(field) = s.fields.get_mut(field) else {
            diags.internal(&pointer, "the field of an enum default is gone");
            continue;
        };
        let type_name = match &field.ty {
            TypeRef::Array(inner) => inner.named(),
            other => other.named(),
        };
        if let Some(default) = kinds.named_default(&field.ty, &value, 0) {
            field.presence = Presence::Defaulted(default);
            continue;
        }
        let problem = match type_name {
            Some(name) if enums.contains_key(name) => {
                format!("is not one of the values of `{}`", code(name))
            }
            Some(name) if matches!(named.get(name), Some(TypeKind::Union(_))) => {
                // A list or object that a member of that shape would hold is a container
                // default, not kept as for any field (Prefect's `default: ["events"]` for a
                // list-or-boolean, Oxide's `{type: default}` for a tagged union): it fits.
                if let Some(TypeKind::Union(union)) = named.get(name)
                    && union
                        .variants
                        .iter()
                        .any(|member| holds_container(&member.ty, &value, &enums))
                {
                    continue;
                }
                format!("fits none of the members of `{}`", code(name))
            }
            // An object or list default for an object type: like any container default,
            // nothing to do with it.
            _ if matches!(value, Value::Object(_) | Value::Array(_)) => continue,
            _ => "does not fit the property's type".to_owned(),
        };
        diags.warn(pointer, format!("default {value} {problem}; ignoring it"));
    }
    for def in types.iter_mut() {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        for field in &mut s.fields {
            if field.presence != Presence::Required {
                continue;
            }
            if let TypeRef::Array(inner) = &field.ty
                && let Some(name) = inner.named()
                && let Some(variant) = enums.get(name).and_then(|e| e.default_variant.clone())
            {
                field.presence =
                    Presence::Defaulted(DefaultValue::List(vec![DefaultValue::Variant {
                        enum_name: name.to_owned(),
                        variant,
                    }]));
            }
        }
        s.has_default = s.fields.iter().all(Field::built_without_value);
        mark_listed_fields(s, &enums);
    }
}

/// Marks each field whose wire name is a URI and a value of an array-of-enum field of the same
/// struct: SCIM lists the URI of every extension a resource carries in `schemas` (RFC 7643 §3),
/// so the extension's setter adds it there and a caller cannot forget it. Plain names are left
/// alone: a list of field names (`fields: [name, email]`) beside those fields is a selector, not
/// a record of what the object carries.
fn mark_listed_fields(s: &mut Struct, enums: &HashMap<String, Enum>) {
    let lists: Vec<(String, String, &Enum, bool)> = s
        .fields
        .iter()
        .filter(|f| !f.nullable && !f.flatten)
        .filter_map(|f| {
            let TypeRef::Array(inner) = &f.ty else {
                return None;
            };
            let name = inner.named()?;
            let optional = f.presence == Presence::Optional;
            Some((
                f.rust_name.clone(),
                name.to_owned(),
                enums.get(name)?,
                optional,
            ))
        })
        .collect();
    for field in &mut s.fields {
        // A required field has no setter; the constructor's caller lists it by hand.
        if field.flatten || !field.json_name.contains(':') || field.presence == Presence::Required {
            continue;
        }
        field.listed_in = lists.iter().find_map(|(list, enum_name, e, optional)| {
            let variant = e.variants.iter().find(
                |v| matches!(&v.value, WireValue::String(wire) if *wire == field.json_name),
            )?;
            Some(ListedIn {
                field: list.clone(),
                enum_name: enum_name.clone(),
                variant: variant.rust_name.clone(),
                optional: *optional,
            })
        });
    }
}

/// The variant (or list of variants) `value` names, if it names one of `ty`'s.
/// The generated types a default may name.
struct Kinds<'a> {
    enums: &'a HashMap<String, Enum>,
    /// Unions and aliases.
    named: &'a HashMap<String, TypeKind>,
}

impl Kinds<'_> {
    /// A default of a generated type: an enum's value, the value of the first member of an
    /// untagged union it fits (the member serde would read it as), or a value of what an
    /// alias stands for; lists item by item.
    fn named_default(&self, ty: &TypeRef, value: &Value, depth: usize) -> Option<DefaultValue> {
        // Aliases and unions may name each other in a loop.
        if depth > 8 {
            return None;
        }
        let name = match (ty, value) {
            (TypeRef::Named(name), _) => name,
            (TypeRef::Array(inner), Value::Array(items)) => {
                return items
                    .iter()
                    .map(|item| self.named_default(inner, item, depth + 1))
                    .collect::<Option<Vec<_>>>()
                    .map(DefaultValue::List);
            }
            _ => return None,
        };
        if let Some(e) = self.enums.get(name) {
            let variant = e.variants.iter().find(|v| match (&v.value, value) {
                (WireValue::String(wire), Value::String(s)) => wire == s,
                (WireValue::Integer(wire), Value::Number(n)) => n.as_i64() == Some(*wire),
                _ => false,
            })?;
            return Some(DefaultValue::Variant {
                enum_name: name.clone(),
                variant: variant.rust_name.clone(),
            });
        }
        match self.named.get(name)? {
            TypeKind::Alias { target } => self.fitting(target, value, depth),
            TypeKind::Union(u) if u.tagging == Tagging::Untagged => {
                u.variants.iter().find_map(|member| {
                    Some(DefaultValue::Member {
                        union_name: name.clone(),
                        variant: member.rust_name.clone(),
                        boxed: member.boxed,
                        value: Box::new(self.fitting(&member.ty, value, depth)?),
                    })
                })
            }
            _ => None,
        }
    }

    /// A default of any type: built-in ones checked at once, generated ones by name.
    fn fitting(&self, ty: &TypeRef, value: &Value, depth: usize) -> Option<DefaultValue> {
        match immediate_default(ty, value) {
            Immediate::Fits(default) => Some(default),
            Immediate::Later => self.named_default(ty, value, depth + 1),
            Immediate::Mismatch | Immediate::Ignored => None,
        }
    }
}

/// Builds the `From` conversions asked for, or says why one cannot be made without losing data.
pub(super) fn conversions(
    types: &mut [TypeDef],
    requests: &[ConversionRequest],
    diags: &mut Diagnostics,
) {
    for request in requests {
        let source = types.iter().find(|t| t.name == request.source);
        let target = types.get(request.target);
        // The source was looked up among the component schemas, all of which were defined,
        // and the target is the schema being lowered.
        let (Some(source), Some(target)) = (source, target) else {
            diags.internal(&request.pointer, "a type of `x-rust-from` is gone");
            continue;
        };
        let (TypeKind::Struct(from), TypeKind::Struct(to)) = (&source.kind, &target.kind) else {
            diags.error(
                &request.pointer,
                "`x-rust-from` converts between object schemas only",
            );
            continue;
        };
        match conversion(&source.name, from, to) {
            Ok(conversion) => {
                if let Some(TypeKind::Struct(s)) =
                    types.get_mut(request.target).map(|t| &mut t.kind)
                {
                    s.conversions.push(conversion);
                }
            }
            Err(problem) => diags.error(
                &request.pointer,
                format!(
                    "cannot convert `{}` into `{}` without losing data: {problem}",
                    code(&source.name),
                    code(&target.name)
                ),
            ),
        }
    }
}

fn conversion(source_name: &str, from: &Struct, to: &Struct) -> Result<Conversion, String> {
    let keeps_any = to
        .additional
        .as_ref()
        .is_some_and(|a| a.value == TypeRef::Any);
    if from.fields.iter().chain(&to.fields).any(|f| f.flatten) {
        return Err("a flattened union cannot be matched field by field".to_owned());
    }
    if from.additional.is_some() && !keeps_any {
        return Err("the target does not keep undeclared members".to_owned());
    }
    let mut moves = Vec::new();
    for field in &from.fields {
        let matching = to.fields.iter().find(|t| t.json_name == field.json_name);
        let to_target = match matching {
            Some(t)
                if t.ty == field.ty && t.nullable == field.nullable && t.boxed == field.boxed =>
            {
                match (&field.presence, &t.presence) {
                    (Presence::Optional, Presence::Optional) => {
                        MoveTarget::Same(t.rust_name.clone())
                    }
                    (Presence::Optional, Presence::Required) => {
                        MoveTarget::Unwrap(t.rust_name.clone())
                    }
                    (Presence::Optional, Presence::Defaulted(_)) => {
                        return Err(format!(
                            "`{}` is optional in the source but has a default in the target",
                            field.json_name
                        ));
                    }
                    (_, Presence::Optional) => MoveTarget::WrapSome(t.rust_name.clone()),
                    _ => MoveTarget::Same(t.rust_name.clone()),
                }
            }
            _ if keeps_any => MoveTarget::Additional {
                json_name: field.json_name.clone(),
                optional: field.presence == Presence::Optional,
            },
            Some(_) => {
                return Err(format!(
                    "`{}` has another type in the target",
                    field.json_name
                ));
            }
            None => {
                return Err(format!("the target has no `{}`", field.json_name));
            }
        };
        moves.push(FieldMove {
            from: field.rust_name.clone(),
            to: to_target,
        });
    }
    let moved: Vec<&str> = moves
        .iter()
        .filter_map(|m| match &m.to {
            MoveTarget::Same(name) | MoveTarget::WrapSome(name) | MoveTarget::Unwrap(name) => {
                Some(name.as_str())
            }
            MoveTarget::Additional { .. } => None,
        })
        .collect();
    if let Some(missing) = to
        .fields
        .iter()
        .find(|f| f.presence == Presence::Required && !moved.contains(&f.rust_name.as_str()))
    {
        return Err(format!(
            "the target requires `{}`, which the source does not have",
            missing.json_name
        ));
    }
    Ok(Conversion {
        source: source_name.to_owned(),
        fallible: moves.iter().any(|m| matches!(m.to, MoveTarget::Unwrap(_))),
        moves,
        source_additional: from.additional.as_ref().map(|a| a.rust_name.clone()),
        from_members: keeps_any
            && from
                .additional
                .as_ref()
                .is_some_and(|a| a.value == TypeRef::Any),
    })
}
