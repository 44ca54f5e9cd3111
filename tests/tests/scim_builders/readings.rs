//! The SCIM readings `convert.rs` adds to generated models: a resource's entity tag from
//! `meta.version`, an error body's status and its message.

use ringcentral_scim::models::{
    ScimErrorResponse, ScimErrorResponseStatus, ScimUserResponse, ScimUserSearchResponse,
};
use serde_json::json;

#[test]
fn a_user_read_from_a_list_gives_its_etag_from_meta_version() {
    let page: ScimUserSearchResponse = serde_json::from_value(json!({
        "totalResults": 2,
        "Resources": [
            {"userName": "a", "meta": {"version": "W/\"3\""}},
            {"userName": "b", "meta": {"created": "2024-01-01T00:00:00Z"}},
        ],
    }))
    .unwrap();
    let etags: Vec<_> = page
        .resources
        .as_deref()
        .unwrap()
        .iter()
        .map(|user| user.etag())
        .collect();
    assert_eq!(etags, [Some("W/\"3\""), None]);
    let user: ScimUserResponse =
        serde_json::from_value(json!({"userName": "c", "meta": {"version": "v9"}})).unwrap();
    assert_eq!(user.etag(), Some("v9"));
    let bare: ScimUserResponse = serde_json::from_value(json!({"userName": "d"})).unwrap();
    assert_eq!(bare.etag(), None);
}

#[test]
fn an_error_body_states_its_status_and_reads_as_its_detail() {
    let body: ScimErrorResponse = serde_json::from_value(json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "status": "409",
        "scimType": "uniqueness",
        "detail": "userName is taken",
    }))
    .unwrap();
    assert_eq!(
        body.status
            .as_ref()
            .and_then(ScimErrorResponseStatus::as_u16),
        Some(409)
    );
    assert_eq!(body.to_string(), "userName is taken (scimType: uniqueness)");

    let numeric: ScimErrorResponse = serde_json::from_value(json!({"status": 404})).unwrap();
    assert_eq!(
        numeric
            .status
            .as_ref()
            .and_then(ScimErrorResponseStatus::as_u16),
        Some(404)
    );
    assert_eq!(numeric.to_string(), "SCIM error");
    for odd in [json!("four"), json!(-1), json!(70000), json!({"code": 404})] {
        let body: ScimErrorResponse = serde_json::from_value(json!({"status": odd})).unwrap();
        assert_eq!(
            body.status
                .as_ref()
                .and_then(ScimErrorResponseStatus::as_u16),
            None,
            "{odd}"
        );
    }
}
