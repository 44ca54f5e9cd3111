//! Conditional requests (ETags), undeclared query parameters and blocking sends.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

use std::sync::Arc;

use reqwest::Method;
use sdkgen_runtime::{
    Call, ClientCore, Conditional, CoreBuilder, DecodeFailure, Error, Outcome, RawResponse,
};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn decode(response: &RawResponse) -> Result<Outcome<Value, Value>, DecodeFailure> {
    match response.status().as_u16() {
        200..=299 => response.json().map(Outcome::Success),
        400.. => response.json().map(Outcome::Failure),
        _ => Ok(Outcome::Undocumented),
    }
}

fn core(server: &MockServer) -> Arc<ClientCore> {
    Arc::new(
        CoreBuilder::new(Some(server.uri()), "conditions-test/1")
            .build()
            .unwrap(),
    )
}

fn get(core: &Arc<ClientCore>) -> Call<Value, Value> {
    Call::new(core, "getUser", Method::GET, "/Users/1", decode)
}

#[tokio::test]
async fn if_none_match_makes_304_an_answer_and_200_carries_the_new_etag() {
    let server = MockServer::start().await;
    Mock::given(header("if-none-match", "W/\"2\""))
        .respond_with(ResponseTemplate::new(304))
        .mount(&server)
        .await;
    Mock::given(header("if-none-match", "W/\"1\""))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("etag", "W/\"2\"")
                .set_body_json(json!({"id": "1"})),
        )
        .mount(&server)
        .await;
    let core = core(&server);
    let unchanged = get(&core).if_none_match("W/\"2\"").await.unwrap();
    assert_eq!(unchanged, Conditional::NotModified);
    assert!(unchanged.is_not_modified());

    let changed = get(&core)
        .if_none_match("W/\"1\"")
        .send_with_response()
        .await
        .unwrap();
    let Conditional::Modified(response) = changed else {
        panic!("the resource changed")
    };
    assert_eq!(response.etag(), Some("W/\"2\""));
    assert_eq!(response.body()["id"], "1");

    // Without the condition, a 304 is not what the caller asked for.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(304))
        .mount(&server)
        .await;
    assert!(matches!(get(&core).await, Err(Error::UnexpectedStatus(_))));
}

#[tokio::test]
async fn a_stale_if_match_is_a_precondition_failure() {
    let server = MockServer::start().await;
    Mock::given(header("if-match", "W/\"1\""))
        .respond_with(
            ResponseTemplate::new(412).set_body_json(json!({"detail": "version mismatch"})),
        )
        .mount(&server)
        .await;
    let core = core(&server);
    let put = Call::new(&core, "putUser", Method::PUT, "/Users/1", decode);
    let error = put.if_match("W/\"1\"").await.unwrap_err();
    let Error::PreconditionFailed(failure) = &error else {
        panic!("a precondition failure: {error:?}")
    };
    assert_eq!(failure.status().as_u16(), 412);
    assert_eq!(failure.body().unwrap()["detail"], "version mismatch");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(412));
    assert!(
        error.to_string().contains("changed since it was read"),
        "{error}"
    );
}

#[tokio::test]
async fn query_adds_an_undeclared_parameter_encoded() {
    let server = MockServer::start().await;
    Mock::given(query_param("attributes", "userName,name.givenName"))
        .and(query_param("filter", "a eq \"b&c\""))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let core = core(&server);
    get(&core)
        .query("attributes", "userName,name.givenName")
        .query("filter", "a eq \"b&c\"")
        .await
        .unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        request.url.query(),
        Some("attributes=userName%2Cname.givenName&filter=a%20eq%20%22b%26c%22")
    );
}

#[cfg(feature = "blocking")]
mod blocking {
    use super::*;

    /// A server on its own thread and runtime, for tests that are not async.
    fn server() -> (MockServer, tokio::runtime::Runtime) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let server = runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1"})))
                .mount(&server)
                .await;
            server
        });
        (server, runtime)
    }

    #[test]
    fn a_blocking_client_sends_from_plain_code() {
        let (server, _runtime) = server();
        let core = CoreBuilder::new(Some(server.uri()), "blocking-test/1")
            .build_blocking()
            .map(Arc::new)
            .unwrap();
        let body = get(&core).send_blocking().unwrap();
        assert_eq!(body["id"], "1");
        let unchanged = get(&core).if_none_match("x").send_blocking().unwrap();
        assert_eq!(unchanged, Conditional::Modified(json!({"id": "1"})));
    }

    #[test]
    fn an_async_client_refuses_to_block() {
        let (server, _runtime) = server();
        let core = CoreBuilder::new(Some(server.uri()), "blocking-test/1")
            .build()
            .map(Arc::new)
            .unwrap();
        let error = get(&core).send_blocking().unwrap_err();
        assert!(
            matches!(&error, Error::InvalidRequest(m) if m.contains("build_blocking")),
            "{error:?}"
        );
    }

    #[tokio::test]
    async fn blocking_inside_async_code_is_refused_not_a_panic() {
        let server = MockServer::start().await;
        let core = CoreBuilder::new(Some(server.uri()), "blocking-test/1")
            .build_blocking()
            .map(Arc::new)
            .unwrap();
        let error = get(&core).send_blocking().unwrap_err();
        assert!(
            matches!(&error, Error::InvalidRequest(m) if m.contains("await the call")),
            "{error:?}"
        );
        // Dropping the blocking client here must not panic either.
        drop(core);
    }
}
