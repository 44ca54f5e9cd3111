//! Provisions and runs the real SCIM 2.0 server (`scim2-server` from PyPI) for end-to-end tests.
//!
//! The server is a Python program, so it lives in a private venv under the target directory:
//! that keeps it out of the system Python, survives `cargo` rebuilds, and goes away with
//! `cargo clean`. The version is pinned because the e2e tests assert on its exact behaviour.

use std::collections::hash_map::RandomState;
use std::fs::{self, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

use crate::venv::{PipTool, run, tail_lines};

/// The one place the server version is pinned; the marker file name derives from it so a
/// bump forces a reinstall. scim2-server declares `Requires-Python: >=3.11`.
const SCIM_SERVER: PipTool = PipTool {
    package: "scim2-server",
    version: "0.8.3",
    venv: "scim-venv",
    min_python: (3, 11),
    needed_by: "the SCIM e2e tests",
};
/// How long `start` waits for the first successful answer; a cold Python import is a few seconds.
const START_TIMEOUT: Duration = Duration::from_secs(20);
/// How long `stop` gives the server to exit on SIGTERM before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(5);
/// How many log lines an error message carries, enough to show a Python traceback.
const ERROR_LOG_LINES: usize = 30;
/// Path the readiness poll asks for: it answers 200 without a token.
const READY_PATH: &str = "/scim/v2/ServiceProviderConfig";

/// Makes sure `<target_dir>/scim-venv` holds the pinned server and returns its executable
/// (see [`PipTool::ensure_installed`]: safe to call from parallel processes).
pub fn ensure_installed(target_dir: &Path) -> Result<PathBuf> {
    SCIM_SERVER.ensure_installed(target_dir)
}

/// A running `scim2-server` child process; stopped on drop so failing tests never leak it.
pub struct ScimServer {
    /// `None` once stopped, which makes `stop` idempotent.
    child: Option<Child>,
    url: String,
    token: String,
    log: PathBuf,
}

impl ScimServer {
    /// Installs if needed and starts a server on a free loopback port with a fresh bearer token,
    /// returning once it answers HTTP. Output goes to `<target_dir>/scim-server.log`.
    pub fn start(target_dir: &Path) -> Result<ScimServer> {
        let exe = ensure_installed(target_dir)?;
        let log = target_dir.join("scim-server.log");
        let token = random_token();
        // The server cannot report a port it chose itself (`--port 0`), so pick one here. Another
        // process may grab it before the server binds; the server then exits and we try again.
        let mut last_err = None;
        for _ in 0..3 {
            let port = free_port()?;
            let mut server = Self::spawn(&exe, port, &token, &log)?;
            match server.wait_ready() {
                Ok(()) => return Ok(server),
                Err(e) => {
                    let in_use = server
                        .log_tail(ERROR_LOG_LINES)
                        .contains("ddress already in use");
                    server.stop().ok();
                    if !in_use {
                        return Err(e);
                    }
                    last_err = Some(e);
                }
            }
        }
        Err(last_err.unwrap_or_else(|| anyhow::anyhow!("scim2-server did not start")))
    }

    fn spawn(exe: &Path, port: u16, token: &str, log: &Path) -> Result<ScimServer> {
        let log_file = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(true)
            .open(log)
            .with_context(|| format!("cannot create server log {}", log.display()))?;
        let err_file = log_file
            .try_clone()
            .context("cannot duplicate the server log handle")?;
        let child = Command::new(exe)
            .args(["--hostname", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .args(["--tenant", "scim", "--bearer-token", token])
            // Unbuffered so the log is complete even when the process is killed.
            .env("PYTHONUNBUFFERED", "1")
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(err_file)
            .spawn()
            .with_context(|| format!("cannot start {}", exe.display()))?;
        Ok(ScimServer {
            child: Some(child),
            url: format!("http://127.0.0.1:{port}"),
            token: token.to_owned(),
            log: log.to_owned(),
        })
    }

    /// Polls until the server answers 200, failing early (with its log) if it dies.
    fn wait_ready(&mut self) -> Result<()> {
        let addr = self.socket_addr()?;
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(child) = self.child.as_mut()
                && let Some(status) = child.try_wait().context("cannot poll scim2-server")?
            {
                self.child = None;
                bail!(
                    "scim2-server exited during startup ({status}); {}",
                    self.log_for_error()
                );
            }
            if let Ok(200) = http_get_status(addr, READY_PATH, None) {
                // A stray server that already held the port could have answered instead of ours.
                if self.is_running() {
                    return Ok(());
                }
                continue;
            }
            if Instant::now() >= deadline {
                bail!(
                    "scim2-server did not answer on {} within {}s; {}",
                    self.url,
                    START_TIMEOUT.as_secs(),
                    self.log_for_error()
                );
            }
            sleep(Duration::from_millis(100));
        }
    }

    fn socket_addr(&self) -> Result<SocketAddr> {
        let host_port = self.url.trim_start_matches("http://");
        host_port
            .parse()
            .with_context(|| format!("bad server address {host_port}"))
    }

    /// Base URL without a path, e.g. `http://127.0.0.1:PORT`; the SDK appends `/scim/v2/...`.
    pub fn base_url(&self) -> &str {
        &self.url
    }

    /// The bearer token the server requires on every endpoint but ServiceProviderConfig.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Whether the child is still alive; lets tests tell a crashed server from a failing SDK.
    pub fn is_running(&mut self) -> bool {
        match self.child.as_mut() {
            Some(child) => matches!(child.try_wait(), Ok(None)),
            None => false,
        }
    }

    /// Sends SIGTERM (the server ignores SIGINT when backgrounded), waits up to 5 s, then
    /// SIGKILLs. Always reaps the child so no zombie or bound port is left behind.
    pub fn stop(&mut self) -> Result<()> {
        let Some(mut child) = self.child.take() else {
            return Ok(());
        };
        if child
            .try_wait()
            .context("cannot poll scim2-server")?
            .is_some()
        {
            return Ok(());
        }
        let pid = child.id().to_string();
        // If `kill` itself is unavailable, fall through to SIGKILL after the timeout.
        let _ = run(Command::new("kill").args(["-TERM", &pid]));
        let deadline = Instant::now() + STOP_TIMEOUT;
        while Instant::now() < deadline {
            if child
                .try_wait()
                .context("cannot poll scim2-server")?
                .is_some()
            {
                return Ok(());
            }
            sleep(Duration::from_millis(50));
        }
        child
            .kill()
            .with_context(|| format!("cannot kill scim2-server (pid {pid})"))?;
        child
            .wait()
            .with_context(|| format!("cannot reap scim2-server (pid {pid})"))?;
        Ok(())
    }

    /// The last `lines` lines of the server log, for failure messages; empty if unreadable.
    pub fn log_tail(&self, lines: usize) -> String {
        match fs::read(&self.log) {
            Ok(bytes) => tail_lines(&String::from_utf8_lossy(&bytes), lines),
            Err(_) => String::new(),
        }
    }

    /// The log tail for error messages, saying so when there is nothing to show.
    fn log_for_error(&self) -> String {
        let tail = self.log_tail(ERROR_LOG_LINES);
        if tail.trim().is_empty() {
            format!("(log {} is empty)", self.log.display())
        } else {
            format!("log {}:\n{tail}", self.log.display())
        }
    }
}

impl Drop for ScimServer {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

/// Asks the OS for an unused loopback port. The listener is dropped before returning, so the
/// port is free but not reserved.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .context("cannot bind 127.0.0.1:0 to find a free port")?;
    Ok(listener
        .local_addr()
        .context("cannot read the bound port")?
        .port())
}

/// 32 hex chars from std's randomly keyed SipHash; unpredictable enough for a throwaway test
/// token, and avoids a `rand` dependency.
fn random_token() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mut token = String::with_capacity(32);
    for i in 0u8..2 {
        // Each RandomState gets fresh keys, so the two halves are independent.
        let mut h = RandomState::new().build_hasher();
        h.write_u128(nanos);
        h.write_u32(std::process::id());
        h.write_u8(i);
        token.push_str(&format!("{:016x}", h.finish()));
    }
    token
}

/// One raw HTTP/1.0 GET (the server speaks 1.0 and closes the connection), returning the status.
fn http_get_status(addr: SocketAddr, path: &str, token: Option<&str>) -> std::io::Result<u16> {
    let timeout = Duration::from_secs(2);
    let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {addr}\r\n{auth}Connection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    parse_status(&String::from_utf8_lossy(&response))
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "not an HTTP response"))
}

