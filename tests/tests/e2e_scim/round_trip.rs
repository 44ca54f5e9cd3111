//! Users: every RFC 7643 attribute scim2-server stores goes GET -> PUT -> GET unchanged, and
//! members set only through nested catch-all maps are sent and kept.
//!
//! What scim2-server 0.8.3 accepts, found by experiment: every core (§4.1) and enterprise
//! (§4.3) attribute with `primary`, `display` and `type` on the multi-valued ones, except
//! `addresses[].display` (400 invalidSyntax: its address schema has no `display`). `password`
//! is accepted and never returned (writeOnly), `groups` and `manager.displayName` are silently
//! dropped (readOnly), a relative `manager.$ref` is rewritten against the base URL (an
//! absolute one is kept), `x509Certificates[].value` must be base64 (400 invalidValue), at most
//! one value per attribute may be `primary` (400 invalidValue), and any member its schemas do
//! not define, at any depth, is refused with 400 invalidSyntax naming its path.

use reqwest::StatusCode;
use ringcentral_scim::RingCentral;
use ringcentral_scim::models::{
    ScimEmail, ScimEmailType, ScimEnterpriseUser, ScimErrorResponseScimType, ScimManager,
    ScimMultiValue, ScimName, ScimPhoneNumber, ScimPhoneNumberType, ScimPhoto, ScimPhotoType,
    ScimUser, ScimUserAddress, ScimUserAddressType, ScimUserResponse,
};
use serde_json::{Map, Value, json};

use crate::support::{
    ENTERPRISE_USER, api_error, create, delete, email, full_user, get, id_of, put, raw_get,
    scim_error, sdk, to_json,
};

/// A DER certificate prefix, in canonical base64 (the server decodes and re-encodes it).
const CERTIFICATE: &str = "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx";
const MANAGER_ID: &str = "26118915-6090-4610-87e4-49d8ca9f808d";
const MANAGER_REF: &str = "https://example.com/scim/v2/Users/26118915-6090-4610-87e4-49d8ca9f808d";

/// A user with every attribute of RFC 7643 §4.1 and §4.3 that scim2-server accepts from a
/// client, sub-attributes and `primary`/`display`/`type` included.
fn complete_user(user_name: &str) -> ScimUser {
    let multi = |value: &str, kind: &str, display: &str| {
        ScimMultiValue::new()
            .with_value(value)
            .with_type(kind)
            .with_display(display)
    };
    // `schemas` is not spelled: `with_enterprise_user` lists the extension's URN.
    ScimUser::new(user_name)
        .with_external_id(format!("ext-{user_name}"))
        .with_name(
            ScimName::new()
                .with_family_name("Lovelace")
                .with_given_name("Ada")
                .with_formatted("Ms. Ada King Lovelace III")
                .with_middle_name("King")
                .with_honorific_prefix("Ms.")
                .with_honorific_suffix("III"),
        )
        .with_display_name("Ada Lovelace")
        .with_nick_name("Ada")
        .with_profile_url("https://example.com/ada")
        .with_title("Analyst")
        .with_user_type("Employee")
        .with_preferred_language("en-GB")
        .with_locale("en-GB")
        .with_timezone("Europe/London")
        .with_active(true)
        .with_password("t1meMa$heen")
        .with_emails(vec![
            ScimEmail::new(user_name)
                .with_type(ScimEmailType::Work)
                .with_primary(true)
                .with_display("Work mail"),
            ScimEmail::new("ada@home.example.com")
                .with_type(ScimEmailType::Home)
                .with_primary(false)
                .with_display("Home mail"),
        ])
        .with_phone_numbers(vec![
            ScimPhoneNumber::new("+16505551234")
                .with_type(ScimPhoneNumberType::Work)
                .with_primary(true)
                .with_display("Desk"),
            ScimPhoneNumber::new("+16505559876")
                .with_type(ScimPhoneNumberType::Mobile)
                .with_display("Cell"),
        ])
        .with_ims(vec![
            multi("ada@xmpp.example.com", "xmpp", "Jabber").with_primary(true),
            multi("ada.lovelace", "skype", "Skype"),
        ])
        .with_photos(vec![
            ScimPhoto::new("https://example.com/photos/ada.png")
                .with_type(ScimPhotoType::Photo)
                .with_primary(true)
                .with_display("Portrait"),
            ScimPhoto::new("https://example.com/photos/ada-small.png")
                .with_type(ScimPhotoType::Thumbnail)
                .with_display("Thumbnail"),
        ])
        .with_addresses(vec![
            ScimUserAddress::new()
                .with_type(ScimUserAddressType::Work)
                .with_formatted("20 Davis Drive\nBelmont, CA 94002 US")
                .with_street_address("20 Davis Drive")
                .with_locality("Belmont")
                .with_region("CA")
                .with_postal_code("94002")
                .with_country("US")
                .with_primary(true),
            ScimUserAddress::new()
                .with_type(ScimUserAddressType::Home)
                .with_formatted("12 Marylebone Road\nLondon NW1 GB")
                .with_locality("London")
                .with_country("GB")
                .with_primary(false),
        ])
        .with_entitlements(vec![
            multi("analytics", "license", "Analytics").with_primary(true),
        ])
        .with_roles(vec![
            multi("admin", "account", "Administrator").with_primary(true),
            multi("auditor", "account", "Auditor").with_primary(false),
        ])
        .with_x509_certificates(vec![
            multi(CERTIFICATE, "signing", "Signing").with_primary(true),
        ])
        .with_enterprise_user(
            ScimEnterpriseUser::new()
                .with_employee_number("701984")
                .with_cost_center("4130")
                .with_organization("Universal Studios")
                .with_division("Theme Park")
                .with_department("Tour Operations")
                .with_manager(
                    ScimManager::new()
                        .with_value(MANAGER_ID)
                        .with_ref(MANAGER_REF),
                ),
        )
}

