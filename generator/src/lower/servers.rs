//! `servers` -> the `Environment` enum, `securitySchemes` -> the client builder's credentials.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme};

use crate::contract;
use crate::diagnostics::{Diagnostics, push_pointer};
use crate::ir::{AuthScheme, ParamLocation, Server, ServerVariable, VariableChoices};
use crate::names::{Namespace, pascal, snake};
use crate::text::{code, join_docs};

pub(super) fn servers(
    doc: &OpenAPI,
    type_names: &mut Namespace,
    diags: &mut Diagnostics,
) -> Vec<Server> {
    let first_words: Vec<Option<String>> = doc
        .servers
        .iter()
        .map(|s| {
            s.description
                .as_deref()
                .and_then(|d| d.split_whitespace().next())
                .map(pascal)
        })
        .collect();
    let mut names = Namespace::default();
    let mut out = Vec::new();
    for (i, server) in doc.servers.iter().enumerate() {
        if !server.url.contains("://") {
            diags.warn(
                format!("/servers/{i}/url"),
                "a relative server URL has no host; callers must set `base_url`",
            );
            continue;
        }
        let unique_word = first_words[i]
            .clone()
            .filter(|w| first_words.iter().filter(|o| o.as_ref() == Some(w)).count() == 1);
        let wanted = unique_word
            .or_else(|| host_label(&server.url))
            .unwrap_or_else(|| format!("Server{}", i + 1));
        let variant = names.claim(&wanted);
        let mut variables = Vec::new();
        let mut variable_names = Namespace::default();
        for (name, variable) in server.variables.iter().flatten() {
            if !server.url.contains(&format!("{{{name}}}")) {
                diags.warn(
                    push_pointer(&format!("/servers/{i}/variables"), name),
                    "variable is not used in the URL",
                );
                continue;
            }
            let choices = choices(&variant, name, variable, type_names, diags, i);
            variables.push(ServerVariable {
                choices,
                name: name.clone(),
                rust_name: variable_names.claim(&snake(name)),
                default: variable.default.clone(),
                docs: variable
                    .description
                    .clone()
                    .filter(|d| !d.trim().is_empty())
                    .unwrap_or_else(|| format!("Fills `{{{}}}` in the URL.", code(name))),
            });
        }
        out.push(Server {
            variant,
            url: server.url.clone(),
            docs: join_docs([
                server.description.as_deref(),
                Some(format!("`{}`", code(&server.url)).as_str()),
            ])
            .unwrap_or_default(),
            variables,
        });
    }
    out
}

/// The values a variable lists, as an enum (so only they can be given), when it lists any.
fn choices(
    server_variant: &str,
    name: &str,
    variable: &openapiv3::ServerVariable,
    type_names: &mut Namespace,
    diags: &mut Diagnostics,
    index: usize,
) -> Option<VariableChoices> {
    if variable.enumeration.is_empty() {
        return None;
    }
    let mut values: Vec<String> = variable.enumeration.clone();
    if !values.contains(&variable.default) {
        diags.warn(
            push_pointer(&format!("/servers/{index}/variables"), name),
            "the default is not among the listed values; allowing it too",
        );
        values.insert(0, variable.default.clone());
    }
    let mut variants = Namespace::default();
    let values: Vec<(String, String)> = values
        .into_iter()
        .map(|value| (variants.claim(&pascal(&value)), value))
        .collect();
    let default_variant = values
        .iter()
        .find(|(_, value)| *value == variable.default)
        .map(|(variant, _)| variant.clone())
        .unwrap_or_default();
    Some(VariableChoices {
        type_name: type_names.claim_type(&format!("{server_variant}{}", pascal(name))),
        values,
        default_variant,
    })
}

/// `https://platform.example.com/v1` -> `Platform`; a templated host -> its variable's name.
fn host_label(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let label = rest.split(['.', '/', ':']).find(|s| !s.is_empty())?;
    let name = pascal(label.trim_matches(['{', '}']));
    (name != "Value").then_some(name)
}

pub(super) fn auth(doc: &OpenAPI, diags: &mut Diagnostics) -> Vec<AuthScheme> {
    let mut out = Vec::new();
    let mut methods = Namespace::with_reserved(contract::BUILDER_METHODS);
    let Some(components) = &doc.components else {
        return out;
    };
    for (key, scheme) in &components.security_schemes {
        let pointer = push_pointer("/components/securitySchemes", key);
        let ReferenceOr::Item(scheme) = scheme else {
            diags.warn(
                pointer,
                "referenced security schemes are not supported; ignoring it",
            );
            continue;
        };
        let lowered = match scheme {
            SecurityScheme::HTTP {
                scheme,
                description,
                ..
            } => match scheme.to_ascii_lowercase().as_str() {
                "bearer" => AuthScheme::Bearer {
                    docs: description.clone(),
                },
                "basic" => AuthScheme::Basic {
                    docs: description.clone(),
                },
                other => {
                    diags.warn(
                        pointer,
                        format!("HTTP `{other}` authentication is not supported; ignoring it"),
                    );
                    continue;
                }
            },
            SecurityScheme::OAuth2 { description, .. }
            | SecurityScheme::OpenIDConnect { description, .. } => AuthScheme::Bearer {
                docs: description.clone(),
            },
            SecurityScheme::APIKey {
                location,
                name,
                description,
                ..
            } => AuthScheme::ApiKey {
                location: match location {
                    APIKeyLocation::Header => ParamLocation::Header,
                    APIKeyLocation::Query => ParamLocation::Query,
                    APIKeyLocation::Cookie => ParamLocation::Cookie,
                },
                name: name.clone(),
                builder_method: methods.claim(&snake(key)),
                docs: description.clone(),
            },
        };
        let duplicate = out.iter().any(|existing| {
            matches!(
                (existing, &lowered),
                (AuthScheme::Bearer { .. }, AuthScheme::Bearer { .. })
                    | (AuthScheme::Basic { .. }, AuthScheme::Basic { .. })
            )
        });
        if !duplicate {
            out.push(lowered);
        }
    }
    out
}
