//! Request builders: the type an operation with optional parameters (or pages) returns. A
//! setter per parameter, the call's own refinements forwarded, and awaiting sends it; list
//! operations also `paginate()`.

use proc_macro2::TokenStream;
use quote::quote;

use super::decoder::outcome_type;
use super::methods::{attach_body, param_step};
use crate::emit::docs::docs;
use crate::emit::{ident, rust_type};
use crate::ir::{
    Operation, PageField, PageInput, PageInputLocation, Pagination, PagingStyle, RequestBuilder,
    TypeRef,
};
use crate::names::bare;

/// Whether the request builder holds the body, to change it page by page.
pub(super) fn body_paged(op: &Operation) -> bool {
    let Some(pagination) = op.request.as_ref().and_then(|r| r.pagination.as_ref()) else {
        return false;
    };
    let inputs: Vec<&PageInput> = match &pagination.style {
        PagingStyle::Index { start, count, .. } => std::iter::once(start).chain(count).collect(),
        PagingStyle::Cursor { cursor, limit, .. } => std::iter::once(cursor).chain(limit).collect(),
        PagingStyle::Link { limit } => limit.iter().collect(),
    };
    inputs
        .iter()
        .any(|input| input.location == PageInputLocation::Body)
}

/// The struct expression a service method ends with.
pub(super) fn initializer(op: &Operation, request: &RequestBuilder) -> TokenStream {
    let name = ident(&request.type_name);
    let core = request
        .pagination
        .is_some()
        .then(|| quote!(core: Arc::clone(self.core),));
    let body = body_paged(op).then(|| quote!(body: body.clone(),));
    let params = request.params.iter().map(|p| {
        let field = ident(&p.rust_name);
        quote!(#field: None,)
    });
    quote!(#name { #core call, #body #(#params)* })
}

/// The builder type of one operation, its methods and `IntoFuture`.
pub(super) fn request_type(op: &Operation, request: &RequestBuilder) -> TokenStream {
    let name = ident(&request.type_name);
    let success = outcome_type(&op.success);
    let error = outcome_type(&op.error);
    let method = bare(&op.method_name);
    let doc = format!(
        " A `{method}` request: set its optional parameters, then await it (or `send` it)."
    );
    let paged = body_paged(op);
    let body_type = op.body.as_ref().filter(|_| paged).map(|b| rust_type(&b.ty));
    let core_field = request
        .pagination
        .is_some()
        .then(|| quote!(core: Arc<ClientCore>,));
    let body_field = body_type.as_ref().map(|ty| quote!(body: #ty,));
    let fields = request.params.iter().map(|p| {
        let field = ident(&p.rust_name);
        let ty = rust_type(&p.ty);
        quote!(#field: Option<#ty>,)
    });
    let setters = request.params.iter().map(|p| {
        let field = ident(&p.rust_name);
        let ty = rust_type(&p.ty);
        let doc = docs(&p.docs);
        let deprecated = p.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #doc
            #deprecated
            pub fn #field(mut self, value: impl Into<#ty>) -> Self {
                self.#field = Some(value.into());
                self
            }
        }
    });
    // Only the parameters that were set are encoded: an unset one costs a branch, not a
    // serialisation into JSON null.
    let steps: Vec<TokenStream> = request
        .params
        .iter()
        .map(|p| {
            let field = ident(&p.rust_name);
            let step = param_step(p, quote!(value));
            quote!(if let Some(value) = &self.#field { call = call #step; })
        })
        .collect();
    let attach = op
        .body
        .as_ref()
        .filter(|_| paged)
        .map(|b| b.encoding.clone());
    let (start, call) = if steps.is_empty() {
        (TokenStream::new(), quote!(self.call))
    } else {
        (quote!(let mut call = self.call; #(#steps)*), quote!(call))
    };
    let finish = match attach {
        Some(encoding) => attach_body(&encoding, call, quote!(&self.body)),
        None => call,
    };
    let finish = quote!(#start #finish);
    let paginate = request.pagination.as_ref().map(|p| paginate(p, &error));
    quote! {
        #[doc = #doc]
        #[derive(Clone)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #name {
            #core_field
            call: Call<#success, #error>,
            #body_field
            #(#fields)*
        }

        impl #name {
            #(#setters)*

            #[doc = " Adds a header to this request only."]
            pub fn header(mut self, name: &str, value: &str) -> Self {
                self.call = self.call.header(name, value);
                self
            }

            #[doc = " Adds a query parameter the document does not declare."]
            pub fn query(mut self, name: &str, value: impl fmt::Display) -> Self {
                self.call = self.call.query(name, value);
                self
            }

            #[doc = " Overrides the client's per-attempt timeout."]
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.call = self.call.timeout(timeout);
                self
            }

            #[doc = " Overrides the retry policy's attempt count (1 = no retries)."]
            pub fn max_attempts(mut self, attempts: u32) -> Self {
                self.call = self.call.max_attempts(attempts);
                self
            }

            #[doc = " Lets this request be retried even if its method is not idempotent."]
            pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
                self.call = self.call.retry_non_idempotent(allow);
                self
            }

            #[doc = " Sends `If-Match`: 412 (`Error::PreconditionFailed`) if the resource changed."]
            pub fn if_match(mut self, etag: &str) -> Self {
                self.call = self.call.if_match(etag);
                self
            }

            #[doc = " Sends `If-None-Match`: a 304 answer is `Conditional::NotModified`."]
            pub fn if_none_match(self, etag: &str) -> ConditionalCall<#success, #error> {
                self.into_call().if_none_match(etag)
            }

            #[doc = " The call, with every parameter set."]
            pub fn into_call(self) -> Call<#success, #error> {
                #finish
            }

            #[doc = " Sends the request and returns the decoded body, like awaiting it."]
            pub fn send(self) -> impl Future<Output = Result<#success, Error<#error>>> {
                self.into_call().send()
            }

            #[doc = " Sends the request and returns the body with status and headers."]
            pub fn send_with_response(
                self,
            ) -> impl Future<Output = Result<Response<#success>, Error<#error>>> {
                self.into_call().send_with_response()
            }

            #[doc = " Sends the request from code that is not async (see `Call::send_blocking`)."]
            #[cfg(feature = "blocking")]
            pub fn send_blocking(self) -> Result<#success, Error<#error>> {
                self.into_call().send_blocking()
            }

            #paginate
        }

        impl IntoFuture for #name {
            type Output = Result<#success, Error<#error>>;
            type IntoFuture = <Call<#success, #error> as IntoFuture>::IntoFuture;

            fn into_future(self) -> Self::IntoFuture {
                self.into_call().into_future()
            }
        }
    }
}

