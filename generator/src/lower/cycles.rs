//! Whole-model fix-ups that need every type lowered first: boxing fields that close reference
//! cycles, refusing alias-only cycles, checking enum defaults and ordering untagged variants.

use std::collections::HashMap;

use crate::diagnostics::Diagnostics;
use crate::ir::{Presence, Tagging, TypeDef, TypeKind, TypeRef};

/// Returns how deep types nest inside each other (see [`nesting_depth`]).
pub(super) fn settle(types: &mut [TypeDef], diags: &mut Diagnostics) -> usize {
    break_alias_cycles(types, diags);
    drop_members_that_lead_back(types, diags);
    box_cycles(types);
    order_untagged_variants(types);
    warn_about_long_chains(types, diags);
    nesting_depth(types)
}

/// Beyond this many structs and enums holding one another, rustc's time and memory grow out of
/// reach (measured with clippy on a chain of object schemas: 400 links 9 s, 1,000 links 30 s
/// and 1 GB, 10,000 links more than 5 minutes and 10 GB before it was stopped).
const MAX_COMFORTABLE_CHAIN: usize = 1_000;

/// The longest chain of types holding one another (boxed or not; a cycle counts once per
/// member). rustc's layout and drop-check queries recurse along it, so a deep chain needs a
/// higher `recursion_limit` in the generated crate.
fn nesting_depth(types: &[TypeDef]) -> usize {
    chain_depths(types, |_| 1).into_iter().max().unwrap_or(0)
}

/// Generating such a chain is still right (the code is valid, and `recursion_limit` is raised
/// for it), but compiling it may not finish on the user's machine: say so, at the type the
/// longest chain starts from. Aliases do not count: rustc resolves them before it recurses.
fn warn_about_long_chains(types: &[TypeDef], diags: &mut Diagnostics) {
    let nominal = |t: &TypeDef| usize::from(!matches!(t.kind, TypeKind::Alias { .. }));
    let depths = chain_depths(types, nominal);
    let deepest = depths
        .iter()
        .enumerate()
        .max_by_key(|&(i, &d)| (d, usize::MAX - i));
    if let Some((head, &depth)) = deepest
        && depth > MAX_COMFORTABLE_CHAIN
    {
        diags.warn(
            &types[head].origin,
            format!(
                "a chain of {depth} structs and enums holding one another starts here; rustc needs minutes and gigabytes of memory to compile chains longer than {MAX_COMFORTABLE_CHAIN}"
            ),
        );
    }
}

/// For each type, the longest chain of types it holds (itself included), each type counted
/// with `weight` and a cycle counted once per member.
fn chain_depths(types: &[TypeDef], weight: impl Fn(&TypeDef) -> usize) -> Vec<usize> {
    let graph = reference_graph(types, false);
    // Tarjan yields components in reverse topological order: every component a component
    // points to comes out before it.
    let components = strongly_connected(&graph);
    let mut component_of = vec![0; types.len()];
    for (c, members) in components.iter().enumerate() {
        for &i in members {
            component_of[i] = c;
        }
    }
    let mut depth = vec![0usize; components.len()];
    for (c, members) in components.iter().enumerate() {
        let below = members
            .iter()
            .flat_map(|&i| &graph[i])
            .map(|&j| component_of[j])
            .filter(|&d| d != c)
            .map(|d| depth[d])
            .max()
            .unwrap_or(0);
        depth[c] = below + members.iter().map(|&i| weight(&types[i])).sum::<usize>();
    }
    component_of.into_iter().map(|c| depth[c]).collect()
}

fn index_of(types: &[TypeDef]) -> HashMap<String, usize> {
    types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect()
}

/// For each type, the indices of the types it mentions (only direct mentions if `direct_only`).
fn reference_graph(types: &[TypeDef], direct_only: bool) -> Vec<Vec<usize>> {
    let index = index_of(types);
    types
        .iter()
        .map(|t| {
            mentions(&t.kind)
                .into_iter()
                .filter(|(_, direct)| *direct || !direct_only)
                .filter_map(|(n, _)| index.get(n).copied())
                .collect()
        })
        .collect()
}

