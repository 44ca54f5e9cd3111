//! Shared helpers: the SDK client, unique names, user builders, searches, error checks
//! and cleanup.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use ringcentral_scim::models::{
    ScimEmail, ScimEmailType, ScimEnterpriseUser, ScimErrorResponse, ScimErrorResponseSchemasItem,
    ScimErrorResponseStatus, ScimName, ScimPatchOperation, ScimPatchOperationOp,
    ScimPatchUser2Response, ScimPhoneNumber, ScimPhoneNumberType, ScimPhoto, ScimPhotoType,
    ScimSchemaAttribute, ScimSearchRequest, ScimSearchViaGet2Params, ScimUser, ScimUserAddress,
    ScimUserAddressType, ScimUserPatch, ScimUserPatchSchemasItem, ScimUserResponse,
    ScimUserResponseSchemasItem, ScimUserSchemasItem, ScimUserSearchResponse, ScimUserShortInfo,
};
use ringcentral_scim::{ApiError, Error, RingCentral};
use serde_json::{Value, json};

pub const CORE_USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const CORE_GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub const ENTERPRISE_USER: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
pub const ERROR_URN: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// The server's base URL and token from the environment; a missing one fails the test.
pub fn server() -> (String, String) {
    let read = |name: &str| match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => value,
        _ => panic!(
            "{name} is not set: the SCIM end-to-end tests need a running SCIM server; \
             run `cargo xtask test`, which starts the SCIM server and sets SCIM_BASE_URL and \
             SCIM_TOKEN (or start target/scim-venv/bin/scim2-server yourself and export both)"
        ),
    };
    (read("SCIM_BASE_URL"), read("SCIM_TOKEN"))
}

/// A client for the test server with the right token.
pub fn sdk() -> RingCentral {
    let (url, token) = server();
    client(&url, &token)
}

pub fn client(url: &str, token: &str) -> RingCentral {
    RingCentral::builder()
        .base_url(url)
        .access_token(token)
        .build()
        .expect("the SDK client builds")
}

/// A string no other test (in this run or an earlier one against the same server) uses.
pub fn unique(tag: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("e2e-{tag}-{}-{nanos:x}-{n}", std::process::id())
}

/// A user with every attribute the SDK models filled in; `user_name` is also the work email.
pub fn full_user(user_name: &str) -> ScimUser {
    ScimUser {
        active: Some(true),
        addresses: Some(vec![ScimUserAddress {
            country: Some("US".to_owned()),
            locality: Some("Belmont".to_owned()),
            postal_code: Some("94002".to_owned()),
            region: Some("CA".to_owned()),
            street_address: Some("20 Davis Drive".to_owned()),
            r#type: ScimUserAddressType::Work,
        }]),
        emails: vec![ScimEmail {
            r#type: ScimEmailType::Work,
            value: user_name.to_owned(),
        }],
        external_id: Some(format!("ext-{user_name}")),
        id: None,
        name: ScimName {
            family_name: "Lovelace".to_owned(),
            given_name: "Ada".to_owned(),
        },
        phone_numbers: Some(vec![ScimPhoneNumber {
            r#type: ScimPhoneNumberType::Work,
            value: "+16505551234".to_owned(),
        }]),
        photos: Some(vec![ScimPhoto {
            r#type: ScimPhotoType::Photo,
            value: "https://example.com/photos/ada.png".to_owned(),
        }]),
        schemas: vec![
            ScimUserSchemasItem::UrnIetfParamsScimSchemasCore20User,
            ScimUserSchemasItem::Other(ENTERPRISE_USER.to_owned()),
        ],
        title: Some("Analyst".to_owned()),
        urn_ietf_params_scim_schemas_extension_enterprise_2_0_user: Some(ScimEnterpriseUser {
            department: Some("Engineering".to_owned()),
        }),
        user_name: user_name.to_owned(),
        additional_properties: HashMap::new(),
    }
}

/// Only the attributes the API requires.
pub fn minimal_user(user_name: &str) -> ScimUser {
    ScimUser {
        active: Some(true),
        addresses: None,
        emails: vec![ScimEmail {
            r#type: ScimEmailType::Work,
            value: user_name.to_owned(),
        }],
        external_id: None,
        id: None,
        name: ScimName {
            family_name: "Tester".to_owned(),
            given_name: "Paging".to_owned(),
        },
        phone_numbers: None,
        photos: None,
        schemas: vec![ScimUserSchemasItem::UrnIetfParamsScimSchemasCore20User],
        title: None,
        urn_ietf_params_scim_schemas_extension_enterprise_2_0_user: None,
        user_name: user_name.to_owned(),
        additional_properties: HashMap::new(),
    }
}

