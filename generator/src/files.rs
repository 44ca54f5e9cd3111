//! The files a generation produces, before and after formatting. A leaf: emit hands
//! [`Emitted`] to format, which returns [`File`]s.

use proc_macro2::TokenStream;

/// One file of the generated crate, relative to the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Relative path with `/` separators, e.g. `src/models.rs`.
    pub path: String,
    /// The whole text, header included.
    pub contents: String,
}

/// A file as the emitter hands it over.
pub(crate) enum Emitted {
    /// Rust tokens, laid out by prettyplease.
    Rust { path: String, tokens: TokenStream },
    /// Text written as is (Cargo.toml, README.md, the runtime, hand-written modules), with a
    /// header comment.
    Text { path: String, text: String },
}
