//! Big APIs compile only what their users use: each service becomes a cargo feature, and each
//! type is compiled by the features whose operations reach it (through fields, items, union
//! members, aliases and conversions). Types every service reaches are always compiled; types
//! no operation reaches (models for webhooks, say) come with the `full` feature.

use std::collections::{BTreeSet, HashMap};

use crate::ir::{Operation, Outcome, Service, TypeDef, TypeKind, TypeRef};

/// Feature names Cargo or the crate already gives a meaning.
const TAKEN: &[&str] = &["default", "full", "blocking"];

/// The feature that compiles everything.
pub(super) const FULL: &str = "full";

/// Splits the API into features when it has more operations than `above`; returns the
/// feature names (empty when it stays whole).
pub(super) fn assign(
    services: &mut [Service],
    types: &mut [TypeDef],
    above: Option<usize>,
) -> Vec<String> {
    let operations: usize = services.iter().map(|s| s.operations.len()).sum();
    if above.is_none_or(|limit| operations <= limit) || services.len() < 2 {
        return Vec::new();
    }
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let graph: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let mut named = Vec::new();
            mentions(&t.kind, &mut named);
            named
                .iter()
                .filter_map(|n| index.get(*n).copied())
                .collect()
        })
        .collect();
    let mut reached: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); types.len()];
    let mut features = Vec::new();
    for (s, service) in services.iter_mut().enumerate() {
        let mut name = feature_name(&service.accessor);
        while features.contains(&name) {
            name.push_str("_api");
        }
        service.feature = Some(name.clone());
        features.push(name);
        let mut stack: Vec<usize> = Vec::new();
        for op in &service.operations {
            let mut roots = Vec::new();
            operation_types(op, &mut roots);
            stack.extend(roots.iter().filter_map(|n| index.get(*n).copied()));
        }
        while let Some(t) = stack.pop() {
            if reached[t].insert(s) {
                stack.extend(graph[t].iter().copied());
            }
        }
    }
    for (t, def) in types.iter_mut().enumerate() {
        def.features = match reached[t].len() {
            0 => vec![FULL.to_owned()],
            n if n == services.len() => Vec::new(),
            _ => {
                let mut names: Vec<String> =
                    reached[t].iter().map(|&s| features[s].clone()).collect();
                names.sort();
                names
            }
        };
    }
    features.sort();
    features
}

/// `charges` -> `charges`; a name Cargo or the crate already uses gets a suffix.
fn feature_name(accessor: &str) -> String {
    let name = crate::names::bare(accessor).trim_end_matches('_');
    if TAKEN.contains(&name) {
        format!("{name}_api")
    } else {
        name.to_owned()
    }
}

/// Named types an operation's signature and results mention.
fn operation_types<'a>(op: &'a Operation, out: &mut Vec<&'a str>) {
    let params = op
        .params
        .iter()
        .chain(op.request.iter().flat_map(|r| &r.params));
    for param in params {
        walk(&param.ty, out);
    }
    if let Some(body) = &op.body {
        walk(&body.ty, out);
    }
    for outcome in [&op.success, &op.error] {
        match outcome {
            Outcome::Single { ty } => walk(ty, out),
            Outcome::PerStatus { variants, .. } => {
                for variant in variants {
                    walk(&variant.ty, out);
                }
            }
        }
    }
    if let Some(pagination) = op.request.as_ref().and_then(|r| r.pagination.as_ref()) {
        out.push(&pagination.page);
        walk(&pagination.item, out);
    }
}

fn walk<'a>(ty: &'a TypeRef, out: &mut Vec<&'a str>) {
    ty.for_each_named(&mut |name| out.push(name));
}

/// Named types a type needs to compile.
fn mentions<'a>(kind: &'a TypeKind, out: &mut Vec<&'a str>) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                walk(&field.ty, out);
            }
            if let Some(extra) = &s.additional {
                walk(&extra.value, out);
            }
            for conversion in &s.conversions {
                out.push(&conversion.source);
            }
        }
        TypeKind::Union(u) => {
            for variant in &u.variants {
                walk(&variant.ty, out);
            }
        }
        TypeKind::Alias { target } => walk(target, out),
        TypeKind::Enum(_) => {}
    }
}
