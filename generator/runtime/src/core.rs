//! The state every call shares: HTTP client, base URL, credentials, timeout and retries;
//! and how a call's path and URL are built from it.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use super::auth::{
    Authorization, Credentials, ProviderHandle, Secret, TokenProvider, basic_header, bearer_header,
    has_control, sensitive_value,
};
use super::encoding;
use super::retry::RetryPolicy;
use super::route::Prefixes;

/// Per-attempt timeout unless the client or the call sets another.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Where an API key is sent (OpenAPI `in` of an `apiKey` security scheme).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// As a request header.
    Header,
    /// As a query-string parameter.
    Query,
    /// As a cookie.
    Cookie,
}

/// Why a client could not be built. The message never contains a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    message: String,
}

impl BuildError {
    fn new(message: impl Into<String>) -> Self {
        BuildError {
            message: message.into(),
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not build the client: {}", self.message)
    }
}

impl std::error::Error for BuildError {}

/// Validated client state shared (by reference) by every call.
#[doc(hidden)]
#[derive(Clone)]
pub struct ClientCore {
    pub(super) http: reqwest::Client,
    /// Scheme, host and base path, without a trailing slash.
    pub(super) base_url: String,
    /// The parsed fixed parts of the path templates called so far (see [`Self::url`]).
    pub(super) prefixes: Prefixes,
    pub(super) credentials: Credentials,
    pub(super) timeout: Duration,
    pub(super) user_agent: HeaderValue,
    pub(super) retry: RetryPolicy,
    /// The runtime blocking calls run on, for a client built with `build_blocking()`.
    #[cfg(feature = "blocking")]
    pub(super) blocking: Option<std::sync::Arc<super::blocking::BlockingRuntime>>,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCore")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// The `Authorization` settings as given, checked by `build`.
#[derive(Debug)]
enum AuthorizationSetting {
    Bearer(Secret),
    Provider(ProviderHandle),
    Basic { username: String, password: Secret },
}

/// Collects client settings; the generated client builder wraps it.
///
/// `Debug` prints `<redacted>` for every secret.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct CoreBuilder {
    base_url: Option<String>,
    authorization: Option<AuthorizationSetting>,
    api_keys: Vec<(ApiKeyLocation, &'static str, Secret)>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    /// `<sdk crate>/<version>`: given by the SDK, since this code may be a crate of its own.
    default_user_agent: &'static str,
    http_client: Option<reqwest::Client>,
    retry_policy: Option<RetryPolicy>,
    /// The leading segments every operation path has (`/scim/v2`), dropped from the end of a
    /// base URL.
    shared_path: Option<&'static str>,
}

impl CoreBuilder {
    /// Starts with the API description's server URL, if it has one, and the SDK's name and
    /// version as the `User-Agent`.
    pub fn new(default_base_url: Option<String>, default_user_agent: &'static str) -> Self {
        CoreBuilder {
            base_url: default_base_url,
            default_user_agent,
            ..Self::default()
        }
    }

    /// Sets the base URL (scheme, host and base path) that operation paths are appended to.
    pub fn base_url(&mut self, url: String) {
        self.base_url = Some(url);
    }

    /// Says that every operation path starts with `path` (`/scim/v2`): a base URL ending with
    /// it is taken without it, as each request would repeat it (`/scim/v2/scim/v2/Users`, a
    /// 404). SCIM base URLs are usually written that way.
    pub fn paths_start_with(&mut self, path: &'static str) {
        self.shared_path = Some(path);
    }

    /// Sends `Authorization: Bearer <token>`; replaces any other `Authorization` setting.
    pub fn bearer_token(&mut self, token: String) {
        self.authorization = Some(AuthorizationSetting::Bearer(Secret::new(token)));
    }

    /// Asks `provider` for the bearer token before each attempt; replaces any other
    /// `Authorization` setting.
    pub fn token_provider(&mut self, provider: Arc<dyn TokenProvider>) {
        self.authorization = Some(AuthorizationSetting::Provider(ProviderHandle(provider)));
    }

    /// Sends HTTP basic credentials; replaces any other `Authorization` setting.
    pub fn basic_auth(&mut self, username: String, password: String) {
        let password = Secret::new(password);
        self.authorization = Some(AuthorizationSetting::Basic { username, password });
    }

