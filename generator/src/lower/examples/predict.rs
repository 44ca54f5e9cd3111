//! What the generated serde code does with a JSON value, worked out from the IR alone: whether
//! it decodes, and what encoding the decoded value gives back. This is the meaning of the IR's
//! types on the wire (the emitter spells exactly this), so the expectation of each example's
//! test comes from here, and a type that cannot hold a valid example shows at generation time.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};

use crate::diagnostics::push_pointer;
use crate::ir::{
    DefaultValue, Enum, Field, MemberMatch, Presence, SerdeImpl, Struct, Tagging, TypeDef,
    TypeKind, TypeRef, Union, WireValue,
};
use crate::text::code;

/// How many types a value may pass through without going one level deeper into the JSON (an
/// alias of a union of an alias...); beyond it a union member that only holds itself is taken
/// as not matching.
const HOPS: usize = 64;

/// What changed on the way through, besides nothing.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Note {
    /// What `tests/examples.rs` counts as coming back unchanged: a default filled in, a
    /// `null` the type does not take read as absent, a member name folded to its field's.
    Normalized(String),
    /// Anything else, in one sentence.
    Changed(String),
}

/// A decoded-and-encoded example.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Prediction {
    /// What encoding gives back.
    pub(super) json: Value,
    /// How it differs from the example.
    pub(super) notes: Vec<Note>,
}

pub(super) struct Predictor<'a> {
    types: HashMap<&'a str, &'a TypeDef>,
}

impl<'a> Predictor<'a> {
    pub(super) fn new(types: &'a [TypeDef]) -> Self {
        Self {
            types: types.iter().map(|t| (t.name.as_str(), t)).collect(),
        }
    }

    /// Decodes `json` as `ty` (as `Option<ty>` when `nullable`) and encodes it back, or says
    /// why it does not decode.
    pub(super) fn predict(
        &self,
        ty: &TypeRef,
        nullable: bool,
        json: &Value,
    ) -> Result<Prediction, String> {
        let mut notes = Vec::new();
        let json = if nullable && json.is_null() {
            Value::Null
        } else {
            self.decode(ty, json, "", &mut notes, 0)?
        };
        Ok(Prediction { json, notes })
    }

