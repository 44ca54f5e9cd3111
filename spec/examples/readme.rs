//! The README's examples, compiled: `tests/tests/readme.rs` checks that every Rust block of the
//! README's "Using the SDK" section appears here word for word, so the README cannot rot.

use ringcentral_scim::filter::attr;
use ringcentral_scim::models::{ScimEmail, ScimEmailType, ScimName, ScimUser};
use ringcentral_scim::patch::PatchRequest;
use ringcentral_scim::{Conditional, Error, RingCentral};

async fn client() -> Result<RingCentral, Box<dyn std::error::Error>> {
    let sdk = RingCentral::builder()
        .access_token(std::env::var("RC_TOKEN")?) // or .token_provider(..) to refresh tokens
        .build()?; // Environment::Platform by default; .base_url(..) for another host
    Ok(sdk)
}

async fn create(sdk: &RingCentral) -> Result<(), Box<dyn std::error::Error>> {
    let user = ScimUser::new("jane@example.com")
        .with_name(
            ScimName::new()
                .with_family_name("Doe")
                .with_given_name("Jane"),
        )
        .with_emails(vec![
            ScimEmail::new("jane@example.com").with_type(ScimEmailType::Work),
        ])
        .with_title("Engineer");
    let created = sdk.scim().scim_create_user2(&user).await?;
    println!("created {:?}", created.id);
    Ok(())
}

async fn search(sdk: &RingCentral) -> Result<(), Box<dyn std::error::Error>> {
    // Values are escaped for you: no filter injection, whatever the name holds.
    let filter = attr("userName")
        .sw("jane")
        .and(attr("active").eq(true))
        .build()?;
    let mut users = sdk
        .scim()
        .scim_search_via_get2()
        .filter(filter)
        .paginate() // every page, as it is consumed
        .page_size(100);
    while let Some(user) = users.next_item().await {
        println!("{:?}", user?.user_name);
    }
    Ok(())
}

async fn patch(sdk: &RingCentral, id: &str) -> Result<(), Box<dyn std::error::Error>> {
    let read = sdk.scim().scim_get_user2(id).send_with_response().await?;
    let patch = PatchRequest::builder()
        .replace("title", "Senior Engineer")
        .add("nickName", "JD")
        .build()?;
    let mut request = sdk.scim().scim_patch_user2(id, &patch.into());
    if let Some(etag) = read.etag() {
        request = request.if_match(etag); // only if nobody changed the user since we read it
    }
    match request.await {
        Ok(_) => println!("updated"),
        Err(Error::PreconditionFailed(_)) => println!("changed meanwhile: read it again"),
        Err(other) => return Err(other.into()),
    }
    Ok(())
}

async fn read_again(
    sdk: &RingCentral,
    id: &str,
    etag: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    match sdk.scim().scim_get_user2(id).if_none_match(etag).await? {
        Conditional::NotModified => println!("still the same"),
        Conditional::Modified(user) => println!("new version {:?}", user.meta),
    }
    match sdk.scim().scim_get_user2("8a3c").await {
        Ok(user) => println!("{:?}", user.user_name),
        Err(Error::Api(e)) if e.status() == 404 => println!("gone: {:?}", e.body()),
        Err(other) => return Err(other.into()),
    }
    Ok(())
}

fn main() {
    // Compiled, not run: these need a live service (see examples/provision.rs for one that runs).
    let _ = (client, create, search, patch, read_again);
}
