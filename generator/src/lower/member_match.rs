//! `x-case-insensitive-properties: true` at the root of a document: a member whose name no field
//! has is matched to a field ignoring ASCII case. SCIM needs it (attribute names are
//! case-insensitive, RFC 7643 §2.1); JSON keys are case-sensitive, so it is off unless the
//! document says so (ours does, in an overlay).

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostics, push_pointer};
use crate::ir::{MemberMatch, SerdeImpl, TypeDef, TypeKind};
use crate::text::code;

/// The document-level extension.
pub(super) const EXTENSION: &str = "x-case-insensitive-properties";

/// Sets `Struct::member_match` of every struct. Only a hand-written `Deserialize` can fold; a
/// struct holding a union (serde derived or shared) keeps exact names, which is warned about.
pub(super) fn decide(doc: &OpenAPI, types: &mut [TypeDef], diags: &mut Diagnostics) {
    match doc.extensions.get(EXTENSION) {
        None | Some(Value::Bool(false)) => return,
        Some(Value::Bool(true)) => {}
        Some(other) => {
            diags.warn(
                push_pointer("", EXTENSION),
                format!(
                    "`{EXTENSION}` must be true or false, not {}; names are matched exactly",
                    code(&other.to_string())
                ),
            );
            return;
        }
    }
    for ty in types {
        let TypeKind::Struct(s) = &mut ty.kind else {
            continue;
        };
        if s.serde == SerdeImpl::Manual {
            s.member_match = MemberMatch::IgnoreAsciiCase;
        } else if s.fields.iter().any(|f| !f.flatten) {
            diags.warn(
                ty.origin.clone(),
                format!(
                    "the properties of `{}` are matched by their exact names despite \
                     `{EXTENSION}`: it holds a union, whose serde compares names exactly",
                    ty.name
                ),
            );
        }
    }
}
