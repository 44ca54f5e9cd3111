//! Shared helpers: the SDK client, unique names, user builders, filters, PATCH bodies,
//! searches, error checks, raw JSON and cleanup.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;
use ringcentral_scim::filter::{Expr, attr};
use ringcentral_scim::models::{
    ScimEmail, ScimEmailType, ScimEnterpriseUser, ScimErrorResponse, ScimErrorResponseSchemasItem,
    ScimErrorResponseStatus, ScimName, ScimPatchUser2Response, ScimPhoneNumber,
    ScimPhoneNumberType, ScimPhoto, ScimPhotoType, ScimSchemaAttribute, ScimSearchRequest,
    ScimUser, ScimUserAddress, ScimUserAddressType, ScimUserPatch, ScimUserResponse,
    ScimUserSchemaUrn, ScimUserSearchResponse, ScimUserShortInfo,
};
use ringcentral_scim::patch::PatchBuilder;
use ringcentral_scim::{ApiError, Error, RingCentral};
use serde::Serialize;
use serde_json::{Map, Value, json};

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

/// A user with every attribute of the vendor's user schema filled in; `user_name` is also the
/// work email. (`round_trip::complete_user` adds every other RFC 7643 attribute.)
pub fn full_user(user_name: &str) -> ScimUser {
    ScimUser::new(user_name)
        .with_active(true)
        .with_addresses(vec![
            ScimUserAddress::new()
                .with_type(ScimUserAddressType::Work)
                .with_country("US")
                .with_locality("Belmont")
                .with_postal_code("94002")
                .with_region("CA")
                .with_street_address("20 Davis Drive"),
        ])
        .with_emails(vec![
            ScimEmail::new(user_name).with_type(ScimEmailType::Work),
        ])
        .with_external_id(format!("ext-{user_name}"))
        .with_name(
            ScimName::new()
                .with_family_name("Lovelace")
                .with_given_name("Ada"),
        )
        .with_phone_numbers(vec![
            ScimPhoneNumber::new("+16505551234").with_type(ScimPhoneNumberType::Work),
        ])
        .with_photos(vec![
            ScimPhoto::new("https://example.com/photos/ada.png").with_type(ScimPhotoType::Photo),
        ])
        .with_schemas(vec![
            ScimUserSchemaUrn::CoreUser,
            ScimUserSchemaUrn::EnterpriseUser,
        ])
        .with_title("Analyst")
        .with_enterprise_user(ScimEnterpriseUser::new().with_department("Engineering"))
}

/// What RingCentral requires of a new user (a userName that is also the work email, and a
/// name), plus `active`.
pub fn minimal_user(user_name: &str) -> ScimUser {
    ScimUser::new(user_name)
        .with_active(true)
        .with_emails(vec![
            ScimEmail::new(user_name).with_type(ScimEmailType::Work),
        ])
        .with_name(
            ScimName::new()
                .with_family_name("Tester")
                .with_given_name("Paging"),
        )
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

/// Replaces a user with `body` and returns the server's answer.
pub async fn put(sdk: &RingCentral, id: &str, body: &ScimUser) -> ScimUserResponse {
    sdk.scim()
        .scim_update_user2(id, body)
        .await
        .unwrap_or_else(|e| panic!("PUT of user {id} failed: {e:?}\nbody: {}", to_json(body)))
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
        Some(&[ScimErrorResponseSchemasItem::Error][..]),
        "error schemas: {body:?}"
    );
    assert_eq!(ScimErrorResponseSchemasItem::Error.as_str(), ERROR_URN);
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
    // Every member of the error body is a declared one.
    assert_eq!(body.additional_properties, Map::new(), "{body:?}");
    body
}

/// What a GET search asks for: a filter and a page.
#[derive(Debug, Clone, Default)]
pub struct Search {
    filter: Option<String>,
    start_index: Option<i32>,
    count: Option<i32>,
}

impl Search {
    pub fn with_start_index(mut self, start_index: i32) -> Self {
        self.start_index = Some(start_index);
        self
    }

    pub fn with_count(mut self, count: i32) -> Self {
        self.count = Some(count);
        self
    }
}

pub async fn search_get(sdk: &RingCentral, search: &Search) -> ScimUserSearchResponse {
    let mut request = sdk.scim().scim_search_via_get2();
    if let Some(filter) = &search.filter {
        request = request.filter(filter.as_str());
    }
    if let Some(start_index) = search.start_index {
        request = request.start_index(start_index);
    }
    if let Some(count) = search.count {
        request = request.count(count);
    }
    request
        .await
        .unwrap_or_else(|e| panic!("GET /Users with {search:?} failed: {e:?}"))
}

/// The text of a filter built with `ringcentral_scim::filter` (which escapes every value).
pub fn filter_text(expression: impl Into<Expr>) -> String {
    expression
        .into()
        .build()
        .unwrap_or_else(|e| panic!("the filter does not build: {e}"))
        .to_string()
}

