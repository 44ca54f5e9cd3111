//! `src/client.rs`: the client type, its builder (credentials from `securitySchemes`) and the
//! `Environment` enum (from `servers`).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{docs, raw_docs};
use super::{ident, imports, runtime_paths};
use crate::config::Config;
use crate::contract::{self, runtime};
use crate::ir::{Api, AuthScheme, ParamLocation, Server, ServerVariable, VariableChoices};
use crate::text::code;

pub fn client(api: &Api, config: &Config) -> TokenStream {
    let client = ident(&config.client_name);
    let builder = ident(&format!(
        "{}{}",
        config.client_name,
        contract::BUILDER_SUFFIX
    ));
    let krate = config.crate_ident();
    let accessors = api.services.iter().map(|s| {
        let accessor = ident(&s.accessor);
        let ty = ident(&s.type_name);
        let cfg = super::cfg_any(s.feature.as_slice());
        let doc = format!(" The operations tagged `{}`.", code(&s.tag));
        quote! {
            #[doc = #doc]
            #cfg
            pub fn #accessor(&self) -> #ty<'_> {
                #ty::new(&self.core)
            }
        }
    });

    let unused_core = if api.services.is_empty() {
        quote!(#[allow(dead_code, reason = "the document lists no operations to call with it")])
    } else if api.features.is_empty() {
        TokenStream::new()
    } else {
        let features = &api.features;
        quote!(#[cfg_attr(
            not(any(#(feature = #features),*)),
            allow(dead_code, reason = "no service's feature is enabled")
        )])
    };
    let has_servers = !api.servers.is_empty();
    let environment = has_servers.then(|| environment(&api.servers));
    let default_base = if has_servers {
        quote!(Some(Environment::default().url()))
    } else {
        quote!(None)
    };
    let environment_method = has_servers.then(|| {
        quote! {
            #[doc = " Sends requests to one of the servers the API lists (the first one by default)."]
            pub fn environment(mut self, environment: Environment) -> Self {
                self.core.base_url(environment.url());
                self
            }
        }
    });
    let base_url_docs = base_url_docs(api);
    let new_core = quote! {
        CoreBuilder::new(#default_base, concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
    };
    let builder_body = match api.shared_path.as_deref() {
        Some(path) => quote! {
            let mut core = #new_core;
            core.paths_start_with(#path);
            #builder { core }
        },
        None => quote!(#builder { core: #new_core }),
    };
    let auth_methods = api.auth.iter().map(auth_method);
    let needs_arc = api
        .auth
        .iter()
        .any(|a| matches!(a, AuthScheme::Bearer { .. }));
    let api_key_location = api
        .auth
        .iter()
        .any(|a| matches!(a, AuthScheme::ApiKey { .. }));
    let mut runtime_items = vec![
        runtime::BUILD_ERROR,
        runtime::CLIENT_CORE,
        runtime::CORE_BUILDER,
        runtime::RETRY_POLICY,
    ];
    if api_key_location {
        runtime_items.push(runtime::API_KEY_LOCATION);
    }
    if needs_arc {
        runtime_items.push(runtime::TOKEN_PROVIDER);
    }
    let mut paths: Vec<String> = ["std::fmt", "std::sync::Arc", "std::time::Duration"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let root = config.root_path(1);
    paths.extend(runtime_paths(&root, runtime_items));
    // Services compiled under a feature are imported under it too, one `use` each.
    let (gated, whole): (Vec<_>, Vec<_>) = api.services.iter().partition(|s| s.feature.is_some());
    paths.extend(
        whole
            .iter()
            .map(|s| format!("{root}::services::{}", s.type_name)),
    );
    let gated_imports = gated.iter().map(|s| {
        let cfg = super::cfg_any(s.feature.as_slice());
        super::gated(
            imports(vec![format!("{root}::services::{}", s.type_name)]),
            &cfg,
        )
    });
    let imports = imports(paths);
    let client_doc = raw_docs(&[
        format!(
            "The {} client: build one, then call operations through its services.",
            super::docs::doc_lines(&api.title).join(" ")
        ),
        String::new(),
        "Cloning is cheap: clones share one connection pool and configuration.".to_owned(),
        String::new(),
        "```no_run".to_owned(),
        format!("# fn run() -> Result<(), {krate}::BuildError> {{"),
        format!("let sdk = {krate}::{}::builder()", config.client_name),
        if api
            .auth
            .iter()
            .any(|a| matches!(a, AuthScheme::Bearer { .. }))
        {
            "    .access_token(\"my-access-token\")".to_owned()
        } else {
            "    .timeout(std::time::Duration::from_secs(10))".to_owned()
        },
        "    .build()?;".to_owned(),
        "# let _ = sdk;".to_owned(),
        "# Ok(()) }".to_owned(),
        "```".to_owned(),
    ]);
    let builder_doc = format!(
        " Configures a [`{}`]; finish with [`build`]({}::build).",
        config.client_name,
        config.client_name.clone() + "Builder"
    );
    quote! {
        #![doc = " The client, its builder and the servers it can talk to."]
        #imports
        #(#gated_imports)*

        #client_doc
        #[derive(Clone)]
        pub struct #client {
            #unused_core
            core: Arc<ClientCore>,
        }

        impl #client {
            #[doc = " Starts configuring a client."]
            pub fn builder() -> #builder {
                #builder_body
            }

            #(#accessors)*
        }

        impl fmt::Debug for #client {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // Never shows credentials: only that this is a configured client.
                f.debug_struct(stringify!(#client)).finish_non_exhaustive()
            }
        }

        #[doc = #builder_doc]
        #[derive(Debug)]
        #[must_use = "a builder does nothing until `build` is called"]
        pub struct #builder {
            core: CoreBuilder,
        }

        impl #builder {
            #(#auth_methods)*

            #environment_method

            #(#[doc = #base_url_docs])*
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.core.base_url(url.into());
                self
            }

            #[doc = " How long one attempt may take, including reading the body (default 30 s)."]
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.core.timeout(timeout);
                self
            }

            #[doc = " The `User-Agent` header (default: this crate's name and version)."]
            pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.core.user_agent(user_agent.into());
                self
            }

            #[doc = " Uses this `reqwest::Client` (proxies, TLS roots, connection limits) instead of a default one."]
            pub fn http_client(mut self, client: reqwest::Client) -> Self {
                self.core.http_client(client);
                self
            }

            #[doc = " When and how often to retry (default: 3 attempts for idempotent requests)."]
            pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
                self.core.retry_policy(policy);
                self
            }

            #[doc = " Checks the configuration and builds the client."]
            pub fn build(self) -> Result<#client, BuildError> {
                Ok(#client { core: Arc::new(self.core.build()?) })
            }

            #[doc = " Builds a client for code that is not async: it owns a small runtime, and"]
            #[doc = " calls are sent with `send_blocking()` (cargo feature `blocking`)."]
            #[cfg(feature = "blocking")]
            pub fn build_blocking(self) -> Result<#client, BuildError> {
                Ok(#client { core: Arc::new(self.core.build_blocking()?) })
            }
        }

        #environment
    }
}

