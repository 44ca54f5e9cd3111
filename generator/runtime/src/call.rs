//! One API call: built by a generated service method, tuned by the caller; `send.rs` sends it.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, IF_MATCH, IF_NONE_MATCH};
use serde::Serialize;

use super::conditional::ConditionalCall;
use super::core::ClientCore;
use super::encoding::{self, Multipart, QueryStyle};
use super::response::Decoder;
use super::route::{Filled, PathValue, fill_placeholder};

/// Whether `headers` (a call's own, if it has any) holds `name`.
pub(crate) fn has_header(headers: Option<&HeaderMap>, name: HeaderName) -> bool {
    headers.is_some_and(|headers| headers.contains_key(name))
}

/// A request to one API operation, sent when awaited.
///
/// Service methods return a `Call`; await it for the decoded body, or adjust it first:
/// [`header`](Self::header) adds a header, [`timeout`](Self::timeout) and
/// [`max_attempts`](Self::max_attempts) override the client's settings for this call, and
/// [`send_with_response`](Self::send_with_response) also returns the status and headers.
/// Mistakes such as an invalid header are reported by the send as
/// [`Error::InvalidRequest`](super::Error::InvalidRequest), never by a panic.
///
/// Each send runs in a `tracing` span named `http_request` with the fields `operation`,
/// `method`, `path` (the template, not the filled-in path), `status` and `attempts`.
/// Tokens, headers and bodies are never logged.
#[must_use = "a request does nothing until it is awaited or sent"]
pub struct Call<T, E> {
    pub(crate) core: Arc<ClientCore>,
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) template: &'static str,
    /// The template with the parameters set so far, percent-encoded.
    pub(crate) path: Cow<'static, str>,
    /// Whether `path` still has a `{`, when the last parameter filled in found out (the
    /// send then need not search the path again); `None` before, or after `follow`.
    pub(crate) placeholders_left: Option<bool>,
    /// Encoded `name=value` pairs joined with `&`.
    pub(crate) query: String,
    /// The headers this call sets itself, if any; they win over the client's. `None` rather
    /// than an empty map: most calls set none, and an empty map still costs its drop.
    pub(crate) headers: Option<HeaderMap>,
    /// The `Accept` the decoder expects, unless `headers` has one (a constant: copying it
    /// copies no text).
    pub(crate) accept: Option<HeaderValue>,
    pub(crate) cookies: Vec<String>,
    pub(crate) body: Option<(Bytes, HeaderValue)>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_attempts: Option<u32>,
    pub(crate) retry_non_idempotent: Option<bool>,
    pub(crate) problem: Option<String>,
    pub(crate) decode: Decoder<T, E>,
    /// Sent without the client's credentials (`security: []`).
    pub(crate) anonymous: bool,
}

/// A call is a description of a request, so it clones whatever it will return (pages are
/// fetched by cloning one call and changing its position).
impl<T, E> Clone for Call<T, E> {
    fn clone(&self) -> Self {
        Call {
            core: Arc::clone(&self.core),
            operation: self.operation,
            method: self.method.clone(),
            template: self.template,
            path: self.path.clone(),
            placeholders_left: self.placeholders_left,
            query: self.query.clone(),
            headers: self.headers.clone(),
            accept: self.accept.clone(),
            cookies: self.cookies.clone(),
            body: self.body.clone(),
            timeout: self.timeout,
            max_attempts: self.max_attempts,
            retry_non_idempotent: self.retry_non_idempotent,
            problem: self.problem.clone(),
            decode: self.decode,
            anonymous: self.anonymous,
        }
    }
}

impl<T, E> Call<T, E> {
    /// Starts a call of `operation_id` to `path_template` (which holds `{name}` placeholders).
    #[doc(hidden)]
    pub fn new(
        core: &Arc<ClientCore>,
        operation_id: &'static str,
        method: Method,
        path_template: &'static str,
        decode: Decoder<T, E>,
    ) -> Self {
        Call {
            core: Arc::clone(core),
            operation: operation_id,
            method,
            template: path_template,
            path: Cow::Borrowed(path_template),
            placeholders_left: None,
            query: String::new(),
            headers: None,
            accept: None,
            cookies: Vec::new(),
            body: None,
            timeout: None,
            max_attempts: None,
            retry_non_idempotent: None,
            problem: None,
            decode,
            anonymous: false,
        }
    }

    /// Remembers the first mistake; `send` reports it before anything goes out.
    fn fail(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }

