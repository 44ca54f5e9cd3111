//! Inputs that once crashed the fuzz target (fuzz/regressions/), replayed the way the target
//! runs them. An input whose bug is still open gets a test of its own that asserts today's
//! behaviour with a `FIXME` naming the wanted one, and is left out of the replay of all.

use generator::{Input, Source};

use crate::support::{PATIENCE, SMALL_STACK, doc, guarded, input, run};

/// Inputs whose bug is still open (see the module docs); empty while none is.
const OPEN_REGRESSIONS: &[&str] = &[];

fn regression(name: &str) -> Vec<u8> {
    let path = tests::repo_root().join("fuzz/regressions").join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

#[test]
fn fuzz_regressions_do_not_crash() {
    let dir = tests::repo_root().join("fuzz/regressions");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/regressions exists") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        if name.ends_with(".md") || OPEN_REGRESSIONS.contains(&name.as_str()) {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read a regression");
        guarded(SMALL_STACK, PATIENCE, move || replay(&bytes))
            .unwrap_or_else(|why| panic!("{name}: {why}"));
        replayed += 1;
    }
    assert!(
        replayed > 0,
        "no regression replayed from {}",
        dir.display()
    );
}

#[test]
fn a_float_default_beyond_f32_does_not_panic() {
    let bytes = regression("float-default-beyond-f32.yaml");
    guarded(SMALL_STACK, PATIENCE, move || replay(&bytes)).expect("replays like the fuzz target");
    // The same for a parameter's default.
    let text = doc(
        "paths:\n  /a:\n    get:\n      parameters:\n        - {name: r, in: query, schema: {type: number, format: float, default: 1e39}}\n      responses:\n        '204': {description: ok}\n",
    );
    guarded(SMALL_STACK, PATIENCE, move || {
        run(&input("api.yaml", &text)).map(|_| ())
    })
    .expect("generates");
}

/// The fuzz target's body (fuzz/fuzz_targets/generate.rs), returning what it would assert:
/// a failure carries an error, a success has files, and no diagnostic owns up to a bug of the
/// generator (an `internal error`: emitted code that does not parse, or a "cannot happen"
/// fallback taken).
fn replay(bytes: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    let mut parts = text.split("\n#overlay\n");
    let document = parts.next().unwrap_or_default();
    let name = if document.trim_start().starts_with(['{', '[']) {
        "fuzz.json"
    } else {
        "fuzz.yaml"
    };
    let input = Input {
        source: Source::new(name, document),
        overlays: parts
            .enumerate()
            .map(|(i, overlay)| Source::new(format!("overlay{i}.yaml"), overlay))
            .collect(),
    };
    let mut config = tests::config("fuzzed", "Fuzzed");
    config.standalone = true;
    let mut diagnostics = match generator::generate(&input, &config) {
        Ok(generated) if generated.files.is_empty() => {
            return Err("a generated crate without files".to_owned());
        }
        Ok(generated) => generated.diagnostics,
        Err(failure) if !failure.errors().any(|_| true) => {
            return Err(format!(
                "a failure without an error: {:?}",
                failure.diagnostics
            ));
        }
        Err(failure) => failure.diagnostics,
    };
    if let Some(bug) = diagnostics
        .iter()
        .find(|d| d.message.contains("internal error"))
    {
        return Err(format!("the generator reports a bug of its own: {bug:?}"));
    }
    generator::locate(&input.source, &mut diagnostics);
    Ok(())
}
