//! Where a call goes: path parameters filled into the operation's template, and the URL
//! built from the client's base URL.
//!
//! `Url` parses every character it is given (about 65 instructions each), and that parse was
//! the largest cost the SDK added to a small request. So the fixed beginning of each
//! template (`/scim/v2/Users` of `/scim/v2/Users/{id}`) is parsed once per client and kept;
//! a call copies it and has `Url` parse only the segments that follow.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::RwLock;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Url;

use super::core::ClientCore;

/// What a path segment keeps as it is besides ASCII letters and digits: RFC 3986's unreserved
/// marks, the sub-delimiters, `:` and `@` (so SCIM URNs keep their colons). Everything else
/// (`/ ? # % [ ] { }`, space, non-ASCII) is percent-encoded. The one list both forms below
/// are made from.
const KEPT_MARKS: &[u8] = b"-._~!$&'()*+,;=:@";

/// The bytes a path segment encodes, for the encoder.
const PATH_SEGMENT: &AsciiSet = &{
    let mut set = NON_ALPHANUMERIC.union(AsciiSet::EMPTY);
    let mut index = 0;
    while index < KEPT_MARKS.len() {
        set = set.remove(KEPT_MARKS[index]);
        index += 1;
    }
    set
};

/// Whether a path segment keeps `byte` as it is: ASCII letters and digits and
/// [`KEPT_MARKS`] (a test checks the two agree, and both against the encoder). Comparisons
/// rather than a table, so that [`all_bytes`] can test 16 bytes at a time.
#[inline(always)]
const fn kept_in_segment(byte: u8) -> bool {
    let letter = (byte | 0x20).wrapping_sub(b'a') < 26;
    // `&` to `;`: `&'()*+,-./`, the digits, `:` and `;`, less `/`.
    let run = (byte.wrapping_sub(b'&') <= b';' - b'&') & (byte != b'/');
    letter
        | run
        | (byte == b'!')
        | (byte == b'$')
        | (byte == b'=')
        | (byte == b'@')
        | (byte == b'_')
        | (byte == b'~')
}

/// Whether `test` holds for every byte of `text`. Without an early exit, so the compiler
/// vectorises it: ids and paths are a few dozen bytes, and a branch per byte was a
/// noticeable share of building a request.
#[inline(always)]
fn all_bytes(text: &[u8], test: impl Fn(u8) -> bool) -> bool {
    text.iter().fold(true, |all, &byte| all & test(byte))
}

/// What [`fill_placeholder`] made of a path parameter.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Filled {
    /// The path with the value in place, and whether a `{` of another placeholder is
    /// still in it (known here for free, as the whole path was read).
    Path {
        path: String,
        placeholders_left: bool,
    },
    /// The value is empty, `.` or `..`, which URL parsers would drop or climb over.
    Refused,
    /// The path has no such placeholder.
    NoPlaceholder,
}

/// A path parameter's value: text as it is, or anything else through its `Display`.
#[derive(Clone, Copy)]
pub(crate) enum PathValue<'a> {
    /// Copied as it is: string parameters, most of all ids, skip the formatting machinery
    /// (a few hundred instructions a call).
    Text(&'a str),
    Display(&'a dyn fmt::Display),
}

impl PathValue<'_> {
    fn write_to(self, out: &mut String) {
        match self {
            PathValue::Text(text) => out.push_str(text),
            // A failing `Display` (`to_string` would panic) just leaves what it wrote.
            PathValue::Display(value) => {
                let _ = write!(out, "{value}");
            }
        }
    }
}

/// Replaces every `{name}` in `path` with `value` percent-encoded as one path segment,
/// writing it straight into the new path.
pub(crate) fn fill_placeholder(path: &str, name: &str, value: PathValue<'_>) -> Filled {
    let refused = |segment: &str| matches!(segment, "" | "." | "..");
    let mut out = String::with_capacity(path.len() + 48);
    let mut found = false;
    let mut placeholders_left = false;
    let mut rest = path;
    // A byte loop: templates are short, and `split_once` sets up a `memchr` search per call.
    while let Some(brace) = rest.bytes().position(|b| b == b'{') {
        let (before, after) = (
            rest.get(..brace).unwrap_or_default(),
            rest.get(brace + 1..).unwrap_or_default(),
        );
        out.push_str(before);
        match after
            .strip_prefix(name)
            .and_then(|tail| tail.strip_prefix('}'))
        {
            Some(tail) => {
                let start = out.len();
                value.write_to(&mut out);
                if !all_bytes(&out.as_bytes()[start..], kept_in_segment) {
                    let raw = out.split_off(start);
                    out.extend(utf8_percent_encode(&raw, PATH_SEGMENT));
                }
                // `.` is never encoded and everything else encodes to something else, so
                // the encoded segment is refused exactly when the value is.
                if out.get(start..).is_none_or(refused) {
                    return Filled::Refused;
                }
                found = true;
                rest = tail;
            }
            None => {
                out.push('{');
                placeholders_left = true;
                rest = after;
            }
        }
    }
    if !found {
        // The refusal wins, as the value is checked before the path.
        let mut text = String::new();
        value.write_to(&mut text);
        return if refused(&text) {
            Filled::Refused
        } else {
            Filled::NoPlaceholder
        };
    }
    out.push_str(rest);
    Filled::Path {
        path: out,
        placeholders_left,
    }
}

