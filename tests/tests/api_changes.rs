//! What edits of the SCIM document do to the Rust API of its SDK: each edit is a string
//! replacement on spec/scim.yaml (asserted to match exactly once, so an edit that no longer
//! applies fails instead of silently testing nothing), and the diff between the manifests of
//! the two generations must name exactly the expected changes and version.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

use generator::{
    ApiDiff, ApiManifest, CHANGELOG_FILE, ChangeKind, Input, Output, OutputError, Subject,
    VersionPolicy,
};

use ChangeKind::{Added, Changed, Removed, Renamed};

fn manifest_of(input: &Input, version: &str) -> ApiManifest {
    let config = tests::scim_config();
    match generator::lower_input(input, &config) {
        Ok((api, _warnings)) => ApiManifest::from_api(&api, &config.crate_name, version),
        Err(failure) => panic!(
            "the edited document does not lower: {:#?}",
            failure.diagnostics
        ),
    }
}

/// Replaces `from` by `to`; `from` must occur exactly once.
fn replace(input: &mut Input, from: &str, to: &str) {
    let count = input.source.text.matches(from).count();
    assert_eq!(
        count, 1,
        "the edit must match once, matched {count} times:\n{from}"
    );
    input.source.text = input.source.text.replacen(from, to, 1);
}

/// Removes everything from `start` up to (not including) `end`, both found exactly once.
fn cut(input: &mut Input, start: &str, end: &str) {
    let text = &input.source.text;
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not found"));
    let to = from
        + text[from..]
            .find(end)
            .unwrap_or_else(|| panic!("{end:?} not found"));
    let block = text[from..to].to_owned();
    replace(input, &block, "");
}

/// The SCIM SDK at 0.1.0 against its document after `edit`.
fn diff_after(edit: impl FnOnce(&mut Input)) -> ApiDiff {
    let before = tests::scim_input();
    let mut after = tests::scim_input();
    edit(&mut after);
    assert_ne!(
        before.source.text, after.source.text,
        "the edit changed nothing"
    );
    ApiDiff::between(
        &manifest_of(&before, "0.1.0"),
        &manifest_of(&after, "0.1.0"),
    )
}

type Row = (Subject, String, ChangeKind, bool);

fn rows(diff: &ApiDiff) -> Vec<Row> {
    diff.changes
        .iter()
        .map(|c| (c.subject, c.path.clone(), c.kind, c.breaking))
        .collect()
}

fn row(subject: Subject, path: &str, kind: ChangeKind, breaking: bool) -> Row {
    (subject, path.to_owned(), kind, breaking)
}

fn required(diff: &ApiDiff) -> String {
    diff.required_version()
        .unwrap_or_else(|err| panic!("{err}"))
}

const SCIM_USER_PROPERTIES: &str = "      description: User representation sent when creating or \
replacing a user.\n      required:\n        - emails\n        - name\n        - schemas\n        \
- userName\n      type: object\n      properties:\n";

/// A property none of the documents or overlays has (the overlays already add RFC 7643's).
fn add_pronouns(input: &mut Input) {
    let with_pronouns = format!(
        "{SCIM_USER_PROPERTIES}        pronouns:\n          type: string\n          \
         description: How to refer to the user.\n"
    );
    replace(input, SCIM_USER_PROPERTIES, &with_pronouns);
}

/// An address type beyond RFC 7643's canonical ones (the overlay adds `home` and `other`).
fn add_billing_address(input: &mut Input) {
    replace(
        input,
        "            - work\n    ScimUserSearchResponse:",
        "            - work\n            - billing\n    ScimUserSearchResponse:",
    );
}

#[test]
fn the_same_document_changes_nothing() {
    let input = tests::scim_input();
    let manifest = manifest_of(&input, "0.1.0");
    let diff = ApiDiff::between(&manifest, &manifest_of(&input, "0.1.0"));
    assert_eq!(rows(&diff), []);
    assert_eq!(required(&diff), "0.1.0");
    assert_eq!(ApiManifest::from_json(&manifest.to_json()), Ok(manifest));
}

#[test]
fn removing_an_operation_breaks() {
    let diff = diff_after(|input| {
        cut(input, "    delete:\n", "    patch:\n");
    });
    assert_eq!(
        rows(&diff),
        [row(
            Subject::Operation,
            "scim().scim_delete_user2",
            Removed,
            true
        )]
    );
    assert_eq!(required(&diff), "0.2.0");
}

#[test]
fn renaming_an_operation_id_is_one_breaking_rename() {
    let diff = diff_after(|input| {
        replace(
            input,
            "operationId: scimGetUser2\n",
            "operationId: scimReadUser2\n",
        );
    });
    assert_eq!(
        rows(&diff),
        [row(
            Subject::Operation,
            "scim().scim_get_user2",
            Renamed,
            true
        )]
    );
    assert!(
        diff.changes[0]
            .detail
            .contains("now `scim().scim_read_user2`")
    );
    assert_eq!(required(&diff), "0.2.0");
}

