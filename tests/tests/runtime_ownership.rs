//! Calls, their futures and paginators own a share of the client: they can be spawned,
//! returned from functions and kept after the client handle they came from is dropped
//! (`tokio::spawn(sdk.scim().scim_get_user2(id).send())`), as in aws-sdk-rust.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]
mod common;

use common::{sdk, user_json, user_ok};
use ringcentral_scim::models::ScimUserSearchResponse;
use ringcentral_scim::{Conditional, Paginator, RingCentral};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type Users = Paginator<
    ScimUserSearchResponse,
    ringcentral_scim::models::ScimUserShortInfo,
    ringcentral_scim::models::ScimErrorResponse,
>;

/// A function that hands out the users of a client it only borrows.
fn users_of(sdk: &RingCentral) -> Users {
    sdk.scim().scim_search_via_get2().paginate()
}

/// Only a `'static` value passes.
fn owned<T: Send + 'static>(value: T) -> T {
    value
}

#[tokio::test]
async fn calls_and_paginators_outlive_the_client_handle_they_came_from() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/scim/v2/Users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": 2,
            "Resources": [user_json("u-1"), user_json("u-2")],
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(user_ok())
        .mount(&server)
        .await;

    let sdk = sdk(&server);
    let spawned = tokio::spawn(sdk.scim().scim_get_user2("u-1").send());
    let later = owned(sdk.scim().scim_get_user2("u-1"));
    let conditional = owned(sdk.scim().scim_get_user2("u-1").if_none_match("W/\"0\""));
    let mut users = owned(users_of(&sdk));
    let stream = owned(users_of(&sdk).items());
    // The last handle goes: what was made from it keeps the client's state alive.
    drop(sdk);

    let user = spawned.await.expect("the task ran").expect("a user");
    assert_eq!(user.id.as_deref(), Some("u-1"));
    assert_eq!(later.await.expect("a user").id.as_deref(), Some("u-1"));
    let Conditional::Modified(user) = conditional.await.expect("a user") else {
        panic!("the server sent no ETag, so the user is modified")
    };
    assert_eq!(user.id.as_deref(), Some("u-1"));
    let mut ids = Vec::new();
    while let Some(user) = users.next_item().await {
        ids.extend(user.expect("a user").id);
    }
    assert_eq!(ids, ["u-1", "u-2"]);
    drop(stream);
}

/// Awaiting a call boxes its future (`IntoFuture`). glibc serves blocks of up to 1,032
/// bytes from a per-thread cache and larger ones from its bins, several hundred
/// instructions more per call; the send future was 1,056 bytes before the body was read
/// chunk by chunk (BENCHMARKS.md, "The send future under the allocator's cache").
#[test]
fn a_calls_future_fits_the_allocators_per_thread_cache() {
    let sdk = RingCentral::builder()
        .access_token("t")
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let get = sdk.scim().scim_get_user2("u-1").send();
    let create = sdk.scim().scim_create_user2(&common::new_user()).send();
    let with_response = sdk.scim().scim_get_user2("u-1").send_with_response();
    for (name, size) in [
        ("get", std::mem::size_of_val(&get)),
        ("create", std::mem::size_of_val(&create)),
        ("with response", std::mem::size_of_val(&with_response)),
    ] {
        assert!(size <= 1032, "the {name} future is {size} bytes");
    }
}
