//! Retries through the real SCIM SDK: which statuses and methods are retried, how long the
//! client waits (exponential backoff with jitter, `Retry-After` up to a cap), how attempts are
//! counted, and connection failures.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]
mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::{
    Tokens, api, builder, closed_port_url, deactivate, fails_then, fast_retries, new_user,
    received, sdk, user_json, user_ok, within_3s,
};
use ringcentral_scim::{Error, RetryPolicy, RingCentral};
use serde_json::json;
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A server answering every request with `status`.
async fn always(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    server
}

/// Formats `time` as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the HTTP-date form
/// of `Retry-After`.
fn http_date(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let days = i64::try_from(secs / 86_400).expect("small");
    let rest = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        weekdays[usize::try_from(days.rem_euclid(7)).expect("small")],
        months[usize::try_from(month - 1).expect("small")],
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[test]
fn http_date_helper_formats_imf_fixdate() {
    let at = |secs| http_date(UNIX_EPOCH + Duration::from_secs(secs));
    assert_eq!(at(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    assert_eq!(at(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert_eq!(at(1_700_000_000), "Tue, 14 Nov 2023 22:13:20 GMT");
    assert_eq!(at(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
}

#[tokio::test]
async fn each_retryable_status_is_retried_until_success() {
    for status in [429, 502, 503, 504] {
        let server = MockServer::start().await;
        fails_then(&server, "GET", ResponseTemplate::new(status), 2, user_ok()).await;

        let response = sdk(&server)
            .scim()
            .scim_get_user2("u-1")
            .send_with_response()
            .await
            .unwrap_or_else(|e| panic!("{status}: {e:?}"));
        assert_eq!(response.status().as_u16(), 200, "{status}");
        assert_eq!(response.attempts(), 3, "{status}");
        assert_eq!(response.body().id.as_deref(), Some("u-1"), "{status}");
        assert_eq!(received(&server).await.len(), 3, "{status}");
    }
}

#[tokio::test]
async fn other_error_statuses_are_not_retried() {
    for status in [400, 401, 403, 404, 409, 500, 501] {
        let server = always(status).await;
        let error = sdk(&server).scim().scim_get_user2("u-1").await.unwrap_err();
        let api = api(error);
        assert_eq!(api.status().as_u16(), status);
        assert_eq!(api.attempts(), 1, "{status}");
        assert_eq!(received(&server).await.len(), 1, "{status}");
    }
}

#[tokio::test]
async fn gives_up_after_max_attempts_with_the_last_error_decoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "detail": "slow down",
            "status": "429"
        })))
        .mount(&server)
        .await;

    let api = api(sdk(&server).scim().scim_get_user2("u-1").await.unwrap_err());
    assert_eq!(api.status().as_u16(), 429);
    assert_eq!(api.attempts(), 3);
    assert_eq!(
        api.body().and_then(|b| b.detail.as_deref()),
        Some("slow down")
    );
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn the_default_policy_makes_three_attempts() {
    let server = always(503).await;
    let sdk = RingCentral::builder()
        .access_token("t")
        .base_url(server.uri())
        .build()
        .unwrap();
    let error = within_3s(sdk.scim().scim_get_user2("u-1"))
        .await
        .unwrap_err();
    assert_eq!(api(error).attempts(), 3);
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn attempts_are_configurable_per_client_and_per_call() {
    let server = always(502).await;

    let five = builder(&server)
        .retry_policy(fast_retries().max_attempts(5))
        .build()
        .unwrap();
    let error = five.scim().scim_get_user2("u-1").await.unwrap_err();
    assert_eq!(api(error).attempts(), 5);
    assert_eq!(received(&server).await.len(), 5);

    let error = five
        .scim()
        .scim_get_user2("u-1")
        .max_attempts(1)
        .await
        .unwrap_err();
    assert_eq!(api(error).attempts(), 1);
    assert_eq!(received(&server).await.len(), 6);

    let none = builder(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = none.scim().scim_get_user2("u-1").await.unwrap_err();
    assert_eq!(api(error).attempts(), 1);
    assert_eq!(received(&server).await.len(), 7);

    // A call may ask for more attempts than its client's policy.
    let error = none
        .scim()
        .scim_get_user2("u-1")
        .max_attempts(4)
        .await
        .unwrap_err();
    assert_eq!(api(error).attempts(), 4);
    assert_eq!(received(&server).await.len(), 11);

    // Zero is taken as one.
    let error = five
        .scim()
        .scim_get_user2("u-1")
        .max_attempts(0)
        .await
        .unwrap_err();
    assert_eq!(api(error).attempts(), 1);
}

#[tokio::test]
async fn put_and_delete_are_retried_by_default() {
    let server = MockServer::start().await;
    fails_then(&server, "PUT", ResponseTemplate::new(503), 1, user_ok()).await;
    fails_then(
        &server,
        "DELETE",
        ResponseTemplate::new(504),
        2,
        ResponseTemplate::new(204),
    )
    .await;
    let sdk = sdk(&server);

    let put = sdk
        .scim()
        .scim_update_user2("u-1", &new_user())
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(put.attempts(), 2);
    let delete = sdk
        .scim()
        .scim_delete_user2("u-1")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(delete.attempts(), 3);
    assert_eq!(delete.status().as_u16(), 204);

    let requests = received(&server).await;
    let methods: Vec<&str> = requests.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(methods, ["PUT", "PUT", "DELETE", "DELETE", "DELETE"]);
    // The retried PUT resends the same body.
    assert_eq!(requests[0].body, requests[1].body);
    assert!(!requests[0].body.is_empty());
}

#[tokio::test]
async fn every_attempt_sends_the_same_headers() {
    let server = MockServer::start().await;
    fails_then(&server, "PUT", ResponseTemplate::new(503), 2, user_ok()).await;

    // Each attempt's request is assembled anew (the call's own headers copied for attempts
    // that may be followed by another, moved into the last): all three must be alike.
    let put = sdk(&server)
        .scim()
        .scim_update_user2("u-1", &new_user())
        .header("X-Request-Id", "req-7")
        .if_match("W/\"2\"")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(put.attempts(), 3);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    let names = [
        "x-request-id",
        "if-match",
        "authorization",
        "user-agent",
        "accept",
        "content-type",
    ];
    for request in &requests {
        for name in names {
            assert_eq!(
                request.headers.get(name),
                requests[0].headers.get(name),
                "{name}"
            );
            assert!(request.headers.get(name).is_some(), "{name} missing");
            assert_eq!(request.headers.get_all(name).iter().count(), 1, "{name}");
        }
        assert_eq!(request.body, requests[0].body);
    }
}

#[tokio::test]
async fn post_and_patch_are_not_retried_by_default() {
    for status in [429, 502, 503, 504] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).insert_header("Retry-After", "0"))
            .mount(&server)
            .await;
        let sdk = sdk(&server);

        let error = sdk.scim().scim_create_user2(&new_user()).await.unwrap_err();
        assert_eq!(api(error).attempts(), 1, "POST {status}");
        let error = sdk
            .scim()
            .scim_patch_user2("u-1", &deactivate())
            .await
            .unwrap_err();
        assert_eq!(api(error).attempts(), 1, "PATCH {status}");
        assert_eq!(received(&server).await.len(), 2, "{status}");
    }
}

#[tokio::test]
async fn post_and_patch_are_retried_when_the_caller_opts_in() {
    let server = always(503).await;
    let sdk = sdk(&server);

    // Per call.
    let error = sdk
        .scim()
        .scim_create_user2(&new_user())
        .retry_non_idempotent(true)
        .await
        .unwrap_err();
    assert_eq!(api(error).attempts(), 3);
    let error = sdk
        .scim()
        .scim_patch_user2("u-1", &deactivate())
        .retry_non_idempotent(true)
        .await
        .unwrap_err();
    assert_eq!(api(error).attempts(), 3);
    assert_eq!(received(&server).await.len(), 6);

    // For the whole client.
    let opted = builder(&server)
        .retry_policy(fast_retries().retry_non_idempotent(true))
        .build()
        .unwrap();
    let error = opted
        .scim()
        .scim_create_user2(&new_user())
        .await
        .unwrap_err();
    assert_eq!(api(error).attempts(), 3);
    let error = opted
        .scim()
        .scim_patch_user2("u-1", &deactivate())
        .await
        .unwrap_err();
    assert_eq!(api(error).attempts(), 3);
    assert_eq!(received(&server).await.len(), 12);

    // And a call can forbid what its client allows.
    let error = opted
        .scim()
        .scim_create_user2(&new_user())
        .retry_non_idempotent(false)
        .await
        .unwrap_err();
    assert_eq!(api(error).attempts(), 1);
    assert_eq!(received(&server).await.len(), 13);

    // Every retried POST carried the same body.
    let requests = received(&server).await;
    assert!(requests[..3].iter().all(|r| r.body == requests[0].body));
}

#[tokio::test]
async fn a_successful_opted_in_post_reports_its_attempts() {
    let server = MockServer::start().await;
    fails_then(
        &server,
        "POST",
        ResponseTemplate::new(429),
        1,
        ResponseTemplate::new(201).set_body_json(user_json("new")),
    )
    .await;
    let created = sdk(&server)
        .scim()
        .scim_create_user2(&new_user())
        .retry_non_idempotent(true)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(created.attempts(), 2);
    assert_eq!(created.into_body().id.as_deref(), Some("new"));
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let server = MockServer::start().await;
    fails_then(
        &server,
        "GET",
        ResponseTemplate::new(503).insert_header("Retry-After", "1"),
        1,
        user_ok(),
    )
    .await;

    let start = Instant::now();
    let response = within_3s(
        sdk(&server)
            .scim()
            .scim_get_user2("u-1")
            .send_with_response(),
    )
    .await
    .unwrap();
    let elapsed = start.elapsed();
    // The backoff alone is at most 5 ms: only the header explains a wait this long.
    assert!(elapsed >= Duration::from_millis(900), "waited {elapsed:?}");
    assert_eq!(response.attempts(), 2);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let server = MockServer::start().await;
    // Dates have whole seconds: truncating "now + 2 s" still leaves at least 1 s to wait.
    let date = http_date(SystemTime::now() + Duration::from_secs(2));
    fails_then(
        &server,
        "GET",
        ResponseTemplate::new(429).insert_header("Retry-After", date.as_str()),
        1,
        user_ok(),
    )
    .await;

    let start = Instant::now();
    let response = within_3s(
        sdk(&server)
            .scim()
            .scim_get_user2("u-1")
            .send_with_response(),
    )
    .await
    .unwrap();
    let elapsed = start.elapsed();
    assert!(elapsed >= Duration::from_millis(800), "waited {elapsed:?}");
    assert_eq!(response.attempts(), 2);
}

#[tokio::test]
async fn retry_after_now_or_in_the_past_or_unparsable_still_retries() {
    let past = http_date(SystemTime::now() - Duration::from_secs(60));
    for value in ["0", past.as_str(), "soon"] {
        let server = MockServer::start().await;
        fails_then(
            &server,
            "GET",
            ResponseTemplate::new(503).insert_header("Retry-After", value),
            1,
            user_ok(),
        )
        .await;
        let response = within_3s(
            sdk(&server)
                .scim()
                .scim_get_user2("u-1")
                .send_with_response(),
        )
        .await
        .unwrap();
        assert_eq!(response.attempts(), 2, "Retry-After: {value}");
    }
}

#[tokio::test]
async fn retry_after_beyond_the_cap_returns_the_error_at_once() {
    // The default cap is 60 s.
    let far_date = http_date(SystemTime::now() + Duration::from_secs(600));
    for value in ["120", far_date.as_str()] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", value))
            .mount(&server)
            .await;
        let error = within_3s(sdk(&server).scim().scim_get_user2("u-1"))
            .await
            .unwrap_err();
        let api = api(error);
        assert_eq!(api.status().as_u16(), 503);
        assert_eq!(api.attempts(), 1, "Retry-After: {value}");
        assert_eq!(api.headers().get("retry-after").unwrap(), value);
        assert_eq!(received(&server).await.len(), 1);
    }

    // A lower cap applies to shorter waits too.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .mount(&server)
        .await;
    let capped = builder(&server)
        .retry_policy(fast_retries().max_retry_after(Duration::from_millis(500)))
        .build()
        .unwrap();
    let error = within_3s(capped.scim().scim_get_user2("u-1"))
        .await
        .unwrap_err();
    assert_eq!(api(error).attempts(), 1);
}

/// Answers 503 and records when each request arrived.
#[derive(Clone, Default)]
struct Stamps(Arc<Mutex<Vec<Instant>>>);

impl Respond for Stamps {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.0.lock().unwrap().push(Instant::now());
        ResponseTemplate::new(503)
    }
}

