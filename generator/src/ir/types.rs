//! The generated types: structs, enums, unions and aliases, and the uses of them.

use serde::Serialize;

/// A generated type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// Where the schema came from (a JSON pointer), for diagnostics and readers of snapshots.
    pub origin: String,
    /// Documentation: the schema's own, or where it comes from.
    pub docs: String,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Its shape.
    pub kind: TypeKind,
    /// The cargo features that compile it (any of them); empty: always compiled.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}

/// The shape of a generated type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// An object with properties.
    Struct(Struct),
    /// A string or integer enum with a catch-all.
    Enum(Enum),
    /// oneOf / anyOf.
    Union(Union),
    /// A named schema that is just another type (`type: string`, an array, a map).
    Alias {
        /// The type it stands for.
        target: TypeRef,
    },
}

/// An object type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Struct {
    /// The declared properties, in document order.
    pub fields: Vec<Field>,
    /// Where members the schema does not declare go, if anywhere.
    pub additional: Option<Additional>,
    /// How serde's traits are implemented.
    pub serde: SerdeImpl,
    /// Names a hand-written `Deserialize` binds beside the fields (which it binds too), chosen
    /// so that no field shadows them.
    pub reader: ReaderNames,
    /// How a member's name finds its field; only a hand-written (`Manual`) impl ever folds.
    #[serde(skip_serializing_if = "MemberMatch::is_exact")]
    pub member_match: MemberMatch,
    /// Whether `Default` can be implemented (no field needs a value from the caller).
    pub has_default: bool,
    /// `From<Other>` conversions (`x-rust-from`).
    pub conversions: Vec<Conversion>,
}

/// The map that keeps members a schema does not declare.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Additional {
    /// The field's name (`additional_properties` unless a property took it).
    pub rust_name: String,
    /// The values' type; `Any` means a `serde_json::Map` of any JSON.
    pub value: TypeRef,
    /// Its documentation.
    pub docs: String,
}

/// Bindings of a hand-written `Deserialize`: the map being read and the current key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReaderNames {
    /// The `MapAccess` (`map` unless a field took it).
    pub map: String,
    /// The key being read (`key` unless a field took it).
    pub key: String,
}

/// How a hand-written `Deserialize` matches member names to fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberMatch {
    /// Exactly, as JSON compares keys.
    #[default]
    Exact,
    /// Exactly first; a name no field has is then compared with the fields' names ignoring
    /// ASCII case (the first one equal wins), and the field is written back with its own name
    /// (`x-case-insensitive-properties`: SCIM, RFC 7643 §2.1).
    IgnoreAsciiCase,
}

impl MemberMatch {
    /// Whether names are matched exactly (the default, left out of snapshots).
    pub fn is_exact(&self) -> bool {
        *self == MemberMatch::Exact
    }
}

/// How a struct implements `Serialize` and `Deserialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SerdeImpl {
    /// Written out field by field: a fraction of derive's code, and no slow `flatten`.
    Manual,
    /// `#[derive]` with `#[serde(flatten)]`: only for structs holding a flattened union.
    Derive,
    /// `Deserialize` derived as for `Derive`; `Serialize` written out so that each member is
    /// written once: the fields first, then each flattened union's members that nothing before
    /// it wrote. For structs holding several flattened unions (allOf of unions): each of them
    /// sees, and keeps, every member no field takes, so derived `Serialize` would write the
    /// members of one union once for each.
    Merged,
    /// Both written out, for a struct of the properties written beside a union (its one
    /// flattened field): the union reads the whole object, fields included (its members may
    /// restate them; a discriminator is often one of them), the fields are read from it too,
    /// and on writing the fields replace (or, unset, remove) the members of their name in what
    /// the union writes.
    Shared,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The field's name.
    pub rust_name: String,
    /// The property's name on the wire.
    pub json_name: String,
    /// The method that sets it (`with_<name>`).
    pub setter: String,
    /// The value's type, before optionality and nullability.
    pub ty: TypeRef,
    /// Whether the caller must give it, it has a default, or it may be absent.
    pub presence: Presence,
    /// An [`Optional`](Presence::Optional) field the constructor takes all the same: a request
    /// needs it, a response may leave it out (required and `writeOnly`, or
    /// `x-rust-required-to-build`, as for SCIM's `emails[].value`, which a response narrowed
    /// with `attributes` lacks).
    pub required_to_build: bool,
    /// `null` is a value of its own (`Option<T>`, inside the optionality).
    pub nullable: bool,
    /// Box the value: the field closes a reference cycle.
    pub boxed: bool,
    /// The value's members sit beside the struct's own (`#[serde(flatten)]`; allOf + oneOf).
    pub flatten: bool,
    /// Documentation, with notes on read-only and write-only.
    pub docs: String,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The array-of-enum field of the same struct that lists this field's wire name among its
    /// values (SCIM's `schemas` and an extension's URN, RFC 7643 §3): the setter adds it.
    pub listed_in: Option<ListedIn>,
}

