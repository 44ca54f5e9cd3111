//! What generated models share: the small pieces their hand-written serde impls call, so that
//! each model's impl stays a few lines (and compiles faster than `#[derive]` with `flatten`).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

/// A string read without copying when the input allows it: object keys and enum values.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CowStr<'de>(Cow<'de, str>);

impl<'de> CowStr<'de> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text as an owned string (no copy if it already is one).
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }

    /// Becomes the first of `names` it equals ignoring ASCII case, and says whether it changed
    /// (never when it already is one of them, so a caller can match again without looping).
    /// For models whose member names are case-insensitive (SCIM, RFC 7643 §2.1): they call it
    /// only for a key no field took, so canonical spellings cost nothing more.
    pub fn fold_ascii_case(&mut self, names: &[&'static str]) -> bool {
        if names.iter().any(|name| *name == self.as_str()) {
            return false;
        }
        match names.iter().find(|name| name.eq_ignore_ascii_case(&self.0)) {
            Some(name) => {
                self.0 = Cow::Borrowed(*name);
                true
            }
            None => false,
        }
    }
}

impl<'de> Deserialize<'de> for CowStr<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor;

        impl<'de> Visitor<'de> for StrVisitor {
            type Value = CowStr<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Borrowed(value)))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(StrVisitor)
    }
}

/// A model read member by member from a JSON object; implemented by every generated struct.
#[doc(hidden)]
pub trait FromObject<'de>: Sized {
    /// The model's name, for "expected a ... object" messages.
    const NAME: &'static str;

    /// Reads the object's members.
    fn from_object<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The serde visitor of every generated struct: an object, read by [`FromObject`].
#[doc(hidden)]
pub struct ObjectVisitor<T>(PhantomData<T>);

impl<T> ObjectVisitor<T> {
    /// A visitor for `T`.
    pub fn new() -> Self {
        ObjectVisitor(PhantomData)
    }
}

impl<T> Default for ObjectVisitor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: FromObject<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_object(map)
    }
}

/// Takes `name` out of a map of undeclared members as a `T`, when it is one; otherwise it
/// stays in the map (so a conversion that re-homes members into typed fields loses nothing).
#[doc(hidden)]
pub fn take_member<T: DeserializeOwned>(members: &mut Map<String, Value>, name: &str) -> Option<T> {
    let value = members.remove(name)?;
    match T::deserialize(&value) {
        Ok(typed) => Some(typed),
        Err(_) => {
            members.insert(name.to_owned(), value);
            None
        }
    }
}

/// A conversion between models failed: the source lacks a member the target requires (a
/// partial response, read with a projection such as SCIM's `attributes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingMember {
    source: &'static str,
    member: &'static str,
    target: &'static str,
}

impl MissingMember {
    /// What generated `TryFrom` impls report.
    #[doc(hidden)]
    pub fn new(source: &'static str, member: &'static str, target: &'static str) -> Self {
        MissingMember {
            source,
            member,
            target,
        }
    }

    /// The member's name on the wire.
    pub fn member(&self) -> &'static str {
        self.member
    }
}

impl fmt::Display for MissingMember {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "this {} has no `{}`, which a {} requires (was it read with a projection that left \
             it out?)",
            self.source, self.member, self.target
        )
    }
}

impl std::error::Error for MissingMember {}

/// The value of a required member, or serde's "missing field" error.
#[doc(hidden)]
pub fn required<T, E: de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}

