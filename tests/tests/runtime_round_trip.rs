//! Members the SDK does not declare, at every depth of a user, are decoded into the catch-all
//! maps and sent back by a PUT built with `ScimUser::from` (served by wiremock: scim2-server
//! refuses such members, see `e2e_scim/round_trip.rs`); members it declares are found under any
//! spelling of their names (RFC 7643 §2.1), and listed values under any case (§2.2).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]
mod common;

use common::{received, sdk};
use ringcentral_scim::models::{
    ScimEmailType, ScimEnterpriseUser, ScimPatchOperationOp, ScimPhoneNumber, ScimPhoneNumberType,
    ScimUser, ScimUserPatch, ScimUserResponse, ScimUserSchemaUrn,
};
use serde_json::{Map, Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const VENDOR: &str = "urn:example:params:scim:schemas:extension:vendor:2.0:User";

/// A user with one undeclared member (`x-<where>`) in every object, typed ones included.
fn user_with_unknown_members() -> Value {
    json!({
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            ENTERPRISE,
            VENDOR,
        ],
        "id": "u-1",
        "externalId": "ext-1",
        "userName": "ada@example.com",
        "x-top": {"nested": [1, "two", null]},
        "name": {"familyName": "Lovelace", "givenName": "Ada", "middleName": "King",
                 "x-name": "in name"},
        "displayName": "Ada Lovelace",
        "emails": [{"value": "ada@example.com", "type": "work", "primary": true,
                    "x-email": "in emails[0]"}],
        "phoneNumbers": [{"value": "+16505551234", "type": "work", "x-phone": 1}],
        "ims": [{"value": "ada@xmpp.example.com", "type": "xmpp", "x-im": true}],
        "photos": [{"value": "https://example.com/ada.png", "type": "photo",
                    "x-photo": "in photos[0]"}],
        "addresses": [{"type": "work", "locality": "Belmont", "formatted": "Belmont",
                       "x-address": {"lat": 37.5}}],
        "entitlements": [{"value": "analytics", "x-entitlement": "e"}],
        "roles": [{"value": "admin", "primary": true, "x-role": "r"}],
        "x509Certificates": [{"value": "MIIB", "x-certificate": "c"}],
        "groups": [{"value": "g-1", "display": "Staff", "$ref": "https://example.com/Groups/g-1",
                    "x-group": "g"}],
        ENTERPRISE: {
            "employeeNumber": "701984",
            "department": "Tour Operations",
            "x-enterprise": "in the extension",
            "manager": {"value": "m-1", "displayName": "John Smith", "x-manager": "m"},
        },
        VENDOR: {"badge": "B-1", "clearance": {"level": 3}},
        "meta": {
            "resourceType": "User",
            "created": "2010-01-23T04:56:22Z",
            "lastModified": "2011-05-13T04:42:34Z",
            "location": "https://example.com/scim/v2/Users/u-1",
            "version": "W/\"a330bc54f0671c9\"",
            "x-meta": "in meta",
        },
    })
}

/// A catch-all map holding one member.
fn member(name: &str, value: Value) -> Map<String, Value> {
    Map::from_iter([(name.to_owned(), value)])
}