impl Field {
    /// Whether a value of the struct can be made without the caller giving this field
    /// (all such fields make `Default` possible).
    pub fn built_without_value(&self) -> bool {
        self.presence != Presence::Required && !self.required_to_build
    }

    /// Whether the constructor takes this field as an argument.
    pub fn constructor_argument(&self) -> bool {
        !self.built_without_value()
    }

    /// Whether a `null` on the wire is a value of its own rather than "absent": the field is
    /// nullable, or takes any JSON (serde reads a null `Option<Value>` as `None`).
    pub fn null_is_a_value(&self) -> bool {
        self.nullable || self.ty == TypeRef::Any
    }
}

/// A value that an array-of-enum field gains when another field is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedIn {
    /// The array field.
    pub field: String,
    /// Its items' enum.
    pub enum_name: String,
    /// The variant to add when it is missing.
    pub variant: String,
    /// The array field is an `Option` (created when it is `None`).
    pub optional: bool,
}

/// Whether a field needs a value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "default", rename_all = "snake_case")]
pub enum Presence {
    /// An argument of the constructor; missing on the wire is a decode error.
    Required,
    /// Filled with this value by the constructor and when missing on the wire.
    Defaulted(DefaultValue),
    /// `Option<T>`: absent is `None`.
    Optional,
}

/// A default value, already checked against its type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum DefaultValue {
    /// A string.
    String(String),
    /// An integer (of the field's integer type).
    Integer(i64),
    /// A float (finite, within the field's float type).
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A variant of a generated enum.
    Variant {
        /// The enum.
        enum_name: String,
        /// The variant.
        variant: String,
    },
    /// A list of these values.
    List(Vec<DefaultValue>),
    /// A value of one member of an untagged union (`oneOf: [integer, enum [max]]` with
    /// `default: max`): the first member the value fits.
    Member {
        /// The union.
        union_name: String,
        /// Its variant holding the value.
        variant: String,
        /// The variant holds a `Box`.
        boxed: bool,
        /// The member's value.
        value: Box<DefaultValue>,
    },
}

/// `impl From<source> for <struct>` (or `TryFrom`, when a field the target requires may be
/// missing from the source): moves the fields both share, keeps the rest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conversion {
    /// The type converted from.
    pub source: String,
    /// `TryFrom`: some move unwraps an optional field the target requires.
    pub fallible: bool,
    /// One step per field of the source.
    pub moves: Vec<FieldMove>,
    /// The source's map of undeclared members, merged into the target's.
    pub source_additional: Option<String>,
    /// Fields only the target declares are taken from the source's undeclared members,
    /// when they are there and fit (both keep any JSON).
    pub from_members: bool,
}

/// What a conversion does with one field of its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldMove {
    /// The field in the source.
    pub from: String,
    /// Where it goes.
    pub to: MoveTarget,
}

/// Where a converted field goes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "field", rename_all = "snake_case")]
pub enum MoveTarget {
    /// The field of the same name and shape.
    Same(String),
    /// The optional field of the same name; the source always has a value.
    WrapSome(String),
    /// The required field of the same name, from an optional one: the conversion fails
    /// without it.
    Unwrap(String),
    /// The undeclared members map, under the field's wire name.
    Additional {
        /// The wire name.
        json_name: String,
        /// Whether the source field is an `Option` (absent stays absent).
        optional: bool,
    },
}

/// A string or integer enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Enum {
    /// The listed values.
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that keeps a value the document did not list.
    pub catch_all: String,
    /// The variant `Default` picks (an enum of one value defaults to it).
    pub default_variant: Option<String>,
    /// Whether a string that matches no value exactly is matched ignoring ASCII case
    /// (`x-case-insensitive-values`: SCIM, whose string values are not case-exact unless an
    /// attribute says so, RFC 7643 §2.2).
    pub ignore_ascii_case: bool,
}

/// One listed value of an enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumVariant {
    /// The variant's name.
    pub rust_name: String,
    /// The wire value.
    pub value: WireValue,
}

/// An enum value as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum WireValue {
    /// A string enum's value.
    String(String),
    /// An integer enum's value.
    Integer(i64),
}

/// oneOf / anyOf.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Union {
    /// How a value picks its variant.
    pub tagging: Tagging,
    /// The members, most specific first for untagged unions.
    pub variants: Vec<UnionVariant>,
    /// Name of the variant that keeps a value matching no other variant, as raw JSON.
    pub catch_all: String,
}

/// How a union value picks its variant.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Tagging {
    /// Tried in order; the first that fits wins.
    Untagged,
    /// A discriminator property names the variant.
    Internal {
        /// The discriminator property.
        property: String,
    },
}

/// One member of a union.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionVariant {
    /// The variant's name.
    pub rust_name: String,
    /// What it holds.
    pub ty: TypeRef,
    /// Box the value: it closes a reference cycle.
    pub boxed: bool,
    /// Discriminator values that select this variant (internally tagged unions only).
    pub tags: Vec<String>,
    /// Its documentation.
    pub docs: String,
}

