//! What long work reports upward while it runs: a stage starting, bytes read while loading.
//!
//! Loading and the pipeline take an [`Events`] sink (a plain callback) instead of the printer,
//! so they never know how progress is shown; the command layer decides (a spinner and a bar
//! on a terminal, nothing in a nightly job's log). Warnings do not travel this way: stages
//! return them as values, and the command layer prints them once the run has succeeded.

/// One thing that happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// A stage begins; its name is the one the manifest's `stage_seconds` uses.
    StageStarted(&'a str),
    /// Loading is about to read this many bytes of input files in all.
    ReadStarted { total_bytes: u64 },
    /// This many more bytes of input were read.
    BytesRead(u64),
}

/// Where events go. Called from whichever thread does the work.
pub type Events<'a> = &'a (dyn Fn(Event<'_>) + Sync);

/// A sink that drops every event (tests, library callers without a terminal).
pub fn ignore(_: Event<'_>) {}
