//! Users: PATCH add, replace and remove.

use reqwest::StatusCode;
use ringcentral_scim::models::{
    ScimErrorResponseScimType, ScimName, ScimPatchOperation, ScimPatchOperationOp, ScimPhoneNumber,
    ScimPhoneNumberType,
};
use serde_json::json;

use crate::support::{
    ENTERPRISE_USER, api_error, apply_patch, create, delete, department, email, full_user, get,
    id_of, op, patch, scim_error, sdk,
};

#[tokio::test]
async fn patch_add_replace_remove_are_each_observed() {
    let sdk = sdk();
    let user_name = email("patch");
    let sent = full_user(&user_name);
    let created = create(&sdk, &sent).await;
    let id = id_of(&created).to_owned();

    // add: appends to a multi-valued attribute.
    apply_patch(
        &sdk,
        &id,
        &patch(vec![op(
            ScimPatchOperationOp::Add,
            "phoneNumbers",
            Some(json!([{ "type": "mobile", "value": "+16505559999" }])),
        )]),
    )
    .await;
    let after_add = get(&sdk, &id).await;
    assert_eq!(
        after_add.phone_numbers,
        Some(vec![
            ScimPhoneNumber {
                r#type: ScimPhoneNumberType::Work,
                value: "+16505551234".to_owned(),
            },
            ScimPhoneNumber {
                r#type: ScimPhoneNumberType::Mobile,
                value: "+16505559999".to_owned(),
            },
        ])
    );
    assert_eq!(after_add.title, created.title);

    // replace: a sub-attribute and an enterprise extension attribute, in one message.
    apply_patch(
        &sdk,
        &id,
        &patch(vec![
            op(
                ScimPatchOperationOp::Replace,
                "name.givenName",
                Some(json!("Augusta")),
            ),
            op(
                ScimPatchOperationOp::Replace,
                &format!("{ENTERPRISE_USER}:department"),
                Some(json!("Research")),
            ),
        ]),
    )
    .await;
    let after_replace = get(&sdk, &id).await;
    let augusta = ScimName {
        family_name: "Lovelace".to_owned(),
        given_name: "Augusta".to_owned(),
    };
    assert_eq!(after_replace.name.as_ref(), Some(&augusta));
    assert_eq!(department(&after_replace), Some("Research"));
    assert_eq!(after_replace.phone_numbers, after_add.phone_numbers);

    // remove: a single attribute and a filtered value of a multi-valued one.
    apply_patch(
        &sdk,
        &id,
        &patch(vec![
            op(ScimPatchOperationOp::Remove, "title", None),
            op(
                ScimPatchOperationOp::Remove,
                "phoneNumbers[type eq \"work\"]",
                None,
            ),
        ]),
    )
    .await;
    let after_remove = get(&sdk, &id).await;
    assert_eq!(after_remove.title, None);
    assert_eq!(
        after_remove.phone_numbers,
        Some(vec![ScimPhoneNumber {
            r#type: ScimPhoneNumberType::Mobile,
            value: "+16505559999".to_owned(),
        }])
    );
    // Untouched throughout.
    assert_eq!(after_remove.emails.as_ref(), Some(&sent.emails));
    assert_eq!(after_remove.addresses, sent.addresses);
    assert_eq!(after_remove.photos, sent.photos);
    assert_eq!(after_remove.external_id, sent.external_id);
    assert_eq!(after_remove.active, Some(true));
    assert_eq!(after_remove.name.as_ref(), Some(&augusta));

    // A remove without a path is a typed 400 noTarget.
    let api = api_error(
        sdk.scim()
            .scim_patch_user2(
                &id,
                &patch(vec![ScimPatchOperation {
                    op: ScimPatchOperationOp::Remove,
                    path: None,
                    value: None,
                }]),
            )
            .await,
    );
    let body = scim_error(&api, StatusCode::BAD_REQUEST);
    assert_eq!(body.scim_type, Some(ScimErrorResponseScimType::NoTarget));

    delete(&sdk, &id).await;
}
