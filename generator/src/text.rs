//! Doc text that lowering writes about the document: spec names made safe inside code spans,
//! summary and description joined. A leaf: the emitter later turns any doc text into
//! `#[doc]` lines, escaping what rustdoc would misread.

/// A spec name made safe inside a code span of a doc line we write ourselves: no backticks, no
/// control characters or line separators (a bare CR does not even compile in a doc comment).
pub(crate) fn code(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '`' => '\'',
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => ' ',
            c => c,
        })
        .collect()
}

/// Joins doc parts (summary, description, notes) into one text, skipping empty and repeated
/// ones; `None` when nothing is left.
pub(crate) fn join_docs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let mut unique: Vec<&str> = Vec::new();
    for part in parts.into_iter().flatten().map(str::trim) {
        if !part.is_empty() && !unique.contains(&part) {
            unique.push(part);
        }
    }
    (!unique.is_empty()).then(|| unique.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_cannot_be_broken_out_of() {
        assert_eq!(code("a`b\r\nc"), "a'b  c");
    }

    #[test]
    fn joins_distinct_non_empty_parts() {
        assert_eq!(
            join_docs([Some(" A "), None, Some(""), Some("A"), Some("B")]).as_deref(),
            Some("A\n\nB")
        );
        assert_eq!(join_docs([None, Some("  ")]), None);
    }
}
