//! Requests per second through the generated SDK against the same requests written by hand
//! with `reqwest` + `serde_json`, and heap allocations per request on each side.
//!
//! Run with `cargo bench -p tests --bench sdk_vs_hand` (release profile). Without `--bench`
//! (for example under `cargo test --all-targets`) it only checks the two sides against each
//! other and runs a few hundred requests, so it stays fast.
//! With `SDK_VS_HAND_ONLY=sdk` or `=hand` it sends only that side's get-user requests, for
//! profiling one side at a time.
//!
//! Set-up:
//! - An in-process HTTP/1.1 server (plain tokio TCP, keep-alive, canned responses chosen by
//!   method and path, correct `Content-Length`) runs on its own thread and current-thread
//!   runtime. The client side runs on the main thread in another current-thread runtime, so
//!   on a 2-core machine each side has a core.
//! - Both sides share one `reqwest::Client` (the SDK gets a clone through `.http_client(..)`),
//!   hence the same connection pool and the same single keep-alive connection.
//! - The hand-written side deserialises into the SDK's own model types (`ScimUserResponse`,
//!   `ScimUserSearchResponse`) and serialises the SDK's `ScimUser`, so serde work is identical
//!   and only the request path differs. It does what the SDK does for a successful call:
//!   builds the URL with the id percent-encoded as one path segment (`Url::path_segments_mut`),
//!   percent-encodes the search query (`Url::query_pairs_mut`), sends the bearer token and the
//!   same `User-Agent` and `Accept` (header values built once or static), a
//!   30 s per-request timeout (the SDK's default), `Content-Type` and the serialised body for
//!   the POST, checks the status (200, or 201 for the create) and decodes the body. It does
//!   not retry, re-authenticate, trace or decode error bodies: that is what the SDK adds.
//! - Before measuring, one request per operation from each side is captured by the server:
//!   request line, header set and body must match (the search query only differs in `+` vs
//!   `%20` for spaces), and both sides must decode equal values.
//! - Per operation: a warm-up, then 5 rounds of a fixed number of sequential requests per
//!   side (never two requests in flight). A round is sent in 10 blocks per side alternating
//!   SDK and hand (ABBA...), so that load from other processes falls on both sides alike.
//!   Reported per side, as the median of the 5 rounds: requests/s (wall clock), the ratio
//!   of the medians (SDK / hand), client-thread CPU time per request (Linux
//!   `/proc/thread-self/schedstat`; it excludes the server thread and time spent waiting for
//!   a core, so it is the steadier measure of client-side overhead on a busy machine), and
//!   allocations and bytes allocated per request on the client thread (`alloc`,
//!   `alloc_zeroed` and `realloc` calls, and the sizes they asked for), counted by a
//!   `#[global_allocator]` wrapper around `System`. Both ratios are also given per round
//!   (min..max), each round's SDK and hand blocks paired, which shows the run's noise.
//! - The wall clock cannot resolve a few per cent on a shared VM; BENCHMARKS.md shows how to
//!   count the client thread's instructions per request with callgrind instead.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]
#![allow(
    unsafe_code,
    reason = "a counting global allocator measures allocations per call"
)]

use std::collections::BTreeSet;
use std::error::Error as StdError;
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, USER_AGENT};
use reqwest::{StatusCode, Url};
use ringcentral_scim::RingCentral;
use ringcentral_scim::models::{ScimUser, ScimUserResponse, ScimUserSearchResponse};

mod alloc;
mod server;

use alloc::{COUNTING, allocation_counters};
use server::{
    CLIENT_USER_AGENT, Recorder, SCIM_ACCEPT, SEARCH_COUNT, SEARCH_FILTER, TIMEOUT, TOKEN, USER_ID,
    find, new_user, start_server,
};

// ---------------------------------------------------------------------------------------
// The two clients.

type BoxError = Box<dyn StdError + Send + Sync>;

struct Context {
    sdk: RingCentral,
    hand: Hand,
    new_user: ScimUser,
}

/// What a hand-written client keeps between requests.
struct Hand {
    http: reqwest::Client,
    /// `<base>/scim/v2/Users`, parsed once.
    users_url: Url,
    authorization: HeaderValue,
    user_agent: HeaderValue,
}

