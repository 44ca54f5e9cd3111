//! What the real SCIM SDK puts on the wire: encoded paths, per-call headers, credentials and
//! token providers; what it hands back besides the body; and secrets kept out of `Debug`,
//! `Display` and error messages.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]
mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{
    TOKEN, Tokens, api, builder, closed_port_url, deactivate, new_user, received, sdk, user_json,
    user_ok, within_3s,
};
use ringcentral_scim::{Error, RetryPolicy, RingCentral};
use serde_json::json;
use wiremock::matchers::{any, header, method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server answering every request with a user.
async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(user_ok())
        .mount(&server)
        .await;
    server
}

// ---------------------------------------------------------------------------------------
// Path parameters

#[tokio::test]
async fn hostile_user_ids_stay_one_encoded_path_segment() {
    let cases = [
        ("a/b", "a%2Fb"),
        ("../admin", "..%2Fadmin"),
        ("../../scim/v2/Users", "..%2F..%2Fscim%2Fv2%2FUsers"),
        ("u?filter=x", "u%3Ffilter=x"),
        ("u#frag", "u%23frag"),
        ("100%", "100%25"),
        ("%2F%2e%2e", "%252F%252e%252e"),
        ("with space", "with%20space"),
        ("a/../b?x#y %z", "a%2F..%2Fb%3Fx%23y%20%25z"),
        ("...", "..."),
        ("..a", "..a"),
        ("back\\slash", "back%5Cslash"),
        ("jörg", "j%C3%B6rg"),
        ("{scimUserId}", "%7BscimUserId%7D"),
    ];
    let server = ok_server().await;
    let sdk = sdk(&server);
    for (id, _) in cases {
        sdk.scim()
            .scim_get_user2(id)
            .await
            .unwrap_or_else(|e| panic!("{id:?}: {e:?}"));
    }
    let requests = received(&server).await;
    assert_eq!(requests.len(), cases.len());
    for ((id, encoded), request) in cases.iter().zip(&requests) {
        assert_eq!(
            request.url.path(),
            format!("/scim/v2/Users/{encoded}"),
            "{id:?}"
        );
        assert_eq!(request.url.query(), None, "{id:?}");
        assert_eq!(request.url.fragment(), None, "{id:?}");
    }
}

#[tokio::test]
async fn every_method_encodes_the_id_and_none_escapes_the_base_path() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(user_ok())
        .mount(&server)
        .await;
    let sdk = builder(&server)
        .base_url(format!("{}/tenant/7/", server.uri()))
        .build()
        .unwrap();
    let user = new_user();
    let patch = deactivate();
    let id = "../../../x?y#z";
    sdk.scim().scim_get_user2(id).await.unwrap();
    sdk.scim().scim_update_user2(id, &user).await.unwrap();
    sdk.scim().scim_patch_user2(id, &patch).await.unwrap();
    sdk.scim().scim_delete_user2(id).await.unwrap();
    sdk.scim().scim_get_resource_type2(id).await.unwrap_err();

    let requests = received(&server).await;
    let seen: Vec<(&str, &str)> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.url.path()))
        .collect();
    let user_path = "/tenant/7/scim/v2/Users/..%2F..%2F..%2Fx%3Fy%23z";
    assert_eq!(
        seen,
        [
            ("GET", user_path),
            ("PUT", user_path),
            ("PATCH", user_path),
            ("DELETE", user_path),
            (
                "GET",
                "/tenant/7/scim/v2/ResourceTypes/..%2F..%2F..%2Fx%3Fy%23z"
            ),
        ]
    );
}

#[tokio::test]
async fn dot_segments_and_empty_ids_are_refused_before_sending() {
    let server = ok_server().await;
    let sdk = sdk(&server);
    let user = new_user();
    for id in ["..", ".", ""] {
        let errors = [
            sdk.scim().scim_get_user2(id).await.map(drop).unwrap_err(),
            sdk.scim()
                .scim_update_user2(id, &user)
                .await
                .map(drop)
                .unwrap_err(),
            sdk.scim().scim_delete_user2(id).await.unwrap_err(),
        ];
        for error in errors {
            let Error::InvalidRequest(message) = &error else {
                panic!("{id:?}: expected InvalidRequest, got {error:?}")
            };
            assert!(message.contains("scimUserId"), "{message}");
        }
        let error = sdk.scim().scim_get_schema2(id).await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    }
    assert_eq!(received(&server).await.len(), 0, "nothing may be sent");
}

