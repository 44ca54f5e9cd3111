//! Blocking use (cargo feature `blocking`): a client built with `build_blocking()` owns a
//! small Tokio runtime, and `send_blocking()` drives calls on it from code that is not async,
//! for scripts and command-line tools. Same methods, same types, same errors.

use std::future::Future;

use super::core::ClientCore;
use super::error::Error;

/// The runtime of a blocking client. Dropped without waiting, so that dropping the client
/// inside async code does not panic.
pub(crate) struct BlockingRuntime(Option<tokio::runtime::Runtime>);

impl BlockingRuntime {
    pub(crate) fn new() -> std::io::Result<Self> {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map(|runtime| BlockingRuntime(Some(runtime)))
    }
}

impl Drop for BlockingRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl std::fmt::Debug for BlockingRuntime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlockingRuntime")
    }
}

/// Runs `future` to completion on the client's runtime, or says why it cannot: the client was
/// not built for blocking use, or this thread is already running async code (where blocking
/// would stall it, and Tokio would panic).
pub(crate) fn block_on<F: Future, E>(core: &ClientCore, future: F) -> Result<F::Output, Error<E>> {
    let Some(runtime) = core.blocking.as_ref().and_then(|r| r.0.as_ref()) else {
        return Err(Error::InvalidRequest(
            "this client is async: build it with `build_blocking()` to send blocking calls, \
             or await the call"
                .to_owned(),
        ));
    };
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::InvalidRequest(
            "a blocking call inside async code would stall it: await the call instead".to_owned(),
        ));
    }
    Ok(runtime.block_on(future))
}
