//! The one module that prints. Results and summaries go to stdout; errors, warnings and
//! progress to stderr in one style (`error: …` then `hint: …`). Progress (a spinner per
//! stage, a bar with a percentage while extracts load) shows only when stderr is a terminal
//! and `--quiet` is off, so nightly jobs' logs stay clean.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::error::{DataError, UsageError};
use crate::load::LoadProgress;

/// How many warnings are printed before pointing at the manifest.
const MAX_PRINTED_WARNINGS: usize = 10;

#[derive(Debug, Clone, Copy)]
pub struct Printer {
    quiet: bool,
    progress: bool,
}

/// A running stage's spinner; cleared when dropped.
pub struct Stage {
    bar: Option<ProgressBar>,
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Stage {
    /// Updates the spinner's message (no-op off a terminal).
    pub fn message(&self, msg: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(msg.to_string());
        }
    }
}

/// Loading turns the stage's spinner into a bar over the bytes of the files it reads.
impl LoadProgress for Stage {
    fn start(&self, total_bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total_bytes);
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {percent}% ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
        }
    }

    fn advance(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }
}

impl Printer {
    pub fn new(quiet: bool) -> Self {
        Printer {
            quiet,
            progress: !quiet && std::io::stderr().is_terminal(),
        }
    }

    /// A spinner for a long stage ("loading 2016"), on terminals only.
    pub fn stage(&self, name: &str) -> Stage {
        if !self.progress {
            return Stage { bar: None };
        }
        let bar = ProgressBar::new_spinner().with_message(name.to_string());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Stage { bar: Some(bar) }
    }

    /// A line of results on stdout (never suppressed: it is what the user asked for).
    pub fn out(&self, line: &str) {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{line}");
    }

    /// A status line on stderr, hidden by `--quiet`.
    pub fn status(&self, line: &str) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }

    /// Warnings on stderr, the first few in full, hidden by `--quiet`.
    pub fn warnings(&self, warnings: &[String], where_all: &str) {
        if self.quiet {
            return;
        }
        for w in warnings.iter().take(MAX_PRINTED_WARNINGS) {
            eprintln!("warning: {w}");
        }
        if warnings.len() > MAX_PRINTED_WARNINGS {
            eprintln!(
                "warning: … and {} more ({where_all})",
                warnings.len() - MAX_PRINTED_WARNINGS
            );
        }
    }

    /// An error as a one-line chain, then the data problems or the hint.
    pub fn error(&self, err: &anyhow::Error) {
        let mut stderr = std::io::stderr().lock();
        if let Some(data) = err.downcast_ref::<DataError>() {
            let _ = writeln!(stderr, "error: {data}");
            for line in data.lines() {
                let _ = writeln!(stderr, "  {line}");
            }
            let _ = writeln!(stderr, "hint: fix the listed rows; nothing was written");
            return;
        }
        let chain: Vec<String> = err.chain().map(|c| c.to_string()).collect();
        let _ = writeln!(stderr, "error: {}", chain.join(": "));
        if let Some(hint) = err
            .downcast_ref::<UsageError>()
            .and_then(|u| u.hint.as_deref())
        {
            let _ = writeln!(stderr, "hint: {hint}");
        }
    }
}
