//! `servers` -> the `Environment` enum, `securitySchemes` -> the client builder's credentials.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme};

use crate::contract;
use crate::diagnostics::{Diagnostics, push_pointer};
use crate::ir::{AuthScheme, ParamLocation, Server, ServerVariable, Service, VariableChoices};
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

/// The leading path segments every operation shares (`/scim/v2` of `/scim/v2/Users` and
/// `/scim/v2/Schemas`), none of them a placeholder; `None` when there are none or when a server
/// URL ends with them (a document that says so is taken at its word).
pub(super) fn shared_path(services: &[Service], servers: &[Server]) -> Option<String> {
    let mut paths = services
        .iter()
        .flat_map(|s| &s.operations)
        .map(|op| op.path.as_str());
    let first: Vec<&str> = paths.next()?.split('/').skip(1).collect();
    let mut shared = first.len().saturating_sub(1);
    for path in paths {
        let segments: Vec<&str> = path.split('/').skip(1).collect();
        // A path's last segment is the resource itself, not a shared base.
        let comparable = segments.len().saturating_sub(1);
        shared = first
            .iter()
            .zip(&segments)
            .take(shared.min(comparable))
            .take_while(|(a, b)| a == b)
            .count();
    }
    let prefix: Vec<&str> = first
        .iter()
        .take(shared)
        .take_while(|segment| !segment.is_empty() && !segment.contains('{'))
        .copied()
        .collect();
    if prefix.is_empty() {
        return None;
    }
    let prefix = format!("/{}", prefix.join("/"));
    let ends_with_it = |url: &str| url.trim_end_matches('/').ends_with(&prefix);
    (!servers.iter().any(|server| ends_with_it(&server.url))).then_some(prefix)
}

#[cfg(test)]
mod tests {
    use crate::{Config, Input, Source};

    /// The shared path of a document with these servers and paths (each a GET).
    fn shared(servers: &[&str], paths: &[&str]) -> Option<String> {
        let servers: String = servers
            .iter()
            .map(|url| format!("  - url: {url}\n"))
            .collect();
        let paths: String = paths
            .iter()
            .enumerate()
            .map(|(n, path)| {
                format!(
                    "  '{path}':\n    get:\n      operationId: op{n}\n      responses: {{'204': {{description: ok}}}}\n"
                )
            })
            .collect();
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nservers:\n{servers}paths:\n{paths}"
        );
        let input = Input {
            source: Source::new("api.yaml", text),
            overlays: Vec::new(),
        };
        match crate::lower_input(&input, &Config::new("probe", "Probe")) {
            Ok((api, _)) => api.shared_path,
            Err(failure) => panic!("{:#?}", failure.diagnostics),
        }
    }

    #[test]
    fn the_leading_segments_every_path_has_are_shared() {
        let host = ["https://a.example"];
        let scim = ["/scim/v2/Users", "/scim/v2/Users/{id}", "/scim/v2/Schemas"];
        assert_eq!(shared(&host, &scim).as_deref(), Some("/scim/v2"));
        assert_eq!(
            shared(&host, &["/v1/a", "/v1/b/{id}"]).as_deref(),
            Some("/v1")
        );
        // One path: all but its last segment.
        assert_eq!(shared(&host, &["/v2/pets"]).as_deref(), Some("/v2"));
        assert_eq!(shared(&host, &["/pets"]), None);
        // A placeholder is no fixed base.
        assert_eq!(shared(&host, &["/{tenant}/a", "/{tenant}/b"]), None);
        assert_eq!(shared(&host, &["/v1/a", "/v2/a"]), None);
        // Whole segments only: `/scim/v2` and `/scim/v20` share `/scim`.
        assert_eq!(
            shared(&host, &["/scim/v2/a", "/scim/v20/a"]).as_deref(),
            Some("/scim")
        );
    }

    #[test]
    fn a_server_url_ending_with_the_shared_path_is_taken_at_its_word() {
        let paths = ["/scim/v2/Users", "/scim/v2/Groups"];
        assert_eq!(shared(&["https://a.example/scim/v2/"], &paths), None);
        assert_eq!(
            shared(&["https://a.example/api"], &paths).as_deref(),
            Some("/scim/v2")
        );
    }
}
