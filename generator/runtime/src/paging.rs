//! The pages of a list operation, fetched one after the other as they are consumed: as a
//! `Stream` (or an iterator for blocking clients), of pages or of their items.
//!
//! Three ways of paging are known: by index (SCIM's 1-based `startIndex`/`count` with
//! `totalResults`), by cursor (Stripe's `starting_after` = the last item's id, while
//! `has_more`), and by the `Link: <...>; rel="next"` header (GitHub). Whatever the server
//! does, a paginator never asks for the same position twice (so it cannot loop forever) and
//! never skips silently: a page that comes back empty before `totalResults`, a total that
//! shrinks while paging, or a cursor that does not move end the stream with
//! `Error::Pagination`.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_core::Stream;
use reqwest::header::LINK;

use super::call::Call;
use super::core::ClientCore;
use super::error::Error;

/// Where a page starts, as a generated `pages()` turns it into parameters.
#[doc(hidden)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageQuery {
    /// Index paging: the position of the first item.
    pub start: i64,
    /// Cursor paging: the cursor to continue after (`None` for the first page).
    pub cursor: Option<String>,
    /// How many items to ask for, when the caller or the cap says.
    pub limit: Option<u64>,
}

/// How a generated `pages()` reads its pages.
#[doc(hidden)]
pub enum PageStyle<P> {
    /// Positions counted from `first`; `total` reads the number of items there are.
    Index {
        /// The position of the very first item (SCIM: 1).
        first: i64,
        /// Where the caller asked the first page to start (SCIM's `startIndex`), if they did.
        start: Option<i64>,
        /// `totalResults`, if the page says.
        total: fn(&P) -> Option<i64>,
    },
    /// A cursor taken from the last item, while the page says there is more.
    Cursor {
        /// Whether there are more pages (`has_more`).
        has_more: fn(&P) -> Option<bool>,
        /// The cursor the page's last item stands for (its `id`).
        last_cursor: fn(&P) -> Option<String>,
    },
    /// The next page's URL in the `Link` header.
    Link,
}

type Fetch<P, E> = Box<dyn FnMut(&PageQuery) -> Call<P, E> + Send>;

/// The pages of one list call. Set [`page_size`](Self::page_size) and
/// [`max_items`](Self::max_items), then consume [`pages`](Self::pages) or
/// [`items`](Self::items) (streams), or call [`next_page`](Self::next_page) and
/// [`next_item`](Self::next_item) yourself. Each page is sent like any call: retried,
/// timed out and failing the same way.
#[must_use = "a paginator fetches nothing until it is consumed"]
pub struct Paginator<P, I, E> {
    /// The client's runtime drives the blocking iterators.
    #[cfg_attr(
        not(feature = "blocking"),
        allow(dead_code, reason = "only the blocking iterators read it")
    )]
    core: Arc<ClientCore>,
    fetch: Fetch<P, E>,
    items_of: fn(P) -> Vec<I>,
    count_of: fn(&P) -> usize,
    style: PageStyle<P>,
    page_size: Option<u64>,
    max_items: Option<u64>,
    state: State<P, E>,
    /// Items handed out (or, for pages, in the pages handed out).
    seen: u64,
    buffer: VecDeque<I>,
}

enum State<P, E> {
    /// The first page is next.
    Start,
    /// Index paging: the next position, and the total the last page gave.
    Index {
        start: i64,
        total: Option<i64>,
    },
    /// Cursor paging: continue after this cursor.
    Cursor(String),
    /// Link paging: the first call (to follow links from) and the next URL.
    Link {
        first: Box<Call<P, E>>,
        next: String,
    },
    Done,
}

impl<P, I, E> Paginator<P, I, E> {
    /// A paginator calling `fetch` for each page.
    #[doc(hidden)]
    pub fn new(
        core: &Arc<ClientCore>,
        fetch: impl FnMut(&PageQuery) -> Call<P, E> + Send + 'static,
        items_of: fn(P) -> Vec<I>,
        count_of: fn(&P) -> usize,
        style: PageStyle<P>,
    ) -> Self {
        Paginator {
            core: Arc::clone(core),
            fetch: Box::new(fetch),
            items_of,
            count_of,
            style,
            page_size: None,
            max_items: None,
            state: State::Start,
            seen: 0,
            buffer: VecDeque::new(),
        }
    }

    /// Asks for this many items per page (the server may send fewer; that is fine). 0
    /// leaves the page size to the server, as not setting it does.
    pub fn page_size(mut self, size: u64) -> Self {
        self.page_size = (size > 0).then_some(size);
        self
    }

    /// Stops after this many items in all (pages stop once they hold that many).
    pub fn max_items(mut self, limit: u64) -> Self {
        self.max_items = Some(limit);
        self
    }

    /// What the next request asks for: the page size, lowered to what the cap leaves.
    fn limit(&self) -> Option<u64> {
        let remaining = self.max_items.map(|max| max.saturating_sub(self.seen));
        match (self.page_size, remaining) {
            (Some(size), Some(left)) => Some(size.min(left)),
            (size, left) => size.or(left),
        }
    }

