//! Finds the line and column of JSON pointers in the original text, for diagnostics only.
//!
//! serde_yaml's values forget where they came from, so this re-reads the text with yaml-rust2's
//! event parser (JSON is YAML too) and records positions of just the pointers asked for. It runs
//! only when there is something to report, so generation itself never pays for it.

use std::collections::{HashMap, HashSet};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Diagnostic, push_pointer};

enum Frame {
    Mapping {
        pointer: String,
        key: Option<String>,
        /// Where yaml-rust2 says the mapping starts, until its first key is seen. For a block
        /// mapping that mark is the first key's `:` (the scanner only knows it is a mapping
        /// once it reaches the colon), so the mapping is placed at whichever comes first: the
        /// mark or the first key (the key for block mappings, the `{` for flow mappings).
        start: Option<Marker>,
    },
    Sequence {
        pointer: String,
        index: usize,
    },
}

struct Locator<'a> {
    wanted: &'a HashSet<String>,
    found: HashMap<String, (usize, usize)>,
    stack: Vec<Frame>,
}

impl Locator<'_> {
    /// The pointer of the node that starts now, advancing the parent's key/index state. The
    /// root node (an empty stack) is the empty pointer.
    fn next_node_pointer(&mut self) -> Option<String> {
        let Some(frame) = self.stack.last_mut() else {
            return Some(String::new());
        };
        match frame {
            Frame::Mapping { pointer, key, .. } => key.take().map(|k| push_pointer(pointer, &k)),
            Frame::Sequence { pointer, index } => {
                let p = push_pointer(pointer, &index.to_string());
                *index += 1;
                Some(p)
            }
        }
    }

    /// The first event inside a mapping places the mapping: at its own mark or at this
    /// event's, whichever comes first in the text.
    fn place_pending_mapping(&mut self, first_child: Marker) {
        let Some(Frame::Mapping { pointer, start, .. }) = self.stack.last_mut() else {
            return;
        };
        let Some(start) = start.take() else { return };
        let at = if first_child.index() < start.index() {
            first_child
        } else {
            start
        };
        let pointer = pointer.clone();
        self.record(&pointer, at);
    }

    fn record(&mut self, pointer: &str, mark: Marker) {
        if self.wanted.contains(pointer) {
            self.found
                .entry(pointer.to_owned())
                .or_insert((mark.line(), mark.col() + 1));
        }
    }
}

impl MarkedEventReceiver for Locator<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                self.place_pending_mapping(mark);
                let awaiting_key =
                    matches!(self.stack.last(), Some(Frame::Mapping { key: None, .. }));
                if awaiting_key {
                    if let Some(Frame::Mapping { pointer, key, .. }) = self.stack.last_mut() {
                        let p = push_pointer(pointer, &value);
                        *key = Some(value);
                        self.record(&p, mark);
                    }
                } else if let Some(p) = self.next_node_pointer() {
                    self.record(&p, mark);
                }
            }
            Event::MappingStart(..) => {
                self.place_pending_mapping(mark);
                // A key that is itself a collection has no pointer; its children get none.
                let pointer = self.next_node_pointer().unwrap_or_default();
                self.stack.push(Frame::Mapping {
                    pointer,
                    key: None,
                    start: Some(mark),
                });
            }
            Event::SequenceStart(..) => {
                self.place_pending_mapping(mark);
                let pointer = self.next_node_pointer().unwrap_or_default();
                self.record(&pointer, mark);
                self.stack.push(Frame::Sequence { pointer, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                // An empty mapping has no first key: its own mark is all there is.
                if let Some(Frame::Mapping {
                    pointer,
                    start: Some(start),
                    ..
                }) = self.stack.pop()
                {
                    self.record(&pointer, start);
                }
            }
            Event::Alias(_) => {
                self.place_pending_mapping(mark);
                self.next_node_pointer();
            }
            _ => {}
        }
    }
}

/// Fills in `position` for every diagnostic that has none, using the deepest pointer prefix
/// present in the text (a synthetic pointer still lands on its nearest real ancestor).
pub fn locate(text: &str, diagnostics: &mut [Diagnostic]) {
    let pending: Vec<usize> = (0..diagnostics.len())
        .filter(|&i| diagnostics[i].position.is_none())
        .collect();
    if pending.is_empty() {
        return;
    }
    let mut wanted = HashSet::new();
    for &i in &pending {
        let mut pointer = diagnostics[i].pointer.as_str();
        loop {
            wanted.insert(pointer.to_owned());
            match pointer.rfind('/') {
                Some(cut) => pointer = &pointer[..cut],
                None => break,
            }
        }
    }
    let mut locator = Locator {
        wanted: &wanted,
        found: HashMap::new(),
        stack: Vec::new(),
    };
    // A syntax error here only means fewer positions; the loader already reported real errors.
    let _ = Parser::new_from_str(&without_surrogate_escapes(text)).load(&mut locator, false);
    for i in pending {
        let mut pointer = diagnostics[i].pointer.as_str();
        loop {
            if let Some(&at) = locator.found.get(pointer) {
                diagnostics[i].position = Some(at);
                break;
            }
            match pointer.rfind('/') {
                Some(cut) => pointer = &pointer[..cut],
                None => break,
            }
        }
        // A text without a single node (empty, or only comments) still has a first line, and
        // a finding about the whole document belongs there.
        if diagnostics[i].position.is_none() && diagnostics[i].pointer.is_empty() {
            diagnostics[i].position = Some((1, 1));
        }
    }
}

