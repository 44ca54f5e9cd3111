//! Paging against a server that does what real ones do: short pages, changing totals, cursors
//! and `Link` headers. Every item is seen exactly once, or the stream ends with an error.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::Method;
use sdkgen_runtime::{
    Call, ClientCore, CoreBuilder, DecodeFailure, Error, Outcome, PageQuery, PageStyle, Paginator,
    RawResponse,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn decode<T: DeserializeOwned>(response: &RawResponse) -> Result<Outcome<T, Value>, DecodeFailure> {
    match response.status().as_u16() {
        200..=299 => response.json().map(Outcome::Success),
        400.. => response.json().map(Outcome::Failure),
        _ => Ok(Outcome::Undocumented),
    }
}

fn core(server: &MockServer) -> Arc<ClientCore> {
    Arc::new(
        CoreBuilder::new(Some(server.uri()), "paging-test/1")
            .build()
            .unwrap(),
    )
}

fn param(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

#[derive(Debug, Deserialize)]
struct ListPage {
    #[serde(rename = "totalResults")]
    total: Option<i64>,
    #[serde(rename = "Resources", default)]
    resources: Vec<String>,
}

/// A SCIM-like list: `count` items at most `per_page_cap`, `total` reported as `reported`.
struct Listing {
    items: Vec<String>,
    per_page_cap: usize,
    /// Lets a test change what the server says between pages (by page number).
    reported: fn(usize, usize) -> usize,
    /// Lets a test empty a page (by page number).
    empty_page: Option<usize>,
    calls: Arc<AtomicUsize>,
}

impl Respond for Listing {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let page = self.calls.fetch_add(1, Ordering::SeqCst);
        let start: usize = param(request, "startIndex").unwrap().parse().unwrap();
        let count: usize = param(request, "count").map_or(100, |c| c.parse().unwrap());
        let from = (start - 1).min(self.items.len());
        let to = (from + count.min(self.per_page_cap)).min(self.items.len());
        let resources = if self.empty_page == Some(page) {
            Vec::new()
        } else {
            self.items[from..to].to_vec()
        };
        ResponseTemplate::new(200).set_body_json(json!({
            "totalResults": (self.reported)(page, self.items.len()),
            "Resources": resources,
        }))
    }
}

fn items(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("user-{i}")).collect()
}

async fn listing(listing: Listing) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(listing)
        .mount(&server)
        .await;
    server
}

fn index_pages(core: &Arc<ClientCore>) -> Paginator<ListPage, String, Value> {
    let shared = Arc::clone(core);
    Paginator::new(
        core,
        move |query: &PageQuery| {
            let call: Call<ListPage, Value> =
                Call::new(&shared, "list", Method::GET, "/Users", decode::<ListPage>);
            let call = call.query("startIndex", query.start);
            match query.limit {
                Some(limit) => call.query("count", limit),
                None => call,
            }
        },
        |page: ListPage| page.resources,
        |page: &ListPage| page.resources.len(),
        PageStyle::Index {
            first: 1,
            start: None,
            total: |page: &ListPage| page.total,
        },
    )
}

async fn collect<I: Send + 'static>(
    mut pager: Paginator<ListPage, I, Value>,
) -> (Vec<I>, Option<Error<Value>>) {
    let mut seen = Vec::new();
    while let Some(item) = pager.next_item().await {
        match item {
            Ok(item) => seen.push(item),
            Err(error) => return (seen, Some(error)),
        }
    }
    (seen, None)
}

fn as_reported(_: usize, total: usize) -> usize {
    total
}

#[tokio::test]
async fn every_item_once_when_pages_are_shorter_than_asked() {
    let calls = Arc::new(AtomicUsize::new(0));
    let server = listing(Listing {
        items: items(55),
        per_page_cap: 7,
        reported: as_reported,
        empty_page: None,
        calls: calls.clone(),
    })
    .await;
    let core = core(&server);
    let (seen, error) = collect(index_pages(&core).page_size(10)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(seen, items(55), "each item exactly once, in order");
    assert_eq!(calls.load(Ordering::SeqCst), 8, "55 items at 7 a page");
}

#[tokio::test]
async fn the_cap_stops_early_and_asks_for_no_more_than_it_needs() {
    let calls = Arc::new(AtomicUsize::new(0));
    let server = listing(Listing {
        items: items(55),
        per_page_cap: 100,
        reported: as_reported,
        empty_page: None,
        calls: calls.clone(),
    })
    .await;
    let core = core(&server);
    let (seen, error) = collect(index_pages(&core).page_size(10).max_items(23)).await;
    assert!(error.is_none());
    assert_eq!(seen, items(23));
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let asked: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| param(r, "count").unwrap())
        .collect();
    assert_eq!(asked, ["10", "10", "3"]);
}

