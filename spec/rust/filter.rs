//! SCIM filter expressions (RFC 7644 §3.4.2.2) built from parts, so that a value can never be
//! mis-escaped into the filter text.
//!
//! Attribute paths are checked against RFC 7643 §2.1, values are written as JSON (RFC 8259)
//! literals, and `and`, `or` and `not` get parentheses exactly where their precedence needs them.
//! [`attr`] starts a condition; any mistake (a bad attribute name, a NaN) is kept and reported
//! once, by [`Expr::build`].
//!
//! ```
//! use ringcentral_scim::filter::{attr, not};
//!
//! let filter = attr("userName").eq("bjensen").and(not(attr("title").co("\"x\""))).build()?;
//! assert_eq!(filter.to_string(), r#"userName eq "bjensen" and not (title co "\"x\"")"#);
//! # Ok::<(), ringcentral_scim::filter::FilterError>(())
//! ```

use std::fmt;
use std::str::FromStr;

use serde_json::{Number, Value};

/// Why a filter, an attribute path or a filter value could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterError {
    /// The attribute path is not `[URN ":"] ATTRNAME ["." ATTRNAME]` (RFC 7644 §3.10).
    InvalidAttrPath {
        /// The path as given.
        path: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A number was NaN or infinite, which JSON cannot carry.
    NonFiniteNumber,
    /// A value cannot be used: a date-time not in RFC 3339 form, or a JSON array or object.
    InvalidValue(String),
    /// A value filter (`emails[...]`) contained another value filter, which the grammar forbids.
    NestedValuePath,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidAttrPath { path, reason } => {
                write!(f, "invalid attribute path {:?}: {reason}", shorten(path))
            }
            Self::NonFiniteNumber => f.write_str("a SCIM filter value cannot be NaN or infinite"),
            Self::InvalidValue(why) => write!(f, "invalid SCIM filter value: {why}"),
            Self::NestedValuePath => f.write_str("a value filter cannot contain a value filter"),
        }
    }
}

impl std::error::Error for FilterError {}

/// At most 80 characters of user input in an error message.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_owned(),
    }
}

const NAME_RULE: &str = "names are ALPHA *(ALPHA / DIGIT / \"-\" / \"_\"), optionally after \"$\", \
                         with at most one sub-attribute after a dot";

fn bad_path(path: &str, reason: &'static str) -> FilterError {
    let path = path.to_owned();
    FilterError::InvalidAttrPath { path, reason }
}

/// An attribute path: `userName`, `name.familyName`, or URN-qualified such as
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
///
/// Always valid: every constructor checks it. Names are `ALPHA *("-" / "_" / DIGIT / ALPHA)`
/// (RFC 7643 §2.1), optionally after a `$` so that `$ref` is accepted; a URN is `urn:`
/// followed by `:`-separated segments of ASCII letters, digits, `.`, `_` and `-`.
///
/// ```
/// use ringcentral_scim::filter::AttrPath;
///
/// let path = AttrPath::parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")?;
/// assert_eq!(path.urn(), Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
/// assert_eq!((path.name(), path.sub_attr()), ("manager", Some("value")));
/// assert!(AttrPath::parse("user name").is_err());
/// # Ok::<(), ringcentral_scim::filter::FilterError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttrPath {
    urn: Option<String>,
    name: String,
    sub_attr: Option<String>,
}

impl AttrPath {
    /// Parses and checks `[URN ":"] name ["." subName]`.
    pub fn parse(path: &str) -> Result<Self, FilterError> {
        // Checked first: a quoted value inside the brackets may hold a ":".
        if path.contains('[') {
            return Err(bad_path(
                path,
                "a filtered path such as `emails[type eq \"work\"].value` is not parsed from text: \
                 in a filter write `attr(\"emails\").matching(..)`, in a PATCH path \
                 `patch::value_path(..)`",
            ));
        }
        let (urn, rest) = match path.rsplit_once(':') {
            Some((urn, rest)) if is_valid_urn(urn) => (Some(urn), rest),
            Some(_) => return Err(bad_path(path, "the part before the last \":\" is no URN")),
            None => (None, path),
        };
        let (name, sub_attr) = match rest.split_once('.') {
            Some((name, sub)) => (name, Some(sub)),
            None => (rest, None),
        };
        if !Self::is_valid_name(name) || sub_attr.is_some_and(|s| !Self::is_valid_name(s)) {
            return Err(bad_path(path, NAME_RULE));
        }
        Ok(Self {
            urn: urn.map(str::to_owned),
            name: name.to_owned(),
            sub_attr: sub_attr.map(str::to_owned),
        })
    }

