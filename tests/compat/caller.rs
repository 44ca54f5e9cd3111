//! A program written against the SCIM SDK the way its users write them. `tests/tests/compat.rs`
//! compiles it against the SDK generated from spec/ before and after additive changes to the
//! document; it must keep compiling.

use ringcentral_scim::filter::attr;
use ringcentral_scim::models::{
    ScimEmail, ScimEmailType, ScimEnterpriseUser, ScimName, ScimPatchUser2Response, ScimUser,
    ScimUserResponse,
};
use ringcentral_scim::patch::PatchRequest;
use ringcentral_scim::{Error, RingCentral};

fn label(kind: &ScimEmailType) -> &'static str {
    match kind {
        ScimEmailType::Work => "work",
        ScimEmailType::Home => "home",
        _ => "something else",
    }
}

fn describe(user: &ScimUserResponse) -> String {
    let ScimUserResponse {
        user_name, title, ..
    } = user;
    format!("{user_name:?} {title:?}")
}

pub async fn run(sdk: &RingCentral) -> Result<(), Box<dyn std::error::Error>> {
    let user = ScimUser::new("jane@example.com")
        .with_name(
            ScimName::new()
                .with_family_name("Doe")
                .with_given_name("Jane"),
        )
        .with_emails(vec![
            ScimEmail::new("jane@example.com").with_type(ScimEmailType::Work),
        ])
        .with_enterprise_user(ScimEnterpriseUser::new().with_department("R&D"))
        .with_title("Engineer");
    let created = sdk.scim().scim_create_user2(&user).await?;
    println!("{}", describe(&created));
    let id = created.id.clone().unwrap_or_default();
    for email in created.emails.iter().flatten() {
        if let Some(kind) = &email.r#type {
            println!("{}", label(kind));
        }
    }
    let page = sdk
        .scim()
        .scim_search_via_get2()
        .filter(attr("userName").eq("jane@example.com").build()?)
        .count(10)
        .await?;
    println!("{:?}", page.total_results);
    let patch = PatchRequest::builder().replace("title", "Lead").build()?;
    match sdk.scim().scim_patch_user2(&id, &patch.into()).await {
        Ok(ScimPatchUser2Response::Ok(user)) => println!("{}", describe(&user)),
        Ok(_) => println!("patched"),
        Err(Error::Api(error)) => println!("{}", error.status()),
        Err(other) => return Err(other.into()),
    }
    let body = ScimUser::try_from(created)?;
    sdk.scim().scim_update_user2(&id, &body).await?;
    sdk.scim().scim_delete_user2(&id).await?;
    Ok(())
}

fn main() {
    let _ = run;
}