#[tokio::test]
async fn a_page_size_of_zero_leaves_the_size_to_the_server() {
    let server = listing(Listing {
        items: items(12),
        per_page_cap: 5,
        reported: as_reported,
        empty_page: None,
        calls: Arc::new(AtomicUsize::new(0)),
    })
    .await;
    let core = core(&server);
    let (seen, error) = collect(index_pages(&core).page_size(0)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(seen, items(12));
    let requests = server.received_requests().await.unwrap();
    assert!(requests.iter().all(|r| param(r, "count").is_none()));
}

#[tokio::test]
async fn an_empty_page_before_the_total_is_an_error_not_an_end() {
    let server = listing(Listing {
        items: items(30),
        per_page_cap: 10,
        reported: as_reported,
        empty_page: Some(1),
        calls: Arc::default(),
    })
    .await;
    let core = core(&server);
    let (seen, error) = collect(index_pages(&core).page_size(10)).await;
    assert_eq!(seen, items(10));
    let Some(Error::Pagination(message)) = error else {
        panic!("a pagination error: {error:?}")
    };
    assert!(message.contains("came back empty"), "{message}");
}

#[tokio::test]
async fn a_shrinking_total_is_reported_and_a_growing_one_followed() {
    fn shrinks(page: usize, total: usize) -> usize {
        if page == 0 { total } else { total - 1 }
    }
    fn grows(page: usize, total: usize) -> usize {
        if page == 0 { total - 5 } else { total }
    }
    let server = listing(Listing {
        items: items(30),
        per_page_cap: 10,
        reported: shrinks,
        empty_page: None,
        calls: Arc::default(),
    })
    .await;
    let core_a = core(&server);
    let (seen, error) = collect(index_pages(&core_a).page_size(10)).await;
    assert_eq!(seen.len(), 10);
    assert!(matches!(error, Some(Error::Pagination(ref m)) if m.contains("fell from 30 to 29")));

    let server = listing(Listing {
        items: items(30),
        per_page_cap: 10,
        reported: grows,
        empty_page: None,
        calls: Arc::default(),
    })
    .await;
    let core_b = core(&server);
    let (seen, error) = collect(index_pages(&core_b).page_size(10)).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(seen, items(30));
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"detail": "no"})))
        .mount(&server)
        .await;
    let core = core(&server);
    let mut pager = index_pages(&core);
    assert!(matches!(pager.next_page().await, Some(Err(Error::Api(_)))));
    assert!(pager.next_page().await.is_none());
}

#[derive(Debug, Deserialize)]
struct CursorPage {
    data: Vec<Value>,
    has_more: bool,
}

fn cursor_pages(core: &Arc<ClientCore>) -> Paginator<CursorPage, Value, Value> {
    let shared = Arc::clone(core);
    Paginator::new(
        core,
        move |query: &PageQuery| {
            let mut call = Call::new(
                &shared,
                "list",
                Method::GET,
                "/charges",
                decode::<CursorPage>,
            );
            if let Some(after) = &query.cursor {
                call = call.query("starting_after", after);
            }
            match query.limit {
                Some(limit) => call.query("limit", limit),
                None => call,
            }
        },
        |page: CursorPage| page.data,
        |page: &CursorPage| page.data.len(),
        PageStyle::Cursor {
            has_more: |page: &CursorPage| Some(page.has_more),
            last_cursor: |page: &CursorPage| {
                page.data.last()?.get("id")?.as_str().map(str::to_owned)
            },
        },
    )
}

struct Charges {
    ids: Vec<String>,
    /// Ignore `starting_after` (a broken server): the cursor never moves.
    stuck: bool,
}

impl Respond for Charges {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let limit: usize = param(request, "limit").map_or(3, |l| l.parse().unwrap());
        let from = match param(request, "starting_after") {
            Some(after) if !self.stuck => self.ids.iter().position(|id| *id == after).unwrap() + 1,
            _ => 0,
        };
        let to = (from + limit).min(self.ids.len());
        let data: Vec<Value> = self.ids[from..to]
            .iter()
            .map(|id| json!({"id": id}))
            .collect();
        ResponseTemplate::new(200)
            .set_body_json(json!({"data": data, "has_more": to < self.ids.len()}))
    }
}