impl Stamps {
    fn gaps(&self) -> Vec<Duration> {
        let times = self.0.lock().unwrap();
        times.windows(2).map(|w| w[1] - w[0]).collect()
    }
}

#[tokio::test]
async fn backoff_grows_exponentially_from_the_initial_delay() {
    let server = always(503).await;
    // Ceilings 1, 2, 4 … 64 ms, then 128 ms for the last 12 retries. With full jitter the
    // total wait is on average ~830 ms; that it stays under 150 ms has a probability below
    // 1e-7. Without growth the 19 waits would add up to at most 19 ms.
    let policy = RetryPolicy::new()
        .max_attempts(20)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(128));
    let sdk = builder(&server).retry_policy(policy).build().unwrap();
    let start = Instant::now();
    let error = within_3s(sdk.scim().scim_get_user2("u-1"))
        .await
        .unwrap_err();
    let elapsed = start.elapsed();
    assert_eq!(api(error).attempts(), 20);
    assert!(elapsed >= Duration::from_millis(150), "waited {elapsed:?}");
}

#[tokio::test]
async fn max_backoff_caps_the_exponential_delay() {
    let server = always(503).await;
    // An hour-long initial backoff capped at 20 ms: the call only finishes because of the cap.
    let policy = RetryPolicy::new()
        .initial_backoff(Duration::from_secs(3600))
        .max_backoff(Duration::from_millis(20));
    let sdk = builder(&server).retry_policy(policy).build().unwrap();
    let error = within_3s(sdk.scim().scim_get_user2("u-1"))
        .await
        .unwrap_err();
    assert_eq!(api(error).attempts(), 3);
}