    fn decode(
        &self,
        ty: &TypeRef,
        json: &Value,
        at: &str,
        notes: &mut Vec<Note>,
        hops: usize,
    ) -> Result<Value, String> {
        if hops > HOPS {
            return Err(format!("{}the type only holds itself", place(at)));
        }
        match ty {
            TypeRef::Any => Ok(json.clone()),
            TypeRef::String | TypeRef::FormattedString(_) => match json {
                Value::String(_) => Ok(json.clone()),
                other => Err(expected(at, "a string", other)),
            },
            TypeRef::Bool => match json {
                Value::Bool(_) => Ok(json.clone()),
                other => Err(expected(at, "a boolean", other)),
            },
            TypeRef::I32 => match json.as_i64() {
                Some(n) if i32::try_from(n).is_ok() => Ok(json.clone()),
                _ => Err(expected(at, "an i32", json)),
            },
            TypeRef::U64 => match json.as_u64() {
                Some(_) => Ok(json.clone()),
                None => Err(expected(at, "a u64", json)),
            },
            TypeRef::I64 => match json.as_i64() {
                Some(_) => Ok(json.clone()),
                None => Err(expected(at, "an i64", json)),
            },
            TypeRef::F64 => match json.as_f64() {
                Some(n) => Ok(float(n)),
                None => Err(expected(at, "a number", json)),
            },
            TypeRef::F32 => match json.as_f64() {
                Some(n) => Ok(self.single(n, at, notes)),
                None => Err(expected(at, "a number", json)),
            },
            TypeRef::Array(inner) => match json {
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        self.decode(inner, item, &push_pointer(at, &i.to_string()), notes, 0)
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(Value::Array),
                other => Err(expected(at, "an array", other)),
            },
            TypeRef::Nullable(_) if json.is_null() => Ok(Value::Null),
            TypeRef::Nullable(inner) => self.decode(inner, json, at, notes, hops),
            TypeRef::Tuple(items) => match json {
                Value::Array(values) if values.len() == items.len() => items
                    .iter()
                    .zip(values)
                    .enumerate()
                    .map(|(i, (item, value))| {
                        self.decode(item, value, &push_pointer(at, &i.to_string()), notes, 0)
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(Value::Array),
                other => Err(expected(
                    at,
                    &format!("an array of {} items", items.len()),
                    other,
                )),
            },
            TypeRef::Map(inner) => match json {
                Value::Object(members) => {
                    let mut out = Map::new();
                    for (key, value) in members {
                        let decoded =
                            self.decode(inner, value, &push_pointer(at, key), notes, 0)?;
                        out.insert(key.clone(), decoded);
                    }
                    Ok(Value::Object(out))
                }
                other => Err(expected(at, "an object", other)),
            },
            TypeRef::Named(name) => {
                let Some(def) = self.types.get(name.as_str()) else {
                    return Err(format!("{}no type `{name}`", place(at)));
                };
                match &def.kind {
                    TypeKind::Alias { target } => self.decode(target, json, at, notes, hops + 1),
                    TypeKind::Enum(e) => {
                        let integer = e
                            .variants
                            .iter()
                            .any(|v| matches!(v.value, WireValue::Integer(_)));
                        match (integer, json) {
                            (true, _) if json.as_i64().is_some() => Ok(json.clone()),
                            (false, Value::String(_)) => Ok(json.clone()),
                            (true, other) => Err(expected(at, "an integer", other)),
                            (false, other) => Err(expected(at, "a string", other)),
                        }
                    }
                    TypeKind::Struct(s) => self.structure(name, s, json, at, notes),
                    TypeKind::Union(u) => self.union(u, json, at, notes, hops),
                }
            }
            TypeRef::Bytes | TypeRef::Unit => {
                Err(format!("{}not a JSON value of the SDK", place(at)))
            }
        }
    }

    /// An `f32`: what comes back is the nearest single-precision value, spelled shortest.
    fn single(&self, n: f64, at: &str, notes: &mut Vec<Note>) -> Value {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "the generated field is an f32: this is the rounding serde does"
        )]
        let single = n as f32;
        if !single.is_finite() {
            notes.push(Note::Changed(format!(
                "{}{n} is beyond f32 and comes back as null",
                place(at)
            )));
            return Value::Null;
        }
        let back: f64 = single.to_string().parse().unwrap_or(n);
        if back != n {
            notes.push(Note::Changed(format!(
                "{}{n} comes back as the nearest f32, {back}",
                place(at)
            )));
        }
        float(back)
    }

