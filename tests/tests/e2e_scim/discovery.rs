//! Discovery: schemas, resource types and the service provider config.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use ringcentral_scim::models::{
    ScimMetaResourceType, ScimProviderConfigSchemasItem, ScimResourceTypeResponseSchema,
    ScimSchemaAttribute, ScimSchemaAttributeMutability, ScimSchemaAttributeReturned,
    ScimSchemaAttributeType, ScimSchemaAttributeUniqueness, ScimSchemaExtensionSchema,
};
use serde_json::{Map, Value, json};

use crate::support::{
    CORE_GROUP, CORE_USER, ENTERPRISE_USER, api_error, flatten_attributes, raw_get, scim_error,
    sdk, to_json,
};

const SCHEMA_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";
const RESOURCE_TYPE_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

#[tokio::test]
async fn schemas_list_and_get_by_urn() {
    let sdk = sdk();
    let list = sdk
        .scim()
        .scim_list_schemas2()
        .await
        .unwrap_or_else(|e| panic!("GET /Schemas failed: {e:?}"));
    let schemas = list.resources.as_deref().expect("Resources");
    let ids: Vec<&str> = schemas.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, [CORE_USER, CORE_GROUP, ENTERPRISE_USER]);
    assert_eq!(list.total_results, Some(3));

    // `binary` is a known attribute type now (RFC 7643 §2.3.6): no catch-all anywhere.
    let mut binary = Vec::new();
    for schema in schemas {
        let mut attributes = BTreeMap::new();
        flatten_attributes(
            "",
            schema.attributes.as_deref().unwrap_or_default(),
            &mut attributes,
        );
        for (path, attribute) in attributes {
            assert!(
                !matches!(attribute.r#type, ScimSchemaAttributeType::Other(_)),
                "{}:{path} has an unknown type: {attribute:?}",
                schema.id
            );
            if attribute.r#type == ScimSchemaAttributeType::Binary {
                assert_eq!(attribute.r#type.as_str(), "binary");
                binary.push(format!("{}:{path}", schema.id));
            }
        }
    }
    assert_eq!(binary, [format!("{CORE_USER}:x509Certificates.value")]);

    for schema in schemas {
        // The URN goes into the path with its colons.
        let one = sdk
            .scim()
            .scim_get_schema2(&schema.id)
            .await
            .unwrap_or_else(|e| panic!("GET /Schemas/{} failed: {e:?}", schema.id));
        assert_eq!(&one, schema);
        assert_eq!(
            one.meta.as_ref().and_then(|m| m.resource_type.clone()),
            Some(ScimMetaResourceType::Schema)
        );
        // A schema's own `schemas` is declared (our overlay, RFC 7643 section 7).
        assert_eq!(one.schemas, Some(vec![SCHEMA_URN.to_owned()]));
        assert_eq!(one.additional_properties, Map::new());
    }

    let user = &schemas[0];
    assert_eq!(user.name.as_deref(), Some("User"));
    let mut attributes = BTreeMap::new();
    flatten_attributes(
        "",
        user.attributes.as_deref().expect("attributes"),
        &mut attributes,
    );
    let user_name = attributes["userName"];
    assert!(user_name.required);
    assert!(!user_name.multi_valued);
    assert_eq!(user_name.r#type, ScimSchemaAttributeType::String);
    assert_eq!(user_name.uniqueness, ScimSchemaAttributeUniqueness::Server);
    assert_eq!(user_name.uniqueness.as_str(), "server");
    let emails = attributes["emails"];
    assert!(emails.multi_valued);
    assert_eq!(emails.r#type, ScimSchemaAttributeType::Complex);
    assert_eq!(
        attributes["emails.value"].r#type,
        ScimSchemaAttributeType::String
    );
    assert_eq!(
        attributes["groups"].mutability,
        ScimSchemaAttributeMutability::ReadOnly
    );
    assert_eq!(attributes["groups"].mutability.as_str(), "readOnly");
    let password = attributes["password"];
    assert_eq!(
        password.mutability,
        ScimSchemaAttributeMutability::WriteOnly
    );
    assert_eq!(password.returned, ScimSchemaAttributeReturned::Never);
    assert_eq!(password.returned.as_str(), "never");

    let group = &schemas[1];
    assert_eq!(group.name.as_deref(), Some("Group"));
    let mut attributes = BTreeMap::new();
    flatten_attributes(
        "",
        group.attributes.as_deref().expect("attributes"),
        &mut attributes,
    );
    assert!(attributes.contains_key("displayName"));
    assert_eq!(
        attributes["members.value"].mutability,
        ScimSchemaAttributeMutability::Immutable
    );

    let enterprise = &schemas[2];
    let names: Vec<&str> = enterprise
        .attributes
        .as_deref()
        .expect("attributes")
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "employeeNumber",
            "costCenter",
            "organization",
            "division",
            "department",
            "manager"
        ]
    );

    // An unknown URN is a typed 404.
    let api = api_error(
        sdk.scim()
            .scim_get_schema2("urn:example:no:such:schema")
            .await,
    );
    scim_error(&api, StatusCode::NOT_FOUND);
}

