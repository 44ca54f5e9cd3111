//! How calls of the real SCIM SDK fail: timeouts, success bodies that do not decode, error
//! statuses (typed bodies, the `default` error body, bodies that do not decode), broken
//! connections; and the decoding of several success statuses (PATCH 200/204, DELETE 204).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]
mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{
    api, builder, closed_port_url, deactivate, decode, new_user, received, sdk, user_json,
    within_3s,
};
use ringcentral_scim::models::{
    ScimErrorResponseScimType, ScimErrorResponseStatus, ScimPatchUser2Response,
};
use ringcentral_scim::{Error, RetryPolicy, RingCentral};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server answering every request with `template`.
async fn serve(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

// ---------------------------------------------------------------------------------------
// Timeouts

#[tokio::test]
async fn the_client_timeout_gives_error_timeout_and_is_not_retried() {
    let server = serve(
        ResponseTemplate::new(200)
            .set_body_json(user_json("u-1"))
            .set_delay(Duration::from_secs(2)),
    )
    .await;
    let sdk = builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let error = within_3s(sdk.scim().scim_get_user2("u-1"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout(t) if t == Duration::from_millis(200)),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "request timed out after 200ms");
    assert_eq!(error.status(), None);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_per_call_timeout_overrides_the_client_timeout() {
    let server = serve(
        ResponseTemplate::new(200)
            .set_body_json(user_json("u-1"))
            .set_delay(Duration::from_millis(600)),
    )
    .await;

    // Shorter than the client's (default 30 s) timeout.
    let error = within_3s(
        sdk(&server)
            .scim()
            .scim_get_user2("u-1")
            .timeout(Duration::from_millis(100)),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, Error::Timeout(t) if t == Duration::from_millis(100)),
        "{error:?}"
    );

    // Longer than the client's 100 ms timeout.
    let short = builder(&server)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let user = within_3s(
        short
            .scim()
            .scim_get_user2("u-1")
            .timeout(Duration::from_secs(2)),
    )
    .await
    .unwrap();
    assert_eq!(user.id.as_deref(), Some("u-1"));
}

/// A one-connection server: it reads the request's head, then `answer` writes to the
/// socket as it likes.
fn one_connection_server(answer: impl FnOnce(&mut std::net::TcpStream) + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let Ok((mut socket, _)) = listener.accept() else {
            return;
        };
        let mut request = Vec::new();
        let mut chunk = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            match socket.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => request.extend_from_slice(&chunk[..n]),
            }
        }
        answer(&mut socket);
    });
    format!("http://{address}")
}

/// A one-connection server that answers with `head` and part of the body, then stalls.
fn stalling_server(head: &'static str) -> String {
    one_connection_server(move |socket| {
        let _ = socket.write_all(head.as_bytes());
        std::thread::sleep(Duration::from_secs(3));
    })
}

