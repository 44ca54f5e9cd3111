//! Spec prose -> doc comments that rustdoc renders as text and never runs or links.
//!
//! Descriptions are untrusted: fenced or indented code would become doctests, `[x]` an intra-doc
//! link, `<b>` an HTML tag, a bare CR a compile error. Each is neutralised here, and every line
//! becomes its own `#[doc = "..."]` literal, so nothing can break out of the comment.

use proc_macro2::TokenStream;
use quote::quote;

/// Cleans one block of spec prose into doc lines.
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    let normalized: String = text
        .replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => '\n',
            '\t' => ' ',
            c if c.is_control() && c != '\n' => ' ',
            c => c,
        })
        .collect();
    let mut lines = Vec::new();
    let mut in_fence = false;
    for raw in normalized.lines() {
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            // Every fence becomes a text block: spec code is never compiled as a doctest.
            lines.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(raw.trim_end().to_owned());
            continue;
        }
        let line = escape_markdown(line);
        // A line right after a list item continues it; joining keeps rustdoc's meaning and avoids
        // clippy's lazy-continuation lint (indentation was dropped above).
        let continues_item = !line.is_empty()
            && !is_list_item(&line)
            && lines.last().is_some_and(|prev| is_list_item(prev));
        match lines.last_mut() {
            Some(prev) if continues_item => {
                prev.push(' ');
                prev.push_str(&line);
            }
            _ => lines.push(line),
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    // Collapse runs of blank lines and trim blank edges.
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        if line.is_empty() && out.last().is_none_or(|l: &String| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

fn is_list_item(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
}

fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        // A closed code span is shown literally by rustdoc: copy it as is.
        if let Some(after_tick) = rest.strip_prefix('`')
            && let Some(close) = after_tick.find('`')
        {
            let span = &rest[..close + 2];
            out.push_str(span);
            rest = &rest[span.len()..];
            continue;
        }
        if let Some(url_len) = url_at(rest) {
            // Bare URLs warn in rustdoc; `<...>` makes them links.
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '#' if out.is_empty() => out.push_str("\\#"),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn url_at(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text
        .find(|c: char| {
            c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`' | '[' | ']' | '(' | ')')
        })
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    (url.len() > "https://".len()).then_some(url.len())
}

/// `#[doc = "..."]` attributes for doc text from the IR (spec prose, escaped).
pub(crate) fn docs(text: &str) -> TokenStream {
    lines_to_attrs(doc_lines(text))
}

/// `#[doc = "..."]` attributes for text we wrote ourselves (markdown kept as is).
pub(crate) fn raw_docs<S: AsRef<str>>(lines: &[S]) -> TokenStream {
    lines_to_attrs(lines.iter().map(|l| l.as_ref().to_owned()).collect())
}

/// `#![doc = "..."]` attributes (a module's own docs) for text we wrote ourselves.
pub(crate) fn inner_docs<S: AsRef<str>>(lines: &[S]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let line = line.as_ref();
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #line])
    });
    quote!(#(#attrs)*)
}

fn lines_to_attrs(lines: Vec<String>) -> TokenStream {
    let attrs = lines.into_iter().map(|line| {
        let line = if line.is_empty() {
            line
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_fences_become_text_and_indentation_is_dropped() {
        let lines = doc_lines("Example:\n```\nfn main() {}\n```\n    indented code\n");
        assert_eq!(
            lines,
            [
                "Example:",
                "```text",
                "fn main() {}",
                "```",
                "indented code"
            ]
        );
    }

    #[test]
    fn links_html_and_control_characters_are_neutralised() {
        let lines =
            doc_lines("See [docs](x) <b>bold</b>\rnext\u{2028}sep\u{7}bell https://example.com/a.");
        assert_eq!(
            lines,
            [
                "See \\[docs\\](x) &lt;b&gt;bold&lt;/b&gt;",
                "next",
                "sep bell <https://example.com/a>."
            ]
        );
    }

    #[test]
    fn list_continuations_join_their_item() {
        assert_eq!(
            doc_lines("Kinds:\n- one\n  more\n- two\n\nAfter"),
            ["Kinds:", "- one more", "- two", "", "After"]
        );
    }

    #[test]
    fn code_spans_are_kept_and_a_lone_backtick_is_text() {
        assert_eq!(
            doc_lines("Use `a[0] <b>` then [x] and ` [y]"),
            ["Use `a[0] <b>` then \\[x\\] and ` \\[y\\]"]
        );
    }

    #[test]
    fn an_unclosed_fence_is_closed() {
        assert_eq!(
            doc_lines("```rust\nlet x = 1;"),
            ["```text", "let x = 1;", "```"]
        );
    }
}