/// What a schema attribute's characteristic is when the raw JSON leaves it out (RFC 7643 §2.2).
fn rfc_default(characteristic: &str) -> Value {
    match characteristic {
        "multiValued" | "required" | "caseExact" => json!(false),
        "mutability" => json!("readWrite"),
        "returned" => json!("default"),
        "uniqueness" => json!("none"),
        other => panic!("no default for {other}"),
    }
}

/// The characteristics of a decoded attribute, as the JSON values they stand for.
fn characteristics(attribute: &ScimSchemaAttribute) -> BTreeMap<&'static str, Value> {
    BTreeMap::from([
        ("type", json!(attribute.r#type.as_str())),
        ("multiValued", json!(attribute.multi_valued)),
        ("required", json!(attribute.required)),
        ("caseExact", json!(attribute.case_exact)),
        ("mutability", json!(attribute.mutability.as_str())),
        ("returned", json!(attribute.returned.as_str())),
        ("uniqueness", json!(attribute.uniqueness.as_str())),
    ])
}

/// Every attribute of a raw schema, sub-attributes included, as `path -> JSON object`.
fn flatten_raw<'a>(prefix: &str, attributes: &'a Value, out: &mut BTreeMap<String, &'a Value>) {
    for attribute in attributes.as_array().expect("an attribute list") {
        let name = attribute["name"].as_str().expect("an attribute name");
        let path = if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        };
        if let Some(sub) = attribute.get("subAttributes") {
            flatten_raw(&path, sub, out);
        }
        out.insert(path, attribute);
    }
}