#[tokio::test]
async fn unknown_members_at_every_depth_are_kept_and_sent_back_by_put() {
    let server = MockServer::start().await;
    let sent = user_with_unknown_members();
    Mock::given(method("GET"))
        .and(path("/scim/v2/Users/u-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&sent))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/scim/v2/Users/u-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&sent))
        .mount(&server)
        .await;
    let sdk = sdk(&server);

    let user = sdk
        .scim()
        .scim_get_user2("u-1")
        .await
        .unwrap_or_else(|e| panic!("GET failed: {e:?}"));
    // Each undeclared member is in the catch-all of the object that held it.
    let top = Map::from_iter([
        ("x-top".to_owned(), sent["x-top"].clone()),
        (VENDOR.to_owned(), sent[VENDOR].clone()),
    ]);
    assert_eq!(user.additional_properties, top);
    let catch_alls = [
        (
            "name",
            &user.name.as_ref().expect("name").additional_properties,
        ),
        (
            "emails",
            &user.emails.as_deref().expect("emails")[0].additional_properties,
        ),
        (
            "phoneNumbers",
            &user.phone_numbers.as_deref().expect("phoneNumbers")[0].additional_properties,
        ),
        (
            "ims",
            &user.ims.as_deref().expect("ims")[0].additional_properties,
        ),
        (
            "photos",
            &user.photos.as_deref().expect("photos")[0].additional_properties,
        ),
        (
            "addresses",
            &user.addresses.as_deref().expect("addresses")[0].additional_properties,
        ),
        (
            "entitlements",
            &user.entitlements.as_deref().expect("entitlements")[0].additional_properties,
        ),
        (
            "roles",
            &user.roles.as_deref().expect("roles")[0].additional_properties,
        ),
        (
            "x509Certificates",
            &user.x509_certificates.as_deref().expect("x509Certificates")[0].additional_properties,
        ),
        (
            "groups",
            &user.groups.as_deref().expect("groups")[0].additional_properties,
        ),
        (
            "meta",
            &user.meta.as_ref().expect("meta").additional_properties,
        ),
    ];
    for (name, catch_all) in catch_alls {
        let raw = match &sent[name] {
            Value::Array(items) => &items[0],
            object => object,
        };
        let expected: Map<String, Value> = raw
            .as_object()
            .expect("an object")
            .iter()
            .filter(|(key, _)| key.starts_with("x-"))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        assert_eq!(expected.len(), 1, "{name}");
        assert_eq!(catch_all, &expected, "{name}");
    }
    let enterprise = user.enterprise_user.as_ref().expect("enterprise extension");
    assert_eq!(
        enterprise.additional_properties,
        member("x-enterprise", json!("in the extension"))
    );
    let manager = enterprise.manager.as_ref().expect("manager");
    assert_eq!(manager.display_name.as_deref(), Some("John Smith"));
    assert_eq!(
        manager.additional_properties,
        member("x-manager", json!("m"))
    );

    // The typed user serializes back to exactly what was received.
    assert_eq!(serde_json::to_value(&user).expect("serializes"), sent);

    // get -> PUT: the body is the fetched user, whole.
    let body = ScimUser::try_from(user).expect("a whole user converts");
    assert_eq!(serde_json::to_value(&body).expect("serializes"), sent);
    sdk.scim()
        .scim_update_user2("u-1", &body)
        .await
        .unwrap_or_else(|e| panic!("PUT failed: {e:?}"));
    let requests = received(&server).await;
    let put = requests
        .iter()
        .find(|r| r.method.as_str() == "PUT")
        .expect("a PUT was sent");
    let wire: Value = serde_json::from_slice(&put.body).expect("a JSON body");
    assert_eq!(wire, sent);
}

#[tokio::test]
async fn a_search_entry_becomes_a_put_body_with_everything_it_holds() {
    let server = MockServer::start().await;
    let entry = user_with_unknown_members();
    let page = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": 1,
        "startIndex": 1,
        "itemsPerPage": 1,
        "Resources": [entry.clone()],
    });
    Mock::given(method("GET"))
        .and(path("/scim/v2/Users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&page))
        .mount(&server)
        .await;
    let sdk = sdk(&server);
    let found = sdk
        .scim()
        .scim_search_via_get2()
        .await
        .unwrap_or_else(|e| panic!("search failed: {e:?}"));
    assert_eq!(serde_json::to_value(&found).expect("serializes"), page);
    let user = found.resources.expect("Resources").remove(0);
    // The entry declares addresses and phone numbers (our overlay): they are typed.
    assert!(
        user.addresses.is_some() && user.phone_numbers.is_some(),
        "{user:?}"
    );
    assert!(!user.additional_properties.contains_key("addresses"));
    let body = ScimUser::try_from(user).expect("a whole user converts");
    assert_eq!(serde_json::to_value(&body).expect("serializes"), entry);
}

/// The PUT body made from a search entry lets a caller change its phone numbers: the body sent
/// holds each member once, with the new value (never the entry's old value beside it).
#[tokio::test]
async fn a_put_body_made_from_a_search_entry_sends_edited_phone_numbers() {
    let server = MockServer::start().await;
    let entry = user_with_unknown_members();
    let page = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": 1,
        "Resources": [entry.clone()],
    });
    Mock::given(method("GET"))
        .and(path("/scim/v2/Users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&page))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/scim/v2/Users/u-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&entry))
        .mount(&server)
        .await;
    let sdk = sdk(&server);
    let found = sdk
        .scim()
        .scim_search_via_get2()
        .await
        .unwrap_or_else(|e| panic!("search failed: {e:?}"));
    let mut body = ScimUser::try_from(found.resources.expect("Resources").remove(0))
        .expect("a whole user converts");
    let edited = ScimPhoneNumber::new("+16505550000").with_type(ScimPhoneNumberType::Mobile);
    body.phone_numbers = Some(vec![edited.clone()]);
    sdk.scim()
        .scim_update_user2("u-1", &body)
        .await
        .unwrap_or_else(|e| panic!("PUT failed: {e:?}"));
    let requests = received(&server).await;
    let put = requests
        .iter()
        .find(|r| r.method.as_str() == "PUT")
        .expect("a PUT was sent");
    let text = String::from_utf8_lossy(&put.body);
    assert_eq!(
        text.matches("\"phoneNumbers\":").count(),
        1,
        "phoneNumbers is sent more than once: {text}"
    );
    let wire: Value = serde_json::from_slice(&put.body).expect("a JSON body");
    assert_eq!(wire["phoneNumbers"], json!([edited]), "{text}");
    // The conversion types what `ScimUser` declares.
    assert_eq!(
        body.addresses.as_ref().map(|a| json!(a)),
        Some(entry["addresses"].clone())
    );
    assert!(
        !body.additional_properties.contains_key("addresses")
            && !body.additional_properties.contains_key("phoneNumbers"),
        "{:?}",
        body.additional_properties.keys().collect::<Vec<_>>()
    );
}

/// RFC 7643 §3: a resource lists the URN of each extension it carries in `schemas`. Setting
/// the enterprise extension lists it, once, whatever `schemas` held before.
#[test]
fn setting_the_enterprise_extension_lists_its_urn_once() {
    let user = ScimUser::new("bjensen")
        .with_enterprise_user(ScimEnterpriseUser::new().with_department("R&D"))
        .with_enterprise_user(ScimEnterpriseUser::new().with_department("Tour Operations"));
    assert_eq!(
        user.schemas,
        [
            ScimUserSchemaUrn::CoreUser,
            ScimUserSchemaUrn::EnterpriseUser
        ]
    );
    let body = serde_json::to_value(&user).unwrap();
    assert_eq!(
        body["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE])
    );
    assert_eq!(body[ENTERPRISE]["department"], "Tour Operations");

    // Set after `with_schemas`, which replaces the list, it still ends up listed.
    let user = ScimUser::new("bjensen")
        .with_schemas(vec![ScimUserSchemaUrn::EnterpriseUser])
        .with_enterprise_user(ScimEnterpriseUser::new());
    assert_eq!(user.schemas, [ScimUserSchemaUrn::EnterpriseUser]);
    // A user without the extension lists only the core schema.
    assert_eq!(
        ScimUser::new("bjensen").schemas,
        [ScimUserSchemaUrn::CoreUser]
    );
}

/// RFC 7643 §2.2: string values are not case-exact unless an attribute says so. `"Work"` is the
/// email type `work` and `"Replace"` (sent by Azure AD) the PATCH op `replace`; a value no
/// variant has under any case is kept as received.
#[test]
fn listed_values_in_any_case_are_their_variants() {
    let user: ScimUserResponse = serde_json::from_value(json!({
        "userName": "bjensen",
        "emails": [
            {"value": "a@example.com", "type": "Work"},
            {"value": "b@example.com", "type": "HOME"},
            {"value": "c@example.com", "type": "pager"},
        ],
    }))
    .unwrap();
    let kinds: Vec<_> = user
        .emails
        .unwrap()
        .into_iter()
        .map(|email| email.r#type.unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            ScimEmailType::Work,
            ScimEmailType::Home,
            ScimEmailType::Unknown("pager".to_owned())
        ]
    );
    let patch: ScimUserPatch = serde_json::from_value(json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Replace", "path": "active", "value": false}],
    }))
    .unwrap();
    assert_eq!(patch.operations[0].op, ScimPatchOperationOp::Replace);
    // Written back as the document lists it.
    assert_eq!(
        serde_json::to_value(&patch).unwrap()["Operations"][0]["op"],
        "replace"
    );
}

