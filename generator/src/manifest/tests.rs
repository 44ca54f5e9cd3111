//! The manifest spells what a caller sees, and reading it back never panics.

use super::*;
use crate::ir::{
    self, Additional, Decoding, HttpMethod, ParamStyle, ReaderNames, SerdeImpl, StatusVariant,
};

fn field(name: &str, ty: TypeRef, presence: Presence) -> Field {
    Field {
        rust_name: name.to_owned(),
        json_name: name.to_owned(),
        setter: format!("with_{name}"),
        ty,
        presence,
        required_to_build: false,
        nullable: false,
        boxed: false,
        flatten: false,
        docs: String::new(),
        deprecated: false,
        listed_in: None,
    }
}

fn api() -> Api {
    let mut nullable = field("nickname", TypeRef::String, Presence::Optional);
    nullable.nullable = true;
    // readOnly and required in the document: lowering leaves it out of the constructor.
    let read_only = field("id", TypeRef::String, Presence::Optional);
    let defaulted = field(
        "active",
        TypeRef::Bool,
        Presence::Defaulted(ir::DefaultValue::Bool(false)),
    );
    let mut boxed = field(
        "manager",
        TypeRef::Named("User".to_owned()),
        Presence::Optional,
    );
    boxed.boxed = true;
    let user = TypeDef {
        name: "User".to_owned(),
        origin: "/components/schemas/User".to_owned(),
        docs: String::new(),
        deprecated: false,
        kind: TypeKind::Struct(ir::Struct {
            fields: vec![
                field("name", TypeRef::String, Presence::Required),
                nullable,
                read_only,
                defaulted,
                boxed,
                field(
                    "tags",
                    TypeRef::Array(Box::new(TypeRef::String)),
                    Presence::Required,
                ),
            ],
            additional: Some(Additional {
                rust_name: "additional_properties".to_owned(),
                value: TypeRef::Any,
                docs: String::new(),
            }),
            serde: SerdeImpl::Manual,
            reader: ReaderNames {
                map: "map".to_owned(),
                key: "key".to_owned(),
            },
            member_match: crate::ir::MemberMatch::Exact,
            has_default: false,
            conversions: Vec::new(),
        }),
        features: Vec::new(),
    };
    let param = |name: &str, ty: TypeRef| Param {
        rust_name: name.to_owned(),
        json_name: name.to_owned(),
        location: ParamLocation::Query,
        ty,
        style: ParamStyle::Form { explode: true },
        docs: String::new(),
        deprecated: false,
        example: None,
    };
    let variant = |name: &str, ty: TypeRef| StatusVariant {
        name: name.to_owned(),
        ty,
        docs: String::new(),
    };
    let op = Operation {
        operation_id: "patchUser".to_owned(),
        method_name: "patch_user".to_owned(),
        http_method: HttpMethod::Patch,
        path: "/users/{id}".to_owned(),
        summary: None,
        docs: None,
        deprecated: false,
        params: vec![
            param("id", TypeRef::String),
            param("ids", TypeRef::Array(Box::new(TypeRef::I64))),
        ],
        request: Some(ir::RequestBuilder {
            type_name: "PatchUserRequest".to_owned(),
            params: vec![param("count", TypeRef::I32)],
            pagination: None,
        }),
        body: Some(ir::RequestBody {
            ty: TypeRef::Named("User".to_owned()),
            encoding: BodyEncoding::Json {
                content_type: "application/json".to_owned(),
            },
            required: false,
        }),
        success_statuses: vec!["200".to_owned(), "204".to_owned()],
        success: Outcome::PerStatus {
            type_name: "PatchUserResponse".to_owned(),
            docs: String::new(),
            variants: vec![
                variant("Ok", TypeRef::Named("User".to_owned())),
                variant("NoContent", TypeRef::Unit),
            ],
        },
        error: Outcome::Single { ty: TypeRef::Any },
        decoding: Decoding {
            arms: Vec::new(),
            otherwise_undocumented: true,
        },
        accept: None,
        anonymous: false,
    };
    Api {
        title: "t".to_owned(),
        version: "1".to_owned(),
        description: None,
        servers: Vec::new(),
        auth: Vec::new(),
        shared_path: None,
        types: vec![user],
        services: vec![ir::Service {
            tag: "Users".to_owned(),
            type_name: "UsersService".to_owned(),
            accessor: "users".to_owned(),
            docs: String::new(),
            operations: vec![op],
            feature: None,
        }],
        nesting_depth: 1,
        features: Vec::new(),
        examples: Vec::new(),
    }
}

