//! Users: PATCH add, replace and remove.

use reqwest::StatusCode;
use ringcentral_scim::filter::attr;
use ringcentral_scim::models::{
    ScimErrorResponseScimType, ScimName, ScimPatchOperation, ScimPatchOperationOp, ScimPhoneNumber,
    ScimPhoneNumberType, ScimUserPatch,
};
use ringcentral_scim::patch::{PatchRequest, value_path};
use serde_json::json;

use crate::support::{
    ENTERPRISE_USER, api_error, apply_patch, create, delete, department, email, full_user, get,
    id_of, patch, scim_error, sdk, to_json,
};

#[tokio::test]
async fn patch_add_replace_remove_are_each_observed() {
    let sdk = sdk();
    let user_name = email("patch");
    let sent = full_user(&user_name);
    let created = create(&sdk, &sent).await;
    let id = id_of(&created).to_owned();

    // add: appends to a multi-valued attribute.
    let mobile = ScimPhoneNumber::new("+16505559999").with_type(ScimPhoneNumberType::Mobile);
    let add = PatchRequest::builder().add("phoneNumbers", [&mobile]);
    let body = patch(add);
    assert_eq!(
        to_json(&body)["Operations"][0]["value"],
        json!([{ "type": "mobile", "value": "+16505559999" }])
    );
    apply_patch(&sdk, &id, &body).await;
    let after_add = get(&sdk, &id).await;
    assert_eq!(
        after_add.phone_numbers,
        Some(vec![
            ScimPhoneNumber::new("+16505551234").with_type(ScimPhoneNumberType::Work),
            mobile.clone(),
        ])
    );
    assert_eq!(after_add.title, created.title);

    // replace: a sub-attribute and an enterprise extension attribute, in one message.
    let replace = PatchRequest::builder()
        .replace("name.givenName", "Augusta")
        .replace(format!("{ENTERPRISE_USER}:department"), "Research");
    apply_patch(&sdk, &id, &patch(replace)).await;
    let after_replace = get(&sdk, &id).await;
    let augusta = ScimName::new()
        .with_family_name("Lovelace")
        .with_given_name("Augusta");
    assert_eq!(after_replace.name.as_ref(), Some(&augusta));
    assert_eq!(department(&after_replace), Some("Research"));
    assert_eq!(after_replace.phone_numbers, after_add.phone_numbers);

    // remove: a single attribute and a filtered value of a multi-valued one.
    let remove = PatchRequest::builder()
        .remove("title")
        .remove(value_path("phoneNumbers", attr("type").eq("work")));
    let body = patch(remove);
    assert_eq!(
        to_json(&body)["Operations"][1],
        json!({ "op": "remove", "path": "phoneNumbers[type eq \"work\"]" })
    );
    apply_patch(&sdk, &id, &body).await;
    let after_remove = get(&sdk, &id).await;
    assert_eq!(after_remove.title, None);
    assert_eq!(after_remove.phone_numbers, Some(vec![mobile]));
    // Untouched throughout.
    assert_eq!(after_remove.emails, sent.emails);
    assert_eq!(after_remove.addresses, sent.addresses);
    assert_eq!(after_remove.photos, sent.photos);
    assert_eq!(after_remove.external_id, sent.external_id);
    assert_eq!(after_remove.active, Some(true));
    assert_eq!(after_remove.name.as_ref(), Some(&augusta));

    // A remove without a path is a typed 400 noTarget. The PATCH builder cannot make one
    // (`remove` always takes a path), so this body is built from the generated models.
    let no_target = ScimUserPatch::new(vec![ScimPatchOperation::new(ScimPatchOperationOp::Remove)]);
    assert_eq!(
        to_json(&no_target),
        json!({
            "Operations": [{ "op": "remove" }],
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        })
    );
    let api = api_error(sdk.scim().scim_patch_user2(&id, &no_target).await);
    let body = scim_error(&api, StatusCode::BAD_REQUEST);
    assert_eq!(body.scim_type, Some(ScimErrorResponseScimType::NoTarget));

    delete(&sdk, &id).await;
}
