//! Where in a JSON body a decode error is, as a path (`Resources[3].emails[0].primary`):
//! serde_json says only "at line 1 column 321", and a response body is one line.
//!
//! Found by scanning the text up to the error's position, not by decoding again with a path
//! tracker: that would compile every model's decoder a second time for the error path alone.

/// One container the scan is inside.
enum Frame {
    /// An object, with the last member name read and whether a name comes next.
    Object {
        name: Option<String>,
        name_next: bool,
    },
    /// An array, with the index of the current element.
    Array { index: usize },
}

/// The path of the value at `line` and `column` (1-based, as serde_json counts them) of
/// `body`; `None` at the top level or when the position is not in the body.
pub(crate) fn path_at(body: &[u8], line: usize, column: usize) -> Option<String> {
    let end = offset(body, line, column)?;
    let mut stack: Vec<Frame> = Vec::new();
    let mut at = 0;
    while at < end {
        let byte = *body.get(at)?;
        at += 1;
        match byte {
            b'{' => stack.push(Frame::Object {
                name: None,
                name_next: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { name_next, .. }) => *name_next = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { name_next, .. }) = stack.last_mut() {
                    *name_next = false;
                }
            }
            b'"' => {
                let (text, after) = string_at(body, at);
                at = after;
                if let Some(Frame::Object {
                    name,
                    name_next: true,
                }) = stack.last_mut()
                {
                    *name = Some(text);
                }
            }
            _ => {}
        }
    }
    render(&stack)
}

/// The byte offset just past `column` of `line`.
fn offset(body: &[u8], line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        body.iter()
            .enumerate()
            .filter(|(_, byte)| **byte == b'\n')
            .nth(line - 2)
            .map(|(at, _)| at + 1)?
    };
    let end = line_start.checked_add(column)?;
    (end <= body.len()).then_some(end)
}

/// The text of the string whose opening quote is just before `start` (escapes other than
/// `\"` and `\\` kept as written: enough to name a member), and where the scan goes on.
fn string_at(body: &[u8], start: usize) -> (String, usize) {
    let mut text = Vec::new();
    let mut at = start;
    while let Some(&byte) = body.get(at) {
        at += 1;
        match byte {
            b'"' => break,
            b'\\' => {
                let escaped = body.get(at).copied().unwrap_or(b'\\');
                at += 1;
                if !matches!(escaped, b'"' | b'\\') {
                    text.push(b'\\');
                }
                text.push(escaped);
            }
            _ => text.push(byte),
        }
    }
    (String::from_utf8_lossy(&text).into_owned(), at)
}

/// `a.b[0].c`, from the containers the scan is in.
fn render(stack: &[Frame]) -> Option<String> {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object {
                name: Some(name), ..
            } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
            }
            Frame::Object { name: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    (!path.is_empty()).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::path_at;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code, reason = "only decoded, to make serde_json's errors")]
    struct Email {
        primary: Option<bool>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code, reason = "only decoded, to make serde_json's errors")]
    struct User {
        user_name: String,
        emails: Option<Vec<Email>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code, reason = "only decoded, to make serde_json's errors")]
    struct Page {
        resources: Vec<User>,
    }

    /// The path serde_json's own error points at.
    fn located(body: &str) -> Option<String> {
        let error = serde_json::from_str::<Page>(body).expect_err("a decode error");
        path_at(body.as_bytes(), error.line(), error.column())
    }

    #[test]
    fn a_wrong_type_deep_in_a_page_is_named_by_its_path() {
        let body = r#"{"Resources": [{"userName": "a"}, {"userName": "b", "emails": [{"primary": true}, {"primary": "True"}]}]}"#;
        assert_eq!(
            located(body).as_deref(),
            Some("Resources[1].emails[1].primary")
        );
    }

    #[test]
    fn a_missing_member_names_the_object_that_lacks_it() {
        let body = "{\"Resources\": [\n  {\"userName\": \"a\"},\n  {\"emails\": []}\n]}";
        assert_eq!(located(body).as_deref(), Some("Resources[1]"));
    }

    #[test]
    fn escaped_names_and_strings_do_not_confuse_the_scan() {
        let body = r#"{"Resources": [{"userName": "a \" ] } , [", "x\"y": "{[", "emails": 5}]}"#;
        assert_eq!(located(body).as_deref(), Some("Resources[0].emails"));
    }

    #[test]
    fn the_top_level_and_positions_outside_the_body_give_nothing() {
        assert_eq!(located("5"), None);
        assert_eq!(
            located("[1]").as_deref(),
            Some("[0]"),
            "a struct read from an array"
        );
        assert_eq!(path_at(b"{}", 3, 1), None);
        assert_eq!(path_at(b"{}", 1, 99), None);
    }
}
