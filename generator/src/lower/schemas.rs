//! Schemas -> types. Component schemas keep their names; inline schemas that need a type of their
//! own are named after where they appear (`ScimUser` + `name` -> `ScimUserName`).

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use serde_json::Value;

use super::all_of::substantive;
use super::defaults::{ConversionRequest, Immediate, Pending, immediate_default};
use super::origin::describe_origin;
use super::unions::{integer_enum, string_enum};
use super::view::{Properties, View, beside_union, integer_enum_misfits, unknown_type, view};
use super::{Lowerer, MAX_DEPTH};
use crate::diagnostics::push_pointer;
use crate::ir::{
    Additional, Field, MemberMatch, Presence, ReaderNames, SerdeImpl, Struct, TypeDef, TypeKind,
    TypeRef,
};
use crate::names::{Namespace, pascal, prefixed, snake};
use crate::text::{code, join_docs};

/// The extension that names a type, field or operation (`x-rust-name: enterprise_user`).
pub(super) const RUST_NAME: &str = "x-rust-name";
/// Where normalize31 keeps a 3.1 `prefixItems` list.
const PREFIX_ITEMS: &str = "x-prefix-items";
/// The extension making an optional property an argument of its type's constructor
/// (`x-rust-required-to-build: true`): requests need it, responses may leave it out.
const REQUIRED_TO_BUILD: &str = "x-rust-required-to-build";

/// The extension asking for `impl From<Source> for Type` (`x-rust-from: [ScimUserResponse]`).
const RUST_FROM: &str = "x-rust-from";

impl<'a> Lowerer<'a> {
    /// Names every component schema first (so they keep their own names), then lowers them.
    pub(super) fn component_schemas(&mut self) {
        let Some(components) = self.doc.components.as_ref() else {
            return;
        };
        for (key, schema) in &components.schemas {
            let wanted = match schema {
                ReferenceOr::Item(schema) => rust_name(schema).map(pascal),
                ReferenceOr::Reference { .. } => None,
            };
            let name = self
                .type_names
                .claim_type(&wanted.unwrap_or_else(|| pascal(key)));
            self.components.insert(key.clone(), name);
        }
        for (key, schema) in &components.schemas {
            if let ReferenceOr::Item(schema) = schema {
                let ty = TypeRef::Named(self.components[key].clone());
                self.schema_example(schema, &push_pointer("/components/schemas", key), &ty);
            }
        }
        for (key, schema) in &components.schemas {
            let pointer = push_pointer("/components/schemas", key);
            let name = self.components[key].clone();
            match schema {
                ReferenceOr::Reference { .. } => {
                    let target = self.schema_type(schema, &pointer, &name);
                    let docs = describe_origin(&pointer);
                    self.push_def(name, pointer, docs, false, TypeKind::Alias { target });
                }
                ReferenceOr::Item(schema) => match self.builtin(schema, &pointer, &name) {
                    Some(target) => {
                        let docs = docs_of(schema).unwrap_or_else(|| describe_origin(&pointer));
                        self.push_def(
                            name,
                            pointer,
                            docs,
                            schema.schema_data.deprecated,
                            TypeKind::Alias { target },
                        );
                    }
                    None => self.define(name, schema, &pointer),
                },
            }
        }
    }

    fn push_def(
        &mut self,
        name: String,
        origin: String,
        docs: String,
        deprecated: bool,
        kind: TypeKind,
    ) {
        self.types.push(TypeDef {
            name,
            origin,
            docs,
            deprecated,
            kind,
            features: Vec::new(),
        });
    }