#[tokio::test]
async fn schema_urns_keep_their_colons() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "urn:ietf:params:scim:schemas:core:2.0:User",
            "name": "User"
        })))
        .mount(&server)
        .await;
    let sdk = sdk(&server);
    let urns = [
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    ];
    for urn in urns {
        let schema = sdk.scim().scim_get_schema2(urn).await.unwrap();
        assert_eq!(schema.name.as_deref(), Some("User"));
    }
    let requests = received(&server).await;
    for (urn, request) in urns.iter().zip(&requests) {
        assert_eq!(request.url.path(), format!("/scim/v2/Schemas/{urn}"));
    }
}

// ---------------------------------------------------------------------------------------
// Per-call headers and the response around the body

#[tokio::test]
async fn per_call_headers_are_sent_with_that_call_only() {
    let server = ok_server().await;
    let sdk = sdk(&server);
    sdk.scim()
        .scim_get_user2("u-1")
        .header("X-Request-Id", "req-42")
        .header("If-None-Match", "W/\"3\"")
        .header("Accept", "application/scim+json")
        .await
        .unwrap();
    sdk.scim().scim_get_user2("u-1").await.unwrap();

    let requests = received(&server).await;
    let first = &requests[0].headers;
    assert_eq!(first.get("x-request-id").unwrap(), "req-42");
    assert_eq!(first.get("if-none-match").unwrap(), "W/\"3\"");
    assert_eq!(first.get("accept").unwrap(), "application/scim+json");
    assert_eq!(
        first.get("authorization").unwrap(),
        format!("Bearer {TOKEN}").as_str()
    );
    let second = &requests[1].headers;
    assert!(second.get("x-request-id").is_none());
    assert!(second.get("if-none-match").is_none());
}

#[tokio::test]
async fn a_per_call_header_replaces_a_client_default() {
    let server = ok_server().await;
    let tokens = Tokens::default();
    let with_provider = RingCentral::builder()
        .token_provider(tokens.clone())
        .base_url(server.uri())
        .build()
        .unwrap();
    with_provider
        .scim()
        .scim_get_user2("u-1")
        .header("Authorization", "Bearer per-call")
        .header("User-Agent", "my-agent/1")
        .await
        .unwrap();
    sdk(&server)
        .scim()
        .scim_get_user2("u-1")
        .header("authorization", "Bearer other")
        .await
        .unwrap();

    let requests = received(&server).await;
    let first = &requests[0].headers;
    assert_eq!(first.get("authorization").unwrap(), "Bearer per-call");
    assert_eq!(first.get("user-agent").unwrap(), "my-agent/1");
    assert_eq!(first.get_all("authorization").iter().count(), 1);
    assert!(tokens.calls().is_empty(), "the provider was not needed");
    assert_eq!(
        requests[1].headers.get("authorization").unwrap(),
        "Bearer other"
    );
}

#[tokio::test]
async fn invalid_per_call_headers_are_refused_without_echoing_the_value() {
    let server = ok_server().await;
    let sdk = sdk(&server);
    let error = sdk
        .scim()
        .scim_get_user2("u-1")
        .header("bad name", "x")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");

    for value in [
        "SECRET-VALUE\r\nX-Injected: 1",
        "SECRET-VALUE\nX",
        "SECRET-VALUE\r",
    ] {
        let error = sdk
            .scim()
            .scim_get_user2("u-1")
            .header("X-Api-Extra", value)
            .await
            .unwrap_err();
        let Error::InvalidRequest(message) = &error else {
            panic!("{error:?}")
        };
        assert!(message.contains("x-api-extra"), "{message}");
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains("SECRET-VALUE"), "{text}");
            assert!(!text.contains("Injected"), "{text}");
        }
    }
    assert_eq!(received(&server).await.len(), 0, "nothing may be sent");
}

#[tokio::test]
async fn operations_with_json_responses_send_an_accept_header() {
    let server = ok_server().await;
    sdk(&server).scim().scim_get_user2("u-1").await.unwrap();
    let requests = received(&server).await;
    let accept = requests[0].headers.get("accept");
    // Every JSON media type the operation's responses list, in document order.
    assert_eq!(
        accept.map(|v| v.to_str().unwrap()),
        Some("application/json, application/scim+json")
    );
}

