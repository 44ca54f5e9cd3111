//! The crate around the code: Cargo.toml, README.md, src/lib.rs and the runtime's files.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_lines, inner_docs};
use super::ident;
use crate::config::{Config, RuntimeMode};
use crate::contract;
use crate::files::Emitted;
use crate::ir::{Api, AuthScheme};
use crate::names::bare;
use crate::text::code;

/// The runtime crate's sources, written into every crate that does not depend on it: the
/// file name in `src/runtime/` and the text.
const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/src/lib.rs")),
    ("auth.rs", include_str!("../../runtime/src/auth.rs")),
    ("blocking.rs", include_str!("../../runtime/src/blocking.rs")),
    ("call.rs", include_str!("../../runtime/src/call.rs")),
    (
        "conditional.rs",
        include_str!("../../runtime/src/conditional.rs"),
    ),
    ("core.rs", include_str!("../../runtime/src/core.rs")),
    ("encoding.rs", include_str!("../../runtime/src/encoding.rs")),
    ("error.rs", include_str!("../../runtime/src/error.rs")),
    (
        "error_summary.rs",
        include_str!("../../runtime/src/error_summary.rs"),
    ),
    (
        "json_path.rs",
        include_str!("../../runtime/src/json_path.rs"),
    ),
    ("model.rs", include_str!("../../runtime/src/model.rs")),
    ("paging.rs", include_str!("../../runtime/src/paging.rs")),
    ("response.rs", include_str!("../../runtime/src/response.rs")),
    ("retry.rs", include_str!("../../runtime/src/retry.rs")),
    ("route.rs", include_str!("../../runtime/src/route.rs")),
    ("send.rs", include_str!("../../runtime/src/send.rs")),
];