/// `items` with each value of `wanted` listed exactly when its flag is set, in order, each
/// once: SCIM's `schemas` lists an extension's URN exactly when the extension's member is
/// there (RFC 7643 §3), however the member was set or cleared. Borrowed when nothing changes.
#[doc(hidden)]
pub fn listed<'a, T: Clone + PartialEq>(items: &'a [T], wanted: &[(T, bool)]) -> Cow<'a, [T]> {
    if wanted
        .iter()
        .all(|(value, set)| items.contains(value) == *set)
    {
        return Cow::Borrowed(items);
    }
    let unset = |item: &T| wanted.iter().any(|(value, set)| !set && value == item);
    let mut out: Vec<T> = items.iter().filter(|item| !unset(item)).cloned().collect();
    for (value, set) in wanted {
        if *set && !out.contains(value) {
            out.push(value.clone());
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use serde::de::IgnoredAny;
    use serde::ser::{Serialize, SerializeMap, Serializer};

    use super::*;

    /// What the generator writes for `{name: string (required), nick?: string}`.
    #[derive(Debug, PartialEq)]
    struct Person {
        name: String,
        nick: Option<String>,
    }

    impl<'de> FromObject<'de> for Person {
        const NAME: &'static str = "Person";

        fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut name = None;
            let mut nick = None;
            while let Some(key) = map.next_key::<CowStr<'de>>()? {
                match key.as_str() {
                    "name" => name = Some(map.next_value()?),
                    "nick" => nick = map.next_value()?,
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(Person {
                name: required(name, "name")?,
                nick,
            })
        }
    }

    impl<'de> Deserialize<'de> for Person {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_map(ObjectVisitor::new())
        }
    }

    impl Serialize for Person {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(None)?;
            map.serialize_entry("name", &self.name)?;
            if let Some(nick) = &self.nick {
                map.serialize_entry("nick", nick)?;
            }
            map.end()
        }
    }

    #[test]
    fn listed_values_follow_their_flags_once_each_and_borrow_when_unchanged() {
        let items = ["core", "ext"];
        assert!(matches!(listed(&items, &[("ext", true)]), Cow::Borrowed(_)));
        assert_eq!(listed(&items, &[("ext", false)]).as_ref(), ["core"]);
        assert_eq!(
            listed(&["core"], &[("ext", true)]).as_ref(),
            ["core", "ext"]
        );
        assert_eq!(
            listed(&["ext", "core", "ext"], &[("ext", false), ("other", true)]).as_ref(),
            ["core", "other"]
        );
        assert_eq!(
            listed::<&str>(&[], &[("a", true), ("a", true)]).as_ref(),
            ["a"]
        );
    }

    #[test]
    fn reads_escaped_and_borrowed_keys_alike() {
        let person: Person =
            serde_json::from_str(r#"{"n\u0061me": "Ada", "nick": null, "x": [1]}"#).unwrap();
        assert_eq!(
            person,
            Person {
                name: "Ada".into(),
                nick: None
            }
        );
        let from_value: Person =
            serde_json::from_value(serde_json::json!({"name": "Ada", "nick": "A"})).unwrap();
        assert_eq!(from_value.nick.as_deref(), Some("A"));
        assert_eq!(
            serde_json::to_string(&from_value).unwrap(),
            r#"{"name":"Ada","nick":"A"}"#
        );
    }

    #[test]
    fn keys_fold_to_the_first_declared_name_equal_ignoring_ascii_case() {
        let urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        let names = ["userName", "id", "ID", urn];
        let mut key = CowStr(Cow::Borrowed("USERNAME"));
        assert!(key.fold_ascii_case(&names));
        assert_eq!(key.as_str(), "userName");
        assert!(
            !key.fold_ascii_case(&names),
            "a declared name stays as it is"
        );
        let mut key = CowStr(Cow::Owned(urn.to_ascii_uppercase()));
        assert!(key.fold_ascii_case(&names));
        assert_eq!(key.as_str(), urn);
        let mut key = CowStr(Cow::Borrowed("Id"));
        assert!(key.fold_ascii_case(&names));
        assert_eq!(key.as_str(), "id");
        let mut key = CowStr(Cow::Borrowed("ID"));
        assert!(
            !key.fold_ascii_case(&names),
            "exact spellings are never folded"
        );
        // Only ASCII folds: `ſ` (long s) is `s` to Unicode case folding, not to RFC 7643.
        for other in ["userNames", "uſerName", ""] {
            let mut key = CowStr(Cow::Borrowed(other));
            assert!(!key.fold_ascii_case(&names), "{other}");
            assert_eq!(key.as_str(), other);
        }
    }

    #[test]
    fn members_move_into_typed_fields_only_when_they_fit() {
        let mut members = Map::new();
        members.insert("n".to_owned(), serde_json::json!(7));
        members.insert("s".to_owned(), serde_json::json!("x"));
        assert_eq!(take_member::<i64>(&mut members, "n"), Some(7));
        assert_eq!(take_member::<i64>(&mut members, "s"), None);
        assert_eq!(take_member::<i64>(&mut members, "absent"), None);
        assert_eq!(members.len(), 1, "what did not fit stays");
        assert_eq!(members["s"], "x");
    }

    #[test]
    fn missing_members_and_wrong_shapes_are_serde_errors() {
        let missing = serde_json::from_str::<Person>("{}").unwrap_err();
        assert!(
            missing.to_string().contains("missing field `name`"),
            "{missing}"
        );
        let wrong = serde_json::from_str::<Person>("[1]").unwrap_err();
        assert!(wrong.to_string().contains("a Person object"), "{wrong}");
    }
}