/// Every attribute of every schema decodes, each characteristic is what the server sent (or
/// its RFC 7643 §2.2 default where the server left it out), and the typed documents serialize
/// back to exactly the JSON the server sent.
#[tokio::test]
async fn every_schema_attribute_decodes_as_the_server_sent_it() {
    let sdk = sdk();
    let list = sdk
        .scim()
        .scim_list_schemas2()
        .await
        .unwrap_or_else(|e| panic!("GET /Schemas failed: {e:?}"));
    let raw = raw_get("Schemas", &[]).await;
    assert_eq!(to_json(&list), raw);

    let raw_schemas = raw["Resources"].as_array().expect("Resources");
    let schemas = list.resources.as_deref().expect("Resources");
    assert_eq!(schemas.len(), raw_schemas.len());
    let (mut checked, mut omitted) = (0, Vec::new());
    for (schema, raw_schema) in schemas.iter().zip(raw_schemas) {
        let mut typed = BTreeMap::new();
        flatten_attributes(
            "",
            schema.attributes.as_deref().unwrap_or_default(),
            &mut typed,
        );
        let mut sent = BTreeMap::new();
        flatten_raw("", &raw_schema["attributes"], &mut sent);
        assert_eq!(
            typed.keys().collect::<Vec<_>>(),
            sent.keys().collect::<Vec<_>>(),
            "{}",
            schema.id
        );
        for (path, attribute) in &typed {
            let raw_attribute = sent[path];
            for (characteristic, value) in characteristics(attribute) {
                let expected = match raw_attribute.get(characteristic) {
                    Some(sent) => sent.clone(),
                    None => {
                        omitted.push(format!("{}:{path} {characteristic}", schema.id));
                        rfc_default(characteristic)
                    }
                };
                assert_eq!(value, expected, "{}:{path} {characteristic}", schema.id);
            }
            assert_eq!(
                attribute.additional_properties,
                Map::new(),
                "{}:{path}",
                schema.id
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 82, "attributes checked");
    // scim2-server 0.8.3 writes every characteristic out, so the defaults are not exercised
    // here; `runtime_discovery.rs` serves a schema that leaves them out.
    assert_eq!(omitted, Vec::<String>::new());
}

#[tokio::test]
async fn resource_types_list_and_get() {
    let sdk = sdk();
    let list = sdk
        .scim()
        .scim_list_resource_types2()
        .await
        .unwrap_or_else(|e| panic!("GET /ResourceTypes failed: {e:?}"));
    assert_eq!(to_json(&list), raw_get("ResourceTypes", &[]).await);
    let types = list.resources.as_deref().expect("Resources");
    let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["User", "Group"]);
    assert_eq!(list.total_results, Some(2));

    let user = sdk
        .scim()
        .scim_get_resource_type2("User")
        .await
        .unwrap_or_else(|e| panic!("GET /ResourceTypes/User failed: {e:?}"));
    assert_eq!(&user, &types[0]);
    assert_eq!(user.id.as_deref(), Some("User"));
    assert_eq!(user.endpoint, "/Users");
    assert_eq!(user.schema, ScimResourceTypeResponseSchema::CoreUser);
    let extensions = user.schema_extensions.as_deref().expect("schemaExtensions");
    assert_eq!(extensions.len(), 1);
    assert_eq!(
        extensions[0].schema,
        ScimSchemaExtensionSchema::EnterpriseUser
    );
    assert!(!extensions[0].required);
    assert_eq!(
        user.meta.as_ref().and_then(|m| m.resource_type.clone()),
        Some(ScimMetaResourceType::ResourceType)
    );
    // A resource type's own `schemas` is declared (our overlay, RFC 7643 section 6).
    assert_eq!(user.schemas, Some(vec![RESOURCE_TYPE_URN.to_owned()]));
    assert_eq!(user.additional_properties, Map::new());

    // Group's schema URN is a known value now (the vendor's enum listed only User).
    let group = sdk
        .scim()
        .scim_get_resource_type2("Group")
        .await
        .unwrap_or_else(|e| panic!("GET /ResourceTypes/Group failed: {e:?}"));
    assert_eq!(&group, &types[1]);
    assert_eq!(group.name, "Group");
    assert_eq!(group.endpoint, "/Groups");
    assert_eq!(group.schema, ScimResourceTypeResponseSchema::CoreGroup);
    assert_eq!(group.schema.as_str(), CORE_GROUP);
    assert_eq!(group.schema_extensions, None);

    let api = api_error(sdk.scim().scim_get_resource_type2("NoSuchType").await);
    scim_error(&api, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn service_provider_config_advertises_features() {
    let sdk = sdk();
    let config = sdk
        .scim()
        .scim_get_provider_config2()
        .await
        .unwrap_or_else(|e| panic!("GET /ServiceProviderConfig failed: {e:?}"));
    // Everything the server sent is typed, and serializes back to exactly what it sent.
    let raw = raw_get("ServiceProviderConfig", &[]).await;
    assert_eq!(to_json(&config), raw);
    assert_eq!(config.additional_properties, Map::new(), "{config:?}");
    assert_eq!(
        config.schemas,
        [ScimProviderConfigSchemasItem::ServiceProviderConfig]
    );
    assert!(config.patch.as_ref().expect("patch").supported);
    assert!(config.sort.as_ref().expect("sort").supported);
    assert!(config.etag.as_ref().expect("etag").supported);
    assert!(
        config
            .change_password
            .as_ref()
            .expect("changePassword")
            .supported
    );
    let bulk = config.bulk.as_ref().expect("bulk");
    assert!(bulk.supported);
    assert_eq!(bulk.max_operations, Some(1000));
    assert_eq!(bulk.max_payload_size, Some(1_048_576));
    let filter = config.filter.as_ref().expect("filter");
    assert!(filter.supported);
    assert_eq!(filter.max_results, Some(1000));
    let schemes = config
        .authentication_schemes
        .as_deref()
        .expect("authenticationSchemes");
    assert_eq!(schemes.len(), 1);
    assert_eq!(schemes[0].r#type, "oauthbearertoken");
    assert_eq!(schemes[0].name, "bearer_token");
    assert_eq!(schemes[0].description.as_deref(), Some("HTTP Bearer Token"));
    assert_eq!(
        schemes[0].spec_uri.as_deref(),
        Some("https://datatracker.ietf.org/doc/html/rfc6750")
    );
    assert_eq!(schemes[0].additional_properties, Map::new());

    // scim2-server 0.8.3 sends no documentationUri (runtime_discovery.rs decodes one).
    assert_eq!(raw.get("documentationUri"), None, "{raw}");
    assert_eq!(config.documentation_uri, None);
    let meta = config.meta.as_ref().expect("meta");
    assert_eq!(
        meta.resource_type,
        Some(ScimMetaResourceType::ServiceProviderConfig)
    );
    assert!(
        meta.location
            .as_deref()
            .is_some_and(|l| l.ends_with("/scim/v2/ServiceProviderConfig")),
        "{meta:?}"
    );
    assert_eq!(meta.additional_properties, Map::new());
}