    fn capped(&self) -> bool {
        self.max_items.is_some_and(|max| self.seen >= max)
    }

    /// Ends the stream with an error.
    fn fail(&mut self, message: String) -> Option<Result<P, Error<E>>> {
        self.state = State::Done;
        Some(Err(Error::Pagination(message)))
    }

    /// The next page, `None` once there are no more.
    pub async fn next_page(&mut self) -> Option<Result<P, Error<E>>> {
        if self.capped() {
            self.state = State::Done;
        }
        let limit = self.limit();
        let first_index = match &self.style {
            PageStyle::Index { first, start, .. } => first_position(*first, *start),
            _ => 0,
        };
        // What this request continues from; kept to check the server moved on.
        let (call, from) = match std::mem::replace(&mut self.state, State::Done) {
            State::Done => return None,
            State::Start => {
                let query = PageQuery {
                    start: first_index,
                    cursor: None,
                    limit,
                };
                ((self.fetch)(&query), From::Start)
            }
            State::Index { start, total } => {
                let query = PageQuery {
                    start,
                    cursor: None,
                    limit,
                };
                ((self.fetch)(&query), From::Index { start, total })
            }
            State::Cursor(cursor) => {
                let query = PageQuery {
                    start: 0,
                    cursor: Some(cursor.clone()),
                    limit,
                };
                ((self.fetch)(&query), From::Cursor(cursor))
            }
            State::Link { first, next } => match (*first).clone().follow(&next) {
                Ok(call) => (call, From::Link { first, url: next }),
                Err(problem) => return self.fail(problem),
            },
        };
        let first_call = matches!(self.style, PageStyle::Link).then(|| call.clone());
        let response = match call.send_with_response().await {
            Ok(response) => response,
            Err(error) => return Some(Err(error)),
        };
        let next_url = response
            .headers()
            .get_all(LINK)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find_map(next_link);
        let page = response.into_body();
        let count = (self.count_of)(&page);
        self.seen = self.seen.saturating_add(count as u64);
        let next = match &self.style {
            PageStyle::Index {
                first,
                start: asked,
                total,
            } => {
                let (start, before) = match from {
                    From::Index { start, total } => (start, total),
                    _ => (first_position(*first, *asked), None),
                };
                next_index(*first, start, before, total(&page), count, limit)
            }
            PageStyle::Cursor {
                has_more,
                last_cursor,
            } => {
                let more = has_more(&page).unwrap_or(count > 0) && count > 0;
                let after = if more { last_cursor(&page) } else { None };
                match (after, from) {
                    (Some(after), From::Cursor(before)) if after == before => Err(format!(
                        "the cursor did not move past {after}, so the same page would come again"
                    )),
                    (Some(after), _) => Ok(State::Cursor(after)),
                    (None, _) => Ok(State::Done),
                }
            }
            PageStyle::Link => match (next_url, from) {
                (Some(next), From::Link { url, .. }) if next == url => {
                    Err(format!("the next link points back at {next}"))
                }
                (Some(next), From::Link { first, .. }) => Ok(State::Link { first, next }),
                (Some(next), _) => match first_call {
                    Some(first) => Ok(State::Link {
                        first: Box::new(first),
                        next,
                    }),
                    None => Ok(State::Done),
                },
                (None, _) => Ok(State::Done),
            },
        };
        match next {
            Ok(state) => {
                self.state = state;
                Some(Ok(page))
            }
            Err(problem) => self.fail(problem),
        }
    }
}

/// Where a request continued from.
enum From<P, E> {
    Start,
    Index { start: i64, total: Option<i64> },
    Cursor(String),
    Link { first: Box<Call<P, E>>, url: String },
}

/// Where index paging starts: where the caller asked, but never before the first position.
/// A server reads a position before it as the first (SCIM: "less than 1 SHALL be
/// interpreted as 1", RFC 7644 §3.4.2.4); counting from the asked one would ask for the
/// items of the first page again.
fn first_position(first: i64, asked: Option<i64>) -> i64 {
    asked.map_or(first, |asked| asked.max(first))
}

/// Index paging's next state after a page of `count` items at `start`.
fn next_index<P, E>(
    first: i64,
    start: i64,
    before: Option<i64>,
    total: Option<i64>,
    count: usize,
    limit: Option<u64>,
) -> Result<State<P, E>, String> {
    if let (Some(before), Some(now)) = (before, total)
        && now < before
    {
        return Err(format!(
            "the total fell from {before} to {now} while paging, so items may have moved to \
             pages already read: start again to see them all"
        ));
    }
    let read = start.saturating_sub(first).saturating_add(count as i64);
    let more = match total {
        Some(total) if count == 0 && read < total => {
            return Err(format!(
                "the page at position {start} came back empty, but the server counts {total} \
                 items"
            ));
        }
        Some(total) => read < total,
        // Without a total, a short page is the last one.
        None => limit.is_none_or(|asked| count as u64 >= asked),
    };
    Ok(if more && count > 0 {
        State::Index {
            start: start.saturating_add(count as i64),
            total,
        }
    } else {
        State::Done
    })
}