impl Hand {
    async fn get_user(&self, id: &str) -> Result<ScimUserResponse, BoxError> {
        let mut url = self.users_url.clone();
        url.path_segments_mut()
            .map_err(|()| "the base URL cannot have a path")?
            .push(id);
        let response = self
            .http
            .get(url)
            .header(AUTHORIZATION, self.authorization.clone())
            .header(USER_AGENT, self.user_agent.clone())
            .header(ACCEPT, HeaderValue::from_static(SCIM_ACCEPT))
            .timeout(TIMEOUT)
            .send()
            .await?;
        if response.status() != StatusCode::OK {
            return Err(format!("unexpected status {}", response.status()).into());
        }
        let body = response.bytes().await?;
        Ok(serde_json::from_slice(&body)?)
    }

    async fn create_user(&self, user: &ScimUser) -> Result<ScimUserResponse, BoxError> {
        let body = serde_json::to_vec(user)?;
        let response = self
            .http
            .post(self.users_url.clone())
            .header(AUTHORIZATION, self.authorization.clone())
            .header(USER_AGENT, self.user_agent.clone())
            .header(ACCEPT, HeaderValue::from_static(SCIM_ACCEPT))
            .header(
                CONTENT_TYPE,
                HeaderValue::from_static("application/scim+json"),
            )
            .timeout(TIMEOUT)
            .body(body)
            .send()
            .await?;
        if response.status() != StatusCode::CREATED {
            return Err(format!("unexpected status {}", response.status()).into());
        }
        let body = response.bytes().await?;
        Ok(serde_json::from_slice(&body)?)
    }

    async fn search(
        &self,
        filter: &str,
        start_index: i32,
        count: i32,
    ) -> Result<ScimUserSearchResponse, BoxError> {
        let mut url = self.users_url.clone();
        url.query_pairs_mut()
            .append_pair("filter", filter)
            .append_pair("startIndex", &start_index.to_string())
            .append_pair("count", &count.to_string());
        let response = self
            .http
            .get(url)
            .header(AUTHORIZATION, self.authorization.clone())
            .header(USER_AGENT, self.user_agent.clone())
            .header(ACCEPT, HeaderValue::from_static(SCIM_ACCEPT))
            .timeout(TIMEOUT)
            .send()
            .await?;
        if response.status() != StatusCode::OK {
            return Err(format!("unexpected status {}", response.status()).into());
        }
        let body = response.bytes().await?;
        Ok(serde_json::from_slice(&body)?)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Sdk,
    Hand,
}

#[derive(Clone, Copy)]
enum Op {
    GetUser,
    CreateUser,
    Search,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::GetUser => "get-user",
            Op::CreateUser => "create-user",
            Op::Search => "search (100 users)",
        }
    }
}

