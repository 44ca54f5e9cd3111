//! Whether a use of a schema may hold `null`: the schema's own word (`nullable`, a `null` type
//! or enum value), or, for a union, the word of any member (`anyOf: [{type: [object, null]},
//! string]`): serde reads a null `Option` as `None`, so the field or item must say that null is
//! a value of its own, or the null is lost.

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use super::Lowerer;
use super::view::allows_null;

/// Unions nested deeper than this are not looked into (hostile input; cycles).
const MAX_DEPTH: usize = 16;

impl Lowerer<'_> {
    /// Whether a value of `schema` may be `null`, looking through references and into union
    /// members (and allOf members, when every one of them allows it).
    pub(super) fn admits_null<S: std::borrow::Borrow<Schema>>(
        &self,
        schema: &ReferenceOr<S>,
    ) -> bool {
        self.admits_null_at(schema, 0)
    }

    fn admits_null_at<S: std::borrow::Borrow<Schema>>(
        &self,
        schema: &ReferenceOr<S>,
        depth: usize,
    ) -> bool {
        let schema = match schema {
            ReferenceOr::Item(schema) => schema.borrow(),
            ReferenceOr::Reference { reference } => match self.referenced_schema(reference) {
                Some((schema, _)) => schema,
                None => return false,
            },
        };
        if allows_null(schema) {
            return true;
        }
        if depth >= MAX_DEPTH {
            return false;
        }
        let (some, every): (&[ReferenceOr<Schema>], &[ReferenceOr<Schema>]) =
            match &schema.schema_kind {
                SchemaKind::OneOf { one_of } => (one_of, &[]),
                SchemaKind::AnyOf { any_of } => (any_of, &[]),
                SchemaKind::AllOf { all_of } => (&[], all_of),
                SchemaKind::Any(any) if !any.all_of.is_empty() => (&[], &any.all_of),
                SchemaKind::Any(any) if !any.one_of.is_empty() => (&any.one_of, &[]),
                SchemaKind::Any(any) => (&any.any_of, &[]),
                _ => return false,
            };
        some.iter().any(|m| self.admits_null_at(m, depth + 1))
            || (!every.is_empty() && every.iter().all(|m| self.admits_null_at(m, depth + 1)))
    }
}
