//! `x-case-insensitive-properties: true` at the root of a document: a member whose name no field
//! has is matched to a field ignoring ASCII case. SCIM needs it (attribute names are
//! case-insensitive, RFC 7643 §2.1); JSON keys are case-sensitive, so it is off unless the
//! document says so (ours does, in an overlay). `x-case-insensitive-values: true` does the same
//! for the values of string enums (SCIM's `"Work"` is its `work`, RFC 7643 §2.2).

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostics, push_pointer};
use crate::ir::{MemberMatch, SerdeImpl, TypeDef, TypeKind};
use crate::text::code;

/// The document-level extension.
pub(super) const EXTENSION: &str = "x-case-insensitive-properties";

/// The document-level extension for enum values.
pub(super) const VALUES_EXTENSION: &str = "x-case-insensitive-values";

/// Whether the document sets `extension` to true; any value but a boolean is warned about.
fn switched_on(doc: &OpenAPI, extension: &str, off: &str, diags: &mut Diagnostics) -> bool {
    match doc.extensions.get(extension) {
        None | Some(Value::Bool(false)) => false,
        Some(Value::Bool(true)) => true,
        Some(other) => {
            diags.warn(
                push_pointer("", extension),
                format!(
                    "`{extension}` must be true or false, not {}; {off}",
                    code(&other.to_string())
                ),
            );
            false
        }
    }
}

/// Sets `Enum::ignore_ascii_case` of every enum when the document asks for it.
pub(super) fn decide_values(doc: &OpenAPI, types: &mut [TypeDef], diags: &mut Diagnostics) {
    if !switched_on(doc, VALUES_EXTENSION, "values are matched exactly", diags) {
        return;
    }
    for ty in types {
        if let TypeKind::Enum(e) = &mut ty.kind {
            e.ignore_ascii_case = true;
        }
    }
}

/// Sets `Struct::member_match` of every struct. Only a hand-written `Deserialize` can fold; a
/// struct holding a union (serde derived or shared) keeps exact names, which is warned about.
pub(super) fn decide(doc: &OpenAPI, types: &mut [TypeDef], diags: &mut Diagnostics) {
    if !switched_on(doc, EXTENSION, "names are matched exactly", diags) {
        return;
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