fn auth_method(scheme: &AuthScheme) -> TokenStream {
    match scheme {
        AuthScheme::Bearer { docs: text } => {
            let extra = text.as_deref().map(docs).unwrap_or_default();
            let extra = if extra.is_empty() {
                extra
            } else {
                quote!(#[doc = ""] #extra)
            };
            quote! {
                #[doc = " Sends `Authorization: Bearer <token>` with every request."]
                #extra
                pub fn access_token(mut self, token: impl Into<String>) -> Self {
                    self.core.bearer_token(token.into());
                    self
                }

                #[doc = " Asks `provider` for the bearer token before each request, and once more after a 401."]
                pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
                    self.core.token_provider(Arc::new(provider));
                    self
                }
            }
        }
        AuthScheme::Basic { docs: text } => {
            let extra = text.as_deref().map(docs).unwrap_or_default();
            quote! {
                #[doc = " Sends HTTP basic authentication with every request."]
                #extra
                pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                    self.core.basic_auth(username.into(), password.into());
                    self
                }
            }
        }
        AuthScheme::ApiKey {
            location,
            name,
            builder_method,
            docs: text,
        } => {
            let method = ident(builder_method);
            let (where_, location) = match location {
                ParamLocation::Query => ("query parameter", quote!(ApiKeyLocation::Query)),
                ParamLocation::Cookie => ("cookie", quote!(ApiKeyLocation::Cookie)),
                _ => ("header", quote!(ApiKeyLocation::Header)),
            };
            let doc = format!(" Sends the API key as the `{}` {where_}.", code(name));
            let extra = text.as_deref().map(docs).unwrap_or_default();
            quote! {
                #[doc = #doc]
                #extra
                pub fn #method(mut self, key: impl Into<String>) -> Self {
                    self.core.api_key(#location, #name, key.into());
                    self
                }
            }
        }
    }
}

