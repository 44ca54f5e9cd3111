//! The intermediate model: plain data describing the SDK to emit. Lowering fills it from the
//! OpenAPI document and makes every decision (names, shapes, defaults, docs, how each response
//! status decodes); emitting only spells it in Rust. Every name in it is already a valid,
//! unique Rust identifier.

use serde::Serialize;

mod examples;

pub use examples::{Example, Expectation};

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

/// A generated type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// Where the schema came from (a JSON pointer), for diagnostics and readers of snapshots.
    pub origin: String,
    /// Documentation: the schema's own, or where it comes from.
    pub docs: String,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Its shape.
    pub kind: TypeKind,
    /// The cargo features that compile it (any of them); empty: always compiled.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}

/// The shape of a generated type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// An object with properties.
    Struct(Struct),
    /// A string or integer enum with a catch-all.
    Enum(Enum),
    /// oneOf / anyOf.
    Union(Union),
    /// A named schema that is just another type (`type: string`, an array, a map).
    Alias {
        /// The type it stands for.
        target: TypeRef,
    },
}

/// An object type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Struct {
    /// The declared properties, in document order.
    pub fields: Vec<Field>,
    /// Where members the schema does not declare go, if anywhere.
    pub additional: Option<Additional>,
    /// How serde's traits are implemented.
    pub serde: SerdeImpl,
    /// Names a hand-written `Deserialize` binds beside the fields (which it binds too), chosen
    /// so that no field shadows them.
    pub reader: ReaderNames,
    /// Whether `Default` can be implemented (no field needs a value from the caller).
    pub has_default: bool,
    /// `From<Other>` conversions (`x-rust-from`).
    pub conversions: Vec<Conversion>,
}

/// The map that keeps members a schema does not declare.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Additional {
    /// The field's name (`additional_properties` unless a property took it).
    pub rust_name: String,
    /// The values' type; `Any` means a `serde_json::Map` of any JSON.
    pub value: TypeRef,
    /// Its documentation.
    pub docs: String,
}

/// Bindings of a hand-written `Deserialize`: the map being read and the current key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReaderNames {
    /// The `MapAccess` (`map` unless a field took it).
    pub map: String,
    /// The key being read (`key` unless a field took it).
    pub key: String,
}

/// How a struct implements `Serialize` and `Deserialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SerdeImpl {
    /// Written out field by field: a fraction of derive's code, and no slow `flatten`.
    Manual,
    /// `#[derive]` with `#[serde(flatten)]`: only for structs holding a flattened union.
    Derive,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The field's name.
    pub rust_name: String,
    /// The property's name on the wire.
    pub json_name: String,
    /// The method that sets it (`with_<name>`).
    pub setter: String,
    /// The value's type, before optionality and nullability.
    pub ty: TypeRef,
    /// Whether the caller must give it, it has a default, or it may be absent.
    pub presence: Presence,
    /// `null` is a value of its own (`Option<T>`, inside the optionality).
    pub nullable: bool,
    /// Box the value: the field closes a reference cycle.
    pub boxed: bool,
    /// The value's members sit beside the struct's own (`#[serde(flatten)]`; allOf + oneOf).
    pub flatten: bool,
    /// Documentation, with notes on read-only and write-only.
    pub docs: String,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// Whether a field needs a value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "default", rename_all = "snake_case")]
pub enum Presence {
    /// An argument of the constructor; missing on the wire is a decode error.
    Required,
    /// Filled with this value by the constructor and when missing on the wire.
    Defaulted(DefaultValue),
    /// `Option<T>`: absent is `None`.
    Optional,
}

/// A default value, already checked against its type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum DefaultValue {
    /// A string.
    String(String),
    /// An integer (of the field's integer type).
    Integer(i64),
    /// A float (finite, within the field's float type).
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A variant of a generated enum.
    Variant {
        /// The enum.
        enum_name: String,
        /// The variant.
        variant: String,
    },
    /// A list of these values.
    List(Vec<DefaultValue>),
}

/// `impl From<source> for <struct>` (or `TryFrom`, when a field the target requires may be
/// missing from the source): moves the fields both share, keeps the rest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conversion {
    /// The type converted from.
    pub source: String,
    /// `TryFrom`: some move unwraps an optional field the target requires.
    pub fallible: bool,
    /// One step per field of the source.
    pub moves: Vec<FieldMove>,
    /// The source's map of undeclared members, merged into the target's.
    pub source_additional: Option<String>,
    /// Fields only the target declares are taken from the source's undeclared members,
    /// when they are there and fit (both keep any JSON).
    pub from_members: bool,
}

/// What a conversion does with one field of its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldMove {
    /// The field in the source.
    pub from: String,
    /// Where it goes.
    pub to: MoveTarget,
}

