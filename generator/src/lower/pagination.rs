//! `x-pagination` on an operation -> how its request builder pages. Resolved once every type
//! is settled, since it reads the fields of the page, item and body types.
//!
//! ```yaml
//! x-pagination:
//!   style: index          # index | cursor | link
//!   items: Resources      # the page's property holding the items
//!   start: startIndex     # index: a query parameter, or body.<property>
//!   count: count          # index: the page size (optional)
//!   total: totalResults   # index: the number of items (optional)
//!   first: 1              # index: the first position (default 1)
//!   cursor: starting_after  # cursor: where the last item's id goes
//!   cursor_from: id       # cursor: the item property holding it (default id)
//!   has_more: has_more    # cursor: the page's "there is more" flag (optional)
//!   limit: limit          # cursor and link: the page size (optional)
//! ```

use serde_json::Value;

use crate::diagnostics::{Diagnostics, push_pointer};
use crate::ir::{
    Field, PageField, PageInput, PageInputLocation, Pagination, PagingStyle, Presence, Service,
    Struct, TypeDef, TypeKind, TypeRef,
};
use crate::text::code;

/// The extension's name.
pub(super) const EXTENSION: &str = "x-pagination";

/// An operation's `x-pagination`, waiting for the types to settle.
pub(super) struct Request {
    pub(super) service: usize,
    pub(super) operation: usize,
    pub(super) value: Value,
    pub(super) pointer: String,
}

/// Fills in each requested operation's pagination, or says what is wrong with its extension.
pub(super) fn resolve(
    services: &mut [Service],
    types: &[TypeDef],
    requests: Vec<Request>,
    diags: &mut Diagnostics,
) {
    for request in requests {
        let at = push_pointer(&request.pointer, EXTENSION);
        let Some(operation) = services
            .get_mut(request.service)
            .and_then(|s| s.operations.get_mut(request.operation))
        else {
            // The indices were taken as the operation was pushed, and nothing removes one.
            diags.internal(&at, "the operation asking for pagination is gone");
            continue;
        };
        let context = Context {
            types,
            params: operation
                .request
                .as_ref()
                .map(|r| r.params.as_slice())
                .unwrap_or_default(),
            body: operation
                .body
                .as_ref()
                .filter(|b| b.required)
                .and_then(|b| b.ty.named()),
            page: match &operation.success {
                crate::ir::Outcome::Single { ty } => ty.named(),
                crate::ir::Outcome::PerStatus { .. } => None,
            },
        };
        match context.pagination(&request.value) {
            Ok(pagination) => {
                if let Some(builder) = operation.request.as_mut() {
                    builder.pagination = Some(pagination);
                }
            }
            Err(problem) => diags.warn(&at, format!("{problem}; the operation does not page")),
        }
    }
}

struct Context<'t> {
    types: &'t [TypeDef],
    params: &'t [crate::ir::Param],
    body: Option<&'t str>,
    page: Option<&'t str>,
}

