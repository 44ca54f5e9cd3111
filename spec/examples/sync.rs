//! Keeps a SCIM service in step with a directory: creates the users it lacks, patches the
//! ones that changed (only if nobody changed them meanwhile), and deactivates the ones that
//! left. Run it twice and the second run changes nothing.
//!
//! ```sh
//! SCIM_BASE_URL=http://127.0.0.1:18080 SCIM_TOKEN=secret \
//!     cargo run -p ringcentral-scim --example sync -- directory.json
//! ```
//!
//! The directory is a JSON list of users in SCIM's own shape. Only users whose `externalId`
//! starts with `SYNC_SCOPE` (default `sync:`) are this script's: others are never touched.
//!
//! ```json
//! [{"userName": "ada@example.com", "externalId": "sync:ada", "title": "Analyst",
//!   "name": {"givenName": "Ada", "familyName": "Lovelace"}}]
//! ```

use std::collections::BTreeMap;
use std::error::Error;

use ringcentral_scim::filter::attr;
use ringcentral_scim::models::{ScimUser, ScimUserShortInfo};
use ringcentral_scim::patch::PatchRequest;
use ringcentral_scim::{Error as ScimError, RingCentral};

/// What a run did.
#[derive(Debug, Default)]
struct Summary {
    created: usize,
    updated: usize,
    deactivated: usize,
    unchanged: usize,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: sync <directory.json>")?;
    let scope = std::env::var("SYNC_SCOPE").unwrap_or_else(|_| "sync:".to_owned());
    let desired: Vec<ScimUser> = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    let sdk = RingCentral::builder()
        .base_url(
            std::env::var("SCIM_BASE_URL")
                .unwrap_or_else(|_| "https://platform.ringcentral.com".to_owned()),
        )
        .access_token(std::env::var("SCIM_TOKEN").map_err(|_| "set SCIM_TOKEN")?)
        .build()?;

    // Everything in scope on the server, page by page.
    let mut current: BTreeMap<String, ScimUserShortInfo> = BTreeMap::new();
    let mut pages = sdk
        .scim()
        .scim_search_via_get2()
        .filter(attr("externalId").sw(&scope).build()?)
        .paginate()
        .page_size(50);
    while let Some(user) = pages.next_item().await {
        let user = user?;
        if let Some(name) = user.user_name.clone() {
            current.insert(name, user);
        }
    }

    let mut summary = Summary::default();
    for user in &desired {
        match current.remove(&user.user_name) {
            None => {
                sdk.scim().scim_create_user2(user).await?;
                summary.created += 1;
            }
            Some(existing) => match changes(user, &existing)? {
                None => summary.unchanged += 1,
                Some(patch) => {
                    update(&sdk, &existing, patch).await?;
                    summary.updated += 1;
                }
            },
        }
    }
    // Left in scope but gone from the directory: deactivated, not deleted.
    for existing in current.values() {
        if existing.active != Some(false) {
            let patch = PatchRequest::builder().replace("active", false).build()?;
            update(&sdk, existing, patch).await?;
            summary.deactivated += 1;
        } else {
            summary.unchanged += 1;
        }
    }
    println!(
        "sync: {} created, {} updated, {} deactivated, {} unchanged",
        summary.created, summary.updated, summary.deactivated, summary.unchanged
    );
    Ok(())
}

/// The PATCH that makes `existing` what `wanted` says, if anything differs. Compares the
/// JSON of each attribute the directory sets, so any attribute works the same way.
fn changes(
    wanted: &ScimUser,
    existing: &ScimUserShortInfo,
) -> Result<Option<PatchRequest>, Box<dyn Error>> {
    let wanted = serde_json::to_value(wanted)?;
    let existing = serde_json::to_value(existing)?;
    let mut patch = PatchRequest::builder();
    let mut any = false;
    for (name, value) in wanted.as_object().into_iter().flatten() {
        if name == "schemas" || existing.get(name) == Some(value) {
            continue;
        }
        patch = patch.replace(name.as_str(), value.clone());
        any = true;
    }
    // A user who left and came back is active again.
    if existing.get("active") == Some(&serde_json::Value::Bool(false))
        && wanted.get("active").is_none()
    {
        patch = patch.replace("active", true);
        any = true;
    }
    Ok(if any { Some(patch.build()?) } else { None })
}

/// Applies `patch` if the user is still the version we read; otherwise reads it again and
/// applies it once more (the change is a replace, so applying it to the newer user is right).
async fn update(
    sdk: &RingCentral,
    existing: &ScimUserShortInfo,
    patch: PatchRequest,
) -> Result<(), Box<dyn Error>> {
    let id = existing.id.as_deref().ok_or("a user without an id")?;
    let version = existing.meta.as_ref().and_then(|meta| meta.version.clone());
    let mut call = sdk.scim().scim_patch_user2(id, &patch.clone().into());
    if let Some(version) = &version {
        call = call.if_match(version);
    }
    match call.await {
        Ok(_) => Ok(()),
        Err(ScimError::PreconditionFailed(_)) => {
            sdk.scim().scim_patch_user2(id, &patch.into()).await?;
            Ok(())
        }
        Err(other) => Err(other.into()),
    }
}