/// Where a converted field goes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "field", rename_all = "snake_case")]
pub enum MoveTarget {
    /// The field of the same name and shape.
    Same(String),
    /// The optional field of the same name; the source always has a value.
    WrapSome(String),
    /// The required field of the same name, from an optional one: the conversion fails
    /// without it.
    Unwrap(String),
    /// The undeclared members map, under the field's wire name.
    Additional {
        /// The wire name.
        json_name: String,
        /// Whether the source field is an `Option` (absent stays absent).
        optional: bool,
    },
}

/// A string or integer enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Enum {
    /// The listed values.
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that keeps a value the document did not list.
    pub catch_all: String,
    /// The variant `Default` picks (an enum of one value defaults to it).
    pub default_variant: Option<String>,
}

/// One listed value of an enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumVariant {
    /// The variant's name.
    pub rust_name: String,
    /// The wire value.
    pub value: WireValue,
}

/// An enum value as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum WireValue {
    /// A string enum's value.
    String(String),
    /// An integer enum's value.
    Integer(i64),
}

/// oneOf / anyOf.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Union {
    /// How a value picks its variant.
    pub tagging: Tagging,
    /// The members, most specific first for untagged unions.
    pub variants: Vec<UnionVariant>,
    /// Name of the variant that keeps a value matching no other variant, as raw JSON.
    pub catch_all: String,
}

/// How a union value picks its variant.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Tagging {
    /// Tried in order; the first that fits wins.
    Untagged,
    /// A discriminator property names the variant.
    Internal {
        /// The discriminator property.
        property: String,
    },
}

/// One member of a union.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionVariant {
    /// The variant's name.
    pub rust_name: String,
    /// What it holds.
    pub ty: TypeRef,
    /// Box the value: it closes a reference cycle.
    pub boxed: bool,
    /// Discriminator values that select this variant (internally tagged unions only).
    pub tags: Vec<String>,
    /// Its documentation.
    pub docs: String,
}

/// A use of a type: a generated one by name, or a built-in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    /// A generated type.
    Named(String),
    /// `String`.
    String,
    /// `String`, with the `format` kept for the docs: date-time, date, uuid, byte, ...
    FormattedString(String),
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// Raw bytes (`format: binary` bodies).
    Bytes,
    /// Any JSON value.
    Any,
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `HashMap<String, T>`.
    Map(Box<TypeRef>),
    /// No value at all (a response without a body).
    Unit,
}

impl TypeRef {
    /// The generated type this refers to directly (not through a container).
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            _ => None,
        }
    }
}

/// The operations of one tag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Service {
    /// The tag's name as written in the document.
    pub tag: String,
    /// The service type, e.g. `ScimService`.
    pub type_name: String,
    /// The client method that returns it, e.g. `scim`; also the module name.
    pub accessor: String,
    /// Its documentation.
    pub docs: String,
    /// The operations, in document order.
    pub operations: Vec<Operation>,
    /// The cargo feature that compiles it, when the API is split into features.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
}

/// One operation: a method of its service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// The `operationId` (or one made from method and path), for errors and tracing.
    pub operation_id: String,
    /// The method's name.
    pub method_name: String,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template.
    pub path: String,
    /// The summary, for tables of operations.
    pub summary: Option<String>,
    /// Summary and description.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Required parameters, in document order: the method's arguments.
    pub params: Vec<Param>,
    /// The request builder the method returns, when the operation has optional parameters
    /// or pages; without one it returns a plain `Call`.
    pub request: Option<RequestBuilder>,
    /// The request body, the method's last argument.
    pub body: Option<RequestBody>,
    /// The documented success statuses (`200`, `2XX`, `default`), for the docs.
    pub success_statuses: Vec<String>,
    /// What a success decodes into.
    pub success: Outcome,
    /// What an error status decodes into.
    pub error: Outcome,
    /// How each response status is decoded.
    pub decoding: Decoding,
    /// The `Accept` header: the JSON media types the responses list.
    pub accept: Option<String>,
    /// `security: []`: sent without the client's credentials.
    pub anonymous: bool,
}

/// HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
#[allow(missing_docs, reason = "the names say it")]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// The method as HTTP spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// A parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// The argument or field name.
    pub rust_name: String,
    /// The name on the wire.
    pub json_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef,
    /// How a query value is laid out.
    pub style: ParamStyle,
    /// Documentation, with the server's default when there is one.
    pub docs: String,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The value doc examples pass: the parameter's own example when it fits its type, else a
    /// plausible one for its format (a UUID for `format: uuid`); none means a placeholder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "the names say it")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// How a query value is spelled on the wire (OpenAPI `style` + `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "OpenAPI's style names")]
pub enum ParamStyle {
    Simple,
    Form {
        explode: bool,
    },
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    /// `content: {application/json: ...}`: the value as JSON text.
    Json,
}

/// A request type with a setter per optional parameter (`.filter(..).count(10)`), which is
/// awaited like a call; adding an optional parameter to the document adds a setter and breaks
/// no caller.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestBuilder {
    /// Its name, e.g. `ScimSearchViaGet2Request`.
    pub type_name: String,
    /// The optional parameters: a field and a setter each (named `rust_name`).
    pub params: Vec<Param>,
    /// How the operation pages, when it does.
    pub pagination: Option<Pagination>,
}

