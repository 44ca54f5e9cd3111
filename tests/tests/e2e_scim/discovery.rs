//! Discovery: schemas, resource types and the service provider config.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use ringcentral_scim::models::{
    ScimMetaResourceType, ScimProviderConfigSchemasItem, ScimResourceTypeResponseSchema,
    ScimSchemaAttributeType, ScimSchemaExtensionSchema,
};

use crate::support::{
    CORE_GROUP, CORE_USER, ENTERPRISE_USER, api_error, flatten_attributes, scim_error, sdk,
};

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

    // `binary` is not in the vendor's attribute type enum: it lands in the catch-all.
    let mut binary = Vec::new();
    for schema in schemas {
        let mut attributes = BTreeMap::new();
        flatten_attributes(
            "",
            schema.attributes.as_deref().unwrap_or_default(),
            &mut attributes,
        );
        for (path, attribute) in attributes {
            if attribute.r#type == ScimSchemaAttributeType::Other("binary".to_owned()) {
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
    assert_eq!(user_name.uniqueness.as_str(), "server");
    let emails = attributes["emails"];
    assert!(emails.multi_valued);
    assert_eq!(emails.r#type, ScimSchemaAttributeType::Complex);
    assert_eq!(
        attributes["emails.value"].r#type,
        ScimSchemaAttributeType::String
    );
    assert_eq!(attributes["groups"].mutability.as_str(), "readOnly");
    let password = attributes["password"];
    assert_eq!(password.mutability.as_str(), "writeOnly");
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
    assert_eq!(attributes["members.value"].mutability.as_str(), "immutable");

    let enterprise = &schemas[2];
    let names: Vec<&str> = enterprise
        .attributes
        .as_deref()
        .expect("attributes")
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert!(names.contains(&"department"), "{names:?}");

    // An unknown URN is a typed 404.
    let api = api_error(
        sdk.scim()
            .scim_get_schema2("urn:example:no:such:schema")
            .await,
    );
    scim_error(&api, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn resource_types_list_and_get() {
    let sdk = sdk();
    let list = sdk
        .scim()
        .scim_list_resource_types2()
        .await
        .unwrap_or_else(|e| panic!("GET /ResourceTypes failed: {e:?}"));
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
    assert_eq!(
        user.schema,
        ScimResourceTypeResponseSchema::UrnIetfParamsScimSchemasCore20User
    );
    let extensions = user.schema_extensions.as_deref().expect("schemaExtensions");
    assert_eq!(extensions.len(), 1);
    assert_eq!(
        extensions[0].schema,
        ScimSchemaExtensionSchema::UrnIetfParamsScimSchemasExtensionEnterprise20User
    );
    assert!(!extensions[0].required);
    assert_eq!(
        user.meta.as_ref().and_then(|m| m.resource_type.clone()),
        Some(ScimMetaResourceType::ResourceType)
    );

    // Group's schema URN is not in the vendor's enum (it lists only User): the catch-all.
    let group = sdk
        .scim()
        .scim_get_resource_type2("Group")
        .await
        .unwrap_or_else(|e| panic!("GET /ResourceTypes/Group failed: {e:?}"));
    assert_eq!(&group, &types[1]);
    assert_eq!(group.name, "Group");
    assert_eq!(group.endpoint, "/Groups");
    assert_eq!(
        group.schema,
        ScimResourceTypeResponseSchema::Other(CORE_GROUP.to_owned())
    );
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
    assert_eq!(
        config.schemas.as_deref(),
        Some(
            &[ScimProviderConfigSchemasItem::UrnIetfParamsScimSchemasCore20ServiceProviderConfig][..]
        )
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
    assert_eq!(schemes[0].name.as_deref(), Some("bearer_token"));
    assert_eq!(
        schemes[0].spec_uri.as_deref(),
        Some("https://datatracker.ietf.org/doc/html/rfc6750")
    );
}
