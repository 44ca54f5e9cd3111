//! One API call: built by a generated service method, tuned by the caller, then sent with
//! retries, re-authentication, timeouts and decoding.

use std::borrow::Cow;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{
    ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, InvalidHeaderValue, USER_AGENT,
};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::core::{ClientCore, Filled, fill_placeholder};
use super::encoding::{self, Multipart, QueryStyle};
use super::error::{ApiError, DecodeError, DecodeFailure, Error, HeaderNames};
use super::retry::{Prepared, is_idempotent};

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
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
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
        let body: &[u8] = if self.body.trim_ascii().is_empty() {
            b"null"
        } else {
            &self.body
        };
        serde_json::from_slice(body).map_err(|e| DecodeFailure::new(e.to_string()))
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

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &HeaderNames(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A decoded response with its status and headers; from [`Call::send_with_response`].
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
    body: T,
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

/// A request to one API operation, sent when awaited.
///
/// Service methods return a `Call`; await it for the decoded body, or adjust it first:
/// [`header`](Self::header) adds a header, [`timeout`](Self::timeout) and
/// [`max_attempts`](Self::max_attempts) override the client's settings for this call, and
/// [`send_with_response`](Self::send_with_response) also returns the status and headers.
/// Mistakes such as an invalid header are reported by the send as
/// [`Error::InvalidRequest`], never by a panic.
///
/// Each send runs in a `tracing` span named `http_request` with the fields `operation`,
/// `method`, `path` (the template, not the filled-in path), `status` and `attempts`.
/// Tokens, headers and bodies are never logged.
#[must_use = "a request does nothing until it is awaited or sent"]
pub struct Call<'a, T, E> {
    core: &'a ClientCore,
    operation: &'static str,
    method: Method,
    template: &'static str,
    /// The template with the parameters set so far, percent-encoded.
    path: Cow<'static, str>,
    /// Encoded `name=value` pairs joined with `&`.
    query: String,
    headers: HeaderMap,
    cookies: Vec<String>,
    body: Option<(Bytes, HeaderValue)>,
    timeout: Option<Duration>,
    max_attempts: Option<u32>,
    retry_non_idempotent: Option<bool>,
    problem: Option<String>,
    decode: Decoder<T, E>,
}

impl<'a, T, E> Call<'a, T, E> {
    /// Starts a call of `operation_id` to `path_template` (which holds `{name}` placeholders).
    #[doc(hidden)]
    pub fn new(
        core: &'a ClientCore,
        operation_id: &'static str,
        method: Method,
        path_template: &'static str,
        decode: Decoder<T, E>,
    ) -> Self {
        Call {
            core,
            operation: operation_id,
            method,
            template: path_template,
            path: Cow::Borrowed(path_template),
            query: String::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            timeout: None,
            max_attempts: None,
            retry_non_idempotent: None,
            problem: None,
            decode,
        }
    }

    /// Remembers the first mistake; `send` reports it before anything goes out.
    fn fail(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }

    /// Replaces `{name}` with the value percent-encoded as one path segment.
    /// Empty, `.` and `..` are refused: URL parsers would drop or climb over them.
    #[doc(hidden)]
    pub fn path_param(mut self, name: &'static str, value: &impl fmt::Display) -> Self {
        match fill_placeholder(&self.path, name, value) {
            Filled::Path(path) => self.path = Cow::Owned(path),
            Filled::Refused => self.fail(format!(
                "path parameter `{name}` must not be empty, \".\" or \"..\""
            )),
            Filled::NoPlaceholder => self.fail(format!(
                "path `{}` has no parameter `{name}`",
                self.template
            )),
        }
        self
    }