/// The part of `template` no parameter changes: up to the `/` before its first `{`, or all
/// of it.
fn fixed_part(template: &str) -> &str {
    match template.find('{') {
        Some(brace) => {
            let before = template.get(..brace).unwrap_or_default();
            before
                .rfind('/')
                .and_then(|slash| before.get(..slash))
                .unwrap_or_default()
        }
        None => template,
    }
}

/// What may follow the fixed part of a path and still be appended segment by segment:
/// printable ASCII, which `Url`'s setters and its parser treat alike (a setter encodes `?`
/// and `#`, and keeps spaces and control characters), less `\` and `%` (appending a
/// segment encodes it).
#[inline(always)]
const fn plain_in_segments(byte: u8) -> bool {
    printable(byte) & (byte != b'?') & (byte != b'#') & (byte != b'\\') & (byte != b'%')
}

/// What a query may hold and still be set rather than parsed.
#[inline(always)]
const fn plain_in_query(byte: u8) -> bool {
    printable(byte) & (byte != b'#')
}

#[inline(always)]
const fn printable(byte: u8) -> bool {
    byte.wrapping_sub(0x21) < 0x7f - 0x21
}

/// A cache key for a template: its address and length. Templates are the SDK's own
/// `&'static str`s, so the same address always holds the same text (the same text at two
/// addresses just gets two entries), and hashing two words costs less than hashing the text.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct TemplateKey(usize, usize);

impl TemplateKey {
    fn of(template: &'static str) -> Self {
        TemplateKey(template.as_ptr() as usize, template.len())
    }
}

/// A hasher for [`TemplateKey`]s (multiply and rotate, like rustc's FxHash): std's SipHash
/// guards against keys an attacker chooses, and these are the SDK's own templates.
#[derive(Default)]
struct TemplateHasher(u64);

impl Hasher for TemplateHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_usize(&mut self, word: usize) {
        self.write_u64(word as u64);
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// A template's fixed part as [`Prefixes`] keeps it: how long its text is and, parsed with
/// the base URL in front, the URL it stands for, or `None` where that part does not parse
/// back to its own text (then the whole URL is parsed, as before the cache existed).
#[derive(Clone)]
struct Prefix {
    fixed_len: usize,
    url: Option<Url>,
}

/// The parsed fixed part of each template used so far.
#[derive(Default)]
pub(crate) struct Prefixes(
    RwLock<HashMap<TemplateKey, Prefix, BuildHasherDefault<TemplateHasher>>>,
);

impl Clone for Prefixes {
    fn clone(&self) -> Self {
        let copied = self.0.read().map(|map| map.clone()).unwrap_or_default();
        Prefixes(RwLock::new(copied))
    }
}

impl Prefixes {
    /// What `read` makes of the fixed part of `template` (parsed with the base URL in front
    /// now if it is new), under the cache's lock: the caller copies the URL only when it
    /// will use it.
    fn read<R>(
        &self,
        base_url: &str,
        template: &'static str,
        read: impl FnOnce(&Prefix) -> R,
    ) -> R {
        let key = TemplateKey::of(template);
        if let Ok(map) = self.0.read()
            && let Some(known) = map.get(&key)
        {
            return read(known);
        }
        let fixed = fixed_part(template);
        let text = [base_url, fixed].concat();
        // Only a prefix that parses back to itself (give or take the `/` of an empty path)
        // can stand for its text: the parser may rewrite `.` segments, `\` or case.
        let url = Url::parse(&text).ok().filter(|url| {
            url.as_str() == text
                || (url.path() == "/" && url.as_str().strip_suffix('/') == Some(&text))
        });
        let prefix = Prefix {
            fixed_len: fixed.len(),
            url,
        };
        let result = read(&prefix);
        if let Ok(mut map) = self.0.write() {
            map.insert(key, prefix);
        }
        result
    }
}

impl ClientCore {
    /// The URL of a request: `base_url`, then `path` (already percent-encoded, starting
    /// with `/`), then `query` (encoded `name=value` pairs joined with `&`) if not empty.
    /// `template` is the operation's path template, which `path` was filled in from.
    ///
    /// The result is always that of parsing the concatenated text. Plain input takes a copy
    /// of the template's parsed fixed part and appends the remaining segments, each of which
    /// `Url` parses as it would inside the whole path; anything else (a path from a `Link`
    /// header that does not start with the fixed part, dot segments, spaces, `\`, a value
    /// that needed percent-encoding) is parsed whole.
    pub(crate) fn url(
        &self,
        template: &'static str,
        path: &str,
        query: &str,
    ) -> Result<Url, String> {
        if let Some(url) = self.url_from_prefix(template, path, query) {
            return Ok(url);
        }
        let mut text = [self.base_url.as_str(), path].concat();
        if !query.is_empty() {
            text.push('?');
            text.push_str(query);
        }
        Url::parse(&text).map_err(|e| e.to_string())
    }