pub fn email(tag: &str) -> String {
    format!("{}@example.com", unique(tag))
}

/// Creates a user and returns the server's representation, with its id.
pub async fn create(sdk: &RingCentral, user: &ScimUser) -> ScimUserResponse {
    let created = sdk
        .scim()
        .scim_create_user2(user)
        .await
        .unwrap_or_else(|e| panic!("creating {} failed: {e:?}", user.user_name));
    assert!(
        created.id.is_some(),
        "the created user has no id: {created:?}"
    );
    created
}

pub fn id_of(user: &ScimUserResponse) -> &str {
    user.id.as_deref().expect("a stored user has an id")
}

pub async fn get(sdk: &RingCentral, id: &str) -> ScimUserResponse {
    sdk.scim()
        .scim_get_user2(id)
        .await
        .unwrap_or_else(|e| panic!("getting user {id} failed: {e:?}"))
}

/// Best-effort cleanup so the shared server does not keep growing; errors are reported.
pub async fn delete(sdk: &RingCentral, id: &str) {
    sdk.scim()
        .scim_delete_user2(id)
        .await
        .unwrap_or_else(|e| panic!("deleting user {id} failed: {e:?}"));
}

/// The `Error::Api` of a failed call; anything else fails the test with what came back.
pub fn api_error<T: Debug, E: Debug>(result: Result<T, Error<E>>) -> ApiError<E> {
    match result {
        Err(Error::Api(api)) => api,
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// Checks an error status and that the SCIM error body decoded, and returns the body.
pub fn scim_error(api: &ApiError<ScimErrorResponse>, status: StatusCode) -> &ScimErrorResponse {
    assert_eq!(api.status(), status, "unexpected status: {api:?}");
    let body = api.body().unwrap_or_else(|| {
        panic!(
            "the {status} error body did not decode as ScimErrorResponse; raw body: {}",
            String::from_utf8_lossy(api.raw_body())
        )
    });
    assert_eq!(
        body.schemas.as_deref(),
        Some(&[ScimErrorResponseSchemasItem::UrnIetfParamsScimApiMessages20Error][..]),
        "error schemas: {body:?}"
    );
    assert_eq!(
        ScimErrorResponseSchemasItem::UrnIetfParamsScimApiMessages20Error.as_str(),
        ERROR_URN
    );
    // The server renders the status as text, as RFC 7644 says.
    assert_eq!(
        body.status,
        Some(ScimErrorResponseStatus::String(status.as_u16().to_string())),
        "error status: {body:?}"
    );
    assert!(
        body.detail.as_deref().is_some_and(|d| !d.is_empty()),
        "the error has no detail: {body:?}"
    );
    body
}

pub async fn search_get(
    sdk: &RingCentral,
    params: &ScimSearchViaGet2Params,
) -> ScimUserSearchResponse {
    sdk.scim()
        .scim_search_via_get2(params)
        .await
        .unwrap_or_else(|e| panic!("GET /Users with {params:?} failed: {e:?}"))
}

pub fn filter(expression: String) -> ScimSearchViaGet2Params {
    ScimSearchViaGet2Params {
        filter: Some(expression),
        ..ScimSearchViaGet2Params::default()
    }
}

pub fn user_names(page: &ScimUserSearchResponse) -> Vec<String> {
    page.resources
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|u| u.user_name.clone())
        .collect()
}

pub fn department(user: &ScimUserResponse) -> Option<&str> {
    user.urn_ietf_params_scim_schemas_extension_enterprise_2_0_user
        .as_ref()
        .and_then(|e| e.department.as_deref())
}

pub fn patch(operations: Vec<ScimPatchOperation>) -> ScimUserPatch {
    ScimUserPatch {
        operations,
        schemas: vec![ScimUserPatchSchemasItem::UrnIetfParamsScimApiMessages20PatchOp],
    }
}

pub fn op(
    op: ScimPatchOperationOp,
    path: &str,
    value: Option<serde_json::Value>,
) -> ScimPatchOperation {
    ScimPatchOperation {
        op,
        path: Some(path.to_owned()),
        value,
    }
}

/// Sends a PatchOp and checks the server's documented answer: 204 without a body.
pub async fn apply_patch(sdk: &RingCentral, id: &str, body: &ScimUserPatch) {
    let response = sdk
        .scim()
        .scim_patch_user2(id, body)
        .send_with_response()
        .await
        .unwrap_or_else(|e| panic!("PATCH of user {id} with {body:?} failed: {e:?}"));
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.body(), &ScimPatchUser2Response::NoContent);
}

