//! The item-by-item comparison. Items are matched by the name a caller writes; what is left
//! over on both sides is paired by what did not change (an operation's HTTP method and path, an
//! enum variant's wire value) so a rename is reported as one breaking rename.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, ChangeKind, Subject};
use crate::manifest::{ApiManifest, OperationEntry, ParamEntry, RequestEntry};

/// Collects changes in order.
#[derive(Default)]
pub(super) struct Out {
    changes: Vec<Change>,
}

impl Out {
    pub(super) fn push(
        &mut self,
        subject: Subject,
        path: &str,
        kind: ChangeKind,
        breaking: bool,
        detail: String,
    ) {
        self.changes.push(Change {
            subject,
            path: path.to_owned(),
            kind,
            breaking,
            detail,
        });
    }

    /// A newly deprecated item warns (which SemVer counts as minor); a lifted deprecation only
    /// removes warnings.
    pub(super) fn deprecation(&mut self, subject: Subject, path: &str, old: bool, new: bool) {
        match (old, new) {
            (false, true) => self.push(
                subject,
                path,
                ChangeKind::Deprecated,
                false,
                "marked `#[deprecated]`, so callers get a warning".to_owned(),
            ),
            (true, false) => self.push(
                subject,
                path,
                ChangeKind::Changed,
                false,
                "no longer deprecated".to_owned(),
            ),
            _ => {}
        }
    }
}

pub(super) fn changes(old: &ApiManifest, new: &ApiManifest) -> Vec<Change> {
    let mut out = Out::default();
    if old.crate_name != new.crate_name {
        out.push(
            Subject::Crate,
            &old.crate_name,
            ChangeKind::Renamed,
            true,
            format!(
                "the package is now `{}`: dependents change Cargo.toml and their `use` paths",
                new.crate_name
            ),
        );
    }
    services(old, new, &mut out);
    let type_renames = operations(old, new, &mut out);
    super::type_changes::types(old, new, &type_renames, &mut out);
    out.changes
}

fn services(old: &ApiManifest, new: &ApiManifest, out: &mut Out) {
    let old_map: BTreeMap<&str, &str> = old
        .services
        .iter()
        .map(|s| (s.accessor.as_str(), s.type_name.as_str()))
        .collect();
    let new_map: BTreeMap<&str, &str> = new
        .services
        .iter()
        .map(|s| (s.accessor.as_str(), s.type_name.as_str()))
        .collect();
    for (accessor, old_type) in &old_map {
        let path = format!("{accessor}()");
        match new_map.get(accessor) {
            None => out.push(
                Subject::Service,
                &path,
                ChangeKind::Removed,
                true,
                format!("`sdk.{accessor}()` and `{old_type}` are gone"),
            ),
            Some(new_type) if new_type != old_type => out.push(
                Subject::Service,
                &path,
                ChangeKind::Changed,
                true,
                format!("the service type is now `{new_type}` (was `{old_type}`)"),
            ),
            Some(_) => {}
        }
    }
    for (accessor, new_type) in &new_map {
        if !old_map.contains_key(accessor) {
            out.push(
                Subject::Service,
                &format!("{accessor}()"),
                ChangeKind::Added,
                false,
                format!("`sdk.{accessor}()` returns `{new_type}`"),
            );
        }
    }
}

fn op_path(op: &OperationEntry) -> String {
    format!("{}().{}", op.service, op.method)
}

fn endpoint(op: &OperationEntry) -> String {
    format!("`{} {}`", op.http_method, op.path)
}

