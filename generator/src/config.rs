//! What the user chooses about the generated crate. A leaf: every stage may read it.

use crate::files::File;

/// How the generated crate gets its HTTP runtime.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RuntimeMode {
    /// Copied into `src/runtime/` (without its tests): the crate stands alone.
    #[default]
    Copy,
    /// A dependency on the `sdkgen-runtime` crate, written as this Cargo.toml value (for
    /// example `{ path = "../runtime" }`), for users who generate several SDKs.
    Dependency(String),
}

/// The shape of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// A crate of its own: Cargo.toml, README.md, `src/`.
    #[default]
    Crate,
    /// One Rust file to `include!` inside a module of the user's crate (build scripts): its
    /// items reach each other through `super::` instead of `crate::`.
    Module,
}

/// Which command produced a crate, named in its header and README so users know how to
/// regenerate it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Producer {
    /// This repository's `cargo xtask codegen`.
    #[default]
    Codegen,
    /// The installed command-line tool.
    Cli,
    /// A build script, through the library's builder.
    BuildScript,
}

impl Producer {
    /// The command, as the header of every generated file names it.
    pub fn command(&self) -> &'static str {
        match self {
            Producer::Codegen => "`cargo xtask codegen`",
            Producer::Cli => "`sdkgen generate`",
            Producer::BuildScript => "a build script (sdkgen's `Builder`)",
        }
    }
}

/// Everything that shapes the generated crate besides the document.
#[derive(Debug, Clone)]
pub struct Config {
    /// Cargo package name, e.g. `ringcentral-scim`.
    pub crate_name: String,
    /// The package version written into Cargo.toml.
    pub crate_version: String,
    /// The client type, e.g. `RingCentral`.
    pub client_name: String,
    /// Add an empty `[workspace]` table so the crate builds on its own wherever it is written.
    pub standalone: bool,
    /// Files copied into the crate as they are (examples), relative to the crate root.
    pub extra_files: Vec<File>,
    /// Hand-written modules compiled into the crate: `src/<name>.rs` and `pub mod <name>;`.
    pub modules: Vec<File>,
    /// Markdown appended to the generated README (how to run the examples, for instance).
    pub readme_appendix: Option<String>,
    /// Whether object types keep the members their schema does not declare (the default, so
    /// that nothing is lost on a round trip). `additionalProperties: false` always closes one.
    pub keep_unknown_members: bool,
    /// Turns what would be degraded with a warning (an unresolvable `$ref`) into an error.
    pub strict: bool,
    /// Where the runtime comes from.
    pub runtime: RuntimeMode,
    /// Who is generating; shown in every file's header.
    pub producer: Producer,
    /// A crate, or a module for a build script.
    pub layout: Layout,
}

impl Config {
    /// The defaults for a crate called `crate_name` with a client type `client_name`.
    pub fn new(crate_name: impl Into<String>, client_name: impl Into<String>) -> Self {
        Self {
            crate_name: crate_name.into(),
            crate_version: "0.1.0".to_owned(),
            client_name: client_name.into(),
            standalone: false,
            extra_files: Vec::new(),
            modules: Vec::new(),
            readme_appendix: None,
            keep_unknown_members: true,
            strict: false,
            runtime: RuntimeMode::Copy,
            producer: Producer::Codegen,
            layout: Layout::Crate,
        }
    }

    /// The path from a file `depth` modules below the SDK's root back to the root:
    /// `crate`, or `super::super` for an SDK that is a module of another crate.
    pub fn root_path(&self, depth: usize) -> String {
        match self.layout {
            Layout::Crate => "crate".to_owned(),
            Layout::Module if depth == 0 => "self".to_owned(),
            Layout::Module => vec!["super"; depth].join("::"),
        }
    }

    /// Refuses names that go into the generated code as they are (the crate, the client type,
    /// the hand-written modules) when Rust could not spell them there; every other name comes
    /// from lowering, which makes it valid.
    pub(crate) fn check_names(&self) -> Result<(), String> {
        if !is_package_name(&self.crate_name) {
            return Err(format!(
                "the crate name {:?} is not a Cargo package name (letters, digits, `-`, `_`, starting with a letter)",
                self.crate_name
            ));
        }
        let client = &self.client_name;
        if !client.starts_with(|c: char| c.is_ascii_alphabetic())
            || !crate::names::is_plain_identifier(client)
            || crate::contract::is_reserved_type_name(client)
        {
            return Err(format!(
                "the client name {client:?} is not a Rust type name the crate can use (letters, digits and `_`, starting with a letter, and not a name the generated code uses itself)"
            ));
        }
        for module in &self.modules {
            let name = &module.path;
            if !name.starts_with(|c: char| c.is_ascii_lowercase())
                || !crate::names::is_plain_identifier(name)
                || GENERATED_MODULES.contains(&name.as_str())
            {
                return Err(format!(
                    "the module name {name:?} is not a Rust module name the crate can use (lowercase letters, digits and `_`, starting with a letter, not a keyword and not one of {GENERATED_MODULES:?})"
                ));
            }
        }
        Ok(())
    }

    /// The crate's name as Rust code spells it (`ringcentral-scim` -> `ringcentral_scim`).
    pub fn crate_ident(&self) -> String {
        self.crate_name.replace('-', "_")
    }
}

/// The modules every generated crate has, which hand-written ones must not replace.
const GENERATED_MODULES: &[&str] = &["client", "models", "runtime", "services"];

/// Whether `name` is a valid Cargo package name (letters, digits, `-`, `_`, starting with a
/// letter): what `--name` and `crate_name` must be.
pub fn is_package_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_module(name: &str) -> Config {
        let mut config = Config::new("sdk", "Sdk");
        config.modules.push(File {
            path: name.to_owned(),
            contents: String::new(),
        });
        config
    }

    #[test]
    fn names_rust_can_spell_pass() {
        assert_eq!(
            Config::new("ringcentral-scim", "RingCentral").check_names(),
            Ok(())
        );
        assert_eq!(with_module("filter_2").check_names(), Ok(()));
    }

    #[test]
    fn names_rust_cannot_spell_are_refused() {
        for (config, wording) in [
            (Config::new("my sdk", "Sdk"), "the crate name \"my sdk\""),
            (
                Config::new("sdk", "My Client"),
                "the client name \"My Client\"",
            ),
            (Config::new("sdk", "Self"), "the client name \"Self\""),
            (Config::new("sdk", "_Sdk"), "the client name \"_Sdk\""),
            (Config::new("sdk", "Error"), "the client name \"Error\""),
            (with_module("type"), "the module name \"type\""),
            (with_module("models"), "the module name \"models\""),
            (with_module("Filter"), "the module name \"Filter\""),
            (with_module("a-b"), "the module name \"a-b\""),
        ] {
            let problem = config.check_names().unwrap_err();
            assert!(problem.starts_with(wording), "{problem}");
        }
    }
}
