//! SCIM PATCH requests (RFC 7644 §3.5.2) built from checked paths and any serializable value.
//!
//! [`PatchRequest::builder`] chains operations without `?`; the first mistake (a bad path, a
//! value that does not serialize) is reported once, by [`PatchBuilder::build`]. The request
//! serializes to exactly the wire body, envelope included, and parses back from one.
//!
//! ```
//! use ringcentral_scim::filter::attr;
//! use ringcentral_scim::patch::{PatchRequest, value_path};
//! use serde_json::json;
//!
//! let request = PatchRequest::builder()
//!     .replace("active", false)
//!     .add("emails", json!([{ "type": "home", "value": "bjensen@example.org" }]))
//!     .replace(value_path("emails", attr("type").eq("work")).sub_attr("value"), "bj@example.com")
//!     .remove("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager")
//!     .build()?;
//! let body = serde_json::to_value(&request)?;
//! assert_eq!(body["schemas"], json!(["urn:ietf:params:scim:api:messages:2.0:PatchOp"]));
//! assert_eq!(body["Operations"][2]["path"], r#"emails[type eq "work"].value"#);
//! assert_eq!(body["Operations"][3], json!({
//!     "op": "remove",
//!     "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"
//! }));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use serde::de::{self, Deserializer};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::filter::{Attr, AttrPath, Expr, Filter, FilterError};

/// The schema URN of a PATCH request body.
pub const PATCH_OP_URN: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// Why a PATCH operation or request could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatchError {
    /// The path is not valid.
    Path(FilterError),
    /// The value did not serialize to JSON; the serializer's message.
    Value(String),
    /// An `add` or `replace` without a path needs a JSON object of attributes as its value.
    NotAnObject,
    /// A request needs at least one operation.
    NoOperations,
}

impl fmt::Display for PatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Path(error) => write!(f, "invalid PATCH path: {error}"),
            Self::Value(why) => write!(f, "the PATCH value did not serialize to JSON: {why}"),
            Self::NotAnObject => f.write_str("an add or replace without a path needs an object"),
            Self::NoOperations => f.write_str("a PATCH request needs at least one operation"),
        }
    }
}

impl std::error::Error for PatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Path(error) => Some(error),
            _ => None,
        }
    }
}

impl From<FilterError> for PatchError {
    fn from(error: FilterError) -> Self {
        Self::Path(error)
    }
}

/// The kind of a PATCH operation; written lowercase, read in any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PatchOp {
    /// `add`: adds values (appends to multi-valued attributes).
    Add,
    /// `replace`: replaces values.
    Replace,
    /// `remove`: removes values; always has a path.
    Remove,
}

impl PatchOp {
    /// `"add"`, `"replace"` or `"remove"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Add => "add",
            Self::Replace => "replace",
            Self::Remove => "remove",
        }
    }

    /// Reads an op name in any case (`Add`, `REPLACE`).
    pub fn parse(name: &str) -> Option<Self> {
        let ops = [Self::Add, Self::Replace, Self::Remove];
        ops.into_iter()
            .find(|op| op.as_str().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for PatchOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PatchOp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        let expected = &["add", "replace", "remove"];
        Self::parse(&name).ok_or_else(|| de::Error::unknown_variant(&name, expected))
    }
}

/// The target of an operation: an attribute path (`name.familyName`, URN-qualified), a value
/// filter with an optional sub-attribute (`emails[type eq "work"].value`), a whole schema
/// extension (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`), or raw text.
///
/// Built by [`PatchPath::parse`], [`value_path`] or [`PatchPath::raw`]; written by `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchPath(Target);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Attr(AttrPath),
    /// `attr[filter]`, then `.sub_attr` if any.
    Filtered(AttrPath, Filter, Option<String>),
    /// A schema URN alone: the extension's attributes as one complex value.
    Schema(String),
    Raw(String),
}

