//! Users: create, read back every field, and replace with PUT.

use std::collections::HashMap;

use reqwest::StatusCode;
use ringcentral_scim::models::{
    ScimEmailType, ScimEnterpriseUser, ScimMetaResourceType, ScimName, ScimPhoneNumber,
    ScimPhoneNumberType, ScimUserAddressType, ScimUserResponseSchemasItem,
};
use serde_json::json;

use crate::support::{
    ENTERPRISE_USER, create, delete, department, email, full_user, get, id_of, sdk,
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
    assert_eq!(got.user_name, sent.user_name);
    assert_eq!(got.active, Some(true));
    assert_eq!(got.name.as_ref(), Some(&sent.name));
    assert_eq!(
        got.name
            .as_ref()
            .map(|n| (n.given_name.as_str(), n.family_name.as_str())),
        Some(("Ada", "Lovelace"))
    );
    assert_eq!(got.emails.as_ref(), Some(&sent.emails));
    assert_eq!(
        got.emails
            .as_deref()
            .map(|emails| emails.iter().map(|e| &e.r#type).collect::<Vec<_>>()),
        Some(vec![&ScimEmailType::Work])
    );
    assert_eq!(got.addresses, sent.addresses);
    let address = &got.addresses.as_deref().expect("addresses")[0];
    assert_eq!(address.street_address.as_deref(), Some("20 Davis Drive"));
    assert_eq!(address.locality.as_deref(), Some("Belmont"));
    assert_eq!(address.region.as_deref(), Some("CA"));
    assert_eq!(address.postal_code.as_deref(), Some("94002"));
    assert_eq!(address.country.as_deref(), Some("US"));
    assert_eq!(address.r#type, ScimUserAddressType::Work);
    assert_eq!(got.phone_numbers, sent.phone_numbers);
    assert_eq!(got.photos, sent.photos);
    assert_eq!(got.external_id, sent.external_id);
    assert_eq!(got.title.as_deref(), Some("Analyst"));
    assert_eq!(department(&got), Some("Engineering"));
    // The enterprise URN is not in the vendor's enum: it must land in the catch-all.
    assert_eq!(
        got.schemas,
        vec![
            ScimUserResponseSchemasItem::UrnIetfParamsScimSchemasCore20User,
            ScimUserResponseSchemasItem::Other(ENTERPRISE_USER.to_owned()),
        ]
    );
    // Every attribute the server returned for this user is a declared one: nothing may fall
    // into the catch-all map.
    assert_eq!(got.additional_properties, HashMap::new());
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
    // `meta.version` is not in the vendor schema: it is kept in the catch-all, and it is the
    // ETag the server sent with the creation.
    let etag = response
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("the creation carries an ETag");
    assert_eq!(
        meta.additional_properties,
        HashMap::from([("version".to_owned(), json!(etag))]),
        "meta: {meta:?}"
    );

    delete(&sdk, &id).await;
}

#[tokio::test]
async fn put_replaces_the_user() {
    let sdk = sdk();
    let user_name = email("put");
    let created = create(&sdk, &full_user(&user_name)).await;
    let id = id_of(&created).to_owned();

    let mut replacement = full_user(&user_name);
    replacement.name = ScimName {
        family_name: "Byron".to_owned(),
        given_name: "Augusta".to_owned(),
    };
    replacement.title = Some("Countess".to_owned());
    replacement.urn_ietf_params_scim_schemas_extension_enterprise_2_0_user =
        Some(ScimEnterpriseUser {
            department: Some("Mathematics".to_owned()),
        });
    replacement.phone_numbers = Some(vec![ScimPhoneNumber {
        r#type: ScimPhoneNumberType::Mobile,
        value: "+16505550000".to_owned(),
    }]);
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
        assert_eq!(user.user_name, user_name);
        assert_eq!(user.name.as_ref(), Some(&replacement.name));
        assert_eq!(user.title.as_deref(), Some("Countess"));
        assert_eq!(department(user), Some("Mathematics"));
        assert_eq!(user.phone_numbers, replacement.phone_numbers);
        assert_eq!(user.photos, None);
        assert_eq!(user.active, Some(false));
        // Sent again unchanged, so they are what the creation stored.
        assert_eq!(user.emails.as_ref(), Some(&replacement.emails));
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
