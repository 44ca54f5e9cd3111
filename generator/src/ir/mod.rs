//! The intermediate model: plain data describing the SDK to emit. Lowering fills it from the
//! OpenAPI document and makes every decision (names, shapes, defaults, docs, how each response
//! status decodes); emitting only spells it in Rust. Every name in it is already a valid,
//! unique Rust identifier.

use serde::Serialize;

mod examples;
mod operations;
mod types;

pub use examples::{Example, Expectation};
pub use operations::{
    BodyEncoding, BodyRead, DecodeArm, Decoding, HttpMethod, Operation, Outcome, PageField,
    PageInput, PageInputLocation, Pagination, PagingStyle, Param, ParamLocation, ParamStyle,
    RequestBody, RequestBuilder, Service, Side, StatusPattern, StatusVariant, VariantPath,
};
pub use types::{
    Additional, Conversion, DefaultValue, Enum, EnumVariant, Field, FieldMove, ListedIn,
    MemberMatch, MoveTarget, Presence, ReaderNames, SerdeImpl, Spelling, Struct, Tagging, TypeDef,
    TypeKind, TypeRef, Union, UnionVariant, WireValue,
};

/// The whole SDK.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The `Environment` variants.
    pub servers: Vec<Server>,
    /// The credentials the client builder takes.
    pub auth: Vec<AuthScheme>,
    /// The leading path segments every operation's path shares (`/scim/v2`), when no server
    /// URL ends with them: a base URL that does is taken without them at `build()`, as its
    /// requests would go to `/scim/v2/scim/v2/..`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_path: Option<String>,
    /// Every generated type, in document order.
    pub types: Vec<TypeDef>,
    /// One service per tag.
    pub services: Vec<Service>,
    /// The longest chain of types holding one another; deep chains need a higher
    /// `recursion_limit` for rustc.
    pub nesting_depth: usize,
    /// The cargo features a big API is split into (one per service); empty when it is not.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    /// Every example the document gives, each a test of the generated crate
    /// (`tests/examples.rs`, written only when there is one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

impl Api {
    /// How many operations the services hold.
    pub fn operation_count(&self) -> usize {
        self.services.iter().map(|s| s.operations.len()).sum()
    }

    /// Every operation with the service it belongs to.
    pub fn operations(&self) -> impl Iterator<Item = (&Service, &Operation)> {
        self.services
            .iter()
            .flat_map(|s| s.operations.iter().map(move |op| (s, op)))
    }
}

/// One entry of `servers`, as a variant of the generated `Environment` enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Server {
    /// The variant's name.
    pub variant: String,
    /// The URL template, `{name}` placeholders included.
    pub url: String,
    /// Its documentation, the URL included.
    pub docs: String,
    /// The placeholders, each a field of the variant.
    pub variables: Vec<ServerVariable>,
}

/// A `{name}` placeholder of a server URL.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerVariable {
    /// The placeholder's name in the URL template.
    pub name: String,
    /// The field's name.
    pub rust_name: String,
    /// The value `Environment::default()` uses.
    pub default: String,
    /// The field's documentation.
    pub docs: String,
    /// When the document lists the values (`enum`), the type that allows only them.
    pub choices: Option<VariableChoices>,
}

/// The values a server variable may take, as an enum of their own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariableChoices {
    /// The enum's name.
    pub type_name: String,
    /// Each value with its variant's name, in document order.
    pub values: Vec<(String, String)>,
    /// The variant of the default value.
    pub default_variant: String,
}

/// A way to authenticate, offered as methods of the client builder.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuthScheme {
    /// HTTP bearer or OAuth 2 / OpenID Connect: an access token in `Authorization: Bearer`.
    Bearer {
        /// Extra documentation from the security scheme.
        docs: Option<String>,
    },
    /// HTTP basic authentication.
    Basic {
        /// Extra documentation from the security scheme.
        docs: Option<String>,
    },
    /// An API key in a header, the query string or a cookie.
    ApiKey {
        /// Where it is sent.
        location: ParamLocation,
        /// The header, parameter or cookie name.
        name: String,
        /// The builder method that takes it.
        builder_method: String,
        /// Extra documentation from the security scheme.
        docs: Option<String>,
    },
}
