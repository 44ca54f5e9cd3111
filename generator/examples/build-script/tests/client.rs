//! The module the build script generated, used as an SDK: a request body built with the
//! generated constructors, and calls against a loopback server that records what it was sent.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

use build_script_example::scim::models::{ScimEmail, ScimName, ScimUser};
use build_script_example::scim::{self, RingCentral};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Answers one request with `status` and the JSON `body`; returns the server's URL and the
/// request it received.
async fn serve_once(status: u16, body: &'static str) -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        // Headers, then the body their Content-Length announces.
        loop {
            let n = socket.read(&mut buffer).await.unwrap();
            request.extend_from_slice(&buffer[..n]);
            let text = String::from_utf8_lossy(&request).into_owned();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length: ")
                            .map(str::to_owned)
                    })
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if request.len() >= end + 4 + length {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        let response = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/scim+json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(response.as_bytes()).await.unwrap();
        String::from_utf8(request).unwrap()
    });
    (url, handle)
}

fn client(url: &str) -> RingCentral {
    RingCentral::builder()
        .base_url(url)
        .access_token("secret-token")
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_created_user_goes_out_as_json_and_comes_back_typed() {
    let (url, server) = serve_once(
        201,
        r#"{"id":"42","userName":"jane@example.com","name":{"familyName":"Doe","givenName":"Jane"},"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"nickName":"JD"}"#,
    )
    .await;
    let user = ScimUser::new("jane@example.com")
        .with_name(
            ScimName::new()
                .with_family_name("Doe")
                .with_given_name("Jane"),
        )
        .with_emails(vec![ScimEmail::new("jane@example.com").with_type("work")]);
    let created = client(&url).scim().scim_create_user2(&user).await.unwrap();
    assert_eq!(created.id.as_deref(), Some("42"));
    assert_eq!(created.nick_name.as_deref(), Some("JD"));

    let request = server.await.unwrap();
    assert!(
        request.starts_with("POST /scim/v2/Users HTTP/1.1"),
        "{request}"
    );
    assert!(
        request.contains("authorization: Bearer secret-token"),
        "{request}"
    );
    assert!(
        request.contains(r#""userName":"jane@example.com""#),
        "{request}"
    );
    assert!(request.contains(r#""familyName":"Doe""#), "{request}");
}

#[tokio::test]
async fn an_error_status_is_a_typed_api_error() {
    let (url, server) = serve_once(
        404,
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404","detail":"no such user"}"#,
    )
    .await;
    let err = client(&url).scim().scim_get_user2("7").await.unwrap_err();
    let scim::Error::Api(api) = err else {
        panic!("a 404 is an API error: {err:?}");
    };
    assert_eq!(api.status(), 404);
    assert_eq!(
        api.body().and_then(|b| b.detail.as_deref()),
        Some("no such user")
    );
    assert!(
        server
            .await
            .unwrap()
            .starts_with("GET /scim/v2/Users/7 HTTP/1.1")
    );
}

#[tokio::test]
async fn the_crate_builds_on_the_module() {
    let (url, server) = serve_once(
        200,
        r#"{"Resources":[{"id":"1","userName":"a@example.com"},{"id":"2","userName":"b@example.com"}],"totalResults":2}"#,
    )
    .await;
    let names = build_script_example::user_names(&client(&url))
        .await
        .unwrap();
    assert_eq!(names, ["a@example.com", "b@example.com"]);
    assert!(server.await.unwrap().starts_with("GET /scim/v2/Users"));
}
