//! The SCIM SDK, pinned: the intermediate model and every file the generator writes for it are
//! insta snapshots, so any change to what the generator produces shows up as a reviewable diff.
//! The snapshots and the checked-in `generated/` come from the same project file and the same
//! generation, and a test holds them to each other byte for byte. The runtime, a crate of its
//! own, is compiled and tested there and not snapshotted again.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

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
    // Copies of files kept elsewhere in the repository (the runtime crate, spec/rust and
    // spec/examples) are compared with their sources below, not pinned a second time.
    let config = scim_config();
    let copied: Vec<String> = config
        .modules
        .iter()
        .map(|m| format!("src/{}.rs", m.path))
        .chain(config.extra_files.iter().map(|f| f.path.clone()))
        .collect();
    for file in generated
        .files
        .iter()
        .filter(|f| !f.path.starts_with("src/runtime/") && !copied.contains(&f.path))
    {
        let name = format!("scim_file__{}", file.path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, &file.contents);
    }
}

#[test]
fn the_checked_in_crate_is_what_the_snapshots_pin() {
    let generated = generate(&scim_input(), &scim_config());
    let dir = tests::repo_root().join("generated");
    for file in &generated.files {
        let on_disk = std::fs::read_to_string(dir.join(&file.path))
            .unwrap_or_else(|err| panic!("generated/{} is missing ({err})", file.path));
        assert!(
            on_disk == file.contents,
            "generated/{} differs from what the generator writes: run `cargo xtask codegen`",
            file.path
        );
    }
}

#[test]
fn the_runtime_is_copied_without_its_tests() {
    let generated = generate(&scim_input(), &scim_config());
    let runtime: Vec<_> = generated
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/runtime/"))
        .collect();
    assert!(runtime.len() >= 7, "{runtime:?}");
    for file in runtime {
        assert!(
            !file.contents.contains("#[cfg(test)]") && !file.contents.contains("#[test]"),
            "{} carries test code",
            file.path
        );
        let name = file.path.trim_start_matches("src/runtime/");
        let source = if name == "mod.rs" { "lib.rs" } else { name };
        let original = std::fs::read_to_string(
            tests::repo_root()
                .join("generator/runtime/src")
                .join(source),
        )
        .expect("the runtime crate has the file")
        // The one rewrite: doc examples name the SDK instead of the runtime crate.
        .replace("sdkgen_runtime::", "ringcentral_scim::");
        let body = file.contents.split_once('\n').map_or("", |(_, rest)| rest);
        assert!(
            original.starts_with(body.trim_end()),
            "{} is not the runtime crate's file up to its tests",
            file.path
        );
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
        r#""urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" =>"#,
        r#""Resources" =>"#,
        r#""Operations" =>"#,
        r#""userName" =>"#,
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