#[tokio::test]
async fn a_body_that_stalls_times_out() {
    let url = stalling_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 400\r\n\r\n{\"id\":",
    );
    let sdk = RingCentral::builder()
        .access_token("t")
        .base_url(url)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = within_3s(sdk.scim().scim_get_user2("u-1"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
}

/// How a piecewise body says where it ends.
#[derive(Clone, Copy, Debug)]
enum Framing {
    /// `Transfer-Encoding: chunked`: the length is unknown until the last chunk.
    Chunked,
    /// `Content-Length` up front, the bytes sent in pieces.
    Length,
}

/// A one-connection server that answers with a body of `pieces`, each sent on its own after
/// a pause, so that the client receives them apart.
fn piecewise_server(pieces: Vec<String>, framing: Framing) -> String {
    one_connection_server(move |socket| {
        let head = match framing {
            Framing::Chunked => "transfer-encoding: chunked".to_owned(),
            Framing::Length => format!("content-length: {}", pieces.concat().len()),
        };
        let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{head}\r\n\r\n");
        let _ = socket.write_all(head.as_bytes());
        for piece in pieces {
            let framed = match framing {
                Framing::Chunked => format!("{:x}\r\n{piece}\r\n", piece.len()),
                Framing::Length => piece,
            };
            let _ = socket.write_all(framed.as_bytes());
            let _ = socket.flush();
            std::thread::sleep(Duration::from_millis(30));
        }
        if let Framing::Chunked = framing {
            let _ = socket.write_all(b"0\r\n\r\n");
        }
        std::thread::sleep(Duration::from_millis(200));
    })
}

#[tokio::test]
async fn a_body_that_arrives_in_pieces_is_decoded_whole() {
    let body = serde_json::to_string(&common::user_json("u-7")).unwrap();
    // One piece, two, and more than two: each way the reader puts a body together; with a
    // length announced (the reader stops when none is left) and without.
    for (count, framing) in [1, 2, 3, 5]
        .into_iter()
        .flat_map(|count| [(count, Framing::Chunked), (count, Framing::Length)])
    {
        let size = body.len().div_ceil(count);
        let pieces: Vec<String> = body
            .as_bytes()
            .chunks(size)
            .map(|piece| String::from_utf8(piece.to_vec()).unwrap())
            .collect();
        assert_eq!(pieces.len(), count);
        let sdk = RingCentral::builder()
            .access_token("t")
            .base_url(piecewise_server(pieces, framing))
            .build()
            .unwrap();
        let response = within_3s(sdk.scim().scim_get_user2("u-7").send_with_response())
            .await
            .unwrap();
        assert_eq!(
            response.body().id.as_deref(),
            Some("u-7"),
            "{count} pieces, {framing:?}"
        );
        let name = response
            .body()
            .name
            .as_ref()
            .and_then(|n| n.family_name.as_deref());
        assert_eq!(name, Some("Lovelace"), "{count} pieces, {framing:?}");
        assert_eq!(
            response.body().active,
            Some(true),
            "{count} pieces, {framing:?}"
        );
    }
}

/// A keep-alive server answering every request on every connection with `body` (its
/// length announced), and the number of connections it accepted.
fn keep_alive_server(body: String) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    std::thread::spawn(move || {
        for mut socket in listener.incoming().map_while(Result::ok) {
            counted.fetch_add(1, Ordering::SeqCst);
            let body = body.clone();
            std::thread::spawn(move || {
                let mut request = Vec::new();
                let mut chunk = [0u8; 1024];
                loop {
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut chunk) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&chunk[..n]),
                        }
                    }
                    request.clear();
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                         content-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if socket.write_all(answer.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    (format!("http://{address}"), connections)
}

#[tokio::test]
async fn a_body_read_to_its_announced_length_leaves_the_connection_for_the_next_call() {
    // The reader stops at the announced length without asking for the end of the body: the
    // connection must still go back to the pool, not be closed and opened anew.
    let body = serde_json::to_string(&user_json("u-8")).unwrap();
    let (url, connections) = keep_alive_server(body);
    let sdk = RingCentral::builder()
        .access_token("t")
        .base_url(url)
        .build()
        .unwrap();
    for _ in 0..3 {
        let user = within_3s(sdk.scim().scim_get_user2("u-8")).await.unwrap();
        assert_eq!(user.id.as_deref(), Some("u-8"));
    }
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

// ---------------------------------------------------------------------------------------
// Success statuses whose body does not decode

#[tokio::test]
async fn html_with_200_is_a_decode_error_with_status_and_excerpt() {
    let html = format!(
        "<html>\n<head><title>Maintenance</title></head>\n<body>Back soon</body>\n</html>{}",
        "x".repeat(2000)
    );
    let server =
        serve(ResponseTemplate::new(200).set_body_raw(html.into_bytes(), "text/html")).await;

    let error = sdk(&server).scim().scim_get_user2("u-1").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    let text = error.to_string();
    assert!(!text.contains('\n'), "{text}");
    assert!(
        text.starts_with("could not decode the 200 OK response of scimGetUser2 (text/html)"),
        "{text}"
    );
    assert!(
        text.contains("body starts with: <html> <head><title>Maintenance"),
        "{text}"
    );

    let decode = decode(error);
    assert_eq!(decode.status().as_u16(), 200);
    assert_eq!(decode.operation(), "scimGetUser2");
    assert_eq!(decode.content_type(), Some("text/html"));
    assert!(
        decode
            .body_excerpt()
            .starts_with("<html>\n<head><title>Maintenance</title>"),
        "{}",
        decode.body_excerpt()
    );
    // An excerpt, not the whole 2 kB body.
    assert_eq!(decode.body_excerpt().chars().count(), 512);
    assert!(!decode.message().is_empty());
}

#[tokio::test]
async fn truncated_json_with_200_is_a_decode_error() {
    let truncated = r#"{"id": "u-1", "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ad"#;
    let server = serve(
        ResponseTemplate::new(200).set_body_raw(truncated.as_bytes().to_vec(), "application/json"),
    )
    .await;

    let decode = decode(sdk(&server).scim().scim_get_user2("u-1").await.unwrap_err());
    assert_eq!(decode.status().as_u16(), 200);
    assert_eq!(decode.content_type(), Some("application/json"));
    assert_eq!(decode.body_excerpt(), truncated);
    assert!(decode.message().contains("EOF"), "{}", decode.message());
}

/// One odd value in a page of users: the message says which user and which member, as
/// "line 1 column 321" alone does not.
#[tokio::test]
async fn a_decode_error_names_the_path_of_the_odd_value() {
    let page = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": 2,
        "Resources": [
            {"userName": "a", "emails": [{"value": "a@example.com", "primary": true}]},
            {"userName": "b", "emails": [
                {"value": "b@example.com"},
                {"value": "c@example.com", "primary": "True"}
            ]}
        ]
    });
    let server = serve(ResponseTemplate::new(200).set_body_json(&page)).await;
    let decode = decode(
        sdk(&server)
            .scim()
            .scim_search_via_get2()
            .await
            .unwrap_err(),
    );
    assert!(
        decode
            .message()
            .starts_with("at Resources[1].emails[1].primary: invalid type: string \"True\""),
        "{}",
        decode.message()
    );
}

#[tokio::test]
async fn any_undecodable_success_body_is_a_decode_error_never_a_panic() {
    let bodies: [(&str, Vec<u8>); 7] = [
        ("empty", Vec::new()),
        ("null", b"null".to_vec()),
        ("wrong shape", br#"{"id": 7}"#.to_vec()),
        ("array", b"[1, 2, 3]".to_vec()),
        ("not UTF-8", b"\xff\xfe\x00garbage\xc3".to_vec()),
        ("deep nesting", "[".repeat(10_000).into_bytes()),
        ("trailing data", br#"{"id": "u-1"} trailing"#.to_vec()),
    ];
    for (name, body) in bodies {
        let server =
            serve(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json")).await;
        let sdk = sdk(&server);

        let error = sdk.scim().scim_get_user2("u-1").await.unwrap_err();
        let decode = decode(error);
        assert_eq!(decode.status().as_u16(), 200, "{name}");
        let expected: String = String::from_utf8_lossy(&body).chars().take(512).collect();
        assert_eq!(decode.body_excerpt(), expected, "{name}");

        // The same for an operation answering 201 and one whose 200 is one of two variants.
        Mock::given(any())
            .respond_with(ResponseTemplate::new(201).set_body_raw(body.clone(), "application/json"))
            .with_priority(1)
            .up_to_n_times(1)
            .mount(&server)
            .await;
        let user = new_user();
        let error = sdk.scim().scim_create_user2(&user).await.unwrap_err();
        assert_eq!(decode_status(&error), Some(201), "{name}: {error:?}");
        let error = sdk
            .scim()
            .scim_patch_user2("u-1", &deactivate())
            .await
            .unwrap_err();
        assert_eq!(decode_status(&error), Some(200), "{name}: {error:?}");
    }
}

/// The status of an `Error::Decode`, `None` for any other error.
fn decode_status<E>(error: &Error<E>) -> Option<u16> {
    match error {
        Error::Decode(decode) => Some(decode.status().as_u16()),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Error statuses

#[tokio::test]
async fn a_documented_404_decodes_into_scim_error_response_with_a_string_status() {
    let body = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "detail": "User not found",
        "status": "404"
    });
    let server = serve(ResponseTemplate::new(404).set_body_json(&body)).await;

    let error = sdk(&server).scim().scim_get_user2("u-1").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    // The server's message, not its JSON.
    assert_eq!(
        error.to_string(),
        "API error 404 Not Found for scimGetUser2: User not found"
    );
    let api = api(error);
    assert_eq!(api.operation(), "scimGetUser2");
    assert_eq!(api.attempts(), 1);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(api.raw_body()).unwrap(),
        body
    );
    let typed = api.into_body().expect("a typed 404 body");
    assert_eq!(typed.detail.as_deref(), Some("User not found"));
    assert_eq!(
        typed.status,
        Some(ScimErrorResponseStatus::String("404".into()))
    );
    assert_eq!(typed.schemas.map(|s| s.len()), Some(1));
}

#[tokio::test]
async fn a_documented_409_decodes_with_a_numeric_status_and_scim_type() {
    let server = serve(ResponseTemplate::new(409).set_body_json(json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "detail": "userName is already taken",
        "scimType": "uniqueness",
        "status": 409
    })))
    .await;
    let user = new_user();

    let sdk = sdk(&server);
    let create = api(sdk.scim().scim_create_user2(&user).await.unwrap_err());
    assert_eq!(create.status().as_u16(), 409);
    assert_eq!(create.operation(), "scimCreateUser2");
    let typed = create.body().expect("a typed 409 body");
    assert_eq!(typed.status, Some(ScimErrorResponseStatus::Integer(409)));
    assert_eq!(typed.scim_type, Some(ScimErrorResponseScimType::Uniqueness));

    // PUT and PATCH document 409 too.
    let put = api(sdk
        .scim()
        .scim_update_user2("u-1", &user)
        .await
        .unwrap_err());
    let patch = api(sdk
        .scim()
        .scim_patch_user2("u-1", &deactivate())
        .await
        .unwrap_err());
    for error in [put, patch] {
        assert_eq!(
            error.body().and_then(|b| b.status.clone()),
            Some(ScimErrorResponseStatus::Integer(409)),
            "{}",
            error.operation()
        );
    }
}

#[tokio::test]
async fn a_status_of_another_shape_is_kept_as_received() {
    let server =
        serve(ResponseTemplate::new(404).set_body_json(json!({"status": {"code": 404}}))).await;
    let api = api(sdk(&server)
        .scim()
        .scim_get_schema2("urn:x")
        .await
        .unwrap_err());
    assert_eq!(
        api.body().and_then(|b| b.status.clone()),
        Some(ScimErrorResponseStatus::Other(json!({"code": 404})))
    );
}

#[tokio::test]
async fn error_bodies_that_do_not_decode_give_no_typed_body_but_keep_the_raw_bytes() {
    // 500 has its own entry for scimGetUser2; 410 and 418 only fall under its `default`.
    let cases = [
        (418, "I'm a teapot", &b"short and stout"[..]),
        (410, "Gone", &b"<html>gone</html>"[..]),
        (
            500,
            "Internal Server Error",
            &b"<h1>upstream exploded</h1>"[..],
        ),
        (404, "Not Found", &br#"{"detail": "truncated"#[..]),
        (403, "Forbidden", &b""[..]),
    ];
    for (status, reason, body) in cases {
        let server =
            serve(ResponseTemplate::new(status).set_body_raw(body.to_vec(), "text/html")).await;
        let error = sdk(&server).scim().scim_get_user2("u-1").await.unwrap_err();
        let expected = if body.is_empty() {
            format!("API error {status} {reason} for scimGetUser2")
        } else {
            format!(
                "API error {status} {reason} for scimGetUser2: {}",
                String::from_utf8_lossy(body)
            )
        };
        assert_eq!(error.to_string(), expected);
        let api = api(error);
        assert_eq!(api.status().as_u16(), status);
        assert!(api.body().is_none(), "{status}: {:?}", api.body());
        assert_eq!(api.raw_body(), body, "{status}");
        assert_eq!(api.headers().get("content-type").unwrap(), "text/html");
        assert_eq!(api.attempts(), 1);
    }
}

#[tokio::test]
async fn statuses_without_their_own_entry_decode_as_the_default_error_body() {
    // scimGetUser2 lists 401, 403, 404, 429 and 500; scimGetProviderConfig2 lists no error.
    let server = serve(ResponseTemplate::new(400).set_body_json(json!({
        "detail": "bad filter",
        "scimType": "invalidFilter",
        "status": "400"
    })))
    .await;
    let sdk = sdk(&server);
    let user = api(sdk.scim().scim_get_user2("u-1").await.unwrap_err());
    let config = api(sdk.scim().scim_get_provider_config2().await.unwrap_err());
    for api in [user, config] {
        assert_eq!(api.status().as_u16(), 400);
        let body = api.body().expect("the default error body");
        assert_eq!(
            body.detail.as_deref(),
            Some("bad filter"),
            "{}",
            api.operation()
        );
        assert_eq!(
            body.scim_type,
            Some(ScimErrorResponseScimType::InvalidFilter)
        );
        assert_eq!(
            body.status,
            Some(ScimErrorResponseStatus::String("400".into()))
        );
    }
}

#[tokio::test]
async fn nothing_listening_is_a_transport_error() {
    let sdk = RingCentral::builder()
        .access_token("t")
        .base_url(closed_port_url())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = within_3s(sdk.scim().scim_get_user2("u-1"))
        .await
        .unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("a transport error: {error:?}")
    };
    assert_eq!(transport.attempts(), 1);
    assert!(transport.is_connect());
    // The message says what happened underneath, not only "error sending request".
    let text = error.to_string();
    assert!(
        text.starts_with("the request failed after 1 attempt: "),
        "{text}"
    );
    assert!(
        text.to_ascii_lowercase().contains("connect"),
        "the root cause is shown: {text}"
    );
    assert!(!text.contains("127.0.0.1"), "no URL in the message: {text}");
    assert_eq!(error.status(), None);
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(error);
    assert!(boxed.to_string().contains("attempt"));
}

// ---------------------------------------------------------------------------------------
// Several success statuses

#[tokio::test]
async fn patch_204_decodes_to_no_content_and_200_to_ok() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json("u-1")))
        .mount(&server)
        .await;
    let sdk = sdk(&server);

    let first = sdk
        .scim()
        .scim_patch_user2("u-1", &deactivate())
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(first.status().as_u16(), 204);
    assert_eq!(first.into_body(), ScimPatchUser2Response::NoContent);

    let second = sdk
        .scim()
        .scim_patch_user2("u-1", &deactivate())
        .await
        .unwrap();
    let ScimPatchUser2Response::Ok(user) = second else {
        panic!("expected Ok(user), got {second:?}")
    };
    assert_eq!(user.id.as_deref(), Some("u-1"));
    assert_eq!(user.user_name.as_deref(), Some("ada@example.com"));

    // The PatchOp went out as SCIM's JSON (RFC 7644 §3.1), which the document offers beside
    // plain JSON.
    let requests = received(&server).await;
    assert_eq!(requests[0].method.as_str(), "PATCH");
    assert_eq!(
        requests[0].headers.get("content-type").unwrap(),
        "application/scim+json"
    );
    assert_eq!(
        requests[0].body_json::<serde_json::Value>().unwrap(),
        json!({
            "Operations": [{"op": "replace", "path": "active", "value": false}],
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]
        })
    );
}

#[tokio::test]
async fn delete_204_decodes_to_unit() {
    let server = serve(ResponseTemplate::new(204)).await;
    let response = sdk(&server)
        .scim()
        .scim_delete_user2("u-1")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    let () = response.into_body();

    // DELETE documents only 204, but another 2xx still means it worked: not an API error.
    let server = serve(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let response = sdk(&server)
        .scim()
        .scim_delete_user2("u-1")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);

    // A redirect nobody documented is reported as such, not as an API error.
    let server = serve(ResponseTemplate::new(302)).await;
    let error = sdk(&server)
        .scim()
        .scim_delete_user2("u-1")
        .await
        .unwrap_err();
    let Error::UnexpectedStatus(unexpected) = &error else {
        panic!("an unexpected status: {error:?}")
    };
    assert_eq!(unexpected.status().as_u16(), 302);
    assert!(
        error.to_string().contains("undocumented status 302"),
        "{error}"
    );
}
