//! Sending a prepared request: when to try again, how long to wait, and re-authentication.

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER, USER_AGENT,
};
use reqwest::{Method, StatusCode};

use super::auth::{ProviderHandle, bearer_header};
use super::core::ClientCore;
use tokio::time::Instant;
use tokio::time::error::Elapsed;

use super::error::{Error, TransportError};

/// How failed requests are retried.
///
/// Requests are retried on 429 Too Many Requests, 502, 503 and 504, and when the
/// connection could not be made; never after a timeout. Only idempotent methods (GET,
/// HEAD, OPTIONS, PUT, DELETE, TRACE) are retried unless `retry_non_idempotent` is set,
/// because resending a POST or PATCH the server already processed could repeat its
/// effect. A failed connection is retried for every method, since nothing was sent.
///
/// The delay is exponential (`initial_backoff * 2^n`, capped at `max_backoff`) with full
/// jitter, or the server's `Retry-After` when it gives one. A `Retry-After` longer than
/// `max_retry_after` is not waited for: the error is returned at once.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "a retry policy does nothing until it is given to the client builder"]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// The default policy: 3 attempts, 200 ms initial backoff, 10 s maximum backoff,
    /// `Retry-After` honoured up to 60 s, idempotent methods only.
    pub fn new() -> Self {
        Self::default()
    }

    /// A policy that never retries (one attempt per request).
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// Total attempts per request, the first included (default 3). 0 is taken as 1.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Delay ceiling before the first retry; doubles for each further retry (default 200 ms).
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Upper bound for the exponential backoff (default 10 s).
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Longest `Retry-After` the client will wait for (default 60 s); a longer one makes
    /// the request fail at once with the server's error.
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// Whether POST and PATCH requests are retried too (default false). Only turn this on
    /// when the API makes them safe to repeat, for example with idempotency keys.
    pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
        self.retry_non_idempotent = allow;
        self
    }

    /// Total attempts per request, the first included.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether POST and PATCH requests may be retried.
    pub fn retries_non_idempotent(&self) -> bool {
        self.retry_non_idempotent
    }

    /// The cap on `Retry-After`.
    pub(crate) fn retry_after_cap(&self) -> Duration {
        self.max_retry_after
    }
}

/// Whether a method can be sent twice without changing the outcome (RFC 9110 §9.2.2).
pub(crate) fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::PUT,
        Method::DELETE,
        Method::TRACE,
    ]
    .contains(method)
}

/// Whether a response status is worth retrying: rate limiting or a temporary failure of
/// a gateway or the server.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// The ceiling of the jittered delay before retry number `retry_number` (0 for the
/// first retry): `initial_backoff * 2^retry_number`, at most `max_backoff`.
pub(crate) fn backoff(policy: &RetryPolicy, retry_number: u32) -> Duration {
    2u32.checked_pow(retry_number)
        .and_then(|factor| policy.initial_backoff.checked_mul(factor))
        .map_or(policy.max_backoff, |delay| delay.min(policy.max_backoff))
}

/// A uniformly random delay between zero and `ceiling` ("full jitter"), so that many
/// clients throttled together do not retry in lockstep.
pub(crate) fn jitter(ceiling: Duration) -> Duration {
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(0..=nanos))
}

/// Parses a `Retry-After` value: delay seconds or an HTTP date (a date in the past
/// means "now"). `None` when the value is neither.
pub(crate) fn retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for a u64 is still "a very long time".
        return Some(text.parse().map_or(Duration::MAX, Duration::from_secs));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A checked request, ready to be sent as many times as the retry policy allows.
///
/// Each attempt's request is assembled from these parts ([`Prepared::request`]): the URL from
/// the filled-in path and the query, the headers from the call's own and the client's. That
/// costs less than the copy of a finished request kept for the next attempt, which is only
/// ever needed when something fails. The last attempt takes the parts out.
pub(crate) struct Prepared {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) template: &'static str,
    /// The template with every parameter filled in, percent-encoded.
    pub(crate) path: Cow<'static, str>,
    /// Encoded `name=value` pairs joined with `&`, credentials' included.
    pub(crate) query: String,
    /// The call's own headers (and its cookies), if any; they win over the client's.
    pub(crate) headers: Option<HeaderMap>,
    pub(crate) accept: Option<HeaderValue>,
    pub(crate) body: Option<(Bytes, HeaderValue)>,
    /// Whether the client's credential headers go with the request.
    pub(crate) credentials: bool,
    pub(crate) timeout: Duration,
    pub(crate) max_attempts: u32,
    pub(crate) may_retry: bool,
    pub(crate) provider: Option<ProviderHandle>,
}