impl PatchPath {
    /// An attribute path such as `title`, `name.givenName` or
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`, or a whole
    /// extension, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` (a URN whose last
    /// segment follows a version, as RFC 7643's do); [`value_path`] builds a value filter.
    pub fn parse(path: &str) -> Result<Self, FilterError> {
        let attr = AttrPath::parse(path)?;
        // `AttrPath` reads the segment after the last `:` as an attribute (a filter has no
        // other reading); in a PATCH path, one after a version (`2.0:User`) ends a schema URN.
        let after_version = |urn: &str| {
            let last = urn.rsplit(':').next().unwrap_or_default();
            last.split('.').all(|n| n.parse::<u32>().is_ok())
        };
        let schema = attr.sub_attr().is_none()
            && !attr.name().starts_with('$')
            && attr.urn().is_some_and(after_version);
        Ok(match schema {
            true => Self(Target::Schema(path.to_owned())),
            false => attr.into(),
        })
    }

    /// Path text used as it is, without any check.
    pub fn raw(text: impl Into<String>) -> Self {
        Self(Target::Raw(text.into()))
    }

    /// The attribute addressed: the whole path, or the attribute before `[...]`; `None` for a
    /// whole extension or raw text.
    pub fn attr_path(&self) -> Option<&AttrPath> {
        match &self.0 {
            Target::Attr(attr) | Target::Filtered(attr, ..) => Some(attr),
            Target::Schema(_) | Target::Raw(_) => None,
        }
    }

    /// The schema URN: the whole extension the path names, or the one qualifying its attribute.
    pub fn urn(&self) -> Option<&str> {
        match &self.0 {
            Target::Schema(urn) => Some(urn),
            _ => self.attr_path().and_then(AttrPath::urn),
        }
    }

    /// The value filter between the brackets, when there is one.
    pub fn filter(&self) -> Option<&Filter> {
        match &self.0 {
            Target::Filtered(_, filter, _) => Some(filter),
            _ => None,
        }
    }

    /// The sub-attribute after a value filter (`value` in `emails[type eq "work"].value`).
    pub fn sub_attr(&self) -> Option<&str> {
        match &self.0 {
            Target::Filtered(.., sub_attr) => sub_attr.as_deref(),
            _ => None,
        }
    }

    /// The unchecked text of a path made by [`PatchPath::raw`], or parsed from a body whose
    /// path is not a plain attribute path.
    pub fn as_raw(&self) -> Option<&str> {
        match &self.0 {
            Target::Raw(raw) => Some(raw),
            _ => None,
        }
    }
}

impl fmt::Display for PatchPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Target::Attr(attr) => write!(f, "{attr}"),
            Target::Filtered(attr, filter, None) => write!(f, "{attr}[{filter}]"),
            Target::Filtered(attr, filter, Some(sub)) => write!(f, "{attr}[{filter}].{sub}"),
            Target::Schema(text) | Target::Raw(text) => f.write_str(text),
        }
    }
}

impl From<AttrPath> for PatchPath {
    fn from(path: AttrPath) -> Self {
        Self(Target::Attr(path))
    }
}

impl Serialize for PatchPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A path read from a body: a plain attribute path is parsed, other text is kept as raw.
fn path_from_text(text: &str) -> Result<PatchPath, String> {
    if text.trim().is_empty() {
        return Err("a PATCH \"path\" cannot be empty".to_owned());
    }
    Ok(PatchPath::parse(text).unwrap_or_else(|_| PatchPath::raw(text)))
}

/// A path under construction, as the builders take it; its first mistake is reported when the
/// operation is built. Made from a `&str` or `String` (parsed as an attribute path), an
/// [`AttrPath`], a [`PatchPath`], an [`Attr`], or by [`value_path`].
#[derive(Debug, Clone)]
pub struct PathSpec(Result<PatchPath, FilterError>);