    fn structure(
        &self,
        name: &str,
        s: &Struct,
        json: &Value,
        at: &str,
        notes: &mut Vec<Note>,
    ) -> Result<Value, String> {
        let Value::Object(members) = json else {
            return Err(expected(at, &format!("a {name} object"), json));
        };
        // What each declared field holds after decoding: `None` is absent (not encoded).
        let mut held: Vec<Option<Value>> = vec![None; s.fields.len()];
        let mut rest = Map::new();
        for (key, value) in members {
            let member_at = push_pointer(at, key);
            let named = |same: &dyn Fn(&str) -> bool| {
                s.fields
                    .iter()
                    .position(|f| !f.flatten && same(&f.json_name))
            };
            // As `CowStr::fold_ascii_case`: the first field whose name equals it in ASCII case.
            let folded = || match s.member_match {
                MemberMatch::Exact => None,
                MemberMatch::IgnoreAsciiCase => named(&|name| name.eq_ignore_ascii_case(key)),
            };
            let Some(index) = named(&|name| name == key).or_else(folded) else {
                rest.insert(key.clone(), value.clone());
                continue;
            };
            let field = &s.fields[index];
            if &field.json_name != key {
                notes.push(Note::Normalized(format!(
                    "{}comes back as `{}`",
                    place(&member_at),
                    code(&field.json_name)
                )));
            }
            held[index] = match (&field.presence, field.nullable, value.is_null()) {
                // `Option<T>`: null is absent.
                (Presence::Optional, false, true) => {
                    notes.push(Note::Normalized(format!(
                        "{}null comes back absent",
                        place(&member_at)
                    )));
                    None
                }
                (_, true, true) => Some(Value::Null),
                _ => Some(self.decode(&field.ty, value, &member_at, notes, 0)?),
            };
        }
        let mut out = Map::new();
        for (field, value) in s.fields.iter().zip(held) {
            if field.flatten {
                continue;
            }
            let member_at = push_pointer(at, &field.json_name);
            let value = match (value, &field.presence) {
                (Some(value), _) => value,
                (None, Presence::Optional) => continue,
                (None, Presence::Defaulted(default)) => {
                    notes.push(Note::Normalized(format!(
                        "{}absent comes back with its default",
                        place(&member_at)
                    )));
                    self.default_json(default)
                }
                // serde's derive takes a missing `Option` as `None`; the hand-written impl
                // demands the member.
                (None, Presence::Required) if s.serde != SerdeImpl::Manual && field.nullable => {
                    notes.push(Note::Changed(format!(
                        "{}absent comes back as null",
                        place(&member_at)
                    )));
                    Value::Null
                }
                (None, Presence::Required) => {
                    return Err(format!(
                        "{}missing member `{}`",
                        place(at),
                        code(&field.json_name)
                    ));
                }
            };
            out.insert(field.json_name.clone(), value);
        }
        let flattened: Vec<&Field> = s.fields.iter().filter(|f| f.flatten).collect();
        if s.serde == SerdeImpl::Shared {
            // The union reads the whole object; the fields replace (or, unset, remove) the
            // members of their name in what it writes.
            let mut shared = Map::new();
            for field in flattened {
                match self.decode(&field.ty, json, at, notes, 0)? {
                    Value::Object(members) => shared.extend(members),
                    _ => return Err(format!("{}a flattened value is not an object", place(at))),
                }
            }
            for field in s.fields.iter().filter(|f| !f.flatten) {
                match out.remove(&field.json_name) {
                    Some(value) => shared.insert(field.json_name.clone(), value),
                    None => shared.remove(&field.json_name),
                };
            }
            return Ok(Value::Object(shared));
        }
        if !flattened.is_empty() {
            // Each flattened union sees every member no field took, and its members are
            // written beside the fields: derived, a later one wins a name both write; merged,
            // what was written first stays.
            for field in flattened {
                let decoded = self.decode(&field.ty, &Value::Object(rest.clone()), at, notes, 0)?;
                match decoded {
                    Value::Object(members) if s.serde == SerdeImpl::Merged => {
                        for (key, value) in members {
                            out.entry(key).or_insert(value);
                        }
                    }
                    Value::Object(members) => out.extend(members),
                    _ => return Err(format!("{}a flattened value is not an object", place(at))),
                }
            }
            return Ok(Value::Object(out));
        }
        match &s.additional {
            Some(additional) => {
                for (key, value) in rest {
                    let decoded =
                        self.decode(&additional.value, &value, &push_pointer(at, &key), notes, 0)?;
                    out.insert(key, decoded);
                }
            }
            None => {
                for key in rest.keys() {
                    notes.push(Note::Changed(format!(
                        "{}dropped: the type keeps no undeclared members",
                        place(&push_pointer(at, key))
                    )));
                }
            }
        }
        Ok(Value::Object(out))
    }

    fn union(
        &self,
        u: &Union,
        json: &Value,
        at: &str,
        notes: &mut Vec<Note>,
        hops: usize,
    ) -> Result<Value, String> {
        match &u.tagging {
            Tagging::Untagged => {
                // serde tries the variants in order and takes the first that decodes.
                for variant in &u.variants {
                    let mut tried = Vec::new();
                    if let Ok(value) = self.decode(&variant.ty, json, at, &mut tried, hops + 1) {
                        notes.extend(tried);
                        return Ok(value);
                    }
                }
                Ok(json.clone())
            }
            Tagging::Internal { property } => {
                let tag = json.get(property).and_then(Value::as_str);
                let chosen =
                    tag.and_then(|tag| u.variants.iter().find(|v| v.tags.iter().any(|t| t == tag)));
                match chosen {
                    Some(variant) => self.decode(&variant.ty, json, at, notes, hops + 1),
                    None => Ok(json.clone()),
                }
            }
        }
    }