    /// This path with a sub-attribute: `name` + `familyName` gives `name.familyName`.
    pub fn with_sub_attr(self, sub_attr: &str) -> Result<Self, FilterError> {
        if self.sub_attr.is_some() || !Self::is_valid_name(sub_attr) {
            return Err(bad_path(&format!("{self}.{sub_attr}"), NAME_RULE));
        }
        let sub_attr = Some(sub_attr.to_owned());
        Ok(Self { sub_attr, ..self })
    }

    /// Whether `name` is `ATTRNAME` of RFC 7643 §2.1, or `$` + `ATTRNAME` (as in `$ref`).
    pub fn is_valid_name(name: &str) -> bool {
        let mut chars = name.strip_prefix('$').unwrap_or(name).chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    }

    /// The schema URN, when the path is qualified by one.
    pub fn urn(&self) -> Option<&str> {
        self.urn.as_deref()
    }

    /// The attribute name (after the URN, before the dot).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The sub-attribute name, after the dot.
    pub fn sub_attr(&self) -> Option<&str> {
        self.sub_attr.as_deref()
    }
}

fn is_valid_urn(urn: &str) -> bool {
    let segment = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_alphanumeric())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    };
    urn.split_once(':').is_some_and(|(scheme, rest)| {
        scheme.eq_ignore_ascii_case("urn") && rest.split(':').all(segment)
    })
}

impl fmt::Display for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(urn) = &self.urn {
            write!(f, "{urn}:")?;
        }
        f.write_str(&self.name)?;
        match &self.sub_attr {
            Some(sub) => write!(f, ".{sub}"),
            None => Ok(()),
        }
    }
}

impl FromStr for AttrPath {
    type Err = FilterError;
    fn from_str(path: &str) -> Result<Self, FilterError> {
        Self::parse(path)
    }
}

macro_rules! compare_ops {
    ($($op:ident $method:ident $doc:literal,)*) => {
        /// A comparison operator of RFC 7644 §3.4.2.2 (`pr` is [`Filter::Present`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum CompareOp {
            $(#[doc = concat!("`", stringify!($method), "`: ", $doc, ".")] $op,)*
        }

        impl CompareOp {
            /// Every operator, in the RFC's order.
            pub const ALL: [CompareOp; 9] = [$(Self::$op),*];

            /// The operator as written in a filter, lowercase: `"eq"`.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$op => stringify!($method),)* }
            }
        }

        impl Attr {$(
            #[doc = concat!("`path ", stringify!($method), " value`: ", $doc, ".")]
            pub fn $method(self, value: impl IntoFilterValue) -> Expr {
                self.compare(CompareOp::$op, value)
            }
        )*}
    };
}

compare_ops! {
    Eq eq "equal (strings compare case-insensitively unless the attribute is caseExact)",
    Ne ne "not equal",
    Co co "contains",
    Sw sw "starts with",
    Ew ew "ends with",
    Gt gt "greater than",
    Ge ge "greater than or equal",
    Lt lt "less than",
    Le le "less than or equal",
}

impl fmt::Display for CompareOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value compared against: a JSON string, finite number, boolean or null.
///
/// Written by serde_json, so a string always stays one JSON string literal whatever it holds
/// (quotes, backslashes and control characters are escaped as RFC 8259 says).
///
/// ```
/// use ringcentral_scim::filter::FilterValue;
///
/// assert_eq!(FilterValue::from("a\"b\n").to_string(), r#""a\"b\n""#);
/// assert_eq!(FilterValue::number(2.5)?.to_string(), "2.5");
/// assert!(FilterValue::number(f64::NAN).is_err());
/// assert!(FilterValue::date_time("2011-05-13T04:42:34Z").is_ok());
/// # Ok::<(), ringcentral_scim::filter::FilterError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterValue(Value);

