//! The hand-written SCIM builders of the SDK: `ringcentral_scim::filter` (RFC 7644 §3.4.2.2
//! filters) and `ringcentral_scim::patch` (RFC 7644 §3.5.2 PATCH bodies).
//!
//! Rendering is checked against literal expected text, and, through a small parser of the
//! filter grammar written here independently of the SDK, by property tests: any string value
//! reads back as exactly itself, and any filter tree reads back as the same tree (which proves
//! the parentheses), with no parenthesis that could be dropped.
//!
//! Needs `proptest` among the tests crate's dev-dependencies.

use std::collections::BTreeMap;

use proptest::prelude::*;
use ringcentral_scim::filter::{
    Attr, AttrPath, CompareOp, Expr, Filter, FilterError, FilterValue, attr, not,
};
use ringcentral_scim::patch::{
    PATCH_OP_URN, PatchError, PatchOp, PatchOperation, PatchPath, PatchRequest, PathSpec,
    value_path,
};
use serde::Serialize;
use serde_json::{Value, json};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

/// A parser of the RFC 7644 filter grammar (keywords in any case, values as JSON literals),
/// producing the SDK's own tree type so that results compare with `==`.
mod grammar {
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
}

use grammar::parse;

fn built(expr: Expr) -> String {
    expr.build().expect("the filter builds").to_string()
}

