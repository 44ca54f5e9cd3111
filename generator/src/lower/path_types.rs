//! Path parameters: what a type becomes as a URL path segment, and what to say when it
//! cannot be one.

use super::Lowerer;
use crate::ir::TypeRef;

impl Lowerer<'_> {
    /// A path segment is text: scalars, enums, aliases of them and lists of them are spelled
    /// out; anything else is taken as a string the caller formats.
    pub(super) fn path_type(&mut self, ty: TypeRef, at: &str) -> TypeRef {
        let ty = match ty {
            // A URL has no null to spell: a list's items are plain values there.
            TypeRef::Array(inner) => match *inner {
                TypeRef::Nullable(item) => TypeRef::Array(item),
                item => TypeRef::Array(Box::new(item)),
            },
            other => other,
        };
        let spelled = match &ty {
            TypeRef::Array(inner) => self
                .displayable(inner)
                .map(|item| TypeRef::Array(Box::new(item))),
            other => self.displayable(other),
        };
        spelled.unwrap_or_else(|| {
            let kind = self.described(&ty);
            self.diags.warn(
                at,
                format!(
                    "a path parameter that is {kind} is not spelled in the URL by the generator; taking it as a string the caller formats"
                ),
            );
            TypeRef::String
        })
    }

    /// What a type that cannot be a path segment is, for the warning that says so: "an
    /// object", "a list of maps", "a list of lists of objects".
    fn described(&self, ty: &TypeRef) -> String {
        let mut current = ty;
        let mut lists = 0;
        // Singular and plural.
        let mut kind = ("a value of this type", "values of this type");
        // Aliases can chain, never for long; the bound stops a loop.
        for _ in 0..16 {
            kind = match current {
                TypeRef::Named(name) => {
                    match self.types.iter().find(|t| &t.name == name).map(|t| &t.kind) {
                        Some(crate::ir::TypeKind::Alias { target }) => {
                            current = target;
                            continue;
                        }
                        Some(crate::ir::TypeKind::Union(_)) => (
                            "a choice of types (oneOf or anyOf)",
                            "choices of types (oneOf or anyOf)",
                        ),
                        _ => ("an object", "objects"),
                    }
                }
                TypeRef::Nullable(inner) => {
                    current = inner;
                    continue;
                }
                TypeRef::Array(inner) => {
                    lists += 1;
                    current = inner;
                    continue;
                }
                TypeRef::Map(_) => ("a map", "maps"),
                TypeRef::Tuple(_) => ("a tuple", "tuples"),
                TypeRef::Any => ("a free-form JSON value", "free-form JSON values"),
                _ => ("a scalar", "scalars"),
            };
            break;
        }
        match lists {
            0 => kind.0.to_owned(),
            n => format!("a list of {}{}", "lists of ".repeat(n - 1), kind.1),
        }
    }

    /// The type a path segment takes if it implements `Display`: a scalar, an enum, or the
    /// scalar an alias stands for (so the method takes `i64`, not `&Alias`).
    fn displayable(&self, ty: &TypeRef) -> Option<TypeRef> {
        let mut current = ty;
        // Aliases can chain (an alias of an alias), never for long; the bound stops a loop.
        for _ in 0..8 {
            match current {
                TypeRef::Named(name) => {
                    let def = self.types.iter().find(|t| &t.name == name)?;
                    match &def.kind {
                        crate::ir::TypeKind::Enum(_) => return Some(current.clone()),
                        crate::ir::TypeKind::Alias { target } => current = target,
                        _ => return None,
                    }
                }
                TypeRef::String
                | TypeRef::FormattedString(_)
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::U64
                | TypeRef::F32
                | TypeRef::F64
                | TypeRef::Bool => return Some(current.clone()),
                _ => return None,
            }
        }
        None
    }
}
