//! The manifest spells what a caller sees, and reading it back never panics.

use super::*;
use crate::ir::{self, HttpMethod, ParamStyle, ResponseCase, StatusMatch};

fn field(name: &str, ty: TypeRef, required: bool) -> Field {
    Field {
        rust_name: name.to_owned(),
        json_name: name.to_owned(),
        ty,
        required,
        nullable: false,
        boxed: false,
        flatten: false,
        default: None,
        docs: None,
        deprecated: false,
        read_only: false,
        write_only: false,
    }
}

fn api() -> Api {
    let mut nullable = field("nickname", TypeRef::String, false);
    nullable.nullable = true;
    let mut read_only = field("id", TypeRef::String, true);
    read_only.read_only = true;
    let mut defaulted = field("active", TypeRef::Bool, true);
    defaulted.default = Some(Value::Bool(false));
    let mut boxed = field("manager", TypeRef::Named("User".to_owned()), false);
    boxed.boxed = true;
    let user = TypeDef {
        name: "User".to_owned(),
        origin: "/components/schemas/User".to_owned(),
        docs: None,
        deprecated: false,
        kind: TypeKind::Struct(ir::Struct {
            fields: vec![
                field("name", TypeRef::String, true),
                nullable,
                read_only,
                defaulted,
                boxed,
                field("tags", TypeRef::Array(Box::new(TypeRef::String)), true),
            ],
            additional: Some(TypeRef::Any),
            additional_field: "additional_properties".to_owned(),
        }),
    };
    let param = |name: &str, ty: TypeRef| Param {
        rust_name: name.to_owned(),
        json_name: name.to_owned(),
        location: ParamLocation::Query,
        ty,
        style: ParamStyle::Form { explode: true },
        docs: None,
        default: None,
        deprecated: false,
    };
    let case = |code: u16, variant: &str, body: ResponseBody| ResponseCase {
        status: StatusMatch::Code(code),
        variant: variant.to_owned(),
        body,
        docs: None,
    };
    let op = Operation {
        operation_id: "patchUser".to_owned(),
        method_name: "patch_user".to_owned(),
        http_method: HttpMethod::Patch,
        path: "/users/{id}".to_owned(),
        summary: None,
        description: None,
        deprecated: false,
        params: vec![
            param("id", TypeRef::String),
            param("ids", TypeRef::Array(Box::new(TypeRef::I64))),
        ],
        optional_params: Some(ir::ParamsStruct {
            type_name: "PatchUserParams".to_owned(),
            fields: vec![param("count", TypeRef::I32)],
        }),
        body: Some(ir::RequestBody {
            ty: TypeRef::Named("User".to_owned()),
            encoding: BodyEncoding::Json {
                content_type: "application/json".to_owned(),
            },
            required: false,
            docs: None,
        }),
        success: Outcome::PerStatus {
            type_name: "PatchUserResponse".to_owned(),
            cases: vec![
                case(
                    200,
                    "Ok",
                    ResponseBody::Json(TypeRef::Named("User".to_owned())),
                ),
                case(204, "NoContent", ResponseBody::Empty),
            ],
        },
        error: Outcome::Single {
            ty: TypeRef::Unit,
            cases: Vec::new(),
        },
        accept: None,
    };
    Api {
        title: "t".to_owned(),
        version: "1".to_owned(),
        description: None,
        servers: Vec::new(),
        auth: Vec::new(),
        types: vec![user],
        services: vec![ir::Service {
            tag: "Users".to_owned(),
            type_name: "UsersService".to_owned(),
            accessor: "users".to_owned(),
            docs: None,
            operations: vec![op],
        }],
        nesting_depth: 1,
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
            // readOnly: the server sets it, so `new` does not ask for it.
            ("id", "String", false),
            ("active", "bool", false),
            ("manager", "Option<Box<User>>", false),
            ("tags", "Vec<String>", true),
            ("additional_properties", "HashMap<String, Value>", false),
        ]
    );
    let op = &m.operations[0];
    let args: Vec<&str> = op.args.iter().map(|a| a.rust_type.as_str()).collect();
    assert_eq!(args, ["&str", "&[i64]"]);
    assert_eq!(op.body.as_deref(), Some("Option<&User>"));
    assert_eq!(op.success, "PatchUserResponse");
    assert_eq!(op.error, "Value");
    let params = op.params.as_ref().map(|p| p.fields[0].rust_type.as_str());
    assert_eq!(params, Some("Option<i32>"));
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