/// Named types a type mentions, and whether each mention is direct (no Vec/Map in between).
fn mentions(kind: &TypeKind) -> Vec<(&str, bool)> {
    fn walk<'t>(ty: &'t TypeRef, direct: bool, out: &mut Vec<(&'t str, bool)>) {
        if let TypeRef::Named(name) = ty {
            out.push((name, direct));
        }
        // A list or map holds its values on the heap; a tuple or an `Option` holds them
        // inline, so a cycle through one needs a box like one through a field.
        let inline = !matches!(ty, TypeRef::Array(_) | TypeRef::Map(_));
        for inner in ty.inner() {
            walk(inner, direct && inline, out);
        }
    }
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                walk(&field.ty, true, &mut out);
            }
            if let Some(extra) = &s.additional {
                walk(&extra.value, false, &mut out);
            }
        }
        TypeKind::Union(u) => {
            for variant in &u.variants {
                walk(&variant.ty, true, &mut out);
            }
        }
        TypeKind::Alias { target } => walk(target, true, &mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

/// `type A = B; type B = Vec<A>;` cannot compile: an alias cycle needs a real type somewhere.
fn break_alias_cycles(types: &mut [TypeDef], diags: &mut Diagnostics) {
    let index = index_of(types);
    let graph: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias { .. } => mentions(&t.kind)
                .into_iter()
                .filter_map(|(name, _)| index.get(name).copied())
                .filter(|&j| matches!(types[j].kind, TypeKind::Alias { .. }))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for component in strongly_connected(&graph) {
        let cyclic = component.len() > 1 || graph[component[0]].contains(&component[0]);
        if !cyclic {
            continue;
        }
        let through_container = component
            .iter()
            .any(|&i| mentions(&types[i].kind).iter().any(|(_, direct)| !direct));
        for &i in &component {
            if through_container {
                diags.warn(
                    &types[i].origin,
                    "recursive alias through an array or map; using serde_json::Value",
                );
            } else {
                diags.error(
                    &types[i].origin,
                    "impossible reference cycle: these schemas only refer to each other",
                );
            }
            types[i].kind = TypeKind::Alias {
                target: TypeRef::Any,
            };
        }
    }
}

/// The union a member is, through aliases and nullability: reading the member reads that
/// union's members next, without consuming any input.
fn member_union(types: &[TypeDef], index: &HashMap<String, usize>, ty: &TypeRef) -> Option<usize> {
    let mut current = ty;
    // Alias chains are acyclic by now, and short.
    for _ in 0..64 {
        match current {
            TypeRef::Nullable(inner) => current = inner,
            TypeRef::Named(name) => {
                let i = *index.get(name)?;
                match &types[i].kind {
                    TypeKind::Union(_) => return Some(i),
                    TypeKind::Alias { target } => current = target,
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
    None
}

/// Drops each union member that leads back to its own union through other unions' members
/// only (`A: anyOf: [string, $ref: A]`): serde would try it, try the union again, and never
/// stop (a stack overflow on the first value that is not a string). What such a member adds
/// is its other unions' members, which values then land in the union's catch-all as raw JSON.
fn drop_members_that_lead_back(types: &mut [TypeDef], diags: &mut Diagnostics) {
    let index = index_of(types);
    for u in 0..types.len() {
        while let Some(position) = member_leading_back(types, &index, u) {
            let TypeKind::Union(union) = &mut types[u].kind else {
                break;
            };
            let member = union.variants.remove(position);
            diags.warn(
                &types[u].origin,
                format!(
                    "member `{}` leads back to this union without nesting, so reading it would never end; dropping it (values only it matches are kept as raw JSON)",
                    member.rust_name
                ),
            );
        }
    }
}

/// The first member of union `u` that leads back to it, if any.
fn member_leading_back(
    types: &[TypeDef],
    index: &HashMap<String, usize>,
    u: usize,
) -> Option<usize> {
    let TypeKind::Union(union) = &types[u].kind else {
        return None;
    };
    union.variants.iter().position(|member| {
        member_union(types, index, &member.ty).is_some_and(|v| reaches(types, index, v, u))
    })
}

/// Whether reading union `from` can come to union `to` through union members alone.
fn reaches(types: &[TypeDef], index: &HashMap<String, usize>, from: usize, to: usize) -> bool {
    let mut seen = vec![false; types.len()];
    let mut stack = vec![from];
    while let Some(i) = stack.pop() {
        if i == to {
            return true;
        }
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        if let TypeKind::Union(union) = &types[i].kind {
            stack.extend(
                union
                    .variants
                    .iter()
                    .filter_map(|member| member_union(types, index, &member.ty)),
            );
        }
    }
    false
}

/// Boxes every direct reference that stays inside a strongly connected component.
fn box_cycles(types: &mut [TypeDef]) {
    let index = index_of(types);
    let graph = reference_graph(types, true);
    let mut component_of = vec![usize::MAX; types.len()];
    for (c, members) in strongly_connected(&graph).into_iter().enumerate() {
        for i in members {
            component_of[i] = c;
        }
    }
    for i in 0..types.len() {
        let same = |name: &str| {
            index
                .get(name)
                .is_some_and(|&j| component_of[j] == component_of[i])
        };
        let cyclic: Vec<bool> = match &types[i].kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| f.ty.named().is_some_and(same))
                .collect(),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .map(|v| v.ty.named().is_some_and(same))
                .collect(),
            _ => continue,
        };
        match &mut types[i].kind {
            TypeKind::Struct(s) => s
                .fields
                .iter_mut()
                .zip(cyclic)
                .for_each(|(f, c)| f.boxed = c),
            TypeKind::Union(u) => u
                .variants
                .iter_mut()
                .zip(cyclic)
                .for_each(|(v, c)| v.boxed = c),
            _ => {}
        }
    }
}

/// Tarjan's algorithm, iterative so a long chain of references cannot overflow the stack.
fn strongly_connected(graph: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = graph.len();
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut out, mut next) = (Vec::new(), Vec::new(), 0);
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = graph[v].get(*edge) {
                *edge += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(component);
            }
        }
    }
    out
}