impl Context<'_> {
    fn pagination(&self, value: &Value) -> Result<Pagination, String> {
        let text = |key: &str| value.get(key).and_then(Value::as_str);
        let page_name = self
            .page
            .ok_or("the success response is not one object type")?;
        let page = self
            .structure(page_name)
            .ok_or_else(|| format!("`{}` is not an object type", code(page_name)))?;
        let items_name = text("items").ok_or("`items` names no property")?;
        let items = page_field(page, items_name)?;
        let TypeRef::Array(item) = &items.ty else {
            return Err(format!("`{}` is not a list", code(items_name)));
        };
        let style = match text("style") {
            Some("index") => PagingStyle::Index {
                first: value.get("first").and_then(Value::as_i64).unwrap_or(1),
                start: integer(self.input(text("start").ok_or("`start` names no parameter")?)?)?,
                count: text("count")
                    .map(|c| self.input(c).and_then(integer))
                    .transpose()?,
                total: text("total")
                    .map(|t| page_field(page, t).and_then(integer_field))
                    .transpose()?,
            },
            Some("cursor") => {
                let item_name = item.named().ok_or("the items are not objects")?;
                let item_type = self
                    .structure(item_name)
                    .ok_or_else(|| format!("`{}` is not an object type", code(item_name)))?;
                let cursor = self.input(text("cursor").ok_or("`cursor` names no parameter")?)?;
                if !matches!(cursor.ty, TypeRef::String | TypeRef::FormattedString(_)) {
                    return Err("the cursor parameter is not a string".to_owned());
                }
                PagingStyle::Cursor {
                    cursor,
                    limit: text("limit")
                        .map(|l| self.input(l).and_then(integer))
                        .transpose()?,
                    has_more: text("has_more")
                        .map(|h| page_field(page, h))
                        .transpose()?
                        .filter(|flag| flag.ty == TypeRef::Bool),
                    item_cursor: page_field(item_type, text("cursor_from").unwrap_or("id"))?,
                }
            }
            Some("link") => PagingStyle::Link {
                limit: text("limit")
                    .map(|l| self.input(l).and_then(integer))
                    .transpose()?,
            },
            other => {
                return Err(format!(
                    "`style` is {other:?}; it must be index, cursor or link"
                ));
            }
        };
        Ok(Pagination {
            page: page_name.to_owned(),
            item: (**item).clone(),
            items,
            style,
        })
    }

    fn structure(&self, name: &str) -> Option<&Struct> {
        self.types.iter().find_map(|t| match &t.kind {
            TypeKind::Struct(s) if t.name == name => Some(s),
            _ => None,
        })
    }

    /// `startIndex` (an optional parameter) or `body.startIndex` (an optional body field).
    fn input(&self, name: &str) -> Result<PageInput, String> {
        if let Some(property) = name.strip_prefix("body.") {
            let body = self.body.ok_or("there is no required object body")?;
            let body_type = self
                .structure(body)
                .ok_or_else(|| format!("the body `{}` is not an object type", code(body)))?;
            let field = find(body_type, property)?;
            if field.presence != Presence::Optional || field.nullable {
                return Err(format!(
                    "the body property `{}` must be optional and not nullable",
                    code(property)
                ));
            }
            return Ok(PageInput {
                location: PageInputLocation::Body,
                rust_name: field.rust_name.clone(),
                ty: scalar(&field.ty, property)?,
            });
        }
        let param = self
            .params
            .iter()
            .find(|p| p.json_name == name)
            .ok_or_else(|| format!("`{}` is not an optional parameter", code(name)))?;
        Ok(PageInput {
            location: PageInputLocation::Param,
            rust_name: param.rust_name.clone(),
            ty: scalar(&param.ty, name)?,
        })
    }
}

fn find<'s>(s: &'s Struct, json_name: &str) -> Result<&'s Field, String> {
    s.fields
        .iter()
        .find(|f| f.json_name == json_name && !f.flatten)
        .ok_or_else(|| format!("there is no property `{}`", code(json_name)))
}

fn page_field(s: &Struct, json_name: &str) -> Result<PageField, String> {
    let field = find(s, json_name)?;
    if field.nullable || field.boxed {
        return Err(format!(
            "`{}` is nullable or recursive; paging needs a plain value",
            code(json_name)
        ));
    }
    Ok(PageField {
        rust_name: field.rust_name.clone(),
        optional: field.presence == Presence::Optional,
        ty: field.ty.clone(),
    })
}

fn integer(input: PageInput) -> Result<PageInput, String> {
    match input.ty {
        TypeRef::I32 | TypeRef::I64 => Ok(input),
        _ => Err(format!("`{}` is not an integer", code(&input.rust_name))),
    }
}

fn integer_field(field: PageField) -> Result<PageField, String> {
    match field.ty {
        TypeRef::I32 | TypeRef::I64 => Ok(field),
        _ => Err(format!("`{}` is not an integer", code(&field.rust_name))),
    }
}

/// Positions, sizes and cursors are integers or strings.
fn scalar(ty: &TypeRef, name: &str) -> Result<TypeRef, String> {
    match ty {
        TypeRef::I32 | TypeRef::I64 | TypeRef::String | TypeRef::FormattedString(_) => {
            Ok(ty.clone())
        }
        _ => Err(format!(
            "`{}` is neither an integer nor a string",
            code(name)
        )),
    }
}
