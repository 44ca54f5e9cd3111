//! End-to-end tests of the generated `ringcentral-scim` SDK against a real SCIM 2.0 server
//! (`scim2-server` 0.8.3 from PyPI), through the SDK only: every request here is made by a
//! generated operation, and every check reads a typed model (a few checks also read the raw
//! JSON with plain reqwest, to compare it with the typed models).
//!
//! `cargo xtask test` starts the server and passes `SCIM_BASE_URL` and `SCIM_TOKEN`. Without
//! them these tests fail (they never skip): CI must not pass without talking to the server.
//!
//! All tests share one server whose state outlives each test, and they run in parallel, so
//! every test uses its own unique `userName`s (a per-test tag plus the process id, the time
//! and a counter) and cleans up what it created when it gets that far.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

mod attributes;
mod discovery;
mod errors;
mod filters;
mod idioms;
mod patch;
mod round_trip;
mod search;
mod support;
mod users;
