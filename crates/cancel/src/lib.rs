//! A cancellation token for tidings' long computations.
//!
//! A theme fit or a report runs for seconds to minutes. A caller that wants
//! to stop one early (an interactive user pressing Ctrl-C in Python, a
//! server whose client went away) hands the computation a [`Cancel`]
//! token and calls [`Cancel::cancel`] from another thread. The computation
//! checks the token between iterations and batches (never inside a tight
//! loop) and returns an error wrapping [`Interrupted`] soon after.
//!
//! - **No cost when unused**: [`Cancel::never`] (the default) holds no
//!   allocation and its check is a branch on `None`.
//! - **No effect on results**: a token is only read; a computation that is
//!   not cancelled returns exactly what it returns without a token.
//! - **No partial results**: a cancelled computation returns an error,
//!   never a half-finished value.
//!
//! ```
//! use tidings_cancel::{Cancel, Interrupted};
//! let token = Cancel::new();
//! let worker = token.clone();
//! let work = std::thread::spawn(move || -> Result<u64, Interrupted> {
//!     let mut n = 0u64;
//!     loop {
//!         worker.check()?; // between iterations
//!         n += 1;
//!     }
//! });
//! token.cancel();
//! assert_eq!(work.join().unwrap(), Err(Interrupted));
//! assert!(Cancel::never().check().is_ok());
//! ```
#![deny(missing_docs)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A shared flag that asks a computation to stop. Clones share the flag.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Option<Arc<AtomicBool>>);

/// The computation was cancelled through its [`Cancel`] token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted;

impl Cancel {
    /// A token that can be cancelled.
    pub fn new() -> Self {
        Cancel(Some(Arc::new(AtomicBool::new(false))))
    }

    /// A token that is never cancelled (the default): checking it costs a
    /// branch.
    pub fn never() -> Self {
        Cancel(None)
    }

    /// Asks every holder of a clone of this token to stop. Does nothing on
    /// [`Cancel::never`].
    pub fn cancel(&self) {
        if let Some(flag) = &self.0 {
            // Relaxed suffices: the flag orders no other memory; a checker
            // sees it at its next check at the latest soon after.
            flag.store(true, Ordering::Relaxed);
        }
    }

    /// Whether [`Cancel::cancel`] was called.
    #[inline]
    pub fn is_cancelled(&self) -> bool {
        self.0.as_ref().is_some_and(|f| f.load(Ordering::Relaxed))
    }

    /// `Err(Interrupted)` once the token is cancelled.
    ///
    /// # Errors
    /// [`Interrupted`] when [`Cancel::cancel`] was called.
    #[inline]
    pub fn check(&self) -> Result<(), Interrupted> {
        if self.is_cancelled() {
            Err(Interrupted)
        } else {
            Ok(())
        }
    }
}

/// Every token compares equal: a token is how a computation is run, not
/// what it computes, so it never makes two parameter sets differ.
impl PartialEq for Cancel {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_flag() {
        let a = Cancel::new();
        let b = a.clone();
        assert!(b.check().is_ok());
        a.cancel();
        assert!(b.is_cancelled());
        assert_eq!(b.check(), Err(Interrupted));
    }

    #[test]
    fn never_stays_uncancelled() {
        let t = Cancel::never();
        t.cancel();
        assert!(!t.is_cancelled());
        assert_eq!(Cancel::default(), Cancel::never());
    }

    #[test]
    fn tokens_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Cancel>();
        assert_send_sync::<Interrupted>();
    }
}
