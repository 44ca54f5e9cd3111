//! The crate around the code: Cargo.toml, README.md, src/lib.rs and the runtime's files.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc_lines, raw_docs};
use super::{crate_ident, ident};
use crate::Config;
use crate::format::Emitted;
use crate::ir::{Api, AuthScheme};
use crate::names::bare;

/// The runtime: ordinary Rust carried by the generator and written into every crate, so the
/// generated crate stands alone.
const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("auth.rs", include_str!("../../runtime/auth.rs")),
    ("call.rs", include_str!("../../runtime/call.rs")),
    ("core.rs", include_str!("../../runtime/core.rs")),
    ("encoding.rs", include_str!("../../runtime/encoding.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
];

pub fn crate_files(api: &Api, config: &Config) -> Vec<Emitted> {
    let mut files = vec![
        Emitted::Text {
            path: "Cargo.toml".into(),
            text: cargo_toml(api, config),
        },
        Emitted::Text {
            path: "README.md".into(),
            text: readme(api, config),
        },
        Emitted::Rust {
            path: "src/lib.rs".into(),
            tokens: lib_rs(api, config),
        },
    ];
    for (name, text) in RUNTIME {
        files.push(Emitted::Text {
            path: format!("src/runtime/{name}"),
            text: (*text).to_owned(),
        });
    }
    for extra in &config.extra_files {
        files.push(Emitted::Text {
            path: extra.path.clone(),
            text: extra.contents.clone(),
        });
    }
    files
}

fn toml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

fn cargo_toml(api: &Api, config: &Config) -> String {
    let description = format!(
        "Rust SDK for the {} API, generated from its OpenAPI document",
        code(api.title.trim())
    );
    let workspace = if config.standalone {
        "\n# Builds on its own, outside any surrounding workspace.\n[workspace]\n"
    } else {
        ""
    };
    format!(
        r#"[package]
name = {name}
version = {version}
edition = "2024"
description = {description}

[dependencies]
bytes = "1"
fastrand = "2"
httpdate = "1"
percent-encoding = "2"
reqwest = {{ version = "0.12", default-features = false, features = ["rustls-tls"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
tokio = {{ version = "1", features = ["time"] }}
tracing = "0.1"

[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
{workspace}"#,
        name = toml_string(&config.crate_name),
        version = toml_string(&config.crate_version),
        description = toml_string(&description),
    )
}

fn lib_rs(api: &Api, config: &Config) -> TokenStream {
    let client = ident(&config.client_name);
    let builder = ident(&format!("{}Builder", config.client_name));
    let environment = (!api.servers.is_empty()).then(|| quote!(Environment,));
    // rustc's default limit (128) covers chains about 60 types deep; the layout and drop-check
    // queries recurse roughly twice per link.
    let recursion_limit = (api.nesting_depth > 48).then(|| {
        let limit = (api.nesting_depth * 4 + 128).to_string();
        quote!(#![recursion_limit = #limit])
    });
    let no_operations = (api.operation_count() == 0).then(|| {
        quote!(#![allow(dead_code, reason = "the document lists no operations, so the request plumbing goes unused")])
    });
    let mut doc = vec![format!("# {}", doc_title(&api.title)), String::new()];
    if let Some(description) = &api.description {
        doc.extend(doc_lines(description));
        doc.push(String::new());
    }
    doc.extend(usage_example(api, config).lines().map(str::to_owned));
    let doc = raw_docs(&doc)
        .into_iter()
        .map(|tt| tt.to_string())
        .collect::<Vec<_>>();
    let inner_doc: TokenStream = doc
        .join(" ")
        .replace("# [doc", "#! [doc")
        .parse()
        .unwrap_or_default();
    quote! {
        #inner_doc
        #![deny(missing_docs)]
        #recursion_limit
        #no_operations

        // Laid out by the generator (prettyplease), so rustfmt leaves these files alone.
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod models;
        mod runtime;
        #[rustfmt::skip]
        pub mod services;

        pub use client::{#environment #client, #builder};
        #[rustfmt::skip]
        pub use runtime::{
            ApiError, ApiKeyLocation, BoxError, BuildError, Call, DecodeError, DecodeFailure, Decoder, Error, Multipart,
            Outcome, QueryStyle, RawResponse, Response, RetryPolicy, TokenProvider,
        };
    }
}

fn doc_title(title: &str) -> String {
    doc_lines(title).join(" ")
}

/// The example shown in the crate docs and the README: build a client, make the first call.
fn usage_example(api: &Api, config: &Config) -> String {
    let krate = crate_ident(config);
    let client = &config.client_name;
    let credentials = match api.auth.first() {
        Some(AuthScheme::Bearer { .. }) => {
            "    .access_token(std::env::var(\"API_TOKEN\")?)\n".to_owned()
        }
        Some(AuthScheme::Basic { .. }) => "    .basic_auth(\"user\", \"password\")\n".to_owned(),
        Some(AuthScheme::ApiKey { builder_method, .. }) => {
            format!(
                "    .{}(std::env::var(\"API_KEY\")?)\n",
                bare(builder_method)
            )
        }
        None => String::new(),
    };
    let first_call = api
        .services
        .iter()
        .flat_map(|s| s.operations.iter().map(move |op| (s, op)))
        .find(|(_, op)| op.params.is_empty() && op.body.is_none() && op.optional_params.is_none());
    let call = match first_call {
        Some((service, op)) => format!(
            "let response = sdk.{}().{}().await?;\n# let _ = response;\n",
            bare(&service.accessor),
            bare(&op.method_name)
        ),
        None => "# let _ = sdk;\n".to_owned(),
    };
    format!(
        "```no_run\n# async fn run() -> Result<(), Box<dyn std::error::Error>> {{\nlet sdk = {krate}::{client}::builder()\n{credentials}    .build()?;\n{call}# Ok(())\n# }}\n```"
    )
}

fn readme(api: &Api, config: &Config) -> String {
    let title = doc_title(&api.title);
    let krate = &config.crate_name;
    let example: String = usage_example(api, config)
        .lines()
        .filter(|l| !l.starts_with("# ") && *l != "#")
        .map(|l| if l == "```no_run" { "```rust" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    let mut operations = String::new();
    for service in &api.services {
        for op in &service.operations {
            operations.push_str(&format!(
                "| `sdk.{}().{}()` | `{} {}` | {} |\n",
                bare(&service.accessor),
                bare(&op.method_name),
                op.http_method.as_str(),
                code(&op.path).replace('|', "\\|"),
                op.summary
                    .as_deref()
                    .map(|s| doc_lines(s).join(" ").replace('|', "\\|"))
                    .unwrap_or_default(),
            ));
        }
    }
    format!(
        r#"# {krate}

A Rust SDK for the {title} API, generated from its OpenAPI document.

```toml
[dependencies]
{krate} = {{ path = "..." }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
```

## Use

{example}

Every operation returns a `Call`: await it for the typed body, or refine it first with
`.header(..)`, `.timeout(..)`, `.max_attempts(..)`, `.retry_non_idempotent(true)`, or
`.send_with_response()` to see the status and headers too.

## Errors

Every call returns `Result<T, {crate_ident}::Error<E>>`:

- `Error::Api`: the server answered with a non-success status; `status()`, `headers()`,
  `body()` (the documented error type, when it decoded) and `raw_body()`.
- `Error::Decode`: a success status whose body did not decode (with the status and an excerpt).
- `Error::Timeout`, `Error::Transport`: the request did not complete.
- `Error::InvalidRequest`, `Error::Auth`: nothing was sent (a bad header, path value or token).

## Retries and timeouts

GET, PUT and DELETE are retried on 429, 502, 503, 504 and connection errors, with exponential
backoff, jitter and `Retry-After`; POST and PATCH only when you opt in. Each attempt has a 30 s
timeout by default. Configure both on the builder or per call.

## Operations

| call | HTTP | summary |
|---|---|---|
{operations}
## Regenerating

This crate is generated: do not edit it by hand. Change the OpenAPI document (or its overlays)
and run `cargo xtask codegen`.
{appendix}"#,
        crate_ident = crate_ident(config),
        appendix = config
            .readme_appendix
            .as_deref()
            .map(|a| format!("\n{}\n", a.trim()))
            .unwrap_or_default(),
    )
}
