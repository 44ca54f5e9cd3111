//! Every rule of the output module on temporary folders: what is written, what is refused
//! (leaving the folder byte-identical), what is reported, how the version and the changelog
//! follow the API.

use std::collections::BTreeMap;

use super::*;
use crate::{Input, Source};

const PETS: &str = include_str!("../../tests/data/pets.yaml");

fn generation(text: &str) -> (Generated, Config) {
    generation_at(text, "0.1.0")
}

fn generation_at(text: &str, version: &str) -> (Generated, Config) {
    let input = Input {
        source: Source::new("pets.yaml", text),
        overlays: Vec::new(),
    };
    let mut config = Config::new("pets", "Pets");
    config.crate_version = version.to_owned();
    match crate::generate(&input, &config) {
        Ok(generated) => (generated, config),
        Err(failure) => panic!("{failure}"),
    }
}

/// The document without its DELETE operation: a breaking removal.
fn without_delete() -> String {
    let start = PETS.find("  /pets/{id}:").unwrap();
    let end = PETS.find("components:").unwrap();
    format!("{}{}", &PETS[..start], &PETS[end..])
}

/// The document with an optional property more: an addition.
fn with_age() -> String {
    PETS.replace(
        "        name:\n          type: string\n",
        "        name:\n          type: string\n        age:\n          type: integer\n",
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdkgen-output-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn output(dir: &Path, version: VersionPolicy) -> Output {
    Output {
        dir: dir.to_path_buf(),
        force: false,
        version,
    }
}

fn configured() -> VersionPolicy {
    VersionPolicy::Configured {
        origin: "`crate_version` in pets.yaml".to_owned(),
    }
}

/// Every file below `dir` with its bytes.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                found.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    found
}

fn text(dir: &Path, path: &str) -> String {
    fs::read_to_string(dir.join(path)).unwrap()
}

#[test]
fn a_new_folder_gets_the_crate_its_manifest_and_a_changelog() {
    let dir = scratch("new");
    let (generated, config) = generation(PETS);
    let report = output(&dir, configured())
        .write(&generated, &config)
        .unwrap();
    assert_eq!(report.changed.len(), generated.files.len() + 1);
    assert!(report.diff.is_none());
    assert_eq!(report.api_changes(), "first generation: version 0.1.0\n");
    let manifest = ApiManifest::from_json(&text(&dir, MANIFEST_FILE)).unwrap();
    assert_eq!(manifest.crate_version, "0.1.0");
    assert!(is_generated(&text(&dir, MANIFEST_FILE)));
    let changelog = text(&dir, CHANGELOG_FILE);
    assert!(is_generated(&changelog), "{changelog}");
    assert!(
        changelog.contains("## 0.1.0\n\nFirst generated version: 2 operations, 1 types.\n"),
        "{changelog}"
    );
}

#[test]
fn writing_the_same_generation_again_changes_no_byte() {
    let dir = scratch("again");
    let (generated, config) = generation(PETS);
    let out = output(&dir, configured());
    out.write(&generated, &config).unwrap();
    let before = contents(&dir);
    let report = out.write(&generated, &config).unwrap();
    assert_eq!(report.changed, Vec::<String>::new());
    assert_eq!(report.api_changes(), "", "nothing changed, nothing to say");
    assert_eq!(contents(&dir), before);
    assert!(out.check(&generated, &config).is_ok());
}

#[test]
fn a_hand_written_cargo_toml_stops_the_run_before_anything_is_written() {
    let dir = scratch("foreign");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    fs::write(dir.join("notes.txt"), "mine too").unwrap();
    let before = contents(&dir);
    let (generated, config) = generation(PETS);
    let err = output(&dir, configured())
        .write(&generated, &config)
        .unwrap_err();
    assert_eq!(
        err,
        OutputError::Refused {
            dir: dir.clone(),
            files: vec!["Cargo.toml".to_owned()],
        }
    );
    assert!(err.to_string().contains("Cargo.toml"), "{err}");
    assert!(err.to_string().contains("nothing was written"), "{err}");
    assert_eq!(contents(&dir), before, "the folder is byte-identical");
}

#[test]
fn force_overwrites_what_the_generator_did_not_write() {
    let dir = scratch("force");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    let (generated, config) = generation(PETS);
    let mut out = output(&dir, configured());
    out.force = true;
    let report = out.write(&generated, &config).unwrap();
    assert!(report.changed.contains(&"Cargo.toml".to_owned()));
    assert!(is_generated(&text(&dir, "Cargo.toml")));
}

#[test]
fn a_folder_holding_other_files_but_no_crate_is_refused() {
    let dir = scratch("occupied");
    fs::create_dir_all(dir.join(".git")).unwrap();
    fs::write(dir.join(".git/HEAD"), "ref").unwrap();
    let (generated, config) = generation(PETS);
    // Only hidden entries: as good as empty.
    output(&dir, configured())
        .write(&generated, &config)
        .unwrap();

    let other = scratch("occupied-other");
    fs::create_dir_all(&other).unwrap();
    fs::write(other.join("notes.txt"), "mine").unwrap();
    let before = contents(&other);
    let err = output(&other, configured())
        .write(&generated, &config)
        .unwrap_err();
    assert_eq!(
        err,
        OutputError::Refused {
            dir: other.clone(),
            files: Vec::new(),
        }
    );
    assert!(err.to_string().contains("no crate made by this generator"));
    assert_eq!(contents(&other), before);
}

#[test]
fn files_no_longer_generated_are_reported_and_kept() {
    let dir = scratch("leftovers");
    let (generated, config) = generation(PETS);
    let out = output(&dir, configured());
    out.write(&generated, &config).unwrap();
    let old = "// Generated by `sdkgen generate` from pets.yaml. Do not edit.\npub struct Old;\n";
    fs::write(dir.join("src/old.rs"), old).unwrap();
    fs::write(dir.join("src/mine.rs"), "pub struct Mine;\n").unwrap();
    let report = out.write(&generated, &config).unwrap();
    assert_eq!(report.leftovers, ["src/old.rs"]);
    assert_eq!(text(&dir, "src/old.rs"), old, "never deleted");
    let Err(OutputError::Stale { files, .. }) = out.check(&generated, &config) else {
        panic!("a leftover makes the folder stale");
    };
    assert_eq!(files, ["src/old.rs (no longer generated)"]);
}

#[test]
fn check_names_stale_files_and_writes_nothing() {
    let dir = scratch("check");
    let (generated, config) = generation(PETS);
    let out = output(&dir, configured());
    out.write(&generated, &config).unwrap();
    fs::write(dir.join("README.md"), "<!-- Generated by hand -->\n").unwrap();
    fs::remove_file(dir.join("src/models.rs")).unwrap();
    let before = contents(&dir);
    let err = out.check(&generated, &config).unwrap_err();
    assert_eq!(
        err,
        OutputError::Stale {
            files: vec!["README.md".to_owned(), "src/models.rs".to_owned()],
            version: None,
        }
    );
    assert_eq!(contents(&dir), before);
}

#[test]
fn a_breaking_change_without_the_bump_is_refused_naming_the_version_and_where() {
    let dir = scratch("too-low");
    let (generated, config) = generation(PETS);
    let out = output(&dir, configured());
    out.write(&generated, &config).unwrap();
    let before = contents(&dir);
    let (changed, config) = generation(&without_delete());
    let Err(OutputError::VersionTooLow { message, changes }) = out.write(&changed, &config) else {
        panic!("a breaking change at the same version is refused");
    };
    assert!(message.contains("needs at least 0.2.0"), "{message}");
    assert!(
        message.contains("`crate_version` in pets.yaml"),
        "{message}"
    );
    assert!(
        changes.contains("removed operation default().delete_pet"),
        "{changes}"
    );
    assert_eq!(contents(&dir), before, "nothing was written");

    let Err(OutputError::Stale { version, .. }) = out.check(&changed, &config) else {
        panic!("check fails too");
    };
    assert!(version.is_some_and(|v| v.contains("0.2.0")));

    let (bumped, config) = generation_at(&without_delete(), "0.2.0");
    let report = out.write(&bumped, &config).unwrap();
    assert_eq!(report.version, "0.2.0");
}

#[test]
fn the_automatic_version_follows_the_changes_and_the_changelog_keeps_every_entry() {
    let dir = scratch("automatic");
    let out = output(&dir, VersionPolicy::Automatic);
    let (first, config) = generation(PETS);
    out.write(&first, &config).unwrap();

    let (added, config) = generation(&with_age());
    let report = out.write(&added, &config).unwrap();
    assert_eq!(report.version, "0.1.1");
    let changes = report.api_changes();
    assert!(changes.contains("added field Pet.age"), "{changes}");
    assert!(changes.contains("version 0.1.0 -> 0.1.1"), "{changes}");
    assert!(text(&dir, "Cargo.toml").contains("version = \"0.1.1\""));
    let manifest = ApiManifest::from_json(&text(&dir, MANIFEST_FILE)).unwrap();
    assert_eq!(manifest.crate_version, "0.1.1");

    let without = with_age().replace(
        &PETS[PETS.find("  /pets/{id}:").unwrap()..PETS.find("components:").unwrap()],
        "",
    );
    let (removed, config) = generation(&without);
    let report = out.write(&removed, &config).unwrap();
    assert_eq!(report.version, "0.2.0");
    let changelog = text(&dir, CHANGELOG_FILE);
    let headings: Vec<&str> = changelog.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings, ["## 0.2.0", "## 0.1.1", "## 0.1.0"]);
    assert!(
        changelog.contains("### Breaking changes\n\n- Removed operation `default().delete_pet`")
    );
    // The folder now matches the last generation exactly.
    assert!(out.check(&removed, &config).is_ok());
}

#[test]
fn an_unreadable_manifest_stops_the_run_unless_forced() {
    let dir = scratch("bad-manifest");
    let (generated, config) = generation(PETS);
    let mut out = output(&dir, configured());
    out.write(&generated, &config).unwrap();
    let broken = "{\n  \"generated\": \"Generated by hand\",\n  \"format\": 99\n}\n";
    fs::write(dir.join(MANIFEST_FILE), broken).unwrap();
    let err = out.write(&generated, &config).unwrap_err();
    assert!(
        matches!(&err, OutputError::Manifest(m) if m.contains("format 99")),
        "{err}"
    );
    assert_eq!(text(&dir, MANIFEST_FILE), broken);
    out.force = true;
    out.write(&generated, &config).unwrap();
    assert!(ApiManifest::from_json(&text(&dir, MANIFEST_FILE)).is_ok());
}
