//! Helpers shared by the `runtime_*` test binaries (each uses a different subset).
#![allow(dead_code)]

use std::fmt::Debug;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ringcentral_scim::models::{ScimUser, ScimUserPatch};
use ringcentral_scim::{
    ApiError, BoxError, DecodeError, Error, RetryPolicy, RingCentral, RingCentralBuilder,
    TokenProvider,
};
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The static access token of [`builder`]; tests check it never leaks.
pub const TOKEN: &str = "tok-SECRET-8c1f";

/// Millisecond backoff so that retry tests stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::new()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

/// A builder aimed at `server`, with [`TOKEN`] and [`fast_retries`].
pub fn builder(server: &MockServer) -> RingCentralBuilder {
    RingCentral::builder()
        .access_token(TOKEN)
        .base_url(server.uri())
        .retry_policy(fast_retries())
}

/// The client of [`builder`].
pub fn sdk(server: &MockServer) -> RingCentral {
    builder(server).build().expect("the client builds")
}

/// The smallest body that decodes as a `ScimUserResponse`.
pub fn user_json(id: &str) -> Value {
    json!({
        "id": id,
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "ada@example.com",
        "name": {"givenName": "Ada", "familyName": "Lovelace"},
        "emails": [{"type": "work", "value": "ada@example.com"}],
        "active": true
    })
}

/// A user to send (create or replace), built from JSON so that new model fields don't matter.
pub fn new_user() -> ScimUser {
    serde_json::from_value(user_json("ignored")).expect("a valid ScimUser")
}

/// A PatchOp that deactivates the user.
pub fn deactivate() -> ScimUserPatch {
    serde_json::from_value(json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "active", "value": false}]
    }))
    .expect("a valid ScimUserPatch")
}

/// A 200 answer carrying [`user_json`].
pub fn user_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(user_json("u-1"))
}

/// Answers `verb` requests on `server` with `failure` the first `times` times, then with
/// `then`: the shape of every retry test.
pub async fn fails_then(
    server: &MockServer,
    verb: &str,
    failure: ResponseTemplate,
    times: u64,
    then: ResponseTemplate,
) {
    Mock::given(method(verb))
        .respond_with(failure)
        .up_to_n_times(times)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .respond_with(then)
        .mount(server)
        .await;
}

/// The requests `server` received, in order.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

/// Runs `future`, failing the test instead of hanging if it takes over 3 s.
pub async fn within_3s<F: IntoFuture>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(3), future.into_future())
        .await
        .expect("the call did not finish within 3 s")
}

/// The `Error::Api` inside `error`, or a panic showing what it was instead.
pub fn api<E: Debug>(error: Error<E>) -> ApiError<E> {
    match error {
        Error::Api(api) => api,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// The `Error::Decode` inside `error`, or a panic showing what it was instead.
pub fn decode<E: Debug>(error: Error<E>) -> DecodeError {
    match error {
        Error::Decode(decode) => decode,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// An `http://` URL where nothing can listen: connecting to port 0 always fails (refused on
/// Linux), with no race against other tests binding ports.
pub fn closed_port_url() -> String {
    "http://127.0.0.1:0".to_owned()
}

/// A token provider that hands out `token-0`, then `token-1` after each refresh (or a
/// fixed token), and records the `refresh` flag of every call.
#[derive(Clone, Default)]
pub struct Tokens {
    pub calls: Arc<Mutex<Vec<bool>>>,
    pub fixed: Option<&'static str>,
    pub fail: bool,
}

impl Tokens {
    /// The `refresh` flags the provider was called with so far.
    pub fn calls(&self) -> Vec<bool> {
        self.calls.lock().expect("lock").clone()
    }
}

impl TokenProvider for Tokens {
    fn token(
        &self,
        refresh: bool,
    ) -> Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + '_>> {
        Box::pin(async move {
            let mut calls = self.calls.lock().expect("lock");
            calls.push(refresh);
            if self.fail {
                return Err("identity provider unreachable".into());
            }
            let refreshes = calls.iter().filter(|r| **r).count();
            Ok(self
                .fixed
                .map_or_else(|| format!("token-{refreshes}"), str::to_owned))
        })
    }
}