/// `attr[filter]`: the values of a multi-valued attribute that match `filter`, such as
/// `members[value eq "2819c223"]`; add `.sub_attr("value")` to address one sub-attribute.
///
/// ```
/// use ringcentral_scim::filter::attr;
/// use ringcentral_scim::patch::value_path;
///
/// let path = value_path("emails", attr("type").eq("work")).sub_attr("value").build()?;
/// assert_eq!(path.to_string(), r#"emails[type eq "work"].value"#);
/// # Ok::<(), ringcentral_scim::filter::FilterError>(())
/// ```
pub fn value_path(attr: impl Into<Attr>, filter: impl Into<Expr>) -> PathSpec {
    let built = attr.into().matching(filter).build();
    PathSpec(built.map(|value_path| match value_path {
        Filter::ValuePath { path, filter } => PatchPath(Target::Filtered(path, *filter, None)),
        // `matching` builds nothing else.
        other => PatchPath::raw(other.to_string()),
    }))
}

impl PathSpec {
    /// The same path followed by `.name`: `emails[type eq "work"]` gives
    /// `emails[type eq "work"].value`, and `name` gives `name.givenName`.
    pub fn sub_attr(self, name: &str) -> PathSpec {
        PathSpec(self.0.and_then(|path| match path.0 {
            Target::Attr(attr) => attr.with_sub_attr(name).map(PatchPath::from),
            Target::Filtered(attr, filter, None) if AttrPath::is_valid_name(name) => {
                let sub_attr = Some(name.to_owned());
                Ok(PatchPath(Target::Filtered(attr, filter, sub_attr)))
            }
            other => Err(FilterError::InvalidAttrPath {
                path: format!("{}.{name}", PatchPath(other)),
                reason: "this path cannot take that sub-attribute",
            }),
        }))
    }

    /// The path, or the first error met while building it.
    pub fn build(self) -> Result<PatchPath, FilterError> {
        self.0
    }
}

macro_rules! path_specs {
    ($($t:ty => |$p:ident| $path:expr;)*) => {$(
        impl From<$t> for PathSpec {
            fn from($p: $t) -> Self {
                PathSpec($path)
            }
        }
    )*};
}

path_specs! {
    &str => |p| PatchPath::parse(p);
    String => |p| PatchPath::parse(&p);
    &String => |p| PatchPath::parse(p);
    AttrPath => |p| Ok(p.into());
    PatchPath => |p| Ok(p);
    Attr => |p| p.into_path().map(PatchPath::from);
}

/// One operation: `{"op": ..., "path": ..., "value": ...}`.
///
/// A `remove` always has a path (RFC 7644 answers one without it with `noTarget`), and an
/// `add` or `replace` always has a value: the constructors and the parser enforce both.
///
/// ```
/// use ringcentral_scim::patch::PatchOperation;
/// use serde_json::json;
///
/// let op = PatchOperation::replace("name.givenName", "Barbara")?;
/// let wire = json!({"op": "replace", "path": "name.givenName", "value": "Barbara"});
/// assert_eq!(serde_json::to_value(&op)?, wire);
/// let parsed: PatchOperation = serde_json::from_value(json!({"op": "Remove", "path": "title"}))?;
/// assert_eq!(parsed, PatchOperation::remove("title")?);
/// assert!(serde_json::from_value::<PatchOperation>(json!({"op": "remove"})).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatchOperation {
    op: PatchOp,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<PatchPath>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<Value>,
}

fn to_json(value: impl Serialize) -> Result<Value, PatchError> {
    serde_json::to_value(value).map_err(|e| PatchError::Value(e.to_string()))
}

impl PatchOperation {
    /// `add` of `value` at `path`.
    pub fn add(path: impl Into<PathSpec>, value: impl Serialize) -> Result<Self, PatchError> {
        Self::at(PatchOp::Add, path, Some(to_json(value)?))
    }

    /// `add` without a path: `value` is an object of attributes added to the resource.
    pub fn add_object(value: impl Serialize) -> Result<Self, PatchError> {
        Self::whole(PatchOp::Add, value)
    }

    /// `replace` of the value at `path` with `value`.
    pub fn replace(path: impl Into<PathSpec>, value: impl Serialize) -> Result<Self, PatchError> {
        Self::at(PatchOp::Replace, path, Some(to_json(value)?))
    }