#[tokio::test]
async fn send_with_response_gives_status_headers_and_attempts_with_the_body() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            user_ok()
                .insert_header("ETag", "W/\"7\"")
                .insert_header("X-Rate-Limit-Remaining", "41"),
        )
        .mount(&server)
        .await;
    let response = sdk(&server)
        .scim()
        .scim_get_user2("u-1")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers().get("etag").unwrap(), "W/\"7\"");
    assert_eq!(
        response.headers().get("x-rate-limit-remaining").unwrap(),
        "41"
    );
    assert_eq!(response.attempts(), 1);
    assert_eq!(response.body().id.as_deref(), Some("u-1"));

    // Debug names the headers but hides their values.
    let debug = format!("{response:?}");
    assert!(debug.contains("etag"), "{debug}");
    assert!(!debug.contains("W/"), "{debug}");

    let (status, headers, user) = response.into_parts();
    assert_eq!(status.as_u16(), 200);
    assert_eq!(headers.get("x-rate-limit-remaining").unwrap(), "41");
    assert_eq!(user.user_name.as_deref(), Some("ada@example.com"));
}

#[tokio::test]
async fn api_errors_carry_the_response_headers() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("X-Request-Id", "rq-9")
                .set_body_json(json!({"detail": "gone"})),
        )
        .mount(&server)
        .await;
    let api = api(sdk(&server).scim().scim_get_user2("u-1").await.unwrap_err());
    assert_eq!(api.headers().get("x-request-id").unwrap(), "rq-9");
}

// ---------------------------------------------------------------------------------------
// Credentials

#[tokio::test]
async fn the_access_token_is_sent_as_a_bearer_token_with_a_user_agent() {
    let server = ok_server().await;
    sdk(&server).scim().scim_get_user2("u-1").await.unwrap();
    builder(&server)
        .user_agent("provisioner/2.1")
        .build()
        .unwrap()
        .scim()
        .scim_get_user2("u-1")
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(
        requests[0].headers.get("authorization").unwrap(),
        format!("Bearer {TOKEN}").as_str()
    );
    let agent = requests[0].headers.get("user-agent").unwrap();
    assert!(
        agent.to_str().unwrap().starts_with("ringcentral-scim/"),
        "{agent:?}"
    );
    assert_eq!(
        requests[1].headers.get("user-agent").unwrap(),
        "provisioner/2.1"
    );
}

#[tokio::test]
async fn the_token_provider_is_asked_before_every_request() {
    let server = ok_server().await;
    let tokens = Tokens::default();
    let sdk = RingCentral::builder()
        .token_provider(tokens.clone())
        .base_url(server.uri())
        .build()
        .unwrap();
    sdk.scim().scim_get_user2("u-1").await.unwrap();
    sdk.scim().scim_delete_user2("u-1").await.unwrap();
    assert_eq!(tokens.calls(), [false, false]);
    for request in received(&server).await {
        assert_eq!(
            request.headers.get("authorization").unwrap(),
            "Bearer token-0"
        );
    }
}

/// A closure is a provider: no `Pin<Box<dyn Future>>` to write.
#[tokio::test]
async fn a_closure_returning_a_future_is_a_token_provider() {
    let server = ok_server().await;
    let asked = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&asked);
    let sdk = RingCentral::builder()
        .token_provider(move |refresh: bool| {
            let record = Arc::clone(&record);
            async move {
                record.lock().expect("lock").push(refresh);
                Ok::<_, ringcentral_scim::BoxError>("from-closure".to_owned())
            }
        })
        .base_url(server.uri())
        .build()
        .unwrap();
    sdk.scim().scim_get_user2("u-1").await.unwrap();
    assert_eq!(*asked.lock().expect("lock"), [false]);
    assert_eq!(
        received(&server).await[0]
            .headers
            .get("authorization")
            .unwrap(),
        "Bearer from-closure"
    );
}

#[tokio::test]
async fn after_a_401_the_provider_is_asked_once_more_and_the_request_resent_once() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer token-0"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(header("authorization", "Bearer token-1"))
        .respond_with(user_ok())
        .mount(&server)
        .await;
    let tokens = Tokens::default();
    let sdk = RingCentral::builder()
        .token_provider(tokens.clone())
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    let response = within_3s(sdk.scim().scim_get_user2("u-1").send_with_response())
        .await
        .unwrap();
    assert_eq!(
        response.attempts(),
        2,
        "re-authentication counts as an attempt"
    );
    assert_eq!(tokens.calls(), [false, true]);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1].headers.get("authorization").unwrap(),
        "Bearer token-1"
    );

    // The next request asks again, without forcing a refresh.
    sdk.scim().scim_get_user2("u-1").await.unwrap();
    assert_eq!(tokens.calls(), [false, true, false]);
}

