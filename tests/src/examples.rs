//! The generated crates' example tests (`tests/examples.rs`): counting what a document's
//! examples do, running the tests of several crates in one cargo invocation, and the table
//! BENCHMARKS.md shows.

use std::path::Path;

use generator::ir::{Api, Expectation};

use crate::cargo_output_in;

/// What one document's examples do.
#[derive(Debug, Clone)]
pub struct ExampleCounts {
    /// The document's file name.
    pub document: String,
    /// Every example it gives.
    pub examples: usize,
    /// Those that validate against their own schema.
    pub valid: usize,
    /// Those of the valid ones that come back as given (up to the stated normalizations).
    pub round_trip: usize,
    /// The valid ones that do not, each with the reason.
    pub not_round_trip: Vec<String>,
}

impl ExampleCounts {
    /// The counts of a generated API.
    pub fn of(document: &str, api: &Api) -> Self {
        let valid: Vec<_> = api.examples.iter().filter(|e| e.validates()).collect();
        let not_round_trip = valid
            .iter()
            .filter(|e| !e.round_trips())
            .map(|e| {
                let why = match &e.expectation {
                    Expectation::Rejected { reason } => format!("does not decode: {reason}"),
                    Expectation::Changed { changes, .. } => changes.join("; "),
                    Expectation::RoundTrip | Expectation::Normalized { .. } => String::new(),
                };
                format!("#{}: {why}", e.pointer)
            })
            .collect::<Vec<_>>();
        Self {
            document: document.to_owned(),
            examples: api.examples.len(),
            valid: valid.len(),
            round_trip: valid.len() - not_round_trip.len(),
            not_round_trip,
        }
    }
}

/// The Markdown table of BENCHMARKS.md.
pub fn examples_table(rows: &[ExampleCounts]) -> String {
    let mut table = String::from(
        "| document | examples | validate against their schema | of those, round-trip |\n\
         |---|--:|--:|--:|\n",
    );
    for row in rows {
        let share = if row.valid == 0 {
            "-".to_owned()
        } else {
            format!(
                "{} ({:.1} %)",
                row.round_trip,
                100.0 * row.round_trip as f64 / row.valid as f64
            )
        };
        table.push_str(&format!(
            "| {} | {} | {} | {share} |\n",
            row.document, row.examples, row.valid
        ));
    }
    table
}

/// Runs `tests/examples.rs` of the named packages in one cargo invocation (so the two cores
/// build the crates side by side) and returns how many tests passed, or cargo's output when
/// one failed. Only that test target is built: no unit tests, no doctests.
pub fn run_example_tests(workspace: &Path, packages: &[String]) -> Result<usize, String> {
    let mut args = vec!["test", "--no-fail-fast", "--test", "examples"];
    for package in packages {
        args.extend(["-p", package.as_str()]);
    }
    let output = cargo_output_in(workspace, &args)?;
    Ok(passed(&output))
}

/// The sum of `N passed` over libtest's `test result:` lines.
fn passed(output: &str) -> usize {
    output
        .lines()
        .filter_map(|line| line.trim().strip_prefix("test result: ok. "))
        .filter_map(|rest| rest.split(' ').next()?.parse::<usize>().ok())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passed_tests_are_summed_over_binaries() {
        let output = "running 3 tests\n...\ntest result: ok. 3 passed; 0 failed; 0 ignored\n\
                      test result: ok. 140 passed; 0 failed; 0 ignored\n";
        assert_eq!(passed(output), 143);
    }
}