    /// Adds a query parameter laid out per `style`; null (`None`) adds nothing.
    #[doc(hidden)]
    pub fn query_param<V: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &V,
        style: QueryStyle,
    ) -> Self {
        match encoding::to_json(value) {
            Ok(json) => encoding::query_pairs(name, &json, style, &mut self.query),
            Err(e) => self.fail(format!("query parameter `{name}` did not serialise: {e}")),
        }
        self
    }

    /// Sets a header parameter (`style: simple`); null (`None`) adds nothing.
    #[doc(hidden)]
    pub fn header_param<V: Serialize + ?Sized>(mut self, name: &'static str, value: &V) -> Self {
        match encoding::to_json(value) {
            Ok(json) => {
                if let Some(text) = encoding::header_text(&json) {
                    self = self.header(name, &text);
                }
            }
            Err(e) => self.fail(format!("header parameter `{name}` did not serialise: {e}")),
        }
        self
    }

    /// Adds a cookie parameter; null (`None`) adds nothing.
    #[doc(hidden)]
    pub fn cookie_param<V: Serialize + ?Sized>(mut self, name: &'static str, value: &V) -> Self {
        match encoding::to_json(value) {
            Ok(json) => self.cookies.extend(encoding::cookie_pair(name, &json)),
            Err(e) => self.fail(format!("cookie parameter `{name}` did not serialise: {e}")),
        }
        self
    }

    /// Serialises `body` as JSON now (so retries resend the same bytes).
    #[doc(hidden)]
    pub fn json_body<B: Serialize + ?Sized>(
        mut self,
        body: &B,
        content_type: &'static str,
    ) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.set_body(Bytes::from(bytes), content_type),
            Err(e) => self.fail(format!("the request body did not serialise: {e}")),
        }
        self
    }

    /// Encodes `body` as `application/x-www-form-urlencoded`, nested the Stripe way
    /// (`a[b]=1&a[c][0]=x`), bools as `true`/`false`, nulls omitted.
    #[doc(hidden)]
    pub fn form_body<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match encoding::to_json(body).and_then(|json| encoding::form_body(&json)) {
            Ok(text) => self.set_body(Bytes::from(text), "application/x-www-form-urlencoded"),
            Err(e) => self.fail(format!("the form body did not serialise: {e}")),
        }
        self
    }

    /// Sends a `multipart/form-data` body, encoded now so retries can resend it.
    #[doc(hidden)]
    pub fn multipart_body(mut self, form: Multipart) -> Self {
        match form.encode() {
            Ok((bytes, content_type)) => match HeaderValue::from_str(&content_type) {
                Ok(value) => self.body = Some((bytes, value)),
                Err(_) => self.fail("the multipart content type is not a valid header".to_owned()),
            },
            Err(e) => self.fail(format!("the multipart body could not be encoded: {e}")),
        }
        self
    }

    /// Sends raw bytes with the given content type.
    #[doc(hidden)]
    pub fn bytes_body(mut self, body: Bytes, content_type: &'static str) -> Self {
        self.set_body(body, content_type);
        self
    }

    fn set_body(&mut self, body: Bytes, content_type: &'static str) {
        match static_value(content_type) {
            Ok(value) => self.body = Some((body, value)),
            Err(_) => self.fail(format!(
                "content type {content_type:?} is not a valid header"
            )),
        }
    }

    /// Sets the `Accept` header to the media type the decoder expects.
    #[doc(hidden)]
    pub fn accept(mut self, media_type: &'static str) -> Self {
        match static_value(media_type) {
            Ok(value) => {
                self.headers.insert(ACCEPT, value);
            }
            Err(_) => self.fail(format!(
                "the value of header `{ACCEPT}` has characters not allowed in a header"
            )),
        }
        self
    }

    /// Adds (or replaces) a header on this call only; it wins over the client's defaults,
    /// credentials included. An invalid name or value makes the send fail with
    /// [`Error::InvalidRequest`], whose message never repeats the value.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            self.fail(format!("{name:?} is not a valid header name"));
            return self;
        };
        match HeaderValue::from_str(value) {
            Ok(header_value) => {
                self.headers.insert(header_name, header_value);
            }
            Err(_) => self.fail(format!(
                "the value of header `{header_name}` has characters not allowed in a header"
            )),
        }
        self
    }

    /// Overrides the client's per-attempt timeout for this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Overrides the retry policy's attempt count for this call (1 = no retries).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts.max(1));
        self
    }

    /// Lets this POST or PATCH be retried like an idempotent request (or, with `false`,
    /// forbids it where the client's policy allows it). Only safe when the server
    /// deduplicates, for example through an idempotency key.
    pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
        self.retry_non_idempotent = Some(allow);
        self
    }

    /// Sends the request and returns the decoded body. Same as awaiting the call.
    pub async fn send(self) -> Result<T, Error<E>> {
        self.send_with_response().await.map(Response::into_body)
    }

    /// Sends the request and returns the decoded body with status and headers.
    pub async fn send_with_response(self) -> Result<Response<T>, Error<E>> {
        let span = tracing::info_span!(
            "http_request",
            operation = self.operation,
            method = %self.method,
            path = self.template,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        self.execute(span.clone()).instrument(span).await
    }

    async fn execute(self, span: tracing::Span) -> Result<Response<T>, Error<E>> {
        let core = self.core;
        let operation = self.operation;
        let decode = self.decode;
        let prepared = self.prepare()?;
        let mut attempts = 0;
        let exchange = prepared.run(&core.http, &core.retry, &mut attempts).await;
        span.record("attempts", attempts);
        let (status, headers, body) = exchange?;
        span.record("status", status.as_u16());
        let raw = RawResponse {
            status,
            headers,
            body,
        };
        let outcome = decode(&raw);
        let RawResponse {
            status,
            headers,
            body,
        } = raw;
        match outcome {
            Ok(Outcome::Success(body)) => Ok(Response {
                status,
                headers,
                attempts,
                body,
            }),
            Ok(Outcome::Failure(error)) => Err(Error::Api(ApiError::new(
                operation,
                status,
                headers,
                Some(error),
                body,
                attempts,
            ))),
            // A documented non-error status whose body does not fit is a decode problem.
            Err(failure) if status.as_u16() < 400 => Err(Error::Decode(DecodeError::new(
                operation,
                status,
                &headers,
                &body,
                failure.message().to_owned(),
            ))),
            Ok(Outcome::Undocumented) if status.as_u16() < 400 => Err(Error::UnexpectedStatus(
                ApiError::new(operation, status, headers, None, body, attempts),
            )),
            Ok(Outcome::Undocumented) | Err(_) => Err(Error::Api(ApiError::new(
                operation, status, headers, None, body, attempts,
            ))),
        }
    }

    /// Checks the call and assembles URL and headers, before anything is sent.
    fn prepare(mut self) -> Result<Prepared, Error<E>> {
        if let Some(problem) = self.problem.take() {
            return Err(Error::InvalidRequest(problem));
        }
        if let Some(start) = self.path.find('{') {
            let rest = self.path.get(start..).unwrap_or_default();
            let name = rest.split('}').next().unwrap_or(rest);
            return Err(Error::InvalidRequest(format!(
                "path parameter {name}}} was not set"
            )));
        }
        let core = self.core;
        let mut query = self.query;
        let mut headers = self.headers;
        let provider = core
            .credentials
            .apply(&mut headers, &mut query, self.cookies)
            .map_err(Error::InvalidRequest)?;
        if !headers.contains_key(USER_AGENT) {
            headers.insert(USER_AGENT, core.user_agent.clone());
        }
        let url = core.url(&self.path, &query).map_err(|e| {
            Error::InvalidRequest(format!(
                "could not build the URL of {}: {e}",
                self.operation
            ))
        })?;
        let body = self.body.map(|(bytes, content_type)| {
            if !headers.contains_key(CONTENT_TYPE) {
                headers.insert(CONTENT_TYPE, content_type);
            }
            bytes
        });

        let policy = &core.retry;
        Ok(Prepared {
            method: self.method.clone(),
            may_retry: is_idempotent(&self.method)
                || self
                    .retry_non_idempotent
                    .unwrap_or(policy.retries_non_idempotent()),
            max_attempts: self.max_attempts.unwrap_or(policy.attempts()).max(1),
            timeout: self.timeout.unwrap_or(core.timeout),
            url,
            headers,
            body,
            provider,
        })
    }
}

/// `HeaderValue::from_str(text)`, without copying `text` when it is visible ASCII (or
/// tabs): `HeaderValue::from_static` takes those and panics on anything else.
fn static_value(text: &'static str) -> Result<HeaderValue, InvalidHeaderValue> {
    if text
        .bytes()
        .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
    {
        Ok(HeaderValue::from_static(text))
    } else {
        HeaderValue::from_str(text)
    }
}

impl<'a, T: Send + 'a, E: Send + 'a> IntoFuture for Call<'a, T, E> {
    type Output = Result<T, Error<E>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    /// Awaiting a call sends it: `service.operation(..).await?`.
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