#[tokio::test]
async fn a_401_on_a_post_is_also_resent_once_with_a_fresh_token() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer token-0"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(header("authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(201).set_body_json(user_json("new")))
        .mount(&server)
        .await;
    let tokens = Tokens::default();
    let sdk = RingCentral::builder()
        .token_provider(tokens.clone())
        .base_url(server.uri())
        .build()
        .unwrap();
    let user = new_user();
    let created = within_3s(sdk.scim().scim_create_user2(&user))
        .await
        .unwrap();
    assert_eq!(created.id.as_deref(), Some("new"));
    assert_eq!(tokens.calls(), [false, true]);
    let requests = received(&server).await;
    assert_eq!(requests[0].body, requests[1].body);
}

#[tokio::test]
async fn a_second_401_is_returned_not_looped() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "detail": "token revoked",
            "status": "401"
        })))
        .mount(&server)
        .await;
    let tokens = Tokens::default();
    let sdk = RingCentral::builder()
        .token_provider(tokens.clone())
        .base_url(server.uri())
        .build()
        .unwrap();
    let error = within_3s(sdk.scim().scim_get_user2("u-1"))
        .await
        .unwrap_err();
    let api = api(error);
    assert_eq!(api.status().as_u16(), 401);
    assert_eq!(api.attempts(), 2);
    assert_eq!(
        api.body().and_then(|b| b.detail.as_deref()),
        Some("token revoked")
    );
    assert_eq!(tokens.calls(), [false, true]);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_static_token_is_not_resent_after_a_401() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let api = api(sdk(&server).scim().scim_get_user2("u-1").await.unwrap_err());
    assert_eq!(api.attempts(), 1);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_failing_token_provider_is_an_auth_error_and_sends_nothing() {
    let server = ok_server().await;
    let sdk = RingCentral::builder()
        .token_provider(Tokens {
            fail: true,
            ..Tokens::default()
        })
        .base_url(server.uri())
        .build()
        .unwrap();
    let error = sdk.scim().scim_get_user2("u-1").await.unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "token provider failed: identity provider unreachable"
    );
    assert_eq!(received(&server).await.len(), 0);
}

#[tokio::test]
async fn a_static_token_with_cr_or_lf_is_refused_at_build() {
    let server = ok_server().await;
    for token in [
        "SECRET-TOKEN\r\nX-Injected: 1",
        "SECRET-TOKEN\n",
        "SECRET-TOKEN\rX",
        "\nSECRET-TOKEN",
    ] {
        let error = RingCentral::builder()
            .access_token(token)
            .base_url(server.uri())
            .build()
            .unwrap_err();
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains("SECRET-TOKEN"), "{token:?}: {text}");
            assert!(!text.contains("Injected"), "{token:?}: {text}");
        }
    }
    assert_eq!(received(&server).await.len(), 0);
}

#[tokio::test]
async fn a_provided_token_with_cr_or_lf_is_refused_before_sending() {
    let server = ok_server().await;
    for token in [
        "SECRET-TOKEN\r\nX-Injected: 1",
        "SECRET-TOKEN\n",
        "SECRET-TOKEN\r",
    ] {
        let sdk = RingCentral::builder()
            .token_provider(Tokens {
                fixed: Some(token),
                ..Tokens::default()
            })
            .base_url(server.uri())
            .build()
            .unwrap();
        let error = sdk.scim().scim_get_user2("u-1").await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains("SECRET-TOKEN"), "{token:?}: {text}");
            assert!(!text.contains("Injected"), "{token:?}: {text}");
        }
    }
    assert_eq!(received(&server).await.len(), 0, "nothing may be sent");
}

