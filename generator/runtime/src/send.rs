//! Sending a call: preparing the request, the send loop (`retry.rs`), decoding the answer
//! into the operation's result, and the blocking variant.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, HeaderMap, HeaderValue};
use tracing::Instrument;

use super::call::{Call, has_header};
use super::error::{ApiError, DecodeError, DecodeFailure, Error};
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
        match (self.decode)(&self.raw) {
            Ok(Outcome::Success(body)) => Ok(keep(
                Parts {
                    status: self.raw.status,
                    headers: self.raw.headers,
                    attempts: self.attempts,
                },
                body,
            )),
            other => Err(self.failure(other)),
        }
    }

    /// [`decode`](Self::decode) for the body alone. Its own function: passed through a
    /// `keep` closure, the body is copied twice more on its way out.
    pub(crate) fn decode_body(self) -> Result<T, Error<E>> {
        match (self.decode)(&self.raw) {
            Ok(Outcome::Success(body)) => Ok(body),
            other => Err(self.failure(other)),
        }
    }

    /// The error for what is not a documented success. Apart from [`decode`](Self::decode)
    /// and never inlined into it, so that the success path stays small.
    #[inline(never)]
    fn failure(self, outcome: Result<Outcome<T, E>, DecodeFailure>) -> Error<E> {
        let Exchange {
            raw,
            attempts,
            operation,
            ..
        } = self;
        let RawResponse {
            status,
            headers,
            body,
        } = raw;
        let api_error = |body_value: Option<E>, headers: HeaderMap, body: Bytes| {
            ApiError::new(operation, status, headers, body_value, body, attempts)
        };
        match outcome {
            // A success never comes here (`decode` returns it); grouped to make the match whole.
            Ok(Outcome::Success(_)) | Ok(Outcome::Undocumented) if status.as_u16() < 400 => {
                Error::UnexpectedStatus(api_error(None, headers, body))
            }
            // 412 only ever answers a condition the caller set (`if_match`): worth its own case.
            Ok(Outcome::Failure(error)) if status == StatusCode::PRECONDITION_FAILED => {
                Error::PreconditionFailed(api_error(Some(error), headers, body))
            }
            Ok(Outcome::Failure(error)) => Error::Api(api_error(Some(error), headers, body)),
            // A documented non-error status whose body does not fit is a decode problem.
            Err(failure) if status.as_u16() < 400 => Error::Decode(DecodeError::new(
                operation,
                status,
                &headers,
                &body,
                failure.message().to_owned(),
            )),
            _ if status == StatusCode::PRECONDITION_FAILED => {
                Error::PreconditionFailed(api_error(None, headers, body))
            }
            Ok(_) | Err(_) => Error::Api(api_error(None, headers, body)),
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

pin_project_lite::pin_project! {
    /// The send future: the exchange (an async block), then `finish` applied to its answer.
    ///
    /// Decoding here rather than at the end of the async block: what an async block returns
    /// is copied on its way out of it, and a decoded body is often a kilobyte or more. Here
    /// it is made in the place `poll` returns it from.
    pub struct Finishing<X, F> {
        #[pin]
        exchange: X,
        finish: Option<F>,
    }
}

impl<X, F, T, E, R> Future for Finishing<X, F>
where
    X: Future<Output = Result<Exchange<T, E>, Error<E>>>,
    F: FnOnce(Exchange<T, E>) -> Result<R, Error<E>>,
{
    type Output = Result<R, Error<E>>;

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        // Polled again after it finished (which a future need not allow): it stays pending.
        if this.finish.is_none() {
            return Poll::Pending;
        }
        let answer = ready!(this.exchange.poll(context));
        match this.finish.take() {
            Some(finish) => Poll::Ready(match answer {
                Ok(exchange) => finish(exchange),
                Err(error) => Err(error),
            }),
            None => Poll::Pending,
        }
    }
}

impl<T, E> Call<T, E> {
    /// Sends the request and returns the decoded body. Same as awaiting the call.
    ///
    /// The future owns what it needs (the client's shared state included), so it can be
    /// spawned: `tokio::spawn(sdk.users().get(id).send())`.
    pub fn send(self) -> impl Future<Output = Result<T, Error<E>>> {
        self.exchange(Exchange::decode_body)
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
    /// the future's error), and the whole exchange is one async block: every nested async fn
    /// or awaited future would keep its own copy of what it was given beside the inner
    /// future. The block ends with the raw response; [`Finishing`] decodes it.
    pub(crate) fn exchange<R>(
        self,
        finish: impl FnOnce(Exchange<T, E>) -> Result<R, Error<E>>,
    ) -> impl Future<Output = Result<R, Error<E>>> {
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
        let exchange = async move {
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
            Ok(Exchange {
                raw: RawResponse {
                    status,
                    headers,
                    body,
                },
                attempts,
                operation: request.operation,
                decode,
            })
        };
        Finishing {
            exchange,
            finish: Some(finish),
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
        let placeholders_left = self
            .placeholders_left
            .unwrap_or_else(|| self.path.as_bytes().contains(&b'{'));
        if placeholders_left {
            let rest = self.path.split_once('{').map_or("", |(_, rest)| rest);
            let name = rest.split('}').next().unwrap_or(rest);
            return Err(Error::InvalidRequest(format!(
                "path parameter {{{name}}} was not set"
            )));
        }
        let mut query = std::mem::take(&mut self.query);
        let mut headers = self.headers.take();
        // An operation the document marks `security: []` gets no credentials at all.
        let provider = if self.anonymous {
            if !self.cookies.is_empty() && !has_header(headers.as_ref(), COOKIE) {
                let value = HeaderValue::from_str(&self.cookies.join("; ")).map_err(|_| {
                    Error::InvalidRequest("the cookies could not be encoded as a header".to_owned())
                })?;
                headers
                    .get_or_insert_with(HeaderMap::new)
                    .insert(COOKIE, value);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::CoreBuilder;

    fn call(template: &'static str) -> Call<(), ()> {
        let core = CoreBuilder::new(Some("https://a.example".into()), "sdk/1")
            .build()
            .unwrap();
        Call::new(
            &std::sync::Arc::new(core),
            "op",
            reqwest::Method::GET,
            template,
            |_| Ok(Outcome::Undocumented),
        )
    }

    fn problem(mut call: Call<(), ()>) -> Option<String> {
        match call.prepare() {
            Ok(_) => None,
            Err(Error::InvalidRequest(problem)) => Some(problem),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_placeholder_left_unfilled_is_refused_before_sending() {
        assert_eq!(problem(call("/a/{x}").path_text("x", "1")), None);
        assert_eq!(
            problem(call("/a/{x}/{y}").path_text("x", "1")).as_deref(),
            Some("path parameter {y} was not set")
        );
        assert_eq!(
            problem(call("/a/{x}/{y}").path_text("y", "2")).as_deref(),
            Some("path parameter {x} was not set")
        );
        // Nothing filled in: the template itself is searched.
        assert_eq!(
            problem(call("/a/{x}")).as_deref(),
            Some("path parameter {x} was not set")
        );
        assert_eq!(
            problem(call("/a/{x}/{y}").path_text("x", "1").path_param("y", &2)),
            None
        );
    }
}
