//! The classification on small hand-made manifests, the report, and the changelog.

use serde_json::json;

use super::*;
use crate::manifest::{
    FieldEntry, NOTICE, OperationEntry, ParamEntry, RequestEntry, ServiceEntry, Shape, TypeEntry,
    UnionVariantEntry, VariantEntry,
};

fn field(name: &str, ty: &str, constructor: bool) -> FieldEntry {
    FieldEntry {
        rust_name: name.to_owned(),
        json_name: name.to_owned(),
        rust_type: ty.to_owned(),
        boxed: ty.contains("Box<"),
        constructor,
        setter: (!constructor).then(|| format!("with_{name}")),
        deprecated: false,
    }
}

fn arg(name: &str, ty: &str) -> ParamEntry {
    ParamEntry {
        rust_name: name.to_owned(),
        wire_name: name.to_owned(),
        location: "path".to_owned(),
        rust_type: ty.to_owned(),
        deprecated: false,
    }
}

fn manifest(version: &str) -> ApiManifest {
    ApiManifest {
        generated: NOTICE.to_owned(),
        format: crate::manifest::FORMAT_VERSION,
        crate_name: "demo".to_owned(),
        crate_version: version.to_owned(),
        services: vec![ServiceEntry {
            accessor: "users".to_owned(),
            type_name: "UsersService".to_owned(),
        }],
        operations: vec![OperationEntry {
            service: "users".to_owned(),
            method: "get_member".to_owned(),
            operation_id: "getMember".to_owned(),
            http_method: "GET".to_owned(),
            path: "/groups/{group}/members/{member}".to_owned(),
            deprecated: false,
            args: vec![arg("group", "&str"), arg("member", "&str")],
            request: None,
            body: None,
            success: "User".to_owned(),
            error: "Value".to_owned(),
        }],
        types: vec![
            TypeEntry {
                name: "Color".to_owned(),
                deprecated: false,
                shape: Shape::Enum {
                    repr: "string".to_owned(),
                    variants: vec![VariantEntry {
                        rust_name: "DarkRed".to_owned(),
                        value: json!("dark-red"),
                    }],
                    catch_all: "Other".to_owned(),
                },
            },
            TypeEntry {
                name: "Node".to_owned(),
                deprecated: false,
                shape: Shape::Union {
                    discriminator: None,
                    variants: vec![UnionVariantEntry {
                        rust_name: "User".to_owned(),
                        rust_type: Some("User".to_owned()),
                        boxed: false,
                        tags: Vec::new(),
                    }],
                    catch_all: Some("Other".to_owned()),
                },
            },
            TypeEntry {
                name: "User".to_owned(),
                deprecated: false,
                shape: Shape::Struct {
                    fields: vec![
                        field("given", "String", true),
                        field("family", "String", true),
                        field("manager", "Option<User>", false),
                    ],
                },
            },
        ],
    }
}

fn user_fields(m: &mut ApiManifest) -> &mut Vec<FieldEntry> {
    match m
        .types
        .iter_mut()
        .find(|t| t.name == "User")
        .map(|t| &mut t.shape)
    {
        Some(Shape::Struct { fields }) => fields,
        _ => panic!("User is a struct"),
    }
}

/// (subject, path, kind, breaking) of every change, for exact comparisons.
fn summary(old: &ApiManifest, new: &ApiManifest) -> Vec<(Subject, String, ChangeKind, bool)> {
    diff(old, new)
        .changes
        .into_iter()
        .map(|c| (c.subject, c.path, c.kind, c.breaking))
        .collect()
}

fn one(
    subject: Subject,
    path: &str,
    kind: ChangeKind,
    breaking: bool,
) -> Vec<(Subject, String, ChangeKind, bool)> {
    vec![(subject, path.to_owned(), kind, breaking)]
}

#[test]
fn identical_manifests_differ_in_nothing() {
    let d = diff(&manifest("0.1.0"), &manifest("0.1.0"));
    assert!(d.is_empty());
    assert_eq!(d.impact(), Impact::None);
    assert_eq!(d.required_bump(), Ok(Bump::None));
    assert_eq!(d.report(), "no change to the public API: 0.1.0 can stay\n");
    assert_eq!(
        d.changelog_entry("0.1.0"),
        "## 0.1.0\n\nNo change to the public API.\n"
    );
}

#[test]
fn constructor_arguments_swapped_is_breaking() {
    let old = manifest("1.0.0");
    let mut new = old.clone();
    user_fields(&mut new).swap(0, 1);
    assert_eq!(
        summary(&old, &new),
        one(Subject::Type, "User", ChangeKind::Changed, true)
    );
    assert!(
        diff(&old, &new).changes[0]
            .detail
            .contains("(given, family) -> (family, given)")
    );
    assert_eq!(diff(&old, &new).required_bump(), Ok(Bump::Major));
    assert_eq!(diff(&old, &new).required_version(), Ok("2.0.0".to_owned()));
}