/// A runtime file without its unit tests: they ran once in the runtime crate, and an SDK's
/// users should not compile them. By convention the tests are the file's last item.
pub(crate) fn without_tests(text: &str) -> String {
    let mut kept = text;
    let mut offset = 0;
    while let Some(found) = text[offset..].find("#[cfg(test)]\nmod tests {") {
        let at = offset + found;
        if at == 0 || text[..at].ends_with('\n') {
            kept = &text[..at];
            break;
        }
        offset = at + 1;
    }
    format!("{}\n", kept.trim_end())
}

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
    if config.runtime == RuntimeMode::Copy {
        for (name, text) in RUNTIME {
            files.push(Emitted::Text {
                path: format!("src/runtime/{name}"),
                // Doc examples name the runtime crate; in a copy they name the SDK, which
                // re-exports the same items at its root.
                text: without_tests(text)
                    .replace("sdkgen_runtime::", &format!("{}::", config.crate_ident())),
            });
        }
    }
    for module in &config.modules {
        files.push(Emitted::Text {
            path: format!("src/{}.rs", module.path),
            text: module.contents.clone(),
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
    // A JSON string literal is a TOML basic string, and serializing a `str` cannot fail; emit
    // has no diagnostics, so only debug builds (the tests, the fuzzer) hear if it ever does.
    serde_json::to_string(text).unwrap_or_else(|err| {
        debug_assert!(false, "internal error: {err}");
        "\"\"".to_owned()
    })
}

/// "the Foo API", without saying "API API" when the title already ends with it.
pub(crate) fn api_name(title: &str) -> String {
    let title = doc_lines(title).join(" ");
    let title = title.trim();
    if title.to_ascii_lowercase().ends_with("api") {
        title.to_owned()
    } else {
        format!("{title} API")
    }
}

pub(crate) fn cargo_toml(api: &Api, config: &Config) -> String {
    let description = format!(
        "Rust SDK for the {}, generated from its OpenAPI document",
        code(&api_name(&api.title))
    );
    let runtime = match &config.runtime {
        RuntimeMode::Copy => String::new(),
        RuntimeMode::Dependency(spec) => format!("sdkgen-runtime = {spec}\n"),
    };
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
rust-version = "1.88"
description = {description}

[dependencies]
{runtime}bytes = "1"
fastrand = "2"
futures-core = "0.3"
httpdate = "1"
percent-encoding = "2"
# Pin projection for the send future without unsafe code; already in every tokio tree.
pin-project-lite = "0.2"
reqwest = {{ version = "0.12", default-features = false, features = ["rustls-tls"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
tokio = {{ version = "1", features = ["time"] }}
tracing = "0.1"

[features]
# `build_blocking()` and `send_blocking()`, for code that is not async.
blocking = ["tokio/rt"]
{features}
[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
{workspace}"#,
        name = toml_string(&config.crate_name),
        version = toml_string(&config.crate_version),
        description = toml_string(&description),
        features = service_features(api),
    )
}

/// How to compile less of a big API, when it is split into features.
fn features_section(api: &Api, krate: &str) -> String {
    let Some(example) = api.features.first() else {
        return String::new();
    };
    let list: Vec<String> = api.features.iter().map(|f| format!("`{f}`")).collect();
    format!(
        "\n## Features\n\n\
         The API is large, so each service is a cargo feature and you compile only what you\n\
         call. The default, `full`, turns on every one (and the models no operation uses).\n\n\
         Services: {}.\n\n\
         ```toml\n\
         {krate} = {{ path = \"...\", default-features = false, features = [\"{example}\"] }}\n\
         ```\n",
        list.join(", ")
    )
}

/// One feature per service when the API is split (see `lower::features`), all on by default.
fn service_features(api: &Api) -> String {
    if api.features.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = api.features.iter().map(|f| toml_string(f)).collect();
    let each: String = api.features.iter().map(|f| format!("{f} = []\n")).collect();
    format!(
        "# Each service compiles only under its feature; `full` turns on every one.\n\
         default = [\"full\"]\n\
         full = [{}]\n\
         {each}",
        quoted.join(", ")
    )
}

fn lib_rs(api: &Api, config: &Config) -> TokenStream {
    let client = ident(&config.client_name);
    let builder = ident(&format!(
        "{}{}",
        config.client_name,
        contract::BUILDER_SUFFIX
    ));
    let environment = (!api.servers.is_empty()).then(|| {
        let environment = ident(contract::ENVIRONMENT);
        quote!(#environment,)
    });
    // rustc's default limit (128) covers chains about 60 types deep; the layout and drop-check
    // queries recurse roughly twice per link.
    let recursion_limit = (api.nesting_depth > 48).then(|| {
        let limit = (api.nesting_depth * 4 + 128).to_string();
        quote!(#![recursion_limit = #limit])
    });
    let mut doc = vec![format!("# {}", doc_title(&api.title)), String::new()];
    if let Some(description) = &api.description {
        doc.extend(doc_lines(description));
        doc.push(String::new());
    }
    doc.extend(
        guide(api, config, &usage_example(api, config))
            .lines()
            .map(str::to_owned),
    );
    // The project's own section (how to run the examples) belongs to the guide as well.
    if let Some(appendix) = &config.readme_appendix {
        doc.push(String::new());
        doc.extend(appendix.trim().lines().map(str::to_owned));
    }
    let inner_doc = inner_docs(&doc);
    let runtime = match config.runtime {
        RuntimeMode::Copy => quote! {
            #[doc(hidden)]
            pub mod runtime;
        },
        RuntimeMode::Dependency(_) => quote! {
            #[doc(hidden)]
            pub use sdkgen_runtime as runtime;
        },
    };
    // Sorted, as rustfmt sorts consecutive `mod` items: a generated crate that is a member
    // of a workspace (generated/) gets `cargo fmt`, and `codegen --check` must still agree.
    let mut module_names: Vec<&str> = config.modules.iter().map(|m| m.path.as_str()).collect();
    module_names.sort_unstable();
    let modules = module_names.into_iter().map(|name| {
        let name = ident(name);
        quote!(pub mod #name;)
    });
    // A map of maps of lists is spelled as the document nests it, not hidden behind an alias.
    let nesting = "types nest as deep as the document's schemas";
    let exports = contract::root_exports().map(ident);
    let variable_types = api
        .servers
        .iter()
        .flat_map(|s| &s.variables)
        .filter_map(|v| v.choices.as_ref())
        .map(|c| ident(&c.type_name));
    quote! {
        #inner_doc
        #![deny(missing_docs)]
        #recursion_limit

        // Laid out by the generator (prettyplease), so rustfmt leaves these files alone.
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        #[allow(clippy::type_complexity, reason = #nesting)]
        pub mod models;
        #runtime
        #[rustfmt::skip]
        #[allow(clippy::type_complexity, reason = #nesting)]
        pub mod services;
        #(#modules)*

        pub use client::{#environment #(#variable_types,)* #client, #builder};
        // The versions this crate is built with, for `http_client(..)` and `Value`s.
        pub use reqwest;
        #[rustfmt::skip]
        pub use runtime::{#(#exports),*};
        pub use serde_json;
    }
}

fn doc_title(title: &str) -> String {
    doc_lines(title).join(" ")
}

/// The example shown in the crate docs and the README: build a client, make the first call.
fn usage_example(api: &Api, config: &Config) -> String {
    let krate = config.crate_ident();
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
        .find(|(_, op)| op.params.is_empty() && op.body.is_none());
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

/// The guide to the crate, in Markdown, around `example` (a code block): what the README and
/// the crate's rustdoc both say, written once so that they cannot drift apart.
fn guide(api: &Api, config: &Config, example: &str) -> String {
    format!(
        r#"## Use

{example}

Every operation returns a request (a `Call`, or an `<Operation>Call` with a setter per optional
parameter): await it for the typed body, or refine it first with `.header(..)`, `.timeout(..)`,
`.max_attempts(..)`, `.retry_non_idempotent(true)`, or `.send_with_response()` to see the status
and headers too. A request, its future and a paginator hold a share of the client (it is an
`Arc` inside), so they can be spawned (`tokio::spawn(request.send())`) or returned from a
function that only borrowed the client.

## Errors

Every call returns `Result<T, {crate_ident}::Error<E>>`; `error.status()` gives the HTTP status
whenever there was one, and `error.body()` the documented error body the server sent. The
variants to match:

- `Error::Api`: the server answered with an error status (400 or above, but 412); `status()`,
  `headers()`, `body()` (the documented error type, when it decoded) and `raw_body()`.
- `Error::PreconditionFailed`: 412, the answer to `.if_match(..)` when the resource changed
  since it was read; the same accessors as `Error::Api`.
- `Error::UnexpectedStatus`: a status below 400 that the document does not list for the
  operation (a redirect, say): not an API error, the request may well have worked.
- `Error::Decode`: a documented status whose body did not decode (with the status and an
  excerpt).
- `Error::Timeout`, `Error::Transport`: the request did not complete (`Transport` shows the
  root cause and the attempts made).
- `Error::Pagination`: a paginator stopped because the server's pages do not add up.
- `Error::InvalidRequest`, `Error::Auth`: nothing was sent (a bad header, path value or token).

## Retries and timeouts

GET, PUT and DELETE are retried on 429, 502, 503, 504 and connection errors, with exponential
backoff, jitter and `Retry-After`; POST and PATCH only when you opt in. Each attempt has a 30 s
timeout by default. Configure both on the builder or per call.
{features}"#,
        crate_ident = config.crate_ident(),
        features = features_section(api, &config.crate_name),
    )
}

fn readme(api: &Api, config: &Config) -> String {
    let title = api_name(&api.title);
    let krate = &config.crate_name;
    // The doctest's hidden lines are setup a reader of the README does not need.
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

A Rust SDK for the {title}, generated from its OpenAPI document.

```toml
[dependencies]
{krate} = {{ path = "..." }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
```

{guide}
## Operations

| call | HTTP | summary |
|---|---|---|
{operations}
## Regenerating

This crate is generated: do not edit it by hand. {regenerate}
{appendix}"#,
        guide = guide(api, config, &example),
        regenerate = config.producer.regenerate(),
        appendix = config
            .readme_appendix
            .as_deref()
            .map(|a| format!("\n{}\n", a.trim()))
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Input, Source};

    fn generated(title: &str) -> Vec<crate::File> {
        generated_with(title, Config::new("pets", "Pets"))
    }

    fn generated_with(title: &str, config: Config) -> Vec<crate::File> {
        let text = format!(
            "openapi: 3.0.3\ninfo:\n  title: {title}\n  version: \"1\"\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        \"204\":\n          description: None.\n"
        );
        let input = Input {
            source: Source::new("pets.yaml", text),
            overlays: Vec::new(),
        };
        match crate::generate(&input, &config) {
            Ok(generated) => generated.files,
            Err(failure) => panic!("{failure}"),
        }
    }

    fn file<'a>(files: &'a [crate::File], path: &str) -> &'a str {
        match files.iter().find(|f| f.path == path) {
            Some(file) => &file.contents,
            None => panic!("{path} is generated"),
        }
    }

    #[test]
    fn a_title_ending_in_api_is_not_called_api_api() {
        for title in ["Pets API", "Pets api", "Pets Public API "] {
            let files = generated(title);
            for path in ["README.md", "Cargo.toml", "src/lib.rs"] {
                let text = file(&files, path).to_lowercase();
                assert!(!text.contains("api api"), "{title:?}: {path}:\n{text}");
            }
        }
        let files = generated("Pets");
        assert!(file(&files, "README.md").contains("A Rust SDK for the Pets API, generated"));
        assert!(file(&files, "Cargo.toml").contains("Rust SDK for the Pets API, generated"));
    }

    #[test]
    fn the_crate_docs_carry_the_readme_guide() {
        let mut config = Config::new("pets", "Pets");
        config.readme_appendix =
            Some("## Examples\n\nRun `cargo run --example walk`.\n".to_owned());
        let files = generated_with("Pets", config);
        let readme = file(&files, "README.md");
        let lib: String = file(&files, "src/lib.rs")
            .lines()
            .filter_map(|l| l.strip_prefix("//!"))
            .map(|l| format!("{}\n", l.strip_prefix(' ').unwrap_or(l)))
            .collect();
        for section in [
            "## Use",
            "## Errors",
            "## Retries and timeouts",
            "## Examples",
        ] {
            let from_readme = readme
                .split(section)
                .nth(1)
                .and_then(|rest| rest.split("\n## ").next());
            let from_lib = lib
                .split(section)
                .nth(1)
                .and_then(|rest| rest.split("\n## ").next());
            let (Some(from_readme), Some(from_lib)) = (from_readme, from_lib) else {
                panic!("{section} is in both:\n{readme}\n---\n{lib}");
            };
            if section == "## Use" {
                // The example differs only in the doctest's hidden setup lines.
                assert!(from_lib.contains("```no_run") && from_readme.contains("```rust"));
                assert!(from_lib.contains("pets::Pets::builder()"));
                assert!(from_readme.contains("pets::Pets::builder()"));
                let tail = |text: &str| text.rsplit("```").next().map(str::trim).map(str::to_owned);
                assert_eq!(tail(from_readme), tail(from_lib));
            } else {
                assert_eq!(from_readme.trim(), from_lib.trim(), "{section}");
            }
        }
    }
}