#[test]
fn adding_an_optional_property_is_an_addition() {
    let diff = diff_after(add_pronouns);
    assert_eq!(
        rows(&diff),
        [row(Subject::Field, "ScimUser.pronouns", Added, false)]
    );
    assert_eq!(
        diff.changes[0].detail,
        "optional `Option<String>`, set with `.with_pronouns(..)`"
    );
    assert_eq!(required(&diff), "0.1.1");
}

#[test]
fn adding_a_required_property_breaks_the_constructor() {
    let diff = diff_after(|input| {
        replace(
            input,
            "      required:\n        - id\n      type: object\n      properties:\n",
            "      required:\n        - id\n        - revision\n      type: object\n      \
             properties:\n        revision:\n          type: string\n",
        );
    });
    assert_eq!(
        rows(&diff),
        [row(
            Subject::Field,
            "ScimSchemaResponse.revision",
            Added,
            true
        )]
    );
    assert!(
        diff.changes[0]
            .detail
            .contains("`ScimSchemaResponse::new` takes a new argument")
    );
    assert_eq!(required(&diff), "0.2.0");
}

#[test]
fn making_a_property_nullable_changes_its_type() {
    let diff = diff_after(|input| {
        replace(
            input,
            "        department:\n          type: string\n",
            "        department:\n          type: string\n          nullable: true\n",
        );
    });
    assert_eq!(
        rows(&diff),
        [row(
            Subject::Field,
            "ScimEnterpriseUser.department",
            Changed,
            true
        )]
    );
    assert_eq!(
        diff.changes[0].detail,
        "type `Option<String>` -> `Option<Option<String>>`"
    );
}

#[test]
fn adding_an_enum_value_is_an_addition() {
    let diff = diff_after(add_billing_address);
    assert_eq!(
        rows(&diff),
        [row(
            Subject::Variant,
            "ScimUserAddressType::Billing",
            Added,
            false
        )]
    );
    assert_eq!(required(&diff), "0.1.1");
}

#[test]
fn changing_a_property_type_breaks() {
    let diff = diff_after(|input| {
        replace(
            input,
            "          format: int32\n          description: Upper bound on the number of resources",
            "          format: int64\n          description: Upper bound on the number of resources",
        );
    });
    assert_eq!(
        rows(&diff),
        [row(
            Subject::Field,
            "ScimFilterSupported.max_results",
            Changed,
            true
        )]
    );
    assert_eq!(
        diff.changes[0].detail,
        "type `Option<i32>` -> `Option<i64>`"
    );
}

/// A new endpoint in the style of the others, inserted before `components:`.
const MANAGER_PATH: &str = r##"  "/scim/v2/Users/{scimUserId}/manager":
    get:
      tags:
        - SCIM
      summary: Read a user's manager
      operationId: scimGetUserManager2
      parameters:
        - $ref: "#/components/parameters/ScimUserId"
      responses:
        "200":
          description: The user's manager.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ScimUserResponse"
components:
  securitySchemes:
"##;

#[test]
fn adding_an_operation_is_an_addition() {
    let diff =
        diff_after(|input| replace(input, "components:\n  securitySchemes:\n", MANAGER_PATH));
    assert_eq!(
        rows(&diff),
        [row(
            Subject::Operation,
            "scim().scim_get_user_manager2",
            Added,
            false
        )]
    );
    assert_eq!(required(&diff), "0.1.1");
}

#[test]
fn moving_an_endpoint_is_a_behaviour_change() {
    let diff = diff_after(|input| {
        replace(
            input,
            "  /scim/v2/ResourceTypes:\n",
            "  /scim/v2/ResourceTypeList:\n",
        );
    });
    assert_eq!(
        rows(&diff),
        [row(
            Subject::Operation,
            "scim().scim_list_resource_types2",
            Changed,
            false
        )]
    );
    assert_eq!(required(&diff), "0.1.1");
}

#[test]
fn check_version_refuses_a_version_too_low() {
    let before = manifest_of(&tests::scim_input(), "0.1.0");
    let mut input = tests::scim_input();
    replace(
        &mut input,
        "operationId: scimGetUser2\n",
        "operationId: scimReadUser2\n",
    );
    let err = generator::check_version(&before, &manifest_of(&input, "0.1.1")).err();
    assert_eq!(
        err.as_deref(),
        Some(
            "the public API changed in a breaking way (1 breaking change(s)): version 0.1.1 is \
             too low, ringcentral-scim needs at least 0.2.0 (from 0.1.0)"
        )
    );
    assert_eq!(
        generator::check_version(&before, &manifest_of(&input, "0.2.0")),
        Ok(())
    );
}