fn manifest() -> ApiManifest {
    ApiManifest::from_api(&api(), "demo", "0.3.1")
}

#[test]
fn spells_the_rust_surface() {
    let m = manifest();
    assert_eq!(m.format, FORMAT_VERSION);
    let Some(Shape::Struct { fields }) =
        m.types.iter().find(|t| t.name == "User").map(|t| &t.shape)
    else {
        panic!("User is a struct: {m:#?}");
    };
    let spelled: Vec<(&str, &str, bool)> = fields
        .iter()
        .map(|f| (f.rust_name.as_str(), f.rust_type.as_str(), f.constructor))
        .collect();
    assert_eq!(
        spelled,
        [
            ("name", "String", true),
            ("nickname", "Option<Option<String>>", false),
            // readOnly: the server sets it, so `new` does not ask for it and it may be absent.
            ("id", "Option<String>", false),
            ("active", "bool", false),
            ("manager", "Option<Box<User>>", false),
            ("tags", "Vec<String>", true),
            ("additional_properties", "Map<String, Value>", false),
        ]
    );
    let op = &m.operations[0];
    let args: Vec<&str> = op.args.iter().map(|a| a.rust_type.as_str()).collect();
    assert_eq!(args, ["&str", "&[i64]"]);
    assert_eq!(op.body.as_deref(), Some("Option<&User>"));
    assert_eq!(op.success, "PatchUserResponse");
    assert_eq!(op.error, "Value");
    let request = op
        .request
        .as_ref()
        .map(|r| (r.type_name.as_str(), r.setters[0].rust_type.as_str()));
    assert_eq!(request, Some(("PatchUserRequest", "i32")));
    // The per-status enum is a public type too.
    let response = m.types.iter().find(|t| t.name == "PatchUserResponse");
    let Some(Shape::Union { variants, .. }) = response.map(|t| &t.shape) else {
        panic!("PatchUserResponse is listed: {m:#?}");
    };
    assert_eq!(variants[0].rust_type.as_deref(), Some("User"));
    assert_eq!(variants[1].rust_type, None);
}

#[test]
fn json_round_trips_with_the_notice_first() {
    let m = manifest();
    let text = m.to_json();
    assert!(text.ends_with("}\n"));
    assert!(
        text.starts_with("{\n  \"generated\": \"Generated by"),
        "{text}"
    );
    assert_eq!(ApiManifest::from_json(&text), Ok(m));
}

fn error_of(text: &str) -> String {
    match ApiManifest::from_json(text) {
        Ok(m) => panic!("read {m:?}"),
        Err(err) => err,
    }
}

#[test]
fn from_json_explains_what_is_wrong() {
    assert!(error_of("{ nope").contains("is not valid JSON"));
    assert!(error_of("[1, 2]").contains("must hold a JSON object"));
    assert!(error_of("{}").contains("has no `format` field"));
    let newer = error_of(r#"{"format": 2}"#);
    assert!(
        newer.contains("has format 2") && newer.contains("reads format 1"),
        "{newer}"
    );
    assert!(error_of(r#"{"format": "1"}"#).contains("has format \"1\""));

    let mut value: Value = serde_json::from_str(&manifest().to_json()).unwrap_or_default();
    value["operations"][0]["args"][1]["rust_type"] = Value::Bool(true);
    let err = error_of(&value.to_string());
    assert!(err.contains("operations[0].args[1].rust_type"), "{err}");

    let mut value: Value = serde_json::from_str(&manifest().to_json()).unwrap_or_default();
    if let Some(object) = value["types"][0].as_object_mut() {
        object.remove("shape");
    }
    let err = error_of(&value.to_string());
    assert!(err.contains("types[0]") && err.contains("shape"), "{err}");

    let mut value: Value = serde_json::from_str(&manifest().to_json()).unwrap_or_default();
    value["crate_version"] = Value::String("one".to_owned());
    let err = error_of(&value.to_string());
    assert!(
        err.contains("crate_version") && err.contains("\"one\""),
        "{err}"
    );
}
