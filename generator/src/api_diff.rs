//! What a change of the OpenAPI document does to the code of the SDK's users: two
//! [`ApiManifest`]s compared item by item, each difference classified as breaking or not for a
//! Rust caller, and the version Cargo's SemVer rules then require.
//!
//! The classification assumes the generated surface: every struct and enum is
//! `#[non_exhaustive]` (so new fields and variants break no one), structs are built with
//! `Type::new(<constructor fields>)` plus `.with_<field>(..)`, optional parameters sit in a
//! params struct with `Default`, required parameters and the body are positional arguments.

mod compare;
mod report;
mod type_changes;
mod version;

use std::fmt;

use serde::Serialize;

#[cfg(test)]
use report::CHANGELOG_PREAMBLE;
pub use report::update_changelog;
pub use version::{Bump, Impact, Version};

use crate::manifest::ApiManifest;

/// What a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// The package itself (its name).
    Crate,
    /// A client accessor such as `sdk.scim()`.
    Service,
    /// A method of a service: its signature, HTTP method and path.
    Operation,
    /// A required argument of a method, or a field of its optional-parameters struct.
    Parameter,
    /// A generated struct, enum, union or alias.
    Type,
    /// A field of a generated struct.
    Field,
    /// A variant of an enum, a union or a per-status response enum.
    Variant,
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Subject::Crate => "crate",
            Subject::Service => "service",
            Subject::Operation => "operation",
            Subject::Parameter => "parameter",
            Subject::Type => "type",
            Subject::Field => "field",
            Subject::Variant => "variant",
        })
    }
}

/// What happened to the subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// New in this generation.
    Added,
    /// Gone from this generation.
    Removed,
    /// Still there, different.
    Changed,
    /// The same thing under a new name (an operationId changed; the HTTP method and path did
    /// not), reported once instead of as a removal plus an addition.
    Renamed,
    /// Newly `#[deprecated]`: code still builds but warns, which SemVer counts as a minor change.
    Deprecated,
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::Renamed => "renamed",
            ChangeKind::Deprecated => "deprecated",
        })
    }
}

/// One difference between two generations, as a caller of the crate sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind of item it is about.
    pub subject: Subject,
    /// Where, as a caller writes it: `ScimUser.nick_name`, `scim().scim_get_user2`,
    /// `scim().scim_get_user2(scim_user_id)`, `ScimUserAddressType::Home`.
    pub path: String,
    /// What happened to it.
    pub kind: ChangeKind,
    /// Some code that built against the old crate may not build against the new one.
    pub breaking: bool,
    /// What changed, in words, with code in backticks.
    pub detail: String,
}

impl Change {
    /// How much it matters for the version: breaking, an addition, or only behaviour.
    pub fn impact(&self) -> Impact {
        match self.kind {
            _ if self.breaking => Impact::Breaking,
            ChangeKind::Added | ChangeKind::Deprecated => Impact::Addition,
            ChangeKind::Removed | ChangeKind::Changed | ChangeKind::Renamed => Impact::Behaviour,
        }
    }
}

/// Everything that changed between two generations of a crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiDiff {
    /// The package name of the new generation.
    pub crate_name: String,
    /// The version the old generation was written with.
    pub old_version: String,
    /// The version the new generation is configured with.
    pub new_version: String,
    /// In a fixed order: crate, services, operations, types, each by name.
    pub changes: Vec<Change>,
}

/// Compares the public API of two generations of a crate.
pub fn diff(old: &ApiManifest, new: &ApiManifest) -> ApiDiff {
    ApiDiff {
        crate_name: new.crate_name.clone(),
        old_version: old.crate_version.clone(),
        new_version: new.crate_version.clone(),
        changes: compare::changes(old, new),
    }
}

impl ApiDiff {
    /// Compares the public API of two generations of a crate.
    pub fn between(old: &ApiManifest, new: &ApiManifest) -> ApiDiff {
        diff(old, new)
    }

    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The largest impact of any change.
    pub fn impact(&self) -> Impact {
        self.changes
            .iter()
            .map(Change::impact)
            .max()
            .unwrap_or(Impact::None)
    }

    /// The changes that may break a caller's build.
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.breaking)
    }

    /// Which number of the old version has to move (Cargo's rules: below 1.0.0 a breaking
    /// change moves MINOR). An error when the old version cannot be read.
    pub fn required_bump(&self) -> Result<Bump, String> {
        let old = Version::parse(&self.old_version)?;
        Ok(Bump::for_impact(self.impact(), &old))
    }

    /// The smallest version after `old_version` that may ship these changes.
    pub fn next_version(&self, old_version: &str) -> Result<String, String> {
        Ok(Version::parse(old_version)?.next(self.impact()).to_string())
    }

    /// [`ApiDiff::next_version`] from the old manifest's version.
    pub fn required_version(&self) -> Result<String, String> {
        self.next_version(&self.old_version)
    }

    /// Human text for the terminal: one line per change, breaking first, then additions,
    /// deprecations and behaviour changes, then the version this requires.
    pub fn report(&self) -> String {
        report::report(self)
    }

    /// A Markdown section for CHANGELOG.md: `## <version>`, then one list per kind of change.
    pub fn changelog_entry(&self, version: &str) -> String {
        report::changelog_entry(self, version)
    }
}

/// Whether `new`'s version may ship the changes from `old` (for `codegen --check`): an error
/// naming the version needed when it is too low, or when either version cannot be read.
pub fn check_version(old: &ApiManifest, new: &ApiManifest) -> Result<(), String> {
    let changes = diff(old, new);
    let old_version = Version::parse(&old.crate_version)
        .map_err(|err| format!("the previous generation's crate_version: {err}"))?;
    let new_version = Version::parse(&new.crate_version)
        .map_err(|err| format!("the configured crate_version: {err}"))?;
    let impact = changes.impact();
    let required = old_version.next(impact);
    if new_version.satisfies(&required, &old_version) {
        return Ok(());
    }
    let why = match impact {
        Impact::None => "the public API did not change, but the version went backwards".to_owned(),
        Impact::Breaking => format!(
            "the public API changed in a breaking way ({} breaking change(s))",
            changes.breaking().count()
        ),
        Impact::Addition => "the public API gained items or deprecations".to_owned(),
        Impact::Behaviour => "the requests or responses changed".to_owned(),
    };
    Err(format!(
        "{why}: version {new_version} is too low, {} needs at least {required} (from \
         {old_version})",
        new.crate_name
    ))
}

#[cfg(test)]
mod tests;
