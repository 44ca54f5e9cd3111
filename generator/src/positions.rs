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
    /// The pointer of the node that starts now, advancing the parent's key/index state.
    fn next_node_pointer(&mut self) -> Option<String> {
        match self.stack.last_mut()? {
            Frame::Mapping { pointer, key } => key.take().map(|k| push_pointer(pointer, &k)),
            Frame::Sequence { pointer, index } => {
                let p = push_pointer(pointer, &index.to_string());
                *index += 1;
                Some(p)
            }
        }
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
                let awaiting_key =
                    matches!(self.stack.last(), Some(Frame::Mapping { key: None, .. }));
                if awaiting_key {
                    if let Some(Frame::Mapping { pointer, key }) = self.stack.last_mut() {
                        let p = push_pointer(pointer, &value);
                        *key = Some(value);
                        self.record(&p, mark);
                    }
                } else if let Some(p) = self.next_node_pointer() {
                    self.record(&p, mark);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let pointer = if self.stack.is_empty() {
                    Some(String::new())
                } else {
                    self.next_node_pointer()
                };
                let pointer = pointer.unwrap_or_default();
                self.record(&pointer, mark);
                self.stack
                    .push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Mapping { pointer, key: None }
                    } else {
                        Frame::Sequence { pointer, index: 0 }
                    });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Alias(_) => {
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
    let _ = Parser::new_from_str(text).load(&mut locator, false);
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn finds_json_keys() {
        let text = "{\n  \"components\": {\n    \"schemas\": {\"A\": {}}\n  }\n}";
        let mut diagnostics = vec![Diagnostic::warning("/components/schemas/A", "x")];
        locate(text, &mut diagnostics);
        assert_eq!(diagnostics[0].position.map(|p| p.0), Some(3));
    }
}
