//! Provisions a user end to end: create, find, patch, read back, delete.
//!
//! Runs against any SCIM 2.0 service that serves the RingCentral paths (`/scim/v2/...`):
//!
//! ```sh
//! SCIM_BASE_URL=http://127.0.0.1:18080 SCIM_TOKEN=secret \
//!     cargo run -p ringcentral-scim --example provision
//! ```
//!
//! `SCIM_BASE_URL` defaults to the RingCentral platform and `SCIM_TOKEN` is required.

use std::error::Error;
use std::time::{SystemTime, UNIX_EPOCH};

use ringcentral_scim::RingCentral;
use ringcentral_scim::models::{
    ScimEmail, ScimEmailType, ScimEnterpriseUser, ScimName, ScimPatchOperation,
    ScimPatchOperationOp, ScimPatchUser2Response, ScimPhoneNumber, ScimPhoneNumberType, ScimUser,
    ScimUserPatch,
};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let base_url = std::env::var("SCIM_BASE_URL")
        .unwrap_or_else(|_| "https://platform.ringcentral.com".to_owned());
    let token = std::env::var("SCIM_TOKEN").map_err(|_| "set SCIM_TOKEN to a bearer token")?;
    let sdk = RingCentral::builder()
        .base_url(&base_url)
        .access_token(token)
        .build()?;
    let scim = sdk.scim();
    println!("Talking to {base_url}");

    // A userName nobody else has, so the example can run again and again.
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
    let user_name = format!("jane.doe.{stamp}@example.com");

    // 1. Create.
    let new_user = ScimUser::new(&user_name)
        .with_name(ScimName::new("Doe", "Jane"))
        .with_emails(vec![
            ScimEmail::new(ScimEmailType::Work, &user_name).with_primary(true),
        ])
        .with_phone_numbers(vec![ScimPhoneNumber::new(
            ScimPhoneNumberType::Work,
            "+16505550100",
        )])
        .with_external_id(format!("idp-{stamp}"))
        .with_title("Engineer")
        .with_active(true)
        .with_enterprise_user(ScimEnterpriseUser::new().with_department("R&D"));
    let created = scim.scim_create_user2(&new_user).await?;
    let id = created.id.clone().ok_or("the server returned no user id")?;
    println!("Created {} with id {id}", created.user_name);

    // 2. Find it with a SCIM filter.
    let found = scim
        .scim_search_via_get2()
        .filter(format!("userName eq \"{user_name}\""))
        .await?;
    println!(
        "Search for userName eq \"{user_name}\": {} result(s)",
        found.total_results.unwrap_or_default()
    );
    for user in found.resources.unwrap_or_default() {
        let name = user
            .name
            .map(|n| format!("{} {}", n.given_name, n.family_name))
            .unwrap_or_default();
        println!(
            "  {name} <{}> id {}",
            user.user_name,
            user.id.unwrap_or_default()
        );
    }

    // 3. Patch: promote the user and move them to another department.
    let patch = ScimUserPatch::new(vec![
        ScimPatchOperation::new(ScimPatchOperationOp::Replace)
            .with_path("title")
            .with_value(json!("Senior Engineer")),
        ScimPatchOperation::new(ScimPatchOperationOp::Replace)
            .with_path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department")
            .with_value(json!("Platform")),
    ]);
    match scim.scim_patch_user2(&id, &patch).await? {
        ScimPatchUser2Response::Ok(user) => {
            println!("Patched; the server returned the user {}", user.user_name)
        }
        ScimPatchUser2Response::NoContent => println!("Patched (204 No Content)"),
        other => println!("Patched: {other:?}"),
    }
    let patched = scim.scim_get_user2(&id).await?;
    let department = patched
        .enterprise_user
        .as_ref()
        .and_then(|extension| extension.department.as_deref())
        .unwrap_or("-");
    println!(
        "Now: title {:?}, department {department:?}",
        patched.title.as_deref().unwrap_or("-")
    );

    // 4. Delete, then show that it is gone.
    scim.scim_delete_user2(&id).await?;
    println!("Deleted {id}");
    match scim.scim_get_user2(&id).await {
        Err(ringcentral_scim::Error::Api(error)) => {
            let detail = error
                .body()
                .and_then(|body| body.detail.clone())
                .unwrap_or_default();
            println!("Reading it again: {} {detail}", error.status());
        }
        Err(other) => return Err(other.into()),
        Ok(user) => return Err(format!("user {} still exists", user.user_name).into()),
    }
    Ok(())
}
