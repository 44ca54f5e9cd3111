//! The errors a request can end with.
//!
//! No message or `Debug` output here contains credentials: transport errors have their
//! URL removed (it may carry an API key), headers are shown by name only, and messages
//! about rejected secrets never quote them.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::auth::BoxError;
use super::error_summary::{excerpt, one_line, summary};

/// Most characters of a body kept by [`DecodeError::body_excerpt`].
const EXCERPT_CHARS: usize = 512;
/// Most characters of a body shown in a one-line `Display` message.
const DISPLAY_CHARS: usize = 200;

/// Why a request failed.
///
/// `E` is the type of the documented error bodies of the operation (by default any JSON).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The request could not be built: an invalid header, path value or token, or a body
    /// that did not serialise. Nothing was sent.
    InvalidRequest(String),
    /// The token provider failed to supply a token. Nothing was sent.
    Auth(BoxError),
    /// An attempt did not complete within this timeout (sending or reading the body).
    Timeout(Duration),
    /// The connection failed or broke, after every attempt the retry policy allowed.
    Transport(TransportError),
    /// The server answered with an error status (400 or above).
    Api(ApiError<E>),
    /// A precondition the call set (`if_match`) failed: the resource changed since it was read
    /// (412 Precondition Failed). Read it again and retry.
    PreconditionFailed(ApiError<E>),
    /// Paging stopped because the server's pages do not add up (an empty page before the
    /// total, a total that shrank, a cursor that did not move): items may have been missed.
    Pagination(String),
    /// The server answered with a status below 400 that the API document does not list for
    /// the operation (a redirect, say). Not an API error: the request may well have worked.
    UnexpectedStatus(ApiError<E>),
    /// The server answered with success but the body did not decode.
    Decode(DecodeError),
}

impl<E> Error<E> {
    /// The HTTP status of the response, if the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) | Error::UnexpectedStatus(api) | Error::PreconditionFailed(api) => {
                Some(api.status())
            }
            Error::Decode(decode) => Some(decode.status()),
            _ => None,
        }
    }

    /// The server's answer, for the three variants that carry one (`Api`,
    /// `PreconditionFailed`, `UnexpectedStatus`): one place to read status, headers and body
    /// without matching each.
    pub fn api_error(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(api) | Error::UnexpectedStatus(api) | Error::PreconditionFailed(api) => {
                Some(api)
            }
            _ => None,
        }
    }

    /// The documented error body the server sent, when it decoded (`Api` and
    /// `PreconditionFailed`): `if let Some(body) = error.body() { .. }`.
    pub fn body(&self) -> Option<&E> {
        self.api_error().and_then(ApiError::body)
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::Auth(error) => write!(f, "token provider failed: {error}"),
            Error::Timeout(timeout) => write!(f, "request timed out after {timeout:?}"),
            Error::Transport(error) => fmt::Display::fmt(error, f),
            Error::Api(api) => fmt::Display::fmt(api, f),
            Error::PreconditionFailed(api) => {
                write!(
                    f,
                    "precondition failed ({}) for {}",
                    api.status(),
                    api.operation()
                )?;
                api.write_attempts(f)?;
                f.write_str(": the resource changed since it was read")?;
                if api.attempts() > 1 {
                    f.write_str(", perhaps by an earlier attempt of this request")?;
                }
                api.write_body(f)
            }
            Error::Pagination(message) => write!(f, "paging stopped: {message}"),
            Error::UnexpectedStatus(api) => {
                write!(
                    f,
                    "undocumented status {} for {}",
                    api.status(),
                    api.operation()
                )?;
                api.write_attempts(f)?;
                f.write_str(" (the API document does not list it)")
            }
            Error::Decode(decode) => fmt::Display::fmt(decode, f),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    /// The cause of the wrapped error, where `Display` does not already show it.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Auth(error) => error.source(),
            _ => None,
        }
    }
}

/// The request did not get through: no connection, or the connection broke.
///
/// `Display` gives the whole cause chain (`connection refused`, a DNS failure, a TLS
/// problem) and how many attempts were made. The URL is removed, as it may hold an API key.
#[derive(Debug)]
pub struct TransportError {
    source: reqwest::Error,
    attempts: u32,
}

impl TransportError {
    /// Wraps the last attempt's error.
    pub(crate) fn new(source: reqwest::Error, attempts: u32) -> Self {
        TransportError {
            source: source.without_url(),
            attempts,
        }
    }

    /// How many requests were tried.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The HTTP client's error.
    pub fn inner(&self) -> &reqwest::Error {
        &self.source
    }

