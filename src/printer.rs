//! The one module that prints. Results and summaries go to stdout; errors, warnings and
//! progress to stderr in one style (`error: …` then `hint: …`, errors as a one-line chain).
//! Progress — a spinner naming the running stage, a bar with a percentage while extracts
//! load — shows only when stderr is a terminal and `--quiet` is off, so nightly jobs' logs
//! stay clean. The library never sees the printer: it emits [`Event`]s, which the command
//! layer hands to [`Printer::event`].
#![allow(clippy::print_stdout, clippy::print_stderr)] // this module is where output is printed

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::Duration;

use core_index::error::{DataError, UsageError};
use core_index::events::Event;
use indicatif::{ProgressBar, ProgressStyle};

/// How many warnings are printed before pointing at where the rest are.
const MAX_PRINTED_WARNINGS: usize = 10;

pub(crate) struct Printer {
    quiet: bool,
    progress: bool,
    /// The spinner or bar on screen, if any.
    current: Mutex<Option<ProgressBar>>,
}

impl Printer {
    pub(crate) fn new(quiet: bool) -> Self {
        Printer {
            quiet,
            progress: !quiet && std::io::stderr().is_terminal(),
            current: Mutex::new(None),
        }
    }

    /// Shows progress for an event of the library (terminal only).
    pub(crate) fn event(&self, event: Event<'_>) {
        if !self.progress {
            return;
        }
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        match event {
            Event::StageStarted(stage) => {
                if let Some(bar) = current.take() {
                    bar.finish_and_clear();
                }
                let bar = ProgressBar::new_spinner().with_message(stage_label(stage));
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                );
                bar.enable_steady_tick(Duration::from_millis(120));
                *current = Some(bar);
            }
            Event::ReadStarted { total_bytes } => {
                if let Some(bar) = current.as_ref() {
                    bar.set_length(total_bytes);
                    bar.set_style(
                        ProgressStyle::with_template(
                            "{spinner} {msg} [{bar:30}] {percent}% ({elapsed})",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> "),
                    );
                }
            }
            Event::BytesRead(bytes) => {
                if let Some(bar) = current.as_ref() {
                    bar.inc(bytes);
                }
            }
        }
    }

    /// Clears any progress shown.
    pub(crate) fn done(&self) {
        if let Some(bar) = self
            .current
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            bar.finish_and_clear();
        }
    }

    /// A line of results on stdout (never suppressed: it is what the user asked for).
    pub(crate) fn out(&self, line: &str) {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{line}");
    }

    /// A status line on stderr, hidden by `--quiet`.
    pub(crate) fn status(&self, line: &str) {
        if !self.quiet {
            self.done();
            eprintln!("{line}");
        }
    }

    /// Warnings on stderr, the first few in full, hidden by `--quiet`. `rest_in` says where
    /// the others can be read (e.g. "manifest.json"), when anywhere.
    pub(crate) fn warnings(&self, warnings: &[String], rest_in: Option<&str>) {
        if self.quiet {
            return;
        }
        self.done();
        for w in warnings.iter().take(MAX_PRINTED_WARNINGS) {
            eprintln!("warning: {w}");
        }
        if warnings.len() > MAX_PRINTED_WARNINGS {
            let more = warnings.len() - MAX_PRINTED_WARNINGS;
            match rest_in {
                Some(place) => eprintln!("warning: … and {more} more (see {place})"),
                None => eprintln!("warning: … and {more} more"),
            }
        }
    }

    /// An error as a one-line chain, then the data problems or the hint.
    pub(crate) fn error(&self, err: &anyhow::Error) {
        self.done();
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

impl Printer {
    /// A refusal that is not an error of the program (`verify`'s, exit 1): the message,
    /// each problem indented on its own line, then what to do, like a data error.
    pub(crate) fn refused(&self, message: &str, problems: &[String], hints: &[String]) {
        self.done();
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(stderr, "error: {message}");
        for problem in problems {
            let _ = writeln!(stderr, "  {problem}");
        }
        for hint in hints {
            let _ = writeln!(stderr, "hint: {hint}");
        }
    }
}

/// What a stage is called on screen.
fn stage_label(stage: &str) -> String {
    match stage {
        "inputs" => "reading cut points and history".into(),
        "load" => "loading extracts".into(),
        "metrics" => "computing metrics".into(),
        "growth" => "growth model".into(),
        "render" => "writing reports".into(),
        "change" => "change from the prior year".into(),
        other => other.to_string(),
    }
}
