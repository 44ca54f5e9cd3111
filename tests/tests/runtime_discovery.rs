//! Discovery documents as RFC 7643 writes them, served by wiremock: schema attributes that
//! leave their characteristics out decode with the §2.2 defaults, and the
//! ServiceProviderConfig members scim2-server does not send (`documentationUri`, a scheme's
//! `primary` and `documentationUri`) are typed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]
mod common;

use std::collections::BTreeMap;

use common::sdk;
use ringcentral_scim::models::{
    ScimMetaResourceType, ScimSchemaAttribute, ScimSchemaAttributeMutability,
    ScimSchemaAttributeReturned, ScimSchemaAttributeType, ScimSchemaAttributeUniqueness,
};
use serde_json::{Map, Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const BADGE: &str = "urn:example:params:scim:schemas:core:2.0:Badge";

/// A schema whose attributes (and sub-attributes) mostly rely on the RFC 7643 §2.2 defaults:
/// `required`, `caseExact`, `mutability`, `returned` and `uniqueness` are left out, except
/// on `issued`, which spells out values that differ from every default.
fn sparse_schema() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": BADGE,
        "name": "Badge",
        "attributes": [
            {"name": "badgeNumber", "type": "string", "multiValued": false},
            {
                "name": "holder",
                "type": "complex",
                "multiValued": true,
                "subAttributes": [
                    {"name": "value", "type": "string", "multiValued": false},
                    {"name": "display", "type": "string", "multiValued": false,
                     "mutability": "readOnly"},
                ],
            },
            {
                "name": "issued",
                "type": "dateTime",
                "multiValued": false,
                "required": true,
                "caseExact": true,
                "mutability": "immutable",
                "returned": "always",
                "uniqueness": "global",
            },
        ],
        "meta": {"resourceType": "Schema", "location": format!("/scim/v2/Schemas/{BADGE}")},
    })
}

fn list_of(resources: Vec<Value>) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": resources.len(),
        "Resources": resources,
    })
}

async fn serve(route: &str, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

fn flatten<'a>(
    prefix: &str,
    attributes: &'a [ScimSchemaAttribute],
    out: &mut BTreeMap<String, &'a ScimSchemaAttribute>,
) {
    for attribute in attributes {
        let path = match prefix {
            "" => attribute.name.clone(),
            _ => format!("{prefix}.{}", attribute.name),
        };
        flatten(
            &path,
            attribute.sub_attributes.as_deref().unwrap_or_default(),
            out,
        );
        out.insert(path, attribute);
    }
}

/// `(required, caseExact, mutability, returned, uniqueness)` of an attribute.
type Characteristics = (
    bool,
    bool,
    ScimSchemaAttributeMutability,
    ScimSchemaAttributeReturned,
    ScimSchemaAttributeUniqueness,
);

fn characteristics(attribute: &ScimSchemaAttribute) -> Characteristics {
    (
        attribute.required,
        attribute.case_exact,
        attribute.mutability.clone(),
        attribute.returned.clone(),
        attribute.uniqueness.clone(),
    )
}

/// RFC 7643 §2.2: required false, caseExact false, readWrite, returned default, no uniqueness.
const DEFAULTS: Characteristics = (
    false,
    false,
    ScimSchemaAttributeMutability::ReadWrite,
    ScimSchemaAttributeReturned::Default,
    ScimSchemaAttributeUniqueness::None,
);

fn check_badge(attributes: &[ScimSchemaAttribute]) {
    let mut by_path = BTreeMap::new();
    flatten("", attributes, &mut by_path);
    let paths: Vec<&str> = by_path.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        [
            "badgeNumber",
            "holder",
            "holder.display",
            "holder.value",
            "issued"
        ]
    );
    for path in ["badgeNumber", "holder", "holder.value"] {
        assert_eq!(characteristics(by_path[path]), DEFAULTS, "{path}");
    }
    let display = (
        false,
        false,
        ScimSchemaAttributeMutability::ReadOnly,
        ScimSchemaAttributeReturned::Default,
        ScimSchemaAttributeUniqueness::None,
    );
    assert_eq!(characteristics(by_path["holder.display"]), display);
    // Characteristics that are given are read, not defaulted.
    let issued = (
        true,
        true,
        ScimSchemaAttributeMutability::Immutable,
        ScimSchemaAttributeReturned::Always,
        ScimSchemaAttributeUniqueness::Global,
    );
    assert_eq!(characteristics(by_path["issued"]), issued);
    assert_eq!(by_path["issued"].r#type, ScimSchemaAttributeType::DateTime);
    assert!(by_path["holder"].multi_valued);
    for (path, attribute) in by_path {
        assert_eq!(attribute.additional_properties, Map::new(), "{path}");
    }
}

#[tokio::test]
async fn schema_attributes_without_characteristics_get_the_rfc_defaults() {
    let server = serve("/scim/v2/Schemas", list_of(vec![sparse_schema()])).await;
    let list = sdk(&server)
        .scim()
        .scim_list_schemas2()
        .await
        .unwrap_or_else(|e| panic!("the sparse schema list does not decode: {e:?}"));
    let schemas = list.resources.as_deref().expect("Resources");
    assert_eq!(schemas.len(), 1);
    assert_eq!(schemas[0].id, BADGE);
    check_badge(schemas[0].attributes.as_deref().expect("attributes"));
}