    /// The type of a use of a schema (a property, an item, a parameter, a body).
    pub(super) fn schema_type<S: std::borrow::Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        pointer: &str,
        hint: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference_type(reference, pointer),
            ReferenceOr::Item(schema) => {
                let ty = self.inline(schema.borrow(), pointer, hint);
                self.schema_example(schema.borrow(), pointer, &ty);
                ty
            }
        }
    }

    /// The type of an array item, map value or tuple position: `Option<T>` when the schema
    /// (or the one it references) allows `null`, since these have no field to leave out.
    fn element_type<S: std::borrow::Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        pointer: &str,
        hint: &str,
    ) -> TypeRef {
        let ty = self.schema_type(schema, pointer, hint);
        let nullable = self.admits_null(schema);
        match ty {
            // A JSON value holds null already.
            TypeRef::Any | TypeRef::Unit | TypeRef::Nullable(_) => ty,
            ty if nullable => TypeRef::Nullable(Box::new(ty)),
            ty => ty,
        }
    }

    fn reference_type(&mut self, reference: &str, pointer: &str) -> TypeRef {
        let key = reference
            .strip_prefix("#/components/schemas/")
            .map(super::unescape_token);
        match key.as_ref().and_then(|key| self.components.get(key)) {
            Some(name) => TypeRef::Named(name.clone()),
            // One missing schema must not cost the user the whole SDK; `--strict` refuses it.
            None if key.is_some() => {
                self.diags.degrade(
                    pointer,
                    format!(
                        "broken reference `{reference}`: no such schema; using serde_json::Value"
                    ),
                );
                TypeRef::Any
            }
            None => {
                self.diags.warn(
                    pointer,
                    format!(
                        "unsupported reference `{reference}`; using serde_json::Value{}",
                        crate::load::bundle_hint(reference)
                    ),
                );
                TypeRef::Any
            }
        }
    }

    /// The schema a reference points at, for looking inside it (allOf merging, discriminators).
    pub(super) fn referenced_schema(&self, reference: &str) -> Option<(&'a Schema, String)> {
        let key = super::unescape_token(reference.strip_prefix("#/components/schemas/")?);
        let mut current = self.doc.components.as_ref()?.schemas.get(&key)?;
        let mut name = key;
        // A chain longer than there are schemas must be a cycle.
        for _ in 0..=self.doc.components.as_ref()?.schemas.len() {
            match current {
                ReferenceOr::Item(schema) => return Some((schema, name)),
                ReferenceOr::Reference { reference } => {
                    name = super::unescape_token(reference.strip_prefix("#/components/schemas/")?);
                    current = self.doc.components.as_ref()?.schemas.get(&name)?;
                }
            }
        }
        None
    }

    fn inline(&mut self, schema: &Schema, pointer: &str, hint: &str) -> TypeRef {
        if self.depth >= MAX_DEPTH {
            self.diags.warn(
                pointer,
                format!("schemas nested deeper than {MAX_DEPTH} levels; using serde_json::Value"),
            );
            return TypeRef::Any;
        }
        self.depth += 1;
        let ty = match self.builtin(schema, pointer, hint) {
            Some(ty) => ty,
            None => {
                let wanted = rust_name(schema).map_or_else(|| pascal(hint), pascal);
                let name = self.type_names.claim_type(&wanted);
                self.define(name.clone(), schema, pointer);
                TypeRef::Named(name)
            }
        };
        self.depth -= 1;
        ty
    }

    /// A built-in Rust type for the schema, or None when it needs a type definition of its own.
    fn builtin(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Option<TypeRef> {
        // Every schema passes here once, before `define`. Integer enums are held as `i64`
        // (the IR's values, the catch-all variant, defaults, the manifest); a `u64` enum would
        // need a second kind of wire value through all of them for values no real document
        // seen so far uses, so a value beyond `i64` is left out, and said so.
        for (index, message) in integer_enum_misfits(schema) {
            let at = push_pointer(&push_pointer(pointer, "enum"), &index.to_string());
            self.diags.warn(at, message);
        }
        Some(match view(schema) {
            View::String { values, .. } if !values.is_empty() => return None,
            View::Integer { values, .. } if !values.is_empty() => return None,
            View::String { format, .. } => string_type(format.as_deref()),
            View::Integer { format, .. } => match format.as_deref() {
                Some("int32") => TypeRef::I32,
                Some("uint64") => TypeRef::U64,
                _ => TypeRef::I64,
            },
            View::Number { format } => match format.as_deref() {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            },
            View::Boolean => TypeRef::Bool,
            View::Any => {
                if let Some(unknown) = unknown_type(schema) {
                    self.diags.warn(
                        push_pointer(pointer, "type"),
                        format!("unknown type `{}`; using serde_json::Value", code(unknown)),
                    );
                }
                TypeRef::Any
            }
            View::Array { items: Some(items) } => TypeRef::Array(Box::new(self.element_type(
                items,
                &push_pointer(pointer, "items"),
                &format!("{hint}Item"),
            ))),
            View::Array { items: None } => self
                .tuple(schema, pointer, hint)
                .unwrap_or_else(|| TypeRef::Array(Box::new(TypeRef::Any))),
            View::Object {
                properties,
                additional,
                ..
            } if properties.is_empty() => match additional {
                Some(AdditionalProperties::Schema(value)) => {
                    TypeRef::Map(Box::new(self.element_type(
                        value,
                        &push_pointer(pointer, "additionalProperties"),
                        &format!("{hint}Value"),
                    )))
                }
                Some(AdditionalProperties::Any(true)) => TypeRef::Map(Box::new(TypeRef::Any)),
                // A free-form object: any JSON object, kept as a Value.
                _ => TypeRef::Any,
            },
            View::Object { .. } => return None,
            View::OneOf(members) | View::AnyOf(members)
                if members.len() == 1 && beside_union(schema).is_none() =>
            {
                self.schema_type(&members[0], &push_pointer(pointer, "0"), hint)
            }
            // `allOf: [$ref, {description: ...}]`: one real member plus annotations is that member.
            View::AllOf {
                members,
                properties,
                ..
            } if properties.is_empty() && substantive(members).len() == 1 => {
                let (index, member) = substantive(members)[0];
                let member_pointer =
                    push_pointer(&push_pointer(pointer, "allOf"), &index.to_string());
                self.schema_type(member, &member_pointer, hint)
            }
            View::OneOf(_) | View::AnyOf(_) | View::AllOf { .. } => return None,
        })
    }

    /// A 3.1 `prefixItems` array of exactly its positions (see `normalize31`) as a tuple.
    fn tuple(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Option<TypeRef> {
        let Value::Array(positions) = schema.schema_data.extensions.get(PREFIX_ITEMS)? else {
            return None;
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Array(array)) = &schema.schema_kind else {
            return None;
        };
        let length = positions.len();
        if length == 0 || array.min_items != Some(length) || array.max_items != Some(length) {
            return None;
        }
        // Diagnostics name the keyword the document wrote.
        let at = push_pointer(pointer, "prefixItems");
        let mut items = Vec::with_capacity(length);
        for (i, position) in positions.iter().enumerate() {
            let member = push_pointer(&at, &i.to_string());
            match serde_json::from_value::<ReferenceOr<Schema>>(position.clone()) {
                Ok(member_schema) => {
                    items.push(self.element_type(&member_schema, &member, &format!("{hint}{i}")));
                }
                Err(error) => {
                    self.diags.warn(
                        member,
                        format!("not a schema ({error}); using serde_json::Value"),
                    );
                    items.push(TypeRef::Any);
                }
            }
        }
        Some(TypeRef::Tuple(items))
    }

    /// Lowers a schema that needs a definition into `name`, keeping document order: the parent's
    /// slot is taken before its inline children claim theirs.
    pub(super) fn define(&mut self, name: String, schema: &Schema, pointer: &str) {
        let slot = self.types.len();
        self.push_def(
            name.clone(),
            pointer.to_owned(),
            docs_of(schema).unwrap_or_else(|| describe_origin(pointer)),
            schema.schema_data.deprecated,
            TypeKind::Alias {
                target: TypeRef::Any,
            },
        );
        let kind = match view(schema) {
            View::String { values, .. } => string_enum(values, variant_names(schema)),
            View::Integer { values, .. } => integer_enum(values, variant_names(schema)),
            View::Object {
                properties,
                required,
                additional,
            } => TypeKind::Struct(self.structure(
                slot,
                &name,
                pointer,
                &[(properties, required, pointer.to_owned())],
                additional,
            )),
            View::OneOf(members) => self.choice(slot, &name, schema, pointer, members, "oneOf"),
            View::AnyOf(members) => self.choice(slot, &name, schema, pointer, members, "anyOf"),
            View::AllOf {
                members,
                properties,
                required,
            } => self.all_of(slot, &name, pointer, members, properties, required),
            _ => TypeKind::Alias {
                target: TypeRef::Any,
            },
        };
        self.types[slot].kind = kind;
        if let Some(sources) = schema.schema_data.extensions.get(RUST_FROM) {
            self.request_conversions(slot, sources, pointer);
        }
    }

    fn request_conversions(&mut self, target: usize, sources: &Value, pointer: &str) {
        let at = push_pointer(pointer, RUST_FROM);
        let names: Vec<&str> = match sources {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if names.is_empty() {
            self.diags.warn(
                &at,
                format!("`{RUST_FROM}` takes a schema name or a list of them; ignoring it"),
            );
        }
        for key in names {
            match self.components.get(key) {
                Some(source) => self.conversion_requests.push(ConversionRequest {
                    target,
                    source: source.clone(),
                    pointer: at.clone(),
                }),
                None => self.diags.error(
                    &at,
                    format!(
                        "`{RUST_FROM}` names `{}`, which is not a component schema",
                        code(key)
                    ),
                ),
            }
        }
    }

    /// The struct for `types[slot]` from its properties (several allOf members' at once).
    pub(super) fn structure(
        &mut self,
        slot: usize,
        name: &str,
        pointer: &str,
        parts: &[(&Properties, &[String], String)],
        additional: Option<&AdditionalProperties>,
    ) -> Struct {
        let mut field_names = Namespace::default();
        let mut fields: Vec<Field> = Vec::new();
        // Pending enum defaults point at fields by index; they are filed once the struct is.
        let mut pending: Vec<(usize, Value, String)> = Vec::new();
        // Read-only and write-only properties are never required: a request cannot carry
        // the one, a response never has the other.
        let mut never_required: Vec<NeverRequired> = Vec::new();
        for (properties, _, at) in parts {
            for (json_name, property) in properties.iter() {
                let property_pointer = push_pointer(&push_pointer(at, "properties"), json_name);
                // A later allOf member restating a property refines it: keep one field.
                if fields.iter().any(|f| &f.json_name == json_name) {
                    continue;
                }
                let hint = format!("{name}{}", pascal(json_name));
                let ty = self.schema_type(property, &property_pointer, &hint);
                let inline = match property {
                    ReferenceOr::Item(schema) => Some(schema.as_ref()),
                    ReferenceOr::Reference { .. } => None,
                };
                let read_only = inline.is_some_and(|s| s.schema_data.read_only);
                let write_only = inline.is_some_and(|s| s.schema_data.write_only);
                let asked_to_build = inline.is_some_and(|s| {
                    s.schema_data.extensions.get(REQUIRED_TO_BUILD) == Some(&Value::Bool(true))
                });
                let wanted = inline
                    .and_then(rust_name)
                    .map_or_else(|| snake(json_name), snake);
                let rust_name = field_names.claim(&wanted);
                let mut presence = Presence::Optional;
                if let Some(value) = inline.and_then(|s| s.schema_data.default.as_ref()) {
                    match immediate_default(&ty, value) {
                        Immediate::Fits(default) => presence = Presence::Defaulted(default),
                        Immediate::Mismatch => self.diags.warn(
                            &property_pointer,
                            format!(
                                "default {value} does not fit the property's type; ignoring it"
                            ),
                        ),
                        // It names an enum value: checked once every enum is lowered.
                        Immediate::Later => {
                            pending.push((fields.len(), value.clone(), property_pointer.clone()))
                        }
                        Immediate::Ignored => {}
                    }
                }
                let docs = join_docs([
                    inline.and_then(docs_of).as_deref(),
                    read_only.then_some("Read-only: set by the server; ignored when sent."),
                    write_only.then_some("Write-only: never returned by the server."),
                ])
                .unwrap_or_else(|| format!("The `{}` property.", code(json_name)));
                fields.push(Field {
                    setter: prefixed("with", &rust_name),
                    rust_name,
                    json_name: json_name.clone(),
                    ty,
                    // Taken by the constructor only if nothing else gives it a value.
                    required_to_build: asked_to_build && presence == Presence::Optional,
                    presence,
                    nullable: self.admits_null(property),
                    boxed: false,
                    flatten: false,
                    docs,
                    deprecated: inline.is_some_and(|s| s.schema_data.deprecated),
                    listed_in: None,
                });
                never_required.push(if read_only {
                    NeverRequired::InRequests
                } else if write_only {
                    NeverRequired::InResponses
                } else {
                    NeverRequired::No
                });
            }
        }
        // Required entries apply to properties of any allOf member.
        for (_, required, at) in parts {
            for name in required.iter() {
                match fields.iter().position(|f| &f.json_name == name) {
                    Some(index) => {
                        let field = &mut fields[index];
                        if field.presence == Presence::Optional {
                            match never_required[index] {
                                NeverRequired::No => field.presence = Presence::Required,
                                // Required in requests only: the constructor asks for it.
                                NeverRequired::InResponses => field.required_to_build = true,
                                NeverRequired::InRequests => {}
                            }
                        }
                    }
                    None => self.diags.warn(
                        at.clone(),
                        format!(
                            "required property `{}` is not defined; ignoring it",
                            code(name)
                        ),
                    ),
                }
            }
        }
        let additional_field = field_names.claim("additional_properties");
        let reader = ReaderNames {
            map: field_names.claim("map"),
            key: field_names.claim("key"),
        };
        let value = match additional {
            Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Any),
            Some(AdditionalProperties::Schema(value)) => Some(self.schema_type(
                value,
                &push_pointer(pointer, "additionalProperties"),
                &format!("{name}Value"),
            )),
            None => self.config.keep_unknown_members.then_some(TypeRef::Any),
        };
        let additional = value.map(|value| Additional {
            rust_name: additional_field,
            value,
            docs: "Members the schema does not declare, kept as received and sent back unchanged."
                .to_owned(),
        });
        for (field, value, at) in pending {
            self.pending_defaults.push(Pending {
                type_index: slot,
                field,
                value,
                pointer: at,
            });
        }
        Struct {
            has_default: fields.iter().all(Field::built_without_value),
            fields,
            additional,
            serde: SerdeImpl::Manual,
            reader,
            // Decided once every struct's serde is (`lower::member_match`).
            member_match: MemberMatch::Exact,
            conversions: Vec::new(),
        }
    }
}

/// Where a `required` entry does not apply: `readOnly` properties are never sent, and
/// `writeOnly` ones never returned.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NeverRequired {
    No,
    InRequests,
    InResponses,
}

fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        None | Some("") => TypeRef::String,
        Some(format) => TypeRef::FormattedString(format.to_owned()),
    }
}

pub(super) fn docs_of(schema: &Schema) -> Option<String> {
    join_docs([
        schema.schema_data.title.as_deref(),
        schema.schema_data.description.as_deref(),
    ])
}

/// The name an `x-rust-name` extension asks for.
pub(super) fn rust_name(schema: &Schema) -> Option<&str> {
    schema
        .schema_data
        .extensions
        .get(RUST_NAME)
        .and_then(Value::as_str)
        .filter(|name| !name.trim().is_empty())
}

/// Variant names an `x-enum-varnames` list gives, one per enum value (a common extension).
fn variant_names(schema: &Schema) -> Vec<String> {
    schema
        .schema_data
        .extensions
        .get("x-enum-varnames")
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .map(|n| n.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}
