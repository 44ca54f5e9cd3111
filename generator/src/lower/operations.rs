//! Paths -> services and operations: parameters (path-level merged with operation-level),
//! request bodies, and one outcome per side (success, error) built from the listed statuses.

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{
    Operation as OpenApiOperation, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr,
};

use super::schemas::RUST_NAME;
use super::{Lowerer, pagination};
use crate::contract;
use crate::diagnostics::push_pointer;
use crate::ir::{
    BodyEncoding, HttpMethod, Operation, Param, ParamLocation, ParamStyle, RequestBody,
    RequestBuilder, Service, TypeRef,
};
use crate::names::{Namespace, bare, pascal, snake_plain};
use crate::text::{code, join_docs};

/// A media type without its parameters, in lower case: `Application/JSON; charset=utf-8` ->
/// `application/json`.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// `application/json`, `application/scim+json`, `text/json`: anything JSON.
pub(crate) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json") || essence.ends_with("/json")
}

impl Lowerer<'_> {
    pub(super) fn services(&mut self) -> Vec<Service> {
        let mut services: IndexMap<String, Service> = IndexMap::new();
        let mut service_types = Namespace::default();
        let mut accessors = Namespace::with_reserved(contract::CLIENT_METHODS);
        let mut method_names: IndexMap<String, Namespace> = IndexMap::new();
        // Each operationId and where it was first seen: ids must be unique (OpenAPI 3 §4.8.10).
        let mut ids: HashMap<String, String> = HashMap::new();
        let tag_docs: IndexMap<&str, Option<&String>> = self
            .doc
            .tags
            .iter()
            .map(|t| (t.name.as_str(), t.description.as_ref()))
            .collect();
        let doc = self.doc;
        for (path, item) in doc.paths.paths.iter() {
            let path_pointer = push_pointer("/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                // Cyberark Conjur's split document writes every path as a reference into
                // another file: say to bundle it, as for schema references.
                ReferenceOr::Reference { reference } => {
                    self.diags.warn(
                        path_pointer,
                        format!(
                            "path items by reference are not supported; skipping the path{}",
                            crate::load::bundle_hint(reference)
                        ),
                    );
                    continue;
                }
            };
            for (method, operation) in methods(item) {
                let pointer = push_pointer(&path_pointer, &method.as_str().to_ascii_lowercase());
                let tag = operation
                    .tags
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "default".to_owned());
                if !services.contains_key(&tag) {
                    let type_name = self
                        .type_names
                        .claim_type(&format!("{}Service", pascal(&tag)));
                    service_types.reserve(&type_name);
                    let accessor = accessors.claim(&snake_plain(&tag));
                    let docs = join_docs([
                        Some(format!("Operations tagged `{}`.", code(&tag)).as_str()),
                        tag_docs
                            .get(tag.as_str())
                            .copied()
                            .flatten()
                            .map(String::as_str),
                    ])
                    .unwrap_or_default();
                    services.insert(
                        tag.clone(),
                        Service {
                            tag: tag.clone(),
                            type_name,
                            accessor,
                            docs,
                            operations: Vec::new(),
                            feature: None,
                        },
                    );
                }
                let names = method_names
                    .entry(tag.clone())
                    .or_insert_with(|| Namespace::with_reserved(contract::SERVICE_METHODS));
                let renamed = operation
                    .extensions
                    .get(RUST_NAME)
                    .and_then(serde_json::Value::as_str)
                    .filter(|name| !name.trim().is_empty());
                let wanted = match (renamed, &operation.operation_id) {
                    (Some(renamed), _) => snake_plain(renamed),
                    (None, Some(id)) if !id.trim().is_empty() => snake_plain(id),
                    _ => snake_plain(&format!(
                        "{} {}",
                        method.as_str(),
                        path.replace('{', " by ").replace('}', " ")
                    )),
                };
                let method_name = names.claim(&wanted);
                if let Some(id) = &operation.operation_id {
                    match ids.get(id) {
                        Some(first) => {
                            // Methods are named per service: the repeat may keep the name.
                            let renamed = if method_name == wanted {
                                String::new()
                            } else {
                                format!(", so this operation's method is `{}`", code(&method_name))
                            };
                            self.diags.warn(
                                push_pointer(&pointer, "operationId"),
                                format!(
                                    "operationId `{}` is also the id of `{}`; ids must be unique{renamed}",
                                    code(id),
                                    code(first),
                                ),
                            );
                        }
                        None => {
                            ids.insert(id.clone(), pointer.clone());
                        }
                    }
                }
                let lowered = self.operation(
                    method,
                    path,
                    &item.parameters,
                    operation,
                    method_name,
                    &pointer,
                );
                if let Some((index, _, service)) = services.get_full_mut(&tag) {
                    if let Some(value) = operation.extensions.get(pagination::EXTENSION) {
                        self.pagination_requests.push(pagination::Request {
                            service: index,
                            operation: service.operations.len(),
                            value: value.clone(),
                            pointer: pointer.clone(),
                        });
                    }
                    service.operations.push(lowered);
                }
            }
        }
        services.into_values().collect()
    }

    fn operation(
        &mut self,
        http_method: HttpMethod,
        path: &str,
        path_params: &[ReferenceOr<Parameter>],
        op: &OpenApiOperation,
        method_name: String,
        pointer: &str,
    ) -> Operation {
        let type_stem = pascal(bare(&method_name));
        if !op.callbacks.is_empty() {
            let names: Vec<&str> = op.callbacks.keys().map(String::as_str).collect();
            self.diags.warn(
                push_pointer(pointer, "callbacks"),
                format!(
                    "callbacks are not generated (requests the server sends to the caller): {} left out",
                    names.join(", ")
                ),
            );
        }
        // `body` and `params` are the emitter's own argument names.
        let mut arg_names = Namespace::with_reserved(contract::ARGUMENTS);
        // Operation-level parameters override path-level ones with the same name and location.
        let mut merged: IndexMap<(String, &'static str), (&Parameter, String)> = IndexMap::new();
        let sources = [
            (
                path_params,
                pointer.rsplit_once('/').map_or(pointer, |(p, _)| p),
            ),
            (&op.parameters[..], pointer),
        ];
        for (params, base) in sources {
            for (i, param) in params.iter().enumerate() {
                let at = push_pointer(&push_pointer(base, "parameters"), &i.to_string());
                let Some((param, at)) = self.resolve(param, "parameters", |c| &c.parameters, &at)
                else {
                    continue;
                };
                let data = param.parameter_data_ref();
                merged.insert((data.name.clone(), location_key(param)), (param, at));
            }
        }
        let mut required = Vec::new();
        let mut optional = Vec::new();
        for (param, at) in merged.values() {
            let data = param.parameter_data_ref();
            let location = match param {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => ParamLocation::Cookie,
            };
            if location == ParamLocation::Path && !path.contains(&format!("{{{}}}", data.name)) {
                self.diags.warn(
                    at,
                    format!(
                        "path parameter `{}` does not appear in the path; ignoring it",
                        data.name
                    ),
                );
                continue;
            }
            let hint = format!("{type_stem}{}", pascal(&data.name));
            let (ty, default) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let default = match schema {
                        ReferenceOr::Item(s) => s.schema_data.default.clone(),
                        ReferenceOr::Reference { .. } => None,
                    };
                    (
                        self.schema_type(schema, &push_pointer(at, "schema"), &hint),
                        default,
                    )
                }
                ParameterSchemaOrContent::Content(content) => match content.first() {
                    Some((_, media)) => match &media.schema {
                        Some(schema) => (
                            self.schema_type(schema, &push_pointer(at, "content"), &hint),
                            None,
                        ),
                        None => (TypeRef::Any, None),
                    },
                    None => (TypeRef::Any, None),
                },
            };
            let json_content = match &data.format {
                ParameterSchemaOrContent::Content(content) => {
                    content.keys().next().is_some_and(|media| is_json(media))
                }
                ParameterSchemaOrContent::Schema(_) => false,
            };
            let style = match param {
                Parameter::Query { .. } if json_content => ParamStyle::Json,
                Parameter::Query { style, .. } => match style {
                    QueryStyle::Form => ParamStyle::Form {
                        explode: data.explode.unwrap_or(true),
                    },
                    QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    QueryStyle::DeepObject => ParamStyle::DeepObject,
                },
                Parameter::Cookie { .. } => ParamStyle::Form {
                    explode: data.explode.unwrap_or(true),
                },
                _ => ParamStyle::Simple,
            };
            let example = self.parameter_examples(data, at, &ty);
            let ty = if location == ParamLocation::Path {
                self.path_type(ty, at)
            } else {
                ty
            };
            let is_required = data.required || location == ParamLocation::Path;
            let server_default = default.map(|d| format!("The server assumes {d} when unset."));
            let docs = join_docs([data.description.as_deref(), server_default.as_deref()])
                .unwrap_or_else(|| format!("The `{}` parameter.", code(&data.name)));
            let param = Param {
                rust_name: String::new(),
                json_name: data.name.clone(),
                location,
                ty,
                style,
                docs,
                deprecated: data.deprecated.unwrap_or(false),
                example,
            };
            if is_required {
                required.push(param)
            } else {
                optional.push(param)
            }
        }
        // A `{name}` in the path that no parameter declares (the declaration forgotten, or
        // left on a sibling operation) must still be filled, or every call is refused before
        // it is sent: it becomes a required text argument.
        for name in placeholders(path) {
            let declared = required
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.json_name == name);
            if declared {
                continue;
            }
            self.diags.warn(
                pointer,
                format!(
                    "path placeholder `{{{name}}}` has no path parameter; taking it as a required string"
                ),
            );
            required.push(Param {
                rust_name: String::new(),
                json_name: name.to_owned(),
                location: ParamLocation::Path,
                ty: TypeRef::String,
                style: ParamStyle::Simple,
                docs: format!(
                    "The `{}` path parameter (the document does not describe it).",
                    code(name)
                ),
                deprecated: false,
                example: None,
            });
        }
        for param in &mut required {
            param.rust_name = arg_names.claim(&snake_plain(&param.json_name));
        }
        let body = op
            .request_body
            .as_ref()
            .and_then(|body| self.request_body(body, &type_stem, pointer));
        let pages = op.extensions.contains_key(pagination::EXTENSION);
        let request = (!optional.is_empty() || pages).then(|| {
            // Setters share the builder with its own methods: a parameter named like one
            // (`query`, `timeout`) gets a `_param` suffix.
            let mut setters = Namespace::with_reserved(contract::REQUEST_METHODS);
            for param in &mut optional {
                let wanted = snake_plain(&param.json_name);
                param.rust_name = if contract::REQUEST_METHODS.contains(&wanted.as_str()) {
                    setters.claim(&format!("{wanted}_param"))
                } else {
                    setters.claim(&wanted)
                };
            }
            RequestBuilder {
                type_name: self.type_names.claim_type(&format!("{type_stem}Call")),
                params: optional,
                pagination: None,
            }
        });
        let responses = self.responses(op, &method_name, &type_stem, pointer);
        let accept = accept_header(op, self);
        let operation_id = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => bare(&method_name).to_owned(),
        };
        Operation {
            operation_id,
            method_name,
            http_method,
            path: path.to_owned(),
            summary: op.summary.clone(),
            docs: join_docs([op.summary.as_deref(), op.description.as_deref()]),
            deprecated: op.deprecated,
            params: required,
            request,
            body,
            success_statuses: responses.success_statuses,
            success: responses.success,
            error: responses.error,
            decoding: responses.decoding,
            accept,
            // `security: []` (an empty list) says the operation needs no credentials; an
            // absent one inherits the document's.
            anonymous: op.security.as_ref().is_some_and(Vec::is_empty),
        }
    }

    fn request_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        type_stem: &str,
        pointer: &str,
    ) -> Option<RequestBody> {
        let at = push_pointer(pointer, "requestBody");
        let (body, at) = self.resolve(body, "requestBodies", |c| &c.request_bodies, &at)?;
        let pick = |pred: &dyn Fn(&str) -> bool| body.content.iter().find(|(media, _)| pred(media));
        let hint = format!("{type_stem}Request");
        let (encoding, media, content_type) =
            if let Some((media_type, media)) = own_json_type(&body.content) {
                (
                    BodyEncoding::Json {
                        content_type: media_type.clone(),
                    },
                    media,
                    media_type,
                )
            } else if let Some((media_type, media)) =
                pick(&|m| m.starts_with("application/x-www-form-urlencoded"))
            {
                (BodyEncoding::Form, media, media_type)
            } else if let Some((media_type, media)) = pick(&|m| m.starts_with("multipart/")) {
                (BodyEncoding::Multipart, media, media_type)
            } else if let Some((media_type, media)) = body.content.first() {
                (
                    BodyEncoding::Bytes {
                        content_type: media_type.clone(),
                    },
                    media,
                    media_type,
                )
            } else {
                self.diags.warn(
                    &at,
                    "request body lists no media type; the operation takes no body",
                );
                return None;
            };
        // Files travel only in multipart: leaving it out for JSON drops the upload. The same
        // schema offered in both (frameworks list every parser they have) loses nothing.
        if !matches!(encoding, BodyEncoding::Multipart)
            && let Some((multipart, form)) = pick(&|m| m.starts_with("multipart/"))
            && form.schema != media.schema
        {
            self.diags.warn(
                push_pointer(&push_pointer(&at, "content"), multipart),
                format!(
                    "the body is generated as {content_type} only; its {multipart} form (file uploads) is left out"
                ),
            );
        }
        let media_pointer = push_pointer(&push_pointer(&at, "content"), content_type);
        let encoding = self.header_safe_content_type(encoding, &media_pointer);
        let ty = match (&encoding, &media.schema) {
            // Parts are built by the caller with the runtime's `Multipart`; see the emitter.
            (BodyEncoding::Multipart, _) => TypeRef::Any,
            (BodyEncoding::Bytes { .. }, _) => TypeRef::Bytes,
            (_, Some(schema)) => {
                self.schema_type(schema, &push_pointer(&media_pointer, "schema"), &hint)
            }
            (_, None) => TypeRef::Any,
        };
        if matches!(encoding, BodyEncoding::Json { .. }) {
            self.media_examples(media, &media_pointer, &ty);
        }
        Some(RequestBody {
            ty,
            encoding,
            required: body.required,
        })
    }
}

