//! Users: create, read back every field, and replace with PUT.

use reqwest::StatusCode;
use ringcentral_scim::models::{
    ScimEmailType, ScimEnterpriseUser, ScimMetaResourceType, ScimName, ScimPhoneNumber,
    ScimPhoneNumberType, ScimUserAddressType, ScimUserSchemaUrn,
};
use serde_json::Map;

use crate::support::{
    CORE_USER, ENTERPRISE_USER, create, delete, department, email, full_user, get, id_of, sdk,
};

#[tokio::test]
async fn create_user_then_get_returns_every_field() {
    let sdk = sdk();
    let user_name = email("create");
    let sent = full_user(&user_name);

    let response = sdk
        .scim()
        .scim_create_user2(&sent)
        .send_with_response()
        .await
        .unwrap_or_else(|e| panic!("create failed: {e:?}"));
    assert_eq!(response.status(), StatusCode::CREATED);
    let created = response.body().clone();
    let id = id_of(&created).to_owned();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        location.ends_with(&format!("/scim/v2/Users/{id}")),
        "Location: {location:?}"
    );

    let got = get(&sdk, &id).await;
    // Nothing changed between the two calls, so both representations are identical.
    assert_eq!(got, created);

    assert_eq!(got.id.as_deref(), Some(id.as_str()));
    assert_eq!(got.user_name.as_deref(), Some(&*sent.user_name));
    assert_eq!(got.active, Some(true));
    assert_eq!(got.name, sent.name);
    assert_eq!(
        got.name
            .as_ref()
            .map(|n| (n.given_name.as_deref(), n.family_name.as_deref())),
        Some((Some("Ada"), Some("Lovelace")))
    );
    assert_eq!(got.emails, sent.emails);
    assert_eq!(
        got.emails
            .as_deref()
            .map(|emails| emails.iter().map(|e| e.r#type.as_ref()).collect::<Vec<_>>()),
        Some(vec![Some(&ScimEmailType::Work)])
    );
    assert_eq!(got.addresses, sent.addresses);
    let address = &got.addresses.as_deref().expect("addresses")[0];
    assert_eq!(address.street_address.as_deref(), Some("20 Davis Drive"));
    assert_eq!(address.locality.as_deref(), Some("Belmont"));
    assert_eq!(address.region.as_deref(), Some("CA"));
    assert_eq!(address.postal_code.as_deref(), Some("94002"));
    assert_eq!(address.country.as_deref(), Some("US"));
    assert_eq!(address.r#type, Some(ScimUserAddressType::Work));
    assert_eq!(got.phone_numbers, sent.phone_numbers);
    assert_eq!(got.photos, sent.photos);
    assert_eq!(got.external_id, sent.external_id);
    assert_eq!(got.title.as_deref(), Some("Analyst"));
    assert_eq!(department(&got), Some("Engineering"));
    // Both URNs are known values of the shared user schema enum, not catch-alls.
    assert_eq!(
        got.schemas,
        [
            ScimUserSchemaUrn::CoreUser,
            ScimUserSchemaUrn::EnterpriseUser
        ]
    );
    assert_eq!(
        got.schemas.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        [CORE_USER, ENTERPRISE_USER]
    );
    // Every attribute the server returned for this user is a declared one: nothing may fall
    // into a catch-all map, at any depth.
    assert_eq!(got.additional_properties, Map::new());
    let name = got.name.as_ref().expect("name");
    assert_eq!(name.additional_properties, Map::new());
    assert_eq!(address.additional_properties, Map::new());
    let enterprise = got.enterprise_user.as_ref().expect("enterprise extension");
    assert_eq!(enterprise.additional_properties, Map::new());
    let meta = got.meta.as_ref().expect("meta");
    assert_eq!(meta.resource_type, Some(ScimMetaResourceType::User));
    assert!(
        meta.created.is_some() && meta.last_modified.is_some(),
        "meta: {meta:?}"
    );
    assert!(
        meta.location.as_deref().is_some_and(|l| l.ends_with(&id)),
        "meta.location: {meta:?}"
    );
    // `meta.version` is typed, and it is the ETag the server sent with the creation; nothing
    // else is left in the meta's catch-all.
    let etag = response
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("the creation carries an ETag");
    assert_eq!(meta.version.as_deref(), Some(etag), "meta: {meta:?}");
    assert_eq!(meta.additional_properties, Map::new(), "meta: {meta:?}");

    delete(&sdk, &id).await;
}

#[tokio::test]
async fn put_replaces_the_user() {
    let sdk = sdk();
    let user_name = email("put");
    let created = create(&sdk, &full_user(&user_name)).await;
    let id = id_of(&created).to_owned();

    let mut replacement = full_user(&user_name);
    replacement.name = Some(
        ScimName::new()
            .with_family_name("Byron")
            .with_given_name("Augusta"),
    );
    replacement.title = Some("Countess".to_owned());
    replacement.enterprise_user = Some(ScimEnterpriseUser::new().with_department("Mathematics"));
    replacement.phone_numbers = Some(vec![
        ScimPhoneNumber::new("+16505550000").with_type(ScimPhoneNumberType::Mobile),
    ]);
    // Left out of a PUT: cleared.
    replacement.photos = None;
    replacement.active = Some(false);

    let updated = sdk
        .scim()
        .scim_update_user2(&id, &replacement)
        .await
        .unwrap_or_else(|e| panic!("PUT failed: {e:?}"));
    let got = get(&sdk, &id).await;
    for user in [&updated, &got] {
        assert_eq!(user.id.as_deref(), Some(id.as_str()));
        assert_eq!(user.user_name.as_deref(), Some(&*user_name));
        assert_eq!(user.name, replacement.name);
        assert_eq!(user.title.as_deref(), Some("Countess"));
        assert_eq!(department(user), Some("Mathematics"));
        assert_eq!(user.phone_numbers, replacement.phone_numbers);
        assert_eq!(user.photos, None);
        assert_eq!(user.active, Some(false));
        // Sent again unchanged, so they are what the creation stored.
        assert_eq!(user.emails, replacement.emails);
        assert_eq!(user.emails, created.emails);
        assert!(user.addresses.is_some());
        assert_eq!(user.addresses, created.addresses);
        assert!(user.external_id.is_some());
        assert_eq!(user.external_id, created.external_id);
    }
    assert_eq!(got, updated);
    assert_ne!(
        got.meta.as_ref().and_then(|m| m.last_modified.clone()),
        created.meta.as_ref().and_then(|m| m.last_modified.clone()),
        "lastModified did not move"
    );

    delete(&sdk, &id).await;
}