impl FilterValue {
    /// The JSON `null`.
    pub fn null() -> Self {
        Self(Value::Null)
    }

    /// A floating-point number; NaN and the infinities are refused.
    pub fn number(number: f64) -> Result<Self, FilterError> {
        let number = Number::from_f64(number).ok_or(FilterError::NonFiniteNumber)?;
        Ok(Self(Value::Number(number)))
    }

    /// A `dateTime` value in RFC 3339 form, as SCIM writes them (`2011-05-13T04:42:34Z`,
    /// `2011-05-13T04:42:34.5+02:00`): its shape is checked, and it is written as a string.
    pub fn date_time(text: &str) -> Result<Self, FilterError> {
        if !is_rfc3339(text) {
            let why = format!("{:?} is not an RFC 3339 date-time", shorten(text));
            return Err(FilterError::InvalidValue(why));
        }
        Ok(Self(Value::String(text.to_owned())))
    }

    /// The value as JSON.
    pub fn as_json(&self) -> &Value {
        &self.0
    }
}

/// `2011-05-13T04:42:34`, an optional `.fraction`, then `Z` or `+hh:mm` / `-hh:mm`.
fn is_rfc3339(text: &str) -> bool {
    // `0` in a template stands for a digit; other bytes match themselves, ignoring case.
    let shaped = |text: &str, template: &str| {
        text.len() >= template.len()
            && text.bytes().zip(template.bytes()).all(|(c, t)| match t {
                b'0' => c.is_ascii_digit(),
                _ => c.eq_ignore_ascii_case(&t),
            })
    };
    let two = |text: &str, at: usize| text.get(at..at + 2).and_then(|d| d.parse().ok());
    let upto = |text: &str, at: usize, min: u32, max: u32| {
        two(text, at).is_some_and(|n| (min..=max).contains(&n))
    };
    let date = shaped(text, "0000-00-00T00:00:00") && upto(text, 5, 1, 12) && upto(text, 8, 1, 31);
    let time = upto(text, 11, 0, 23) && upto(text, 14, 0, 59) && upto(text, 17, 0, 60);
    let Some(mut rest) = text.get(19..).filter(|_| date && time) else {
        return false;
    };
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        rest = fraction.get(digits..).filter(|_| digits > 0).unwrap_or("!");
    }
    rest.eq_ignore_ascii_case("z")
        || (rest.len() == 6
            && (shaped(rest, "+00:00") || shaped(rest, "-00:00"))
            && upto(rest, 1, 0, 23)
            && upto(rest, 4, 0, 59))
}

impl fmt::Display for FilterValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // serde_json writes the RFC 8259 literal; only the formatter itself can fail here.
        fmt::Display::fmt(&self.0, f)
    }
}

macro_rules! values_from {
    ($($t:ty => |$v:ident| $json:expr;)*) => {$(
        impl From<$t> for FilterValue {
            fn from($v: $t) -> Self {
                Self($json)
            }
        }
    )*};
}

values_from! {
    &str => |v| Value::String(v.to_owned());
    String => |v| Value::String(v);
    &String => |v| Value::String(v.clone());
    bool => |v| Value::Bool(v);
    Number => |v| Value::Number(v);
    i8 => |v| Value::Number(v.into()); i16 => |v| Value::Number(v.into());
    i32 => |v| Value::Number(v.into()); i64 => |v| Value::Number(v.into());
    isize => |v| Value::Number(v.into()); u8 => |v| Value::Number(v.into());
    u16 => |v| Value::Number(v.into()); u32 => |v| Value::Number(v.into());
    u64 => |v| Value::Number(v.into()); usize => |v| Value::Number(v.into());
}

