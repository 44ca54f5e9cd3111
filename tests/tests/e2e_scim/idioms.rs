//! SCIM done the Rust way, against the real server: pages as streams, ETags as typed
//! outcomes, RFC 7644 query parameters (sorting, projections), a PATCH built in one
//! expression, and the blocking client.

use std::collections::BTreeMap;

use ringcentral_scim::filter::attr;
use ringcentral_scim::models::{
    ScimPatchUser2Response, ScimSearchRequest, ScimSortOrder, ScimUser,
};
use ringcentral_scim::patch::PatchRequest;
use ringcentral_scim::{Conditional, Error, RingCentral};

use crate::support::{
    create, delete, email, filter_text, id_of, minimal_user, sdk, server, unique, version_of,
};

/// Creates `count` users whose names start with a fresh prefix; returns the prefix and names.
async fn population(sdk: &RingCentral, tag: &str, count: usize) -> (String, Vec<String>) {
    let prefix = unique(tag);
    let mut names = Vec::new();
    for i in 0..count {
        let user_name = format!("{prefix}-{i:02}@example.com");
        create(sdk, &minimal_user(&user_name)).await;
        names.push(user_name);
    }
    (prefix, names)
}

async fn remove_all(sdk: &RingCentral, prefix: &str) {
    let mut users = sdk
        .scim()
        .scim_search_via_get2()
        .filter(attr("userName").sw(prefix).build().expect("a filter"))
        .paginate();
    let mut ids = Vec::new();
    while let Some(user) = users.next_item().await {
        ids.push(user.expect("a user").id.expect("an id"));
    }
    for id in ids {
        delete(sdk, &id).await;
    }
}

#[tokio::test]
async fn both_searches_page_through_55_users_each_exactly_once() {
    let sdk = sdk();
    let (prefix, names) = population(&sdk, "pages", 55).await;
    let expected: BTreeMap<String, usize> = names.iter().map(|n| (n.clone(), 1)).collect();
    let wanted = attr("userName").sw(&prefix).build().expect("a filter");

    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut pages = 0;
    let mut pager = sdk
        .scim()
        .scim_search_via_get2()
        .filter(wanted.clone())
        .paginate()
        .page_size(10);
    while let Some(page) = pager.next_page().await {
        let page = page.expect("a page");
        pages += 1;
        assert_eq!(page.total_results, Some(55));
        for user in page.resources.unwrap_or_default() {
            *seen.entry(user.user_name.expect("a userName")).or_default() += 1;
        }
    }
    assert_eq!(pages, 6, "55 users at 10 a page");
    assert_eq!(seen, expected, "GET: every user exactly once");

    // POST /.search pages through its body, and the cap stops it early.
    let body = ScimSearchRequest::new().with_filter(wanted.to_string());
    let mut items = sdk
        .scim()
        .scim_search_via_post2(&body)
        .paginate()
        .page_size(7)
        .max_items(30);
    let mut capped = Vec::new();
    while let Some(user) = items.next_item().await {
        capped.extend(user.expect("a user").user_name);
    }
    assert_eq!(capped.len(), 30);
    let mut unique_names = capped.clone();
    unique_names.sort();
    unique_names.dedup();
    assert_eq!(unique_names.len(), 30, "no user twice: {capped:?}");

    // The request's own `count` is the page size.
    let mut pager = sdk
        .scim()
        .scim_search_via_get2()
        .filter(wanted.clone())
        .count(20)
        .paginate();
    let mut sizes = Vec::new();
    while let Some(page) = pager.next_page().await {
        sizes.push(
            page.expect("a page")
                .resources
                .map_or(0, |users| users.len()),
        );
    }
    assert_eq!(sizes, [20, 20, 15]);
    // `count(0)` asks SCIM for the total alone (RFC 7644 §3.4.2.4); a paginator then leaves the
    // page size to the server rather than asking for empty pages.
    let mut items = sdk
        .scim()
        .scim_search_via_get2()
        .filter(wanted.clone())
        .count(0)
        .paginate();
    let mut zero = 0;
    while let Some(user) = items.next_item().await {
        user.expect("a user");
        zero += 1;
    }
    assert_eq!(zero, 55);

    remove_all(&sdk, &prefix).await;
}

#[tokio::test]
async fn searches_sort_and_project_as_asked() {
    let sdk = sdk();
    let (prefix, mut names) = population(&sdk, "sorted", 5).await;
    let wanted = attr("userName").sw(&prefix).build().expect("a filter");

    let page = sdk
        .scim()
        .scim_search_via_get2()
        .filter(wanted.clone())
        .sort_by("userName")
        .sort_order(ScimSortOrder::Descending)
        .attributes("userName")
        .await
        .expect("a sorted search");
    let found: Vec<String> = page
        .resources
        .unwrap_or_default()
        .into_iter()
        .map(|user| {
            // Only the asked attribute (and what the server always returns) came back.
            assert_eq!(user.emails, None, "{user:?}");
            assert_eq!(user.name, None, "{user:?}");
            user.user_name.expect("a userName")
        })
        .collect();
    names.sort();
    names.reverse();
    assert_eq!(found, names, "descending by userName");

    // The POST form takes the same in its body.
    let body = ScimSearchRequest::new()
        .with_filter(wanted.to_string())
        .with_sort_by("userName")
        .with_sort_order(ScimSortOrder::Ascending);
    let page = sdk
        .scim()
        .scim_search_via_post2(&body)
        .await
        .expect("a sorted POST search");
    let found: Vec<String> = page
        .resources
        .unwrap_or_default()
        .into_iter()
        .filter_map(|u| u.user_name)
        .collect();
    names.reverse();
    assert_eq!(found, names, "ascending by userName");

    // A start before 1 is read as 1 by the server (RFC 7644 §3.4.2.4); paging from there
    // must not ask for the first users again.
    for start in [0, -3] {
        let mut pager = sdk
            .scim()
            .scim_search_via_get2()
            .filter(wanted.clone())
            .sort_by("userName")
            .start_index(start)
            .count(2)
            .paginate();
        let mut paged = Vec::new();
        while let Some(user) = pager.next_item().await {
            paged.extend(user.expect("a user").user_name);
        }
        assert_eq!(paged, names, "from startIndex {start}, each user once");
    }

    remove_all(&sdk, &prefix).await;
}