#[tokio::test]
async fn the_token_never_shows_in_debug_display_or_error_messages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"detail": "gone"})))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>oops</html>"))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>oops</html>"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let check = |what: &str, text: String| {
        assert!(!text.contains(TOKEN), "the token leaked in {what}: {text}");
        assert!(
            !text.contains("SECRET"),
            "the token leaked in {what}: {text}"
        );
    };

    check("builder Debug", format!("{:?}", builder(&server)));
    check(
        "provider builder Debug",
        format!(
            "{:?}",
            RingCentral::builder().token_provider(Tokens::default())
        ),
    );
    let sdk = builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    check("client Debug", format!("{sdk:?}"));
    check("clone Debug", format!("{:?}", sdk.clone()));
    check("service Debug", format!("{:?}", sdk.scim()));

    let mut errors: Vec<(&str, String, String)> = Vec::new();
    let mut push = |what, error: &dyn std::error::Error, debug: String| {
        let mut chain = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            chain.push_str(&format!(" / {cause} / {cause:?}"));
            source = cause.source();
        }
        errors.push((what, chain, debug));
    };
    let e = sdk.scim().scim_get_user2("u-1").await.unwrap_err();
    push("Api", &e, format!("{e:?}"));
    let user = new_user();
    let e = sdk
        .scim()
        .scim_update_user2("u-1", &user)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode(_)), "{e:?}");
    push("Decode", &e, format!("{e:?}"));
    let e = sdk.scim().scim_create_user2(&user).await.unwrap_err();
    assert!(matches!(e, Error::Timeout(_)), "{e:?}");
    push("Timeout", &e, format!("{e:?}"));
    let e = sdk
        .scim()
        .scim_get_user2("u-1")
        .header("X", "\r\n")
        .await
        .unwrap_err();
    push("InvalidRequest", &e, format!("{e:?}"));
    let offline = RingCentral::builder()
        .access_token(TOKEN)
        .base_url(closed_port_url())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let e = offline.scim().scim_get_user2("u-1").await.unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    push("Transport", &e, format!("{e:?}"));
    for (what, display, debug) in errors {
        check(what, display);
        check(what, debug);
    }
}

// ---------------------------------------------------------------------------------------
// Paging

/// The query strings of the requests the server received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    let requests = received(server).await;
    requests
        .iter()
        .map(|request| request.url.query().unwrap_or_default().to_owned())
        .collect()
}

/// `count(0)` asks a SCIM server for the total alone (RFC 7644 §3.4.2.4); paging such a
/// request leaves the page size to the server instead of asking for empty pages (which the
/// paginator would report as an error), and a count set on the request is the page size.
#[tokio::test]
async fn a_requests_own_count_is_the_page_size_and_zero_leaves_it_to_the_server() {
    let server = MockServer::start().await;
    let list = |resources: Vec<serde_json::Value>| {
        ResponseTemplate::new(200).set_body_json(json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": 2,
            "Resources": resources,
        }))
    };
    Mock::given(method("GET"))
        .and(query_param("count", "0"))
        .respond_with(list(Vec::new()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("startIndex", "2"))
        .respond_with(list(vec![user_json("u-2")]))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(list(vec![user_json("u-1"), user_json("u-2")]))
        .mount(&server)
        .await;
    let sdk = sdk(&server);
    let read = |count: i32| {
        let mut users = sdk.scim().scim_search_via_get2().count(count).paginate();
        async move {
            let mut ids = Vec::new();
            while let Some(user) = users.next_item().await {
                ids.extend(user.unwrap().id);
            }
            ids
        }
    };

    assert_eq!(read(0).await, ["u-1", "u-2"]);
    assert_eq!(queries(&server).await, ["startIndex=1"]);

    // One item per page: the second page is asked from position 2, one item at a time.
    server.reset().await;
    Mock::given(method("GET"))
        .and(query_param("startIndex", "2"))
        .respond_with(list(vec![user_json("u-2")]))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(list(vec![user_json("u-1")]))
        .mount(&server)
        .await;
    assert_eq!(read(1).await, ["u-1", "u-2"]);
    assert_eq!(
        queries(&server).await,
        ["startIndex=1&count=1", "startIndex=2&count=1"]
    );
}

/// SCIM base URLs are often written with `/scim/v2`, which the operation paths carry already:
/// taken as given, every request would go to `/scim/v2/scim/v2/..` and fail with a bare 404.
#[tokio::test]
async fn a_base_url_ending_with_scim_v2_is_taken_as_its_root() {
    let server = ok_server().await;
    for base in [
        format!("{}/scim/v2", server.uri()),
        format!("{}/scim/v2/", server.uri()),
    ] {
        let sdk = RingCentral::builder().base_url(base).build().unwrap();
        sdk.scim().scim_get_user2("u-1").await.unwrap();
    }
    for request in received(&server).await {
        assert_eq!(request.url.path(), "/scim/v2/Users/u-1");
    }
}
