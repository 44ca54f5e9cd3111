//! A YAML value that also takes integers beyond 64 bits. `serde_yaml::Value` refuses them
//! (`invalid type: integer ... as u128`), and with them the whole document, though real ones
//! write `maximum: 18446744073709551616` for a MySQL setting. They are kept as the nearest
//! float, which is what a JSON reader makes of them.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Number, Value};

/// A `serde_yaml::Value` read with 128-bit integers allowed.
pub(crate) struct WideYaml(pub(crate) Value);

impl<'de> Deserialize<'de> for WideYaml {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WideVisitor).map(WideYaml)
    }
}

struct WideVisitor;

impl<'de> de::Visitor<'de> for WideVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }

    #[allow(clippy::cast_precision_loss, reason = "the nearest float is the point")]
    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        Ok(Value::Number(Number::from(i as f64)))
    }

    #[allow(clippy::cast_precision_loss, reason = "the nearest float is the point")]
    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        Ok(Value::Number(Number::from(u as f64)))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        WideYaml::deserialize(deserializer).map(|wide| wide.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(WideYaml(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Mapping::new();
        while let Some((WideYaml(key), WideYaml(value))) = map.next_entry()? {
            if entries.contains_key(&key) {
                let shown = serde_yaml::to_string(&key).unwrap_or_default();
                return Err(de::Error::custom(format!(
                    "duplicate entry with key {}",
                    shown.trim_end()
                )));
            }
            entries.insert(key, value);
        }
        Ok(Value::Mapping(entries))
    }

    /// serde_yaml hands a tagged value (`!tag value`) over as an enum named by its tag.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, variant): (String, _) = data.variant()?;
        let WideYaml(value) = variant.newtype_variant()?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_serde_yaml_reads_and_wide_integers_as_floats() {
        let text = "a: [1, -2, 2.5, x, ~, true]\nb: !t {c: 1}\nbig: 18446744073709551616\nsmall: -9223372036854775809\n";
        let WideYaml(wide) = serde_yaml::from_str(text).unwrap();
        let plain: Value = serde_yaml::from_str(&text.replace(
            "big: 18446744073709551616\nsmall: -9223372036854775809\n",
            "",
        ))
        .unwrap();
        let mut expected = plain;
        if let Value::Mapping(map) = &mut expected {
            map.insert(
                "big".into(),
                Value::Number(Number::from(18_446_744_073_709_551_616_f64)),
            );
            map.insert(
                "small".into(),
                Value::Number(Number::from(-9_223_372_036_854_775_809_f64)),
            );
        }
        assert_eq!(wide, expected);

        let twice = serde_yaml::from_str::<WideYaml>("a: 1\nb: 2\na: 3\n")
            .err()
            .unwrap();
        assert!(
            twice.to_string().starts_with("duplicate entry with key a"),
            "{twice}"
        );
    }
}