impl TryFrom<Value> for FilterValue {
    type Error = FilterError;
    fn try_from(value: Value) -> Result<Self, FilterError> {
        match value {
            Value::Array(_) | Value::Object(_) => Err(FilterError::InvalidValue(
                "filters compare strings, numbers, booleans or null, not arrays or objects".into(),
            )),
            scalar => Ok(Self(scalar)),
        }
    }
}

/// What a comparison takes as its value: strings, integers, booleans, [`FilterValue`], and
/// `f64` or `Result<FilterValue, FilterError>`, whose error [`Expr::build`] reports.
pub trait IntoFilterValue {
    /// The value, or why it cannot be one.
    fn into_filter_value(self) -> Result<FilterValue, FilterError>;
}

impl<T: Into<FilterValue>> IntoFilterValue for T {
    fn into_filter_value(self) -> Result<FilterValue, FilterError> {
        Ok(self.into())
    }
}

impl IntoFilterValue for f64 {
    fn into_filter_value(self) -> Result<FilterValue, FilterError> {
        FilterValue::number(self)
    }
}

impl IntoFilterValue for Result<FilterValue, FilterError> {
    fn into_filter_value(self) -> Result<FilterValue, FilterError> {
        self
    }
}

/// A filter expression tree; [`Display`](fmt::Display) writes its text.
///
/// Built by [`attr`] and [`Expr`], or directly from the variants (their leaves,
/// [`AttrPath`] and [`FilterValue`], are valid by construction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// `path op value`, such as `userName eq "bjensen"`.
    Compare {
        /// The attribute compared.
        path: AttrPath,
        /// The operator.
        op: CompareOp,
        /// The value compared against.
        value: FilterValue,
    },
    /// `path pr`: the attribute has a value.
    Present(AttrPath),
    /// `path[filter]`: some value of a multi-valued complex attribute matches, such as
    /// `emails[type eq "work" and primary eq true]`.
    ValuePath {
        /// The complex attribute.
        path: AttrPath,
        /// The condition on its values, with paths relative to it.
        filter: Box<Filter>,
    },
    /// `not (filter)`.
    Not(Box<Filter>),
    /// `left and right`.
    And(Box<Filter>, Box<Filter>),
    /// `left or right`.
    Or(Box<Filter>, Box<Filter>),
    /// Filter text used as given, unchecked; parenthesized when combined with others.
    Raw(String),
}

impl Filter {
    /// Filter text used as it is, without any check (for filters you already have as text).
    pub fn raw(text: impl Into<String>) -> Self {
        Self::Raw(text.into())
    }

    /// `self and other`.
    pub fn and(self, other: Filter) -> Self {
        Self::And(Box::new(self), Box::new(other))
    }

    /// `self or other`.
    pub fn or(self, other: Filter) -> Self {
        Self::Or(Box::new(self), Box::new(other))
    }

    /// The binding strength: `or` < `and` < everything else; raw text is always grouped.
    fn precedence(&self) -> u8 {
        match self {
            Self::Raw(_) => 0,
            Self::Or(..) => 1,
            Self::And(..) => 2,
            _ => 3,
        }
    }

    /// Writes `self`, in parentheses when it binds less tightly than `min`.
    fn write(&self, f: &mut fmt::Formatter<'_>, min: u8) -> fmt::Result {
        if self.precedence() < min {
            return write!(f, "({})", At(self, 0));
        }
        match self {
            Self::Compare { path, op, value } => write!(f, "{path} {op} {value}"),
            Self::Present(path) => write!(f, "{path} pr"),
            Self::ValuePath { path, filter } => write!(f, "{path}[{}]", At(filter, 0)),
            Self::Not(inner) => write!(f, "not ({})", At(inner, 0)),
            // Both are left-associative: a right operand of the same operator is grouped, so
            // that the text reads back as the same tree.
            Self::And(left, right) => write!(f, "{} and {}", At(left, 2), At(right, 3)),
            Self::Or(left, right) => write!(f, "{} or {}", At(left, 1), At(right, 2)),
            Self::Raw(text) => f.write_str(text),
        }
    }
}

/// A filter written where operators binding less tightly than `.1` need parentheses.
struct At<'a>(&'a Filter, u8);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write(f, self.1)
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, 0)
    }
}