    /// The enum `name` is, through aliases (repeated schemas are aliases of one type).
    fn enum_named(&self, name: &str) -> Option<&'a Enum> {
        let mut name = name;
        for _ in 0..=self.types.len() {
            match &self.types.get(name)?.kind {
                TypeKind::Enum(e) => return Some(e),
                TypeKind::Alias {
                    target: TypeRef::Named(target),
                } => name = target,
                _ => return None,
            }
        }
        None
    }

    fn default_json(&self, default: &DefaultValue) -> Value {
        match default {
            DefaultValue::String(s) => Value::String(s.clone()),
            DefaultValue::Integer(i) => Value::from(*i),
            DefaultValue::Float(f) => float(*f),
            DefaultValue::Bool(b) => Value::Bool(*b),
            DefaultValue::Variant { enum_name, variant } => self
                .enum_named(enum_name)
                .and_then(|e| e.variants.iter().find(|v| &v.rust_name == variant))
                .map_or(Value::Null, |v| match &v.value {
                    WireValue::String(s) => Value::String(s.clone()),
                    WireValue::Integer(i) => Value::from(*i),
                }),
            DefaultValue::List(items) => {
                Value::Array(items.iter().map(|d| self.default_json(d)).collect())
            }
            DefaultValue::Member { value, .. } => self.default_json(value),
        }
    }
}

fn float(n: f64) -> Value {
    Number::from_f64(n).map_or(Value::Null, Value::Number)
}

/// `` `/a/b`: `` before a message about a member; nothing for the example itself.
fn place(at: &str) -> String {
    if at.is_empty() {
        String::new()
    } else {
        format!("`{}`: ", code(at))
    }
}

fn expected(at: &str, what: &str, found: &Value) -> String {
    let found = match found {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(_) => "a string".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    };
    format!("{}expected {what}, found {found}", place(at))
}

/// JSON equal up to what `tests/examples.rs` ignores: key order, and how a number is spelled
/// (`1` equals `1.0`).
pub(super) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, value)| y.get(key).is_some_and(|other| same(value, other)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::{Config, Input, Source};

    const DOCUMENT: &str = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        nick: {type: string}
        owner: {type: string, nullable: true}
        indoor: {type: boolean, default: true}
        weight: {type: number, format: float}
      additionalProperties: {type: integer}
    Either:
      oneOf:
        - {type: integer}
        - $ref: '#/components/schemas/Pet'
"#;

    fn predict(name: &str, json: Value) -> Result<Prediction, String> {
        let input = Input {
            source: Source::new("t.yaml", DOCUMENT),
            overlays: Vec::new(),
        };
        let (api, _) = crate::lower_input(&input, &Config::new("t", "T")).expect("lowers");
        Predictor::new(&api.types).predict(&TypeRef::Named(name.to_owned()), false, &json)
    }

    #[test]
    fn defaults_fill_in_and_null_reads_as_absent() {
        let prediction =
            predict("Pet", json!({"name": "a", "nick": null, "owner": null})).expect("decodes");
        assert_eq!(
            prediction.json,
            json!({"name": "a", "owner": null, "indoor": true})
        );
        assert_eq!(
            prediction.notes,
            [
                Note::Normalized("`/nick`: null comes back absent".to_owned()),
                Note::Normalized("`/indoor`: absent comes back with its default".to_owned()),
            ]
        );
    }

    #[test]
    fn what_does_not_fit_is_rejected_or_changed() {
        assert_eq!(
            predict("Pet", json!({})).map(|p| p.json),
            Err("missing member `name`".to_owned())
        );
        assert_eq!(
            predict("Pet", json!({"name": "a", "extra": "x"})).map(|p| p.json),
            Err("`/extra`: expected an i64, found a string".to_owned())
        );
        let rounded =
            predict("Pet", json!({"name": "a", "indoor": false, "weight": 0.1})).expect("decodes");
        assert!(rounded.notes.is_empty(), "0.1 is its own shortest f32");
        let changed = predict(
            "Pet",
            json!({"name": "a", "indoor": false, "weight": 16777217}),
        )
        .expect("decodes");
        assert_eq!(changed.json["weight"], json!(16777216.0));
    }

    #[test]
    fn an_untagged_union_takes_the_first_variant_that_fits_else_keeps_the_value() {
        assert_eq!(predict("Either", json!(3)).map(|p| p.json), Ok(json!(3)));
        let pet = predict("Either", json!({"name": "a"})).expect("a pet");
        assert_eq!(pet.json, json!({"name": "a", "indoor": true}));
        let other = predict("Either", json!({"nick": "b"})).expect("kept as is");
        assert_eq!(other.json, json!({"nick": "b"}));
        assert!(other.notes.is_empty());
        assert_eq!(
            predict("Either", json!(1.5)).map(|p| p.json),
            Ok(json!(1.5))
        );
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(same(
            &json!({"a": 1, "b": [2.0]}),
            &json!({"b": [2], "a": 1.0})
        ));
        assert!(!same(&json!(1), &json!(2)));
        assert!(!same(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
    }
}
