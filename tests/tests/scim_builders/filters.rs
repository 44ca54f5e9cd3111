//! Filters: rendering, errors and hostile values.

use super::*;

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
    // A filtered path written as text points to the builder that makes one.
    let error = AttrPath::parse("emails[value eq \"a:b\"].value").expect_err("filtered");
    assert!(error.to_string().contains("value_path"), "{error}");
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
pub(crate) fn round_trip_string(value: &str) -> String {
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
