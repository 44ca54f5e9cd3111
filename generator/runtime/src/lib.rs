//! The HTTP runtime of every generated SDK: request building, parameter encoding,
//! authentication, retries, timeouts, decoding and errors.
//!
//! The generator copies these files (without their tests) into each generated crate as
//! `src/runtime/`, so an SDK stands alone; a crate can also depend on this one instead.
//! Either way the SDK re-exports the user-facing items at its root, and its generated code
//! reaches the plumbing marked `#[doc(hidden)]` through `crate::runtime`.

mod auth;
#[cfg(feature = "blocking")]
mod blocking;
mod call;
mod conditional;
mod core;
mod encoding;
mod error;
mod error_summary;
mod json_path;
mod model;
mod paging;
mod response;
mod retry;
mod route;
mod send;

pub use self::auth::{BoxError, TokenProvider};
pub use self::call::Call;
pub use self::conditional::{Conditional, ConditionalCall};
pub use self::core::{ApiKeyLocation, BuildError, ClientCore, CoreBuilder};
pub use self::encoding::{Multipart, QueryStyle};
pub use self::error::{ApiError, DecodeError, DecodeFailure, Error, TransportError};
pub use self::model::{
    CowStr, FromObject, MissingMember, ObjectVisitor, listed, required, take_member,
};
pub use self::paging::{PageQuery, PageStyle, Paginator};
pub use self::response::{Decoder, Outcome, RawResponse, Response};
pub use self::retry::RetryPolicy;