#[test]
fn optional_fields_may_move_but_not_become_required() {
    let old = manifest("1.0.0");
    let mut new = old.clone();
    user_fields(&mut new).swap(1, 2);
    assert_eq!(summary(&old, &new), []);
    user_fields(&mut new)[1] = field("manager", "User", true);
    assert_eq!(
        summary(&old, &new),
        one(Subject::Field, "User.manager", ChangeKind::Changed, true)
    );
    let detail = &diff(&old, &new).changes[0].detail;
    assert!(
        detail.contains("`Option<User>` -> `User`") && detail.contains("`User::new` now takes it"),
        "{detail}"
    );
}

#[test]
fn boxing_alone_does_not_break() {
    let old = manifest("0.4.0");
    let mut new = old.clone();
    user_fields(&mut new)[2] = field("manager", "Option<Box<User>>", false);
    assert_eq!(
        summary(&old, &new),
        one(Subject::Field, "User.manager", ChangeKind::Changed, false)
    );
    assert_eq!(diff(&old, &new).required_version(), Ok("0.4.1".to_owned()));
    // Boxed and nullable together is a real type change.
    user_fields(&mut new)[2] = field("manager", "Option<Option<Box<User>>>", false);
    assert_eq!(
        summary(&old, &new),
        one(Subject::Field, "User.manager", ChangeKind::Changed, true)
    );
}

#[test]
fn renamed_argument_is_positional_but_swapped_ones_break() {
    let old = manifest("0.1.0");
    let mut new = old.clone();
    new.operations[0].args[1] = arg("member_id", "&str");
    assert_eq!(
        summary(&old, &new),
        one(
            Subject::Parameter,
            "users().get_member(member)",
            ChangeKind::Renamed,
            false
        )
    );
    let mut new = old.clone();
    new.operations[0].args.swap(0, 1);
    assert_eq!(
        summary(&old, &new),
        one(
            Subject::Operation,
            "users().get_member",
            ChangeKind::Changed,
            true
        )
    );
    let mut new = old.clone();
    new.operations[0].args.push(arg("role", "i64"));
    assert_eq!(
        summary(&old, &new),
        one(
            Subject::Parameter,
            "users().get_member(role)",
            ChangeKind::Added,
            true
        )
    );
}

#[test]
fn a_request_builder_appearing_changes_the_return_type() {
    let old = manifest("0.1.0");
    let mut new = old.clone();
    let mut count = arg("count", "i32");
    count.location = "query".to_owned();
    new.operations[0].request = Some(RequestEntry {
        type_name: "GetMemberRequest".to_owned(),
        setters: vec![count.clone()],
        paginated: false,
    });
    assert_eq!(
        summary(&old, &new),
        one(
            Subject::Operation,
            "users().get_member",
            ChangeKind::Changed,
            true
        )
    );
    // Once it exists, more optional parameters are additions, and so is paging.
    let mut newer = new.clone();
    if let Some(request) = &mut newer.operations[0].request {
        request.setters.push(ParamEntry {
            rust_name: "start".to_owned(),
            ..count.clone()
        });
        request.paginated = true;
    }
    assert_eq!(
        summary(&new, &newer),
        [
            (
                Subject::Operation,
                "users().get_member".to_owned(),
                ChangeKind::Added,
                false
            ),
            (
                Subject::Parameter,
                "GetMemberRequest.start".to_owned(),
                ChangeKind::Added,
                false
            ),
        ]
    );
    assert_eq!(
        diff(&new, &newer).required_version(),
        Ok("0.1.1".to_owned())
    );
    // Removing a setter breaks the callers that use it.
    assert_eq!(
        summary(&newer, &new)[1],
        (
            Subject::Parameter,
            "GetMemberRequest.start".to_owned(),
            ChangeKind::Removed,
            true
        )
    );
}

#[test]
fn enum_variant_renamed_for_the_same_wire_value() {
    let old = manifest("0.1.0");
    let mut new = old.clone();
    if let Shape::Enum { variants, .. } = &mut new.types[0].shape {
        variants[0].rust_name = "Darkred".to_owned();
        variants.push(VariantEntry {
            rust_name: "Blue".to_owned(),
            value: json!("blue"),
        });
    }
    assert_eq!(
        summary(&old, &new),
        [
            (
                Subject::Variant,
                "Color::DarkRed".to_owned(),
                ChangeKind::Renamed,
                true
            ),
            (
                Subject::Variant,
                "Color::Blue".to_owned(),
                ChangeKind::Added,
                false
            ),
        ]
    );
}

#[test]
fn endpoint_moves_and_deprecations_are_not_breaking() {
    let old = manifest("1.2.3");
    let mut new = old.clone();
    new.operations[0].path = "/teams/{group}/members/{member}".to_owned();
    assert_eq!(
        summary(&old, &new),
        one(
            Subject::Operation,
            "users().get_member",
            ChangeKind::Changed,
            false
        )
    );
    assert_eq!(diff(&old, &new).required_bump(), Ok(Bump::Patch));
    new.types[2].deprecated = true;
    assert_eq!(diff(&old, &new).changes[1].kind, ChangeKind::Deprecated);
    // SemVer: deprecating needs a minor release.
    assert_eq!(diff(&old, &new).required_version(), Ok("1.3.0".to_owned()));
}

