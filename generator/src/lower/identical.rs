//! Inline schemas that repeat one another become aliases of one type. Big documents copy the
//! same object into hundreds of places (GitHub's webhooks spell out the same user, repository
//! and label again and again), and each copy would otherwise be a struct with its own impls:
//! most of what the compiler checks. An alias keeps every name a user may look for while the
//! code exists once.
//!
//! Two types are identical when their shapes are equal with references compared by what they
//! point to: fields, wire names, types, presence and defaults, field docs, flags. Their own
//! doc comments may differ (each alias keeps its own). Component schemas stay types of their
//! own, since users name them and implement traits for them; a repeated inline schema aliases
//! the first component equal to it, or else the first such inline schema.

use std::collections::HashMap;

use crate::ir::{DefaultValue, Field, TypeDef, TypeKind, TypeRef};

/// Turns every inline type equal to an earlier (or a component) type into an alias of it.
/// Returns how many became aliases.
pub(super) fn merge(types: &mut [TypeDef]) -> usize {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    // Components first, so a class's representative is a component when it has one.
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by_key(|&i| (!is_component(&types[i]), i));
    // Each type's class is the index of its representative. Start with every type alone and
    // refine: two types of equal shape, references compared by class, share a class. Merging
    // never splits a class, so this ends, after about as many rounds as the deepest nesting.
    let mut class: Vec<usize> = (0..types.len()).collect();
    loop {
        let mut by_shape: HashMap<String, usize> = HashMap::new();
        let mut next = class.clone();
        for &i in &order {
            let Some(shape) = shape(&types[i], &index, &class) else {
                continue;
            };
            next[i] = *by_shape.entry(shape).or_insert(i);
        }
        if next == class {
            break;
        }
        class = next;
    }
    let mut merged = 0;
    for i in 0..types.len() {
        let representative = class[i];
        if representative != i && !is_component(&types[i]) {
            let target = TypeRef::Named(types[representative].name.clone());
            types[i].kind = TypeKind::Alias { target };
            merged += 1;
        }
    }
    merged
}

/// A component schema's own type (not one nested inside it).
fn is_component(def: &TypeDef) -> bool {
    def.origin
        .strip_prefix("/components/schemas/")
        .is_some_and(|rest| !rest.contains('/'))
}

/// The type's shape as text, with references spelled as their class; `None` for types that
/// stay apart (aliases are already one line; conversions name their target).
fn shape(def: &TypeDef, index: &HashMap<&str, usize>, class: &[usize]) -> Option<String> {
    let mut kind = def.kind.clone();
    let canonical = |name: &mut String| {
        if let Some(&i) = index.get(name.as_str()) {
            *name = format!("#{}", class[i]);
        }
    };
    match &mut kind {
        TypeKind::Alias { .. } => return None,
        TypeKind::Struct(s) => {
            if !s.conversions.is_empty() {
                return None;
            }
            for field in &mut s.fields {
                canonical_field(field, &canonical);
            }
            if let Some(extra) = &mut s.additional {
                canonical_ref(&mut extra.value, &canonical);
            }
        }
        TypeKind::Union(u) => {
            for variant in &mut u.variants {
                canonical_ref(&mut variant.ty, &canonical);
            }
        }
        TypeKind::Enum(_) => {}
    }
    serde_json::to_string(&(def.deprecated, &kind)).ok()
}

fn canonical_field(field: &mut Field, canonical: &impl Fn(&mut String)) {
    canonical_ref(&mut field.ty, canonical);
    if let crate::ir::Presence::Defaulted(value) = &mut field.presence {
        canonical_default(value, canonical);
    }
}

fn canonical_default(value: &mut DefaultValue, canonical: &impl Fn(&mut String)) {
    match value {
        DefaultValue::Variant { enum_name, .. } => canonical(enum_name),
        DefaultValue::List(items) => {
            for item in items {
                canonical_default(item, canonical);
            }
        }
        DefaultValue::Member {
            union_name, value, ..
        } => {
            canonical(union_name);
            canonical_default(value, canonical);
        }
        _ => {}
    }
}