/// serde tries untagged variants in order, so the ones that accept the least go first:
/// objects with more required fields, then integers before numbers, strings and free values last.
fn order_untagged_variants(types: &mut [TypeDef]) {
    let required: HashMap<String, (usize, usize)> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct(s) => Some((
                t.name.clone(),
                (
                    s.fields
                        .iter()
                        .filter(|f| f.presence == Presence::Required)
                        .count(),
                    s.fields.len(),
                ),
            )),
            _ => None,
        })
        .collect();
    let rank = |ty: &TypeRef| -> (u8, usize, usize) {
        match ty {
            TypeRef::Named(name) => match required.get(name) {
                Some(&(req, all)) => (0, usize::MAX - req, usize::MAX - all),
                None => (1, 0, 0),
            },
            TypeRef::Array(_) | TypeRef::Tuple(_) | TypeRef::Nullable(_) => (2, 0, 0),
            TypeRef::Map(_) => (3, 0, 0),
            TypeRef::Bool => (4, 0, 0),
            TypeRef::I32 | TypeRef::I64 | TypeRef::U64 => (5, 0, 0),
            TypeRef::F32 | TypeRef::F64 => (6, 0, 0),
            TypeRef::String | TypeRef::FormattedString(_) | TypeRef::Bytes => (7, 0, 0),
            TypeRef::Any | TypeRef::Unit => (8, 0, 0),
        }
    };
    for def in types.iter_mut() {
        if let TypeKind::Union(u) = &mut def.kind
            && u.tagging == Tagging::Untagged
        {
            u.variants.sort_by_key(|v| rank(&v.ty));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn finds_cycles_and_singletons() {
        let graph = vec![vec![1], vec![0], vec![2], vec![]];
        let mut components: Vec<Vec<usize>> = strongly_connected(&graph)
            .into_iter()
            .map(|mut c| {
                c.sort();
                c
            })
            .collect();
        components.sort();
        assert_eq!(components, vec![vec![0, 1], vec![2], vec![3]]);
    }

    #[test]
    fn nesting_depth_follows_chains_and_counts_cycles_once_per_member() {
        use crate::ir::{Field, Presence, SerdeImpl, Struct, TypeDef, TypeKind, TypeRef};
        let holder = |name: &str, next: &[&str]| TypeDef {
            name: name.to_owned(),
            origin: String::new(),
            docs: String::new(),
            deprecated: false,
            features: Vec::new(),
            kind: TypeKind::Struct(Struct {
                fields: next
                    .iter()
                    .map(|n| Field {
                        rust_name: n.to_lowercase(),
                        json_name: n.to_lowercase(),
                        setter: format!("with_{}", n.to_lowercase()),
                        ty: TypeRef::Named((*n).to_owned()),
                        presence: Presence::Optional,
                        required_to_build: false,
                        nullable: false,
                        boxed: false,
                        flatten: false,
                        docs: String::new(),
                        deprecated: false,
                        listed_in: None,
                    })
                    .collect(),
                additional: None,
                serde: SerdeImpl::Manual,
                reader: crate::ir::ReaderNames {
                    map: "map".to_owned(),
                    key: "key".to_owned(),
                },
                member_match: crate::ir::MemberMatch::Exact,
                has_default: true,
                conversions: Vec::new(),
            }),
        };
        // A -> B -> C <-> D: the chain A, B, then the cycle C, D.
        let types = [
            holder("A", &["B"]),
            holder("B", &["C"]),
            holder("C", &["D"]),
            holder("D", &["C"]),
        ];
        assert_eq!(super::nesting_depth(&types), 4);
    }

    #[test]
    fn a_long_chain_does_not_overflow() {
        let graph: Vec<Vec<usize>> = (0..200_000)
            .map(|i| {
                if i + 1 < 200_000 {
                    vec![i + 1]
                } else {
                    vec![0]
                }
            })
            .collect();
        assert_eq!(strongly_connected(&graph).len(), 1);
    }
}
