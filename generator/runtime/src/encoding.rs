//! Serialisation of parameters into paths, query strings, headers, cookies and form bodies.
//!
//! Every value goes through `serde_json::to_value` first: that gives one simple shape
//! (null, scalar, array, object) to lay out per OpenAPI style, whatever the Rust type.

use std::fmt::{self, Write as _};

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

/// How a query parameter is laid out (OpenAPI `style` and `explode`).
///
/// Used by generated code; users do not need it.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryStyle {
    /// `style: form`. Exploded arrays repeat `name=v` (an empty one adds nothing);
    /// exploded objects become `key=v` pairs. Otherwise arrays are `name=a,b` (empty:
    /// `name=`) and objects `name=k1,v1,k2,v2`.
    Form {
        /// Whether arrays and objects are spread over several pairs.
        explode: bool,
    },
    /// `style: spaceDelimited`: `name=a%20b`.
    SpaceDelimited,
    /// `style: pipeDelimited`: `name=a|b`.
    PipeDelimited,
    /// `style: deepObject`: `name[key]=v`, nested as `name[a][b]=v`.
    DeepObject,
    /// `content: {application/json: ...}`: the value as JSON text, `name={"a":1}` encoded.
    Json,
}

/// RFC 3986 unreserved characters stay as they are; everything else is encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Bytes a cookie value may not hold raw (RFC 6265 cookie-octet), plus `%` itself.
const COOKIE: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// Percent-encodes one query or form component.
pub(crate) fn component(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// Percent-encodes the bytes of a cookie name or value that a cookie may not contain.
pub(crate) fn cookie_text(text: &str) -> String {
    utf8_percent_encode(text, COOKIE).to_string()
}

/// Converts a value to JSON, reporting serde's message on failure.
pub(crate) fn to_json<V: Serialize + ?Sized>(value: &V) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| e.to_string())
}

/// The text of a scalar: strings raw, numbers and bools as JSON writes them; nested
/// arrays or objects (which no style defines) as compact JSON. `None` for null.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(_) | Value::Object(_) => Some(value.to_string()),
    }
}

/// The items of an array or the alternating keys and values of an object, as text.
/// Nulls are skipped.
fn flatten(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(scalar_text).collect(),
        Value::Object(map) => map
            .iter()
            .filter_map(|(k, v)| scalar_text(v).map(|v| [k.clone(), v]))
            .flatten()
            .collect(),
        other => scalar_text(other).into_iter().collect(),
    }
}

/// Starts a new pair in a `&`-separated list.
fn start_pair(out: &mut String) {
    if !out.is_empty() {
        out.push('&');
    }
}

/// Appends `text` percent-encoded as a query or form component.
fn push_component(out: &mut String, text: &str) {
    out.extend(utf8_percent_encode(text, COMPONENT));
}

/// Appends the encoded text of a non-null scalar (see [`scalar_text`]) without an
/// intermediate string for strings, bools and most numbers.
fn push_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => {}
        Value::String(s) => push_component(out, s),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let start = out.len();
            // Writing to a `String` cannot fail.
            let _ = write!(out, "{n}");
            // Numbers are digits, `-`, `.` and `e`; anything else is encoded as usual.
            let tail = out.get(start..).unwrap_or_default();
            if !tail
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
            {
                let tail = out.split_off(start);
                push_component(out, &tail);
            }
        }
        Value::Array(_) | Value::Object(_) => push_component(out, &value.to_string()),
    }
}

/// Appends `name=value` (both encoded) unless the value is null.
fn scalar_pair(out: &mut String, name: &str, value: &Value) {
    if !value.is_null() {
        start_pair(out);
        push_component(out, name);
        out.push('=');
        push_scalar(out, value);
    }
}

/// Appends the encoded `name=value` pairs of one query parameter to `out`, a query string
/// whose pairs are separated by `&`. Null values add nothing.
pub(crate) fn query_pairs(name: &str, value: &Value, style: QueryStyle, out: &mut String) {
    match (value, style) {
        (Value::Null, _) => {}
        (_, QueryStyle::Json) => {
            start_pair(out);
            push_component(out, name);
            out.push('=');
            push_component(out, &value.to_string());
        }
        (Value::Array(_) | Value::Object(_), QueryStyle::DeepObject) => {
            nested_pairs(&mut component(name), value, out);
        }
        (Value::Array(items), QueryStyle::Form { explode: true }) => {
            for item in items {
                scalar_pair(out, name, item);
            }
        }
        (Value::Object(map), QueryStyle::Form { explode: true }) => {
            for (k, v) in map {
                scalar_pair(out, k, v);
            }
        }
        (Value::Array(_) | Value::Object(_), _) => {
            let separator = match style {
                QueryStyle::SpaceDelimited => "%20",
                QueryStyle::PipeDelimited => "|",
                _ => ",",
            };
            start_pair(out);
            push_component(out, name);
            out.push('=');
            for (index, text) in flatten(value).iter().enumerate() {
                if index > 0 {
                    out.push_str(separator);
                }
                push_component(out, text);
            }
        }
        (scalar, _) => scalar_pair(out, name, scalar),
    }
}