impl Lowerer<'_> {
    /// The body's `Content-Type` as a valid header value: a media type that cannot be one
    /// (non-ASCII, control characters) is replaced by the generic type of its encoding.
    fn header_safe_content_type(&mut self, encoding: BodyEncoding, at: &str) -> BodyEncoding {
        let (content_type, generic) = match &encoding {
            BodyEncoding::Json { content_type } => (content_type, "application/json"),
            BodyEncoding::Bytes { content_type } => (content_type, "application/octet-stream"),
            BodyEncoding::Form | BodyEncoding::Multipart => return encoding,
        };
        if is_header_text(content_type) {
            return encoding;
        }
        self.diags.warn(
            at,
            format!(
                "media type {content_type:?} cannot be sent as a Content-Type header; the body is sent as {generic}"
            ),
        );
        let content_type = generic.to_owned();
        match encoding {
            BodyEncoding::Json { .. } => BodyEncoding::Json { content_type },
            _ => BodyEncoding::Bytes { content_type },
        }
    }
}

/// The names of the `{name}` placeholders of a path template, each once, in order. An empty
/// or unclosed one names nothing a parameter could fill.
fn placeholders(path: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let mut rest = path;
    while let Some((_, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else {
            break;
        };
        if !name.is_empty() && !name.contains('{') && !names.contains(&name) {
            names.push(name);
        }
        rest = tail;
    }
    names
}

/// Whether `text` can be a header value as it is (visible ASCII, spaces and tabs), which
/// lets the generated code spell a media type as a constant `HeaderValue`.
fn is_header_text(text: &str) -> bool {
    text.bytes()
        .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
}

/// The JSON media types the operation's responses list, for the `Accept` header.
/// The JSON media type a request body is sent as: the first JSON type listed, unless an API's
/// own structured type (`application/scim+json`, `application/vnd.api+json`) carries the same
/// schema: the server accepts both, and the API's own names what its standard asks clients to
/// send (RFC 7644 §3.1 for SCIM).
fn own_json_type(
    content: &IndexMap<String, openapiv3::MediaType>,
) -> Option<(&String, &openapiv3::MediaType)> {
    // A range names no type: a concrete one first, the range only when there is nothing else.
    let (first_type, first) = content
        .iter()
        .find(|(media, _)| is_json(media) && !media.contains('*'))
        .or_else(|| content.iter().find(|(media, _)| is_json(media)))?;
    // Only a type that can be a header (another would be replaced with plain JSON anyway),
    // and no range: ASP.NET documents list `application/*+json`, which names no type to send.
    let structured = |media: &str| {
        let essence = essence(media);
        essence.ends_with("+json") && !essence.contains('*') && is_header_text(media)
    };
    if structured(first_type) {
        return Some((first_type, first));
    }
    Some(
        content
            .iter()
            .find(|(media, body)| structured(media) && body.schema == first.schema)
            .unwrap_or((first_type, first)),
    )
}

fn accept_header(op: &OpenApiOperation, lowerer: &mut Lowerer<'_>) -> Option<String> {
    let mut media_types: Vec<&str> = Vec::new();
    let responses = op
        .responses
        .responses
        .values()
        .chain(op.responses.default.iter());
    for response in responses {
        let response = match response {
            ReferenceOr::Item(response) => Some(response),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/responses/")
                .and_then(|name| lowerer.doc.components.as_ref()?.responses.get(name))
                .and_then(|r| r.as_item()),
        };
        for media_type in response.into_iter().flat_map(|r| r.content.keys()) {
            // The generated code spells the header as a constant, which must be valid.
            if is_json(media_type)
                && is_header_text(media_type)
                && !media_types.contains(&media_type.as_str())
            {
                media_types.push(media_type);
            }
        }
    }
    (!media_types.is_empty()).then(|| media_types.join(", "))
}

fn methods(item: &openapiv3::PathItem) -> Vec<(HttpMethod, &OpenApiOperation)> {
    [
        (HttpMethod::Get, &item.get),
        (HttpMethod::Put, &item.put),
        (HttpMethod::Post, &item.post),
        (HttpMethod::Delete, &item.delete),
        (HttpMethod::Options, &item.options),
        (HttpMethod::Head, &item.head),
        (HttpMethod::Patch, &item.patch),
        (HttpMethod::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
    .collect()
}

fn location_key(param: &Parameter) -> &'static str {
    match param {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}
