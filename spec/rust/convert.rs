//! The builders of `filter` and `patch` meet the generated models here.
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

use crate::models::{ScimPatchOperation, ScimPatchOperationOp, ScimUserPatch};
use crate::patch::{PatchOp, PatchRequest};

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