/// A GET search with a built filter.
pub fn filter(expression: impl Into<Expr>) -> Search {
    Search {
        filter: Some(filter_text(expression)),
        ..Search::default()
    }
}

/// `userName eq "<user_name>"`.
pub fn user_name_is(user_name: &str) -> Expr {
    attr("userName").eq(user_name)
}

/// `userName sw "<prefix>"`.
pub fn user_name_starts_with(prefix: &str) -> Expr {
    attr("userName").sw(prefix)
}

pub fn user_names(page: &ScimUserSearchResponse) -> Vec<String> {
    page.resources
        .as_deref()
        .unwrap_or_default()
        .iter()
        .filter_map(|u| u.user_name.clone())
        .collect()
}

pub fn department(user: &ScimUserResponse) -> Option<&str> {
    user.enterprise_user
        .as_ref()
        .and_then(|e| e.department.as_deref())
}

/// The generated PATCH body for a request built with `ringcentral_scim::patch`, converted
/// through its JSON; the conversion is checked to keep every member.
pub fn patch(request: PatchBuilder) -> ScimUserPatch {
    let request = request
        .build()
        .unwrap_or_else(|e| panic!("the PATCH request does not build: {e}"));
    let wire = request.to_json();
    let body: ScimUserPatch = serde_json::from_value(request.into())
        .unwrap_or_else(|e| panic!("the PATCH request is no ScimUserPatch: {e}\n{wire}"));
    assert_eq!(
        to_json(&body),
        wire,
        "the conversion lost or changed something"
    );
    body
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

/// What a search entry (`ScimUserShortInfo`, which declares neither `addresses` nor
/// `phoneNumbers`) keeps in its catch-all map for a user created from `sent`.
pub fn short_info_extras(sent: &ScimUser) -> Map<String, Value> {
    let mut extras = Map::new();
    if let Some(addresses) = &sent.addresses {
        extras.insert("addresses".to_owned(), json!(addresses));
    }
    if let Some(phone_numbers) = &sent.phone_numbers {
        extras.insert("phoneNumbers".to_owned(), json!(phone_numbers));
    }
    extras
}

/// A search entry holds every attribute of the user it stands for, typed, and nothing in
/// its catch-all.
pub fn assert_entry_holds(found: &ScimUserShortInfo, sent: &ScimUser) {
    assert_eq!(found.addresses, sent.addresses, "{found:?}");
    assert_eq!(found.phone_numbers, sent.phone_numbers, "{found:?}");
    assert_eq!(found.additional_properties, Map::new(), "{found:?}");
}

/// The `meta.version` the server reports for a user (its current ETag).
pub fn version_of(user: &ScimUserResponse) -> String {
    user.meta
        .as_ref()
        .and_then(|m| m.version.clone())
        .unwrap_or_else(|| panic!("the user has no meta.version: {user:?}"))
}

/// Finds `user_name` through both search operations (GET and POST `.search`), checks each
/// found exactly that user, and returns the two entries.
pub async fn find_by_user_name(sdk: &RingCentral, user_name: &str) -> [ScimUserShortInfo; 2] {
    let via_get = search_get(sdk, &filter(user_name_is(user_name))).await;
    let via_post = sdk
        .scim()
        .scim_search_via_post2(
            &ScimSearchRequest::new().with_filter(filter_text(user_name_is(user_name))),
        )
        .await
        .unwrap_or_else(|e| panic!("POST /Users/.search for {user_name} failed: {e:?}"));
    [via_get, via_post].map(|page| {
        assert_eq!(page.total_results, Some(1), "{page:?}");
        let mut resources = page.resources.unwrap_or_default();
        assert_eq!(resources.len(), 1, "Resources: {resources:?}");
        let found = resources.remove(0);
        assert_eq!(found.user_name.as_deref(), Some(&*user_name));
        found
    })
}

/// A typed value as JSON, through the SDK's own serializer.
pub fn to_json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).expect("an SDK model serializes")
}

/// `GET <base>/scim/v2/<path>?<query>` with plain reqwest (no SDK code involved): the JSON the
/// server sent, exactly.
pub async fn raw_get(path: &str, query: &[(&str, &str)]) -> Value {
    let (url, token) = server();
    let response = reqwest::Client::new()
        .get(format!("{}/scim/v2/{path}", url.trim_end_matches('/')))
        .query(query)
        .bearer_auth(token)
        .header("Accept", "application/scim+json")
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET /scim/v2/{path} failed: {e}"));
    assert_eq!(response.status(), StatusCode::OK, "GET /scim/v2/{path}");
    let text = response
        .text()
        .await
        .unwrap_or_else(|e| panic!("reading GET /scim/v2/{path} failed: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("GET /scim/v2/{path}: {e}: {text}"))
}
