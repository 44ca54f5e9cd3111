//! The SCIM SDK, pinned: the intermediate model and every generated file are insta snapshots,
//! so any change to what the generator produces shows up as a reviewable diff.

use tests::{generate, scim_config, scim_input};

#[test]
fn intermediate_model() {
    let (api, warnings) =
        generator::lower_input(&scim_input(), &scim_config()).expect("spec/scim.yaml lowers");
    assert!(
        warnings.is_empty(),
        "our own spec should lower without warnings: {warnings:#?}"
    );
    insta::assert_json_snapshot!("scim_ir", api);
}

#[test]
fn every_generated_file() {
    let generated = generate(&scim_input(), &scim_config());
    let mut paths: Vec<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    paths.sort();
    insta::assert_debug_snapshot!("scim_file_list", paths);
    for file in &generated.files {
        let name = format!("scim_file__{}", file.path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, &file.contents);
    }
}

#[test]
fn generation_is_deterministic() {
    let first = generate(&scim_input(), &scim_config());
    let second = generate(&scim_input(), &scim_config());
    assert_eq!(first.files, second.files);
}

#[test]
fn the_twelve_operations_keep_the_python_sdk_names() {
    let (api, _) = generator::lower_input(&scim_input(), &scim_config()).expect("lowers");
    let mut names: Vec<&str> = api
        .services
        .iter()
        .flat_map(|s| &s.operations)
        .map(|o| o.method_name.as_str())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "scim_create_user2",
            "scim_delete_user2",
            "scim_get_provider_config2",
            "scim_get_resource_type2",
            "scim_get_schema2",
            "scim_get_user2",
            "scim_list_resource_types2",
            "scim_list_schemas2",
            "scim_patch_user2",
            "scim_search_via_get2",
            "scim_search_via_post2",
            "scim_update_user2",
        ]
    );
    assert_eq!(api.services.len(), 1);
    assert_eq!(api.services[0].accessor, "scim");
}

#[test]
fn wire_names_that_differ_from_rust_names_are_renamed() {
    let generated = generate(&scim_input(), &scim_config());
    let models = &generated
        .files
        .iter()
        .find(|f| f.path == "src/models.rs")
        .expect("models.rs")
        .contents;
    for wire in [
        r#"rename = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
        r#"rename = "Resources""#,
        r#"rename = "Operations""#,
        r#"rename = "userName""#,
    ] {
        assert!(models.contains(wire), "models.rs lacks {wire}");
    }
}

#[test]
fn renaming_an_operation_id_renames_the_method() {
    let mut input = scim_input();
    input.source.text = input
        .source
        .text
        .replace("operationId: scimGetUser2", "operationId: scimFetchUser");
    let generated = generate(&input, &scim_config());
    let service = &generated
        .files
        .iter()
        .find(|f| f.path == "src/services/scim.rs")
        .expect("service")
        .contents;
    assert!(
        service.contains("pub fn scim_fetch_user("),
        "the method follows the operationId"
    );
    assert!(!service.contains("pub fn scim_get_user2("));
    let original = generate(&scim_input(), &scim_config());
    assert_ne!(
        original.files, generated.files,
        "codegen --check compares these files, so it would fail"
    );
}
