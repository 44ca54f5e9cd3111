//! Users: what the vendor schema leaves out (optional and undeclared attributes,
//! unknown enum values).

use std::collections::HashMap;

use ringcentral_scim::models::{ScimPatchOperationOp, ScimPhoneNumber, ScimPhoneNumberType};
use serde_json::json;

use crate::support::{
    apply_patch, create, delete, department, email, extra, find_by_user_name, full_user, get,
    id_of, minimal_user, op, patch, put_body, sdk, short_info_extras,
};

#[tokio::test]
async fn user_without_emails_or_name_still_decodes() {
    let sdk = sdk();
    let user_name = email("bare");
    let sent = full_user(&user_name);
    let created = create(&sdk, &sent).await;
    let id = id_of(&created).to_owned();

    // RFC 7643 requires only userName: a user may lose its emails.
    apply_patch(
        &sdk,
        &id,
        &patch(vec![op(ScimPatchOperationOp::Remove, "emails", None)]),
    )
    .await;
    let got = get(&sdk, &id).await;
    assert_eq!(got.id.as_deref(), Some(id.as_str()));
    assert_eq!(got.user_name, user_name);
    assert_eq!(got.emails, None, "{got:?}");
    assert_eq!(got.name.as_ref(), Some(&sent.name));
    assert_eq!(got.active, Some(true));
    assert_eq!(got.title, sent.title);
    assert_eq!(got.phone_numbers, sent.phone_numbers);
    assert_eq!(department(&got), Some("Engineering"));
    assert_eq!(got.additional_properties, HashMap::new());
    for found in find_by_user_name(&sdk, &user_name).await {
        assert_eq!(found.id.as_deref(), Some(id.as_str()));
        assert_eq!(found.emails, None, "{found:?}");
        assert_eq!(found.name.as_ref(), Some(&sent.name));
        assert_eq!(found.active, Some(true));
        assert_eq!(found.title, sent.title);
    }

    // ... and its name as well.
    apply_patch(
        &sdk,
        &id,
        &patch(vec![op(ScimPatchOperationOp::Remove, "name", None)]),
    )
    .await;
    let got = get(&sdk, &id).await;
    assert_eq!(got.user_name, user_name);
    assert_eq!(got.name, None, "{got:?}");
    assert_eq!(got.emails, None, "{got:?}");
    assert_eq!(got.title, sent.title);
    assert_eq!(got.additional_properties, HashMap::new());
    for found in find_by_user_name(&sdk, &user_name).await {
        assert_eq!(found.id.as_deref(), Some(id.as_str()));
        assert_eq!(found.name, None, "{found:?}");
        assert_eq!(found.emails, None, "{found:?}");
        assert_eq!(found.title, sent.title);
    }

    delete(&sdk, &id).await;
}

#[tokio::test]
async fn user_created_without_active_reads_back_without_it() {
    let sdk = sdk();
    let user_name = email("unset-active");
    let mut sent = minimal_user(&user_name);
    sent.active = None;
    // Left unset, it is not sent at all (no `false`, no `null`).
    let wire = serde_json::to_value(&sent).expect("a ScimUser serializes");
    assert_eq!(wire.get("active"), None, "{wire}");

    let created = create(&sdk, &sent).await;
    assert_eq!(created.active, None, "{created:?}");
    let id = id_of(&created).to_owned();
    let got = get(&sdk, &id).await;
    assert_eq!(got.active, None, "{got:?}");
    assert_eq!(got.name.as_ref(), Some(&sent.name));
    for found in find_by_user_name(&sdk, &user_name).await {
        assert_eq!(found.active, None, "{found:?}");
    }

    delete(&sdk, &id).await;
}