    /// `replace` without a path: `value` is an object of attributes replaced in the resource.
    pub fn replace_object(value: impl Serialize) -> Result<Self, PatchError> {
        Self::whole(PatchOp::Replace, value)
    }

    /// `remove` of the value(s) at `path`.
    pub fn remove(path: impl Into<PathSpec>) -> Result<Self, PatchError> {
        Self::at(PatchOp::Remove, path, None)
    }

    fn at(
        op: PatchOp,
        path: impl Into<PathSpec>,
        value: Option<Value>,
    ) -> Result<Self, PatchError> {
        let path = Some(path.into().build()?);
        Ok(Self { op, path, value })
    }

    fn whole(op: PatchOp, value: impl Serialize) -> Result<Self, PatchError> {
        let value = Some(to_json(value)?).filter(Value::is_object);
        let (value, path) = (Some(value.ok_or(PatchError::NotAnObject)?), None);
        Ok(Self { op, path, value })
    }

    /// The kind of operation.
    pub fn op(&self) -> PatchOp {
        self.op
    }

    /// The target; always present for `remove`.
    pub fn path(&self) -> Option<&PatchPath> {
        self.path.as_ref()
    }

    /// The value; always present for `add` and `replace` (it may be JSON `null`).
    pub fn value(&self) -> Option<&Value> {
        self.value.as_ref()
    }

    /// The operation as a JSON object.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("op".to_owned(), Value::from(self.op.as_str()));
        if let Some(path) = &self.path {
            object.insert("path".to_owned(), Value::from(path.to_string()));
        }
        if let Some(value) = &self.value {
            object.insert("value".to_owned(), value.clone());
        }
        Value::Object(object)
    }

    fn from_json(object: &Map<String, Value>) -> Result<Self, String> {
        let op = match field(object, "op") {
            Some(Value::String(name)) => PatchOp::parse(name),
            _ => None,
        };
        let op = op.ok_or("\"op\" must be \"add\", \"replace\" or \"remove\" (in any case)")?;
        let path = match field(object, "path") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(path_from_text(text)?),
            Some(_) => return Err("\"path\" must be a string".to_owned()),
        };
        let value = field(object, "value").cloned();
        match (op, &path, &value) {
            (PatchOp::Remove, None, _) => {
                Err("noTarget: a remove operation needs a path (RFC 7644 §3.5.2.2)".to_owned())
            }
            (PatchOp::Add | PatchOp::Replace, _, None) => Err(format!("{op} needs a \"value\"")),
            (PatchOp::Add | PatchOp::Replace, None, Some(v)) if !v.is_object() => {
                Err(format!("{op} without a path needs an object \"value\""))
            }
            _ => Ok(Self { op, path, value }),
        }
    }
}

/// A member of a JSON object by name, ignoring ASCII case (SCIM names are case-insensitive).
fn field<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    let same = |(key, value): (&String, _)| key.eq_ignore_ascii_case(name).then_some(value);
    object.get(name).or_else(|| object.iter().find_map(same))
}

impl<'de> Deserialize<'de> for PatchOperation {
    /// Names and ops are read in any case; a `remove` without a path is refused (`noTarget`),
    /// as is an `add` or `replace` without a value.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::from_json(&Map::deserialize(deserializer)?).map_err(de::Error::custom)
    }
}

/// A PATCH request body: `{"schemas": [PATCH_OP_URN], "Operations": [...]}` with at least one
/// operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchRequest {
    operations: Vec<PatchOperation>,
}

impl PatchRequest {
    /// A builder that chains operations and reports the first error at [`PatchBuilder::build`].
    pub fn builder() -> PatchBuilder {
        PatchBuilder::default()
    }

    /// A request of these operations; there must be at least one.
    pub fn new(operations: Vec<PatchOperation>) -> Result<Self, PatchError> {
        if operations.is_empty() {
            return Err(PatchError::NoOperations);
        }
        Ok(Self { operations })
    }

    /// The operations, in order.
    pub fn operations(&self) -> &[PatchOperation] {
        &self.operations
    }

