//! Conditional reads: a call sent with `If-None-Match`, for which 304 Not Modified is an
//! answer, not an error.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use reqwest::StatusCode;

use super::call::Call;
use super::error::Error;
use super::response::Response;
use super::send::{Exchange, Parts, body_only, with_response};

/// What a conditional read found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Conditional<T> {
    /// The resource changed (or the server ignores conditions): here it is.
    Modified(T),
    /// The resource still has the version given to `if_none_match`.
    NotModified,
}

impl<T> Conditional<T> {
    /// The new value, if there is one.
    pub fn modified(self) -> Option<T> {
        match self {
            Conditional::Modified(value) => Some(value),
            Conditional::NotModified => None,
        }
    }

    /// Whether the server answered 304 Not Modified.
    pub fn is_not_modified(&self) -> bool {
        matches!(self, Conditional::NotModified)
    }
}

/// A call carrying `If-None-Match`; from [`Call::if_none_match`].
#[must_use = "a request does nothing until it is awaited or sent"]
pub struct ConditionalCall<T, E> {
    call: Call<T, E>,
}

impl<T, E> ConditionalCall<T, E> {
    pub(crate) fn new(call: Call<T, E>) -> Self {
        ConditionalCall { call }
    }

    /// Sends the request: the body if it changed, `NotModified` if not.
    pub fn send(self) -> impl Future<Output = Result<Conditional<T>, Error<E>>> {
        self.call
            .exchange(|exchange| conditional(exchange, body_only))
    }

    /// Sends the request; a changed resource comes with status and headers (its new ETag).
    pub fn send_with_response(
        self,
    ) -> impl Future<Output = Result<Conditional<Response<T>>, Error<E>>> {
        self.call
            .exchange(|exchange| conditional(exchange, with_response))
    }

    /// [`send`](Self::send) from code that is not async (see `Call::send_blocking`).
    #[cfg(feature = "blocking")]
    pub fn send_blocking(self) -> Result<Conditional<T>, Error<E>> {
        let core = std::sync::Arc::clone(&self.call.core);
        super::blocking::block_on(&core, self.send())?
    }
}

/// 304 is the answer "not modified"; anything else decodes as usual.
fn conditional<T, E, R>(
    exchange: Exchange<T, E>,
    keep: fn(Parts, T) -> R,
) -> Result<Conditional<R>, Error<E>> {
    if exchange.raw.status == StatusCode::NOT_MODIFIED {
        return Ok(Conditional::NotModified);
    }
    exchange.decode(keep).map(Conditional::Modified)
}

impl<T: Send + 'static, E: Send + 'static> IntoFuture for ConditionalCall<T, E> {
    type Output = Result<Conditional<T>, Error<E>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