/// Renaming the PATCH operation renames its per-status response enum with it; plus an added
/// property and enum value, a moved endpoint and a deprecation.
#[test]
fn mixed_change_report_and_changelog() {
    let diff = diff_after(|input| {
        replace(
            input,
            "operationId: scimPatchUser2\n",
            "operationId: scimModifyUser2\n",
        );
        add_pronouns(input);
        add_billing_address(input);
        replace(
            input,
            "  /scim/v2/ResourceTypes:\n",
            "  /scim/v2/ResourceTypeList:\n",
        );
        replace(
            input,
            "      operationId: scimSearchViaGet2\n",
            "      operationId: scimSearchViaGet2\n      deprecated: true\n",
        );
    });
    let version = required(&diff);
    assert_eq!(version, "0.2.0");
    insta::assert_snapshot!(
        "mixed_change",
        format!(
            "{}\n--- CHANGELOG.md entry ---\n\n{}",
            diff.report(),
            diff.changelog_entry(&version)
        )
    );
}

/// The SCIM SDK generated from `input` at `version` into `dir`, the way `cargo xtask codegen`
/// writes generated/.
fn write_scim(
    input: &Input,
    version: &str,
    dir: &std::path::Path,
) -> Result<generator::Report, OutputError> {
    let mut config = tests::scim_config();
    config.crate_version = version.to_owned();
    let generated = tests::generate(input, &config);
    let output = Output {
        dir: dir.to_path_buf(),
        force: false,
        version: VersionPolicy::Configured {
            origin: "`crate_version` in spec/config.yaml".to_owned(),
        },
    };
    output.write(&generated, &config)
}

/// Regeneration in a folder, as a user lives it: an added optional property, then a removed
/// operation, each reported, versioned and recorded in CHANGELOG.md.
#[test]
fn regenerating_the_folder_reports_versions_and_records_each_change() {
    let dir = std::env::temp_dir().join(format!("api-changes-folder-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let first = write_scim(&tests::scim_input(), "0.1.0", &dir).unwrap();
    assert!(first.diff.is_none());

    // A removal at the same version: refused, asking for the next major of 0.x.
    let mut removed_first = tests::scim_input();
    cut(&mut removed_first, "    delete:\n", "    patch:\n");
    let Err(OutputError::VersionTooLow { message, .. }) = write_scim(&removed_first, "0.1.0", &dir)
    else {
        panic!("a breaking change without a new version is refused");
    };
    assert!(
        message.contains("needs at least 0.2.0 (from 0.1.0)"),
        "{message}"
    );

    let mut added = tests::scim_input();
    add_pronouns(&mut added);
    let report = write_scim(&added, "0.1.1", &dir).unwrap();
    let changes = report.api_changes();
    assert!(
        changes.contains("Added (1):\n  added field ScimUser.pronouns: optional `Option<String>`"),
        "{changes}"
    );
    assert!(!changes.contains("Breaking"), "{changes}");
    assert!(changes.contains("version 0.1.0 -> 0.1.1"), "{changes}");

    let mut removed = added.clone();
    cut(&mut removed, "    delete:\n", "    patch:\n");
    let before: Vec<u8> = std::fs::read(dir.join("Cargo.toml")).unwrap();
    let Err(OutputError::VersionTooLow { message, changes }) = write_scim(&removed, "0.1.1", &dir)
    else {
        panic!("a breaking change without a new version is refused");
    };
    assert!(
        message.contains("needs at least 0.2.0 (from 0.1.1)")
            && message.contains("`crate_version` in spec/config.yaml"),
        "{message}"
    );
    assert!(
        changes.contains("removed operation scim().scim_delete_user2"),
        "{changes}"
    );
    assert_eq!(
        std::fs::read(dir.join("Cargo.toml")).unwrap(),
        before,
        "nothing written"
    );

    let report = write_scim(&removed, "0.2.0", &dir).unwrap();
    let changes = report.api_changes();
    assert!(changes.contains("Breaking changes (1):"), "{changes}");
    assert!(
        changes.contains("breaking: requires version 0.2.0 (from 0.1.1)"),
        "{changes}"
    );

    let changelog = std::fs::read_to_string(dir.join(CHANGELOG_FILE)).unwrap();
    let entries: Vec<&str> = changelog.split("\n## ").skip(1).collect();
    assert_eq!(entries.len(), 3, "{changelog}");
    assert!(
        entries[0].starts_with(
            "0.2.0\n\n### Breaking changes\n\n- Removed operation `scim().scim_delete_user2`"
        ),
        "{changelog}"
    );
    assert!(
        entries[1].starts_with("0.1.1\n\n### Added\n\n- Added field `ScimUser.pronouns`"),
        "{changelog}"
    );
    assert!(
        entries[2].starts_with("0.1.0\n\nFirst generated version"),
        "{changelog}"
    );
}
