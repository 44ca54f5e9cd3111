//! Property tests: any value and any tree read back as themselves.

use super::filters::round_trip_string;
use super::*;

/// control characters, non-BMP characters and keywords.
/// Strings rich in what could break a literal: quotes, backslashes, brackets, parentheses,
pub(crate) fn hostile_string() -> impl Strategy<Value = String> {
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

pub(crate) fn attr_path(with_sub: bool) -> impl Strategy<Value = AttrPath> {
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
