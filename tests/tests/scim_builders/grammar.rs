//! A parser of the RFC 7644 filter grammar (keywords in any case, values as JSON literals),
//! producing the SDK's own tree type so that results compare with `==`.

use ringcentral_scim::filter::{AttrPath, CompareOp, Filter, FilterValue};

pub fn parse(text: &str) -> Result<Filter, String> {
    let mut parser = Parser { text, at: 0 };
    let filter = parser.or()?;
    parser.spaces();
    if parser.at != text.len() {
        return Err(format!("unexpected {:?} at {}", parser.rest(), parser.at));
    }
    Ok(filter)
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ':' | '.' | '_' | '-' | '$')
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn spaces(&mut self) {
        while self.rest().starts_with(' ') {
            self.at += 1;
        }
    }

    /// Consumes `word` (any case) when it stands alone: not followed by a name character.
    fn keyword(&mut self, word: &str) -> bool {
        self.spaces();
        let rest = self.rest();
        let matches = rest
            .get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
            && !rest[word.len()..].starts_with(is_name_char);
        if matches {
            self.at += word.len();
        }
        matches
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        self.spaces();
        if !self.rest().starts_with(c) {
            return Err(format!("expected {c:?} at {}: {:?}", self.at, self.rest()));
        }
        self.at += 1;
        Ok(())
    }

    fn or(&mut self) -> Result<Filter, String> {
        let mut left = self.and()?;
        while self.keyword("or") {
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, String> {
        let mut left = self.unary()?;
        while self.keyword("and") {
            left = Filter::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, String> {
        self.spaces();
        if self.rest().starts_with('(') {
            self.at += 1;
            let inner = self.or()?;
            self.expect(')')?;
            return Ok(inner);
        }
        let before_not = self.at;
        if self.keyword("not") {
            self.spaces();
            if self.rest().starts_with('(') {
                self.at += 1;
                let inner = self.or()?;
                self.expect(')')?;
                return Ok(Filter::Not(Box::new(inner)));
            }
            // An attribute that happens to be called "not".
            self.at = before_not;
        }
        let path = self.attr_path()?;
        if self.rest().starts_with('[') {
            self.at += 1;
            let inner = self.or()?;
            self.expect(']')?;
            return Ok(Filter::ValuePath {
                path,
                filter: Box::new(inner),
            });
        }
        if self.keyword("pr") {
            return Ok(Filter::Present(path));
        }
        for op in CompareOp::ALL {
            if self.keyword(op.as_str()) {
                let value = self.value()?;
                return Ok(Filter::Compare { path, op, value });
            }
        }
        Err(format!(
            "expected an operator at {}: {:?}",
            self.at,
            self.rest()
        ))
    }

    fn attr_path(&mut self) -> Result<AttrPath, String> {
        let rest = self.rest();
        let len = rest.find(|c| !is_name_char(c)).unwrap_or(rest.len());
        let path = AttrPath::parse(&rest[..len]).map_err(|e| e.to_string())?;
        self.at += len;
        Ok(path)
    }

    /// A JSON literal: a string up to its closing quote, or a number, true, false or null.
    fn value(&mut self) -> Result<FilterValue, String> {
        self.spaces();
        let rest = self.rest();
        let bytes = rest.as_bytes();
        let len = if rest.starts_with('"') {
            let mut end = 1;
            loop {
                match bytes.get(end) {
                    None => return Err(format!("unterminated string: {rest:?}")),
                    Some(b'\\') => end += 2,
                    Some(b'"') => break end + 1,
                    Some(_) => end += 1,
                }
            }
        } else {
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)))
                .unwrap_or(rest.len())
        };
        let literal = rest.get(..len).ok_or("a literal ends inside a character")?;
        if literal.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
            && literal.contains(['.', 'e', 'E'])
        {
            // serde_json's own float parsing is not exact without `float_roundtrip`;
            // Rust's is, and JSON's number syntax is a subset of what it accepts.
            let number: f64 = literal.parse().map_err(|e| format!("{literal:?}: {e}"))?;
            self.at += len;
            return FilterValue::number(number).map_err(|e| e.to_string());
        }
        let json: serde_json::Value = serde_json::from_str(literal)
            .map_err(|e| format!("bad JSON literal {literal:?}: {e}"))?;
        self.at += len;
        FilterValue::try_from(json).map_err(|e| e.to_string())
    }
}
