//! Credentials: static secrets, token providers and how they are attached to requests.
//!
//! Secrets live in wrappers whose `Debug` prints `<redacted>`, and header values built
//! from them are marked sensitive, so neither `{:?}` nor HTTP-level logging shows them.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap, HeaderName, HeaderValue};

use super::call::has_header;

/// A boxed error that can cross threads; what a [`TokenProvider`] returns on failure.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Supplies bearer tokens (for example OAuth 2 access tokens) that expire or rotate.
///
/// The client asks for a token before every attempt of every request, so implementations
/// should cache the token and only fetch a new one when it is about to expire or when
/// `refresh` is true. `refresh` is true after the server answered 401 Unauthorized to the
/// previous token: the client then resends the request once with the new token.
///
/// A token containing CR, LF or any other byte not allowed in an HTTP header value is
/// refused with `Error::InvalidRequest` before anything is sent. The provider's own work
/// (say, a call to an identity server) is not covered by the request timeout.
///
/// ```
/// # use std::future::Future;
/// # use std::pin::Pin;
/// # use sdkgen_runtime::{BoxError, TokenProvider};
/// struct FromEnv;
///
/// impl TokenProvider for FromEnv {
///     fn token(
///         &self,
///         _refresh: bool,
///     ) -> Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + '_>> {
///         Box::pin(async { Ok(std::env::var("API_TOKEN")?) })
///     }
/// }
/// ```
///
/// A closure that takes `refresh` and returns a future is a provider too, without the boxing:
///
/// ```
/// # use sdkgen_runtime::{BoxError, TokenProvider};
/// fn provider() -> impl TokenProvider {
///     |_refresh: bool| async { Ok::<_, BoxError>(std::env::var("API_TOKEN")?) }
/// }
/// ```
pub trait TokenProvider: Send + Sync + 'static {
    /// Returns the current token (without the `Bearer ` prefix), fetching a fresh one
    /// when `refresh` is true because the server rejected the previous one.
    fn token(
        &self,
        refresh: bool,
    ) -> Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + '_>>;
}

/// `|refresh| async { .. }`: the future owns what it uses (move clones into it), so that it
/// can outlive the call that made it.
impl<F, Fut> TokenProvider for F
where
    F: Fn(bool) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<String, BoxError>> + Send + 'static,
{
    fn token(
        &self,
        refresh: bool,
    ) -> Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + '_>> {
        Box::pin(self(refresh))
    }
}

/// A secret string whose `Debug` output is `<redacted>`.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub(crate) fn new(value: String) -> Self {
        Secret(value)
    }

    /// The secret value; only for building requests, never for messages.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A shared token provider; `Debug` shows only that one is present.
#[derive(Clone)]
pub(crate) struct ProviderHandle(pub(crate) Arc<dyn TokenProvider>);

impl fmt::Debug for ProviderHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<token provider>")
    }
}

/// Where the `Authorization` header comes from.
#[derive(Clone)]
pub(crate) enum Authorization {
    /// A pre-built, sensitive header value (`Bearer …` or `Basic …`).
    Static(HeaderValue),
    /// Asked for a token before each attempt.
    Provider(ProviderHandle),
}

/// Validated credentials, ready to be attached to requests.
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    /// The `Authorization` header, if any.
    pub(crate) authorization: Option<Authorization>,
    /// API keys sent as headers (values marked sensitive).
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// API keys sent in the query string, already encoded as `name=value`.
    pub(crate) query: Vec<Secret>,
    /// API keys sent as cookies, already encoded as `name=value`.
    pub(crate) cookies: Vec<Secret>,
}

impl Credentials {
    /// Attaches what a call needs once: query pairs (appended `&`-separated to `query`) and a
    /// `Cookie` header joining the call's cookies with the API-key ones (unless the call set
    /// `Cookie` itself). Returns the token provider to ask before each attempt, if any and
    /// if the call did not set its own `Authorization`. The headers are added to each
    /// attempt's request by [`add_headers`](Self::add_headers).
    pub(crate) fn apply(
        &self,
        headers: &mut Option<HeaderMap>,
        query: &mut String,
        mut cookies: Vec<String>,
    ) -> Result<Option<ProviderHandle>, String> {
        let provider = match &self.authorization {
            Some(Authorization::Provider(handle))
                if !has_header(headers.as_ref(), AUTHORIZATION) =>
            {
                Some(handle.clone())
            }
            _ => None,
        };
        for pair in &self.query {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(pair.expose());
        }
        cookies.extend(self.cookies.iter().map(|pair| pair.expose().to_owned()));
        if !cookies.is_empty() && !has_header(headers.as_ref(), COOKIE) {
            let mut value = HeaderValue::from_str(&cookies.join("; "))
                .map_err(|_| "the cookies could not be encoded as a header".to_owned())?;
            value.set_sensitive(!self.cookies.is_empty());
            headers
                .get_or_insert_with(HeaderMap::new)
                .insert(COOKIE, value);
        }
        Ok(provider)
    }

