//! Bad input gets a clear error that names where it is: never a panic, never a hang, never a stack
//! overflow, and never generated code that fails to compile.
//!
//! Each test asserts severity, JSON pointer, wording and (after `generator::locate`) line and
//! column. Results that degrade but still generate are compiled together, once, by
//! `compile::degraded_results_compile`. A known bug never hides in an ignored test: its test
//! asserts what happens today, with a `FIXME: wanted: ...` comment naming the behaviour we want.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

mod compile;
mod degraded;
mod fuzz;
mod hostile;
mod overlays;
mod references;
mod structure;
mod support;
mod syntax;
mod versions;