#[tokio::test]
async fn backoff_is_jittered() {
    let server = MockServer::start().await;
    let stamps = Stamps::default();
    Mock::given(method("GET"))
        .respond_with(stamps.clone())
        .mount(&server)
        .await;
    // Every delay has the same 150 ms ceiling. Without jitter each gap between attempts would
    // be at least 150 ms; with full jitter all 12 staying above 120 ms has a probability of
    // 0.2^12 (about 4e-9).
    let policy = RetryPolicy::new()
        .max_attempts(13)
        .initial_backoff(Duration::from_millis(150))
        .max_backoff(Duration::from_millis(150));
    let sdk = builder(&server).retry_policy(policy).build().unwrap();
    within_3s(sdk.scim().scim_get_user2("u-1"))
        .await
        .unwrap_err();
    let gaps = stamps.gaps();
    assert_eq!(gaps.len(), 12);
    assert!(
        gaps.iter().any(|gap| *gap < Duration::from_millis(120)),
        "no gap shorter than the ceiling: {gaps:?}"
    );
}

#[tokio::test]
async fn connection_failures_are_retried_for_every_method() {
    // Nothing listens, so every attempt fails to connect. The token provider is asked before
    // each attempt, which makes the attempts countable.
    let url = closed_port_url();
    let tokens = Tokens::default();
    let sdk = RingCentral::builder()
        .token_provider(tokens.clone())
        .base_url(&url)
        .retry_policy(fast_retries())
        .build()
        .unwrap();

    let error = within_3s(sdk.scim().scim_get_user2("u-1"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(error.status(), None);
    assert_eq!(tokens.calls().len(), 3);

    // A refused connection sent nothing, so even a POST goes again.
    let error = within_3s(sdk.scim().scim_create_user2(&new_user()))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(tokens.calls().len(), 6);

    let error = within_3s(sdk.scim().scim_get_user2("u-1").max_attempts(1))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(tokens.calls().len(), 7);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_get() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with_err(|_: &Request| {
            std::io::Error::new(std::io::ErrorKind::ConnectionReset, "dropped")
        })
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(user_ok())
        .mount(&server)
        .await;

    let response = within_3s(
        sdk(&server)
            .scim()
            .scim_get_user2("u-1")
            .send_with_response(),
    )
    .await
    .unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_dropped_connection_is_not_retried_for_post_unless_opted_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with_err(|_: &Request| {
            std::io::Error::new(std::io::ErrorKind::ConnectionReset, "dropped")
        })
        .mount(&server)
        .await;
    let sdk = sdk(&server);

    // The server may have acted on the request before the connection broke.
    let error = within_3s(sdk.scim().scim_create_user2(&new_user()))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(received(&server).await.len(), 1);

    let error = within_3s(
        sdk.scim()
            .scim_create_user2(&new_user())
            .retry_non_idempotent(true),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(received(&server).await.len(), 4);
}