    /// The operations, by value.
    pub fn into_operations(self) -> Vec<PatchOperation> {
        self.operations
    }

    /// The request body as JSON.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("schemas".to_owned(), Value::from(vec![PATCH_OP_URN]));
        let operations = self.operations.iter().map(PatchOperation::to_json);
        object.insert("Operations".to_owned(), Value::Array(operations.collect()));
        Value::Object(object)
    }

    fn from_json(object: &Map<String, Value>) -> Result<Self, String> {
        let schemas = field(object, "schemas").and_then(Value::as_array);
        let urn = |s: &Value| {
            s.as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case(PATCH_OP_URN))
        };
        if !schemas.is_some_and(|schemas| schemas.iter().any(urn)) {
            return Err(format!(
                "a PATCH request needs \"schemas\": [\"{PATCH_OP_URN}\"]"
            ));
        }
        let Some(Value::Array(operations)) = field(object, "Operations") else {
            return Err("a PATCH request needs an \"Operations\" array".to_owned());
        };
        let operation = |(i, op): (usize, &Value)| {
            let op = op.as_object().ok_or_else(|| "not an object".to_owned());
            op.and_then(PatchOperation::from_json)
                .map_err(|e| format!("Operations[{i}]: {e}"))
        };
        let operations = operations
            .iter()
            .enumerate()
            .map(operation)
            .collect::<Result<_, _>>()?;
        Self::new(operations).map_err(|e| e.to_string())
    }
}

impl From<PatchRequest> for Value {
    fn from(request: PatchRequest) -> Self {
        request.to_json()
    }
}

impl Serialize for PatchRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("PatchRequest", 2)?;
        out.serialize_field("schemas", &[PATCH_OP_URN])?;
        out.serialize_field("Operations", &self.operations)?;
        out.end()
    }
}

impl<'de> Deserialize<'de> for PatchRequest {
    /// Needs `schemas` to list [`PATCH_OP_URN`] and at least one valid operation; member names
    /// and ops are read in any case.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::from_json(&Map::deserialize(deserializer)?).map_err(de::Error::custom)
    }
}

/// Builds a [`PatchRequest`] by chaining; the first error is kept and returned by
/// [`PatchBuilder::build`], and operations after it are ignored.
#[derive(Debug, Clone, Default)]
pub struct PatchBuilder {
    operations: Vec<PatchOperation>,
    error: Option<PatchError>,
}

impl PatchBuilder {
    /// Adds `value` at `path` (see [`PatchOperation::add`]).
    pub fn add(self, path: impl Into<PathSpec>, value: impl Serialize) -> Self {
        self.push(|| PatchOperation::add(path, value))
    }

    /// Adds the attributes of the object `value` to the resource (no path).
    pub fn add_object(self, value: impl Serialize) -> Self {
        self.push(|| PatchOperation::add_object(value))
    }

    /// Replaces the value at `path` with `value`.
    pub fn replace(self, path: impl Into<PathSpec>, value: impl Serialize) -> Self {
        self.push(|| PatchOperation::replace(path, value))
    }

    /// Replaces the attributes of the object `value` in the resource (no path).
    pub fn replace_object(self, value: impl Serialize) -> Self {
        self.push(|| PatchOperation::replace_object(value))
    }

    /// Removes the value(s) at `path`.
    pub fn remove(self, path: impl Into<PathSpec>) -> Self {
        self.push(|| PatchOperation::remove(path))
    }

    /// Appends an operation built beforehand.
    pub fn operation(self, operation: PatchOperation) -> Self {
        self.push(|| Ok(operation))
    }

    fn push(mut self, operation: impl FnOnce() -> Result<PatchOperation, PatchError>) -> Self {
        if self.error.is_none() {
            match operation() {
                Ok(operation) => self.operations.push(operation),
                Err(error) => self.error = Some(error),
            }
        }
        self
    }

    /// The request, or the first error met while building it.
    pub fn build(self) -> Result<PatchRequest, PatchError> {
        match self.error {
            Some(error) => Err(error),
            None => PatchRequest::new(self.operations),
        }
    }
}