fn environment(servers: &[Server]) -> TokenStream {
    let derived_default = servers.first().is_some_and(|s| s.variables.is_empty());
    let variants = servers.iter().enumerate().map(|(i, s)| {
        let variant = ident(&s.variant);
        let default_attr = (i == 0 && derived_default).then(|| quote!(#[default]));
        let doc = docs(&s.docs);
        if s.variables.is_empty() {
            quote!(#doc #default_attr #variant,)
        } else {
            let fields = s.variables.iter().map(|v| {
                let name = ident(&v.rust_name);
                let doc = docs(&v.docs);
                let ty = match &v.choices {
                    Some(choices) => {
                        let ty = ident(&choices.type_name);
                        quote!(#ty)
                    }
                    None => quote!(String),
                };
                quote!(#doc #name: #ty,)
            });
            quote!(#doc #variant { #(#fields)* },)
        }
    });
    let urls = servers.iter().map(|s| {
        let variant = ident(&s.variant);
        let url = &s.url;
        if s.variables.is_empty() {
            quote!(Self::#variant => #url.to_owned(),)
        } else {
            let names: Vec<_> = s.variables.iter().map(|v| ident(&v.rust_name)).collect();
            let replacements = s.variables.iter().map(|v| {
                let placeholder = format!("{{{}}}", v.name);
                let name = ident(&v.rust_name);
                match v.choices {
                    Some(_) => quote!(.replace(#placeholder, #name.as_str())),
                    None => quote!(.replace(#placeholder, #name)),
                }
            });
            quote!(Self::#variant { #(#names),* } => #url #(#replacements)*,)
        }
    });
    let manual_default = servers
        .first()
        .filter(|s| !s.variables.is_empty())
        .map(|first| {
            let first_variant = ident(&first.variant);
            let fields = first.variables.iter().map(|v| {
                let name = ident(&v.rust_name);
                let value = &v.default;
                match &v.choices {
                    Some(choices) => {
                        let (ty, variant) =
                            (ident(&choices.type_name), ident(&choices.default_variant));
                        quote!(#name: #ty::#variant)
                    }
                    None => quote!(#name: #value.to_owned()),
                }
            });
            quote! {
                impl Default for Environment {
                    fn default() -> Self {
                        Self::#first_variant { #(#fields),* }
                    }
                }
            }
        });
    let derive_default = derived_default.then(|| quote!(Default,));
    let choices = servers
        .iter()
        .flat_map(|s| &s.variables)
        .filter_map(|v| v.choices.as_ref().map(|c| variable_enum(v, c)));
    quote! {
        #[doc = " The servers the API document lists; the first is the default."]
        #[derive(Debug, Clone, PartialEq, Eq, #derive_default)]
        pub enum Environment {
            #(#variants)*
        }

        impl Environment {
            #[doc = " The base URL requests go to."]
            pub fn url(&self) -> String {
                match self {
                    #(#urls)*
                }
            }
        }

        #manual_default
        #(#choices)*
    }
}

/// The values a server variable may take: nothing else can be spelled.
fn variable_enum(variable: &ServerVariable, choices: &VariableChoices) -> TokenStream {
    let name = ident(&choices.type_name);
    let doc = format!(" The values `{{{}}}` may take.", code(&variable.name));
    let default = ident(&choices.default_variant);
    let variants = choices.values.iter().map(|(variant, value)| {
        let variant = ident(variant);
        let doc = format!(" `{}`", code(value));
        let mark = (variant == default).then(|| quote!(#[default]));
        quote!(#[doc = #doc] #mark #variant,)
    });
    let strings = choices.values.iter().map(|(variant, value)| {
        let variant = ident(variant);
        quote!(Self::#variant => #value,)
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            #[doc = " The value as it goes into the URL."]
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#strings)*
                }
            }
        }
    }
}

/// The base URL is where operation paths are appended: a server root given with a path prefix
/// the paths already carry is the classic confusing 404, so the docs show one of each.
fn base_url_docs(api: &Api) -> Vec<String> {
    let mut lines = vec![
        " Sends requests to this base URL instead (a proxy, a sandbox, a local server).".to_owned(),
    ];
    let path = api
        .services
        .iter()
        .flat_map(|s| &s.operations)
        .map(|op| op.path.as_str())
        .next();
    if let Some(path) = path {
        lines.push(String::new());
        lines.push(format!(
            " Operation paths (`{}`) are appended to it: give the server root,",
            code(path)
        ));
        let example = api
            .servers
            .first()
            .map(|server| format!(" as in `{}`,", code(&server.url)))
            .unwrap_or_default();
        lines.push(match &api.shared_path {
            // The shared part is dropped from a base URL, so giving it is no mistake.
            Some(shared) => format!(
                "{example} or one ending with `{}` (the part every operation path starts with), \
                 which is taken without it.",
                code(shared)
            ),
            None => format!("{example} not a URL ending in part of those paths."),
        });
    }
    lines
}
