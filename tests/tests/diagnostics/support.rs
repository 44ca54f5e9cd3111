//! What every diagnostics test does: build a small document, run the whole pipeline as xtask
//! does (positions included), and look at one diagnostic closely.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use generator::{Config, Diagnostic, Generated, Input, Severity, Source};

/// Four lines; the rest of each document starts on line 5.
pub(crate) const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n";

/// Test threads get 2 MiB by default; hostile input must fit in that.
pub(crate) const SMALL_STACK: usize = 2 * 1024 * 1024;

/// How long one generation may take before it counts as a hang.
pub(crate) const PATIENCE: Duration = Duration::from_secs(60);

pub(crate) fn doc(rest: &str) -> String {
    format!("{HEAD}{rest}")
}

/// One operation in one line, so a degraded document still has a service to compile and its
/// line numbers stay those of `paths: {}` (an API without operations is a bug of its own).
pub(crate) const PING: &str =
    "paths: {/ping: {get: {operationId: ping, responses: {'204': {description: ok}}}}}\n";

/// [`doc`], with [`PING`] in place of `paths: {}`.
pub(crate) fn degraded(rest: &str) -> String {
    doc(&rest.replacen("paths: {}\n", PING, 1))
}

pub(crate) fn input(name: &str, text: &str) -> Input {
    Input {
        source: Source::new(name, text),
        overlays: Vec::new(),
    }
}

/// The whole pipeline, with positions filled in against the main document (as xtask does).
pub(crate) fn run(input: &Input) -> Result<Generated, Vec<Diagnostic>> {
    run_with(input, &tests::config("diagnostics-probe", "Probe"))
}

/// [`run`] with a configuration of the caller's.
pub(crate) fn run_with(input: &Input, config: &Config) -> Result<Generated, Vec<Diagnostic>> {
    match generator::generate(input, config) {
        Ok(mut generated) => {
            generator::locate(&input.source, &mut generated.diagnostics);
            Ok(generated)
        }
        Err(failure) => {
            let mut diagnostics = failure.diagnostics;
            assert!(
                diagnostics.iter().any(|d| d.severity == Severity::Error),
                "a failure must carry an error: {diagnostics:?}"
            );
            generator::locate(&input.source, &mut diagnostics);
            Err(diagnostics)
        }
    }
}

#[track_caller]
pub(crate) fn fails(name: &str, text: &str) -> Vec<Diagnostic> {
    match run(&input(name, text)) {
        Ok(generated) => panic!(
            "expected an error, but it generated with {:?}",
            generated.diagnostics
        ),
        Err(diagnostics) => diagnostics,
    }
}

/// The diagnostics of a document that must fail under `--strict`.
pub(crate) fn fails_strict(name: &str, text: &str) -> Vec<Diagnostic> {
    let mut config = tests::config("diagnostics-probe", "Probe");
    config.strict = true;
    match run_with(&input(name, text), &config) {
        Ok(generated) => panic!(
            "expected an error under --strict, but it generated with {:?}",
            generated.diagnostics
        ),
        Err(diagnostics) => diagnostics,
    }
}

#[track_caller]
pub(crate) fn generates(name: &str, text: &str) -> Generated {
    match run(&input(name, text)) {
        Ok(generated) => generated,
        Err(diagnostics) => panic!("expected generated code, got {diagnostics:#?}"),
    }
}

/// The only diagnostic of a document that must fail.
#[track_caller]
pub(crate) fn fails_once(name: &str, text: &str) -> Diagnostic {
    single(&fails(name, text)).clone()
}

#[track_caller]
pub(crate) fn single(diagnostics: &[Diagnostic]) -> &Diagnostic {
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    &diagnostics[0]
}

/// The one diagnostic at `pointer`.
#[track_caller]
pub(crate) fn at<'d>(diagnostics: &'d [Diagnostic], pointer: &str) -> &'d Diagnostic {
    let found: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.pointer == pointer)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one diagnostic at {pointer:?} in {diagnostics:#?}"
    );
    found[0]
}

#[track_caller]
pub(crate) fn check(d: &Diagnostic, severity: Severity, pointer: &str, wording: &str) {
    assert_eq!(d.severity, severity, "{d:?}");
    assert_eq!(d.pointer, pointer, "{d:?}");
    assert!(
        d.message.contains(wording),
        "message {:?} should contain {wording:?}",
        d.message
    );
}

/// Where a diagnostic must be: exactly, or only its line.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Place {
    At(usize, usize),
    Line(usize),
}

#[track_caller]
pub(crate) fn placed(d: &Diagnostic, place: Place) {
    match place {
        Place::At(line, column) => assert_eq!(d.position, Some((line, column)), "{d:?}"),
        Place::Line(expected) => assert_eq!(line(d), Some(expected), "{d:?}"),
    }
}

/// One sentence: no full stop followed by more text, no line break.
#[track_caller]
pub(crate) fn one_sentence(message: &str) {
    assert!(!message.contains('\n'), "{message:?}");
    let trimmed = message.trim_end_matches('.');
    assert!(
        !trimmed.contains(". "),
        "{message:?} should be a single sentence"
    );
}

pub(crate) fn line(d: &Diagnostic) -> Option<usize> {
    d.position.map(|(line, _)| line)
}

/// Runs `f` on a thread with `stack` bytes of stack; a hang longer than `limit` fails the test.
/// A stack overflow aborts the whole test binary, which fails the run just as loudly.
#[track_caller]
pub(crate) fn guarded<T: Send + 'static>(
    stack: usize,
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (sender, receiver) = mpsc::channel();
    let handle = std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let _ = sender.send(f());
        })
        .expect("spawn a thread");
    match receiver.recv_timeout(limit) {
        Ok(value) => {
            handle.join().expect("the thread finished");
            value
        }
        Err(RecvTimeoutError::Timeout) => panic!("no answer within {limit:?}: a hang"),
        Err(RecvTimeoutError::Disconnected) => {
            panic!("the generator panicked: {:?}", handle.join().err())
        }
    }
}

/// [`generates`] on a small stack, with a time limit.
#[track_caller]
pub(crate) fn generates_guarded(text: String) -> Generated {
    guarded(SMALL_STACK, PATIENCE, move || generates("api.yaml", &text))
}

/// [`fails`] on a small stack, with a time limit.
#[track_caller]
pub(crate) fn fails_guarded(name: &'static str, text: String) -> Vec<Diagnostic> {
    guarded(SMALL_STACK, PATIENCE, move || fails(name, &text))
}

/// Exactly these diagnostics, each of `severity`, at its pointer, with its wording, in its place.
#[track_caller]
pub(crate) fn exactly(
    diagnostics: &[Diagnostic],
    severity: Severity,
    expected: &[(&str, &str, Place)],
) {
    for &(pointer, wording, place) in expected {
        let d = at(diagnostics, pointer);
        check(d, severity, pointer, wording);
        placed(d, place);
    }
    assert_eq!(diagnostics.len(), expected.len(), "{diagnostics:#?}");
}