#[tokio::test]
async fn undeclared_attributes_are_kept_and_survive_get_then_put() {
    let sdk = sdk();
    let user_name = email("extra");
    let mut sent = full_user(&user_name);
    // nickName is a core SCIM attribute the vendor schema does not list.
    sent.additional_properties
        .insert("nickName".to_owned(), json!("Ada"));
    let wire = serde_json::to_value(&sent).expect("a ScimUser serializes");
    assert_eq!(wire.get("nickName"), Some(&json!("Ada")), "{wire}");

    let created = create(&sdk, &sent).await;
    let id = id_of(&created).to_owned();
    assert_eq!(created.additional_properties, extra(&[("nickName", "Ada")]));
    assert_eq!(
        get(&sdk, &id).await.additional_properties,
        extra(&[("nickName", "Ada")])
    );

    // PATCH can set them too.
    apply_patch(
        &sdk,
        &id,
        &patch(vec![
            op(
                ScimPatchOperationOp::Add,
                "nickName",
                Some(json!("Countess")),
            ),
            op(
                ScimPatchOperationOp::Add,
                "displayName",
                Some(json!("Ada Lovelace")),
            ),
        ]),
    )
    .await;
    let expected = extra(&[("nickName", "Countess"), ("displayName", "Ada Lovelace")]);
    let fetched = get(&sdk, &id).await;
    assert_eq!(fetched.additional_properties, expected, "{fetched:?}");
    // Declared attributes stay in their own fields.
    assert_eq!(fetched.name.as_ref(), Some(&sent.name));
    assert_eq!(fetched.emails.as_ref(), Some(&sent.emails));
    assert_eq!(fetched.title, sent.title);
    let mut expected_in_search = short_info_extras(&sent);
    expected_in_search.extend(expected.clone());
    for found in find_by_user_name(&sdk, &user_name).await {
        assert_eq!(found.additional_properties, expected_in_search, "{found:?}");
        assert_eq!(found.name.as_ref(), Some(&sent.name));
    }

    // get -> PUT: the body built from the fetched user sends them back.
    let mut body = put_body(&fetched);
    body.title = Some("Countess of Lovelace".to_owned());
    assert_eq!(body.additional_properties, expected);
    let wire = serde_json::to_value(&body).expect("a ScimUser serializes");
    assert_eq!(wire.get("nickName"), Some(&json!("Countess")), "{wire}");
    assert_eq!(
        wire.get("displayName"),
        Some(&json!("Ada Lovelace")),
        "{wire}"
    );
    let updated = sdk
        .scim()
        .scim_update_user2(&id, &body)
        .await
        .unwrap_or_else(|e| panic!("PUT of the fetched user failed: {e:?}"));
    let got = get(&sdk, &id).await;
    for user in [&updated, &got] {
        assert_eq!(user.title.as_deref(), Some("Countess of Lovelace"));
        assert_eq!(user.additional_properties, expected, "{user:?}");
        assert_eq!(user.name.as_ref(), Some(&sent.name));
        assert_eq!(user.emails.as_ref(), Some(&sent.emails));
        assert_eq!(user.phone_numbers, sent.phone_numbers);
        assert_eq!(department(user), Some("Engineering"));
    }
    assert_eq!(got, updated);

    // The server really replaces on PUT: a body without them clears them. So the round trip
    // above kept them only because the SDK carried them.
    let mut without = put_body(&got);
    without.additional_properties.clear();
    let cleared = sdk
        .scim()
        .scim_update_user2(&id, &without)
        .await
        .unwrap_or_else(|e| panic!("PUT without undeclared attributes failed: {e:?}"));
    assert_eq!(cleared.additional_properties, HashMap::new(), "{cleared:?}");
    assert_eq!(get(&sdk, &id).await.additional_properties, HashMap::new());

    delete(&sdk, &id).await;
}

#[tokio::test]
async fn phone_number_type_other_and_unknown_values_round_trip() {
    let sdk = sdk();
    let mut sent = minimal_user(&email("phones"));
    // `other` is a value of the vendor enum; `fax` is not, so it lands in the catch-all.
    let phones = vec![
        ScimPhoneNumber {
            r#type: ScimPhoneNumberType::Other,
            value: "+16505550001".to_owned(),
        },
        ScimPhoneNumber {
            r#type: ScimPhoneNumberType::Unknown("fax".to_owned()),
            value: "+16505550002".to_owned(),
        },
    ];
    sent.phone_numbers = Some(phones.clone());
    let wire = serde_json::to_value(&sent).expect("a ScimUser serializes");
    assert_eq!(
        wire["phoneNumbers"],
        json!([
            { "type": "other", "value": "+16505550001" },
            { "type": "fax", "value": "+16505550002" },
        ])
    );

    let created = create(&sdk, &sent).await;
    let id = id_of(&created).to_owned();
    let got = get(&sdk, &id).await;
    assert_eq!(got.phone_numbers.as_ref(), Some(&phones));
    let types: Vec<&str> = phones.iter().map(|p| p.r#type.as_str()).collect();
    assert_eq!(types, ["other", "fax"]);

    delete(&sdk, &id).await;
}
