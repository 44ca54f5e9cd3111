//! The SDK's examples, run against the real SCIM server by `cargo xtask test`: what a user
//! copies must work. `sync` runs twice on the same directory and must change nothing the
//! second time.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::scim_server::ScimServer;

/// Runs one example of the SCIM crate with the server's URL and token (and `env`); its stdout.
fn example(
    root: &Path,
    server: &ScimServer,
    name: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> Result<String> {
    eprintln!("==> cargo run --example {name}");
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(root)
        .env("SCIM_BASE_URL", server.base_url())
        .env("SCIM_TOKEN", server.token())
        .envs(env.iter().copied())
        .args([
            "run",
            "--quiet",
            "-p",
            "ringcentral-scim",
            "--example",
            name,
            "--",
        ])
        .args(args)
        .output()
        .with_context(|| format!("cannot run the {name} example"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        bail!(
            "the {name} example failed ({}):\n{stdout}{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(stdout)
}

/// The directory `sync` keeps the server in step with: three users of a scope of its own.
fn directory(scope: &str, users: &[(&str, &str)]) -> String {
    let users: Vec<serde_json::Value> = users
        .iter()
        .map(|(name, title)| {
            serde_json::json!({
                "userName": format!("{name}@{scope}.example.com"),
                "externalId": format!("{scope}:{name}"),
                "title": title,
                "name": {"givenName": name, "familyName": "Example"},
            })
        })
        .collect();
    serde_json::Value::Array(users).to_string()
}

pub fn run_all(root: &Path, server: &ScimServer) -> Result<()> {
    example(root, server, "provision", &[], &[])?;

    let scope = format!("sync-{}", std::process::id());
    let file = root.join("target/sync-directory.json");
    let sync = |users: &[(&str, &str)]| -> Result<String> {
        fs::write(&file, directory(&scope, users)).context("cannot write the directory")?;
        let path = file.to_string_lossy().into_owned();
        let scoped = format!("{scope}:");
        let out = example(root, server, "sync", &[&path], &[("SYNC_SCOPE", &scoped)])?;
        Ok(out.trim().to_owned())
    };
    let first = sync(&[("ada", "Analyst"), ("bob", "Engineer"), ("cy", "Designer")])?;
    expect(&first, "3 created, 0 updated, 0 deactivated, 0 unchanged")?;
    let again = sync(&[("ada", "Analyst"), ("bob", "Engineer"), ("cy", "Designer")])?;
    expect(&again, "0 created, 0 updated, 0 deactivated, 3 unchanged")?;
    let changed = sync(&[
        ("ada", "Lead Analyst"),
        ("bob", "Engineer"),
        ("dee", "Writer"),
    ])?;
    expect(&changed, "1 created, 1 updated, 1 deactivated, 1 unchanged")?;
    let settled = sync(&[
        ("ada", "Lead Analyst"),
        ("bob", "Engineer"),
        ("dee", "Writer"),
    ])?;
    expect(&settled, "0 created, 0 updated, 0 deactivated, 4 unchanged")
}

fn expect(summary: &str, wanted: &str) -> Result<()> {
    eprintln!("    {summary}");
    if summary != format!("sync: {wanted}") {
        bail!("the sync example said {summary:?}, expected \"sync: {wanted}\"");
    }
    Ok(())
}