fn canonical_ref(ty: &mut TypeRef, canonical: &impl Fn(&mut String)) {
    if let TypeRef::Named(name) = ty {
        canonical(name);
    }
    for inner in ty.inner_mut() {
        canonical_ref(inner, canonical);
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, TypeKind, TypeRef};
    use crate::{Config, Input, Source};

    /// Lowers `components` with merging on for any size (or off).
    fn lower(components: &str, merge: bool) -> Api {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{components}"
        );
        let input = Input {
            source: Source::new("api.yaml", text),
            overlays: Vec::new(),
        };
        let mut config = Config::new("probe", "Probe");
        config.merge_identical_types_above = merge.then_some(0);
        match crate::lower_input(&input, &config) {
            Ok((api, _)) => api,
            Err(failure) => panic!("{:#?}", failure.diagnostics),
        }
    }

    fn kind<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
        match api.types.iter().find(|t| t.name == name) {
            Some(def) => &def.kind,
            None => panic!("no type {name} in {:?}", api.types),
        }
    }

    fn alias_of(api: &Api, name: &str) -> Option<String> {
        match kind(api, name) {
            TypeKind::Alias {
                target: TypeRef::Named(target),
            } => Some(target.clone()),
            _ => None,
        }
    }

    /// Two components, each with an inline `owner` and `owner.address`; `A.owner` equals the
    /// `Person` component, `C.owner` differs from both in one field's docs.
    const DOCUMENT: &str = concat!(
        "    Person:\n      type: object\n      properties:\n",
        "        name: {type: string}\n",
        "        address: {type: object, properties: {city: {type: string}}}\n",
        "    A:\n      type: object\n      properties:\n",
        "        owner:\n          type: object\n          description: The owner.\n",
        "          properties:\n",
        "            name: {type: string}\n",
        "            address: {type: object, properties: {city: {type: string}}}\n",
        "    B:\n      type: object\n      properties:\n",
        "        owner:\n          type: object\n          properties:\n",
        "            name: {type: string}\n",
        "            address: {type: object, properties: {city: {type: string}}}\n",
        "        state: {type: string, enum: [open, closed]}\n",
        "        status: {type: string, enum: [open, closed]}\n",
        "    C:\n      type: object\n      properties:\n",
        "        owner:\n          type: object\n          properties:\n",
        "            name: {type: string, description: Differs.}\n",
        "            address: {type: object, properties: {city: {type: string}}}\n",
    );

    #[test]
    fn repeated_inline_schemas_alias_the_component_equal_to_them() {
        let api = lower(DOCUMENT, true);
        // Nested types merge first, which makes their parents equal.
        assert_eq!(
            alias_of(&api, "AOwnerAddress").as_deref(),
            Some("PersonAddress")
        );
        // The type's own description may differ; it stays on the alias.
        assert_eq!(alias_of(&api, "AOwner").as_deref(), Some("Person"));
        assert_eq!(alias_of(&api, "BOwner").as_deref(), Some("Person"));
        assert_eq!(alias_of(&api, "BStatus").as_deref(), Some("BState"));
        let a_owner = api
            .types
            .iter()
            .find(|t| t.name == "AOwner")
            .map(|t| &t.docs);
        assert_eq!(a_owner.map(String::as_str), Some("The owner."));
        // A field's docs are part of the shape.
        assert_eq!(alias_of(&api, "COwner"), None);
        assert_eq!(
            alias_of(&api, "COwnerAddress").as_deref(),
            Some("PersonAddress")
        );
        // Components stay types of their own.
        for name in ["Person", "A", "B", "C", "BState"] {
            assert_eq!(alias_of(&api, name), None, "{name}");
        }
    }

    #[test]
    fn below_the_threshold_every_schema_keeps_its_type() {
        let api = lower(DOCUMENT, false);
        assert!(
            api.types
                .iter()
                .all(|t| !matches!(t.kind, TypeKind::Alias { .. })),
            "{:?}",
            api.types.iter().map(|t| &t.name).collect::<Vec<_>>()
        );
    }

    #[test]
    fn recursive_copies_merge_without_losing_their_boxes() {
        let api = lower(
            concat!(
                "    Tree:\n      type: object\n      properties:\n",
                "        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}\n",
                "        first:\n          type: object\n          properties:\n",
                "            label: {type: string}\n",
                "            next: {$ref: '#/components/schemas/Tree'}\n",
                "        second:\n          type: object\n          properties:\n",
                "            label: {type: string}\n",
                "            next: {$ref: '#/components/schemas/Tree'}\n",
            ),
            true,
        );
        assert_eq!(alias_of(&api, "TreeSecond").as_deref(), Some("TreeFirst"));
        match kind(&api, "TreeFirst") {
            TypeKind::Struct(s) => {
                let next = s.fields.iter().find(|f| f.json_name == "next");
                assert!(next.is_some_and(|f| f.boxed), "{s:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_example_default_through_an_alias_is_predicted_with_its_value() {
        let api = lower(
            concat!(
                "    A:\n      type: object\n      properties:\n",
                "        mode: {type: string, enum: [auto, manual]}\n",
                "    B:\n      type: object\n      example: {}\n      properties:\n",
                "        mode: {type: string, enum: [auto, manual], default: auto}\n",
                "        kind: {type: string, enum: [auto, manual]}\n",
            ),
            true,
        );
        assert_eq!(alias_of(&api, "BMode").as_deref(), Some("AMode"));
        assert_eq!(alias_of(&api, "BKind").as_deref(), Some("AMode"));
        let example = api.examples.iter().find(|e| e.pointer.contains("/B/"));
        match example.map(|e| &e.expectation) {
            Some(crate::ir::Expectation::Normalized { json, .. }) => {
                assert_eq!(json, &serde_json::json!({"mode": "auto"}));
            }
            other => panic!("{other:?}"),
        }
    }
}
