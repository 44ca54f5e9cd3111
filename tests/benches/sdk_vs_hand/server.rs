//! The canned answers and the in-process HTTP/1.1 server both sides talk to.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ringcentral_scim::models::ScimUser;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub(crate) const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.bench-access-token.c2lnbmF0dXJl";
pub(crate) const USER_ID: &str = "2819c223-7f76-453a-919d-413861904646";
pub(crate) const SEARCH_FILTER: &str = "userName co \"@example.com\"";
pub(crate) const SEARCH_COUNT: i32 = 100;
pub(crate) const TIMEOUT: Duration = Duration::from_secs(30);
/// The `User-Agent` both sides send (the SDK's set with `.user_agent(..)`, so that a new SDK
/// version does not make the two sides differ).
pub(crate) const CLIENT_USER_AGENT: &str = "sdk-vs-hand/1";
/// The `Accept` the SDK sends for these operations; the hand side sends it too.
pub(crate) const SCIM_ACCEPT: &str = "application/json, application/scim+json";

/// A realistic full user, as the service answers a read or a create.
pub(crate) fn user_response_json(index: usize) -> Value {
    let id = if index == 0 {
        USER_ID.to_owned()
    } else {
        format!("5f1e2d3c-4b5a-4968-8776-{index:012x}")
    };
    let email = format!("user{index}.doe@example.com");
    json!({
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        ],
        "id": id,
        "externalId": format!("00u{index:08}EXTID"),
        "userName": email,
        "name": {"givenName": "Jane", "familyName": format!("Doe-{index}")},
        "active": true,
        "title": "Solutions Engineer",
        "emails": [{"type": "work", "value": email}],
        "phoneNumbers": [
            {"type": "work", "value": "+16505550100"},
            {"type": "mobile", "value": "+16505550199"}
        ],
        "photos": [{"type": "photo", "value": format!("https://media.ringcentral.com/restapi/v1.0/account/37439510/extension/{index}/profile-image")}],
        "addresses": [{
            "type": "work",
            "streetAddress": "20 Davis Drive",
            "locality": "Belmont",
            "region": "CA",
            "postalCode": "94002",
            "country": "US"
        }],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Sales Engineering"},
        "meta": {
            "resourceType": "User",
            "created": "2024-03-11T17:22:05.123Z",
            "lastModified": "2025-01-27T09:41:12.456Z",
            "location": format!("https://platform.ringcentral.com/scim/v2/Users/{id}")
        }
    })
}

/// A user entry of a search page (`ScimUserShortInfo` has no addresses or phone numbers).
pub(crate) fn short_user_json(index: usize) -> Value {
    let mut user = user_response_json(index);
    if let Some(object) = user.as_object_mut() {
        object.remove("addresses");
        object.remove("phoneNumbers");
    }
    user
}

pub(crate) fn search_response_json() -> Value {
    let users: Vec<Value> = (1..=100).map(short_user_json).collect();
    json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": 2315,
        "startIndex": 1,
        "itemsPerPage": 100,
        "Resources": users
    })
}

/// The body of the create request.
pub(crate) fn new_user() -> ScimUser {
    let mut user = user_response_json(0);
    if let Some(object) = user.as_object_mut() {
        object.remove("id");
        object.remove("meta");
    }
    serde_json::from_value(user).expect("the fixture is a valid ScimUser")
}

// ---------------------------------------------------------------------------------------
// The loopback server.

/// Full canned responses (status line, headers, body).
pub(crate) struct Canned {
    user: Vec<u8>,
    created: Vec<u8>,
    search: Vec<u8>,
    not_found: Vec<u8>,
}

pub(crate) fn http_response(status: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/scim+json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

impl Canned {
    fn new() -> Canned {
        let user = serde_json::to_vec(&user_response_json(0)).expect("serialises");
        let search = serde_json::to_vec(&search_response_json()).expect("serialises");
        let not_found = serde_json::to_vec(&json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "status": "404",
            "detail": "no such resource"
        }))
        .expect("serialises");
        Canned {
            created: http_response("201 Created", &user),
            user: http_response("200 OK", &user),
            search: http_response("200 OK", &search),
            not_found: http_response("404 Not Found", &not_found),
        }
    }

    fn answer(&self, method: &[u8], target: &[u8]) -> &[u8] {
        const USERS: &[u8] = b"/scim/v2/Users";
        let rest = target.strip_prefix(USERS);
        match (method, rest) {
            (b"GET", Some(rest)) if rest.len() > 1 && rest.starts_with(b"/") => &self.user,
            (b"GET", Some(rest)) if rest.is_empty() || rest.starts_with(b"?") => &self.search,
            (b"POST", Some(b"")) => &self.created,
            _ => &self.not_found,
        }
    }
}

/// Captures whole requests while `on` is set (only during the equivalence check).
#[derive(Default)]
pub(crate) struct Recorder {
    pub(crate) on: AtomicBool,
    pub(crate) requests: Mutex<Vec<Vec<u8>>>,
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> usize {
    head.split(|&b| b == b'\n')
        .filter_map(|line| {
            let line = std::str::from_utf8(line).ok()?;
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .next()
        .unwrap_or(0)
}

/// Serves one keep-alive connection until the client closes it.
pub(crate) async fn serve_connection(
    mut stream: TcpStream,
    canned: Arc<Canned>,
    recorder: Arc<Recorder>,
) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut buf: Vec<u8> = Vec::with_capacity(64 * 1024);
    loop {
        let head_end = loop {
            if let Some(at) = find(&buf, b"\r\n\r\n") {
                break at + 4;
            }
            if stream.read_buf(&mut buf).await? == 0 {
                return Ok(());
            }
        };
        let total = head_end + content_length(&buf[..head_end]);
        while buf.len() < total {
            if stream.read_buf(&mut buf).await? == 0 {
                return Ok(());
            }
        }
        let mut request_line = buf[..head_end].split(|&b| b == b' ');
        let method = request_line.next().unwrap_or_default();
        let target = request_line.next().unwrap_or_default();
        let response = canned.answer(method, target);
        if recorder.on.load(Ordering::Relaxed) {
            recorder
                .requests
                .lock()
                .expect("not poisoned")
                .push(buf[..total].to_vec());
        }
        buf.drain(..total);
        stream.write_all(response).await?;
    }
}

/// Starts the server on its own thread and runtime; returns its address.
pub(crate) fn start_server(recorder: Arc<Recorder>) -> SocketAddr {
    let canned = Arc::new(Canned::new());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("loopback-server".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
                tx.send(listener.local_addr().expect("address"))
                    .expect("main thread waits");
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let (canned, recorder) = (canned.clone(), recorder.clone());
                    tokio::spawn(async move {
                        let _ = serve_connection(stream, canned, recorder).await;
                    });
                }
            });
        })
        .expect("server thread");
    rx.recv().expect("the server starts")
}