#[test]
fn removing_and_renaming_operations() {
    let old = manifest("0.1.0");
    let mut new = old.clone();
    new.operations[0].method = "read_member".to_owned();
    new.operations[0].operation_id = "readMember".to_owned();
    assert_eq!(
        summary(&old, &new),
        one(
            Subject::Operation,
            "users().get_member",
            ChangeKind::Renamed,
            true
        )
    );
    new.operations[0].http_method = "HEAD".to_owned();
    assert_eq!(
        summary(&old, &new),
        [
            (
                Subject::Operation,
                "users().get_member".to_owned(),
                ChangeKind::Removed,
                true
            ),
            (
                Subject::Operation,
                "users().read_member".to_owned(),
                ChangeKind::Added,
                false
            ),
        ]
    );
}

#[test]
fn report_groups_breaking_first_and_names_the_version() {
    let old = manifest("0.1.0");
    let mut new = old.clone();
    new.operations[0].path = "/teams/{group}/members/{member}".to_owned();
    user_fields(&mut new).push(field("title", "Option<String>", false));
    new.types.remove(1);
    let report = diff(&old, &new).report();
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines[0], "Breaking changes (1):");
    assert_eq!(lines[1], "  removed type Node: the union is gone");
    assert_eq!(lines[2], "Added (1):");
    assert_eq!(lines[4], "Changed (1):");
    assert_eq!(
        lines.last(),
        Some(&"breaking: requires version 0.2.0 (from 0.1.0)")
    );
    let entry = diff(&old, &new).changelog_entry("0.2.0");
    assert!(
        entry.starts_with("## 0.2.0\n\n### Breaking changes\n\n- Removed type `Node`: "),
        "{entry}"
    );
    assert!(
        entry.contains("\n### Added\n\n- Added field `User.title`: optional `Option<String>`, set with `.with_title(..)`\n"),
        "{entry}"
    );
}

#[test]
fn unreadable_versions_are_errors() {
    let old = manifest("latest");
    let mut new = manifest("0.2.0");
    new.types.remove(0);
    let d = diff(&old, &new);
    assert!(d.required_bump().is_err());
    assert!(d.report().ends_with("breaking: cannot name the version needed: version \"latest\" is not MAJOR.MINOR.PATCH (optionally -PRERELEASE): it needs exactly three numbers\n"));
    assert!(check_version(&old, &new).is_err_and(|e| e.contains("previous generation")));
}

#[test]
fn check_version_names_the_version_needed() {
    let old = manifest("0.1.0");
    let mut new = manifest("0.1.1");
    new.types.remove(0);
    let err = check_version(&old, &new).err().unwrap_or_default();
    assert_eq!(
        err,
        "the public API changed in a breaking way (1 breaking change(s)): version 0.1.1 is too \
         low, demo needs at least 0.2.0 (from 0.1.0)"
    );
    new.crate_version = "0.2.0".to_owned();
    assert_eq!(check_version(&old, &new), Ok(()));
    let back = manifest("0.0.9");
    assert!(check_version(&old, &back).is_err_and(|e| e.contains("went backwards")));
}

const ENTRY_2: &str = "## 0.2.0\n\n### Added\n\n- Added type `Group`: new struct\n";
const ENTRY_1: &str = "## 0.1.1\n\n### Changed\n\n- Changed operation `x().y`: moved\n";

#[test]
fn changelog_starts_with_the_preamble() {
    let text = update_changelog(None, ENTRY_1);
    assert_eq!(text, format!("{}\n{ENTRY_1}", CHANGELOG_PREAMBLE));
    assert_eq!(update_changelog(Some("  \n"), ENTRY_1), text);
}

#[test]
fn changelog_puts_the_newest_entry_first() {
    let first = update_changelog(None, ENTRY_1);
    let second = update_changelog(Some(&first), ENTRY_2);
    assert_eq!(
        second,
        format!("{}\n{ENTRY_2}\n{ENTRY_1}", CHANGELOG_PREAMBLE)
    );
    // Regenerating for the same version replaces its entry instead of stacking another.
    let replaced = update_changelog(Some(&second), "## 0.2.0\n\nNo change to the public API.\n");
    assert_eq!(
        replaced,
        format!(
            "{}\n## 0.2.0\n\nNo change to the public API.\n\n{ENTRY_1}",
            CHANGELOG_PREAMBLE
        )
    );
    assert_eq!(update_changelog(Some(&second), ENTRY_2), second);
}

#[test]
fn changelog_keeps_a_hand_written_head() {
    let existing = "# Our SDK\n\nNotes.\n\n## 0.1.1\n\nold\n";
    assert_eq!(
        update_changelog(Some(existing), ENTRY_2),
        format!("# Our SDK\n\nNotes.\n\n{ENTRY_2}\n## 0.1.1\n\nold\n")
    );
}
