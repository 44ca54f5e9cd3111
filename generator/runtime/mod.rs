//! The HTTP runtime shared by every generated SDK: request building, parameter encoding,
//! authentication, retries, timeouts, decoding and errors.
//!
//! This module is copied verbatim into each generated crate; its public items are
//! re-exported at the crate root.

mod auth;
mod call;
mod core;
mod encoding;
mod error;
mod retry;

pub use self::auth::{BoxError, TokenProvider};
pub use self::call::{Call, Decoder, Outcome, RawResponse, Response};
pub use self::core::{ApiKeyLocation, BuildError};
pub use self::encoding::{Multipart, QueryStyle};
pub use self::error::{ApiError, DecodeError, DecodeFailure, Error};
pub use self::retry::RetryPolicy;

pub(crate) use self::core::{ClientCore, CoreBuilder};