/// How a list operation pages (from the `x-pagination` extension).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pagination {
    /// The success type: one page.
    pub page: String,
    /// The page's field holding the items.
    pub items: PageField,
    /// The items' type.
    pub item: TypeRef,
    /// How the next page is found.
    pub style: PagingStyle,
}

/// How the next page is found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PagingStyle {
    /// Positions (SCIM: `startIndex` from 1, `count`, `totalResults`).
    Index {
        /// The position of the first item.
        first: i64,
        /// Where the position goes.
        start: PageInput,
        /// Where the page size goes.
        count: Option<PageInput>,
        /// The page's field counting every item.
        total: Option<PageField>,
    },
    /// A cursor: the last item's id (Stripe: `starting_after`, `limit`, `has_more`).
    Cursor {
        /// Where the cursor goes.
        cursor: PageInput,
        /// Where the page size goes.
        limit: Option<PageInput>,
        /// The page's "there is more" flag.
        has_more: Option<PageField>,
        /// The item's field whose value is the cursor after it.
        item_cursor: PageField,
    },
    /// The `Link: <url>; rel="next"` response header (GitHub).
    Link {
        /// Where the page size goes.
        limit: Option<PageInput>,
    },
}

/// A value a paginator sets on each page's request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageInput {
    /// An optional parameter of the request (its field) or a field of the body.
    pub location: PageInputLocation,
    /// The field's name.
    pub rust_name: String,
    /// Its type (an integer or a string).
    pub ty: TypeRef,
}

/// Where a paginator's value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageInputLocation {
    /// An optional parameter of the request builder.
    Param,
    /// An optional field of the request body (SCIM's POST `.search`).
    Body,
}

/// A field of a page or an item that a paginator reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageField {
    /// The field's name.
    pub rust_name: String,
    /// Whether it is an `Option`.
    pub optional: bool,
    /// Its type.
    pub ty: TypeRef,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestBody {
    /// Its type.
    pub ty: TypeRef,
    /// How it is sent.
    pub encoding: BodyEncoding,
    /// Whether the argument is required (else `Option`).
    pub required: bool,
}

/// How a request body is sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BodyEncoding {
    /// JSON with this content type (`application/json`, `application/scim+json`, ...).
    Json {
        /// The `Content-Type`.
        content_type: String,
    },
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`, built by the caller.
    Multipart,
    /// Raw bytes or text sent as is.
    Bytes {
        /// The `Content-Type`.
        content_type: String,
    },
}

/// What one side (success or error) of an operation decodes into.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// Every listed status shares one type (`Unit` when none has a body).
    Single {
        /// The type.
        ty: TypeRef,
    },
    /// Statuses differ in type: an enum with a variant per status.
    PerStatus {
        /// The enum.
        type_name: String,
        /// Its docs.
        docs: String,
        /// Its variants.
        variants: Vec<StatusVariant>,
    },
}

/// A variant of a per-status enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusVariant {
    /// The variant's name (`Ok`, `NoContent`, ...).
    pub name: String,
    /// What it holds (`Unit`: nothing).
    pub ty: TypeRef,
    /// The response's description, or the status.
    pub docs: String,
}

/// How an operation's responses are decoded: arms tried in order, then `otherwise`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decoding {
    /// The arms.
    pub arms: Vec<DecodeArm>,
    /// What a status no arm takes becomes: the runtime's "undocumented status".
    pub otherwise_undocumented: bool,
}

/// Statuses that decode the same way.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecodeArm {
    /// The statuses this arm takes.
    pub statuses: Vec<StatusPattern>,
    /// Success or failure.
    pub side: Side,
    /// How the body is read.
    pub read: BodyRead,
    /// The per-status enum variant the value is wrapped in, if the side has one.
    pub variant: Option<VariantPath>,
}

/// A pattern over response statuses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum StatusPattern {
    /// One status.
    Code(u16),
    /// `low..=high` (a `4XX` range, or every other 2xx).
    Range {
        /// First status.
        low: u16,
        /// Last status.
        high: u16,
    },
    /// Every error status (400 and up): an error-side `default`.
    Errors,
    /// Anything else: a success-side `default`.
    Any,
}

/// Which side of the result an arm produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// `Ok`.
    Success,
    /// `Err(Error::Api(..))` with the decoded body.
    Failure,
}

/// How a response body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyRead {
    /// Decoded as JSON.
    Json,
    /// Taken as UTF-8 text.
    Text,
    /// Taken as bytes.
    Bytes,
    /// Ignored: the value is `()` or a variant without data.
    Empty,
}

/// `Enum::Variant`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VariantPath {
    /// The enum.
    pub enum_name: String,
    /// The variant.
    pub variant: String,
}
