//! Users: what the vendor schema leaves out (optional and undeclared attributes,
//! unknown enum values).

use ringcentral_scim::models::{
    ScimEmail, ScimName, ScimPhoneNumber, ScimPhoneNumberType, ScimUser, ScimUserAddress,
};
use ringcentral_scim::patch::PatchRequest;
use serde_json::{Map, json};

use crate::support::{
    apply_patch, assert_entry_holds, create, delete, department, email, find_by_user_name,
    full_user, get, id_of, minimal_user, patch, put, sdk, short_info_extras, to_json,
};

#[tokio::test]
async fn user_without_emails_or_name_still_decodes() {
    let sdk = sdk();
    let user_name = email("bare");
    let sent = full_user(&user_name);
    let created = create(&sdk, &sent).await;
    let id = id_of(&created).to_owned();

    // RFC 7643 requires only userName: a user may lose its emails.
    apply_patch(&sdk, &id, &patch(PatchRequest::builder().remove("emails"))).await;
    let got = get(&sdk, &id).await;
    assert_eq!(got.id.as_deref(), Some(id.as_str()));
    assert_eq!(got.user_name.as_deref(), Some(&*user_name));
    assert_eq!(got.emails, None, "{got:?}");
    assert_eq!(got.name, sent.name);
    assert_eq!(got.active, Some(true));
    assert_eq!(got.title, sent.title);
    assert_eq!(got.phone_numbers, sent.phone_numbers);
    assert_eq!(department(&got), Some("Engineering"));
    assert_eq!(got.additional_properties, Map::new());
    for found in find_by_user_name(&sdk, &user_name).await {
        assert_eq!(found.id.as_deref(), Some(id.as_str()));
        assert_eq!(found.emails, None, "{found:?}");
        assert_eq!(found.name, sent.name);
        assert_eq!(found.active, Some(true));
        assert_eq!(found.title, sent.title);
    }

    // ... and its name as well.
    apply_patch(&sdk, &id, &patch(PatchRequest::builder().remove("name"))).await;
    let got = get(&sdk, &id).await;
    assert_eq!(got.user_name.as_deref(), Some(&*user_name));
    assert_eq!(got.name, None, "{got:?}");
    assert_eq!(got.emails, None, "{got:?}");
    assert_eq!(got.title, sent.title);
    assert_eq!(got.additional_properties, Map::new());
    for found in find_by_user_name(&sdk, &user_name).await {
        assert_eq!(found.id.as_deref(), Some(id.as_str()));
        assert_eq!(found.name, None, "{found:?}");
        assert_eq!(found.emails, None, "{found:?}");
        assert_eq!(found.title, sent.title);
    }

    // A PUT body needs only a userName now, so such a user can be sent back as it is.
    let mut body = ScimUser::try_from(got.clone()).expect("a whole user converts");
    assert_eq!((&body.name, &body.emails), (&None, &None));
    body.title = Some("Bare".to_owned());
    let updated = put(&sdk, &id, &body).await;
    let again = get(&sdk, &id).await;
    for user in [&updated, &again] {
        assert_eq!(user.title.as_deref(), Some("Bare"));
        assert_eq!((&user.name, &user.emails), (&None, &None), "{user:?}");
        assert_eq!(user.phone_numbers, sent.phone_numbers);
        assert_eq!(user.addresses, sent.addresses);
        assert_eq!(department(user), Some("Engineering"));
    }

    delete(&sdk, &id).await;
}

