//! Users: search through GET (filters, paging) and POST `.search`.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use ringcentral_scim::models::{
    ScimErrorResponseScimType, ScimSearchRequest, ScimSearchRequestSchemasItem,
    ScimUserSearchResponseSchemasItem,
};

use crate::support::{
    api_error, assert_entry_holds, create, delete, filter, filter_text, full_user, id_of,
    minimal_user, raw_get, scim_error, sdk, search_get, to_json, unique, user_name_is,
    user_name_starts_with, user_names,
};

#[tokio::test]
async fn search_via_get_by_user_name_eq() {
    let sdk = sdk();
    let prefix = unique("eq");
    let wanted = format!("{prefix}-a@example.com");
    let other = format!("{prefix}-b@example.com");
    let a = create(&sdk, &full_user(&wanted)).await;
    let b = create(&sdk, &minimal_user(&other)).await;
    let sent = full_user(&wanted);

    let page = search_get(&sdk, &filter(user_name_is(&wanted))).await;
    assert_eq!(page.total_results, Some(1), "{page:?}");
    assert_eq!(
        page.schemas.as_deref(),
        Some(&[ScimUserSearchResponseSchemasItem::ListResponse][..])
    );
    let found = &page.resources.as_deref().expect("Resources")[0];
    assert_eq!(found.id, a.id);
    assert_eq!(found.user_name.as_deref(), Some(&*wanted));
    assert_eq!(found.name, sent.name);
    assert_eq!(found.name, a.name);
    assert_eq!(found.emails, sent.emails);
    assert_eq!(found.emails, a.emails);
    assert_eq!(found.external_id, sent.external_id);
    assert_eq!(found.title, sent.title);
    assert_eq!(found.photos, sent.photos);
    assert_eq!(found.meta, a.meta);
    // The list entry declares the user's addresses and phone numbers (our overlay, RFC 7644
    // section 3.4.2): they are typed, and nothing is left in the catch-all.
    assert_entry_holds(found, &sent);
    assert_eq!(found.enterprise_user, sent.enterprise_user);
    assert_eq!(
        found
            .enterprise_user
            .as_ref()
            .and_then(|e| e.department.as_deref()),
        Some("Engineering")
    );
    assert_eq!(found.schemas, sent.schemas);
    assert_eq!(found.active, Some(true));
    // The typed page says exactly what the server sent (read again without the SDK).
    let raw = raw_get("Users", &[("filter", &filter_text(user_name_is(&wanted)))]).await;
    assert_eq!(to_json(&page), raw);

    // No match: an empty page, `Resources` present and empty.
    let none = search_get(
        &sdk,
        &filter(user_name_is(&format!("{prefix}-none@example.com"))),
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
        let params = filter(user_name_starts_with(&prefix))
            .with_start_index(start_index)
            .with_count(PAGE);
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
        &filter(user_name_starts_with(&prefix))
            .with_start_index(USERS as i32 + 1)
            .with_count(PAGE),
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

    let request = |start_index: i32| {
        ScimSearchRequest::new()
            .with_count(2)
            .with_filter(filter_text(user_name_starts_with(&prefix)))
            .with_schemas(vec![ScimSearchRequestSchemasItem::SearchRequest])
            .with_start_index(start_index)
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
    let exact = ScimSearchRequest::new().with_filter(filter_text(user_name_is(&format!(
        "{prefix}-1@example.com"
    ))));
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
    // (Deliberately not built with the filter builder, which cannot write it.)
    let bad = ScimSearchRequest::new().with_filter("userName eq");
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
