//! The Markdown table of results.

use std::fmt::Write as _;

use super::measure::Sample;

/// Which generator wrote the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crate {
    /// This project's generator.
    Ours,
    /// OpenAPI Generator's `rust` generator.
    OpenApiGenerator,
}

impl Crate {
    /// The name in the table.
    pub fn label(self) -> &'static str {
        match self {
            Crate::Ours => "ours",
            Crate::OpenApiGenerator => "OpenAPI Generator",
        }
    }
}

/// Why a tag was picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The tag with the most operations.
    Largest,
    /// The tag with the median number of operations.
    Median,
}

/// What was compiled of a crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Variant {
    /// Everything: the default features.
    Full,
    /// `--no-default-features --features <feature>`.
    Tag {
        role: Role,
        feature: String,
        /// The tag's operations.
        operations: usize,
        /// All the document's operations.
        total: usize,
    },
}

impl Variant {
    /// The configuration column.
    pub fn label(&self) -> String {
        match self {
            Variant::Full => "full (default features)".to_owned(),
            Variant::Tag {
                role,
                feature,
                operations,
                total,
            } => {
                let role = match role {
                    Role::Largest => "largest tag",
                    Role::Median => "median tag",
                };
                format!("only `{feature}` ({role}, {operations} of {total} ops)")
            }
        }
    }
}

/// One line of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub doc: String,
    pub krate: Crate,
    pub variant: Variant,
    /// Lines of `.rs` code in the crate's `src/`.
    pub lines: usize,
    /// The median over the runs; `None` if it was never measured.
    pub sample: Option<Sample>,
}

/// The rows as a Markdown table. Ratios compare CPU seconds: to OpenAPI Generator's crate of
/// the same document, and for a tag to our full crate.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| document | crate | configuration | lines | check CPU s | wall s | peak RSS GiB | CPU vs OAG full | CPU share of ours full |\n\
         |---|---|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        let full_of = |krate: Crate| {
            rows.iter()
                .find(|r| r.doc == row.doc && r.krate == krate && r.variant == Variant::Full)
                .and_then(|r| r.sample)
        };
        let (cpu, wall, rss) = match row.sample {
            Some(s) => (
                format!("{:.1}{}", s.cpu_s, if s.ok { "" } else { " (fails)" }),
                format!("{:.1}", s.wall_s),
                format!("{:.2}", s.rss_kib / (1024.0 * 1024.0)),
            ),
            None => ("not measured".to_owned(), "–".to_owned(), "–".to_owned()),
        };
        let vs_oag = ratio(row.sample, full_of(Crate::OpenApiGenerator))
            .map_or_else(|| "–".to_owned(), |r| format!("{r:.2}×"));
        let share = match (&row.variant, row.krate) {
            (Variant::Tag { .. }, Crate::Ours) => ratio(row.sample, full_of(Crate::Ours))
                .map_or_else(|| "–".to_owned(), |r| format!("{:.1} %", r * 100.0)),
            _ => "–".to_owned(),
        };
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {cpu} | {wall} | {rss} | {vs_oag} | {share} |",
            row.doc,
            row.krate.label(),
            row.variant.label(),
            row.lines
        );
    }
    out
}

/// `a / b` in CPU seconds, when both were measured and `b` is not zero.
fn ratio(a: Option<Sample>, b: Option<Sample>) -> Option<f64> {
    let (a, b) = (a?, b?);
    (b.cpu_s > 0.0).then(|| a.cpu_s / b.cpu_s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(cpu_s: f64, ok: bool) -> Option<Sample> {
        Some(Sample {
            cpu_s,
            wall_s: cpu_s * 1.5,
            rss_kib: 3.0 * 1024.0 * 1024.0,
            ok,
        })
    }

    fn row(doc: &str, krate: Crate, variant: Variant, sample: Option<Sample>) -> Row {
        Row {
            doc: doc.to_owned(),
            krate,
            variant,
            lines: 1000,
            sample,
        }
    }

    #[test]
    fn table_has_ratios_to_oag_and_shares_of_ours_full() {
        let tag = Variant::Tag {
            role: Role::Largest,
            feature: "issues".to_owned(),
            operations: 50,
            total: 400,
        };
        let rows = [
            row(
                "gh",
                Crate::OpenApiGenerator,
                Variant::Full,
                sample(40.0, false),
            ),
            row("gh", Crate::Ours, Variant::Full, sample(20.0, true)),
            row("gh", Crate::Ours, tag, sample(6.0, true)),
            row("small", Crate::Ours, Variant::Full, sample(2.0, true)),
        ];
        let table = table(&rows);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 6);
        assert!(lines[0].starts_with("| document | crate | configuration | lines |"));
        assert_eq!(
            lines[2],
            "| gh | OpenAPI Generator | full (default features) | 1000 | 40.0 (fails) | 60.0 | 3.00 | 1.00× | – |"
        );
        assert_eq!(
            lines[3],
            "| gh | ours | full (default features) | 1000 | 20.0 | 30.0 | 3.00 | 0.50× | – |"
        );
        assert_eq!(
            lines[4],
            "| gh | ours | only `issues` (largest tag, 50 of 400 ops) | 1000 | 6.0 | 9.0 | 3.00 | 0.15× | 30.0 % |"
        );
        // No OpenAPI Generator row for this document: no ratio.
        assert_eq!(
            lines[5],
            "| small | ours | full (default features) | 1000 | 2.0 | 3.0 | 3.00 | – | – |"
        );
    }

    #[test]
    fn unmeasured_rows_show_no_numbers() {
        let rows = [row("d", Crate::Ours, Variant::Full, None)];
        let table = table(&rows);
        assert!(table.ends_with(
            "| d | ours | full (default features) | 1000 | not measured | – | – | – | – |\n"
        ));
    }
}