#[tokio::test]
async fn cursor_paging_follows_the_last_id_while_there_is_more() {
    let ids: Vec<String> = (0..8).map(|i| format!("ch_{i}")).collect();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Charges {
            ids: ids.clone(),
            stuck: false,
        })
        .mount(&server)
        .await;
    let core = core(&server);
    let mut pager = cursor_pages(&core).page_size(3);
    let mut seen = Vec::new();
    while let Some(item) = pager.next_item().await {
        seen.push(item.unwrap()["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(seen, ids);
    let afters: Vec<Option<String>> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| param(r, "starting_after"))
        .collect();
    assert_eq!(afters, [None, Some("ch_2".into()), Some("ch_5".into())]);
}

#[tokio::test]
async fn a_cursor_that_does_not_move_is_an_error_not_a_loop() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Charges {
            ids: (0..8).map(|i| format!("ch_{i}")).collect(),
            stuck: true,
        })
        .mount(&server)
        .await;
    let core = core(&server);
    let mut pager = cursor_pages(&core).page_size(3);
    let mut pages = 0;
    let mut last = None;
    while let Some(page) = pager.next_page().await {
        pages += 1;
        last = Some(page);
        assert!(pages < 10, "looping");
    }
    assert!(matches!(last, Some(Err(Error::Pagination(_)))), "{last:?}");
}

#[derive(Debug, Deserialize)]
struct Issues(Vec<u32>);

fn link_pages(core: &Arc<ClientCore>) -> Paginator<Issues, u32, Value> {
    let shared = Arc::clone(core);
    Paginator::new(
        core,
        move |query: &PageQuery| {
            let call = Call::new(
                &shared,
                "list",
                Method::GET,
                "/repos/o/r/issues",
                decode::<Issues>,
            );
            match query.limit {
                Some(limit) => call.query("per_page", limit),
                None => call,
            }
        },
        |page: Issues| page.0,
        |page: &Issues| page.0.len(),
        PageStyle::Link,
    )
}

struct Linked {
    base: String,
    /// Where page 2 says page 3 is (to test foreign and looping links).
    third: fn(&str) -> String,
}

impl Respond for Linked {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let page: u32 = param(request, "page").map_or(1, |p| p.parse().unwrap());
        let per_page: u32 = param(request, "per_page").unwrap().parse().unwrap();
        let body: Vec<u32> = (0..per_page).map(|i| (page - 1) * per_page + i).collect();
        let next = match page {
            1 => Some(format!(
                "{}/repos/o/r/issues?per_page={per_page}&page=2",
                self.base
            )),
            2 => Some((self.third)(&self.base)),
            _ => None,
        };
        let mut response = ResponseTemplate::new(200).set_body_json(body);
        if let Some(next) = next {
            response = response.insert_header("link", format!("<{next}>; rel=\"next\""));
        }
        response
    }
}

async fn linked(third: fn(&str) -> String) -> MockServer {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(method("GET"))
        .respond_with(Linked { base, third })
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn link_paging_follows_rel_next_on_the_same_origin_only() {
    let server = linked(|base| format!("{base}/repos/o/r/issues?per_page=2&page=3")).await;
    let core = core(&server);
    let mut pager = link_pages(&core).page_size(2);
    let mut seen = Vec::new();
    while let Some(item) = pager.next_item().await {
        seen.push(item.unwrap());
    }
    assert_eq!(seen, [0, 1, 2, 3, 4, 5]);

    let server = linked(|_| "https://elsewhere.example/steal?page=3".to_owned()).await;
    let foreign = self::core(&server);
    let core = &foreign;
    let mut pager = link_pages(core).page_size(2);
    let mut results = Vec::new();
    while let Some(page) = pager.next_page().await {
        results.push(page.map(|p| p.0.len()));
    }
    assert_eq!(results.len(), 3);
    assert!(
        matches!(&results[2], Err(Error::Pagination(m)) if m.contains("leaves the client's base URL")),
        "{results:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    let server = linked(|base| format!("{base}/repos/o/r/issues?per_page=2&page=2")).await;
    let looping = self::core(&server);
    let mut pager = link_pages(&looping).page_size(2);
    let mut last = None;
    let mut pages = 0;
    while let Some(page) = pager.next_page().await {
        pages += 1;
        assert!(pages < 10, "looping");
        last = Some(page);
    }
    assert!(matches!(last, Some(Err(Error::Pagination(_)))), "{last:?}");
}

#[tokio::test]
async fn pages_and_items_are_streams() {
    use std::future::poll_fn;
    use std::pin::pin;

    use futures_core::Stream;

    let server = listing(Listing {
        items: items(12),
        per_page_cap: 5,
        reported: as_reported,
        empty_page: None,
        calls: Arc::default(),
    })
    .await;
    let core = core(&server);
    let mut stream = pin!(index_pages(&core).page_size(5).items());
    let mut seen = Vec::new();
    while let Some(item) = poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
        seen.push(item.unwrap());
    }
    assert_eq!(seen, items(12));
    let mut pages = pin!(index_pages(&core).page_size(5).pages());
    let mut sizes = Vec::new();
    while let Some(page) = poll_fn(|cx| pages.as_mut().poll_next(cx)).await {
        sizes.push(page.unwrap().resources.len());
    }
    assert_eq!(sizes, [5, 5, 2]);
}