/// JSON writes a character beyond U+FFFF as two `\\uXXXX` surrogate escapes, which YAML refuses
/// (the parser would stop there and every later node would go unplaced). Each becomes `\\u003F`,
/// of the same length, so lines and columns stay where they were.
fn without_surrogate_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let is_surrogate = |at: usize| {
        bytes
            .get(at..at + 4)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u16::from_str_radix(hex, 16).ok())
            .is_some_and(|unit| (0xD800..=0xDFFF).contains(&unit))
    };
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) == Some(&b'u') && is_surrogate(i + 2) {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..i]);
            out.push_str("\\u003F");
            copied = i + 6;
            i += 6;
        } else {
            // An escaped backslash must not start an escape of its own.
            i += 2;
        }
    }
    match out {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            std::borrow::Cow::Owned(out)
        }
        None => std::borrow::Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_surrogate_escapes_do_not_hide_later_positions() {
        let text = "{\n  \"info\": {\"title\": \"r2 \\ud83d\\udcda \\\\ud83d\"},\n  \"paths\": {\"/x\": {}}\n}";
        let mut diagnostics = [Diagnostic::warning("/paths/~1x", "here")];
        locate(text, &mut diagnostics);
        assert_eq!(diagnostics[0].position, Some((3, 13)));
        let cleaned = without_surrogate_escapes(text);
        assert_eq!(cleaned.len(), text.len());
        // The escaped backslash before `ud83d` is text, not an escape.
        assert!(cleaned.contains("\\\\ud83d"), "{cleaned}");
    }

    #[test]
    fn finds_yaml_keys_and_sequence_items() {
        let text = "openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      tags:\n        - one\n        - two\n";
        let mut diagnostics = vec![
            Diagnostic::warning("/paths/~1a~1b/get", "x"),
            Diagnostic::warning("/paths/~1a~1b/get/tags/1", "x"),
            Diagnostic::warning("/paths/~1a~1b/get/missing/deeper", "x"),
        ];
        locate(text, &mut diagnostics);
        assert_eq!(diagnostics[0].position, Some((4, 5)));
        assert_eq!(diagnostics[1].position, Some((7, 11)));
        assert_eq!(
            diagnostics[2].position,
            Some((4, 5)),
            "falls back to the nearest ancestor"
        );
    }

    #[test]
    fn block_mappings_start_at_their_first_key_not_its_colon() {
        let text = "openapi: 3.0.3\nlist:\n  - name: q\n    in: query\n  - {name: r}\n";
        let mut diagnostics = vec![
            Diagnostic::warning("", "x"),
            Diagnostic::warning("/list/0", "x"),
            Diagnostic::warning("/list/1", "x"),
        ];
        locate(text, &mut diagnostics);
        let positions: Vec<_> = diagnostics.iter().map(|d| d.position).collect();
        assert_eq!(positions, [Some((1, 1)), Some((3, 5)), Some((5, 5))]);
    }

    #[test]
    fn empty_and_nested_flow_mappings_start_at_their_brace() {
        let text = "a: [{}, {b: {}}]\n";
        let mut diagnostics = vec![
            Diagnostic::warning("/a/0", "x"),
            Diagnostic::warning("/a/1", "x"),
            Diagnostic::warning("/a/1/b", "x"),
        ];
        locate(text, &mut diagnostics);
        let positions: Vec<_> = diagnostics.iter().map(|d| d.position).collect();
        assert_eq!(positions, [Some((1, 5)), Some((1, 9)), Some((1, 10))]);
    }

    #[test]
    fn a_root_scalar_or_an_empty_text_is_on_the_first_line() {
        for text in ["hello\n", "\"x\"", "", "# only a comment\n", "  42"] {
            let mut diagnostics = vec![Diagnostic::error("", "x")];
            locate(text, &mut diagnostics);
            let expected = if text == "  42" { (1, 3) } else { (1, 1) };
            assert_eq!(diagnostics[0].position, Some(expected), "{text:?}");
        }
    }

    #[test]
    fn finds_json_keys() {
        let text = "{\n  \"components\": {\n    \"schemas\": {\"A\": {}}\n  }\n}";
        let mut diagnostics = vec![Diagnostic::warning("/components/schemas/A", "x")];
        locate(text, &mut diagnostics);
        assert_eq!(diagnostics[0].position.map(|p| p.0), Some(3));
    }
}