    /// Adds the static `Authorization` and the API-key headers to one attempt's headers (the
    /// call's own are added after them and replace them).
    pub(crate) fn add_headers(&self, headers: &mut HeaderMap) {
        // Only `Accept` and `User-Agent` are in the map yet: `append` (see `Prepared::request`).
        if let Some(Authorization::Static(value)) = &self.authorization {
            headers.append(AUTHORIZATION, value.clone());
        }
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let authorization = match &self.authorization {
            None => "none",
            Some(Authorization::Static(_)) => "<redacted>",
            Some(Authorization::Provider(_)) => "<token provider>",
        };
        let header_names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Credentials")
            .field("authorization", &format_args!("{authorization}"))
            .field("api_key_headers", &header_names)
            .field("api_key_query", &self.query.len())
            .field("api_key_cookies", &self.cookies.len())
            .finish()
    }
}

/// Builds a sensitive `Authorization: Bearer <token>` value, refusing CR, LF and other
/// bytes not allowed in a header. The error never contains the token.
pub(crate) fn bearer_header(token: &str) -> Result<HeaderValue, &'static str> {
    sensitive_value(&format!("Bearer {token}")).ok_or(
        "the bearer token contains characters not allowed in an HTTP header (such as CR or LF)",
    )
}

/// Builds a sensitive `Authorization: Basic …` value (RFC 7617).
pub(crate) fn basic_header(username: &str, password: &str) -> Result<HeaderValue, &'static str> {
    if username.contains(':') {
        return Err("the basic-auth username must not contain ':'");
    }
    // Base64 would make line breaks safe to send, but they are almost always a copy-paste
    // mistake (a trailing newline read from a file), so refuse them like everywhere else.
    if has_control(username) || has_control(password) {
        return Err("the basic-auth credentials contain control characters (such as CR or LF)");
    }
    let encoded = base64(format!("{username}:{password}").as_bytes());
    sensitive_value(&format!("Basic {encoded}"))
        .ok_or("the basic-auth credentials could not be encoded as a header")
}

/// Whether `text` has control characters (CR, LF, NUL…), which no secret should hold.
pub(crate) fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// Parses a header value and marks it sensitive; `None` if it has forbidden bytes.
pub(crate) fn sensitive_value(value: &str) -> Option<HeaderValue> {
    let mut header = HeaderValue::from_str(value).ok()?;
    header.set_sensitive(true);
    Some(header)
}

/// Standard base64 with padding; small enough not to need another dependency.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let symbol = |index: u32| -> char {
        // `index` is masked to 0..64, so the lookup always succeeds.
        ALPHABET
            .get((index & 63) as usize)
            .map_or('=', |&b| char::from(b))
    };
    let mut out = String::with_capacity(input.len().div_ceil(3).saturating_mul(4));
    for chunk in input.chunks(3) {
        let b0 = chunk.first().copied().map_or(0, u32::from);
        let b1 = chunk.get(1).copied().map_or(0, u32::from);
        let b2 = chunk.get(2).copied().map_or(0, u32::from);
        let n = (b0 << 16) | (b1 << 8) | b2;
        out.push(symbol(n >> 18));
        out.push(symbol(n >> 12));
        out.push(if chunk.len() > 1 { symbol(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { symbol(n) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn bearer_header_refuses_line_breaks_without_echoing_the_token() {
        let err = bearer_header("abc\r\nX-Evil: 1").unwrap_err();
        assert!(!err.contains("abc"));
        assert!(bearer_header("abc.def").unwrap().is_sensitive());
    }

    #[test]
    fn secret_debug_is_redacted() {
        assert_eq!(format!("{:?}", Secret::new("hunter2".into())), "<redacted>");
    }
}
