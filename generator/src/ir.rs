//! The intermediate model: plain data describing the SDK to emit. Lowering fills it from the
//! OpenAPI document; emitting turns it into Rust. Every name in it is already a valid, unique
//! Rust identifier, so the emitter never has to think about the spec's spelling.

use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    pub auth: Vec<AuthScheme>,
    pub types: Vec<TypeDef>,
    pub services: Vec<Service>,
    /// The longest chain of types holding one another; deep chains need a higher
    /// `recursion_limit` for rustc.
    pub nesting_depth: usize,
}

impl Api {
    pub fn operation_count(&self) -> usize {
        self.services.iter().map(|s| s.operations.len()).sum()
    }
}

/// One entry of `servers`, as a variant of the generated `Environment` enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Server {
    pub variant: String,
    /// The URL template, `{name}` placeholders included.
    pub url: String,
    pub docs: Option<String>,
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerVariable {
    /// The placeholder's name in the URL template.
    pub name: String,
    pub rust_name: String,
    pub default: String,
    pub docs: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuthScheme {
    /// HTTP bearer or OAuth 2 / OpenID Connect: an access token in `Authorization: Bearer`.
    Bearer {
        docs: Option<String>,
    },
    Basic {
        docs: Option<String>,
    },
    ApiKey {
        location: ParamLocation,
        name: String,
        builder_method: String,
        docs: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    pub name: String,
    /// Where the schema came from, for diagnostics and for readers of the snapshots.
    pub origin: String,
    pub docs: Option<String>,
    pub deprecated: bool,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    /// A named schema that is just another type (`type: string`, an array, a map).
    Alias {
        target: TypeRef,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties`: extra members kept in a map flattened beside the fields.
    pub additional: Option<TypeRef>,
    /// The name of that map's field (`additional_properties` unless a property took it).
    pub additional_field: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    pub rust_name: String,
    pub json_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Box the value: the field closes a reference cycle.
    pub boxed: bool,
    /// `#[serde(flatten)]`: the value's members sit beside the struct's own (allOf + oneOf).
    pub flatten: bool,
    pub default: Option<Value>,
    pub docs: Option<String>,
    pub deprecated: bool,
    pub read_only: bool,
    pub write_only: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Enum {
    pub repr: EnumRepr,
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that keeps a value the document did not list.
    pub catch_all: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumVariant {
    pub rust_name: String,
    /// The wire value: a string, or an integer for integer enums.
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Union {
    pub tagging: Tagging,
    pub variants: Vec<UnionVariant>,
    /// Name of the variant that keeps a value matching no other variant, as raw JSON.
    pub catch_all: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Tagging {
    /// Tried in order; the first that fits wins, so specific variants come first.
    Untagged,
    /// A discriminator property names the variant.
    Internal { property: String },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    pub boxed: bool,
    /// Discriminator values that select this variant (internally tagged unions only).
    pub tags: Vec<String>,
}

/// A use of a type: a generated one by name, or a built-in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    Named(String),
    String,
    /// `format` kept for the docs: date-time, date, uuid, byte, ...
    FormattedString(String),
    I32,
    I64,
    F32,
    F64,
    Bool,
    /// Raw bytes (`format: binary` bodies).
    Bytes,
    /// Any JSON value.
    Any,
    Array(Box<TypeRef>),
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Service {
    /// The tag's name as written in the document.
    pub tag: String,
    /// The service type, e.g. `ScimService`.
    pub type_name: String,
    /// The client method that returns it, e.g. `scim`; also the module name.
    pub accessor: String,
    pub docs: Option<String>,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    pub operation_id: String,
    pub method_name: String,
    pub http_method: HttpMethod,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Required parameters, in document order: the method's arguments.
    pub params: Vec<Param>,
    /// Optional parameters, gathered into one struct with `Default`.
    pub optional_params: Option<ParamsStruct>,
    pub body: Option<RequestBody>,
    pub success: Outcome,
    pub error: Outcome,
    /// The `Accept` header: the JSON media types the responses list.
    pub accept: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    pub rust_name: String,
    pub json_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub style: ParamStyle,
    pub docs: Option<String>,
    pub default: Option<Value>,
    pub deprecated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// How a query value is spelled on the wire (OpenAPI `style` + `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamStyle {
    Simple,
    Form { explode: bool },
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamsStruct {
    pub type_name: String,
    pub fields: Vec<Param>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestBody {
    pub ty: TypeRef,
    pub encoding: BodyEncoding,
    pub required: bool,
    pub docs: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BodyEncoding {
    Json {
        content_type: String,
    },
    Form,
    Multipart,
    /// Raw bytes or text sent as is.
    Bytes {
        content_type: String,
    },
}

/// What one side (success or error) of an operation decodes into.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// Every listed status shares one type (`Unit` when none has a body).
    Single {
        ty: TypeRef,
        cases: Vec<ResponseCase>,
    },
    /// Statuses differ in type: an enum with a variant per status.
    PerStatus {
        type_name: String,
        cases: Vec<ResponseCase>,
    },
}

impl Outcome {
    pub fn cases(&self) -> &[ResponseCase] {
        match self {
            Outcome::Single { cases, .. } | Outcome::PerStatus { cases, .. } => cases,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseCase {
    pub status: StatusMatch,
    /// The variant name when the outcome is `PerStatus`.
    pub variant: String,
    pub body: ResponseBody,
    pub docs: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum StatusMatch {
    Code(u16),
    /// `4XX` style: the first digit.
    Range(u16),
    Default,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "ty", rename_all = "snake_case")]
pub enum ResponseBody {
    Empty,
    Json(TypeRef),
    Text,
    Bytes,
}

impl ResponseBody {
    pub fn type_ref(&self) -> TypeRef {
        match self {
            ResponseBody::Empty => TypeRef::Unit,
            ResponseBody::Json(ty) => ty.clone(),
            ResponseBody::Text => TypeRef::String,
            ResponseBody::Bytes => TypeRef::Bytes,
        }
    }
}
