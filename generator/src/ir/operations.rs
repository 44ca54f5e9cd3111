//! Services and operations: parameters, bodies, request builders, paging and how each
//! response status decodes.

use serde::Serialize;

use super::TypeRef;

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
    /// The `Accept` header: the JSON media types the responses list, valid as a header value.
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

impl PagingStyle {
    /// Where the page size goes, if the operation takes one.
    pub fn limit(&self) -> Option<&PageInput> {
        match self {
            PagingStyle::Index { count, .. } => count.as_ref(),
            PagingStyle::Cursor { limit, .. } | PagingStyle::Link { limit } => limit.as_ref(),
        }
    }
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
        /// The `Content-Type`, valid as a header value.
        content_type: String,
    },
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`, built by the caller.
    Multipart,
    /// Raw bytes or text sent as is.
    Bytes {
        /// The `Content-Type`, valid as a header value.
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
    /// Consecutive documented statuses that decode alike, `low..=high` (at least three: fewer
    /// read better one by one). No other arm's statuses overlap it.
    Run {
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
