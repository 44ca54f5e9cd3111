//! The hand-written SCIM builders of the SDK: `ringcentral_scim::filter` (RFC 7644 §3.4.2.2
//! filters) and `ringcentral_scim::patch` (RFC 7644 §3.5.2 PATCH bodies).
//!
//! Rendering is checked against literal expected text, and, through a small parser of the
//! filter grammar written here independently of the SDK, by property tests: any string value
//! reads back as exactly itself, and any filter tree reads back as the same tree (which proves
//! the parentheses), with no parenthesis that could be dropped.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

use std::collections::BTreeMap;

use proptest::prelude::*;
use ringcentral_scim::filter::{
    Attr, AttrPath, CompareOp, Expr, Filter, FilterError, FilterValue, attr, not,
};
use ringcentral_scim::patch::{
    PATCH_OP_URN, PatchError, PatchOp, PatchOperation, PatchPath, PatchRequest, PathSpec,
    value_path,
};
use serde::Serialize;
use serde_json::{Value, json};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

mod filters;
mod grammar;
mod patch;
mod properties;
mod readings;

use grammar::parse;

pub(crate) fn built(expr: Expr) -> String {
    expr.build().expect("the filter builds").to_string()
}

pub(crate) fn path(text: &str) -> AttrPath {
    AttrPath::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}