#[tokio::test]
async fn entries_without_a_type_and_partial_names_decode_in_gets_lists_and_projections() {
    let sdk = sdk();
    let user_name = email("untyped");
    // RFC 7643 section 4.1: no name part and no entry type is required.
    let sent = ScimUser::new(user_name.clone())
        .with_name(ScimName::new().with_formatted("Cher"))
        .with_emails(vec![ScimEmail::new(user_name.clone())])
        .with_phone_numbers(vec![ScimPhoneNumber::new("+16505550100")])
        .with_addresses(vec![ScimUserAddress::new().with_locality("Belmont")]);
    let created = create(&sdk, &sent).await;
    let id = id_of(&created).to_owned();
    let got = get(&sdk, &id).await;
    assert_eq!(got.name, sent.name);
    assert_eq!(got.emails, sent.emails);
    assert_eq!(got.phone_numbers, sent.phone_numbers);
    assert_eq!(got.addresses, sent.addresses);
    for found in find_by_user_name(&sdk, &user_name).await {
        assert_eq!(found.emails, sent.emails, "{found:?}");
    }

    // RFC 7644 section 3.9: a narrowed response holds parts of complex attributes.
    let full = full_user(&email("narrowed"));
    let id_full = id_of(&create(&sdk, &full).await).to_owned();
    let narrowed = sdk
        .scim()
        .scim_get_user2(&id_full)
        .attributes("userName,name.familyName,emails.value")
        .await
        .expect("a narrowed user decodes");
    let name = narrowed.name.expect("name");
    assert_eq!(name.family_name, full.name.and_then(|n| n.family_name));
    assert_eq!(name.given_name, None);
    let emails = narrowed.emails.expect("emails");
    assert!(emails.iter().all(|e| e.r#type.is_none()), "{emails:?}");

    delete(&sdk, &id).await;
    delete(&sdk, &id_full).await;
}

#[tokio::test]
async fn entries_narrowed_to_their_type_decode_without_a_value() {
    // RFC 7643 section 8.7.1 does not require `value`, and RFC 7644 section 3.9 lets a client
    // ask for `emails.type` alone or leave `emails.value` out: such entries must decode
    // (before, one of them failed the whole response, a list page or an applied PATCH).
    let sdk = sdk();
    let user_name = email("typed-only");
    let full = full_user(&user_name);
    let id = id_of(&create(&sdk, &full).await).to_owned();
    let types = |emails: Option<Vec<ScimEmail>>| -> Vec<Option<String>> {
        let emails = emails.expect("emails");
        assert!(emails.iter().all(|e| e.value.is_none()), "{emails:?}");
        emails
            .iter()
            .map(|e| e.r#type.as_ref().map(ToString::to_string))
            .collect()
    };
    let sent_types: Vec<Option<String>> = full
        .emails
        .iter()
        .flatten()
        .map(|e| e.r#type.as_ref().map(ToString::to_string))
        .collect();

    let only_types = sdk
        .scim()
        .scim_get_user2(&id)
        .attributes("emails.type,phoneNumbers.type")
        .await
        .expect("entries without a value decode");
    assert_eq!(types(only_types.emails), sent_types);
    let phones = only_types.phone_numbers.expect("phone numbers");
    assert!(
        phones
            .iter()
            .all(|p| p.value.is_none() && p.r#type.is_some())
    );

    let without_values = sdk
        .scim()
        .scim_get_user2(&id)
        .excluded_attributes("emails.value")
        .await
        .expect("entries without a value decode");
    assert_eq!(types(without_values.emails), sent_types);
    assert_eq!(without_values.user_name, Some(user_name.clone()));

    let page = sdk
        .scim()
        .scim_search_via_get2()
        .filter(format!("userName eq \"{user_name}\""))
        .attributes("userName,emails.type")
        .await
        .expect("a page of entries without values decodes");
    let found = page.resources.expect("resources");
    assert_eq!(found.len(), 1);
    assert_eq!(types(found[0].emails.clone()), sent_types);

    delete(&sdk, &id).await;
}

#[tokio::test]
async fn user_created_without_active_reads_back_without_it() {
    let sdk = sdk();
    let user_name = email("unset-active");
    let mut sent = minimal_user(&user_name);
    sent.active = None;
    // Left unset, it is not sent at all (no `false`, no `null`).
    let wire = to_json(&sent);
    assert_eq!(wire.get("active"), None, "{wire}");

    let created = create(&sdk, &sent).await;
    assert_eq!(created.active, None, "{created:?}");
    let id = id_of(&created).to_owned();
    let got = get(&sdk, &id).await;
    assert_eq!(got.active, None, "{got:?}");
    assert_eq!(got.name, sent.name);
    for found in find_by_user_name(&sdk, &user_name).await {
        assert_eq!(found.active, None, "{found:?}");
    }

    delete(&sdk, &id).await;
}

/// A search entry (`ScimUserShortInfo`) holds the user's `addresses` and `phoneNumbers`
/// (declared by our overlay; the vendor's entry leaves them out), and a PUT body made from the
/// entry sends them back.
#[tokio::test]
async fn search_entries_hold_every_attribute_and_survive_get_then_put() {
    let sdk = sdk();
    let user_name = email("extra");
    let sent = full_user(&user_name);
    let created = create(&sdk, &sent).await;
    let id = id_of(&created).to_owned();

    let expected = short_info_extras(&sent);
    assert_eq!(expected.len(), 2, "{expected:?}");
    let [via_get, via_post] = find_by_user_name(&sdk, &user_name).await;
    for found in [&via_get, &via_post] {
        assert_entry_holds(found, &sent);
        // Declared attributes stay in their own fields.
        assert_eq!(found.name, sent.name);
        assert_eq!(found.emails, sent.emails);
        assert_eq!(found.title, sent.title);
    }

    // search -> PUT: the body built from the entry sends them back.
    let mut body = ScimUser::try_from(via_get).expect("a whole user converts");
    body.title = Some("Countess of Lovelace".to_owned());
    assert_eq!(body.addresses, sent.addresses, "typed in the body too");
    // What ScimUser does not declare (the read-only meta) travels among its members; the
    // server ignores it (RFC 7644 section 3.5.1).
    let kept: Vec<&String> = body.additional_properties.keys().collect();
    assert_eq!(kept, ["meta"], "{body:?}");
    let wire = to_json(&body);
    assert_eq!(wire["addresses"], expected["addresses"], "{wire}");
    assert_eq!(wire["phoneNumbers"], expected["phoneNumbers"], "{wire}");
    let updated = put(&sdk, &id, &body).await;
    let got = get(&sdk, &id).await;
    for user in [&updated, &got] {
        assert_eq!(user.title.as_deref(), Some("Countess of Lovelace"));
        assert_eq!(user.addresses, sent.addresses, "{user:?}");
        assert_eq!(user.phone_numbers, sent.phone_numbers, "{user:?}");
        assert_eq!(user.name, sent.name);
        assert_eq!(user.emails, sent.emails);
        assert_eq!(department(user), Some("Engineering"));
        assert_eq!(user.additional_properties, Map::new(), "{user:?}");
    }
    assert_eq!(got, updated);

    // The server really replaces on PUT: a body without them clears them. So the round trip
    // above kept them only because the SDK carried them.
    let [found, _] = find_by_user_name(&sdk, &user_name).await;
    assert_entry_holds(&found, &sent);
    let mut without = ScimUser::try_from(found).expect("a whole user converts");
    without.addresses = None;
    without.phone_numbers = None;
    let cleared = put(&sdk, &id, &without).await;
    let got = get(&sdk, &id).await;
    for user in [&cleared, &got] {
        assert_eq!(user.addresses, None, "{user:?}");
        assert_eq!(user.phone_numbers, None, "{user:?}");
        assert_eq!(user.title.as_deref(), Some("Countess of Lovelace"));
    }

    delete(&sdk, &id).await;
}

/// A PUT body made from a search entry lets the caller change what the entry did not declare:
/// the edited phone numbers are what the server stores.
#[tokio::test]
async fn phone_numbers_edited_in_a_put_body_made_from_a_search_entry_are_stored() {
    let sdk = sdk();
    let user_name = email("entry-edit");
    let sent = full_user(&user_name);
    let created = create(&sdk, &sent).await;
    let id = id_of(&created).to_owned();

    let [found, _] = find_by_user_name(&sdk, &user_name).await;
    let mut body = ScimUser::try_from(found).expect("a whole user converts");
    let edited = vec![ScimPhoneNumber::new("+16505550000").with_type(ScimPhoneNumberType::Mobile)];
    body.phone_numbers = Some(edited.clone());
    let updated = put(&sdk, &id, &body).await;
    let got = get(&sdk, &id).await;
    for user in [&updated, &got] {
        assert_eq!(
            user.phone_numbers.as_ref(),
            Some(&edited),
            "the edit was lost: the body also carried the entry's old phoneNumbers (from \
             its catch-all), and the server read that one"
        );
        assert_eq!(user.addresses, sent.addresses);
    }
    // The conversion types what `ScimUser` declares.
    let [found, _] = find_by_user_name(&sdk, &user_name).await;
    let body = ScimUser::try_from(found).expect("a whole user converts");
    assert_eq!(body.addresses, sent.addresses);
    assert_eq!(body.additional_properties.get("addresses"), None);

    delete(&sdk, &id).await;
}

/// `nickName` and `displayName` were undeclared (kept in the catch-all) before the SDK typed
/// RFC 7643's core attributes: now they have their own fields, at creation, after a PATCH and
/// through get -> PUT.
#[tokio::test]
async fn nick_name_and_display_name_are_typed_and_survive_get_then_put() {
    let sdk = sdk();
    let user_name = email("typed");
    let sent = full_user(&user_name).with_nick_name("Ada");
    let wire = to_json(&sent);
    assert_eq!(wire.get("nickName"), Some(&json!("Ada")), "{wire}");

    let created = create(&sdk, &sent).await;
    let id = id_of(&created).to_owned();
    for user in [&created, &get(&sdk, &id).await] {
        assert_eq!(user.nick_name.as_deref(), Some("Ada"));
        assert_eq!(user.display_name, None);
        assert_eq!(user.additional_properties, Map::new(), "{user:?}");
    }

    // PATCH can set them too.
    let request = PatchRequest::builder()
        .add("nickName", "Countess")
        .add("displayName", "Ada Lovelace");
    apply_patch(&sdk, &id, &patch(request)).await;
    let fetched = get(&sdk, &id).await;
    assert_eq!(fetched.nick_name.as_deref(), Some("Countess"));
    assert_eq!(fetched.display_name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(fetched.additional_properties, Map::new(), "{fetched:?}");
    assert_eq!(fetched.name, sent.name);
    assert_eq!(fetched.emails, sent.emails);
    assert_eq!(fetched.title, sent.title);
    for found in find_by_user_name(&sdk, &user_name).await {
        assert_eq!(found.nick_name.as_deref(), Some("Countess"));
        assert_eq!(found.display_name.as_deref(), Some("Ada Lovelace"));
        assert_entry_holds(&found, &sent);
    }

    // get -> PUT: the body built from the fetched user sends them back.
    let mut body = ScimUser::try_from(fetched).expect("a whole user converts");
    body.title = Some("Countess of Lovelace".to_owned());
    assert_eq!(body.nick_name.as_deref(), Some("Countess"));
    let wire = to_json(&body);
    assert_eq!(wire.get("nickName"), Some(&json!("Countess")), "{wire}");
    assert_eq!(
        wire.get("displayName"),
        Some(&json!("Ada Lovelace")),
        "{wire}"
    );
    let updated = put(&sdk, &id, &body).await;
    let got = get(&sdk, &id).await;
    for user in [&updated, &got] {
        assert_eq!(user.title.as_deref(), Some("Countess of Lovelace"));
        assert_eq!(user.nick_name.as_deref(), Some("Countess"));
        assert_eq!(user.display_name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(user.additional_properties, Map::new(), "{user:?}");
        assert_eq!(user.name, sent.name);
        assert_eq!(user.emails, sent.emails);
        assert_eq!(user.phone_numbers, sent.phone_numbers);
        assert_eq!(department(user), Some("Engineering"));
    }
    assert_eq!(got, updated);

    // The server really replaces on PUT: a body without them clears them.
    let mut without = ScimUser::try_from(got).expect("a whole user converts");
    without.nick_name = None;
    without.display_name = None;
    let cleared = put(&sdk, &id, &without).await;
    for user in [&cleared, &get(&sdk, &id).await] {
        assert_eq!((&user.nick_name, &user.display_name), (&None, &None));
        assert_eq!(user.title.as_deref(), Some("Countess of Lovelace"));
    }

    delete(&sdk, &id).await;
}

#[tokio::test]
async fn phone_number_type_other_and_unknown_values_round_trip() {
    let sdk = sdk();
    let mut sent = minimal_user(&email("phones"));
    // `other` and `fax` are values of the SDK's enum (`fax` joined it with RFC 7643's
    // canonical values); `satellite` is not, so it lands in the catch-all variant.
    let phones = vec![
        ScimPhoneNumber::new("+16505550001").with_type(ScimPhoneNumberType::Other),
        ScimPhoneNumber::new("+16505550002").with_type(ScimPhoneNumberType::Fax),
        ScimPhoneNumber::new("+16505550003")
            .with_type(ScimPhoneNumberType::Unknown("satellite".to_owned())),
    ];
    sent.phone_numbers = Some(phones.clone());
    let wire = to_json(&sent);
    assert_eq!(
        wire["phoneNumbers"],
        json!([
            { "type": "other", "value": "+16505550001" },
            { "type": "fax", "value": "+16505550002" },
            { "type": "satellite", "value": "+16505550003" },
        ])
    );

    let created = create(&sdk, &sent).await;
    let id = id_of(&created).to_owned();
    let got = get(&sdk, &id).await;
    assert_eq!(got.phone_numbers.as_ref(), Some(&phones));
    let types: Vec<&str> = phones
        .iter()
        .filter_map(|p| p.r#type.as_ref().map(ScimPhoneNumberType::as_str))
        .collect();
    assert_eq!(types, ["other", "fax", "satellite"]);
    // An unknown value read from the wire is the same catch-all variant.
    let read: ScimPhoneNumberType = serde_json::from_value(json!("satellite")).expect("decodes");
    assert_eq!(read, ScimPhoneNumberType::Unknown("satellite".to_owned()));

    delete(&sdk, &id).await;
}