/// The JSON `complete_user` must put on the wire, written out by hand.
fn complete_user_json(user_name: &str) -> Value {
    json!({
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            ENTERPRISE_USER,
        ],
        "externalId": format!("ext-{user_name}"),
        "userName": user_name,
        "name": {
            "formatted": "Ms. Ada King Lovelace III",
            "familyName": "Lovelace",
            "givenName": "Ada",
            "middleName": "King",
            "honorificPrefix": "Ms.",
            "honorificSuffix": "III",
        },
        "displayName": "Ada Lovelace",
        "nickName": "Ada",
        "profileUrl": "https://example.com/ada",
        "title": "Analyst",
        "userType": "Employee",
        "preferredLanguage": "en-GB",
        "locale": "en-GB",
        "timezone": "Europe/London",
        "active": true,
        "password": "t1meMa$heen",
        "emails": [
            {"value": user_name, "type": "work", "primary": true, "display": "Work mail"},
            {"value": "ada@home.example.com", "type": "home", "primary": false,
             "display": "Home mail"},
        ],
        "phoneNumbers": [
            {"value": "+16505551234", "type": "work", "primary": true, "display": "Desk"},
            {"value": "+16505559876", "type": "mobile", "display": "Cell"},
        ],
        "ims": [
            {"value": "ada@xmpp.example.com", "type": "xmpp", "primary": true,
             "display": "Jabber"},
            {"value": "ada.lovelace", "type": "skype", "display": "Skype"},
        ],
        "photos": [
            {"value": "https://example.com/photos/ada.png", "type": "photo", "primary": true,
             "display": "Portrait"},
            {"value": "https://example.com/photos/ada-small.png", "type": "thumbnail",
             "display": "Thumbnail"},
        ],
        "addresses": [
            {"formatted": "20 Davis Drive\nBelmont, CA 94002 US",
             "streetAddress": "20 Davis Drive", "locality": "Belmont", "region": "CA",
             "postalCode": "94002", "country": "US", "type": "work", "primary": true},
            {"formatted": "12 Marylebone Road\nLondon NW1 GB", "locality": "London",
             "country": "GB", "type": "home", "primary": false},
        ],
        "entitlements": [
            {"value": "analytics", "type": "license", "primary": true, "display": "Analytics"},
        ],
        "roles": [
            {"value": "admin", "type": "account", "primary": true, "display": "Administrator"},
            {"value": "auditor", "type": "account", "primary": false, "display": "Auditor"},
        ],
        "x509Certificates": [
            {"value": CERTIFICATE, "type": "signing", "primary": true, "display": "Signing"},
        ],
        ENTERPRISE_USER: {
            "employeeNumber": "701984",
            "costCenter": "4130",
            "organization": "Universal Studios",
            "division": "Theme Park",
            "department": "Tour Operations",
            "manager": {"value": MANAGER_ID, "$ref": MANAGER_REF},
        },
    })
}