/// The URL of `rel="next"` in one `Link` header value (RFC 8288).
fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|link| {
        let (target, params) = link.split_once(';')?;
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        let is_next = params.split(';').any(|param| {
            let param = param.trim();
            param
                .strip_prefix("rel=")
                .map(|rel| rel.trim_matches('"'))
                .is_some_and(|rel| {
                    rel.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("next"))
                })
        });
        is_next.then(|| target.to_owned())
    })
}

impl<P: Send + 'static, I: Send + 'static, E: Send + 'static> Paginator<P, I, E> {
    /// The next item, fetching pages as needed; `None` once there are no more.
    pub async fn next_item(&mut self) -> Option<Result<I, Error<E>>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(Ok(item));
            }
            let handed_out = self.seen;
            match self.next_page().await? {
                Ok(page) => {
                    let mut items = (self.items_of)(page);
                    // A page may bring more than the cap leaves: hand out only those.
                    if let Some(max) = self.max_items {
                        let allowed = max.saturating_sub(handed_out) as usize;
                        items.truncate(allowed);
                    }
                    self.buffer.extend(items);
                }
                Err(error) => return Some(Err(error)),
            }
        }
    }

    /// The pages, as a stream; it ends after the last page or the first error.
    pub fn pages(self) -> impl Stream<Item = Result<P, Error<E>>> + Send + 'static {
        Unfold::new(self, |mut pager| {
            Box::pin(async move {
                let page = pager.next_page().await;
                (pager, page)
            })
        })
    }

    /// The items of every page, as a stream; it ends after the last item or the first error.
    pub fn items(self) -> impl Stream<Item = Result<I, Error<E>>> + Send + 'static {
        Unfold::new(self, |mut pager| {
            Box::pin(async move {
                let item = pager.next_item().await;
                (pager, item)
            })
        })
    }
}

#[cfg(feature = "blocking")]
impl<P: Send + 'static, I: Send + 'static, E: Send + 'static> Paginator<P, I, E> {
    /// The pages, as an iterator for a client built with `build_blocking()`.
    pub fn pages_blocking(mut self) -> impl Iterator<Item = Result<P, Error<E>>> {
        std::iter::from_fn(move || {
            let core = Arc::clone(&self.core);
            match super::blocking::block_on(&core, self.next_page()) {
                Ok(page) => page,
                Err(error) => {
                    self.state = State::Done;
                    Some(Err(error))
                }
            }
        })
    }

    /// The items of every page, as an iterator for a client built with `build_blocking()`.
    pub fn items_blocking(mut self) -> impl Iterator<Item = Result<I, Error<E>>> {
        std::iter::from_fn(move || {
            let core = Arc::clone(&self.core);
            match super::blocking::block_on(&core, self.next_item()) {
                Ok(item) => item,
                Err(error) => {
                    self.state = State::Done;
                    self.buffer.clear();
                    Some(Err(error))
                }
            }
        })
    }
}

type Step<'a, S, T> = Pin<Box<dyn Future<Output = (S, Option<T>)> + Send + 'a>>;

/// A stream from a state and an async step that hands the state back with each item.
struct Unfold<'a, S, T> {
    state: Option<S>,
    pending: Option<Step<'a, S, T>>,
    step: fn(S) -> Step<'a, S, T>,
}

impl<'a, S, T> Unfold<'a, S, T> {
    fn new(state: S, step: fn(S) -> Step<'a, S, T>) -> Self {
        Unfold {
            state: Some(state),
            pending: None,
            step,
        }
    }
}

// Nothing in an `Unfold` is pinned in place: the future is boxed.
impl<S, T> Unpin for Unfold<'_, S, T> {}

impl<S, T> Stream for Unfold<'_, S, T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        if self.pending.is_none() {
            let Some(state) = self.state.take() else {
                return Poll::Ready(None);
            };
            self.pending = Some((self.step)(state));
        }
        let Some(pending) = self.pending.as_mut() else {
            return Poll::Ready(None);
        };
        match pending.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready((state, item)) => {
                self.pending = None;
                if item.is_some() {
                    self.state = Some(state);
                }
                Poll::Ready(item)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{first_position, next_link};

    #[test]
    fn a_start_before_the_first_position_is_the_first() {
        assert_eq!(first_position(1, None), 1);
        assert_eq!(first_position(1, Some(0)), 1);
        assert_eq!(first_position(1, Some(-3)), 1);
        assert_eq!(first_position(1, Some(7)), 7);
        assert_eq!(first_position(0, Some(-1)), 0);
    }

    #[test]
    fn finds_the_next_link_among_others() {
        let header = r#"<https://api.example.com/x?page=1>; rel="prev", <https://api.example.com/x?page=3>; rel="next", <https://api.example.com/x?page=9>; rel="last""#;
        assert_eq!(
            next_link(header).as_deref(),
            Some("https://api.example.com/x?page=3")
        );
        assert_eq!(next_link(r#"<a>; rel="last""#), None);
        assert_eq!(next_link("<a>; rel=next").as_deref(), Some("a"));
        assert_eq!(next_link("garbage"), None);
    }
}
