//! Provisions a user end to end: create, find, patch (only if unchanged), read back, delete.
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

use ringcentral_scim::filter::attr;
use ringcentral_scim::models::{
    ScimEmail, ScimEmailType, ScimEnterpriseUser, ScimName, ScimPhoneNumber, ScimPhoneNumberType,
    ScimUser,
};
use ringcentral_scim::patch::{PatchRequest, value_path};
use ringcentral_scim::{Error as ScimError, RingCentral};

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

    // 1. Create: name what you have, nothing else.
    let new_user = ScimUser::new(&user_name)
        .with_name(
            ScimName::new()
                .with_family_name("Doe")
                .with_given_name("Jane"),
        )
        .with_emails(vec![
            ScimEmail::new(&user_name)
                .with_type(ScimEmailType::Work)
                .with_primary(true),
        ])
        .with_phone_numbers(vec![
            ScimPhoneNumber::new("+16505550100").with_type(ScimPhoneNumberType::Work),
        ])
        .with_title("Engineer")
        .with_active(true)
        // Also lists the extension's URN in `schemas` (RFC 7643 section 3).
        .with_enterprise_user(ScimEnterpriseUser::new().with_department("R&D"));
    let created = scim.scim_create_user2(&new_user).await?;
    let id = created.id.clone().ok_or("the server returned no user id")?;
    println!("Created {user_name} with id {id}");

    // 2. Find it: the filter builder escapes the value, whatever it holds.
    let mut found = scim
        .scim_search_via_get2()
        .filter(attr("userName").eq(&user_name).build()?)
        .attributes("userName,title")
        .paginate();
    while let Some(user) = found.next_item().await {
        let user = user?;
        println!(
            "  found {} ({})",
            user.user_name.as_deref().unwrap_or("?"),
            user.title.as_deref().unwrap_or("no title")
        );
    }

    // 3. Patch, only if nobody changed the user since we read it (ETag / If-Match).
    let current = scim.scim_get_user2(&id).send_with_response().await?;
    let etag = current.etag().map(str::to_owned);
    let patch = PatchRequest::builder()
        .replace("title", "Senior Engineer")
        .replace(
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "Platform",
        )
        .replace(
            value_path("emails", attr("type").eq("work")).sub_attr("display"),
            "Jane (work)",
        )
        .build()?;
    let mut request = scim.scim_patch_user2(&id, &patch.into());
    // A server without ETags gets an unconditional PATCH (`If-Match: ""` would match nothing).
    if let Some(etag) = &etag {
        request = request.if_match(etag);
    }
    match request.await {
        Ok(_) => println!("Patched"),
        Err(ScimError::PreconditionFailed(_)) => println!("Someone else changed the user first"),
        Err(other) => return Err(other.into()),
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

    // 4. Delete, then show that it is gone: a typed 404 with the SCIM error body.
    scim.scim_delete_user2(&id).await?;
    println!("Deleted {id}");
    match scim.scim_get_user2(&id).await {
        Err(ScimError::Api(error)) => {
            let detail = error
                .body()
                .and_then(|body| body.detail.clone())
                .unwrap_or_default();
            println!("Reading it again: {} {detail}", error.status());
        }
        Err(other) => return Err(other.into()),
        Ok(_) => return Err(format!("user {id} still exists").into()),
    }
    Ok(())
}
