//! Types compared by name: struct fields, enum and union variants, and the constructor's
//! argument order. A per-status response enum renamed with its operation is one rename.

use std::collections::BTreeMap;

use super::compare::Out;
use super::{ChangeKind, Subject};
use crate::manifest::{ApiManifest, FieldEntry, Shape, TypeEntry, UnionVariantEntry, VariantEntry};

pub(super) fn types(
    old: &ApiManifest,
    new: &ApiManifest,
    renames: &[(String, String)],
    out: &mut Out,
) {
    let old_map: BTreeMap<&str, &TypeEntry> =
        old.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_map: BTreeMap<&str, &TypeEntry> =
        new.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let renamed_to = |name: &str| {
        renames
            .iter()
            .find(|(before, _)| before == name)
            .map(|(_, after)| after.as_str())
    };
    for (name, old_type) in &old_map {
        if let Some(new_type) = new_map.get(name) {
            type_pair(name, old_type, new_type, out);
        } else if let Some(new_type) = renamed_to(name).and_then(|after| new_map.get(after)) {
            let detail = format!("now `{}`, renamed with its operation", new_type.name);
            out.push(Subject::Type, name, ChangeKind::Renamed, true, detail);
            type_pair(&new_type.name, old_type, new_type, out);
        } else {
            out.push(
                Subject::Type,
                name,
                ChangeKind::Removed,
                true,
                format!("the {} is gone", old_type.shape.kind_name()),
            );
        }
    }
    for (name, new_type) in &new_map {
        let is_rename_target = renames.iter().any(|(_, after)| after == name);
        if !old_map.contains_key(name) && !is_rename_target {
            out.push(
                Subject::Type,
                name,
                ChangeKind::Added,
                false,
                format!("new {}", new_type.shape.kind_name()),
            );
        }
    }
}

fn type_pair(name: &str, old: &TypeEntry, new: &TypeEntry, out: &mut Out) {
    out.deprecation(Subject::Type, name, old.deprecated, new.deprecated);
    match (&old.shape, &new.shape) {
        (Shape::Struct { fields: a }, Shape::Struct { fields: b }) => fields(name, a, b, out),
        (
            Shape::Enum {
                repr: ra,
                variants: va,
                catch_all: ca,
            },
            Shape::Enum {
                repr: rb,
                variants: vb,
                catch_all: cb,
            },
        ) => {
            if ra != rb {
                out.push(
                    Subject::Type,
                    name,
                    ChangeKind::Changed,
                    true,
                    format!("now an {rb} enum (was {ra})"),
                );
            }
            catch_all(name, Some(ca), Some(cb), out);
            enum_variants(name, va, vb, out);
        }
        (
            Shape::Union {
                discriminator: da,
                variants: va,
                catch_all: ca,
            },
            Shape::Union {
                discriminator: db,
                variants: vb,
                catch_all: cb,
            },
        ) => {
            if da != db {
                let tagging = |d: &Option<String>| {
                    d.as_ref()
                        .map_or("untagged".to_owned(), |p| format!("tagged by `{p}`"))
                };
                let detail = format!("now decoded {} (was {})", tagging(db), tagging(da));
                out.push(Subject::Type, name, ChangeKind::Changed, false, detail);
            }
            catch_all(name, ca.as_ref(), cb.as_ref(), out);
            union_variants(name, va, vb, out);
        }
        (Shape::Alias { target: a }, Shape::Alias { target: b }) if a != b => out.push(
            Subject::Type,
            name,
            ChangeKind::Changed,
            true,
            format!("now an alias of `{b}` (was `{a}`)"),
        ),
        (Shape::Alias { .. }, Shape::Alias { .. }) => {}
        (a, b) => {
            let detail = format!(
                "now {} (was {})",
                b.kind_with_article(),
                a.kind_with_article()
            );
            out.push(Subject::Type, name, ChangeKind::Changed, true, detail);
        }
    }
}

