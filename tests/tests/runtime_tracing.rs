//! The `tracing` output of the real SCIM SDK: one `http_request` span per call with its
//! operation id, method, path template, status and attempt count; retries logged inside it;
//! and no token, header value or body anywhere in the logs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]
mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{TOKEN, Tokens, builder, fails_then, fast_retries, sdk, user_json};
use ringcentral_scim::RingCentral;
use tracing::subscriber::DefaultGuard;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::{any, header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Collects everything the fmt subscriber writes.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    /// Installs a subscriber logging every level, span closes included, into this buffer
    /// for the current thread (each `#[tokio::test]` runs on its own thread).
    fn install() -> (Self, DefaultGuard) {
        let capture = Capture::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(capture.clone())
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(FmtSpan::CLOSE)
            .with_ansi(false)
            .finish();
        let guard = tracing::subscriber::set_default(subscriber);
        (capture, guard)
    }

    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }

    /// The lines recording the close of an `http_request` span, in order.
    fn closed_spans(&self) -> Vec<String> {
        self.text()
            .lines()
            .filter(|line| line.contains("http_request{") && line.contains(": close"))
            .map(str::to_owned)
            .collect()
    }
}

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

fn assert_fields(line: &str, fields: &[&str]) {
    for field in fields {
        assert!(line.contains(field), "`{field}` missing in {line}");
    }
}

#[tokio::test]
async fn each_request_gets_a_span_with_operation_method_path_status_and_attempts() {
    let (capture, _guard) = Capture::install();
    let server = MockServer::start().await;
    fails_then(
        &server,
        "GET",
        ResponseTemplate::new(503),
        1,
        ResponseTemplate::new(200).set_body_json(user_json("u-1")),
    )
    .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(409).set_body_json(serde_json::json!({"status": 409})))
        .mount(&server)
        .await;
    let sdk = sdk(&server);

    sdk.scim().scim_get_user2("user-42").await.unwrap();
    let user = common::new_user();
    sdk.scim().scim_create_user2(&user).await.unwrap_err();

    let spans = capture.closed_spans();
    assert_eq!(spans.len(), 2, "{}", capture.text());
    assert_fields(
        &spans[0],
        &[
            "operation=\"scimGetUser2\"",
            "method=GET",
            "path=\"/scim/v2/Users/{scimUserId}\"",
            "status=200",
            "attempts=2",
        ],
    );
    assert_fields(
        &spans[1],
        &[
            "operation=\"scimCreateUser2\"",
            "method=POST",
            "path=\"/scim/v2/Users\"",
            "status=409",
            "attempts=1",
        ],
    );
    // The template is logged, not the filled-in path.
    assert!(!capture.text().contains("user-42"), "{}", capture.text());
}

#[tokio::test]
async fn a_request_without_a_response_records_attempts_but_no_status() {
    let (capture, _guard) = Capture::install();
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let sdk = builder(&server)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    sdk.scim().scim_delete_user2("u-1").await.unwrap_err();

    let spans = capture.closed_spans();
    assert_eq!(spans.len(), 1, "{}", capture.text());
    assert_fields(
        &spans[0],
        &[
            "operation=\"scimDeleteUser2\"",
            "method=DELETE",
            "attempts=1",
        ],
    );
    assert!(!spans[0].contains("status="), "{}", spans[0]);
}

#[tokio::test]
async fn retries_are_logged_inside_the_request_span() {
    let (capture, _guard) = Capture::install();
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429))
        .mount(&server)
        .await;
    sdk(&server).scim().scim_get_user2("u-1").await.unwrap_err();

    let log = capture.text();
    let retries: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("retrying request"))
        .collect();
    assert_eq!(retries.len(), 2, "{log}");
    for line in retries {
        assert_fields(
            line,
            &[
                "http_request{operation=\"scimGetUser2\"",
                "reason=429 Too Many Requests",
                "delay=",
            ],
        );
    }
    assert_fields(&capture.closed_spans()[0], &["status=429", "attempts=3"]);
}

#[tokio::test]
async fn tokens_and_bodies_never_reach_the_logs() {
    let (capture, _guard) = Capture::install();
    let server = MockServer::start().await;
    // The provider's first token is rejected once, so the refresh path is logged too.
    Mock::given(header("authorization", "Bearer SECRET-PROVIDED-token-0"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                // A list where a user is expected: it cannot decode.
                .set_body_json(serde_json::json!(["BODY-SECRET"]))
                .insert_header("Set-Cookie", "session=COOKIE-SECRET"),
        )
        .mount(&server)
        .await;

    // A static token, with retries and an undecodable body.
    builder(&server)
        .build()
        .unwrap()
        .scim()
        .scim_get_user2("u-1")
        .header("X-Extra", "HEADER-SECRET")
        .await
        .unwrap_err();

    // A token provider whose first token gets a 401.
    struct Prefixed(Tokens);
    impl ringcentral_scim::TokenProvider for Prefixed {
        fn token(
            &self,
            refresh: bool,
        ) -> std::pin::Pin<
            Box<
                dyn std::future::Future<Output = Result<String, ringcentral_scim::BoxError>>
                    + Send
                    + '_,
            >,
        > {
            Box::pin(async move { Ok(format!("SECRET-PROVIDED-{}", self.0.token(refresh).await?)) })
        }
    }
    let tokens = Tokens::default();
    let provided = RingCentral::builder()
        .token_provider(Prefixed(tokens.clone()))
        .base_url(server.uri())
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    provided.scim().scim_delete_user2("u-1").await.unwrap();
    assert_eq!(tokens.calls(), [false, true], "the refresh path ran");

    let log = capture.text();
    assert!(
        log.contains("401 Unauthorized: asking for a fresh token"),
        "{log}"
    );
    assert!(log.contains("retrying request"), "{log}");
    assert_eq!(capture.closed_spans().len(), 2, "{log}");
    for secret in [
        TOKEN,
        "SECRET-PROVIDED",
        "token-1",
        "BODY-SECRET",
        "COOKIE-SECRET",
        "HEADER-SECRET",
        "Bearer",
    ] {
        assert!(!log.contains(secret), "`{secret}` in the logs:\n{log}");
    }
}