fn path(text: &str) -> AttrPath {
    AttrPath::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

// ---------------------------------------------------------------------------------------
// Filters: rendering

#[test]
fn every_comparison_operator_renders() {
    let cases = [
        (attr("userName").eq("bjensen"), r#"userName eq "bjensen""#),
        (attr("userName").ne("bjensen"), r#"userName ne "bjensen""#),
        (
            attr("name.familyName").co("O'Malley"),
            r#"name.familyName co "O'Malley""#,
        ),
        (attr("userName").sw("J"), r#"userName sw "J""#),
        (
            attr("emails.value").ew("@example.com"),
            r#"emails.value ew "@example.com""#,
        ),
        (
            attr("meta.lastModified").gt("2011-05-13T04:42:34Z"),
            r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
        ),
        (
            attr("meta.lastModified").ge(FilterValue::date_time("2011-05-13T04:42:34Z")),
            r#"meta.lastModified ge "2011-05-13T04:42:34Z""#,
        ),
        (attr("x-count").lt(5), "x-count lt 5"),
        (attr("score").le(-2.5), "score le -2.5"),
        (attr("title").pr(), "title pr"),
        (attr("active").eq(true), "active eq true"),
        (attr("active").ne(false), "active ne false"),
        (attr("manager").eq(FilterValue::null()), "manager eq null"),
        (attr("big").gt(u64::MAX), "big gt 18446744073709551615"),
        (attr("small").gt(i64::MIN), "small gt -9223372036854775808"),
        (attr("ratio").lt(1e300), "ratio lt 1e+300"),
        (attr("whole").eq(3.0), "whole eq 3.0"),
    ];
    for (expr, expected) in cases {
        let text = built(expr);
        assert_eq!(text, expected);
        assert_eq!(parse(&text).expect("parses").to_string(), expected);
    }
    for op in CompareOp::ALL {
        let text = built(attr("title").compare(op, "x"));
        assert_eq!(text, format!("title {} \"x\"", op.as_str()));
        assert_eq!(op.to_string(), op.as_str());
    }
}

#[test]
fn logical_operators_and_precedence() {
    let a = || attr("a").pr();
    let b = || attr("b").pr();
    let c = || attr("c").pr();
    let cases = [
        (a().and(b()), "a pr and b pr"),
        (a().or(b()), "a pr or b pr"),
        (not(a()), "not (a pr)"),
        (!a(), "not (a pr)"),
        // `or` inside `and` is grouped, on either side.
        (a().or(b()).and(c()), "(a pr or b pr) and c pr"),
        (c().and(a().or(b())), "c pr and (a pr or b pr)"),
        // `and` inside `or` binds tighter already.
        (a().and(b()).or(c()), "a pr and b pr or c pr"),
        (c().or(a().and(b())), "c pr or a pr and b pr"),
        // Left-nested chains read back as written; right-nested ones are grouped.
        (a().and(b()).and(c()), "a pr and b pr and c pr"),
        (a().and(b().and(c())), "a pr and (b pr and c pr)"),
        (a().or(b()).or(c()), "a pr or b pr or c pr"),
        (a().or(b().or(c())), "a pr or (b pr or c pr)"),
        (not(a().and(b())).or(c()), "not (a pr and b pr) or c pr"),
        (not(not(a())), "not (not (a pr))"),
        (a().and(not(b().or(c()))), "a pr and not (b pr or c pr)"),
    ];
    for (expr, expected) in cases {
        let filter = expr.build().expect("builds");
        assert_eq!(filter.to_string(), expected);
        assert_eq!(parse(expected).expect("parses"), filter, "{expected}");
    }
    // The tree API makes the same filters.
    let tree = Filter::Present(path("a")).or(Filter::Present(path("b")));
    assert_eq!(
        (!tree.clone()).and(Filter::Present(path("c"))).to_string(),
        "not (a pr or b pr) and c pr"
    );
    assert_eq!(String::from(tree), "a pr or b pr");
}

#[test]
fn rfc_7644_examples_render_as_printed() {
    let cases =
        [
            (
                attr("userType").eq("Employee").and(
                    attr("emails")
                        .co("example.com")
                        .or(attr("emails.value").co("example.org")),
                ),
                r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
            ),
            (
                attr("userType").ne("Employee").and(not(attr("emails")
                    .co("example.com")
                    .or(attr("emails.value").co("example.org")))),
                r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
            ),
            (
                attr("userType").eq("Employee").and(
                    attr("emails").matching(
                        attr("type")
                            .eq("work")
                            .and(attr("value").co("@example.com")),
                    ),
                ),
                r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
            ),
            (
                attr("emails")
                    .matching(
                        attr("type")
                            .eq("work")
                            .and(attr("value").co("@example.com")),
                    )
                    .or(attr("ims")
                        .matching(attr("type").eq("xmpp").and(attr("value").co("@foo.com")))),
                r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
            ),
            (
                attr("emails")
                    .matching(attr("type").eq("work").or(attr("type").eq("home")))
                    .and(attr("userName").sw("b")),
                r#"emails[type eq "work" or type eq "home"] and userName sw "b""#,
            ),
            (
                attr("members").matching(attr("$ref").pr()),
                "members[$ref pr]",
            ),
        ];
    for (expr, expected) in cases {
        let filter = expr.build().expect("builds");
        assert_eq!(filter.to_string(), expected);
        assert_eq!(parse(expected).expect("parses"), filter);
    }
}

#[test]
fn urn_qualified_and_sub_attribute_paths() {
    let employee = format!("{ENTERPRISE}:employeeNumber");
    assert_eq!(
        built(attr(&employee).eq("701984")),
        format!(r#"{employee} eq "701984""#)
    );
    let manager = format!("{ENTERPRISE}:manager.value");
    let text = built(attr(&manager).eq("26118915-6090-4610-87e4-49d8ca9f808d"));
    assert_eq!(
        text,
        format!(r#"{manager} eq "26118915-6090-4610-87e4-49d8ca9f808d""#)
    );

    let parsed = path(&manager);
    assert_eq!(parsed.urn(), Some(ENTERPRISE));
    assert_eq!(parsed.name(), "manager");
    assert_eq!(parsed.sub_attr(), Some("value"));
    assert_eq!(parsed.to_string(), manager);
    let core = path(&format!("{CORE}:name.familyName"));
    assert_eq!(
        (core.urn(), core.name(), core.sub_attr()),
        (Some(CORE), "name", Some("familyName"))
    );
    let plain: AttrPath = "name.familyName".parse().expect("parses");
    assert_eq!(
        (plain.urn(), plain.name(), plain.sub_attr()),
        (None, "name", Some("familyName"))
    );
    assert_eq!(
        path("name").with_sub_attr("givenName").expect("valid"),
        path("name.givenName")
    );
    assert_eq!(path("members.$ref").sub_attr(), Some("$ref"));
    assert_eq!(
        AttrPath::parse("URN:x:y:a")
            .expect("case-insensitive scheme")
            .urn(),
        Some("URN:x:y")
    );
    assert_eq!(
        Attr::from(path("title"))
            .pr()
            .build()
            .expect("builds")
            .to_string(),
        "title pr"
    );
}

#[test]
fn raw_filters_pass_through_and_are_grouped_when_combined() {
    let raw = Filter::raw(r#"userName eq "a" or userName eq "b""#);
    assert_eq!(raw.to_string(), r#"userName eq "a" or userName eq "b""#);
    let combined = Expr::from(raw.clone())
        .and(attr("active").eq(true))
        .build()
        .expect("builds");
    assert_eq!(
        combined.to_string(),
        r#"(userName eq "a" or userName eq "b") and active eq true"#
    );
    assert_eq!(
        Expr::from(raw.clone())
            .or(attr("x").pr())
            .build()
            .expect("builds")
            .to_string(),
        r#"(userName eq "a" or userName eq "b") or x pr"#
    );
    assert_eq!(
        not(raw.clone()).build().expect("builds").to_string(),
        r#"not (userName eq "a" or userName eq "b")"#
    );
    assert_eq!(
        attr("emails")
            .matching(Filter::raw("type eq \"work\""))
            .build()
            .expect("builds")
            .to_string(),
        r#"emails[type eq "work"]"#
    );
}

// ---------------------------------------------------------------------------------------
// Filters: errors

#[test]
fn invalid_attribute_paths_are_errors() {
    let bad = [
        "",
        " ",
        "1abc",
        "-a",
        "_a",
        "user name",
        "userName ",
        "a.b.c",
        "a..b",
        ".a",
        "a.",
        "$",
        "$1",
        "$$ref",
        "na\"me",
        "nämé",
        "emails[type",
        "a]",
        "a(b)",
        "foo:bar",
        "urn:",
        "urn:x",
        "urn:x:",
        "urn::a",
        "urn:x y:a",
        "urn:x:y:",
        "urn:x:y:1a",
        "urn:x:y:a.1",
        "a\u{0}",
        "userName eq \"x\" or userName",
        "a\nb",
        "ａｂｃ",
    ];
    for text in bad {
        let error = AttrPath::parse(text).expect_err(text);
        assert!(
            matches!(&error, FilterError::InvalidAttrPath { path, .. } if path == text),
            "{error:?}"
        );
        assert!(
            error.to_string().contains("invalid attribute path"),
            "{error}"
        );
        let error = attr(text).eq("x").build().expect_err(text);
        assert!(matches!(error, FilterError::InvalidAttrPath { .. }));
        assert!(!AttrPath::is_valid_name(text));
    }
    for good in [
        "a",
        "userName",
        "x-y_z9",
        "$ref",
        "A1",
        "emails.value",
        "members.$ref",
        "urn:x:y:a",
    ] {
        AttrPath::parse(good).unwrap_or_else(|e| panic!("{good}: {e}"));
    }
    assert!(path("name.givenName").with_sub_attr("x").is_err());
    assert!(path("name").with_sub_attr("bad name").is_err());
    // Long input is shortened in the message.
    let long = "é ".repeat(10_000);
    let message = AttrPath::parse(&long).expect_err("invalid").to_string();
    assert!(message.len() < 400, "{message}");
}

#[test]
fn nan_and_infinity_are_errors_never_rendered() {
    for number in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -f64::NAN] {
        assert_eq!(
            FilterValue::number(number),
            Err(FilterError::NonFiniteNumber)
        );
        assert_eq!(
            attr("score").gt(number).build().expect_err("non-finite"),
            FilterError::NonFiniteNumber
        );
        let error = attr("a")
            .pr()
            .and(attr("score").eq(number))
            .build()
            .expect_err("non-finite");
        assert_eq!(error, FilterError::NonFiniteNumber);
        assert!(error.to_string().contains("NaN or infinite"));
    }
    assert!(FilterValue::number(f64::MAX).is_ok());
    assert!(FilterValue::number(f64::MIN_POSITIVE).is_ok());
}

#[test]
fn the_first_error_is_reported() {
    let error = attr("bad name")
        .eq(f64::NAN)
        .and(attr("x").eq(f64::NAN))
        .build()
        .expect_err("invalid");
    assert!(
        matches!(error, FilterError::InvalidAttrPath { .. }),
        "{error:?}"
    );
    let error = attr("ok")
        .eq(f64::NAN)
        .or(attr("bad name").pr())
        .build()
        .expect_err("invalid");
    assert_eq!(error, FilterError::NonFiniteNumber);
    let error = attr("ok")
        .pr()
        .or(attr("bad name").pr())
        .build()
        .expect_err("invalid");
    assert!(matches!(error, FilterError::InvalidAttrPath { .. }));
    let error = not(attr("").pr()).build().expect_err("invalid");
    assert!(matches!(error, FilterError::InvalidAttrPath { .. }));
}

#[test]
fn value_filter_rules() {
    let nested = attr("emails").matching(attr("a").matching(attr("b").pr()));
    assert_eq!(
        nested.build().expect_err("nested"),
        FilterError::NestedValuePath
    );
    let nested =
        attr("emails").matching(attr("x").pr().and(not(attr("a").matching(attr("b").pr()))));
    assert_eq!(
        nested.build().expect_err("nested"),
        FilterError::NestedValuePath
    );
    let sub = attr("emails.value")
        .matching(attr("type").eq("work"))
        .build()
        .expect_err("sub");
    assert!(
        matches!(sub, FilterError::InvalidAttrPath { .. }),
        "{sub:?}"
    );
    // A value filter inside and/or/not is fine.
    let text = built(not(attr("emails").matching(attr("primary").eq(true))).or(attr("x").pr()));
    assert_eq!(text, "not (emails[primary eq true]) or x pr");
    let error = attr("emails")
        .matching(attr("type").eq(f64::NAN))
        .build()
        .expect_err("nan");
    assert_eq!(error, FilterError::NonFiniteNumber);
}

#[test]
fn values_and_date_times() {
    assert_eq!(FilterValue::from("x").as_json(), &json!("x"));
    assert_eq!(FilterValue::from(String::from("y")).to_string(), "\"y\"");
    assert_eq!(FilterValue::from(&String::from("z")).to_string(), "\"z\"");
    assert_eq!(FilterValue::from(7u8).to_string(), "7");
    assert_eq!(FilterValue::from(-7i32).to_string(), "-7");
    assert_eq!(
        FilterValue::from(serde_json::Number::from(5)).to_string(),
        "5"
    );
    assert_eq!(
        FilterValue::try_from(json!(null)).expect("scalar"),
        FilterValue::null()
    );
    assert_eq!(
        FilterValue::try_from(json!(1.5))
            .expect("scalar")
            .to_string(),
        "1.5"
    );
    assert!(matches!(
        FilterValue::try_from(json!([1])),
        Err(FilterError::InvalidValue(_))
    ));
    assert!(matches!(
        FilterValue::try_from(json!({"a": 1})),
        Err(FilterError::InvalidValue(_))
    ));

    for good in [
        "2011-05-13T04:42:34Z",
        "2011-05-13t04:42:34z",
        "2011-05-13T04:42:34.1Z",
        "2011-05-13T04:42:34.123456789+02:00",
        "2011-05-13T04:42:34-11:30",
        "2016-12-31T23:59:60Z",
        "0001-01-01T00:00:00Z",
    ] {
        let value = FilterValue::date_time(good).unwrap_or_else(|e| panic!("{good}: {e}"));
        assert_eq!(value.to_string(), format!("\"{good}\""));
        assert_eq!(
            built(attr("meta.created").gt(FilterValue::date_time(good))),
            format!("meta.created gt \"{good}\"")
        );
    }
    for bad in [
        "",
        "2011-05-13",
        "2011-05-13T04:42:34",
        "2011-05-13 04:42:34Z",
        "2011-13-13T04:42:34Z",
        "2011-00-13T04:42:34Z",
        "2011-05-32T04:42:34Z",
        "2011-05-13T24:42:34Z",
        "2011-05-13T04:60:34Z",
        "2011-05-13T04:42:61Z",
        "2011-05-13T04:42:34.Z",
        "2011-05-13T04:42:34+2:00",
        "2011-05-13T04:42:34+24:00",
        "2011-05-13T04:42:34+02:60",
        "2011-05-13T04:42:34ZZ",
        "2011-05-13T04:42:34Z\"",
        "+011-05-13T04:42:34Z",
        "２０１１-05-13T04:42:34Z",
        "2011-05-13T04:42:34+02:00 or x pr",
        "2011-05-13T04:42:3é",
    ] {
        let error = FilterValue::date_time(bad).expect_err(bad);
        assert!(
            matches!(error, FilterError::InvalidValue(_)),
            "{bad}: {error:?}"
        );
        assert!(
            attr("meta.created")
                .gt(FilterValue::date_time(bad))
                .build()
                .is_err()
        );
    }
}

// ---------------------------------------------------------------------------------------
// Filters: escaping

/// Renders `title eq <value>` and reads the string back with the independent parser.
fn round_trip_string(value: &str) -> String {
    let text = built(attr("title").eq(value));
    assert!(text.starts_with("title eq \""), "{text:?}");
    assert!(text.ends_with('"'), "{text:?}");
    // RFC 8259: no raw control character may appear inside a string literal.
    assert!(
        !text.chars().any(|c| c < '\u{20}'),
        "raw control character in {text:?}"
    );
    // Exactly what serde_json writes for the string.
    let literal = &text["title eq ".len()..];
    assert_eq!(literal, serde_json::to_string(value).expect("serializes"));
    match parse(&text).unwrap_or_else(|e| panic!("{text:?} does not parse: {e}")) {
        Filter::Compare {
            path,
            op: CompareOp::Eq,
            value,
        } => {
            assert_eq!(path, AttrPath::parse("title").expect("valid"));
            value.as_json().as_str().expect("a string").to_owned()
        }
        other => panic!("{text:?} parsed as {other:?}"),
    }
}

#[test]
fn hostile_strings_stay_inside_their_literal() {
    let hostile = [
        "\"",
        "\\",
        "\\\"",
        "\"\\",
        "] or userName pr",
        "\") or (userName pr",
        "x\" or userName pr or title eq \"",
        "\"]) or not (userName pr) or emails[type eq \"",
        "a\nb\r\nc",
        "\u{0}",
        "nul\u{0}inside",
        "\u{1}\u{2}\u{7}\u{8}\u{9}\u{b}\u{c}\u{1b}\u{1f}",
        "\u{7f}",
        "\u{2028}\u{2029}",
        "\u{feff}bom",
        "😀 non-BMP \u{10ffff} \u{1d11e}",
        "\u{fffd}",
        "é e\u{301}",
        "",
        " ",
        "/slash/",
        "'single'",
        "\\u0022 is a quote",
        "\\\\\\\"\"\"",
    ];
    for value in hostile {
        assert_eq!(round_trip_string(value), value);
    }
    let long = "\"\\]) or x pr \u{0}😀".repeat(50_000);
    assert_eq!(round_trip_string(&long), long);
    assert_eq!(
        built(attr("title").eq("a\"b\\c\n\u{1}")),
        r#"title eq "a\"b\\c\n\u0001""#
    );
}

#[test]
fn hostile_values_inside_value_filters_and_combinations() {
    let evil = "\"] or userName pr or emails[value eq \"";
    let filter = attr("emails")
        .matching(attr("value").eq(evil).and(attr("type").eq("work")))
        .or(attr("title").co(evil))
        .build()
        .expect("builds");
    assert_eq!(parse(&filter.to_string()).expect("parses"), filter);
}

/// Strings rich in what could break a literal: quotes, backslashes, brackets, parentheses,
/// control characters, non-BMP characters and keywords.
fn hostile_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => any::<char>().prop_map(String::from),
        2 => prop::sample::select(vec!["\"", "\\", "]", "[", "(", ")", " or ", " and ", "not ", " pr", "\\u0000", "\\\""])
            .prop_map(str::to_owned),
        2 => (0u32..0x20).prop_map(|c| char::from_u32(c).map(String::from).unwrap_or_default()),
        1 => Just("😀".to_owned()),
        1 => Just("\u{7f}".to_owned()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

// ---------------------------------------------------------------------------------------
// Filters: random trees

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[A-Za-z][A-Za-z0-9_-]{0,8}",
        1 => Just("$ref".to_owned()),
        // Names that are also keywords of the grammar.
        2 => prop::sample::select(vec!["and", "or", "not", "pr", "eq", "AND", "Not", "co", "true", "null"])
            .prop_map(str::to_owned),
    ]
}

fn attr_path(with_sub: bool) -> impl Strategy<Value = AttrPath> {
    let urn = prop::option::weighted(
        0.2,
        prop::sample::select(vec![CORE, ENTERPRISE, "urn:x:y-1.2_z"]),
    );
    let sub = prop::option::weighted(0.3, name());
    (urn, name(), sub).prop_map(move |(urn, name, sub)| {
        let mut text = urn.map(|u| format!("{u}:")).unwrap_or_default();
        text.push_str(&name);
        if let Some(sub) = sub.filter(|_| with_sub) {
            text.push('.');
            text.push_str(&sub);
        }
        AttrPath::parse(&text).unwrap_or_else(|e| panic!("generated {text:?}: {e}"))
    })
}

fn filter_value() -> impl Strategy<Value = FilterValue> {
    prop_oneof![
        3 => hostile_string().prop_map(FilterValue::from),
        2 => any::<String>().prop_map(FilterValue::from),
        1 => any::<i64>().prop_map(FilterValue::from),
        1 => any::<u64>().prop_map(FilterValue::from),
        1 => any::<f64>().prop_filter_map("finite", |n| FilterValue::number(n).ok()),
        1 => any::<bool>().prop_map(FilterValue::from),
        1 => Just(FilterValue::null()),
    ]
}

fn compare_op() -> impl Strategy<Value = CompareOp> {
    prop::sample::select(CompareOp::ALL.to_vec())
}

fn leaf() -> BoxedStrategy<Filter> {
    prop_oneof![
        4 => (attr_path(true), compare_op(), filter_value())
            .prop_map(|(path, op, value)| Filter::Compare { path, op, value }),
        1 => attr_path(true).prop_map(Filter::Present),
    ]
    .boxed()
}

fn combine(inner: BoxedStrategy<Filter>) -> BoxedStrategy<Filter> {
    prop_oneof![
        (inner.clone(), inner.clone()).prop_map(|(l, r)| l.and(r)),
        (inner.clone(), inner.clone()).prop_map(|(l, r)| l.or(r)),
        inner.prop_map(|f| !f),
    ]
    .boxed()
}

/// What may stand between brackets: anything but another value filter.
fn value_filter() -> BoxedStrategy<Filter> {
    leaf().prop_recursive(3, 12, 2, combine).boxed()
}

fn filter_tree() -> BoxedStrategy<Filter> {
    let value_path =
        (attr_path(false), value_filter()).prop_map(|(path, filter)| Filter::ValuePath {
            path,
            filter: Box::new(filter),
        });
    prop_oneof![4 => leaf(), 1 => value_path]
        .prop_recursive(4, 24, 2, combine)
        .boxed()
}

/// The same tree made through the builder API.
fn rebuild(filter: &Filter) -> Expr {
    match filter {
        Filter::Compare { path, op, value } => Attr::from(path.clone()).compare(*op, value.clone()),
        Filter::Present(path) => Attr::from(path.clone()).pr(),
        Filter::ValuePath { path, filter } => Attr::from(path.clone()).matching(rebuild(filter)),
        Filter::Not(inner) => not(rebuild(inner)),
        Filter::And(l, r) => rebuild(l).and(rebuild(r)),
        Filter::Or(l, r) => rebuild(l).or(rebuild(r)),
        Filter::Raw(text) => Filter::raw(text.clone()).into(),
    }
}

/// Byte positions of the matching parenthesis pairs outside string literals.
fn paren_pairs(text: &str) -> Vec<(usize, usize)> {
    let (mut pairs, mut open, mut in_string, mut escaped) = (Vec::new(), Vec::new(), false, false);
    for (i, c) in text.char_indices() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') | (false, _, '"') => in_string = !in_string,
            (false, _, '(') => open.push(i),
            (false, _, ')') => pairs.push((open.pop().expect("balanced"), i)),
            _ => {}
        }
    }
    assert!(open.is_empty() && !in_string, "unbalanced: {text:?}");
    pairs
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_string_reads_back_as_itself(value in any::<String>()) {
        prop_assert_eq!(round_trip_string(&value), value.clone());
        prop_assert_eq!(FilterValue::from(value.as_str()).to_string(), serde_json::to_string(&value).expect("serializes"));
    }

    #[test]
    fn hostile_strings_read_back_as_themselves(value in hostile_string(), other in hostile_string()) {
        prop_assert_eq!(round_trip_string(&value), value.clone());
        // Inside a larger filter too: the value cannot end its literal and start syntax.
        let filter = attr("emails").matching(attr("value").co(value.as_str()))
            .and(not(attr("title").sw(other.as_str()).or(attr("nickName").ew(value.as_str()))))
            .build().expect("builds");
        let text = filter.to_string();
        prop_assert_eq!(parse(&text).map_err(TestCaseError::fail)?, filter);
        paren_pairs(&text);
    }

    #[test]
    fn random_trees_read_back_as_the_same_tree(tree in filter_tree()) {
        let text = tree.to_string();
        let parsed = parse(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        prop_assert_eq!(&parsed, &tree, "{}", text);
        // The builder API makes the same tree.
        prop_assert_eq!(rebuild(&tree).build().expect("builds"), tree.clone());
        // Every parenthesis is needed: without it the text reads differently (or not at all).
        // The parentheses of `not (...)` are part of its syntax.
        for (open, close) in paren_pairs(&text) {
            if text[..open].ends_with("not ") {
                continue;
            }
            let shorter = format!("{}{}{}", &text[..open], &text[open + 1..close], &text[close + 1..]);
            prop_assert_ne!(parse(&shorter).ok(), Some(tree.clone()), "needless parentheses in {}", text);
        }
    }

    #[test]
    fn parsing_never_panics(text in ".{0,80}", other in any::<String>()) {
        let _ = AttrPath::parse(&text);
        let _ = AttrPath::parse(&other);
        let _ = FilterValue::date_time(&text);
        let _ = FilterValue::date_time(&other);
        let _ = attr(&other).matching(attr(&text).eq(other.as_str())).build();
        let _ = PatchPath::parse(&other);
        let _ = value_path(other.as_str(), attr(&text).pr()).sub_attr(&other).build();
        let _ = serde_json::from_str::<PatchRequest>(&other);
        let _ = serde_json::from_value::<PatchRequest>(json!({"schemas": [PATCH_OP_URN], "Operations": [{"op": text, "path": other}]}));
    }
}

// ---------------------------------------------------------------------------------------
// PATCH

/// Stands in for an SDK model passed as a value.
#[derive(Serialize)]
struct Email {
    #[serde(rename = "type")]
    kind: String,
    value: String,
    primary: bool,
}

#[derive(Serialize)]
struct Name<'a> {
    #[serde(rename = "familyName")]
    family_name: &'a str,
    #[serde(rename = "givenName")]
    given_name: &'a str,
}

/// A value whose serialization fails.
struct Unserializable;

impl Serialize for Unserializable {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("cannot serialize this"))
    }
}

fn wire(request: &PatchRequest) -> String {
    serde_json::to_string(request).expect("serializes")
}

#[test]
fn patch_envelope_is_exactly_the_wire_body() {
    let request = PatchRequest::builder()
        .add(
            "emails",
            json!([{ "type": "home", "value": "bjensen@example.org" }]),
        )
        .replace("active", false)
        .remove("title")
        .build()
        .expect("builds");
    assert_eq!(
        wire(&request),
        concat!(
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":["#,
            r#"{"op":"add","path":"emails","value":[{"type":"home","value":"bjensen@example.org"}]},"#,
            r#"{"op":"replace","path":"active","value":false},"#,
            r#"{"op":"remove","path":"title"}]}"#,
        )
    );
    let expected = json!({
        "schemas": [PATCH_OP_URN],
        "Operations": [
            { "op": "add", "path": "emails", "value": [{ "type": "home", "value": "bjensen@example.org" }] },
            { "op": "replace", "path": "active", "value": false },
            { "op": "remove", "path": "title" },
        ]
    });
    assert_eq!(
        serde_json::to_value(&request).expect("serializes"),
        expected
    );
    assert_eq!(request.to_json(), expected);
    assert_eq!(Value::from(request.clone()), expected);
    assert_eq!(request.operations().len(), 3);
    assert_eq!(request.operations()[0].op(), PatchOp::Add);
    assert_eq!(request.operations()[2].value(), None);
    assert_eq!(
        request.clone().into_operations()[1]
            .path()
            .map(ToString::to_string)
            .as_deref(),
        Some("active")
    );
    assert_eq!(
        PATCH_OP_URN,
        "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    );
}

#[test]
fn patch_without_path_takes_an_object() {
    let request = PatchRequest::builder()
        .add_object(json!({ "nickName": "Babs" }))
        .replace_object(json!({ "active": false }))
        .build()
        .expect("builds");
    assert_eq!(
        wire(&request),
        concat!(
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":["#,
            r#"{"op":"add","value":{"nickName":"Babs"}},{"op":"replace","value":{"active":false}}]}"#,
        )
    );
    assert_eq!(request.operations()[0].path(), None);
    for not_object in [json!("x"), json!([1]), json!(null), json!(1)] {
        assert_eq!(
            PatchOperation::add_object(&not_object),
            Err(PatchError::NotAnObject)
        );
        assert_eq!(
            PatchOperation::replace_object(&not_object),
            Err(PatchError::NotAnObject)
        );
    }
    let name = Name {
        family_name: "Jensen",
        given_name: "Barbara",
    };
    let op = PatchOperation::replace_object(BTreeMap::from([("name", &name)])).expect("an object");
    assert_eq!(
        op.to_json(),
        json!({"op": "replace", "value": {"name": {"familyName": "Jensen", "givenName": "Barbara"}}})
    );
}

#[test]
fn patch_filtered_urn_and_sub_attribute_paths() {
    let member = "2819c223-7f76-453a-919d-413861904646";
    let request = PatchRequest::builder()
        .replace(
            value_path("emails", attr("type").eq("work")).sub_attr("value"),
            "bj@example.com",
        )
        .remove(value_path("members", attr("value").eq(member)))
        .replace(
            value_path(
                "addresses",
                attr("type").eq("work").and(attr("primary").eq(true)),
            )
            .sub_attr("streetAddress"),
            "100 Universal City Plaza",
        )
        .replace(format!("{ENTERPRISE}:manager.value"), "26118915")
        .replace(path(&format!("{ENTERPRISE}:department")), "Tour Operations")
        .replace(
            attr("name").into_path().expect("valid"),
            json!({ "givenName": "Barbara" }),
        )
        .add(
            value_path("name", attr("x").pr()).sub_attr("givenName"),
            "y",
        )
        .build()
        .expect("builds");
    let paths: Vec<String> = request
        .operations()
        .iter()
        .map(|op| op.path().expect("a path").to_string())
        .collect();
    assert_eq!(
        paths,
        [
            r#"emails[type eq "work"].value"#.to_owned(),
            format!(r#"members[value eq "{member}"]"#),
            r#"addresses[type eq "work" and primary eq true].streetAddress"#.to_owned(),
            format!("{ENTERPRISE}:manager.value"),
            format!("{ENTERPRISE}:department"),
            "name".to_owned(),
            "name[x pr].givenName".to_owned(),
        ]
    );
    let first = request.operations()[0].path().expect("a path");
    assert_eq!(first.attr_path(), Some(&path("emails")));
    assert_eq!(
        first.filter().map(ToString::to_string).as_deref(),
        Some(r#"type eq "work""#)
    );
    assert_eq!(first.sub_attr(), Some("value"));
    assert_eq!(first.as_raw(), None);
    assert_eq!(
        request.to_json()["Operations"][1],
        json!({ "op": "remove", "path": format!(r#"members[value eq "{member}"]"#) })
    );
    // `sub_attr` on a plain path makes `name.givenName`.
    let name = PathSpec::from(PatchPath::parse("name").expect("valid")).sub_attr("givenName");
    let op = PatchOperation::replace(name, "B").expect("valid");
    assert_eq!(op.path().expect("path").to_string(), "name.givenName");
    // Raw paths pass through unchecked.
    let raw = PatchOperation::remove(PatchPath::raw(
        r#"emails[type eq "work" and value ew "example.org"]"#,
    ))
    .expect("raw");
    assert_eq!(
        raw.path().and_then(PatchPath::as_raw),
        Some(r#"emails[type eq "work" and value ew "example.org"]"#)
    );
}

#[test]
fn patch_hostile_values_in_filtered_paths() {
    let evil = "\"] or userName pr or emails[value eq \"\\";
    let op =
        PatchOperation::remove(value_path("emails", attr("value").eq(evil)).sub_attr("display"))
            .expect("valid");
    let text = op.path().expect("path").to_string();
    let inner = text
        .strip_prefix("emails[")
        .and_then(|t| t.strip_suffix("].display"))
        .expect("shape");
    let parsed = parse(inner).expect("parses");
    assert_eq!(parsed, attr("value").eq(evil).build().expect("builds"));
}

#[test]
fn patch_values_can_be_models() {
    let email = Email {
        kind: "work".to_owned(),
        value: "bjensen@example.com".to_owned(),
        primary: true,
    };
    let request = PatchRequest::builder()
        .add("emails", [&email])
        .replace(
            "name",
            Name {
                family_name: "Jensen",
                given_name: "Barbara",
            },
        )
        .replace("title", String::from("Tour Guide"))
        .replace("x-count", 5)
        .replace("nickName", Option::<String>::None)
        .build()
        .expect("builds");
    assert_eq!(
        request.to_json()["Operations"],
        json!([
            { "op": "add", "path": "emails", "value": [{ "type": "work", "value": "bjensen@example.com", "primary": true }] },
            { "op": "replace", "path": "name", "value": { "familyName": "Jensen", "givenName": "Barbara" } },
            { "op": "replace", "path": "title", "value": "Tour Guide" },
            { "op": "replace", "path": "x-count", "value": 5 },
            { "op": "replace", "path": "nickName", "value": null },
        ])
    );
    assert_eq!(request.operations()[4].value(), Some(&Value::Null));
}

#[test]
fn patch_errors_are_reported_by_build() {
    let error = PatchRequest::builder()
        .replace("active", false)
        .add("emails", Unserializable)
        .remove("bad path")
        .build()
        .expect_err("serialization fails");
    assert!(
        matches!(&error, PatchError::Value(why) if why.contains("cannot serialize this")),
        "{error:?}"
    );
    assert!(error.to_string().contains("did not serialize"));

    // Non-string map keys cannot be JSON.
    let error = PatchOperation::add("x", BTreeMap::from([((1, 2), 3)])).expect_err("bad keys");
    assert!(matches!(error, PatchError::Value(_)), "{error:?}");

    let error = PatchRequest::builder()
        .remove("bad path")
        .replace("active", Unserializable)
        .build()
        .expect_err("bad");
    assert!(
        matches!(&error, PatchError::Path(FilterError::InvalidAttrPath { path, .. }) if path == "bad path"),
        "{error:?}"
    );
    assert!(std::error::Error::source(&error).is_some());

    // A filtered path cannot be given as text: it would be unchecked.
    let error =
        PatchOperation::remove(r#"emails[type eq "work"]"#).expect_err("text is an attribute path");
    assert!(matches!(error, PatchError::Path(_)));
    assert!(PatchOperation::replace(value_path("emails.value", attr("type").pr()), 1).is_err());
    assert!(PatchOperation::replace(value_path("emails", attr("type").eq(f64::NAN)), 1).is_err());
    assert!(
        PatchOperation::replace(
            value_path("emails", attr("type").pr())
                .sub_attr("a")
                .sub_attr("b"),
            1
        )
        .is_err()
    );
    assert!(
        PatchOperation::replace(
            value_path("emails", attr("type").pr()).sub_attr("bad name"),
            1
        )
        .is_err()
    );
    assert!(
        PatchOperation::replace(value_path("emails", attr("type").pr()).sub_attr("$ref"), 1)
            .is_ok()
    );
    assert!(PatchOperation::replace(PathSpec::from(PatchPath::raw("x")).sub_attr("y"), 1).is_err());
    assert!(PatchOperation::add("name.givenName.x", 1).is_err());

    assert_eq!(
        PatchRequest::builder().build(),
        Err(PatchError::NoOperations)
    );
    assert_eq!(PatchRequest::new(Vec::new()), Err(PatchError::NoOperations));
    let op = PatchOperation::remove("title").expect("valid");
    assert_eq!(
        PatchRequest::new(vec![op.clone()])
            .expect("one op")
            .operations(),
        std::slice::from_ref(&op)
    );
    assert_eq!(
        PatchRequest::builder()
            .operation(op.clone())
            .build()
            .expect("one op")
            .operations(),
        [op]
    );
}

#[test]
fn patch_remove_without_path_cannot_be_parsed() {
    // In Rust there is no way to ask for one: `remove` takes a path. A body that has one is
    // refused as RFC 7644's `noTarget`.
    for body in [
        json!({ "op": "remove" }),
        json!({ "op": "remove", "path": null }),
        json!({ "op": "Remove", "value": { "title": "x" } }),
    ] {
        let error = serde_json::from_value::<PatchOperation>(body.clone()).expect_err("no target");
        assert!(error.to_string().contains("noTarget"), "{body}: {error}");
        let request = json!({ "schemas": [PATCH_OP_URN], "Operations": [{ "op": "add", "path": "x", "value": 1 }, body] });
        let error = serde_json::from_value::<PatchRequest>(request).expect_err("no target");
        assert!(
            error.to_string().contains("Operations[1]: noTarget"),
            "{error}"
        );
    }
    let empty = serde_json::from_value::<PatchOperation>(json!({ "op": "remove", "path": " " }));
    assert!(empty.is_err());
}

#[test]
fn patch_parses_ops_and_names_in_any_case() {
    let body = json!({
        "schemas": [PATCH_OP_URN],
        "Operations": [
            { "op": "Add", "path": "emails", "value": [{ "type": "work", "value": "a@example.com" }] },
            { "op": "REPLACE", "path": "active", "value": false },
            { "op": "rEmOvE", "path": "title" },
            { "Op": "replace", "Path": "name.givenName", "Value": "B" },
            { "op": "replace", "value": { "nickName": "Babs" } },
            { "op": "add", "path": "x", "value": null },
        ]
    });
    let request: PatchRequest = serde_json::from_value(body).expect("parses");
    let ops: Vec<PatchOp> = request
        .operations()
        .iter()
        .map(PatchOperation::op)
        .collect();
    assert_eq!(
        ops,
        [
            PatchOp::Add,
            PatchOp::Replace,
            PatchOp::Remove,
            PatchOp::Replace,
            PatchOp::Replace,
            PatchOp::Add
        ]
    );
    let expected = PatchRequest::builder()
        .add(
            "emails",
            json!([{ "type": "work", "value": "a@example.com" }]),
        )
        .replace("active", false)
        .remove("title")
        .replace("name.givenName", "B")
        .replace_object(json!({ "nickName": "Babs" }))
        .add("x", Value::Null)
        .build()
        .expect("builds");
    assert_eq!(request, expected);
    // Written back in lowercase.
    assert!(wire(&request).contains(r#"{"op":"remove","path":"title"}"#));
    assert_eq!(
        serde_json::to_string(&PatchOp::Replace).expect("serializes"),
        "\"replace\""
    );
    assert_eq!(
        serde_json::from_str::<PatchOp>("\"ADD\"").expect("parses"),
        PatchOp::Add
    );
    assert_eq!(PatchOp::parse("Remove"), Some(PatchOp::Remove));
    assert_eq!(PatchOp::parse("move"), None);
    assert_eq!(PatchOp::Add.to_string(), "add");

    // Other spellings of the member names, and a filtered path kept verbatim.
    let body = r#"{"SCHEMAS":["URN:IETF:PARAMS:SCIM:API:MESSAGES:2.0:PATCHOP"],"operations":[{"op":"Remove","path":"emails[type eq \"work\"].value"}]}"#;
    let request: PatchRequest = serde_json::from_str(body).expect("parses");
    let path = request.operations()[0].path().expect("path");
    assert_eq!(path.as_raw(), Some(r#"emails[type eq "work"].value"#));
    assert_eq!(path.to_string(), r#"emails[type eq "work"].value"#);
    // A plain path is parsed into its parts.
    let parsed: PatchOperation = serde_json::from_value(
        json!({ "op": "replace", "path": format!("{ENTERPRISE}:manager.value"), "value": "x" }),
    )
    .expect("parses");
    assert_eq!(
        parsed
            .path()
            .and_then(PatchPath::attr_path)
            .and_then(AttrPath::urn),
        Some(ENTERPRISE)
    );
}

#[test]
fn patch_bodies_that_are_refused() {
    let refused = [
        json!({ "Operations": [{ "op": "remove", "path": "x" }] }),
        json!({ "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "Operations": [{ "op": "remove", "path": "x" }] }),
        json!({ "schemas": PATCH_OP_URN, "Operations": [{ "op": "remove", "path": "x" }] }),
        json!({ "schemas": [PATCH_OP_URN] }),
        json!({ "schemas": [PATCH_OP_URN], "Operations": [] }),
        json!({ "schemas": [PATCH_OP_URN], "Operations": {} }),
        json!({ "schemas": [PATCH_OP_URN], "Operations": ["remove"] }),
        json!({ "schemas": [PATCH_OP_URN], "Operations": [{ "op": "move", "path": "x" }] }),
        json!({ "schemas": [PATCH_OP_URN], "Operations": [{ "op": 1, "path": "x" }] }),
        json!({ "schemas": [PATCH_OP_URN], "Operations": [{ "path": "x", "value": 1 }] }),
        json!({ "schemas": [PATCH_OP_URN], "Operations": [{ "op": "add", "path": "x" }] }),
        json!({ "schemas": [PATCH_OP_URN], "Operations": [{ "op": "replace", "value": "not an object" }] }),
        json!({ "schemas": [PATCH_OP_URN], "Operations": [{ "op": "replace", "path": 5, "value": 1 }] }),
        json!({ "schemas": [PATCH_OP_URN], "Operations": [{ "op": "replace", "path": "", "value": 1 }] }),
        json!([]),
        json!("PatchOp"),
    ];
    for body in refused {
        assert!(
            serde_json::from_value::<PatchRequest>(body.clone()).is_err(),
            "{body} was accepted"
        );
    }
}

fn patch_op_strategy() -> impl Strategy<Value = PatchOperation> {
    let plain_path = attr_path(true);
    let value = prop_oneof![
        any::<String>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
        hostile_string().prop_map(|s| json!([{ "value": s, "type": "work" }])),
    ];
    (0..3u8, plain_path, value).prop_map(|(kind, path, value)| {
        match kind {
            0 => PatchOperation::add(path, value),
            1 => PatchOperation::replace(path, value),
            _ => PatchOperation::remove(path),
        }
        .expect("valid operation")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn patch_requests_round_trip_through_json(ops in prop::collection::vec(patch_op_strategy(), 1..6)) {
        let request = PatchRequest::new(ops).expect("not empty");
        let text = wire(&request);
        let parsed: PatchRequest = serde_json::from_str(&text).expect("parses back");
        prop_assert_eq!(&parsed, &request);
        prop_assert_eq!(serde_json::from_str::<Value>(&text).expect("JSON"), request.to_json());
    }

    #[test]
    fn any_string_value_survives_patch_and_filtered_paths(value in any::<String>(), hostile in hostile_string()) {
        let op = PatchOperation::replace(value_path("emails", attr("value").eq(hostile.as_str())).sub_attr("display"), value.as_str())
            .expect("valid");
        let json = op.to_json();
        prop_assert_eq!(&json["value"], &Value::from(value.as_str()));
        let path = json["path"].as_str().expect("a string");
        let inner = path.strip_prefix("emails[").and_then(|t| t.strip_suffix("].display")).expect("shape");
        prop_assert_eq!(parse(inner).map_err(TestCaseError::fail)?, attr("value").eq(hostile.as_str()).build().expect("builds"));
    }
}
