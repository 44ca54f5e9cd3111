//! End-to-end tests of the generated `ringcentral-scim` SDK against a real SCIM 2.0 server
//! (`scim2-server` 0.8.3 from PyPI), through the SDK only: every request here is made by a
//! generated operation, and every check reads a typed model.
//!
//! `cargo xtask test` starts the server and passes `SCIM_BASE_URL` and `SCIM_TOKEN`. Without
//! them these tests fail (they never skip): CI must not pass without talking to the server.
//!
//! All tests share one server whose state outlives each test, and they run in parallel, so
//! every test uses its own unique `userName`s (a per-test tag plus the process id, the time
//! and a counter) and cleans up what it created when it gets that far.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use ringcentral_scim::models::{
    ScimEmail, ScimEmailType, ScimEnterpriseUser, ScimErrorResponse, ScimErrorResponseSchemasItem,
    ScimErrorResponseScimType, ScimErrorResponseStatus, ScimMetaResourceType, ScimName,
    ScimPatchOperation, ScimPatchOperationOp, ScimPatchUser2Response, ScimPhoneNumber,
    ScimPhoneNumberType, ScimPhoto, ScimPhotoType, ScimProviderConfigSchemasItem,
    ScimResourceTypeResponseSchema, ScimSchemaAttribute, ScimSchemaAttributeType,
    ScimSchemaExtensionSchema, ScimSearchRequest, ScimSearchRequestSchemasItem,
    ScimSearchViaGet2Params, ScimUser, ScimUserAddress, ScimUserAddressType, ScimUserPatch,
    ScimUserPatchSchemasItem, ScimUserResponse, ScimUserResponseSchemasItem, ScimUserSchemasItem,
    ScimUserSearchResponse, ScimUserSearchResponseSchemasItem, ScimUserShortInfo,
};
use ringcentral_scim::{ApiError, Error, RingCentral};
use serde_json::{Value, json};