fn catch_all(name: &str, old: Option<&String>, new: Option<&String>, out: &mut Out) {
    if let (Some(a), Some(b)) = (old, new)
        && a != b
    {
        let detail = format!("the catch-all variant is now `{b}` (was `{a}`)");
        out.push(
            Subject::Variant,
            &format!("{name}::{a}"),
            ChangeKind::Renamed,
            true,
            detail,
        );
    }
}

/// The declared type without the `Box` that breaks a reference cycle: boxing follows from
/// cycles elsewhere in the document, and `Box<T>` reads like `T` through auto-deref.
fn unboxed(ty: &str) -> String {
    let mut rest = ty;
    let mut options = 0;
    while let Some(inner) = rest
        .strip_prefix("Option<")
        .and_then(|r| r.strip_suffix('>'))
    {
        rest = inner;
        options += 1;
    }
    let mut core = rest
        .strip_prefix("Box<")
        .and_then(|r| r.strip_suffix('>'))
        .unwrap_or(rest)
        .to_owned();
    for _ in 0..options {
        core = format!("Option<{core}>");
    }
    core
}

fn fields(type_name: &str, old: &[FieldEntry], new: &[FieldEntry], out: &mut Out) {
    for o in old {
        let path = format!("{type_name}.{}", o.rust_name);
        let Some(n) = new.iter().find(|n| n.rust_name == o.rust_name) else {
            out.push(
                Subject::Field,
                &path,
                ChangeKind::Removed,
                true,
                format!("`{}` is gone", o.rust_type),
            );
            continue;
        };
        let mut breaking = Vec::new();
        let mut compatible = Vec::new();
        if unboxed(&o.rust_type) != unboxed(&n.rust_type) {
            breaking.push(format!("type `{}` -> `{}`", o.rust_type, n.rust_type));
        } else if o.rust_type != n.rust_type {
            compatible.push(format!(
                "now `{}` (was `{}`) to break a type cycle",
                n.rust_type, o.rust_type
            ));
        }
        match (o.constructor, n.constructor) {
            (false, true) => breaking.push(format!("`{type_name}::new` now takes it")),
            (true, false) => breaking.push(format!("`{type_name}::new` no longer takes it")),
            _ => {}
        }
        if o.json_name != n.json_name {
            compatible.push(format!("wire name `{}` -> `{}`", o.json_name, n.json_name));
        }
        let is_breaking = !breaking.is_empty();
        breaking.extend(compatible);
        if !breaking.is_empty() {
            out.push(
                Subject::Field,
                &path,
                ChangeKind::Changed,
                is_breaking,
                breaking.join("; "),
            );
        }
        out.deprecation(Subject::Field, &path, o.deprecated, n.deprecated);
    }
    for n in new
        .iter()
        .filter(|n| !old.iter().any(|o| o.rust_name == n.rust_name))
    {
        let path = format!("{type_name}.{}", n.rust_name);
        if n.constructor {
            let detail = format!(
                "required `{}`: `{type_name}::new` takes a new argument",
                n.rust_type
            );
            out.push(Subject::Field, &path, ChangeKind::Added, true, detail);
        } else {
            out.push(
                Subject::Field,
                &path,
                ChangeKind::Added,
                false,
                optional_detail(n),
            );
        }
    }
    // Constructor arguments are positional: the same fields in another order compile silently
    // wrong when their types agree.
    let order = |a: &[FieldEntry], b: &[FieldEntry]| -> Vec<String> {
        a.iter()
            .filter(|f| {
                f.constructor
                    && b.iter()
                        .any(|g| g.constructor && g.rust_name == f.rust_name)
            })
            .map(|f| f.rust_name.clone())
            .collect()
    };
    let (before, after) = (order(old, new), order(new, old));
    if before != after {
        let detail = format!(
            "`{type_name}::new` takes its arguments in a new order: ({}) -> ({})",
            before.join(", "),
            after.join(", ")
        );
        out.push(Subject::Type, type_name, ChangeKind::Changed, true, detail);
    }
}

