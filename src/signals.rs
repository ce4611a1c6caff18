//! SIGINT and SIGTERM: remove this process's staging and temporary folders, then exit with
//! 128 + the signal number, so an interrupted run leaves nothing behind (data-contract §3).
//! The report layer holds its registry's lock across a publication's swap, so the removal
//! never races a folder into place half-deleted.

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// Starts the thread that waits for SIGINT and SIGTERM.
pub(crate) fn install() -> anyhow::Result<()> {
    let mut signals = Signals::new([SIGINT, SIGTERM])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            core_index::report::publish::remove_temporaries();
            #[allow(clippy::exit)] // the process ends here, as the signal asked
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}