/// Compares operations; returns the per-status response types renamed along with them.
fn operations(old: &ApiManifest, new: &ApiManifest, out: &mut Out) -> Vec<(String, String)> {
    let key = |op: &OperationEntry| (op.service.clone(), op.method.clone());
    let old_map: BTreeMap<_, &OperationEntry> =
        old.operations.iter().map(|op| (key(op), op)).collect();
    let new_map: BTreeMap<_, &OperationEntry> =
        new.operations.iter().map(|op| (key(op), op)).collect();
    let mut added: Vec<&OperationEntry> = new_map
        .iter()
        .filter(|(k, _)| !old_map.contains_key(*k))
        .map(|(_, op)| *op)
        .collect();
    let old_types: BTreeSet<&str> = old.types.iter().map(|t| t.name.as_str()).collect();
    let new_types: BTreeSet<&str> = new.types.iter().map(|t| t.name.as_str()).collect();
    let mut type_renames = Vec::new();
    for (k, old_op) in &old_map {
        let path = op_path(old_op);
        if let Some(new_op) = new_map.get(k) {
            operation(&path, old_op, new_op, &type_renames, out);
            continue;
        }
        let same_endpoint = added
            .iter()
            .position(|n| n.http_method == old_op.http_method && n.path == old_op.path);
        let Some(index) = same_endpoint else {
            out.push(
                Subject::Operation,
                &path,
                ChangeKind::Removed,
                true,
                format!("{} has no method any more", endpoint(old_op)),
            );
            continue;
        };
        let new_op = added.remove(index);
        let new_path = op_path(new_op);
        out.push(
            Subject::Operation,
            &path,
            ChangeKind::Renamed,
            true,
            format!(
                "now `{new_path}` for the same {} (operationId `{}` -> `{}`)",
                endpoint(old_op),
                old_op.operation_id,
                new_op.operation_id
            ),
        );
        // A per-status response enum is named after the method, so it is renamed with it.
        for (before, after) in [
            (&old_op.success, &new_op.success),
            (&old_op.error, &new_op.error),
        ] {
            if before != after
                && old_types.contains(before.as_str())
                && !new_types.contains(before.as_str())
                && new_types.contains(after.as_str())
                && !old_types.contains(after.as_str())
            {
                type_renames.push((before.clone(), after.clone()));
            }
        }
        // So is its request builder.
        if let (Some(before), Some(after)) = (&old_op.request, &new_op.request)
            && before.type_name != after.type_name
        {
            type_renames.push((before.type_name.clone(), after.type_name.clone()));
        }
        operation(&new_path, old_op, new_op, &type_renames, out);
    }
    for op in added {
        out.push(
            Subject::Operation,
            &op_path(op),
            ChangeKind::Added,
            false,
            format!("{} (operationId `{}`)", endpoint(op), op.operation_id),
        );
    }
    type_renames
}

fn operation(
    path: &str,
    old: &OperationEntry,
    new: &OperationEntry,
    type_renames: &[(String, String)],
    out: &mut Out,
) {
    if old.http_method != new.http_method || old.path != new.path {
        out.push(
            Subject::Operation,
            path,
            ChangeKind::Changed,
            false,
            format!("now sends {} (was {})", endpoint(new), endpoint(old)),
        );
    }
    out.deprecation(Subject::Operation, path, old.deprecated, new.deprecated);
    arguments(path, &old.args, &new.args, out);
    request(
        path,
        old.request.as_ref(),
        new.request.as_ref(),
        type_renames,
        out,
    );
    match (&old.body, &new.body) {
        (None, Some(body)) => out.push(
            Subject::Operation,
            path,
            ChangeKind::Changed,
            true,
            format!("takes a new last argument `body: {body}`"),
        ),
        (Some(body), None) => out.push(
            Subject::Operation,
            path,
            ChangeKind::Changed,
            true,
            format!("no longer takes `body: {body}`"),
        ),
        (Some(before), Some(after)) if before != after => out.push(
            Subject::Operation,
            path,
            ChangeKind::Changed,
            true,
            format!("the body argument is now `{after}` (was `{before}`)"),
        ),
        _ => {}
    }
    for (side, before, after) in [
        ("succeeds with", &old.success, &new.success),
        ("fails with", &old.error, &new.error),
    ] {
        let renamed_with_method = type_renames.iter().any(|(b, a)| b == before && a == after);
        if before != after && !renamed_with_method {
            out.push(
                Subject::Operation,
                path,
                ChangeKind::Changed,
                true,
                format!("now {side} `{after}` (was `{before}`)"),
            );
        }
    }
}

fn wire(param: &ParamEntry) -> String {
    format!("{} `{}`", param.location, param.wire_name)
}