/// `paginate()`: the paginator, with each page's request made from this one.
fn paginate(p: &Pagination, error: &TokenStream) -> TokenStream {
    let page = ident(&p.page);
    let item = rust_type(&p.item);
    let items = ident(&p.items.rust_name);
    let (take, count) = if p.items.optional {
        (
            quote!(|page: #page| page.#items.unwrap_or_default()),
            quote!(|page: &#page| page.#items.as_ref().map_or(0, Vec::len)),
        )
    } else {
        (
            quote!(|page: #page| page.#items),
            quote!(|page: &#page| page.#items.len()),
        )
    };
    let (sets, style, prelude) = match &p.style {
        PagingStyle::Index {
            first,
            start,
            count,
            total,
        } => {
            let set_start = set(start, quote!(query.start), false);
            let set_count = count.as_ref().map(set_limit);
            let total = match total {
                Some(total) => {
                    let value = read_integer(total);
                    quote!(|page: &#page| #value)
                }
                None => quote!(|_: &#page| None),
            };
            let first = proc_macro2::Literal::i64_unsuffixed(*first);
            let asked = read_position(start);
            (
                quote!(#set_start #set_count),
                quote!(PageStyle::Index { first: #first, start, total: #total }),
                // Read before the closure takes the request.
                Some(quote!(let start = #asked;)),
            )
        }
        PagingStyle::Cursor {
            cursor,
            limit,
            has_more,
            item_cursor,
        } => {
            let field = ident(&cursor.rust_name);
            let target = target(cursor);
            let set_cursor = quote!(#target.#field = query.cursor.clone(););
            let set_limit = limit.as_ref().map(set_limit);
            let has_more = match has_more {
                Some(flag) => {
                    let name = ident(&flag.rust_name);
                    if flag.optional {
                        quote!(|page: &#page| page.#name)
                    } else {
                        quote!(|page: &#page| Some(page.#name))
                    }
                }
                None => quote!(|_: &#page| None),
            };
            let cursor_field = ident(&item_cursor.rust_name);
            let text = match (&item_cursor.ty, item_cursor.optional) {
                (TypeRef::String | TypeRef::FormattedString(_), true) => {
                    quote!(item.#cursor_field.clone())
                }
                (TypeRef::String | TypeRef::FormattedString(_), false) => {
                    quote!(Some(item.#cursor_field.clone()))
                }
                (_, true) => quote!(item.#cursor_field.as_ref().map(ToString::to_string)),
                (_, false) => quote!(Some(item.#cursor_field.to_string())),
            };
            let last = if p.items.optional {
                quote!(page.#items.as_ref()?.last())
            } else {
                quote!(page.#items.last())
            };
            (
                quote!(#set_cursor #set_limit),
                quote!(PageStyle::Cursor {
                    has_more: #has_more,
                    last_cursor: |page: &#page| {
                        let item = #last?;
                        #text
                    },
                }),
                None,
            )
        }
        PagingStyle::Link { limit } => {
            let set_limit = limit.as_ref().map(set_limit);
            (quote!(#set_limit), quote!(PageStyle::Link), None)
        }
    };
    // The size the caller set on the request is the paginator's page size; 0, which asks a
    // server like SCIM's for no items at all, leaves it to the server.
    let page_doc = p.style.limit().map(|_| {
        quote! {
            #[doc = ""]
            #[doc = " A page size set on this request is the paginator's until `.page_size(..)`;"]
            #[doc = " 0 leaves the size to the server."]
        }
    });
    let (size_prelude, bind, page_size) = match p.style.limit() {
        Some(limit) => {
            let size = read_position(limit);
            (
                quote!(let size = #size.and_then(|size| u64::try_from(size).ok());),
                quote!(let paginator =),
                quote!(; paginator.page_size(size.unwrap_or(0))),
            )
        }
        None => (TokenStream::new(), TokenStream::new(), TokenStream::new()),
    };
    quote! {
        #[doc = " The pages of the result, fetched as they are consumed: `.items()` and `.pages()`"]
        #[doc = " are streams; set `.page_size(..)` and `.max_items(..)` first."]
        #page_doc
        pub fn paginate(self) -> Paginator<#page, #item, #error> {
            let core = Arc::clone(&self.core);
            #prelude
            #size_prelude
            #bind Paginator::new(
                &core,
                move |query: &PageQuery| {
                    let mut request = self.clone();
                    #sets
                    request.into_call()
                },
                #take,
                #count,
                #style,
            )
            #page_size
        }
    }
}

/// Sets the request's page size from the paginator's, or clears it when the paginator leaves
/// the size to the server.
fn set_limit(input: &PageInput) -> TokenStream {
    let set = set(input, quote!(limit), true);
    let field = ident(&input.rust_name);
    let target = target(input);
    quote! {
        match query.limit {
            Some(limit) => { #set }
            None => #target.#field = None,
        }
    }
}

/// An integer input (the position or the page size) the caller set on the request before
/// paginating, as an `Option<i64>`.
fn read_position(input: &PageInput) -> TokenStream {
    let field = ident(&input.rust_name);
    let source = match input.location {
        PageInputLocation::Param => quote!(self),
        PageInputLocation::Body => quote!(self.body),
    };
    match &input.ty {
        TypeRef::I64 => quote!(#source.#field),
        TypeRef::I32 => quote!(#source.#field.map(i64::from)),
        _ => quote!(#source.#field.as_ref().and_then(|s| s.to_string().parse().ok())),
    }
}

/// `request` or `request.body`, where an input goes.
fn target(input: &PageInput) -> TokenStream {
    match input.location {
        PageInputLocation::Param => quote!(request),
        PageInputLocation::Body => quote!(request.body),
    }
}

/// Sets an integer input from the paginator's `i64` position or `u64` size.
fn set(input: &PageInput, value: TokenStream, unsigned: bool) -> TokenStream {
    let field = ident(&input.rust_name);
    let target = target(input);
    let converted = match (&input.ty, unsigned) {
        (TypeRef::I64, false) => value,
        (TypeRef::I32, _) => quote!(i32::try_from(#value).unwrap_or(i32::MAX)),
        (TypeRef::I64, true) => quote!(i64::try_from(#value).unwrap_or(i64::MAX)),
        _ => quote!(#value.to_string()),
    };
    quote!(#target.#field = Some(#converted);)
}

/// The page's total as `Option<i64>`.
fn read_integer(field: &PageField) -> TokenStream {
    let name = ident(&field.rust_name);
    let value = if field.optional {
        quote!(page.#name)
    } else {
        quote!(Some(page.#name))
    };
    match field.ty {
        TypeRef::I32 => quote!(#value.map(i64::from)),
        _ => value,
    }
}