/// One request from one side; panics on any failure (the benchmark must not hide errors).
async fn one_request(ctx: &Context, side: Side, op: Op) {
    match (side, op) {
        (Side::Sdk, Op::GetUser) => {
            black_box(
                ctx.sdk
                    .scim()
                    .scim_get_user2(USER_ID)
                    .await
                    .expect("SDK get"),
            );
        }
        (Side::Hand, Op::GetUser) => {
            black_box(ctx.hand.get_user(USER_ID).await.expect("hand get"));
        }
        (Side::Sdk, Op::CreateUser) => {
            black_box(
                ctx.sdk
                    .scim()
                    .scim_create_user2(&ctx.new_user)
                    .await
                    .expect("SDK create"),
            );
        }
        (Side::Hand, Op::CreateUser) => {
            black_box(
                ctx.hand
                    .create_user(&ctx.new_user)
                    .await
                    .expect("hand create"),
            );
        }
        (Side::Sdk, Op::Search) => {
            black_box(
                ctx.sdk
                    .scim()
                    .scim_search_via_get2()
                    .filter(SEARCH_FILTER)
                    .start_index(1)
                    .count(SEARCH_COUNT)
                    .await
                    .expect("SDK search"),
            );
        }
        (Side::Hand, Op::Search) => {
            black_box(
                ctx.hand
                    .search(SEARCH_FILTER, 1, SEARCH_COUNT)
                    .await
                    .expect("hand search"),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Equivalence check.

/// Request line (with `+` read as `%20`), lower-cased header lines as a set, and body.
fn normalise(request: &[u8]) -> (String, BTreeSet<String>, Vec<u8>) {
    let head_end = find(request, b"\r\n\r\n").expect("a complete head") + 4;
    let head = String::from_utf8_lossy(&request[..head_end]);
    let mut lines = head.split("\r\n").filter(|l| !l.is_empty());
    let request_line = lines.next().unwrap_or_default().replace('+', "%20");
    let headers = lines
        .map(|line| match line.split_once(':') {
            Some((name, value)) => format!("{}: {}", name.to_ascii_lowercase(), value.trim()),
            None => line.to_owned(),
        })
        .collect();
    (request_line, headers, request[head_end..].to_vec())
}

async fn check_equivalence(ctx: &Context, recorder: &Recorder) {
    // Same decoded values.
    let sdk_user = ctx
        .sdk
        .scim()
        .scim_get_user2(USER_ID)
        .await
        .expect("SDK get");
    let hand_user = ctx.hand.get_user(USER_ID).await.expect("hand get");
    assert_eq!(sdk_user, hand_user, "get-user decodes differently");
    let sdk_created = ctx.sdk.scim().scim_create_user2(&ctx.new_user).await;
    let hand_created = ctx
        .hand
        .create_user(&ctx.new_user)
        .await
        .expect("hand create");
    assert_eq!(sdk_created.expect("SDK create"), hand_created);
    let sdk_page = ctx
        .sdk
        .scim()
        .scim_search_via_get2()
        .filter(SEARCH_FILTER)
        .start_index(1)
        .count(SEARCH_COUNT)
        .await;
    let hand_page = ctx.hand.search(SEARCH_FILTER, 1, SEARCH_COUNT).await;
    let (sdk_page, hand_page) = (
        sdk_page.expect("SDK search"),
        hand_page.expect("hand search"),
    );
    assert_eq!(sdk_page, hand_page, "search decodes differently");
    assert_eq!(sdk_page.resources.as_ref().map(Vec::len), Some(100));

    // Same requests on the wire.
    for op in [Op::GetUser, Op::CreateUser, Op::Search] {
        recorder.on.store(true, Ordering::Relaxed);
        one_request(ctx, Side::Sdk, op).await;
        one_request(ctx, Side::Hand, op).await;
        recorder.on.store(false, Ordering::Relaxed);
        let requests = std::mem::take(&mut *recorder.requests.lock().expect("not poisoned"));
        assert_eq!(requests.len(), 2, "{}: one request per side", op.name());
        let (sdk, hand) = (normalise(&requests[0]), normalise(&requests[1]));
        assert_eq!(sdk.0, hand.0, "{}: request lines differ", op.name());
        assert_eq!(sdk.1, hand.1, "{}: headers differ", op.name());
        assert_eq!(sdk.2, hand.2, "{}: bodies differ", op.name());
        println!("{:<20} both sides send: {}", op.name(), sdk.0);
    }
}

// ---------------------------------------------------------------------------------------
// Measurement.

/// CPU time the calling thread has used, in nanoseconds (Linux `schedstat`); `None`
/// elsewhere. The read's own allocations are not counted.
fn thread_cpu_ns() -> Option<u64> {
    let counting = COUNTING.with(|on| on.replace(false));
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok();
    COUNTING.with(|on| on.set(counting));
    text?.split_whitespace().next()?.parse().ok()
}

/// What one side spent on one round of `requests` requests.
#[derive(Clone, Copy)]
struct Round {
    requests: u32,
    wall: Duration,
    cpu_ns: Option<u64>,
    allocs: u64,
    bytes: u64,
}

impl Round {
    fn new() -> Round {
        Round {
            requests: 0,
            wall: Duration::ZERO,
            cpu_ns: Some(0),
            allocs: 0,
            bytes: 0,
        }
    }

    fn per_second(&self) -> f64 {
        f64::from(self.requests) / self.wall.as_secs_f64()
    }

    fn cpu_us_per_request(&self) -> Option<f64> {
        Some(self.cpu_ns? as f64 / 1e3 / f64::from(self.requests))
    }

    fn allocs_per_request(&self) -> f64 {
        self.allocs as f64 / f64::from(self.requests)
    }

    fn bytes_per_request(&self) -> f64 {
        self.bytes as f64 / f64::from(self.requests)
    }
}

/// Sends `requests` requests from one side, adding time and allocations to `into`.
async fn block(ctx: &Context, side: Side, op: Op, requests: u32, into: &mut Round) {
    let cpu_before = thread_cpu_ns();
    let (allocs_before, bytes_before) = allocation_counters();
    let start = Instant::now();
    for _ in 0..requests {
        one_request(ctx, side, op).await;
    }
    let wall = start.elapsed();
    let (allocs_after, bytes_after) = allocation_counters();
    let cpu_after = thread_cpu_ns();
    into.requests += requests;
    into.wall += wall;
    into.allocs += allocs_after - allocs_before;
    into.bytes += bytes_after - bytes_before;
    into.cpu_ns = match (into.cpu_ns, cpu_before, cpu_after) {
        (Some(sum), Some(before), Some(after)) => Some(sum + (after - before)),
        _ => None,
    };
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

struct Summary {
    op: Op,
    requests: u32,
    sdk: Vec<Round>,
    hand: Vec<Round>,
}

fn med(rounds: &[Round], field: impl Fn(&Round) -> f64) -> f64 {
    median(rounds.iter().map(field).collect())
}

fn med_cpu(rounds: &[Round]) -> Option<f64> {
    let values: Option<Vec<f64>> = rounds.iter().map(Round::cpu_us_per_request).collect();
    values.map(median)
}

const ROUNDS: usize = 5;
/// Each round is sent in this many blocks per side, alternating SDK and hand (ABBA), so
/// that load from other processes hits both sides alike.
const BLOCKS: u32 = 10;

async fn bench_op(ctx: &Context, op: Op, requests: u32) -> Summary {
    let warm_up = (requests / 10).max(1);
    for side in [Side::Sdk, Side::Hand] {
        for _ in 0..warm_up {
            one_request(ctx, side, op).await;
        }
    }
    let mut summary = Summary {
        op,
        requests,
        sdk: Vec::new(),
        hand: Vec::new(),
    };
    let per_block = (requests / BLOCKS).max(1);
    for _ in 0..ROUNDS {
        let (mut sdk, mut hand) = (Round::new(), Round::new());
        for index in 0..BLOCKS {
            if index % 2 == 0 {
                block(ctx, Side::Sdk, op, per_block, &mut sdk).await;
                block(ctx, Side::Hand, op, per_block, &mut hand).await;
            } else {
                block(ctx, Side::Hand, op, per_block, &mut hand).await;
                block(ctx, Side::Sdk, op, per_block, &mut sdk).await;
            }
        }
        summary.sdk.push(sdk);
        summary.hand.push(hand);
    }
    summary
}

fn print_table(summaries: &[Summary]) {
    println!();
    println!(
        "| operation | requests x rounds | SDK req/s | hand req/s | SDK/hand | SDK allocs/req | hand allocs/req | SDK bytes/req | hand bytes/req |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for s in summaries {
        let sdk_rate = med(&s.sdk, Round::per_second);
        let hand_rate = med(&s.hand, Round::per_second);
        println!(
            "| {} | {} x {} | {:.0} | {:.0} | {:.3} | {:.1} | {:.1} | {:.0} | {:.0} |",
            s.op.name(),
            s.requests,
            ROUNDS,
            sdk_rate,
            hand_rate,
            sdk_rate / hand_rate,
            med(&s.sdk, Round::allocs_per_request),
            med(&s.hand, Round::allocs_per_request),
            med(&s.sdk, Round::bytes_per_request),
            med(&s.hand, Round::bytes_per_request),
        );
    }
    println!();
    println!("Noise (min..max over the {ROUNDS} rounds) and client-thread CPU time (medians):");
    println!();
    println!(
        "| operation | SDK req/s | hand req/s | SDK/hand per round | SDK CPU µs/req | hand CPU µs/req | CPU hand/SDK | CPU hand/SDK per round |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let range = |values: Vec<f64>, digits: usize| {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        format!("{min:.digits$}..{max:.digits$}")
    };
    for s in summaries {
        let rates = |rounds: &[Round]| rounds.iter().map(Round::per_second).collect::<Vec<_>>();
        let paired = s
            .sdk
            .iter()
            .zip(&s.hand)
            .map(|(sdk, hand)| sdk.per_second() / hand.per_second())
            .collect();
        let (sdk_cpu, hand_cpu) = (med_cpu(&s.sdk), med_cpu(&s.hand));
        let cpu = |value: Option<f64>, digits: usize| {
            value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.digits$}"))
        };
        // Paired by round, as the req/s column: a slow stretch of the machine falls on both.
        let cpu_paired: Option<Vec<f64>> = s
            .sdk
            .iter()
            .zip(&s.hand)
            .map(|(sdk, hand)| Some(hand.cpu_us_per_request()? / sdk.cpu_us_per_request()?))
            .collect();
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            s.op.name(),
            range(rates(&s.sdk), 0),
            range(rates(&s.hand), 0),
            range(paired, 3),
            cpu(sdk_cpu, 1),
            cpu(hand_cpu, 1),
            cpu(hand_cpu.zip(sdk_cpu).map(|(h, s)| h / s), 3),
            cpu_paired.map_or_else(|| "n/a".to_owned(), |values| range(values, 3)),
        );
    }
}

/// `SDK_VS_HAND_ONLY=sdk` (or `hand`): only that side's get-user, 50,000 times and nothing
/// else, for a profiler to compare the two runs (`perf record`, `strace -c`);
/// `sdk:create-user` or `hand:search` picks another operation, and a third part the count
/// (`sdk:search:1000`: a 100-user search under callgrind takes minutes per thousand).
fn profile_one_side(runtime: &tokio::runtime::Runtime, ctx: &Context, choice: &str) {
    let mut parts = choice.split(':');
    let side = parts.next().unwrap_or_default();
    let op = parts.next().unwrap_or("get-user");
    let count: u32 = parts.next().map_or(50_000, |count| {
        count
            .parse()
            .unwrap_or_else(|_| panic!("SDK_VS_HAND_ONLY's count is a number, not {count:?}"))
    });
    let side = match side {
        "sdk" => Side::Sdk,
        "hand" => Side::Hand,
        other => panic!("SDK_VS_HAND_ONLY starts with `sdk` or `hand`, not {other:?}"),
    };
    let op = match op {
        "get-user" => Op::GetUser,
        "create-user" => Op::CreateUser,
        "search" => Op::Search,
        other => {
            panic!("SDK_VS_HAND_ONLY's operation is get-user, create-user or search, not {other:?}")
        }
    };
    runtime.block_on(async {
        for _ in 0..count {
            one_request(ctx, side, op).await;
        }
    });
}

fn main() {
    // `cargo bench` passes `--bench`; anything else (e.g. `cargo test --all-targets`) gets
    // a quick smoke run.
    let full = std::env::args().any(|arg| arg == "--bench");
    let scale = if full { 1 } else { 100 };

    let recorder = Arc::new(Recorder::default());
    let address = start_server(recorder.clone());
    let base = format!("http://{address}");

    let http = reqwest::Client::builder()
        .build()
        .expect("the HTTP client builds");
    let sdk = RingCentral::builder()
        .access_token(TOKEN)
        .user_agent(CLIENT_USER_AGENT)
        .base_url(base.clone())
        .http_client(http.clone())
        .build()
        .expect("the SDK client builds");
    let hand = Hand {
        http,
        users_url: Url::parse(&format!("{base}/scim/v2/Users")).expect("a valid URL"),
        authorization: {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {TOKEN}")).expect("a valid header");
            value.set_sensitive(true);
            value
        },
        user_agent: HeaderValue::from_static(CLIENT_USER_AGENT),
    };
    let ctx = Context {
        sdk,
        hand,
        new_user: new_user(),
    };

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    if let Ok(side) = std::env::var("SDK_VS_HAND_ONLY") {
        profile_one_side(&runtime, &ctx, &side);
        return;
    }
    COUNTING.with(|on| on.set(true));
    let summaries = runtime.block_on(async {
        check_equivalence(&ctx, &recorder).await;
        let mut summaries = Vec::new();
        for (op, requests) in [
            (Op::GetUser, 20_000),
            (Op::CreateUser, 20_000),
            (Op::Search, 2_000),
        ] {
            summaries.push(bench_op(&ctx, op, requests / scale).await);
        }
        summaries
    });
    COUNTING.with(|on| on.set(false));
    print_table(&summaries);
    if !full {
        println!("\n(smoke run: pass `--bench`, as `cargo bench` does, for the real numbers)");
    }
}