    /// Sends an API key in a header, the query string or a cookie called `name`;
    /// setting the same name and location again replaces the value.
    pub fn api_key(&mut self, location: ApiKeyLocation, name: &'static str, value: String) {
        self.api_keys
            .retain(|(l, n, _)| (*l, *n) != (location, name));
        self.api_keys.push((location, name, Secret::new(value)));
    }

    /// Sets the per-attempt timeout (default 30 s), covering connect, send and body read.
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Sets the `User-Agent` (default `<crate name>/<version>`).
    pub fn user_agent(&mut self, user_agent: String) {
        self.user_agent = Some(user_agent);
    }

    /// Uses a caller-configured `reqwest::Client` (proxies, TLS roots, pools…).
    pub fn http_client(&mut self, client: reqwest::Client) {
        self.http_client = Some(client);
    }

    /// Sets the retry policy (default `RetryPolicy::default()`).
    pub fn retry_policy(&mut self, policy: RetryPolicy) {
        self.retry_policy = Some(policy);
    }

    /// Checks every setting and builds the shared client state.
    pub fn build(self) -> Result<ClientCore, BuildError> {
        let base_url = match self.base_url {
            Some(url) => check_base_url(&url, self.shared_path)?,
            None => {
                return Err(BuildError::new(
                    "no base URL was set and the API defines none",
                ));
            }
        };
        let authorization = match self.authorization {
            None => None,
            Some(AuthorizationSetting::Bearer(token)) => Some(Authorization::Static(
                bearer_header(token.expose()).map_err(BuildError::new)?,
            )),
            Some(AuthorizationSetting::Provider(handle)) => Some(Authorization::Provider(handle)),
            Some(AuthorizationSetting::Basic { username, password }) => {
                Some(Authorization::Static(
                    basic_header(&username, password.expose()).map_err(BuildError::new)?,
                ))
            }
        };
        let mut credentials = Credentials {
            authorization,
            ..Credentials::default()
        };
        for (location, name, value) in self.api_keys {
            add_api_key(&mut credentials, location, name, &value)?;
        }
        let user_agent = match self.user_agent {
            Some(agent) => HeaderValue::from_str(&agent)
                .map_err(|_| BuildError::new("the user agent is not a valid header value"))?,
            // Crate names and versions are plain ASCII, so the fallback is never used.
            None => HeaderValue::from_str(self.default_user_agent)
                .unwrap_or_else(|_| HeaderValue::from_static("sdkgen-runtime")),
        };
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .build()
                .map_err(|e| BuildError::new(format!("the HTTP client could not be built: {e}")))?,
        };
        Ok(ClientCore {
            http,
            base_url,
            prefixes: Prefixes::default(),
            credentials,
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            user_agent,
            retry: self.retry_policy.unwrap_or_default(),
            #[cfg(feature = "blocking")]
            blocking: None,
        })
    }

