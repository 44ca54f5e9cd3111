//! `allOf`: the members' properties and required lists merged into one struct (a `oneOf`
//! member is flattened beside them).

use openapiv3::{ReferenceOr, Schema};

use super::Lowerer;
use super::view::{Properties, View, beside_union, view};
use crate::diagnostics::{pointer_tokens, push_pointer};
use crate::ir::{Field, Presence, SerdeImpl, TypeKind, TypeRef};
use crate::names::{Namespace, prefixed};
use crate::text::code;

impl<'a> Lowerer<'a> {
    pub(super) fn all_of(
        &mut self,
        slot: usize,
        name: &str,
        pointer: &str,
        members: &[ReferenceOr<Schema>],
        own: &Properties,
        own_required: &[String],
    ) -> TypeKind {
        if own.is_empty()
            && own_required.is_empty()
            && let Some(target) = self.all_of_value(name, pointer, members)
        {
            return TypeKind::Alias { target };
        }
        let mut parts: Vec<(&Properties, &[String], String)> = Vec::new();
        let mut additional = None;
        let mut flattened: Vec<TypeRef> = Vec::new();
        // Each member carries the component schemas whose allOf led to it, so that a reference
        // back to one of them is reported as the cycle it is (`Loop1: allOf [Loop2]`,
        // `Loop2: allOf [Loop1]`) instead of running into the nesting limit below. A schema
        // reached twice along different paths (a diamond) is no cycle.
        let own_key = match pointer_tokens(pointer).as_slice() {
            [components, schemas, key] if components == "components" && schemas == "schemas" => {
                Some(key.clone())
            }
            _ => None,
        };
        let mut pending: Vec<(&ReferenceOr<Schema>, String, Vec<String>)> = members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                (
                    m,
                    push_pointer(&push_pointer(pointer, "allOf"), &i.to_string()),
                    own_key.iter().cloned().collect(),
                )
            })
            .collect();
        pending.reverse();
        let mut seen = 0;
        while let Some((member, at, chain)) = pending.pop() {
            seen += 1;
            if seen > 256 {
                self.diags.warn(
                    pointer,
                    "allOf nests too deeply to merge; using serde_json::Value",
                );
                return TypeKind::Alias {
                    target: TypeRef::Any,
                };
            }
            let (schema, at, chain) = match member {
                ReferenceOr::Item(schema) => (schema, at, chain),
                ReferenceOr::Reference { reference } => match self.referenced_schema(reference) {
                    Some((_, key)) if chain.contains(&key) => {
                        // allOf is an intersection: `Loop1 = Loop2 ∧ A`, `Loop2 = Loop1 ∧ B`
                        // holds for `A ∧ B`, which is what merging every member once gives.
                        // The reference back adds nothing, so it is left out; the schemas on
                        // the cycle each say so where it closes for them (a schema that only
                        // leads into the cycle merges it silently, it was said already).
                        if chain.first() == Some(&key) {
                            self.diags.warn(&at, all_of_cycle(&chain, &key));
                        }
                        continue;
                    }
                    Some((schema, key)) => {
                        let at = push_pointer("/components/schemas", &key);
                        let mut chain = chain;
                        chain.push(key);
                        (schema, at, chain)
                    }
                    None => {
                        self.diags.degrade(
                            &at,
                            format!("broken reference `{reference}`: no such schema; its members are left out"),
                        );
                        continue;
                    }
                },
            };
            match view(schema) {
                View::Object {
                    properties,
                    required,
                    additional: extra,
                } => {
                    parts.push((properties, required, at));
                    additional = additional.or(extra);
                }
                View::AllOf {
                    members,
                    properties,
                    required,
                } => {
                    // Nested allOf: merge its members in place, then its own properties.
                    let mut nested: Vec<(&ReferenceOr<Schema>, String, Vec<String>)> = members
                        .iter()
                        .enumerate()
                        .map(|(i, m)| {
                            (
                                m,
                                push_pointer(&push_pointer(&at, "allOf"), &i.to_string()),
                                chain.clone(),
                            )
                        })
                        .collect();
                    parts_push_own(&mut parts, properties, required, &at);
                    nested.reverse();
                    pending.extend(nested);
                }
                View::Any => {}
                // The parent of a polymorphic family (`Pet: {properties, oneOf: [Dog, Cat]}`,
                // `Dog: allOf: [Pet, ...]`): being one of the parent's shapes is what this
                // schema is, so only the parent's own properties are merged. Flattening the
                // union here would make a `Dog` hold a `Pet` that may be a `Dog`: serde would
                // read it forever, and serialising it would not even compile.
                View::OneOf(alternatives) | View::AnyOf(alternatives)
                    if lists(alternatives, pointer) =>
                {
                    if let Some((properties, required, _)) = beside_union(schema) {
                        parts.push((properties, required, at));
                    }
                }
                // An object that is also one of several shapes: the union sits flattened beside
                // the merged properties.
                View::OneOf(_) | View::AnyOf(_) => {
                    let hint = format!(
                        "{name}{}",
                        if flattened.is_empty() {
                            "Variant".to_owned()
                        } else {
                            format!("Variant{}", flattened.len() + 1)
                        }
                    );
                    let ty = self.schema_type(member, &at, &hint);
                    flattened.push(ty);
                }
                _ => {
                    self.diags.warn(&at, "allOf member is not an object schema; the merged type is serde_json::Value");
                    return TypeKind::Alias {
                        target: TypeRef::Any,
                    };
                }
            }
        }
        parts.push((own, own_required, pointer.to_owned()));
        let mut merged = self.structure(slot, name, pointer, &parts, additional);
        let mut field_names = Namespace::default();
        for field in &merged.fields {
            field_names.reserve(&field.rust_name);
        }
        for ty in flattened {
            let rust_name = field_names.claim("variant");
            merged.fields.push(Field {
                setter: prefixed("with", &rust_name),
                rust_name,
                json_name: String::new(),
                ty,
                presence: Presence::Required,
                required_to_build: false,
                nullable: false,
                boxed: false,
                flatten: true,
                docs: "Which of the alternative shapes this value has.".to_owned(),
                deprecated: false,
                listed_in: None,
            });
        }
        let flattened = merged.fields.iter().filter(|f| f.flatten).count();
        if flattened > 0 {
            // serde's `flatten` hands every member it does not recognise to each flattened
            // field, so a catch-all map beside a flattened union would hold the union's
            // members twice; the union's own types keep what they do not know. For the same
            // reason several flattened unions each hold the others' members: they are written
            // once, by a `Serialize` that merges them.
            merged.serde = if flattened > 1 {
                SerdeImpl::Merged
            } else {
                SerdeImpl::Derive
            };
            merged.additional = None;
        }
        TypeKind::Struct(merged)
    }
}