/// Bracketed pairs for nested values: `prefix[key]=v`, arrays indexed `prefix[0]=v`,
/// appended `&`-separated to `out`. Used by deepObject queries and form bodies (the
/// layout Stripe and Rack expect). Nulls, empty arrays and empty objects add nothing.
/// `prefix` is already encoded; it is restored before returning.
fn nested_pairs(prefix: &mut String, value: &Value, out: &mut String) {
    let len = prefix.len();
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                // Writing to a `String` cannot fail.
                let _ = write!(prefix, "[{index}]");
                nested_pairs(prefix, item, out);
                prefix.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push('[');
                push_component(prefix, k);
                prefix.push(']');
                nested_pairs(prefix, v, out);
                prefix.truncate(len);
            }
        }
        scalar => {
            start_pair(out);
            out.push_str(prefix);
            out.push('=');
            push_scalar(out, scalar);
        }
    }
}

/// Encodes a body as `application/x-www-form-urlencoded`, nesting like Stripe:
/// `a[b]=1&a[c][0]=x`. The body must serialise to an object (or null, for an empty body).
pub(crate) fn form_body(value: &Value) -> Result<String, String> {
    let map = match value {
        Value::Object(map) => map,
        Value::Null => return Ok(String::new()),
        _ => return Err("a form body must serialise to an object".to_owned()),
    };
    let mut out = String::new();
    for (k, v) in map {
        nested_pairs(&mut component(k), v, &mut out);
    }
    Ok(out)
}

/// The text of a header parameter (`style: simple`): scalars as text, arrays `a,b`,
/// objects `k1,v1,k2,v2`. `None` for null.
pub(crate) fn header_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Array(_) | Value::Object(_) => Some(flatten(value).join(",")),
        scalar => scalar_text(scalar),
    }
}

/// One `name=value` cookie pair, or `None` for null. Arrays and objects are joined with
/// commas (`style: form`, not exploded) and then encoded like any value.
pub(crate) fn cookie_pair(name: &str, value: &Value) -> Option<String> {
    let text = header_text(value)?;
    Some(format!("{}={}", cookie_text(name), cookie_text(&text)))
}

/// A `multipart/form-data` request body (file uploads and the like).
///
/// Parts are encoded into one buffer with a random boundary when the call is built, so a
/// retried request resends exactly the same bytes.
#[derive(Clone, Default)]
#[must_use = "a form does nothing until it is given to a call"]
pub struct Multipart {
    parts: Vec<Part>,
    problem: Option<String>,
}

#[derive(Clone)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Bytes,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let data = Bytes::from(value.into());
        self.part(name.into(), None, None, data)
    }

    /// Adds a field holding `value` as JSON (`Content-Type: application/json`). A value
    /// that does not serialise makes the send fail with `Error::InvalidRequest`.
    pub fn json<V: Serialize + ?Sized>(mut self, name: impl Into<String>, value: &V) -> Self {
        match serde_json::to_vec(value) {
            Ok(json) => {
                let content_type = Some("application/json".to_owned());
                self.part(name.into(), None, content_type, Bytes::from(json))
            }
            Err(e) => {
                self.problem
                    .get_or_insert(format!("multipart field did not serialise: {e}"));
                self
            }
        }
    }

    /// Adds a file or binary field with its content type and optional file name.
    pub fn bytes(
        self,
        name: impl Into<String>,
        filename: Option<String>,
        content_type: impl Into<String>,
        data: Bytes,
    ) -> Self {
        self.part(name.into(), filename, Some(content_type.into()), data)
    }

    fn part(
        mut self,
        name: String,
        filename: Option<String>,
        content_type: Option<String>,
        data: Bytes,
    ) -> Self {
        if content_type
            .as_deref()
            .is_some_and(|t| t.chars().any(char::is_control))
        {
            self.problem
                .get_or_insert("a multipart content type has control characters".to_owned());
        }
        self.parts.push(Part {
            name,
            filename,
            content_type,
            data,
        });
        self
    }

    /// The encoded body and its `Content-Type` (with the boundary).
    pub(crate) fn encode(&self) -> Result<(Bytes, String), String> {
        if let Some(problem) = &self.problem {
            return Err(problem.clone());
        }
        let boundary = self.boundary();
        let mut out = Vec::new();
        for part in &self.parts {
            let mut head = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
                disposition_text(&part.name)
            );
            if let Some(filename) = &part.filename {
                head.push_str(&format!("; filename=\"{}\"", disposition_text(filename)));
            }
            head.push_str("\r\n");
            if let Some(content_type) = &part.content_type {
                head.push_str(&format!("Content-Type: {content_type}\r\n"));
            }
            head.push_str("\r\n");
            out.extend_from_slice(head.as_bytes());
            out.extend_from_slice(&part.data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Ok((
            Bytes::from(out),
            format!("multipart/form-data; boundary={boundary}"),
        ))
    }

    /// A random boundary that occurs in no part (checked, not just likely).
    fn boundary(&self) -> String {
        let mut candidate = String::new();
        for _ in 0..16 {
            let random: String = std::iter::repeat_with(fastrand::alphanumeric)
                .take(32)
                .collect();
            candidate = format!("----sdk-boundary-{random}");
            let needle = candidate.as_bytes();
            let clash = self.parts.iter().any(|part| {
                part.data
                    .windows(needle.len())
                    .any(|window| window == needle)
            });
            if !clash {
                break;
            }
        }
        candidate
    }
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for part in &self.parts {
            list.entry(&format_args!(
                "{:?} ({} bytes, {:?}, {:?})",
                part.name,
                part.data.len(),
                part.filename,
                part.content_type
            ));
        }
        list.finish()
    }
}