    /// Replaces `{name}` with the value percent-encoded as one path segment.
    /// Empty, `.` and `..` are refused: URL parsers would drop or climb over them.
    #[doc(hidden)]
    pub fn path_param(self, name: &'static str, value: &impl fmt::Display) -> Self {
        self.fill_path(name, PathValue::Display(value))
    }

    /// [`path_param`](Self::path_param) for a value that is text already (string
    /// parameters): copied as it is, without going through `Display`.
    #[doc(hidden)]
    pub fn path_text(self, name: &'static str, value: &str) -> Self {
        self.fill_path(name, PathValue::Text(value))
    }

    fn fill_path(mut self, name: &'static str, value: PathValue<'_>) -> Self {
        match fill_placeholder(&self.path, name, value) {
            Filled::Path {
                path,
                placeholders_left,
            } => {
                self.path = Cow::Owned(path);
                self.placeholders_left = Some(placeholders_left);
            }
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
    pub fn json_body<B: Serialize + ?Sized>(mut self, body: &B, content_type: HeaderValue) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some((Bytes::from(bytes), content_type)),
            Err(e) => self.fail(format!("the request body did not serialise: {e}")),
        }
        self
    }

    /// Encodes `body` as `application/x-www-form-urlencoded`, nested the Stripe way
    /// (`a[b]=1&a[c][0]=x`), bools as `true`/`false`, nulls omitted.
    #[doc(hidden)]
    pub fn form_body<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match encoding::to_json(body).and_then(|json| encoding::form_body(&json)) {
            Ok(text) => {
                let content_type = HeaderValue::from_static("application/x-www-form-urlencoded");
                self.body = Some((Bytes::from(text), content_type));
            }
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
    pub fn bytes_body(mut self, body: Bytes, content_type: HeaderValue) -> Self {
        self.body = Some((body, content_type));
        self
    }

    /// Sends this call without the client's credentials: the document says the operation
    /// needs none (`security: []`), and a key or token must not go where it is not asked for.
    #[doc(hidden)]
    pub fn without_credentials(mut self) -> Self {
        self.anonymous = true;
        self
    }

    /// Sets the `Accept` header to the media types the decoder expects. Generated code
    /// passes a constant, so nothing is checked or copied per call.
    #[doc(hidden)]
    pub fn accept(mut self, media_types: HeaderValue) -> Self {
        self.accept = Some(media_types);
        self
    }

    /// Adds a query parameter the operation does not declare (`name=value`, both
    /// percent-encoded), for API features the document leaves out.
    pub fn query(mut self, name: &str, value: impl fmt::Display) -> Self {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query.push_str(&encoding::component(name));
        self.query.push('=');
        self.query
            .push_str(&encoding::component(&value.to_string()));
        self
    }

    /// Sends `If-Match: <etag>`: the server applies the change only if the resource still
    /// has this version, and answers 412 otherwise (`Error::PreconditionFailed`).
    pub fn if_match(self, etag: &str) -> Self {
        self.header(IF_MATCH.as_str(), etag)
    }

    /// Sends `If-None-Match: <etag>`: a server whose resource still has this version
    /// answers 304 Not Modified, which the returned call reports as
    /// `Conditional::NotModified` rather than as an error.
    pub fn if_none_match(self, etag: &str) -> ConditionalCall<T, E> {
        ConditionalCall::new(self.header(IF_NONE_MATCH.as_str(), etag))
    }

    /// The same call sent to `url` instead (a `Link: rel="next"` from the server), which must
    /// be on the client's base URL: credentials never go to another origin.
    pub(crate) fn follow(mut self, url: &str) -> Result<Self, String> {
        let (path, query) = self.core.relative(url).ok_or_else(|| {
            format!("the next page's link {url:?} leaves the client's base URL; not following it")
        })?;
        self.path = Cow::Owned(path);
        self.placeholders_left = None;
        self.query = query;
        Ok(self)
    }

    /// Adds (or replaces) a header on this call only; it wins over the client's defaults,
    /// credentials included. An invalid name or value makes the send fail with
    /// [`Error::InvalidRequest`](super::Error::InvalidRequest), whose message never repeats the value.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            self.fail(format!("{name:?} is not a valid header name"));
            return self;
        };
        match HeaderValue::from_str(value) {
            Ok(header_value) => {
                self.headers
                    .get_or_insert_with(HeaderMap::new)
                    .insert(header_name, header_value);
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
}