/// `user` without what a PUT may change on its own: `meta.lastModified` and `meta.version`.
fn without_modification(mut user: Value) -> Value {
    let meta = user
        .get_mut("meta")
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no meta"));
    meta.remove("lastModified").expect("meta.lastModified");
    meta.remove("version").expect("meta.version");
    user
}

/// A user read twice: typed through the SDK (re-serialized), and raw through plain reqwest.
async fn read(sdk: &RingCentral, id: &str) -> (ScimUserResponse, Value) {
    let typed = get(sdk, id).await;
    let raw = raw_get(&format!("Users/{id}"), &[]).await;
    // The SDK's decode + encode gives back exactly what the server sent.
    assert_eq!(to_json(&typed), raw);
    (typed, raw)
}

/// GET -> PUT (`ScimUser::from` the fetched user) -> GET, and the two GETs agree on
/// everything but `meta.lastModified` and `meta.version`.
async fn get_put_get(sdk: &RingCentral, id: &str) -> (Value, Value) {
    let (first, first_raw) = read(sdk, id).await;
    let body = ScimUser::try_from(first).expect("a whole user converts");
    // The PUT body is the fetched user, whole: `id` and `meta` ride along in the catch-all.
    assert_eq!(to_json(&body), first_raw);
    assert_eq!(body.password, None);
    let updated = put(sdk, id, &body).await;
    let (last, last_raw) = read(sdk, id).await;
    assert_eq!(to_json(&updated), last_raw);
    assert_eq!(updated, last);
    assert_eq!(
        without_modification(first_raw.clone()),
        without_modification(last_raw.clone()),
        "the round trip changed the user"
    );
    // Stronger still: scim2-server writes nothing (and keeps the version) when a replacement
    // equals what it stores, so the server itself found the PUT body identical to the user.
    assert_eq!(first_raw["meta"], last_raw["meta"]);
    (first_raw, last_raw)
}