/// Escapes a field or file name for a quoted `Content-Disposition` parameter, the way
/// browsers do: `"`, CR and LF percent-encoded.
fn disposition_text(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query(name: &str, value: Value, style: QueryStyle) -> String {
        let mut out = String::new();
        query_pairs(name, &value, style, &mut out);
        out
    }

    #[test]
    fn query_styles_follow_the_openapi_table() {
        let form = QueryStyle::Form { explode: false };
        let exploded = QueryStyle::Form { explode: true };
        let arr = json!(["blue", "black", "brown"]);
        // Written in sorted order: with or without serde_json's `preserve_order` (which a
        // workspace may switch on) the members come out the same.
        let obj = json!({"G": 200, "R": 100});
        assert_eq!(query("color", json!("blue"), exploded), "color=blue");
        assert_eq!(query("color", arr.clone(), form), "color=blue,black,brown");
        assert_eq!(
            query("color", arr.clone(), exploded),
            "color=blue&color=black&color=brown"
        );
        assert_eq!(
            query("color", arr.clone(), QueryStyle::SpaceDelimited),
            "color=blue%20black%20brown"
        );
        assert_eq!(
            query("color", arr, QueryStyle::PipeDelimited),
            "color=blue|black|brown"
        );
        assert_eq!(query("color", obj.clone(), form), "color=G,200,R,100");
        assert_eq!(query("color", obj.clone(), exploded), "G=200&R=100");
        assert_eq!(
            query("color", obj, QueryStyle::DeepObject),
            "color[G]=200&color[R]=100"
        );
        assert_eq!(query("color", Value::Null, form), "");
        assert_eq!(
            query("q", json!("a b&c=d/é"), form),
            "q=a%20b%26c%3Dd%2F%C3%A9"
        );
        assert_eq!(query("flag", json!(true), form), "flag=true");
        assert_eq!(query("n", json!([-1.5, 2, null]), exploded), "n=-1.5&n=2");
        assert_eq!(query("xs", json!(["a,b", "c"]), form), "xs=a%2Cb,c");
        // `content: application/json`: one pair holding the JSON text.
        assert_eq!(
            query("where", json!({"G": [1, "x"]}), QueryStyle::Json),
            "where=%7B%22G%22%3A%5B1%2C%22x%22%5D%7D"
        );
        assert_eq!(
            query("where", json!("s"), QueryStyle::Json),
            "where=%22s%22"
        );
        assert_eq!(query("where", Value::Null, QueryStyle::Json), "");
    }

    #[test]
    fn form_bodies_nest_like_stripe() {
        let body = json!({
            "a": {"b": 1, "c": ["x", "y"]},
            "flag": false,
            "gone": null,
            "text": "hello world+more",
        });
        assert_eq!(
            form_body(&body).unwrap(),
            "a[b]=1&a[c][0]=x&a[c][1]=y&flag=false&text=hello%20world%2Bmore"
        );
        assert!(form_body(&json!([1])).is_err());
        assert_eq!(form_body(&Value::Null).unwrap(), "");
    }

    #[test]
    fn headers_and_cookies() {
        assert_eq!(header_text(&json!([1, 2])).as_deref(), Some("1,2"));
        assert_eq!(
            cookie_pair("s", &json!("a b;c")).as_deref(),
            Some("s=a%20b%3Bc")
        );
        assert_eq!(cookie_pair("s", &Value::Null), None);
    }

    #[test]
    fn multipart_layout() {
        let form = Multipart::new().text("note", "hi").bytes(
            "file",
            Some("a\"b.txt".into()),
            "text/plain",
            Bytes::from_static(b"data"),
        );
        let (body, content_type) = form.encode().unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%22b.txt\"\r\n\
             Content-Type: text/plain\r\n\r\ndata\r\n--{boundary}--\r\n"
        );
        assert_eq!(body, expected.as_bytes());
        let bad = Multipart::new().bytes("f", None, "text/plain\r\nX: y", Bytes::new());
        assert!(bad.encode().is_err());
    }
}
