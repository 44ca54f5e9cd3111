//! Properties written beside `oneOf`/`anyOf` (`{properties: {kind}, oneOf: [Dog, Cat]}`): every
//! alternative has them, so they become typed fields of a struct that holds the union beside
//! them. The union reads the whole object (its members may restate the properties, and the
//! discriminator is often one of them); the struct's fields are written over what it writes.

use openapiv3::{ReferenceOr, Schema};

use super::Lowerer;
use super::origin::describe_origin;
use super::view::{View, beside_union, view};
use crate::diagnostics::push_pointer;
use crate::ir::{Field, Presence, SerdeImpl, TypeDef, TypeKind, TypeRef};
use crate::names::{Namespace, prefixed};

impl Lowerer<'_> {
    /// A oneOf/anyOf schema: a union, or a struct of the properties beside it holding the union.
    pub(super) fn choice(
        &mut self,
        slot: usize,
        name: &str,
        schema: &Schema,
        pointer: &str,
        members: &[ReferenceOr<Schema>],
        keyword: &str,
    ) -> TypeKind {
        let Some((properties, required, additional)) = beside_union(schema) else {
            return self.union(name, schema, pointer, members, keyword);
        };
        let own = [(properties, required, pointer.to_owned())];
        // `oneOf: [{required: [a]}, {required: [b]}]`: the members only say which properties
        // must be present; the object is the properties.
        if members.iter().all(constraint_only) {
            return TypeKind::Struct(self.structure(slot, name, pointer, &own, additional));
        }
        // Properties constrain objects only: beside a string or a list alternative they say
        // nothing of it, and the value is not always an object the fields could be read from.
        if !members.iter().all(|m| self.object_like(m)) {
            self.diags.warn(
                push_pointer(pointer, "properties"),
                format!("properties beside a {keyword} with members that are not objects are not typed fields; they are kept inside the union's values"),
            );
            return self.union(name, schema, pointer, members, keyword);
        }
        let union_name = self.type_names.claim_type(&format!("{name}Variant"));
        let union_slot = self.types.len();
        self.types.push(TypeDef {
            name: union_name.clone(),
            origin: push_pointer(pointer, keyword),
            docs: format!(
                "The shapes a `{name}` takes; its own properties are fields of `{name}`. {}",
                describe_origin(pointer)
            ),
            deprecated: false,
            kind: TypeKind::Alias {
                target: TypeRef::Any,
            },
            features: Vec::new(),
        });
        let union = self.union(name, schema, pointer, members, keyword);
        self.types[union_slot].kind = union;
        let mut merged = self.structure(slot, name, pointer, &own, None);
        let mut field_names = Namespace::default();
        for field in &merged.fields {
            field_names.reserve(&field.rust_name);
        }
        let rust_name = field_names.claim("variant");
        merged.fields.push(Field {
            setter: prefixed("with", &rust_name),
            rust_name,
            json_name: String::new(),
            ty: TypeRef::Named(union_name),
            presence: Presence::Required,
            required_to_build: false,
            nullable: false,
            boxed: false,
            flatten: true,
            docs: "Which of the alternative shapes this value has (it reads the whole object, \
                   these fields included; the fields are written over what it writes)."
                .to_owned(),
            deprecated: false,
            listed_in: None,
        });
        merged.has_default = false;
        // The union's own types keep what they do not know.
        merged.additional = None;
        merged.serde = SerdeImpl::Shared;
        TypeKind::Struct(merged)
    }

    /// Whether every value of the member is a JSON object (following references).
    fn object_like(&self, member: &ReferenceOr<Schema>) -> bool {
        let schema = match member {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => match self.referenced_schema(reference) {
                Some((schema, _)) => schema,
                None => return false,
            },
        };
        match view(schema) {
            View::Object { .. } | View::AllOf { .. } => true,
            // A nested union counts when it is made of objects one level down.
            View::OneOf(inner) | View::AnyOf(inner) => inner.iter().all(|m| match m {
                ReferenceOr::Item(s) => matches!(view(s), View::Object { .. } | View::AllOf { .. }),
                ReferenceOr::Reference { reference } => {
                    self.referenced_schema(reference).is_some_and(|(s, _)| {
                        matches!(view(s), View::Object { .. } | View::AllOf { .. })
                    })
                }
            }),
            View::Any => constraint_only(member),
            _ => false,
        }
    }
}

/// An inline member that only constrains (`{required: [a]}`, `{not: ...}`): no type, no
/// properties, nothing of its own to decode.
fn constraint_only(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Item(schema) => {
            matches!(view(schema), View::Any)
                && matches!(&schema.schema_kind, openapiv3::SchemaKind::Any(any) if any.typ.is_none())
        }
        ReferenceOr::Reference { .. } => false,
    }
}
