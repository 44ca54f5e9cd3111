//! Warnings and errors about the input document, each tied to the place it is about.

use std::fmt;

use serde::Serialize;

/// How bad a finding is: errors stop generation, warnings say what was degraded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was degraded or ignored; the crate is still generated.
    Warning,
    /// Nothing is generated.
    Error,
}

/// One finding, located by a JSON pointer into the document (`#/components/schemas/Foo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// RFC 6901 pointer, without the leading `#`; empty for the whole document.
    pub pointer: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// 1-based line and column, when the loader knows them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<(usize, usize)>,
    /// The file the pointer is in, when it is not the main document (an overlay).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// A warning about something the generator worked around by degrading it (a schema
    /// behind an unresolvable `$ref` becomes any JSON): an error under `--strict`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub degraded: bool,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            pointer: pointer.into(),
            message: message.into(),
            position: None,
            file: None,
            degraded: false,
        }
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            pointer: pointer.into(),
            message: message.into(),
            position: None,
            file: None,
            degraded: false,
        }
    }

    /// A warning about what was worked around by degrading it: an error under `--strict`.
    pub fn degraded(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            degraded: true,
            ..Self::warning(pointer, message)
        }
    }

    /// Under `--strict`, a degradation is an error; anything else stays as it is.
    pub fn strict(mut self) -> Self {
        if self.degraded {
            self.severity = Severity::Error;
        }
        self
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.position = Some((line, column));
        self
    }

    /// Says which file (an overlay) the pointer is in.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// `file:line:col: error: message (at #/pointer)`, the shape editors and CI logs link
    /// from. `file` is the main document's name; a diagnostic about another file names that one.
    pub fn render(&self, file: &str) -> String {
        let file = self.file.as_deref().unwrap_or(file);
        let location = match self.position {
            Some((line, column)) => format!("{file}:{line}:{column}"),
            None => file.to_owned(),
        };
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        format!(
            "{location}: {kind}: {} (at #{})",
            self.message, self.pointer
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("<spec>"))
    }
}

/// RFC 6901 unescaping plus the percent-decoding that URI fragments allow.
pub(crate) fn unescape_token(token: &str) -> String {
    let decoded = percent_decode(token);
    decoded.replace("~1", "/").replace("~0", "~")
}

/// Decodes `%XX` escapes (URI fragments may percent-encode a JSON pointer).
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Appends one RFC 6901 reference token to a pointer (escaping `~` and `/`).
pub(crate) fn push_pointer(pointer: &str, token: &str) -> String {
    let escaped = token.replace('~', "~0").replace('/', "~1");
    format!("{pointer}/{escaped}")
}

/// Splits a pointer back into its unescaped tokens.
pub(crate) fn pointer_tokens(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Findings gathered while a stage runs; a stage fails only after collecting every error it can.
#[derive(Debug, Default, Clone, Serialize)]
pub(crate) struct Diagnostics {
    pub(crate) items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub(crate) fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::warning(pointer, message));
    }

    pub(crate) fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::error(pointer, message));
    }

    /// Something was worked around by degrading it: a warning, an error under `--strict`.
    pub(crate) fn degrade(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::degraded(pointer, message));
    }

    /// A fallback for what cannot happen was taken: a bug of the generator, not of the
    /// document. Debug builds (the tests, the fuzzer) stop right here so that the bug is seen;
    /// release builds go on with the fallback and say so, since what they generate may be
    /// degraded there.
    pub(crate) fn internal(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        let message = message.into();
        debug_assert!(false, "internal error: {message}");
        self.warn(
            pointer,
            format!("internal error: {message} (a bug of the generator; please report it)"),
        );
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub(crate) fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        let pointer = push_pointer("/paths", "/scim/v2/Users/{id}");
        assert_eq!(pointer, "/paths/~1scim~1v2~1Users~1{id}");
        assert_eq!(
            pointer_tokens(&push_pointer(&pointer, "a~b")),
            ["paths", "/scim/v2/Users/{id}", "a~b"]
        );
    }

    #[test]
    #[cfg_attr(
        debug_assertions,
        should_panic(expected = "internal error: the slot is gone")
    )]
    fn an_internal_problem_stops_a_debug_build_and_warns_in_release() {
        let mut diagnostics = Diagnostics::default();
        diagnostics.internal("/paths", "the slot is gone");
        let d = &diagnostics.items[0];
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.pointer, "/paths");
        assert!(d.message.starts_with("internal error: the slot is gone"));
    }

    #[test]
    fn render_names_file_line_and_pointer() {
        let d = Diagnostic::error("/components/schemas/A", "broken $ref").at(12, 5);
        assert_eq!(
            d.render("spec.yaml"),
            "spec.yaml:12:5: error: broken $ref (at #/components/schemas/A)"
        );
    }
}