/// Required parameters are positional: a name change alone breaks no caller, an order or type
/// change does (the order silently, when the types agree).
fn arguments(op: &str, old: &[ParamEntry], new: &[ParamEntry], out: &mut Out) {
    let arg_path = |name: &str| format!("{op}({name})");
    let names = |args: &[ParamEntry]| {
        args.iter()
            .map(|a| a.rust_name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if old.len() == new.len() {
        let reordered = new.iter().enumerate().any(|(i, n)| {
            old.iter()
                .enumerate()
                .any(|(j, o)| i != j && o.rust_name == n.rust_name)
        });
        if reordered {
            out.push(
                Subject::Operation,
                op,
                ChangeKind::Changed,
                true,
                format!("arguments reordered: ({}) -> ({})", names(old), names(new)),
            );
        }
        for (o, n) in old.iter().zip(new) {
            let path = arg_path(&n.rust_name);
            if o.rust_type != n.rust_type {
                out.push(
                    Subject::Parameter,
                    &path,
                    ChangeKind::Changed,
                    true,
                    format!("type `{}` -> `{}`", o.rust_type, n.rust_type),
                );
            }
            if o.rust_name != n.rust_name && !reordered {
                out.push(
                    Subject::Parameter,
                    &arg_path(&o.rust_name),
                    ChangeKind::Renamed,
                    false,
                    format!("now `{}`, sent as {} (was {}); arguments are positional, so calls still build", n.rust_name, wire(n), wire(o)),
                );
            } else if o.rust_name == n.rust_name && wire(o) != wire(n) {
                out.push(
                    Subject::Parameter,
                    &path,
                    ChangeKind::Changed,
                    false,
                    format!("now sent as {} (was {})", wire(n), wire(o)),
                );
            }
            out.deprecation(Subject::Parameter, &path, o.deprecated, n.deprecated);
        }
        return;
    }
    for o in old {
        match new.iter().find(|n| n.rust_name == o.rust_name) {
            None => out.push(
                Subject::Parameter,
                &arg_path(&o.rust_name),
                ChangeKind::Removed,
                true,
                format!("the method no longer takes it ({})", wire(o)),
            ),
            Some(n) => param_pair(&arg_path(&n.rust_name), o, n, out),
        }
    }
    for n in new
        .iter()
        .filter(|n| !old.iter().any(|o| o.rust_name == n.rust_name))
    {
        out.push(
            Subject::Parameter,
            &arg_path(&n.rust_name),
            ChangeKind::Added,
            true,
            format!(
                "new required argument `{}: {}` ({}): every call must pass it",
                n.rust_name,
                n.rust_type,
                wire(n)
            ),
        );
    }
}

fn param_pair(path: &str, o: &ParamEntry, n: &ParamEntry, out: &mut Out) {
    if o.rust_type != n.rust_type {
        out.push(
            Subject::Parameter,
            path,
            ChangeKind::Changed,
            true,
            format!("type `{}` -> `{}`", o.rust_type, n.rust_type),
        );
    }
    if wire(o) != wire(n) {
        out.push(
            Subject::Parameter,
            path,
            ChangeKind::Changed,
            false,
            format!("now sent as {} (was {})", wire(n), wire(o)),
        );
    }
    out.deprecation(Subject::Parameter, path, o.deprecated, n.deprecated);
}

/// The request builder is the method's return type: its appearance or disappearance changes
/// the signature (code that awaits the result still builds, code that names `Call<..>` does
/// not). Setters come and go with optional parameters: a new one breaks no caller, a removed or
/// retyped one breaks the callers that use it.
fn request(
    op: &str,
    old: Option<&RequestEntry>,
    new: Option<&RequestEntry>,
    type_renames: &[(String, String)],
    out: &mut Out,
) {
    // What the builder offers: its setters, and paging.
    let offers = |r: &RequestEntry| {
        let mut methods: Vec<String> = r
            .setters
            .iter()
            .map(|s| format!("`.{}(..)`", s.rust_name.trim_start_matches("r#")))
            .collect();
        if r.paginated {
            methods.push("`.paginate()`".to_owned());
        }
        methods.join(", ")
    };
    let (old, new) = match (old, new) {
        (None, None) => return,
        (None, Some(r)) => {
            let detail = format!(
                "returns `{}` instead of a `Call` (code that awaits it still builds), with {}",
                r.type_name,
                offers(r)
            );
            return out.push(Subject::Operation, op, ChangeKind::Changed, true, detail);
        }
        (Some(r), None) => {
            let detail = format!(
                "returns a `Call` instead of `{}`; {} are gone",
                r.type_name,
                offers(r)
            );
            return out.push(Subject::Operation, op, ChangeKind::Changed, true, detail);
        }
        (Some(old), Some(new)) => (old, new),
    };
    let renamed_with_method = type_renames
        .iter()
        .any(|(b, a)| b == &old.type_name && a == &new.type_name);
    if old.type_name != new.type_name && !renamed_with_method {
        let detail = format!("now returns `{}` (was `{}`)", new.type_name, old.type_name);
        out.push(Subject::Operation, op, ChangeKind::Changed, true, detail);
    }
    match (old.paginated, new.paginated) {
        (false, true) => out.push(
            Subject::Operation,
            op,
            ChangeKind::Added,
            false,
            format!("`{}` gains `.paginate()`", new.type_name),
        ),
        (true, false) => out.push(
            Subject::Operation,
            op,
            ChangeKind::Removed,
            true,
            format!("`{}` no longer has `.paginate()`", new.type_name),
        ),
        _ => {}
    }
    let path = |p: &ParamEntry| format!("{}.{}", new.type_name, p.rust_name);
    for o in &old.setters {
        match new.setters.iter().find(|n| n.rust_name == o.rust_name) {
            None => out.push(
                Subject::Parameter,
                &path(o),
                ChangeKind::Removed,
                true,
                format!("optional parameter removed with its setter ({})", wire(o)),
            ),
            Some(n) => param_pair(&path(n), o, n, out),
        }
    }
    for n in new
        .setters
        .iter()
        .filter(|n| !old.setters.iter().any(|o| o.rust_name == n.rust_name))
    {
        out.push(
            Subject::Parameter,
            &path(n),
            ChangeKind::Added,
            false,
            format!(
                "optional `{}`, set with `.{}(..)` ({})",
                n.rust_type,
                n.rust_name.trim_start_matches("r#"),
                wire(n)
            ),
        );
    }
}
