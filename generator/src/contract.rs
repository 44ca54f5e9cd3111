//! The names generated code claims for itself, in one place. Lowering reserves them so no
//! schema, tag or operation can take them; the emitter spells imports and re-exports from
//! them; a test checks them against the runtime crate's public items.

/// Items of the runtime (`crate::runtime::*` in a generated crate). Must equal the
/// `pub use` list of `generator/runtime/src/lib.rs` (tested).
pub(crate) mod runtime {
    pub(crate) const API_ERROR: &str = "ApiError";
    pub(crate) const API_KEY_LOCATION: &str = "ApiKeyLocation";
    pub(crate) const BOX_ERROR: &str = "BoxError";
    pub(crate) const BUILD_ERROR: &str = "BuildError";
    pub(crate) const CALL: &str = "Call";
    pub(crate) const CLIENT_CORE: &str = "ClientCore";
    pub(crate) const CONDITIONAL: &str = "Conditional";
    pub(crate) const CONDITIONAL_CALL: &str = "ConditionalCall";
    pub(crate) const CORE_BUILDER: &str = "CoreBuilder";
    pub(crate) const COW_STR: &str = "CowStr";
    pub(crate) const DECODE_ERROR: &str = "DecodeError";
    pub(crate) const DECODE_FAILURE: &str = "DecodeFailure";
    pub(crate) const DECODER: &str = "Decoder";
    pub(crate) const ERROR: &str = "Error";
    pub(crate) const FROM_OBJECT: &str = "FromObject";
    pub(crate) const LISTED: &str = "listed";
    pub(crate) const MISSING_MEMBER: &str = "MissingMember";
    pub(crate) const MULTIPART: &str = "Multipart";
    pub(crate) const OBJECT_VISITOR: &str = "ObjectVisitor";
    pub(crate) const OUTCOME: &str = "Outcome";
    pub(crate) const PAGE_QUERY: &str = "PageQuery";
    pub(crate) const PAGE_STYLE: &str = "PageStyle";
    pub(crate) const PAGINATOR: &str = "Paginator";
    pub(crate) const QUERY_STYLE: &str = "QueryStyle";
    pub(crate) const RAW_RESPONSE: &str = "RawResponse";
    pub(crate) const REQUIRED: &str = "required";
    pub(crate) const RESPONSE: &str = "Response";
    pub(crate) const RETRY_POLICY: &str = "RetryPolicy";
    pub(crate) const TAKE_MEMBER: &str = "take_member";
    pub(crate) const TOKEN_PROVIDER: &str = "TokenProvider";
    pub(crate) const TRANSPORT_ERROR: &str = "TransportError";

    /// Every item, sorted.
    pub(crate) const ALL: &[&str] = &[
        API_ERROR,
        API_KEY_LOCATION,
        BOX_ERROR,
        BUILD_ERROR,
        CALL,
        CLIENT_CORE,
        CONDITIONAL,
        CONDITIONAL_CALL,
        CORE_BUILDER,
        COW_STR,
        DECODE_ERROR,
        DECODE_FAILURE,
        DECODER,
        ERROR,
        FROM_OBJECT,
        LISTED,
        MISSING_MEMBER,
        MULTIPART,
        OBJECT_VISITOR,
        OUTCOME,
        PAGE_QUERY,
        PAGE_STYLE,
        PAGINATOR,
        QUERY_STYLE,
        RAW_RESPONSE,
        REQUIRED,
        RESPONSE,
        RETRY_POLICY,
        TAKE_MEMBER,
        TOKEN_PROVIDER,
        TRANSPORT_ERROR,
    ];

    /// The plumbing only generated code uses; everything else is re-exported at the root of
    /// a generated crate for its users.
    pub(crate) const INTERNAL: &[&str] = &[
        CLIENT_CORE,
        PAGE_QUERY,
        PAGE_STYLE,
        CORE_BUILDER,
        COW_STR,
        FROM_OBJECT,
        LISTED,
        OBJECT_VISITOR,
        REQUIRED,
        TAKE_MEMBER,
    ];
}

/// Items a generated crate re-exports at its root: the user-facing runtime items.
pub(crate) fn root_exports() -> impl Iterator<Item = &'static str> {
    runtime::ALL
        .iter()
        .copied()
        .filter(|name| !runtime::INTERNAL.contains(name))
}

/// Names from std, serde and the prelude that generated files use unqualified.
const STD_NAMES: &[&str] = &[
    "Arc",
    "BTreeMap",
    "Box",
    "Bytes",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Deserialize",
    "Deserializer",
    "Display",
    "Duration",
    "Eq",
    "Err",
    "Fn",
    "Formatter",
    "From",
    "FromStr",
    "Future",
    "HashMap",
    "Hash",
    "HeaderValue",
    "Into",
    "IntoFuture",
    "Iterator",
    "Map",
    "Method",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "Result",
    "Self",
    "Send",
    "Serialize",
    "Serializer",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToString",
    "Value",
    "Vec",
];

/// Type names no schema may take: a generated type with one of them would shadow what the
/// generated code means by it. Such schemas get a `Model` suffix.
pub(crate) fn is_reserved_type_name(name: &str) -> bool {
    runtime::ALL.contains(&name) || STD_NAMES.contains(&name) || name == ENVIRONMENT
}

/// The enum of the document's servers.
pub(crate) const ENVIRONMENT: &str = "Environment";

/// Suffix of the client's builder type (`RingCentral` -> `RingCentralBuilder`).
pub(crate) const BUILDER_SUFFIX: &str = "Builder";

/// Methods of the client builder that exist whatever the document says; API-key methods
/// named after security schemes must not take them.
pub(crate) const BUILDER_METHODS: &[&str] = &[
    "access_token",
    "token_provider",
    "basic_auth",
    "environment",
    "base_url",
    "timeout",
    "user_agent",
    "http_client",
    "retry_policy",
    "build",
    "build_blocking",
];

/// Names service accessors must not take: methods of the client (and its derives), and
/// `services`, the module their own modules live in (an accessor is also its module's name).
pub(crate) const CLIENT_METHODS: &[&str] = &["builder", "clone", "fmt", "core", "services"];

/// Methods of every service type besides the operations.
pub(crate) const SERVICE_METHODS: &[&str] = &["new", "core"];

/// Methods (and fields) of every request builder, which setters of optional parameters must
/// not take.
pub(crate) const REQUEST_METHODS: &[&str] = &[
    "body",
    "call",
    "clone",
    "core",
    "fmt",
    "header",
    "if_match",
    "if_none_match",
    "into_call",
    "into_future",
    "items",
    "max_attempts",
    "pages",
    "query",
    "retry_non_idempotent",
    "send",
    "send_blocking",
    "send_with_response",
    "send_with_response_blocking",
    "timeout",
];

/// Functions of a generated crate's `tests/examples.rs` besides the tests, which the tests
/// (named after the document's examples) must not take.
pub(crate) const EXAMPLE_HELPERS: &[&str] =
    &["round_trips", "comes_back_as", "rejects", "same", "main"];

/// Arguments the emitter names itself in every operation method.
pub(crate) const ARGUMENTS: &[&str] = &["self", "body", "params"];

#[cfg(test)]
mod tests;
