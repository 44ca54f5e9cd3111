//! What comes back: the raw response generated decoders read, the decoded [`Response`], and
//! the decoder's verdict.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{ETAG, HeaderMap};
use serde::de::DeserializeOwned;

use super::error::{DecodeFailure, HeaderNames};
use super::json_path::path_at;

/// Turns a response into the operation's result; generated per operation.
#[doc(hidden)]
pub type Decoder<T, E> = fn(&RawResponse) -> Result<Outcome<T, E>, DecodeFailure>;

/// What a generated decoder made of a response.
#[doc(hidden)]
pub enum Outcome<T, E> {
    /// A documented success body (possibly for a non-2xx status such as 302).
    Success(T),
    /// A documented error body.
    Failure(E),
    /// The status is not documented for the operation.
    Undocumented,
}

/// A response as received, before decoding; what generated decoders read.
#[doc(hidden)]
pub struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body bytes.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Decodes the body as JSON. An empty body decodes as `null`, so `()` and `Option`
    /// accept a 204 No Content.
    pub fn json<X: DeserializeOwned>(&self) -> Result<X, DecodeFailure> {
        self.json_into(|body| body)
    }

    /// Decodes the body as JSON (as [`json`](Self::json) does) and hands it to `wrap`.
    ///
    /// A decoded model is often a kilobyte or more, and each `Result` or enum it passes
    /// through on its way out is another copy: `json(..).map(wrap)` copies it once more than
    /// this does.
    #[inline]
    pub fn json_into<X: DeserializeOwned, Y>(
        &self,
        wrap: impl FnOnce(X) -> Y,
    ) -> Result<Y, DecodeFailure> {
        let body: &[u8] = if self.body.trim_ascii().is_empty() {
            b"null"
        } else {
            &self.body
        };
        match serde_json::from_slice(body) {
            Ok(value) => Ok(wrap(value)),
            Err(e) => Err(located_failure(body, &e)),
        }
    }

    /// The body as text; fails if it is not UTF-8.
    pub fn text(&self) -> Result<String, DecodeFailure> {
        String::from_utf8(self.body.to_vec())
            .map_err(|e| DecodeFailure::new(format!("the body is not valid UTF-8: {e}")))
    }

    /// The body bytes (a cheap reference-counted copy).
    pub fn bytes(&self) -> Bytes {
        self.body.clone()
    }
}

/// serde_json's message, led by the path of the value it is about (`at
/// Resources[3].emails[0].primary: invalid type: ...`) when there is one: "line 1 column 321"
/// alone does not say which of a page's users held the odd value. Apart from `json_into`,
/// which is inlined into every operation's decoder.
#[cold]
#[inline(never)]
fn located_failure(body: &[u8], error: &serde_json::Error) -> DecodeFailure {
    let message = match path_at(body, error.line(), error.column()) {
        Some(path) => format!("at {path}: {error}"),
        None => error.to_string(),
    };
    DecodeFailure::new(message)
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &HeaderNames(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A decoded response with its status and headers; from [`Call::send_with_response`](super::Call::send_with_response).
pub struct Response<T> {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) attempts: u32,
    pub(crate) body: T,
}

impl<T> Response<T> {
    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers (pagination links, rate-limit counters, ETags…).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `ETag` header: the version of what was returned, for `if_match` and
    /// `if_none_match` on a later call.
    pub fn etag(&self) -> Option<&str> {
        etag(&self.headers)
    }

    /// How many requests were sent, retries and re-authentication included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// Takes the decoded body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Takes status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &HeaderNames(&self.headers))
            .field("attempts", &self.attempts)
            .field("body", &self.body)
            .finish()
    }
}

/// The `ETag` header's value, if it is one and readable.
pub(crate) fn etag(headers: &HeaderMap) -> Option<&str> {
    headers.get(ETAG).and_then(|value| value.to_str().ok())
}