#[tokio::test]
async fn etags_make_reads_and_writes_conditional() {
    let sdk = sdk();
    let created = create(&sdk, &minimal_user(&email("etag-idioms"))).await;
    let id = id_of(&created).to_owned();

    // A read tells its version; reading again with it is "not modified", not an error.
    let response = sdk
        .scim()
        .scim_get_user2(&id)
        .send_with_response()
        .await
        .expect("a read");
    let etag = response.etag().expect("an ETag").to_owned();
    assert_eq!(
        etag,
        version_of(response.body()),
        "meta.version is the ETag"
    );
    let again = sdk
        .scim()
        .scim_get_user2(&id)
        .if_none_match(&etag)
        .await
        .expect("a conditional read");
    assert_eq!(again, Conditional::NotModified);

    // A write with the current version goes through; with the old one it is a typed 412.
    let patch = PatchRequest::builder()
        .replace("title", "Engineer")
        .build()
        .expect("a patch");
    let patched = sdk
        .scim()
        .scim_patch_user2(&id, &patch.clone().into())
        .if_match(&etag)
        .attributes("title")
        .await
        .expect("a conditional PATCH");
    // `attributes` asks for the patched user back: 200 instead of 204.
    let ScimPatchUser2Response::Ok(user) = patched else {
        panic!("the user back: {patched:?}")
    };
    assert_eq!(user.title.as_deref(), Some("Engineer"));
    // Only what was asked for came back: no userName, so it cannot become a PUT body.
    assert_eq!(user.user_name, None, "{user:?}");
    let partial = ScimUser::try_from(user).expect_err("a partial user does not convert");
    assert_eq!(partial.member(), "userName");
    assert!(partial.to_string().contains("projection"), "{partial}");
    let stale = sdk
        .scim()
        .scim_patch_user2(&id, &patch.into())
        .if_match(&etag)
        .await;
    assert!(
        matches!(stale, Err(Error::PreconditionFailed(_))),
        "{stale:?}"
    );
    let changed = sdk
        .scim()
        .scim_get_user2(&id)
        .if_none_match(&etag)
        .await
        .expect("a conditional read");
    let Conditional::Modified(user) = changed else {
        panic!("the user changed")
    };
    assert_ne!(version_of(&user), etag);

    delete(&sdk, &id).await;
}

#[tokio::test]
async fn one_expression_builds_a_multi_operation_patch() {
    let sdk = sdk();
    let user_name = email("patch-idioms");
    let created = create(&sdk, &minimal_user(&user_name)).await;
    let id = id_of(&created).to_owned();
    let request = PatchRequest::builder()
        .replace("displayName", "Ada L.")
        .add("nickName", "Countess")
        .replace(
            ringcentral_scim::patch::value_path("emails", attr("type").eq("work"))
                .sub_attr("value"),
            &user_name,
        )
        .remove("title")
        .build()
        .expect("a patch");
    sdk.scim()
        .scim_patch_user2(&id, &request.into())
        .await
        .expect("the PATCH applies");
    let user = crate::support::get(&sdk, &id).await;
    assert_eq!(user.display_name.as_deref(), Some("Ada L."));
    assert_eq!(user.nick_name.as_deref(), Some("Countess"));
    assert_eq!(user.title, None);
    delete(&sdk, &id).await;
}

/// The blocking client: the same methods and types, no `.await`.
#[test]
fn the_blocking_client_does_the_same_without_async() {
    let (url, token) = server();
    let sdk = RingCentral::builder()
        .base_url(url)
        .access_token(token)
        .build_blocking()
        .expect("a blocking client");
    let user_name = email("blocking");
    let created = sdk
        .scim()
        .scim_create_user2(&minimal_user(&user_name))
        .send_blocking()
        .expect("created");
    let id = id_of(&created).to_owned();
    let fetched = sdk
        .scim()
        .scim_get_user2(&id)
        .send_blocking()
        .expect("fetched");
    assert_eq!(fetched.user_name.as_deref(), Some(&*user_name));
    let found: Vec<String> = sdk
        .scim()
        .scim_search_via_get2()
        .filter(filter_text(attr("userName").eq(&user_name)))
        .paginate()
        .items_blocking()
        .filter_map(|user| user.expect("a user").user_name)
        .collect();
    assert_eq!(found, [user_name]);
    sdk.scim()
        .scim_delete_user2(&id)
        .send_blocking()
        .expect("deleted");
}