/// How a caller sets a new optional field: `.with_<field>(..)` on what `new` returns.
fn optional_detail(field: &FieldEntry) -> String {
    match &field.setter {
        Some(setter) => format!(
            "optional `{}`, set with `.{}(..)`",
            field.rust_type,
            setter.trim_start_matches("r#")
        ),
        None => format!("optional `{}`", field.rust_type),
    }
}

fn enum_variants(type_name: &str, old: &[VariantEntry], new: &[VariantEntry], out: &mut Out) {
    let path = |name: &str| format!("{type_name}::{name}");
    let mut added: Vec<&VariantEntry> = new
        .iter()
        .filter(|n| !old.iter().any(|o| o.rust_name == n.rust_name))
        .collect();
    for o in old {
        if let Some(n) = new.iter().find(|n| n.rust_name == o.rust_name) {
            if o.value != n.value {
                out.push(
                    Subject::Variant,
                    &path(&o.rust_name),
                    ChangeKind::Changed,
                    false,
                    format!("wire value `{}` -> `{}`", o.value, n.value),
                );
            }
        } else if let Some(index) = added.iter().position(|n| n.value == o.value) {
            let n = added.remove(index);
            let detail = format!("now `{}` (wire value `{}`)", path(&n.rust_name), n.value);
            out.push(
                Subject::Variant,
                &path(&o.rust_name),
                ChangeKind::Renamed,
                true,
                detail,
            );
        } else {
            out.push(
                Subject::Variant,
                &path(&o.rust_name),
                ChangeKind::Removed,
                true,
                format!("wire value `{}` is gone", o.value),
            );
        }
    }
    for n in added {
        out.push(
            Subject::Variant,
            &path(&n.rust_name),
            ChangeKind::Added,
            false,
            format!("wire value `{}`", n.value),
        );
    }
}

fn union_variants(
    type_name: &str,
    old: &[UnionVariantEntry],
    new: &[UnionVariantEntry],
    out: &mut Out,
) {
    let path = |name: &str| format!("{type_name}::{name}");
    let payload = |v: &UnionVariantEntry| {
        v.rust_type
            .as_ref()
            .map_or("no payload".to_owned(), |t| format!("`{t}`"))
    };
    for o in old {
        let Some(n) = new.iter().find(|n| n.rust_name == o.rust_name) else {
            out.push(
                Subject::Variant,
                &path(&o.rust_name),
                ChangeKind::Removed,
                true,
                format!("{} is gone", payload(o)),
            );
            continue;
        };
        let unboxed_payload = |v: &UnionVariantEntry| v.rust_type.as_deref().map(unboxed);
        if unboxed_payload(o) != unboxed_payload(n) {
            let detail = format!("payload {} -> {}", payload(o), payload(n));
            out.push(
                Subject::Variant,
                &path(&o.rust_name),
                ChangeKind::Changed,
                true,
                detail,
            );
        } else if o.rust_type != n.rust_type {
            let detail = format!(
                "payload now {} (was {}) to break a type cycle",
                payload(n),
                payload(o)
            );
            out.push(
                Subject::Variant,
                &path(&o.rust_name),
                ChangeKind::Changed,
                false,
                detail,
            );
        }
        if o.tags != n.tags {
            let detail = format!("selected by {:?} (was {:?})", n.tags, o.tags);
            out.push(
                Subject::Variant,
                &path(&o.rust_name),
                ChangeKind::Changed,
                false,
                detail,
            );
        }
    }
    for n in new
        .iter()
        .filter(|n| !old.iter().any(|o| o.rust_name == n.rust_name))
    {
        out.push(
            Subject::Variant,
            &path(&n.rust_name),
            ChangeKind::Added,
            false,
            payload(n),
        );
    }
}
