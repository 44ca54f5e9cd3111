//! The diff in words: a terminal report and a CHANGELOG.md section. No dates or times, so
//! regenerating twice writes the same files.

use super::{ApiDiff, Change, ChangeKind, Impact};

/// The head of a CHANGELOG.md the generator writes; entries follow, newest first.
pub const CHANGELOG_PREAMBLE: &str = "# Changelog\n\n\
What each version of this SDK changes in its public Rust API, written by the generator when the\n\
OpenAPI document changes. Versions follow Cargo's SemVer rules: a breaking change bumps MAJOR\n\
(MINOR before 1.0.0), an addition bumps MINOR (PATCH before 1.0.0).\n";

/// The report's groups, in the order they are shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Breaking,
    Added,
    Deprecated,
    Changed,
}

const GROUPS: [Group; 4] = [
    Group::Breaking,
    Group::Added,
    Group::Deprecated,
    Group::Changed,
];

impl Group {
    fn of(change: &Change) -> Group {
        match change.kind {
            _ if change.breaking => Group::Breaking,
            ChangeKind::Added => Group::Added,
            ChangeKind::Deprecated => Group::Deprecated,
            ChangeKind::Removed | ChangeKind::Changed | ChangeKind::Renamed => Group::Changed,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Group::Breaking => "Breaking changes",
            Group::Added => "Added",
            Group::Deprecated => "Deprecated",
            Group::Changed => "Changed",
        }
    }

    /// What the terminal calls the whole diff when this is its most important group.
    fn summary(self) -> &'static str {
        match self {
            Group::Breaking => "breaking",
            Group::Added => "additions",
            Group::Deprecated => "deprecations",
            Group::Changed => "behaviour changes",
        }
    }
}

fn members(diff: &ApiDiff, group: Group) -> Vec<&Change> {
    diff.changes
        .iter()
        .filter(|c| Group::of(c) == group)
        .collect()
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(super) fn report(diff: &ApiDiff) -> String {
    let mut text = String::new();
    for group in GROUPS {
        let changes = members(diff, group);
        if changes.is_empty() {
            continue;
        }
        text.push_str(&format!("{} ({}):\n", group.title(), changes.len()));
        for change in changes {
            text.push_str(&format!(
                "  {} {} {}: {}\n",
                change.kind, change.subject, change.path, change.detail
            ));
        }
    }
    let headline = GROUPS
        .into_iter()
        .find(|g| !members(diff, *g).is_empty())
        .map(Group::summary);
    match (headline, diff.required_version()) {
        (None, _) => text.push_str(&format!(
            "no change to the public API: {} can stay\n",
            diff.old_version
        )),
        (Some(headline), Ok(required)) => text.push_str(&format!(
            "{headline}: requires version {required} (from {})\n",
            diff.old_version
        )),
        (Some(headline), Err(err)) => text.push_str(&format!(
            "{headline}: cannot name the version needed: {err}\n"
        )),
    }
    text
}

pub(super) fn changelog_entry(diff: &ApiDiff, version: &str) -> String {
    let mut text = format!("## {version}\n");
    if diff.impact() == Impact::None {
        text.push_str("\nNo change to the public API.\n");
        return text;
    }
    for group in GROUPS {
        let changes = members(diff, group);
        if changes.is_empty() {
            continue;
        }
        text.push_str(&format!("\n### {}\n\n", group.title()));
        for change in changes {
            text.push_str(&format!(
                "- {} {} `{}`: {}\n",
                capitalized(&change.kind.to_string()),
                change.subject,
                change.path,
                change.detail
            ));
        }
    }
    text
}

/// Puts `entry` (a `## <version>` section) first below the changelog's title and preamble. An
/// entry for the same version already on top is replaced, so regenerating before a release
/// does not stack duplicates. Whatever stands above the first entry of an existing file (its
/// own title, notes) is kept; a missing or empty file gets [`CHANGELOG_PREAMBLE`].
pub fn update_changelog(existing: Option<&str>, entry: &str) -> String {
    let existing = existing.unwrap_or("");
    let lines: Vec<&str> = existing.split_inclusive('\n').collect();
    let first_entry = lines.iter().position(|line| line.starts_with("## "));
    let (head, mut older) = match first_entry {
        Some(index) => (lines[..index].concat(), lines[index..].to_vec()),
        None => (existing.to_owned(), Vec::new()),
    };
    let head = if head.trim().is_empty() {
        CHANGELOG_PREAMBLE.to_owned()
    } else {
        head
    };
    let heading = entry.lines().next().unwrap_or("").trim_end();
    if older.first().map(|line| line.trim_end()) == Some(heading) {
        let next = older[1..].iter().position(|line| line.starts_with("## "));
        older = match next {
            Some(index) => older[index + 1..].to_vec(),
            None => Vec::new(),
        };
    }
    let mut text = head.trim_end().to_owned();
    text.push_str("\n\n");
    text.push_str(entry.trim_end());
    text.push('\n');
    let older = older.concat();
    if !older.trim().is_empty() {
        text.push('\n');
        text.push_str(older.trim_end());
        text.push('\n');
    }
    text
}