impl Lowerer<'_> {
    /// The type of an allOf that holds no object: members that only annotate (`{description}`,
    /// `{example}`) make any JSON value, and members of one scalar kind (`[{$ref: UserId},
    /// {type: string, description}]`) make that kind, taken from the member that says the most
    /// (an enum, else a reference, else the first). `None` when some member is an object or a
    /// union (the merge decides), or the kinds contradict each other.
    fn all_of_value(
        &mut self,
        name: &str,
        pointer: &str,
        members: &[ReferenceOr<Schema>],
    ) -> Option<TypeRef> {
        // (index, kind, whether it lists values) of each member that says what the value is.
        let mut kinds = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let schema = match member {
                ReferenceOr::Item(schema) => schema,
                ReferenceOr::Reference { reference } => self.referenced_schema(reference)?.0,
            };
            let shape = view(schema);
            let enumerated = match &shape {
                View::Any => continue,
                View::String { values, .. } => !values.is_empty(),
                View::Integer { values, .. } => !values.is_empty(),
                View::Number { .. } | View::Boolean | View::Array { .. } => false,
                _ => return None,
            };
            kinds.push((index, std::mem::discriminant(&shape), enumerated));
        }
        let Some(&(first, first_kind, _)) = kinds.first() else {
            return Some(TypeRef::Any);
        };
        if kinds.iter().any(|(_, kind, _)| *kind != first_kind) {
            return None;
        }
        let index = kinds
            .iter()
            .find(|(_, _, enumerated)| *enumerated)
            .or_else(|| {
                kinds
                    .iter()
                    .find(|(index, _, _)| matches!(members[*index], ReferenceOr::Reference { .. }))
            })
            .map_or(first, |(index, _, _)| *index);
        let at = push_pointer(&push_pointer(pointer, "allOf"), &index.to_string());
        let chosen = &members[index];
        Some(self.schema_type(chosen, &at, &format!("{name}Value")))
    }
}

/// The message for an allOf whose reference back to `key` closes a cycle through `chain` (the
/// component schemas whose allOf led there, outermost first).
fn all_of_cycle(chain: &[String], key: &str) -> String {
    let start = chain.iter().position(|k| k == key).unwrap_or(0);
    let names: Vec<String> = chain[start..]
        .iter()
        .map(String::as_str)
        .chain([key])
        .map(|k| format!("`{}`", code(k)))
        .collect();
    format!(
        "allOf cycle {}: these schemas include each other; this reference adds nothing to the merge and is left out",
        names.join(" -> ")
    )
}

/// Whether a union's alternatives name the component at `pointer` (`/components/schemas/Dog`).
fn lists(alternatives: &[ReferenceOr<Schema>], pointer: &str) -> bool {
    alternatives.iter().any(|alternative| {
        matches!(alternative, ReferenceOr::Reference { reference }
            if reference.strip_prefix('#') == Some(pointer))
    })
}

fn parts_push_own<'s>(
    parts: &mut Vec<(&'s Properties, &'s [String], String)>,
    properties: &'s Properties,
    required: &'s [String],
    at: &str,
) {
    if !properties.is_empty() || !required.is_empty() {
        parts.push((properties, required, at.to_owned()));
    }
}

/// allOf members that say something: references, and inline schemas beyond bare annotations.
pub(super) fn substantive(members: &[ReferenceOr<Schema>]) -> Vec<(usize, &ReferenceOr<Schema>)> {
    members
        .iter()
        .enumerate()
        .filter(|(_, m)| match m {
            ReferenceOr::Reference { .. } => true,
            ReferenceOr::Item(schema) => !matches!(view(schema), View::Any),
        })
        .collect()
}
