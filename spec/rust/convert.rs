//! The builders of `filter` and `patch` meet the generated models here, and the models get the
//! SCIM readings a caller would otherwise spell out: a resource's version, an error's status
//! and message.
//!
//! ```
//! use ringcentral_scim::filter::attr;
//! use ringcentral_scim::models::ScimUserPatch;
//! use ringcentral_scim::patch::{PatchRequest, value_path};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let patch: ScimUserPatch = PatchRequest::builder()
//!     .replace("title", "Senior Engineer")
//!     .replace(value_path("emails", attr("type").eq("work")).sub_attr("value"), "a@b.example")
//!     .build()?
//!     .into();
//! assert_eq!(patch.operations.len(), 2);
//! # Ok(())
//! # }
//! ```

use std::fmt;

use crate::models::{
    ScimErrorResponse, ScimErrorResponseStatus, ScimPatchOperation, ScimPatchOperationOp,
    ScimUserPatch, ScimUserResponse, ScimUserShortInfo,
};
use crate::patch::{PatchOp, PatchRequest};

/// `meta.version`, the resource's entity tag (RFC 7644 §3.14: the same value as the `ETag`
/// header of a response that returns it): what `.if_match(..)` wants for a user read from a
/// list, which has no header of its own.
macro_rules! etag_from_meta {
    ($($model:ty),*) => {$(
        impl $model {
            /// The entity tag `meta.version` holds, for `.if_match(..)`; `None` when the
            /// server sent none (then a conditional write cannot be made).
            pub fn etag(&self) -> Option<&str> {
                self.meta.as_ref()?.version.as_deref()
            }
        }
    )*};
}

etag_from_meta!(ScimUserResponse, ScimUserShortInfo);

impl ScimErrorResponseStatus {
    /// The HTTP status the body states: RFC 7644 §3.12 writes it as a string (`"404"`), some
    /// servers as a number. `None` when it is neither.
    pub fn as_u16(&self) -> Option<u16> {
        match self {
            ScimErrorResponseStatus::Integer(status) => u16::try_from(*status).ok(),
            ScimErrorResponseStatus::String(status) => status.trim().parse().ok(),
            _ => None,
        }
    }
}

/// The server's words: `detail`, then the `scimType` that classifies it (`userName is taken
/// (scimType: uniqueness)`).
impl fmt::Display for ScimErrorResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.detail.as_deref().unwrap_or("SCIM error"))?;
        match &self.scim_type {
            Some(kind) => write!(f, " (scimType: {})", kind.as_str()),
            None => Ok(()),
        }
    }
}

impl From<PatchRequest> for ScimUserPatch {
    /// The request as the PATCH operation's body: one expression from builder to call,
    /// `sdk.scim().scim_patch_user2(id, &request.into())`.
    fn from(request: PatchRequest) -> Self {
        let operations: Vec<ScimPatchOperation> = request
            .into_operations()
            .into_iter()
            .map(|operation| {
                let op = match operation.op() {
                    PatchOp::Add => ScimPatchOperationOp::Add,
                    PatchOp::Replace => ScimPatchOperationOp::Replace,
                    PatchOp::Remove => ScimPatchOperationOp::Remove,
                };
                let mut converted = ScimPatchOperation::new(op);
                converted.path = operation.path().map(ToString::to_string);
                converted.value = operation.value().cloned();
                converted
            })
            .collect();
        ScimUserPatch::new(operations)
    }
}