    fn url_from_prefix(&self, template: &'static str, path: &str, query: &str) -> Option<Url> {
        let (mut url, segments) = self.prefixes.read(&self.base_url, template, |prefix| {
            let rest = path.strip_prefix(template.get(..prefix.fixed_len)?)?;
            let segments = match rest.strip_prefix('/') {
                Some(segments) => Some(segments),
                None if rest.is_empty() => None,
                None => return None,
            };
            if !all_bytes(rest.as_bytes(), plain_in_segments)
                || !all_bytes(query.as_bytes(), plain_in_query)
            {
                return None;
            }
            // Dot segments would climb (`%2e` is one too, but `%` was refused above).
            if rest.contains("/.") && rest.split('/').any(|segment| matches!(segment, "." | "..")) {
                return None;
            }
            Some((prefix.url.clone()?, segments))
        })?;
        if let Some(segments) = segments {
            url.path_segments_mut().ok()?.extend(segments.split('/'));
        }
        if !query.is_empty() {
            url.set_query(Some(query));
        }
        Some(url)
    }

    /// `url`'s path (below the base URL's) and query, if `url` is on the base URL: same
    /// scheme, host and port, and a path inside the base path.
    pub(crate) fn relative(&self, url: &str) -> Option<(String, String)> {
        let base = Url::parse(&self.base_url).ok()?;
        let target = base.join(url).ok()?;
        if target.origin() != base.origin() {
            return None;
        }
        let prefix = base.path().trim_end_matches('/');
        let path = target.path().strip_prefix(prefix)?;
        if !(path.is_empty() || path.starts_with('/')) {
            return None;
        }
        Some((
            path.to_owned(),
            target.query().unwrap_or_default().to_owned(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::core::CoreBuilder;

    #[test]
    fn kept_bytes_are_those_the_encoder_keeps() {
        for byte in 0..=127u8 {
            let text = char::from(byte).to_string();
            let encoded = utf8_percent_encode(&text, PATH_SEGMENT).to_string();
            let listed = byte.is_ascii_alphanumeric() || KEPT_MARKS.contains(&byte);
            assert_eq!(kept_in_segment(byte), encoded == text, "byte {byte}");
            assert_eq!(kept_in_segment(byte), listed, "byte {byte}");
        }
        assert!(!(128..=255u8).any(kept_in_segment));
    }

    #[test]
    fn plain_bytes_are_printable_ascii_less_those_url_treats_apart() {
        for byte in 0..=255u8 {
            let printable = (0x21..0x7f).contains(&byte);
            assert_eq!(
                plain_in_segments(byte),
                printable && !b"?#\\%".contains(&byte),
                "byte {byte}"
            );
            assert_eq!(
                plain_in_query(byte),
                printable && byte != b'#',
                "byte {byte}"
            );
        }
        assert!(all_bytes(b"", kept_in_segment));
        assert!(all_bytes(b"urn:a:b-c.d~e", kept_in_segment));
        assert!(!all_bytes(
            b"0123456789abcdef0123456789abcdef/",
            kept_in_segment
        ));
    }

    #[test]
    fn fixed_parts_end_before_the_first_parameter_segment() {
        assert_eq!(fixed_part("/scim/v2/Users/{id}"), "/scim/v2/Users");
        assert_eq!(fixed_part("/scim/v2/Users"), "/scim/v2/Users");
        assert_eq!(fixed_part("/{id}"), "");
        assert_eq!(fixed_part("/a/b{id}.json/c"), "/a");
        assert_eq!(fixed_part("/a//{id}"), "/a/");
        assert_eq!(fixed_part("{id}"), "");
    }

    #[test]
    fn urls_match_parsing_the_concatenated_text() {
        let bases = [
            "https://a.example",
            "https://a.example/",
            "https://a.example/scim/v2/",
            "http://127.0.0.1:8080/x",
            "https://A.example:443/a b/./c/..",
            "https://a.example/a\\b\\",
        ];
        let templates = [
            "/Users",
            "/Users/{id}",
            "/{id}",
            "/a/./{id}",
            "/a//{id}",
            "/x/{a}/y/{b}",
            "/a b/{id}",
            "/A/%2e/{id}",
        ];
        let paths = [
            "/Users",
            "/Users/",
            "/Users/a%2Fb:c",
            "/Users/a/../b",
            "/Users/%2e%2E/u",
            "/Users/x/.",
            "/Users2",
            "/a/../b",
            "/x?y#z",
            "/a b",
            "/%2e%2E/u",
            "/a/./v",
            "/a//v",
            "/a/./..",
            "/x/1/y/2",
            "/x/1/y/2/",
            "/x/1//y",
            "/A/%2e/v",
            "/a b/v",
        ];
        for base in bases {
            let mut builder = CoreBuilder::new(Some(base.into()), "sdk/1");
            builder.timeout(Duration::from_secs(1));
            let core = builder.build().unwrap();
            for template in templates {
                for path in paths {
                    for query in ["", "a=1&b=%20", "q=x'y|z"] {
                        let mut text = format!("{}{path}", base.trim_end_matches('/'));
                        if !query.is_empty() {
                            text = format!("{text}?{query}");
                        }
                        let expected = Url::parse(&text).unwrap();
                        let built = core.url(template, path, query).unwrap();
                        assert_eq!(built, expected, "{template} {text}");
                        assert_eq!(built.as_str(), expected.as_str(), "{template} {text}");
                    }
                }
            }
        }
    }

    #[test]
    fn plain_paths_are_built_from_the_parsed_prefix() {
        let core = CoreBuilder::new(Some("https://a.example/scim/v2".into()), "sdk/1")
            .build()
            .unwrap();
        let cached = |template| {
            core.prefixes
                .0
                .read()
                .unwrap()
                .get(&TemplateKey::of(template))
                .map(|prefix| prefix.url.is_some())
        };
        assert_eq!(cached("/Users/{id}"), None);
        let url = core.url("/Users/{id}", "/Users/a:b", "").unwrap();
        assert_eq!(url.as_str(), "https://a.example/scim/v2/Users/a:b");
        assert_eq!(cached("/Users/{id}"), Some(true));
        // Dot segments in the template's fixed part: parsed whole every time.
        let url = core.url("/a/./{id}", "/a/./v", "").unwrap();
        assert_eq!(url.as_str(), "https://a.example/scim/v2/a/v");
        assert_eq!(cached("/a/./{id}"), Some(false));
    }

    #[test]
    fn path_segments_keep_urn_colons_and_encode_the_rest() {
        let path_segment = |text: &str| match fill_placeholder("{p}", "p", PathValue::Text(text)) {
            Filled::Path { path, .. } => path,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            path_segment("urn:ietf:params:scim:schemas:core:2.0:User"),
            "urn:ietf:params:scim:schemas:core:2.0:User"
        );
        assert_eq!(path_segment("a/../b?x#y %z"), "a%2F..%2Fb%3Fx%23y%20%25z");
        assert_eq!(path_segment("{x}é\\"), "%7Bx%7D%C3%A9%5C");
        assert_eq!(
            fill_placeholder("/a/{id}/{idx}/{id}{", "id", PathValue::Text("x/y")),
            Filled::Path {
                path: "/a/x%2Fy/{idx}/x%2Fy{".to_owned(),
                placeholders_left: true
            }
        );
        assert_eq!(
            fill_placeholder("/a/{id}", "id", PathValue::Display(&7)),
            Filled::Path {
                path: "/a/7".into(),
                placeholders_left: false
            }
        );
        assert_eq!(
            fill_placeholder("/a/{idx}", "id", PathValue::Text("x")),
            Filled::NoPlaceholder
        );
        for bad in ["", ".", ".."] {
            assert_eq!(
                fill_placeholder("/a/{id}", "id", PathValue::Text(bad)),
                Filled::Refused
            );
            assert_eq!(
                fill_placeholder("/a", "id", PathValue::Text(bad)),
                Filled::Refused
            );
        }
        assert_eq!(
            fill_placeholder("/{id}", "id", PathValue::Text("...")),
            Filled::Path {
                path: "/...".into(),
                placeholders_left: false
            }
        );
    }
}
