//! PATCH bodies.

use super::properties::{attr_path, hostile_string};
use super::*;

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
fn patch_path_naming_a_whole_extension() {
    // RFC 7644 §3.5.2: a path may name a whole extension (its value is the attributes), so the
    // segment after `2.0:` is part of the URN, not an attribute of `...:2.0`.
    let vendor = "urn:example:params:scim:schemas:extension:vendor:2.0:User";
    let shouted = ENTERPRISE.to_ascii_uppercase();
    for urn in [ENTERPRISE, CORE, vendor, shouted.as_str()] {
        let whole = PatchPath::parse(urn).expect("valid");
        assert_eq!((whole.urn(), whole.attr_path()), (Some(urn), None), "{urn}");
        assert_eq!(
            (whole.filter(), whole.sub_attr(), whole.as_raw()),
            (None, None, None)
        );
        assert_eq!(whole.to_string(), urn);
    }
    // Attributes of the extension keep the whole URN.
    let manager = format!("{ENTERPRISE}:manager.value");
    let number = format!("{ENTERPRISE}:employeeNumber");
    for (text, name, sub) in [
        (&manager, "manager", Some("value")),
        (&number, "employeeNumber", None),
    ] {
        let parsed = PatchPath::parse(text).expect("valid");
        assert_eq!(parsed.urn(), Some(ENTERPRISE));
        let attr = parsed.attr_path().expect("an attribute");
        assert_eq!(
            (attr.urn(), attr.name(), attr.sub_attr()),
            (Some(ENTERPRISE), name, sub)
        );
        assert_eq!(parsed.to_string(), *text);
    }
    // Without a version before it, the last segment stays an attribute.
    let qualified = PatchPath::parse("urn:example:billing:costCenter").expect("valid");
    let attr = qualified.attr_path().expect("an attribute");
    assert_eq!(
        (attr.urn(), attr.name()),
        (Some("urn:example:billing"), "costCenter")
    );

    // The wire text is the path as written, and reads back as the whole extension.
    let request = PatchRequest::builder()
        .replace(ENTERPRISE, json!({ "employeeNumber": "7" }))
        .remove(ENTERPRISE)
        .build()
        .expect("builds");
    let body = wire(&request);
    assert_eq!(
        body,
        format!(
            r#"{{"schemas":["{PATCH_OP_URN}"],"Operations":[{{"op":"replace","path":"{ENTERPRISE}","value":{{"employeeNumber":"7"}}}},{{"op":"remove","path":"{ENTERPRISE}"}}]}}"#
        )
    );
    let read: PatchRequest = serde_json::from_str(&body).expect("parses");
    assert_eq!(read, request);
    let path = read.operations()[1].path().expect("a path");
    assert_eq!((path.urn(), path.attr_path()), (Some(ENTERPRISE), None));
    // An extension's attribute follows a `:`; `.manager` after it would be another path.
    let dotted = PatchOperation::remove(PathSpec::from(ENTERPRISE).sub_attr("manager"));
    assert!(dotted.is_err(), "{dotted:?}");
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