/// `value` with every member name, at every depth, spelled by `spell`.
fn respelled(value: &Value, spell: fn(&str) -> String) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(name, value)| (spell(name), respelled(value, spell)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| respelled(v, spell)).collect()),
        other => other.clone(),
    }
}

/// RFC 7643 §2.1: attribute names are case-insensitive, so a server may send `UserName`,
/// `EMAILS` or the extension's URN in capitals. Each reaches its typed field (nothing is left
/// in a catch-all map, which would send it back beside the field) and is written back with the
/// declared spelling.
#[tokio::test]
async fn members_spelled_in_any_case_reach_their_fields_and_are_sent_canonical() {
    let canonical = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        "id": "u-1",
        "userName": "ada@example.com",
        "name": {"givenName": "Ada", "familyName": "Lovelace"},
        "emails": [{"value": "ada@example.com", "type": "work", "primary": true}],
        "phoneNumbers": [{"value": "+16505551234", "type": "work"}],
        "active": true,
        ENTERPRISE: {"employeeNumber": "701984", "manager": {"value": "m-1", "$ref": "../Users/m-1"}},
        "meta": {"resourceType": "User", "lastModified": "2011-05-13T04:42:34Z"},
    });
    let capitalized: fn(&str) -> String = |name| {
        let mut chars = name.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_ascii_uppercase().to_string() + chars.as_str()
        })
    };
    let shouted: fn(&str) -> String = str::to_ascii_uppercase;
    let server = MockServer::start().await;
    let sdk = sdk(&server);
    for spell in [capitalized, shouted] {
        let sent = respelled(&canonical, spell);
        server.reset().await;
        Mock::given(method("GET"))
            .and(path("/scim/v2/Users/u-1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(&sent))
            .mount(&server)
            .await;
        let user: ScimUserResponse = sdk
            .scim()
            .scim_get_user2("u-1")
            .await
            .unwrap_or_else(|e| panic!("GET failed: {e:?}"));
        assert_eq!(user.user_name.as_deref(), Some("ada@example.com"), "{sent}");
        let name = user.name.as_ref().expect("name");
        assert_eq!(name.given_name.as_deref(), Some("Ada"));
        assert_eq!(user.emails.as_ref().expect("emails")[0].primary, Some(true));
        let enterprise = user.enterprise_user.as_ref().expect("the extension");
        assert_eq!(enterprise.employee_number.as_deref(), Some("701984"));
        let manager = enterprise.manager.as_ref().expect("manager");
        assert_eq!(manager.r#ref.as_deref(), Some("../Users/m-1"));
        assert!(
            user.additional_properties.is_empty()
                && name.additional_properties.is_empty()
                && enterprise.additional_properties.is_empty()
                && manager.additional_properties.is_empty(),
            "{user:?}"
        );
        // Every depth: a member left in a catch-all map would come back with its odd spelling.
        assert_eq!(serde_json::to_value(&user).expect("serializes"), canonical);
        let body = ScimUser::try_from(user).expect("a whole user converts");
        assert_eq!(serde_json::to_value(&body).expect("serializes"), canonical);
    }
}