impl std::ops::Not for Filter {
    type Output = Filter;
    fn not(self) -> Filter {
        Filter::Not(Box::new(self))
    }
}

impl From<Filter> for String {
    fn from(filter: Filter) -> Self {
        filter.to_string()
    }
}

/// The start of a condition on an attribute; its path is checked when the filter is built.
///
/// ```
/// use ringcentral_scim::filter::attr;
///
/// let work = attr("emails").matching(attr("type").eq("work").and(attr("primary").eq(true)));
/// assert_eq!(work.build()?.to_string(), r#"emails[type eq "work" and primary eq true]"#);
/// assert!(attr("e mails").pr().build().is_err());
/// # Ok::<(), ringcentral_scim::filter::FilterError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Attr(Result<AttrPath, FilterError>);

/// A condition on the attribute at `path` (`userName`, `name.familyName`, or URN-qualified).
pub fn attr(path: &str) -> Attr {
    Attr(AttrPath::parse(path))
}

/// `not (filter)`.
pub fn not(filter: impl Into<Expr>) -> Expr {
    !filter.into()
}

impl From<&str> for Attr {
    fn from(path: &str) -> Self {
        attr(path)
    }
}

impl From<AttrPath> for Attr {
    fn from(path: AttrPath) -> Self {
        Attr(Ok(path))
    }
}

impl Attr {
    /// `path op value` for any operator.
    pub fn compare(self, op: CompareOp, value: impl IntoFilterValue) -> Expr {
        Expr(self.0.and_then(|path| {
            let value = value.into_filter_value()?;
            Ok(Filter::Compare { path, op, value })
        }))
    }

    /// `path pr`: the attribute has a value.
    pub fn pr(self) -> Expr {
        Expr(self.0.map(Filter::Present))
    }

    /// `path[filter]`: a value of this multi-valued complex attribute matches `filter`, whose
    /// paths are relative to it. The path cannot have a sub-attribute, and `filter` cannot hold
    /// another value filter.
    pub fn matching(self, filter: impl Into<Expr>) -> Expr {
        let filter = filter.into().0;
        let built = self
            .0
            .and_then(|path| match (path.sub_attr.is_some(), filter?) {
                (true, _) => Err(bad_path(
                    &path.to_string(),
                    "a value filter applies to an attribute, not a sub-attribute",
                )),
                (false, inner) if contains_value_path(&inner) => Err(FilterError::NestedValuePath),
                (false, inner) => Ok(Filter::ValuePath {
                    path,
                    filter: Box::new(inner),
                }),
            });
        Expr(built)
    }

    /// The checked path.
    pub fn into_path(self) -> Result<AttrPath, FilterError> {
        self.0
    }
}

fn contains_value_path(filter: &Filter) -> bool {
    match filter {
        Filter::ValuePath { .. } => true,
        Filter::Not(inner) => contains_value_path(inner),
        Filter::And(l, r) | Filter::Or(l, r) => contains_value_path(l) || contains_value_path(r),
        Filter::Compare { .. } | Filter::Present(_) | Filter::Raw(_) => false,
    }
}

/// A filter under construction; the first mistake in it is reported by [`Expr::build`].
#[derive(Debug, Clone)]
pub struct Expr(Result<Filter, FilterError>);

impl Expr {
    /// `self and other`.
    pub fn and(self, other: impl Into<Expr>) -> Expr {
        let other = other.into().0;
        Expr(self.0.and_then(|left| Ok(left.and(other?))))
    }

    /// `self or other`.
    pub fn or(self, other: impl Into<Expr>) -> Expr {
        let other = other.into().0;
        Expr(self.0.and_then(|left| Ok(left.or(other?))))
    }

    /// The filter, or the first error met while building it.
    pub fn build(self) -> Result<Filter, FilterError> {
        self.0
    }
}

impl std::ops::Not for Expr {
    type Output = Expr;
    fn not(self) -> Expr {
        Expr(self.0.map(|inner| !inner))
    }
}

impl From<Filter> for Expr {
    fn from(filter: Filter) -> Self {
        Expr(Ok(filter))
    }
}