    /// Whether the connection could not be made at all (so nothing was sent).
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let attempts = match self.attempts {
            1 => "1 attempt".to_owned(),
            n => format!("{n} attempts"),
        };
        write!(f, "the request failed after {attempts}: {}", self.source)?;
        // reqwest's own message is generic ("error sending request"); the cause says why.
        let mut cause = std::error::Error::source(&self.source);
        while let Some(error) = cause {
            write!(f, ": {error}")?;
            cause = error.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {
    /// None: `Display` already carries the whole chain.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        None
    }
}

/// An error status from the server, with the decoded body when the operation documents it.
pub struct ApiError<E> {
    inner: Box<ApiErrorInner<E>>,
}

/// Boxed so that `Result<T, Error<E>>` stays small.
struct ApiErrorInner<E> {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: Option<E>,
    raw_body: Bytes,
    attempts: u32,
}

impl<E> ApiError<E> {
    /// Records a failed response.
    pub(crate) fn new(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: Option<E>,
        raw_body: Bytes,
        attempts: u32,
    ) -> Self {
        let inner = ApiErrorInner {
            operation,
            status,
            headers,
            body,
            raw_body,
            attempts,
        };
        ApiError {
            inner: Box::new(inner),
        }
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.inner.status
    }

    /// The response headers (for example `Retry-After` or a request id).
    pub fn headers(&self) -> &HeaderMap {
        &self.inner.headers
    }

    /// The decoded error body; `None` when the status is not documented for the
    /// operation or the body did not decode (see [`raw_body`](Self::raw_body) then).
    pub fn body(&self) -> Option<&E> {
        self.inner.body.as_ref()
    }

    /// Takes the decoded error body.
    pub fn into_body(self) -> Option<E> {
        self.inner.body
    }

    /// The body bytes exactly as received.
    pub fn raw_body(&self) -> &[u8] {
        &self.inner.raw_body
    }

    /// How many requests were sent, retries and re-authentication included.
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// The OpenAPI `operationId` of the failed call.
    pub fn operation(&self) -> &'static str {
        self.inner.operation
    }
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("ApiError")
            .field("operation", &inner.operation)
            .field("status", &inner.status)
            .field("headers", &HeaderNames(&inner.headers))
            .field("body", &inner.body)
            .field("raw_body", &excerpt(&inner.raw_body, DISPLAY_CHARS))
            .field("attempts", &inner.attempts)
            .finish()
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "API error {} for {}",
            self.inner.status, self.inner.operation
        )?;
        self.write_attempts(f)?;
        self.write_body(f)?;
        self.write_retry_after(f)
    }
}

impl<E> ApiError<E> {
    /// `: <the server's own words>`, when there is a body: the message of a JSON error body
    /// with its codes, else the body on one line, bounded.
    fn write_body(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = summary(&self.inner.raw_body, DISPLAY_CHARS)
            .unwrap_or_else(|| one_line(&self.inner.raw_body, DISPLAY_CHARS));
        if text.is_empty() {
            Ok(())
        } else {
            write!(f, ": {text}")
        }
    }

    /// `; the server asks to retry after ..`, when it did (`Retry-After`): a wait longer than
    /// the retry policy allows comes back as the error at once, and this says how long.
    fn write_retry_after(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.inner.headers.get(RETRY_AFTER) {
            Some(value) => {
                let value = one_line(value.as_bytes(), DISPLAY_CHARS);
                let unit = if value.bytes().all(|b| b.is_ascii_digit()) {
                    " s"
                } else {
                    ""
                };
                write!(f, "; the server asks to retry after {value}{unit}")
            }
            None => Ok(()),
        }
    }