const CORE_USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const CORE_GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE_USER: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const ERROR_URN: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The server's base URL and token from the environment; a missing one fails the test.
fn server() -> (String, String) {
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
fn sdk() -> RingCentral {
    let (url, token) = server();
    client(&url, &token)
}

fn client(url: &str, token: &str) -> RingCentral {
    RingCentral::builder()
        .base_url(url)
        .access_token(token)
        .build()
        .expect("the SDK client builds")
}

/// A string no other test (in this run or an earlier one against the same server) uses.
fn unique(tag: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("e2e-{tag}-{}-{nanos:x}-{n}", std::process::id())
}

/// A user with every attribute the SDK models filled in; `user_name` is also the work email.
fn full_user(user_name: &str) -> ScimUser {
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
fn minimal_user(user_name: &str) -> ScimUser {
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

fn email(tag: &str) -> String {
    format!("{}@example.com", unique(tag))
}

/// Creates a user and returns the server's representation, with its id.
async fn create(sdk: &RingCentral, user: &ScimUser) -> ScimUserResponse {
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

fn id_of(user: &ScimUserResponse) -> &str {
    user.id.as_deref().expect("a stored user has an id")
}

async fn get(sdk: &RingCentral, id: &str) -> ScimUserResponse {
    sdk.scim()
        .scim_get_user2(id)
        .await
        .unwrap_or_else(|e| panic!("getting user {id} failed: {e:?}"))
}

/// Best-effort cleanup so the shared server does not keep growing; errors are reported.
async fn delete(sdk: &RingCentral, id: &str) {
    sdk.scim()
        .scim_delete_user2(id)
        .await
        .unwrap_or_else(|e| panic!("deleting user {id} failed: {e:?}"));
}

/// The `Error::Api` of a failed call; anything else fails the test with what came back.
fn api_error<T: Debug, E: Debug>(result: Result<T, Error<E>>) -> ApiError<E> {
    match result {
        Err(Error::Api(api)) => api,
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// Checks an error status and that the SCIM error body decoded, and returns the body.
fn scim_error(api: &ApiError<ScimErrorResponse>, status: StatusCode) -> &ScimErrorResponse {
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

async fn search_get(sdk: &RingCentral, params: &ScimSearchViaGet2Params) -> ScimUserSearchResponse {
    sdk.scim()
        .scim_search_via_get2(params)
        .await
        .unwrap_or_else(|e| panic!("GET /Users with {params:?} failed: {e:?}"))
}

fn filter(expression: String) -> ScimSearchViaGet2Params {
    ScimSearchViaGet2Params {
        filter: Some(expression),
        ..ScimSearchViaGet2Params::default()
    }
}

fn user_names(page: &ScimUserSearchResponse) -> Vec<String> {
    page.resources
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|u| u.user_name.clone())
        .collect()
}

fn department(user: &ScimUserResponse) -> Option<&str> {
    user.urn_ietf_params_scim_schemas_extension_enterprise_2_0_user
        .as_ref()
        .and_then(|e| e.department.as_deref())
}

fn patch(operations: Vec<ScimPatchOperation>) -> ScimUserPatch {
    ScimUserPatch {
        operations,
        schemas: vec![ScimUserPatchSchemasItem::UrnIetfParamsScimApiMessages20PatchOp],
    }
}

fn op(
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
async fn apply_patch(sdk: &RingCentral, id: &str, body: &ScimUserPatch) {
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
fn flatten_attributes<'a>(
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
fn extra(pairs: &[(&str, &str)]) -> HashMap<String, Value> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), json!(value)))
        .collect()
}

/// What a search entry (`ScimUserShortInfo`, which declares neither `addresses` nor
/// `phoneNumbers`) keeps in its catch-all map for a user created from `sent`.
fn short_info_extras(sent: &ScimUser) -> HashMap<String, Value> {
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
fn version_of(user: &ScimUserResponse) -> String {
    user.meta
        .as_ref()
        .and_then(|m| m.additional_properties.get("version"))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("the user has no meta.version: {user:?}"))
        .to_owned()
}

/// The PUT body that sends a fetched user back as it is, undeclared attributes included.
/// A `ScimUser` needs a name and emails, so a user without them cannot be sent back this way.
fn put_body(user: &ScimUserResponse) -> ScimUser {
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
async fn find_by_user_name(sdk: &RingCentral, user_name: &str) -> [ScimUserShortInfo; 2] {
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

// ---------------------------------------------------------------------------------------------
// Users: create, read, search
// ---------------------------------------------------------------------------------------------

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
async fn search_via_get_by_user_name_eq() {
    let sdk = sdk();
    let prefix = unique("eq");
    let wanted = format!("{prefix}-a@example.com");
    let other = format!("{prefix}-b@example.com");
    let a = create(&sdk, &full_user(&wanted)).await;
    let b = create(&sdk, &minimal_user(&other)).await;
    let sent = full_user(&wanted);

    let page = search_get(&sdk, &filter(format!("userName eq \"{wanted}\""))).await;
    assert_eq!(page.total_results, Some(1), "{page:?}");
    assert_eq!(
        page.schemas.as_deref(),
        Some(&[ScimUserSearchResponseSchemasItem::UrnIetfParamsScimApiMessages20ListResponse][..])
    );
    let found = &page.resources.as_deref().expect("Resources")[0];
    assert_eq!(found.id, a.id);
    assert_eq!(found.user_name, wanted);
    assert_eq!(found.name.as_ref(), Some(&sent.name));
    assert_eq!(found.name, a.name);
    assert_eq!(found.emails.as_ref(), Some(&sent.emails));
    assert_eq!(found.emails, a.emails);
    assert_eq!(found.external_id, sent.external_id);
    assert_eq!(found.title, sent.title);
    assert_eq!(found.photos, sent.photos);
    assert_eq!(found.meta, a.meta);
    // The list entry schema declares neither addresses nor phone numbers: they are kept as
    // received in the catch-all, and nothing else is.
    assert_eq!(found.additional_properties, short_info_extras(&sent));
    assert_eq!(found.additional_properties.len(), 2);
    assert_eq!(
        found
            .urn_ietf_params_scim_schemas_extension_enterprise_2_0_user
            .as_ref()
            .and_then(|e| e.department.as_deref()),
        Some("Engineering")
    );
    assert_eq!(found.active, Some(true));

    // No match: an empty page, `Resources` present and empty.
    let none = search_get(
        &sdk,
        &filter(format!("userName eq \"{prefix}-none@example.com\"")),
    )
    .await;
    assert_eq!(none.total_results, Some(0));
    assert_eq!(
        none.resources.as_deref().map(<[_]>::len),
        Some(0),
        "{none:?}"
    );

    delete(&sdk, id_of(&a)).await;
    delete(&sdk, id_of(&b)).await;
}

#[tokio::test]
async fn search_via_get_pages_through_every_user_exactly_once() {
    const USERS: usize = 27;
    const PAGE: i32 = 10;
    let sdk = sdk();
    let prefix = unique("page");
    let mut created = BTreeMap::new();
    for i in 0..USERS {
        let user_name = format!("{prefix}-{i:02}@example.com");
        let user = create(&sdk, &minimal_user(&user_name)).await;
        created.insert(user_name, id_of(&user).to_owned());
    }

    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut start_index = 1;
    let mut pages = 0;
    loop {
        let params = ScimSearchViaGet2Params {
            filter: Some(format!("userName sw \"{prefix}\"")),
            start_index: Some(start_index),
            count: Some(PAGE),
        };
        let page = search_get(&sdk, &params).await;
        pages += 1;
        assert_eq!(
            page.total_results,
            Some(USERS as i64),
            "page at {start_index}: {page:?}"
        );
        assert_eq!(page.start_index, Some(i64::from(start_index)));
        let names = user_names(&page);
        assert_eq!(page.items_per_page, Some(names.len() as i64));
        let expected = (USERS - (start_index as usize - 1)).min(PAGE as usize);
        assert_eq!(names.len(), expected, "page at {start_index}");
        for name in names {
            *seen.entry(name).or_default() += 1;
        }
        start_index += PAGE;
        if start_index as usize > USERS {
            break;
        }
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(pages, 3);
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n != 1).collect();
    assert!(twice.is_empty(), "users seen more than once: {twice:?}");
    let seen_names: Vec<&String> = seen.keys().collect();
    let created_names: Vec<&String> = created.keys().collect();
    assert_eq!(
        seen_names, created_names,
        "the pages did not hold exactly the created users"
    );

    // Past the end: an empty page that still reports the total.
    let past = search_get(
        &sdk,
        &ScimSearchViaGet2Params {
            filter: Some(format!("userName sw \"{prefix}\"")),
            start_index: Some(USERS as i32 + 1),
            count: Some(PAGE),
        },
    )
    .await;
    assert_eq!(past.total_results, Some(USERS as i64));
    assert!(user_names(&past).is_empty(), "{past:?}");

    for id in created.values() {
        delete(&sdk, id).await;
    }
}

#[tokio::test]
async fn search_via_post_filters_and_pages() {
    let sdk = sdk();
    let prefix = unique("post");
    let mut ids = Vec::new();
    for i in 0..3 {
        let user = create(&sdk, &minimal_user(&format!("{prefix}-{i}@example.com"))).await;
        ids.push(id_of(&user).to_owned());
    }

    let request = |start_index: i32| ScimSearchRequest {
        count: Some(2),
        filter: Some(format!("userName sw \"{prefix}\"")),
        schemas: Some(vec![
            ScimSearchRequestSchemasItem::UrnIetfParamsScimApiMessages20SearchRequest,
        ]),
        start_index: Some(start_index),
    };
    let first = sdk
        .scim()
        .scim_search_via_post2(&request(1))
        .await
        .unwrap_or_else(|e| panic!("POST /Users/.search failed: {e:?}"));
    assert_eq!(first.total_results, Some(3), "{first:?}");
    assert_eq!(first.start_index, Some(1));
    let second = sdk
        .scim()
        .scim_search_via_post2(&request(3))
        .await
        .unwrap_or_else(|e| panic!("POST /Users/.search failed: {e:?}"));
    assert_eq!(second.total_results, Some(3));
    assert_eq!(second.start_index, Some(3));
    let mut names = user_names(&first);
    assert_eq!(names.len(), 2);
    names.extend(user_names(&second));
    names.sort();
    let expected: Vec<String> = (0..3)
        .map(|i| format!("{prefix}-{i}@example.com"))
        .collect();
    assert_eq!(names, expected);

    // An exact match through the body, too.
    let exact = ScimSearchRequest {
        filter: Some(format!("userName eq \"{prefix}-1@example.com\"")),
        ..ScimSearchRequest::default()
    };
    let found = sdk
        .scim()
        .scim_search_via_post2(&exact)
        .await
        .unwrap_or_else(|e| panic!("POST /Users/.search failed: {e:?}"));
    assert_eq!(found.total_results, Some(1));
    assert_eq!(
        found.resources.as_deref().expect("Resources")[0]
            .id
            .as_deref(),
        Some(ids[1].as_str())
    );

    // A malformed filter is a typed 400 invalidFilter.
    let bad = ScimSearchRequest {
        filter: Some("userName eq".to_owned()),
        ..ScimSearchRequest::default()
    };
    let api = api_error(sdk.scim().scim_search_via_post2(&bad).await);
    let body = scim_error(&api, StatusCode::BAD_REQUEST);
    assert_eq!(
        body.scim_type,
        Some(ScimErrorResponseScimType::InvalidFilter)
    );

    for id in &ids {
        delete(&sdk, id).await;
    }
}

// ---------------------------------------------------------------------------------------------
// Users: replace and patch
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Users: what the vendor schema leaves out
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Users: delete and errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn delete_then_get_is_a_typed_404() {
    let sdk = sdk();
    let created = create(&sdk, &minimal_user(&email("delete"))).await;
    let id = id_of(&created).to_owned();

    let response = sdk
        .scim()
        .scim_delete_user2(&id)
        .send_with_response()
        .await
        .unwrap_or_else(|e| panic!("DELETE failed: {e:?}"));
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    let api = api_error(sdk.scim().scim_get_user2(&id).await);
    let body = scim_error(&api, StatusCode::NOT_FOUND);
    assert_eq!(body.scim_type, None);
    assert_eq!(api.operation(), "scimGetUser2");
    assert_eq!(api.attempts(), 1, "a 404 is not retried");

    // Deleting again is a typed 404 too.
    let api = api_error(sdk.scim().scim_delete_user2(&id).await);
    scim_error(&api, StatusCode::NOT_FOUND);

    // The user is gone from searches.
    let page = search_get(
        &sdk,
        &filter(format!("userName eq \"{}\"", created.user_name)),
    )
    .await;
    assert_eq!(page.total_results, Some(0));
}

#[tokio::test]
async fn duplicate_user_name_is_a_typed_409_uniqueness() {
    let sdk = sdk();
    let user_name = email("dup");
    let first = create(&sdk, &minimal_user(&user_name)).await;

    let api = api_error(sdk.scim().scim_create_user2(&full_user(&user_name)).await);
    let body = scim_error(&api, StatusCode::CONFLICT);
    assert_eq!(body.scim_type, Some(ScimErrorResponseScimType::Uniqueness));
    assert_eq!(api.attempts(), 1, "a POST is not retried");

    // Only the first one exists.
    let page = search_get(&sdk, &filter(format!("userName eq \"{user_name}\""))).await;
    assert_eq!(page.total_results, Some(1));

    delete(&sdk, id_of(&first)).await;
}

#[tokio::test]
async fn wrong_token_is_a_typed_401() {
    let (url, _) = server();
    let intruder = client(&url, "not-the-token");

    let api = api_error(intruder.scim().scim_get_user2("anyone").await);
    scim_error(&api, StatusCode::UNAUTHORIZED);
    assert!(api.headers().contains_key("www-authenticate"), "{api:?}");

    let api = api_error(
        intruder
            .scim()
            .scim_search_via_get2(&ScimSearchViaGet2Params::default())
            .await,
    );
    scim_error(&api, StatusCode::UNAUTHORIZED);

    let api = api_error(
        intruder
            .scim()
            .scim_create_user2(&minimal_user(&email("401")))
            .await,
    );
    scim_error(&api, StatusCode::UNAUTHORIZED);

    // ServiceProviderConfig stays open without a valid token.
    intruder
        .scim()
        .scim_get_provider_config2()
        .await
        .unwrap_or_else(|e| panic!("ServiceProviderConfig is open, yet: {e:?}"));
}

#[tokio::test]
async fn wrong_token_on_discovery_is_a_typed_401() {
    let (url, _) = server();
    let intruder = client(&url, "not-the-token");

    // The spec documents only 403 or 404 for discovery, so 401 is an undocumented status; it
    // is still decoded as a SCIM error (`body()` is Some, with status "401").
    let api = api_error(intruder.scim().scim_list_schemas2().await);
    let body = scim_error(&api, StatusCode::UNAUTHORIZED);
    assert_eq!(body.scim_type, None);
    assert_eq!(api.operation(), "scimListSchemas2");
    assert!(api.headers().contains_key("www-authenticate"), "{api:?}");
    // The raw body stays available next to the typed one.
    let raw = String::from_utf8_lossy(api.raw_body());
    assert!(
        raw.contains(ERROR_URN) && raw.contains("\"401\""),
        "raw body: {raw}"
    );

    let api = api_error(intruder.scim().scim_get_schema2(CORE_USER).await);
    scim_error(&api, StatusCode::UNAUTHORIZED);
    let api = api_error(intruder.scim().scim_list_resource_types2().await);
    scim_error(&api, StatusCode::UNAUTHORIZED);
    let api = api_error(intruder.scim().scim_get_resource_type2("User").await);
    scim_error(&api, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn put_with_stale_if_match_is_a_typed_412() {
    let sdk = sdk();
    let user_name = email("etag");
    let created = create(&sdk, &full_user(&user_name)).await;
    let id = id_of(&created).to_owned();
    let before = get(&sdk, &id).await;
    let version = version_of(&before);
    assert_ne!(version, "W/\"0\"");

    let mut replacement = full_user(&user_name);
    replacement.title = Some("Stale".to_owned());
    let api = api_error(
        sdk.scim()
            .scim_update_user2(&id, &replacement)
            .header("If-Match", "W/\"0\"")
            .await,
    );
    // 412 is not documented for the PUT: decoded as a SCIM error all the same.
    let body = scim_error(&api, StatusCode::PRECONDITION_FAILED);
    assert_eq!(body.scim_type, None);
    assert_eq!(api.operation(), "scimUpdateUser2");
    assert_eq!(api.attempts(), 1, "a 412 is not retried");
    // Nothing changed.
    assert_eq!(get(&sdk, &id).await, before);

    // The current version lets the same PUT through.
    let response = sdk
        .scim()
        .scim_update_user2(&id, &replacement)
        .header("If-Match", &version)
        .send_with_response()
        .await
        .unwrap_or_else(|e| panic!("PUT with If-Match {version} failed: {e:?}"));
    assert_eq!(response.status(), StatusCode::OK);
    let updated = response.body();
    assert_eq!(updated.title.as_deref(), Some("Stale"));
    let new_version = version_of(updated);
    assert_ne!(new_version, version);
    assert_eq!(
        response.headers().get("etag").and_then(|v| v.to_str().ok()),
        Some(new_version.as_str())
    );

    // ... after which the old version is stale in turn.
    replacement.title = Some("Staler".to_owned());
    let api = api_error(
        sdk.scim()
            .scim_update_user2(&id, &replacement)
            .header("If-Match", &version)
            .await,
    );
    scim_error(&api, StatusCode::PRECONDITION_FAILED);
    assert_eq!(get(&sdk, &id).await.title.as_deref(), Some("Stale"));

    delete(&sdk, &id).await;
}

// ---------------------------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn schemas_list_and_get_by_urn() {
    let sdk = sdk();
    let list = sdk
        .scim()
        .scim_list_schemas2()
        .await
        .unwrap_or_else(|e| panic!("GET /Schemas failed: {e:?}"));
    let schemas = list.resources.as_deref().expect("Resources");
    let ids: Vec<&str> = schemas.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, [CORE_USER, CORE_GROUP, ENTERPRISE_USER]);
    assert_eq!(list.total_results, Some(3));

    // `binary` is not in the vendor's attribute type enum: it lands in the catch-all.
    let mut binary = Vec::new();
    for schema in schemas {
        let mut attributes = BTreeMap::new();
        flatten_attributes(
            "",
            schema.attributes.as_deref().unwrap_or_default(),
            &mut attributes,
        );
        for (path, attribute) in attributes {
            if attribute.r#type == ScimSchemaAttributeType::Other("binary".to_owned()) {
                assert_eq!(attribute.r#type.as_str(), "binary");
                binary.push(format!("{}:{path}", schema.id));
            }
        }
    }
    assert_eq!(binary, [format!("{CORE_USER}:x509Certificates.value")]);

    for schema in schemas {
        // The URN goes into the path with its colons.
        let one = sdk
            .scim()
            .scim_get_schema2(&schema.id)
            .await
            .unwrap_or_else(|e| panic!("GET /Schemas/{} failed: {e:?}", schema.id));
        assert_eq!(&one, schema);
        assert_eq!(
            one.meta.as_ref().and_then(|m| m.resource_type.clone()),
            Some(ScimMetaResourceType::Schema)
        );
    }

    let user = &schemas[0];
    assert_eq!(user.name.as_deref(), Some("User"));
    let mut attributes = BTreeMap::new();
    flatten_attributes(
        "",
        user.attributes.as_deref().expect("attributes"),
        &mut attributes,
    );
    let user_name = attributes["userName"];
    assert!(user_name.required);
    assert!(!user_name.multi_valued);
    assert_eq!(user_name.r#type, ScimSchemaAttributeType::String);
    assert_eq!(user_name.uniqueness.as_str(), "server");
    let emails = attributes["emails"];
    assert!(emails.multi_valued);
    assert_eq!(emails.r#type, ScimSchemaAttributeType::Complex);
    assert_eq!(
        attributes["emails.value"].r#type,
        ScimSchemaAttributeType::String
    );
    assert_eq!(attributes["groups"].mutability.as_str(), "readOnly");
    let password = attributes["password"];
    assert_eq!(password.mutability.as_str(), "writeOnly");
    assert_eq!(password.returned.as_str(), "never");

    let group = &schemas[1];
    assert_eq!(group.name.as_deref(), Some("Group"));
    let mut attributes = BTreeMap::new();
    flatten_attributes(
        "",
        group.attributes.as_deref().expect("attributes"),
        &mut attributes,
    );
    assert!(attributes.contains_key("displayName"));
    assert_eq!(attributes["members.value"].mutability.as_str(), "immutable");

    let enterprise = &schemas[2];
    let names: Vec<&str> = enterprise
        .attributes
        .as_deref()
        .expect("attributes")
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert!(names.contains(&"department"), "{names:?}");

    // An unknown URN is a typed 404.
    let api = api_error(
        sdk.scim()
            .scim_get_schema2("urn:example:no:such:schema")
            .await,
    );
    scim_error(&api, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn resource_types_list_and_get() {
    let sdk = sdk();
    let list = sdk
        .scim()
        .scim_list_resource_types2()
        .await
        .unwrap_or_else(|e| panic!("GET /ResourceTypes failed: {e:?}"));
    let types = list.resources.as_deref().expect("Resources");
    let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["User", "Group"]);
    assert_eq!(list.total_results, Some(2));

    let user = sdk
        .scim()
        .scim_get_resource_type2("User")
        .await
        .unwrap_or_else(|e| panic!("GET /ResourceTypes/User failed: {e:?}"));
    assert_eq!(&user, &types[0]);
    assert_eq!(user.id.as_deref(), Some("User"));
    assert_eq!(user.endpoint, "/Users");
    assert_eq!(
        user.schema,
        ScimResourceTypeResponseSchema::UrnIetfParamsScimSchemasCore20User
    );
    let extensions = user.schema_extensions.as_deref().expect("schemaExtensions");
    assert_eq!(extensions.len(), 1);
    assert_eq!(
        extensions[0].schema,
        ScimSchemaExtensionSchema::UrnIetfParamsScimSchemasExtensionEnterprise20User
    );
    assert!(!extensions[0].required);
    assert_eq!(
        user.meta.as_ref().and_then(|m| m.resource_type.clone()),
        Some(ScimMetaResourceType::ResourceType)
    );

    // Group's schema URN is not in the vendor's enum (it lists only User): the catch-all.
    let group = sdk
        .scim()
        .scim_get_resource_type2("Group")
        .await
        .unwrap_or_else(|e| panic!("GET /ResourceTypes/Group failed: {e:?}"));
    assert_eq!(&group, &types[1]);
    assert_eq!(group.name, "Group");
    assert_eq!(group.endpoint, "/Groups");
    assert_eq!(
        group.schema,
        ScimResourceTypeResponseSchema::Other(CORE_GROUP.to_owned())
    );
    assert_eq!(group.schema.as_str(), CORE_GROUP);
    assert_eq!(group.schema_extensions, None);

    let api = api_error(sdk.scim().scim_get_resource_type2("NoSuchType").await);
    scim_error(&api, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn service_provider_config_advertises_features() {
    let sdk = sdk();
    let config = sdk
        .scim()
        .scim_get_provider_config2()
        .await
        .unwrap_or_else(|e| panic!("GET /ServiceProviderConfig failed: {e:?}"));
    assert_eq!(
        config.schemas.as_deref(),
        Some(
            &[ScimProviderConfigSchemasItem::UrnIetfParamsScimSchemasCore20ServiceProviderConfig][..]
        )
    );
    assert!(config.patch.as_ref().expect("patch").supported);
    assert!(config.sort.as_ref().expect("sort").supported);
    assert!(config.etag.as_ref().expect("etag").supported);
    assert!(
        config
            .change_password
            .as_ref()
            .expect("changePassword")
            .supported
    );
    let bulk = config.bulk.as_ref().expect("bulk");
    assert!(bulk.supported);
    assert_eq!(bulk.max_operations, Some(1000));
    assert_eq!(bulk.max_payload_size, Some(1_048_576));
    let filter = config.filter.as_ref().expect("filter");
    assert!(filter.supported);
    assert_eq!(filter.max_results, Some(1000));
    let schemes = config
        .authentication_schemes
        .as_deref()
        .expect("authenticationSchemes");
    assert_eq!(schemes.len(), 1);
    assert_eq!(schemes[0].name.as_deref(), Some("bearer_token"));
    assert_eq!(
        schemes[0].spec_uri.as_deref(),
        Some("https://datatracker.ietf.org/doc/html/rfc6750")
    );
}