/// Every attribute a schema defines, sub-attributes included, as `path -> definition`.
pub fn flatten_attributes<'a>(
    prefix: &str,
    attributes: &'a [ScimSchemaAttribute],
    out: &mut BTreeMap<String, &'a ScimSchemaAttribute>,
) {
    for attribute in attributes {
        let path = if prefix.is_empty() {
            attribute.name.clone()
        } else {
            format!("{prefix}.{}", attribute.name)
        };
        if let Some(sub) = &attribute.sub_attributes {
            flatten_attributes(&path, sub, out);
        }
        out.insert(path, attribute);
    }
}

/// Undeclared attributes as the catch-all map holds them, from `(name, string value)` pairs.
pub fn extra(pairs: &[(&str, &str)]) -> HashMap<String, Value> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), json!(value)))
        .collect()
}

/// What a search entry (`ScimUserShortInfo`, which declares neither `addresses` nor
/// `phoneNumbers`) keeps in its catch-all map for a user created from `sent`.
pub fn short_info_extras(sent: &ScimUser) -> HashMap<String, Value> {
    let mut extras = HashMap::new();
    if let Some(addresses) = &sent.addresses {
        extras.insert("addresses".to_owned(), json!(addresses));
    }
    if let Some(phone_numbers) = &sent.phone_numbers {
        extras.insert("phoneNumbers".to_owned(), json!(phone_numbers));
    }
    extras
}

/// The `meta.version` the server reports for a user (its current ETag); the vendor schema does
/// not declare it, so it sits in the meta's catch-all map.
pub fn version_of(user: &ScimUserResponse) -> String {
    user.meta
        .as_ref()
        .and_then(|m| m.additional_properties.get("version"))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("the user has no meta.version: {user:?}"))
        .to_owned()
}

/// The PUT body that sends a fetched user back as it is, undeclared attributes included.
/// A `ScimUser` needs a name and emails, so a user without them cannot be sent back this way.
pub fn put_body(user: &ScimUserResponse) -> ScimUser {
    ScimUser {
        active: user.active,
        addresses: user.addresses.clone(),
        emails: user
            .emails
            .clone()
            .unwrap_or_else(|| panic!("a PUT body needs emails, the user has none: {user:?}")),
        external_id: user.external_id.clone(),
        id: user.id.clone(),
        name: user
            .name
            .clone()
            .unwrap_or_else(|| panic!("a PUT body needs a name, the user has none: {user:?}")),
        phone_numbers: user.phone_numbers.clone(),
        photos: user.photos.clone(),
        schemas: user
            .schemas
            .iter()
            .map(|schema| match schema {
                ScimUserResponseSchemasItem::UrnIetfParamsScimSchemasCore20User => {
                    ScimUserSchemasItem::UrnIetfParamsScimSchemasCore20User
                }
                ScimUserResponseSchemasItem::Other(other) => {
                    ScimUserSchemasItem::Other(other.clone())
                }
            })
            .collect(),
        title: user.title.clone(),
        urn_ietf_params_scim_schemas_extension_enterprise_2_0_user: user
            .urn_ietf_params_scim_schemas_extension_enterprise_2_0_user
            .clone(),
        user_name: user.user_name.clone(),
        additional_properties: user.additional_properties.clone(),
    }
}

/// Finds `user_name` through both search operations (GET and POST `.search`), checks each
/// found exactly that user, and returns the two entries.
pub async fn find_by_user_name(sdk: &RingCentral, user_name: &str) -> [ScimUserShortInfo; 2] {
    let expression = format!("userName eq \"{user_name}\"");
    let via_get = search_get(sdk, &filter(expression.clone())).await;
    let via_post = sdk
        .scim()
        .scim_search_via_post2(&ScimSearchRequest {
            filter: Some(expression),
            ..ScimSearchRequest::default()
        })
        .await
        .unwrap_or_else(|e| panic!("POST /Users/.search for {user_name} failed: {e:?}"));
    [via_get, via_post].map(|page| {
        assert_eq!(page.total_results, Some(1), "{page:?}");
        let mut resources = page.resources.unwrap_or_default();
        assert_eq!(resources.len(), 1, "Resources: {resources:?}");
        let found = resources.remove(0);
        assert_eq!(found.user_name, user_name);
        found
    })
}
