//! Sending a call: preparing the request, the send loop (`retry.rs`), decoding the answer
//! into the operation's result, and the blocking variant.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, HeaderMap, HeaderValue};
use tracing::Instrument;
use tracing::instrument::Instrumented;

use super::call::Call;
use super::error::{ApiError, DecodeError, Error};
use super::response::{Outcome, RawResponse, Response};
use super::retry::{Prepared, body_or_error, is_idempotent, read_body};

/// A response as received, with what is needed to decode it.
pub(crate) struct Exchange<T, E> {
    pub(crate) raw: RawResponse,
    pub(crate) attempts: u32,
    operation: &'static str,
    decode: super::response::Decoder<T, E>,
}

impl<T, E> Exchange<T, E> {
    /// Decodes the body into the operation's result: a documented success, a documented
    /// error, or what the document does not say. `keep` shapes a success from its parts
    /// (the body alone, or a [`Response`]), so the decoded body is moved once, not once per
    /// wrapper: it is often a kilobyte or more.
    pub(crate) fn decode<R>(self, keep: impl FnOnce(Parts, T) -> R) -> Result<R, Error<E>> {
        let Exchange {
            raw,
            attempts,
            operation,
            decode,
        } = self;
        let outcome = decode(&raw);
        let RawResponse {
            status,
            headers,
            body,
        } = raw;
        let api_error = |body_value: Option<E>, headers: HeaderMap, body: Bytes| {
            ApiError::new(operation, status, headers, body_value, body, attempts)
        };
        match outcome {
            Ok(Outcome::Success(body)) => Ok(keep(
                Parts {
                    status,
                    headers,
                    attempts,
                },
                body,
            )),
            // 412 only ever answers a condition the caller set (`if_match`): worth its own case.
            Ok(Outcome::Failure(error)) if status == StatusCode::PRECONDITION_FAILED => Err(
                Error::PreconditionFailed(api_error(Some(error), headers, body)),
            ),
            Ok(Outcome::Failure(error)) => Err(Error::Api(api_error(Some(error), headers, body))),
            // A documented non-error status whose body does not fit is a decode problem.
            Err(failure) if status.as_u16() < 400 => Err(Error::Decode(DecodeError::new(
                operation,
                status,
                &headers,
                &body,
                failure.message().to_owned(),
            ))),
            Ok(Outcome::Undocumented) if status.as_u16() < 400 => {
                Err(Error::UnexpectedStatus(api_error(None, headers, body)))
            }
            _ if status == StatusCode::PRECONDITION_FAILED => {
                Err(Error::PreconditionFailed(api_error(None, headers, body)))
            }
            Ok(Outcome::Undocumented) | Err(_) => Err(Error::Api(api_error(None, headers, body))),
        }
    }
}

/// What a success carries besides its body.
pub(crate) struct Parts {
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
}

/// The success of `send`: the body alone.
pub(crate) fn body_only<T>(_: Parts, body: T) -> T {
    body
}

/// The success of `send_with_response`: the body with status, headers and attempts.
pub(crate) fn with_response<T>(parts: Parts, body: T) -> Response<T> {
    Response {
        status: parts.status,
        headers: parts.headers,
        attempts: parts.attempts,
        body,
    }
}

impl<T, E> Call<T, E> {
    /// Sends the request and returns the decoded body. Same as awaiting the call.
    ///
    /// The future owns what it needs (the client's shared state included), so it can be
    /// spawned: `tokio::spawn(sdk.users().get(id).send())`.
    pub fn send(self) -> impl Future<Output = Result<T, Error<E>>> {
        self.exchange(|exchange| exchange.decode(body_only))
    }

    /// Sends the request and returns the decoded body with status and headers.
    pub fn send_with_response(self) -> impl Future<Output = Result<Response<T>, Error<E>>> {
        self.exchange(|exchange| exchange.decode(with_response))
    }

    /// Sends the request from code that is not async, on the runtime of a client built with
    /// `build_blocking()`. Inside an async runtime it refuses (blocking there would stall
    /// it): await the call instead.
    #[cfg(feature = "blocking")]
    pub fn send_blocking(self) -> Result<T, Error<E>> {
        self.send_with_response_blocking().map(Response::into_body)
    }

    /// [`send_blocking`](Self::send_blocking), with status and headers.
    #[cfg(feature = "blocking")]
    pub fn send_with_response_blocking(self) -> Result<Response<T>, Error<E>> {
        let core = std::sync::Arc::clone(&self.core);
        super::blocking::block_on(&core, self.send_with_response())?
    }