#[tokio::test]
async fn one_schema_without_characteristics_gets_the_rfc_defaults() {
    let server = serve(&format!("/scim/v2/Schemas/{BADGE}"), sparse_schema()).await;
    let schema = sdk(&server)
        .scim()
        .scim_get_schema2(BADGE)
        .await
        .unwrap_or_else(|e| panic!("the sparse schema does not decode: {e:?}"));
    assert_eq!(schema.id, BADGE);
    assert_eq!(
        schema.meta.as_ref().and_then(|m| m.resource_type.clone()),
        Some(ScimMetaResourceType::Schema)
    );
    check_badge(schema.attributes.as_deref().expect("attributes"));
}

/// RFC 7643 §2.2 also lists `"type" is "string"` among the defaults: an attribute that leaves
/// its type out is a string attribute, and must not make the whole schema undecodable.
#[tokio::test]
async fn a_schema_attribute_without_a_type_is_a_string() {
    let mut schema = sparse_schema();
    schema["attributes"]
        .as_array_mut()
        .expect("attributes")
        .push(json!({"name": "nickname", "multiValued": false}));
    let server = serve(&format!("/scim/v2/Schemas/{BADGE}"), schema).await;
    let schema = sdk(&server)
        .scim()
        .scim_get_schema2(BADGE)
        .await
        .unwrap_or_else(|e| panic!("an attribute without `type` does not decode: {e:?}"));
    let attributes = schema.attributes.as_deref().expect("attributes");
    let nickname = attributes
        .iter()
        .find(|a| a.name == "nickname")
        .expect("nickname");
    assert_eq!(nickname.r#type, ScimSchemaAttributeType::String);
    assert_eq!(characteristics(nickname), DEFAULTS);
}

#[tokio::test]
async fn service_provider_config_decodes_documentation_uri_meta_and_scheme_types() {
    let body = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "documentationUri": "https://example.com/help/scim.html",
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": 200},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": true},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "OAuth Bearer Token",
                "description": "Authentication scheme using the OAuth Bearer Token Standard",
                "specUri": "https://www.rfc-editor.org/info/rfc6750",
                "documentationUri": "https://example.com/help/oauth.html",
                "primary": true,
            },
            {
                "type": "httpbasic",
                "name": "HTTP Basic",
                "description": "Authentication scheme using the HTTP Basic Standard",
                "specUri": "https://www.rfc-editor.org/info/rfc2617",
            },
        ],
        "meta": {
            "location": "https://example.com/v2/ServiceProviderConfig",
            "resourceType": "ServiceProviderConfig",
            "created": "2010-01-23T04:56:22Z",
            "lastModified": "2011-05-13T04:42:34Z",
            "version": "W/\"3694e05e9dff594\"",
        },
    });
    let server = serve("/scim/v2/ServiceProviderConfig", body.clone()).await;
    let config = sdk(&server)
        .scim()
        .scim_get_provider_config2()
        .await
        .unwrap_or_else(|e| panic!("RFC 7643 §8.5's example does not decode: {e:?}"));

    assert_eq!(
        config.documentation_uri.as_deref(),
        Some("https://example.com/help/scim.html")
    );
    let meta = config.meta.as_ref().expect("meta");
    assert_eq!(
        meta.resource_type,
        Some(ScimMetaResourceType::ServiceProviderConfig)
    );
    assert_eq!(
        meta.location.as_deref(),
        Some("https://example.com/v2/ServiceProviderConfig")
    );
    assert_eq!(meta.created.as_deref(), Some("2010-01-23T04:56:22Z"));
    assert_eq!(meta.last_modified.as_deref(), Some("2011-05-13T04:42:34Z"));
    assert_eq!(meta.version.as_deref(), Some("W/\"3694e05e9dff594\""));
    let schemes = config
        .authentication_schemes
        .as_deref()
        .expect("authenticationSchemes");
    let types: Vec<&str> = schemes.iter().map(|s| s.r#type.as_str()).collect();
    assert_eq!(types, ["oauthbearertoken", "httpbasic"]);
    assert_eq!(schemes[0].name, "OAuth Bearer Token");
    assert_eq!(schemes[0].primary, Some(true));
    assert_eq!(
        schemes[0].documentation_uri.as_deref(),
        Some("https://example.com/help/oauth.html")
    );
    assert_eq!(schemes[1].primary, None);
    assert_eq!(schemes[1].documentation_uri, None);
    assert!(!config.bulk.as_ref().expect("bulk").supported);
    assert_eq!(
        config.filter.as_ref().expect("filter").max_results,
        Some(200)
    );
    // Everything is typed, and serializes back to exactly the document.
    assert_eq!(config.additional_properties, Map::new());
    assert_eq!(serde_json::to_value(&config).expect("serializes"), body);
}