impl Prepared {
    /// Sends until a final response: retries per policy, re-authenticates once on 401
    /// when a token provider is set. Returns the response, whose body ([`read_body`]) must
    /// arrive by the returned deadline: each attempt, body included, must finish within the
    /// timeout. `attempts` counts the requests sent, whatever the outcome.
    //
    // `&mut self` rather than `self`: an async fn keeps its arguments for its whole life, so
    // taking the request by value would store it twice in the future.
    pub(crate) async fn run<E>(
        &mut self,
        core: &ClientCore,
        attempts: &mut u32,
    ) -> Result<(reqwest::Response, Instant), Error<E>> {
        let policy = &core.retry;
        let (timeout, max_attempts, may_retry) = (self.timeout, self.max_attempts, self.may_retry);
        let mut token: Option<HeaderValue> = None;
        let mut retries: u32 = 0;
        let mut refresh = false;
        let mut reauthenticated = false;
        // The wait before the next attempt. The loop waits at its top, so that nothing of the
        // failed attempt (its response or error) is kept in the future while it sleeps.
        let mut pause: Option<Duration> = None;
        loop {
            if let Some(delay) = pause.take() {
                tokio::time::sleep(delay).await;
                retries = retries.saturating_add(1);
            }
            if let Some(provider) = &self.provider {
                let fresh = provider.0.token(refresh).await.map_err(Error::Auth)?;
                token = Some(bearer_header(&fresh).map_err(|problem| {
                    Error::InvalidRequest(format!(
                        "the token provider's token was refused: {problem}"
                    ))
                })?);
                refresh = false;
            }

            let can_retry = retries.saturating_add(1) < max_attempts;
            let can_reauthenticate = self.provider.is_some() && !reauthenticated;
            // Nothing loops after the last attempt, so its parts are there to move.
            let last = !can_retry && !can_reauthenticate;
            let request = self
                .request(core, token.as_ref(), last)
                .map_err(Error::InvalidRequest)?;
            *attempts = attempts.saturating_add(1);
            let deadline = tokio::time::Instant::now() + timeout;
            let sent = tokio::time::timeout_at(deadline, core.http.execute(request)).await;
            let response = match sent {
                Err(_elapsed) => return Err(Error::Timeout(timeout)),
                Ok(Ok(response)) => response,
                Ok(Err(error)) if error.is_timeout() => return Err(Error::Timeout(timeout)),
                Ok(Err(error)) => {
                    // A failed connect sent nothing, so any method may go again.
                    let retryable = error.is_connect() || (may_retry && error.is_request());
                    if retryable && can_retry {
                        let delay = jitter(backoff(policy, retries));
                        tracing::debug!(
                            attempt = *attempts,
                            delay = ?delay,
                            reason = "connection failed",
                            "retrying request"
                        );
                        pause = Some(delay);
                        continue;
                    }
                    return Err(Error::Transport(TransportError::new(error, *attempts)));
                }
            };
            let status = response.status();
            if status == StatusCode::UNAUTHORIZED && can_reauthenticate {
                reauthenticated = true;
                refresh = true;
                tracing::debug!(
                    attempt = *attempts,
                    "401 Unauthorized: asking for a fresh token"
                );
                continue;
            }
            if is_retryable_status(status) && may_retry && can_retry {
                let delay = match response.headers().get(RETRY_AFTER) {
                    Some(value) => match retry_after(value, SystemTime::now()) {
                        Some(wait) if wait > policy.retry_after_cap() => None,
                        Some(wait) => Some(wait),
                        None => Some(jitter(backoff(policy, retries))),
                    },
                    None => Some(jitter(backoff(policy, retries))),
                };
                if let Some(delay) = delay {
                    tracing::debug!(
                        attempt = *attempts,
                        delay = ?delay,
                        reason = %status,
                        "retrying request"
                    );
                    pause = Some(delay);
                    continue;
                }
            }
            return Ok((response, deadline));
        }
    }

    /// The request of one attempt. While another attempt may follow, the call's own headers
    /// and the body are copied (`Bytes` bodies share their buffer); the last attempt moves
    /// them.
    /// The timeout is not set on the request: reqwest keeps it in the request's extension
    /// map, a handful of allocations per attempt; `run` enforces it with a deadline instead.
    fn request(
        &mut self,
        core: &ClientCore,
        token: Option<&HeaderValue>,
        last: bool,
    ) -> Result<reqwest::Request, String> {
        let url = core
            .url(self.template, &self.path, &self.query)
            .map_err(|e| format!("could not build the URL of {}: {e}", self.operation))?;
        // The client's headers first, then the call's own over them (`extend` replaces).
        // `append` where the name cannot be in the map yet: it is the code reqwest and hyper
        // run for every request anyway, where `insert` would be more code to fetch per call.
        let mut headers = HeaderMap::with_capacity(4);
        if let Some(accept) = &self.accept {
            headers.append(ACCEPT, accept.clone());
        }
        headers.append(USER_AGENT, core.user_agent.clone());
        if self.credentials {
            core.credentials.add_headers(&mut headers);
        }
        if let Some(token) = token {
            headers.insert(AUTHORIZATION, token.clone());
        }
        let mut request = reqwest::Request::new(self.method.clone(), url);
        let body = if last {
            self.body.take()
        } else {
            self.body.clone()
        };
        if let Some((bytes, content_type)) = body {
            headers.insert(CONTENT_TYPE, content_type);
            *request.body_mut() = Some(reqwest::Body::from(bytes));
        }
        if last {
            if let Some(own) = self.headers.take() {
                headers.extend(own);
            }
        } else if let Some(own) = &self.headers {
            headers.extend(own.clone());
        }
        *request.headers_mut() = headers;
        Ok(request)
    }
}