    /// ` after N attempts`, when the request was retried: the answer may be to an effect of
    /// an earlier attempt (a DELETE retried after a 504 that had deleted, then 404).
    fn write_attempts(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.inner.attempts {
            0 | 1 => Ok(()),
            attempts => write!(f, " after {attempts} attempts"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for ApiError<E> {}

/// A success response whose body did not decode into the documented type.
#[derive(Debug)]
pub struct DecodeError {
    inner: Box<DecodeErrorInner>,
}

/// Boxed so that `Result<T, Error<E>>` stays small.
#[derive(Debug)]
struct DecodeErrorInner {
    operation: &'static str,
    status: StatusCode,
    content_type: Option<String>,
    body_excerpt: String,
    message: String,
}

impl DecodeError {
    /// Records a body that failed to decode.
    pub(crate) fn new(
        operation: &'static str,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        message: String,
    ) -> Self {
        let content_type = headers
            .get(reqwest::header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let inner = DecodeErrorInner {
            operation,
            status,
            content_type,
            body_excerpt: excerpt(body, EXCERPT_CHARS),
            message,
        };
        DecodeError {
            inner: Box::new(inner),
        }
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.inner.status
    }

    /// The response `Content-Type`, if any: often the hint (`text/html` from a proxy).
    pub fn content_type(&self) -> Option<&str> {
        self.inner.content_type.as_deref()
    }

    /// The first 512 characters of the body (invalid UTF-8 replaced).
    pub fn body_excerpt(&self) -> &str {
        &self.inner.body_excerpt
    }

    /// Why decoding failed (the deserializer's message).
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The OpenAPI `operationId` of the call.
    pub fn operation(&self) -> &'static str {
        self.inner.operation
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        write!(
            f,
            "could not decode the {} response of {}",
            inner.status, inner.operation
        )?;
        if let Some(content_type) = &inner.content_type {
            write!(f, " ({})", one_line(content_type.as_bytes(), DISPLAY_CHARS))?;
        }
        write!(f, ": {}", one_line(inner.message.as_bytes(), DISPLAY_CHARS))?;
        let text = one_line(inner.body_excerpt.as_bytes(), DISPLAY_CHARS);
        if !text.is_empty() {
            write!(f, "; body starts with: {text}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// Why a body did not decode (the deserializer's message, or "not UTF-8").
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeFailure {
    message: String,
}

impl DecodeFailure {
    /// A failure with this message.
    pub fn new(message: impl Into<String>) -> Self {
        DecodeFailure {
            message: message.into(),
        }
    }

    /// Why decoding failed.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DecodeFailure {}

/// Shows header names only: values may be cookies or tokens.
pub(crate) struct HeaderNames<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.keys().map(|name| name.as_str()))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_one_line_and_bounded() {
        let body = Bytes::from(format!("{{\"detail\":\"gone\"}}\n{}", "x".repeat(1000)));
        let error: Error = Error::Api(ApiError::new(
            "scimGetUser2",
            StatusCode::NOT_FOUND,
            HeaderMap::new(),
            None,
            body,
            1,
        ));
        let text = error.to_string();
        assert!(
            text.starts_with("API error 404 Not Found for scimGetUser2: {\"detail\":\"gone\"} x")
        );
        assert!(!text.contains('\n'));
        assert!(text.len() < 300);
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    }

    #[test]
    fn a_failed_precondition_says_so_with_the_status_and_the_servers_words() {
        let body = Bytes::from_static(b"{\"detail\":\"Resource has changed\"}");
        let error: Error = Error::PreconditionFailed(ApiError::new(
            "scimPatchUser2",
            StatusCode::PRECONDITION_FAILED,
            HeaderMap::new(),
            None,
            body,
            1,
        ));
        assert_eq!(
            error.to_string(),
            "precondition failed (412 Precondition Failed) for scimPatchUser2: the resource \
             changed since it was read: Resource has changed"
        );
    }

    #[test]
    fn a_retried_request_says_how_many_attempts_its_answer_took() {
        let answer = |status, attempts| {
            ApiError::new(
                "scimDeleteUser2",
                status,
                HeaderMap::new(),
                None,
                Bytes::from_static(b"{\"detail\":\"User not found\"}"),
                attempts,
            )
        };
        let gone: Error = Error::Api(answer(StatusCode::NOT_FOUND, 2));
        assert_eq!(
            gone.to_string(),
            "API error 404 Not Found for scimDeleteUser2 after 2 attempts: User not found"
        );
        let changed: Error = Error::PreconditionFailed(answer(StatusCode::PRECONDITION_FAILED, 3));
        assert_eq!(
            changed.to_string(),
            "precondition failed (412 Precondition Failed) for scimDeleteUser2 after 3 attempts: \
             the resource changed since it was read, perhaps by an earlier attempt of this \
             request: User not found"
        );
        let odd: Error = Error::UnexpectedStatus(answer(StatusCode::FOUND, 2));
        assert_eq!(
            odd.to_string(),
            "undocumented status 302 Found for scimDeleteUser2 after 2 attempts (the API \
             document does not list it)"
        );
    }

    #[test]
    fn a_retry_after_the_policy_did_not_wait_for_is_told() {
        let mut headers = HeaderMap::new();
        headers.insert(
            RETRY_AFTER,
            reqwest::header::HeaderValue::from_static("120"),
        );
        let busy: Error = Error::Api(ApiError::new(
            "scimGetUser2",
            StatusCode::TOO_MANY_REQUESTS,
            headers,
            None,
            Bytes::from_static(b"{\"detail\":\"slow down\"}"),
            1,
        ));
        assert_eq!(
            busy.to_string(),
            "API error 429 Too Many Requests for scimGetUser2: slow down; the server asks to \
             retry after 120 s"
        );
    }

    #[test]
    fn the_servers_answer_is_read_the_same_way_from_each_variant_that_has_one() {
        let answer = |status| {
            ApiError::new(
                "op",
                status,
                HeaderMap::new(),
                Some("decoded".to_owned()),
                Bytes::new(),
                1,
            )
        };
        let errors: [Error<String>; 3] = [
            Error::Api(answer(StatusCode::CONFLICT)),
            Error::PreconditionFailed(answer(StatusCode::PRECONDITION_FAILED)),
            Error::UnexpectedStatus(answer(StatusCode::FOUND)),
        ];
        for error in &errors {
            assert_eq!(error.body().map(String::as_str), Some("decoded"));
            assert_eq!(error.api_error().map(ApiError::status), error.status());
        }
        let timeout: Error<String> = Error::Timeout(std::time::Duration::from_secs(1));
        assert!(timeout.api_error().is_none() && timeout.body().is_none());
    }

    #[test]
    fn errors_are_send_sync_and_small() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Error>();
        assert!(std::mem::size_of::<Error>() <= 32);
    }
}