/// The status code from a response's first line, e.g. `HTTP/1.0 200 OK` -> 200.
fn parse_status(response: &str) -> Option<u16> {
    let mut words = response.lines().next()?.split_whitespace();
    if !words.next()?.starts_with("HTTP/") {
        return None;
    }
    words.next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_port_is_nonzero_and_bindable() {
        let port = free_port().unwrap();
        assert_ne!(port, 0);
        // The helper must release the port, or the server could never bind it.
        TcpListener::bind((Ipv4Addr::LOCALHOST, port)).unwrap();
    }

    #[test]
    fn token_is_32_lowercase_hex_and_fresh() {
        let a = random_token();
        let b = random_token();
        assert_eq!(a.len(), 32);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        );
        assert_ne!(a, b);
        assert_ne!(a[..16], a[16..]);
    }

    #[test]
    fn log_tail_reads_the_file_and_tolerates_absence() {
        let dir = std::env::temp_dir().join(format!("scim-log-tail-{}", random_token()));
        fs::create_dir_all(&dir).unwrap();
        let log = dir.join("scim-server.log");
        fs::write(&log, "one\ntwo\nthree\n").unwrap();
        let server = ScimServer {
            child: None,
            url: "http://127.0.0.1:1".into(),
            token: String::new(),
            log: log.clone(),
        };
        assert_eq!(server.log_tail(2), "two\nthree");
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(server.log_tail(2), "");
    }

    #[test]
    fn stop_without_child_is_a_no_op() {
        let mut server = ScimServer {
            child: None,
            url: "http://127.0.0.1:1".into(),
            token: String::new(),
            log: PathBuf::from("/nonexistent"),
        };
        assert!(!server.is_running());
        server.stop().unwrap();
        server.stop().unwrap();
    }

    #[test]
    fn status_line_parsing() {
        assert_eq!(parse_status("HTTP/1.0 200 OK\r\n\r\n"), Some(200));
        assert_eq!(parse_status("HTTP/1.1 401 Unauthorized\r\n"), Some(401));
        assert_eq!(parse_status("SSH-2.0-OpenSSH\r\n"), None);
        assert_eq!(parse_status(""), None);
    }

    #[test]
    fn marker_name_carries_the_pinned_version() {
        let marker = SCIM_SERVER.marker_path(&SCIM_SERVER.venv_dir(Path::new("/t")));
        assert_eq!(
            marker,
            Path::new("/t/scim-venv/.installed-scim2-server-0.8.3")
        );
    }
}