    /// Like [`build`](Self::build), for blocking use: the client owns a runtime that
    /// `send_blocking()` runs calls on.
    #[cfg(feature = "blocking")]
    pub fn build_blocking(self) -> Result<ClientCore, BuildError> {
        let runtime = super::blocking::BlockingRuntime::new().map_err(|e| {
            BuildError::new(format!(
                "the blocking client's runtime could not start: {e}"
            ))
        })?;
        let mut core = self.build()?;
        core.blocking = Some(std::sync::Arc::new(runtime));
        Ok(core)
    }
}

/// Accepts absolute http(s) URLs without credentials, query or fragment; drops trailing
/// slashes and the path every operation starts with, so that operation paths (which start
/// with `/`) can be appended.
fn check_base_url(url: &str, shared_path: Option<&str>) -> Result<String, BuildError> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| BuildError::new(format!("the base URL is not a valid URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
        return Err(BuildError::new(
            "the base URL must start with http:// or https://",
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        // Kept out so that `Debug` and error messages, which show the URL, hold no secret.
        return Err(BuildError::new(
            "the base URL must not contain credentials: use the client's auth settings",
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(BuildError::new(
            "the base URL must not have a query or fragment",
        ));
    }
    let trimmed = url.trim_end_matches('/');
    if let Some(shared) = shared_path
        && let Some(root) = trimmed.strip_suffix(shared)
        && parsed.path().trim_end_matches('/').ends_with(shared)
    {
        return Ok(root.trim_end_matches('/').to_owned());
    }
    Ok(trimmed.to_owned())
}

/// Validates one API key and files it under its location.
fn add_api_key(
    credentials: &mut Credentials,
    location: ApiKeyLocation,
    name: &'static str,
    value: &Secret,
) -> Result<(), BuildError> {
    let refused = || {
        BuildError::new(format!(
            "the API key `{name}` contains characters not allowed in a request (such as CR or LF)"
        ))
    };
    match location {
        ApiKeyLocation::Header => {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| BuildError::new(format!("{name:?} is not a valid header name")))?;
            let value = sensitive_value(value.expose()).ok_or_else(refused)?;
            credentials.headers.push((header, value));
        }
        ApiKeyLocation::Query => {
            if has_control(value.expose()) {
                return Err(refused());
            }
            let pair = format!(
                "{}={}",
                encoding::component(name),
                encoding::component(value.expose())
            );
            credentials.query.push(Secret::new(pair));
        }
        ApiKeyLocation::Cookie => {
            // Encoding makes any value header-safe; CR/LF is still refused like elsewhere.
            if has_control(value.expose()) {
                return Err(refused());
            }
            let pair = format!(
                "{}={}",
                encoding::cookie_text(name),
                encoding::cookie_text(value.expose())
            );
            credentials.cookies.push(Secret::new(pair));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked_and_trimmed() {
        assert_eq!(
            check_base_url("https://a.example/scim/v2/", None).unwrap(),
            "https://a.example/scim/v2"
        );
        assert!(check_base_url("ftp://a.example", None).is_err());
        assert!(check_base_url("not a url", None).is_err());
        assert!(check_base_url("https://a.example/?x=1", None).is_err());
        assert!(check_base_url("mailto:x@y", None).is_err());
        let err = check_base_url("https://u:SECRET@a.example", None).unwrap_err();
        assert!(!err.to_string().contains("SECRET"));
    }

    #[test]
    fn a_base_url_ending_with_the_path_every_operation_has_is_taken_without_it() {
        let shared = Some("/scim/v2");
        for (url, root) in [
            ("https://a.example/scim/v2", "https://a.example"),
            ("https://a.example/scim/v2/", "https://a.example"),
            (
                "https://a.example/tenant/scim/v2",
                "https://a.example/tenant",
            ),
        ] {
            assert_eq!(check_base_url(url, shared).unwrap(), root, "{url}");
        }
        for url in [
            "https://a.example",
            "https://a.example/scim",
            "https://a.example/xscim/v2x",
            "https://a.example/myscim/v2",
        ] {
            assert_eq!(check_base_url(url, shared).unwrap(), url);
        }
        // A host that happens to end with the text is no path.
        assert_eq!(
            check_base_url("https://scim.example/v2", Some("/v2")).unwrap(),
            "https://scim.example"
        );
        assert_eq!(
            check_base_url("https://v2.example", Some("/v2")).unwrap(),
            "https://v2.example"
        );
    }

    #[test]
    fn secrets_never_reach_debug_or_errors() {
        let mut builder = CoreBuilder::new(Some("https://a.example".into()), "sdk/1");
        builder.bearer_token("tok-SECRET".into());
        builder.api_key(ApiKeyLocation::Query, "key", "key-SECRET".into());
        assert!(!format!("{builder:?}").contains("SECRET"));
        let core = builder.build().unwrap();
        assert!(!format!("{core:?}").contains("SECRET"));

        let mut builder = CoreBuilder::new(Some("https://a.example".into()), "sdk/1");
        builder.bearer_token("tok-SECRET\r\nX: y".into());
        let err = builder.build().unwrap_err();
        assert!(!err.to_string().contains("SECRET"));
        assert!(!format!("{err:?}").contains("SECRET"));
    }

    #[test]
    fn missing_base_url_is_an_error() {
        assert!(CoreBuilder::new(None, "sdk/1").build().is_err());
    }
}