/// A use of a type: a generated one by name, or a built-in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    /// A generated type.
    Named(String),
    /// `String`.
    String,
    /// `String`, with the `format` kept for the docs: date-time, date, uuid, byte, ...
    FormattedString(String),
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u64` (`format: uint64`: values up to 2^64 - 1, which `i64` cannot hold).
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// Raw bytes (`format: binary` bodies).
    Bytes,
    /// Any JSON value.
    Any,
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `HashMap<String, T>`.
    Map(Box<TypeRef>),
    /// `(A, B, ...)`: an array of fixed length whose positions have their own types
    /// (`prefixItems`).
    Tuple(Vec<TypeRef>),
    /// `Option<T>`: an array item, map value or tuple position that may be `null`. (Whether
    /// a property may be null is [`Field::nullable`], which also decides how it is sent.)
    Nullable(Box<TypeRef>),
    /// No value at all (a response without a body).
    Unit,
}

/// The paths [`TypeRef::spell`] writes for names that depend on where the text goes.
#[derive(Debug, Clone, Copy)]
pub struct Spelling<'a> {
    /// Before a generated type's name: `""` inside the crate, `"sdk::models::"` outside.
    pub models: &'a str,
    /// `HashMap`, or its full path.
    pub hash_map: &'a str,
    /// Raw bytes.
    pub bytes: &'a str,
    /// Any JSON value.
    pub value: &'a str,
    /// No value.
    pub unit: &'a str,
}

impl TypeRef {
    /// The generated type this refers to directly (not through a container).
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            _ => None,
        }
    }

    /// The types this one holds directly: a list's items, a map's values, a tuple's
    /// positions, what an `Option` wraps. Every walk over types goes through here.
    pub fn inner(&self) -> &[TypeRef] {
        match self {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                std::slice::from_ref(inner.as_ref())
            }
            TypeRef::Tuple(items) => items,
            _ => &[],
        }
    }

    /// [`inner`](Self::inner), to change in place.
    pub fn inner_mut(&mut self) -> &mut [TypeRef] {
        match self {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                std::slice::from_mut(inner.as_mut())
            }
            TypeRef::Tuple(items) => items,
            _ => &mut [],
        }
    }

    /// The type as Rust source text, with the names that depend on where the text goes
    /// (inside the crate, in a test or doc example outside it) taken from `paths`.
    pub fn spell(&self, paths: &Spelling<'_>) -> String {
        let spell = |ty: &TypeRef| ty.spell(paths);
        match self {
            TypeRef::Named(name) => format!("{}{name}", paths.models),
            TypeRef::String | TypeRef::FormattedString(_) => "String".to_owned(),
            TypeRef::I32 => "i32".to_owned(),
            TypeRef::I64 => "i64".to_owned(),
            TypeRef::U64 => "u64".to_owned(),
            TypeRef::F32 => "f32".to_owned(),
            TypeRef::F64 => "f64".to_owned(),
            TypeRef::Bool => "bool".to_owned(),
            TypeRef::Bytes => paths.bytes.to_owned(),
            TypeRef::Any => paths.value.to_owned(),
            TypeRef::Unit => paths.unit.to_owned(),
            TypeRef::Array(inner) => format!("Vec<{}>", spell(inner)),
            TypeRef::Map(inner) => format!("{}<String, {}>", paths.hash_map, spell(inner)),
            TypeRef::Nullable(inner) => format!("Option<{}>", spell(inner)),
            // One element keeps its comma: `(A,)`.
            TypeRef::Tuple(items) => match items.as_slice() {
                [one] => format!("({},)", spell(one)),
                _ => format!(
                    "({})",
                    items.iter().map(spell).collect::<Vec<_>>().join(", ")
                ),
            },
        }
    }

    /// Calls `found` with every generated type this mentions, through any container.
    pub fn for_each_named<'a>(&'a self, found: &mut impl FnMut(&'a str)) {
        if let TypeRef::Named(name) = self {
            found(name);
        }
        for inner in self.inner() {
            inner.for_each_named(found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Spelling, TypeRef};

    #[test]
    fn spelling_follows_the_paths_and_keeps_a_lone_tuple_comma() {
        let ty = TypeRef::Map(Box::new(TypeRef::Tuple(vec![TypeRef::Nullable(Box::new(
            TypeRef::Named("Pet".to_owned()),
        ))])));
        let inside = Spelling {
            models: "",
            hash_map: "HashMap",
            bytes: "Bytes",
            value: "Value",
            unit: "()",
        };
        assert_eq!(ty.spell(&inside), "HashMap<String, (Option<Pet>,)>");
        let outside = Spelling {
            models: "sdk::models::",
            hash_map: "std::collections::HashMap",
            ..inside
        };
        assert_eq!(
            ty.spell(&outside),
            "std::collections::HashMap<String, (Option<sdk::models::Pet>,)>"
        );
        let mut names = Vec::new();
        ty.for_each_named(&mut |name| names.push(name));
        assert_eq!(names, ["Pet"]);
    }
}
