//! Additions to the API break nobody: a program written against the SCIM SDK
//! (`tests/compat/caller.rs`) compiles against the SDK generated from spec/, and still compiles
//! once the document gains an optional property, enum values and an operation. As a control,
//! removing an operation it calls does break it (so the check can fail).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

use std::fs;
use std::path::Path;

use generator::Source;
use tests::{
    cargo_in, generate, repo_root, scim_config, scim_input, scratch_dir, write_crate,
    write_workspace,
};

/// An optional property, an enum value on each `type` enum of a user's values, and an
/// operation: all additions a caller must not notice.
const ADDITIONS: &str = r#"
overlay: 1.0.0
info: {title: additions, version: "1"}
actions:
  - target: $.components.schemas.ScimUser.properties
    update:
      costCode: {type: string, description: Added later.}
  - target: $.components.schemas['ScimEmail','ScimUserAddress','ScimPhoneNumber'].properties.type.enum
    update: [internal]
  - target: $.paths
    update:
      /scim/v2/Groups:
        get:
          operationId: scimListGroups2
          tags: [SCIM]
          responses:
            "200": {description: Groups.}
"#;

/// Removes an operation the caller uses.
const REMOVAL: &str = r#"
overlay: 1.0.0
info: {title: removal, version: "1"}
actions:
  - target: $.paths['/scim/v2/Users/{scimUserId}'].delete
    remove: true
"#;

fn write_sdk(dir: &Path, extra_overlay: Option<&str>) {
    let mut input = scim_input();
    if let Some(text) = extra_overlay {
        input.overlays.push(Source::new("change.yaml", text));
    }
    let generated = generate(&input, &scim_config());
    let sdk = dir.join("sdk");
    if sdk.exists() {
        fs::remove_dir_all(&sdk).unwrap();
    }
    write_crate(&sdk, &generated);
}

#[test]
fn a_caller_survives_additions_but_not_removals() {
    let workspace = scratch_dir("compat");
    write_workspace(&workspace, &["sdk", "caller"]);
    let caller = workspace.join("caller/src");
    fs::create_dir_all(&caller).unwrap();
    fs::write(
        workspace.join("caller/Cargo.toml"),
        "[package]\nname = \"compat-caller\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
         [dependencies]\nringcentral-scim = { path = \"../sdk\" }\n",
    )
    .unwrap();
    fs::copy(
        repo_root().join("tests/compat/caller.rs"),
        caller.join("main.rs"),
    )
    .unwrap();
    let check = || cargo_in(&workspace, &["check", "-p", "compat-caller", "--quiet"]);

    write_sdk(&workspace, None);
    if let Err(output) = check() {
        panic!("the caller does not compile against today's SDK:\n{output}");
    }
    write_sdk(&workspace, Some(ADDITIONS));
    if let Err(output) = check() {
        panic!("an optional property, enum values or an operation broke the caller:\n{output}");
    }
    write_sdk(&workspace, Some(REMOVAL));
    let broken = check().expect_err("removing an operation the caller uses must break it");
    assert!(broken.contains("scim_delete_user2"), "{broken}");
}