    /// Sends until a final response, in a `tracing` span, and hands it to `finish`.
    ///
    /// The call is checked and prepared now, before the future exists (a mistake in it is
    /// the future's error), and the whole send is one async block: every nested async fn
    /// or awaited future would keep its own copy of what it was given beside the inner
    /// future, and the result is moved through each level.
    pub(crate) fn exchange<R>(
        self,
        finish: impl FnOnce(Exchange<T, E>) -> Result<R, Error<E>>,
    ) -> Instrumented<impl Future<Output = Result<R, Error<E>>>> {
        let span = tracing::info_span!(
            "http_request",
            operation = self.operation,
            method = %self.method,
            path = self.template,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let mut call = self;
        let mut prepared = call.prepare();
        let (core, decode) = (call.core, call.decode);
        async move {
            // Bound by reference: moving the request into a local would store it twice.
            let request = match prepared {
                Ok(ref mut request) => request,
                Err(problem) => return Err(problem),
            };
            let mut attempts = 0;
            let answer = request.run(&core, &mut attempts).await;
            record_in_span("attempts", attempts);
            let (mut response, deadline) = answer?;
            let status = response.status();
            record_in_span("status", status.as_u16());
            let reading = tokio::time::timeout_at(deadline, read_body(&mut response)).await;
            let body = body_or_error(reading, request.timeout, attempts)?;
            let headers = std::mem::take(response.headers_mut());
            finish(Exchange {
                raw: RawResponse {
                    status,
                    headers,
                    body,
                },
                attempts,
                operation: request.operation,
                decode,
            })
        }
        .instrument(span)
    }

    /// Checks the call and assembles URL and headers, before anything is sent; takes
    /// what goes into the request out of the call.
    fn prepare(&mut self) -> Result<Prepared, Error<E>> {
        if let Some(problem) = self.problem.take() {
            return Err(Error::InvalidRequest(problem));
        }
        // `[u8]::contains` is a vectorised `memchr`; `{` is never part of another character.
        if self.path.as_bytes().contains(&b'{') {
            let rest = self.path.split_once('{').map_or("", |(_, rest)| rest);
            let name = rest.split('}').next().unwrap_or(rest);
            return Err(Error::InvalidRequest(format!(
                "path parameter {{{name}}} was not set"
            )));
        }
        let mut query = std::mem::take(&mut self.query);
        let mut headers = std::mem::take(&mut self.headers);
        // An operation the document marks `security: []` gets no credentials at all.
        let provider = if self.anonymous {
            if !self.cookies.is_empty() && !headers.contains_key(COOKIE) {
                let value = HeaderValue::from_str(&self.cookies.join("; ")).map_err(|_| {
                    Error::InvalidRequest("the cookies could not be encoded as a header".to_owned())
                })?;
                headers.insert(COOKIE, value);
            }
            None
        } else {
            self.core
                .credentials
                .apply(&mut headers, &mut query, std::mem::take(&mut self.cookies))
                .map_err(Error::InvalidRequest)?
        };
        let policy = &self.core.retry;
        Ok(Prepared {
            operation: self.operation,
            method: self.method.clone(),
            template: self.template,
            path: std::mem::take(&mut self.path),
            query,
            headers,
            accept: self.accept.take(),
            body: self.body.take(),
            credentials: !self.anonymous,
            may_retry: is_idempotent(&self.method)
                || self
                    .retry_non_idempotent
                    .unwrap_or(policy.retries_non_idempotent()),
            max_attempts: self.max_attempts.unwrap_or(policy.attempts()).max(1),
            timeout: self.timeout.unwrap_or(self.core.timeout),
            provider,
        })
    }
}

/// Records a field of the `http_request` span the send runs in. Finding the current span
/// asks the thread's subscriber; when no subscriber takes INFO (tracing unused), the span
/// is disabled, there is nothing to record into, and the lookup is skipped.
fn record_in_span(field: &'static str, value: impl tracing::Value) {
    if tracing::level_enabled!(tracing::Level::INFO) {
        tracing::Span::current().record(field, value);
    }
}

impl<T: Send + 'static, E: Send + 'static> IntoFuture for Call<T, E> {
    type Output = Result<T, Error<E>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    /// Awaiting a call sends it: `service.operation(..).await?`.
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
