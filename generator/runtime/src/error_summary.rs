//! What an error's `Display` shows of the server's answer. A JSON error body shows as its
//! message and codes rather than as raw JSON, where a long message pushes the code (SCIM's
//! `scimType`) out of the excerpt and the reader has to find the words among the braces; any
//! other body as an excerpt on one line.
//!
//! The member names are the ones error bodies use across APIs: SCIM's and RFC 9457's
//! `detail` and `title`, OAuth's `error_description`, the common `message`, and an `error`
//! object holding them (Stripe, OpenAI).

use serde_json::{Map, Value};

/// Members whose text is the message, in the order they are preferred.
const MESSAGE_MEMBERS: &[&str] = &[
    "detail",
    "message",
    "error_description",
    "title",
    "description",
    "error",
];

/// Members that name the kind of error, shown after the message.
const CODE_MEMBERS: &[&str] = &["scimType", "code", "type", "error"];

/// Bodies longer than this are shown as an excerpt without being parsed: `Display` should
/// not parse megabytes.
const LONGEST_PARSED: usize = 64 * 1024;

/// `message (code: value, ..)` for a JSON object body that has a message, its message cut
/// to `max` characters and kept on one line; `None` for any other body.
pub(crate) fn summary(body: &[u8], max: usize) -> Option<String> {
    if body.len() > LONGEST_PARSED {
        return None;
    }
    let value: Value = serde_json::from_slice(body).ok()?;
    let mut object = value.as_object()?;
    if let Some(Value::Object(inner)) = object.get("error") {
        object = inner;
    }
    let (message_member, message) = MESSAGE_MEMBERS.iter().find_map(|member| {
        let text = object.get(*member)?.as_str()?.trim();
        (!text.is_empty()).then_some((*member, text))
    })?;
    let mut line: String = message.chars().take(max).map(on_one_line).collect();
    if message.chars().nth(max).is_some() {
        line.push('…');
    }
    let codes = codes(object, message_member);
    if !codes.is_empty() {
        line.push_str(&format!(" ({})", codes.join(", ")));
    }
    Some(line)
}

/// `member: value` for each code member with a short scalar value, except the message's.
fn codes(object: &Map<String, Value>, message_member: &str) -> Vec<String> {
    CODE_MEMBERS
        .iter()
        .filter(|member| **member != message_member)
        .filter_map(|member| {
            let text = match object.get(*member)? {
                Value::String(text) if !text.trim().is_empty() && text.len() <= 80 => {
                    text.trim().to_owned()
                }
                Value::Number(number) => number.to_string(),
                _ => return None,
            };
            let text: String = text.chars().map(on_one_line).collect();
            Some(format!("{member}: {text}"))
        })
        .collect()
}

/// A control character (a line break among them) as a space, so that `Display` stays on one
/// line.
fn on_one_line(c: char) -> char {
    if c.is_control() { ' ' } else { c }
}

/// The first `max` characters of `body`, invalid UTF-8 replaced.
pub(crate) fn excerpt(body: &[u8], max: usize) -> String {
    // A character takes at most 4 bytes, so this prefix holds enough of them.
    let prefix = body.get(..max.saturating_mul(4)).unwrap_or(body);
    String::from_utf8_lossy(prefix).chars().take(max).collect()
}

/// Like [`excerpt`], with control characters (line breaks included) turned into spaces
/// and the ends trimmed, so that `Display` stays on one line.
pub(crate) fn one_line(body: &[u8], max: usize) -> String {
    let text: String = excerpt(body, max).chars().map(on_one_line).collect();
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::{excerpt, summary};

    fn of(body: &str) -> Option<String> {
        summary(body.as_bytes(), 200)
    }

    #[test]
    fn a_scim_error_shows_its_detail_and_scim_type() {
        assert_eq!(
            of(
                r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"409",
                "scimType":"uniqueness","detail":"userName is taken"}"#
            )
            .as_deref(),
            Some("userName is taken (scimType: uniqueness)")
        );
        assert_eq!(
            of(r#"{"detail":"  gone\n"}"#).as_deref(),
            Some("gone"),
            "trimmed, no codes"
        );
    }

    #[test]
    fn other_apis_error_shapes_are_read_too() {
        // Stripe and OpenAI: an `error` object.
        assert_eq!(
            of(r#"{"error":{"message":"No such customer","type":"invalid_request_error","code":"resource_missing"}}"#)
                .as_deref(),
            Some("No such customer (code: resource_missing, type: invalid_request_error)")
        );
        // OAuth: `error` is the code, `error_description` the message.
        assert_eq!(
            of(r#"{"error":"invalid_grant","error_description":"expired"}"#).as_deref(),
            Some("expired (error: invalid_grant)")
        );
        // A bare `error` string is the message.
        assert_eq!(
            of(r#"{"error":"boom","code":7}"#).as_deref(),
            Some("boom (code: 7)")
        );
    }

    #[test]
    fn bodies_without_a_message_are_left_to_the_excerpt() {
        for body in [
            "not json",
            "[1,2]",
            r#"{"status":"404"}"#,
            r#"{"detail":""}"#,
            r#"{"detail":{"nested":true}}"#,
            r#"{"detail": "truncated"#,
        ] {
            assert_eq!(of(body), None, "{body}");
        }
        let long = format!(r#"{{"detail":"{}"}}"#, "x".repeat(70 * 1024));
        assert_eq!(of(&long), None, "too long to parse");
    }

    #[test]
    fn the_message_is_bounded_and_on_one_line() {
        let body = format!(
            r#"{{"detail":"a\nb{}","scimType":"tooMany"}}"#,
            "é".repeat(500)
        );
        let line = summary(body.as_bytes(), 10).expect("a summary");
        assert_eq!(line, format!("a b{}… (scimType: tooMany)", "é".repeat(7)));
    }

    #[test]
    fn excerpt_handles_invalid_utf8_and_short_bodies() {
        assert_eq!(excerpt(b"ab\xffc", 10), "ab\u{fffd}c");
        assert_eq!(
            excerpt("é".repeat(600).as_bytes(), 512).chars().count(),
            512
        );
        assert_eq!(excerpt(b"", 5), "");
    }
}