#[tokio::test]
async fn every_core_and_enterprise_attribute_survives_get_put_get() {
    let sdk = sdk();
    let user_name = email("complete");
    let sent = complete_user(&user_name);
    let wire = to_json(&sent);
    assert_eq!(wire, complete_user_json(&user_name));

    let created = create(&sdk, &sent).await;
    let id = id_of(&created).to_owned();
    let (first_raw, _) = get_put_get(&sdk, &id).await;

    // The server stored every attribute as sent; the password is write-only.
    let mut expected = wire.as_object().cloned().expect("an object");
    expected.remove("password");
    expected.insert("id".to_owned(), json!(id));
    expected.insert("meta".to_owned(), first_raw["meta"].clone());
    assert_eq!(first_raw, Value::Object(expected));
    let meta = &first_raw["meta"];
    for member in [
        "resourceType",
        "created",
        "lastModified",
        "location",
        "version",
    ] {
        assert!(meta.get(member).is_some(), "meta.{member} missing: {meta}");
    }
    assert_eq!(to_json(&created), first_raw);

    // Everything is typed: no catch-all holds anything, at any depth.
    let (user, _) = read(&sdk, &id).await;
    assert_eq!(user.additional_properties, Map::new());
    let name = user.name.as_ref().expect("name");
    assert_eq!(name.middle_name.as_deref(), Some("King"));
    assert_eq!(name.additional_properties, Map::new());
    let enterprise = user.enterprise_user.as_ref().expect("enterprise extension");
    assert_eq!(enterprise.additional_properties, Map::new());
    let manager = enterprise.manager.as_ref().expect("manager");
    assert_eq!(manager.r#ref.as_deref(), Some(MANAGER_REF));
    assert_eq!(manager.additional_properties, Map::new());
    let certificates = user.x509_certificates.as_deref().expect("x509Certificates");
    assert_eq!(certificates[0].value.as_deref(), Some(CERTIFICATE));
    for item in [&certificates[0], &user.ims.as_deref().expect("ims")[0]] {
        assert_eq!(item.additional_properties, Map::new());
    }
    let addresses = user.addresses.as_deref().expect("addresses");
    assert_eq!(addresses[0].additional_properties, Map::new());
    assert_eq!(
        user.meta.as_ref().expect("meta").additional_properties,
        Map::new()
    );

    // A second round trip changes nothing either.
    get_put_get(&sdk, &id).await;

    // The check can fail: a body missing one attribute is a real replacement, which clears
    // that attribute and writes a new version.
    let (user, raw) = read(&sdk, &id).await;
    let mut fewer = ScimUser::try_from(user).expect("a whole user converts");
    fewer.roles = None;
    put(&sdk, &id, &fewer).await;
    let (_, after) = read(&sdk, &id).await;
    assert_eq!(after.get("roles"), None, "{after}");
    assert_ne!(after["meta"]["version"], raw["meta"]["version"]);
    let mut expected = without_modification(raw);
    expected.as_object_mut().expect("an object").remove("roles");
    assert_eq!(without_modification(after), expected);

    delete(&sdk, &id).await;
}

/// Attributes the server knows, set only through the catch-all maps of nested objects (and
/// the user's own), are sent where they belong, stored, and survive GET -> PUT -> GET.
#[tokio::test]
async fn members_set_through_nested_catch_alls_survive_get_put_get() {
    let sdk = sdk();
    let user_name = email("nested");
    let member = |name: &str, value: Value| (name.to_owned(), value);
    let mut sent = full_user(&user_name);
    sent.additional_properties
        .extend([member("nickName", json!("Ada"))]);
    let name = sent.name.as_mut().expect("name");
    name.additional_properties.extend([
        member("middleName", json!("King")),
        member("honorificSuffix", json!("III")),
    ]);
    let work = &mut sent.emails.as_mut().expect("emails")[0];
    work.additional_properties.extend([
        member("display", json!("Work mail")),
        member("primary", json!(true)),
    ]);
    let address = &mut sent.addresses.as_mut().expect("addresses")[0];
    address
        .additional_properties
        .extend([member("formatted", json!("20 Davis Drive\nBelmont"))]);
    let mut manager = ScimManager::new();
    manager
        .additional_properties
        .extend([member("value", json!(MANAGER_ID))]);
    let mut im = ScimMultiValue::new().with_value("ada@xmpp.example.com");
    im.additional_properties
        .extend([member("type", json!("xmpp"))]);
    sent.ims = Some(vec![im]);
    let enterprise = sent.enterprise_user.as_mut().expect("enterprise extension");
    enterprise.manager = Some(manager);
    enterprise
        .additional_properties
        .extend([member("costCenter", json!("4130"))]);

    let wire = to_json(&sent);
    assert_eq!(wire["nickName"], "Ada", "{wire}");
    assert_eq!(wire["name"]["middleName"], "King", "{wire}");
    assert_eq!(wire["name"]["honorificSuffix"], "III", "{wire}");
    assert_eq!(wire["emails"][0]["display"], "Work mail", "{wire}");
    assert_eq!(wire["emails"][0]["primary"], true, "{wire}");
    assert_eq!(wire["addresses"][0]["formatted"], "20 Davis Drive\nBelmont");
    assert_eq!(wire["ims"][0]["type"], "xmpp", "{wire}");
    assert_eq!(wire[ENTERPRISE_USER]["costCenter"], "4130", "{wire}");
    assert_eq!(wire[ENTERPRISE_USER]["manager"]["value"], MANAGER_ID);

    let created = create(&sdk, &sent).await;
    let id = id_of(&created).to_owned();
    let (first_raw, _) = get_put_get(&sdk, &id).await;
    // Stored where they were sent; the server cannot tell them from typed members.
    for (pointer, value) in [
        ("/nickName", json!("Ada")),
        ("/name/middleName", json!("King")),
        ("/name/honorificSuffix", json!("III")),
        ("/emails/0/display", json!("Work mail")),
        ("/emails/0/primary", json!(true)),
        ("/addresses/0/formatted", json!("20 Davis Drive\nBelmont")),
        ("/ims/0/type", json!("xmpp")),
    ] {
        assert_eq!(first_raw.pointer(pointer), Some(&value), "{pointer}");
    }
    let extension = &first_raw[ENTERPRISE_USER];
    assert_eq!(extension["costCenter"], "4130");
    assert_eq!(extension["manager"], json!({"value": MANAGER_ID}));
    // Read back, they are declared members: they land in the typed fields.
    let user = get(&sdk, &id).await;
    assert_eq!(user.nick_name.as_deref(), Some("Ada"));
    let name = user.name.as_ref().expect("name");
    assert_eq!(name.middle_name.as_deref(), Some("King"));
    assert_eq!(name.additional_properties, Map::new());
    let enterprise = user.enterprise_user.as_ref().expect("enterprise extension");
    assert_eq!(enterprise.cost_center.as_deref(), Some("4130"));
    let manager = enterprise.manager.as_ref().expect("manager");
    assert_eq!(manager.value.as_deref(), Some(MANAGER_ID));

    delete(&sdk, &id).await;
}

/// Puts undeclared members somewhere inside a user.
type Place = fn(&mut ScimUser, Map<String, Value>);

/// Members no schema defines are sent from every depth: scim2-server refuses them (400
/// invalidSyntax naming the member's path), which it could not do had the SDK dropped them.
/// (That unknown members are decoded and sent back is in `runtime_round_trip.rs`, against a
/// server that keeps them.)
#[tokio::test]
async fn unknown_members_are_sent_from_every_depth() {
    let sdk = sdk();
    let undeclared = || Map::from_iter([("undeclared".to_owned(), json!("x"))]);
    let places: [(&str, Place); 7] = [
        ("undeclared", |u, m| u.additional_properties.extend(m)),
        ("name.undeclared", |u, m| {
            u.name
                .as_mut()
                .expect("name")
                .additional_properties
                .extend(m);
        }),
        ("emails[0].undeclared", |u, m| {
            u.emails.as_mut().expect("emails")[0]
                .additional_properties
                .extend(m);
        }),
        ("phoneNumbers[0].undeclared", |u, m| {
            u.phone_numbers.as_mut().expect("phoneNumbers")[0]
                .additional_properties
                .extend(m);
        }),
        ("addresses[0].undeclared", |u, m| {
            u.addresses.as_mut().expect("addresses")[0]
                .additional_properties
                .extend(m);
        }),
        ("enterprise", |u, m| {
            u.enterprise_user
                .as_mut()
                .expect("enterprise extension")
                .additional_properties
                .extend(m);
        }),
        ("manager", |u, m| {
            let mut manager = ScimManager::new().with_value(MANAGER_ID);
            manager.additional_properties.extend(m);
            u.enterprise_user
                .as_mut()
                .expect("enterprise extension")
                .manager = Some(manager);
        }),
    ];
    for (place, set) in places {
        let path = match place {
            "enterprise" => format!("{ENTERPRISE_USER}:undeclared"),
            "manager" => format!("{ENTERPRISE_USER}:manager.undeclared"),
            path => path.to_owned(),
        };
        let mut user = full_user(&email("unknown"));
        set(&mut user, undeclared());
        let api = api_error(sdk.scim().scim_create_user2(&user).await);
        let body = scim_error(&api, StatusCode::BAD_REQUEST);
        assert_eq!(
            body.scim_type,
            Some(ScimErrorResponseScimType::InvalidSyntax)
        );
        let detail = body.detail.as_deref().unwrap_or_default();
        assert!(detail.ends_with(&format!(": {path}")), "{place}: {detail}");
    }
    // The same user without them is accepted.
    let user = create(&sdk, &full_user(&email("unknown"))).await;
    delete(&sdk, id_of(&user)).await;
}