/// Reads the whole body of a final response, chunk by chunk, leaving status and headers in
/// it. Not `Response::bytes`, which consumes the response: keeping the headers would take a
/// copy of the map beside a future that stores the response twice, and the send future (boxed
/// by `IntoFuture`) would outgrow the allocator's fast size classes.
/// Read by the caller of [`Prepared::run`] rather than in it, so that the retry loop's state
/// and the reading are never in the future at the same time.
pub(crate) async fn read_body(response: &mut reqwest::Response) -> reqwest::Result<Bytes> {
    let Some(first) = response.chunk().await? else {
        return Ok(Bytes::new());
    };
    // The body's length still to come, as hyper counts it down from `Content-Length`: none
    // left means the first piece was all of it, and asking again would only hear that
    // (a few hundred instructions per call). Unknown (chunked, compressed): ask.
    if response.content_length() == Some(0) {
        return Ok(first);
    }
    let Some(second) = response.chunk().await? else {
        // The usual case: the body arrived in one piece, kept as it is.
        return Ok(first);
    };
    // Kept as they come and copied once at the end, into a buffer of the total size (not
    // sized from `Content-Length`: a server may announce any length).
    let mut chunks = vec![first, second];
    while let Some(chunk) = response.chunk().await? {
        chunks.push(chunk);
    }
    let mut whole = BytesMut::with_capacity(chunks.iter().map(Bytes::len).sum());
    for chunk in &chunks {
        whole.extend_from_slice(chunk);
    }
    Ok(whole.freeze())
}

/// The body, or why it could not be read within `timeout` (the attempt's timeout).
pub(crate) fn body_or_error<E>(
    read: Result<reqwest::Result<Bytes>, Elapsed>,
    timeout: Duration,
    attempts: u32,
) -> Result<Bytes, Error<E>> {
    match read {
        Err(_elapsed) => Err(Error::Timeout(timeout)),
        Ok(Ok(body)) => Ok(body),
        Ok(Err(error)) if error.is_timeout() => Err(Error::Timeout(timeout)),
        Ok(Err(error)) => Err(Error::Transport(TransportError::new(error, attempts))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let policy = RetryPolicy::new()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_secs(1));
        let ms = |n| backoff(&policy, n).as_millis();
        assert_eq!(
            [ms(0), ms(1), ms(2), ms(3), ms(4)],
            [100, 200, 400, 800, 1000]
        );
        assert_eq!(backoff(&policy, 200), Duration::from_secs(1));
        assert_eq!(backoff(&policy, u32::MAX), Duration::from_secs(1));
        for _ in 0..100 {
            assert!(jitter(Duration::from_millis(5)) <= Duration::from_millis(5));
        }
        assert_eq!(jitter(Duration::ZERO), Duration::ZERO);
        let _no_overflow = jitter(Duration::MAX);
    }

    #[test]
    fn retry_after_parses_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let value = |s: &str| HeaderValue::from_str(s).unwrap();
        assert_eq!(retry_after(&value("7"), now), Some(Duration::from_secs(7)));
        assert_eq!(retry_after(&value(" 0 "), now), Some(Duration::ZERO));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
        assert_eq!(
            retry_after(&value(&later), now),
            Some(Duration::from_secs(90))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(90));
        assert_eq!(retry_after(&value(&earlier), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&value("-1"), now), None);
        assert_eq!(retry_after(&value("soon"), now), None);
        assert_eq!(
            retry_after(&value("99999999999999999999999"), now),
            Some(Duration::MAX)
        );
    }

    #[test]
    fn idempotency_and_statuses() {
        assert!(is_idempotent(&Method::PUT));
        assert!(!is_idempotent(&Method::POST));
        assert!(!is_idempotent(&Method::PATCH));
        assert!(is_retryable_status(StatusCode::TOO_MANY_REQUESTS));
        assert!(!is_retryable_status(StatusCode::INTERNAL_SERVER_ERROR));
        assert_eq!(RetryPolicy::none().attempts(), 1);
        assert_eq!(RetryPolicy::new().max_attempts(0).attempts(), 1);
    }
}
