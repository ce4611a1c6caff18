//! Publishing outputs all-or-nothing (data-contract §3): the only code that creates, renames
//! or removes files and folders.
//!
//! A run writes everything into a staging folder beside its target (`.OUT.tmp-PID-N`) and
//! then swaps it in with one atomic exchange of the two folders (Linux `renameat2` with
//! `RENAME_EXCHANGE`), so at every instant the target holds the previous complete output or
//! the new complete output, never a mix — also when two runs race into one target (each swap
//! is one step) or the process is killed. The previous output, now in the staging path, is
//! removed afterwards.
//!
//! Staging folders are registered in a process-wide list so that a SIGINT or SIGTERM handler
//! (the command layer's) can remove them with [`remove_temporaries`] before the process
//! exits; a staging folder left by a SIGKILL is removed by the next run into the same target.
//! The registry's lock is held across the swap, so the handler never deletes a folder that
//! is half-way into place.
#![allow(clippy::disallowed_methods)] // this module is where files are written

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use anyhow::Context;

use crate::error::UsageError;

/// Staging folders and files of this process not yet published or removed.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// The stem of the staging folders of [`Staging::prepare_files`], inside their target.
const FILE_STAGING: &str = "staging";
/// Distinguishes the staging paths of one process.
static NEXT_STAGING: AtomicU64 = AtomicU64::new(0);

/// Removes every staging folder and temporary file of this process and keeps the registry
/// locked, so no publication can start afterwards. For the signal handler, which exits next.
pub fn remove_temporaries() {
    let guard = TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner());
    for path in guard.iter() {
        if path.is_dir() {
            let _ = fs::remove_dir_all(path);
        } else {
            let _ = fs::remove_file(path);
        }
    }
    // The process is about to exit: never unlock, so no swap can follow the removal.
    std::mem::forget(guard);
}

fn register(path: &Path) {
    TEMPORARIES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(path.to_path_buf());
}

fn unregister(path: &Path) {
    TEMPORARIES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|p| p != path);
}

/// What may be replaced at a target that already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaceable {
    /// A folder whose `manifest.json` says `core-index` wrote it (compute), or an empty one.
    ComputeOutput,
    /// A folder holding this file, which the command always writes (`synth.json` of a
    /// synthetic data set, `comparison.csv`, `index.html` of report cards), or an empty one.
    Holding(&'static str),
    /// A folder holding `marker`, or holding nothing but files named `*suffix` (hidden
    /// entries aside: report cards written one at a time by `report --school`), or an empty
    /// one.
    HoldingOrOnly {
        marker: &'static str,
        suffix: &'static str,
    },
}

impl Replaceable {
    /// Whether the existing folder `dir` may be replaced (or, for `report --school`, added
    /// to).
    pub fn allows(self, dir: &Path) -> bool {
        let empty = fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none());
        empty
            || match self {
                Replaceable::ComputeOutput => fs::read_to_string(dir.join("manifest.json"))
                    .is_ok_and(|text| text.contains("\"program\": \"core-index\"")),
                Replaceable::Holding(marker) => dir.join(marker).is_file(),
                Replaceable::HoldingOrOnly { marker, suffix } => {
                    dir.join(marker).is_file()
                        || fs::read_dir(dir).is_ok_and(|entries| {
                            entries.flatten().all(|entry| {
                                let name = entry.file_name().to_string_lossy().to_string();
                                name.starts_with('.')
                                    || (name.ends_with(suffix)
                                        && entry.file_type().is_ok_and(|t| t.is_file()))
                            })
                        })
                }
            }
    }

    fn what(self) -> String {
        match self {
            Replaceable::ComputeOutput => "an output folder of core-index compute".into(),
            Replaceable::Holding(marker) => {
                format!("a folder written by core-index (with {marker})")
            }
            Replaceable::HoldingOrOnly { marker, suffix } => {
                format!("a folder written by core-index (with {marker}, or only {suffix} files)")
            }
        }
    }
}

/// A folder being filled, to be swapped in for `target` by [`Staging::publish`]. Dropped
/// without publishing, it is removed and the target is left as it was.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
}

impl Staging {
    /// Checks the target before any work is done and creates the staging folder beside it:
    /// a target that is a file, a folder that this run may not replace, or a place where no
    /// folder can be created is a usage error (exit 2) naming `option` (e.g. `--out`).
    pub fn prepare(
        target: &Path,
        option: &str,
        replaceable: Replaceable,
    ) -> Result<Staging, UsageError> {
        let shown = target.display();
        if target.is_file() {
            return Err(
                UsageError::new(format!("{option} {shown} is a file, not a folder")).with_hint(
                    format!("{option} names the folder to write; choose a new or empty folder"),
                ),
            );
        }
        if target.is_dir() && !replaceable.allows(target) {
            return Err(UsageError::new(format!(
                "{option} {shown} is a folder that is not {} and not empty; it would be replaced",
                replaceable.what()
            ))
            .with_hint(format!("choose a new or empty folder for {option}")));
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .filter(|n| n != "." && n != "..")
            .ok_or_else(|| UsageError::new(format!("{option} {shown} does not name a folder")))?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| {
            UsageError::new(format!(
                "{option} {shown}: cannot create {}: {e}",
                parent.display()
            ))
        })?;
        remove_stale_stagings(&parent, &name);
        let staging = parent.join(format!(
            ".{name}.tmp-{}-{}",
            std::process::id(),
            NEXT_STAGING.fetch_add(1, Ordering::Relaxed)
        ));
        register(&staging);
        fs::create_dir(&staging).map_err(|e| {
            unregister(&staging);
            UsageError::new(format!(
                "{option} {shown}: cannot write in {}: {e}",
                parent.display()
            ))
        })?;
        Ok(Staging {
            target: target.to_path_buf(),
            staging,
        })
    }

    /// A staging folder for files to add to, or replace in, the folder `target`, which may
    /// hold other files (a data folder that `import caaspp` adds an extract to). It is
    /// created inside `target` (`.staging.tmp-PID-N`), so every move stays on one file
    /// system; [`Staging::publish_files`] moves each staged file into place by its own
    /// atomic rename. `target` is created when absent; a file there is a usage error (exit
    /// 2) naming `option`.
    pub fn prepare_files(target: &Path, option: &str) -> Result<Staging, UsageError> {
        let shown = target.display();
        if target.exists() && !target.is_dir() {
            return Err(UsageError::new(format!(
                "{option} {shown} is a file, not a folder"
            )));
        }
        fs::create_dir_all(target)
            .map_err(|e| UsageError::new(format!("{option} {shown}: cannot create it: {e}")))?;
        remove_stale_stagings(target, FILE_STAGING);
        let staging = target.join(format!(
            ".{FILE_STAGING}.tmp-{}-{}",
            std::process::id(),
            NEXT_STAGING.fetch_add(1, Ordering::Relaxed)
        ));
        register(&staging);
        fs::create_dir(&staging).map_err(|e| {
            unregister(&staging);
            UsageError::new(format!("{option} {shown}: cannot write in it: {e}"))
        })?;
        Ok(Staging {
            target: target.to_path_buf(),
            staging,
        })
    }

    /// Moves the staged files `relative` (e.g. `2015/assessments.csv`), in the order
    /// given, into the target folder of [`Staging::prepare_files`], each in one atomic
    /// step: a file appears complete or not at all, and replaces a file of the same name
    /// in one step. A staged file whose folder does not exist in the target moves in with
    /// its folder, so a new year folder appears with its file already in it. A failure
    /// leaves the files moved before it in place and the rest unpublished.
    pub fn publish_files(self, relative: &[&str]) -> anyhow::Result<()> {
        sync_tree(&self.staging)
            .with_context(|| format!("cannot write in {}", self.target.display()))?;
        let registry = TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner());
        let moved = relative.iter().try_for_each(|rel| {
            let (source, dest) = (self.staging.join(rel), self.target.join(rel));
            let whole_folder = match (source.parent(), dest.parent()) {
                (Some(from), Some(to)) if from != self.staging && !to.exists() => {
                    Some((from.to_path_buf(), to.to_path_buf()))
                }
                _ => None,
            };
            match whole_folder {
                Some((from, to)) => fs::rename(&from, &to),
                // Already moved in with its folder.
                None if !source.exists() && dest.exists() => Ok(()),
                None => fs::rename(&source, &dest),
            }
            .with_context(|| format!("cannot move the new {} into place", dest.display()))
        });
        drop(registry);
        // `self` drops here: the staging folder and anything left in it are removed.
        moved
    }

    /// The folder being filled.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// The folder it will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes `bytes` as `relative` (e.g. `2016/index.csv`) inside the staging folder.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let mut file = self.create(relative)?;
        file.write_all(bytes)
            .and_then(|()| file.flush())
            .with_context(|| format!("cannot write {}", self.shown(relative)))
    }

    /// A buffered file `relative` inside the staging folder, for output written in pieces.
    pub fn create(&self, relative: &str) -> anyhow::Result<BufWriter<File>> {
        let path = self.staging.join(relative);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let file = File::create(&path)
            .with_context(|| format!("cannot create {}", self.shown(relative)))?;
        Ok(BufWriter::with_capacity(1 << 20, file))
    }

    /// The name a staged file will have once published, for messages.
    fn shown(&self, relative: &str) -> String {
        self.target.join(relative).display().to_string()
    }

    /// Swaps the staging folder in for the target in one step and removes what it replaced.
    pub fn publish(self) -> anyhow::Result<()> {
        sync_tree(&self.staging)
            .with_context(|| format!("cannot write {}", self.target.display()))?;
        let registry = TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner());
        let swapped = swap_in(&self.staging, &self.target);
        drop(registry);
        // Either way `self` is dropped next, which removes the staging path: after a swap it
        // holds the previous output (or nothing), after a failure the unpublished one.
        swapped
            .with_context(|| format!("cannot move the new output into {}", self.target.display()))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = remove_tree(&self.staging);
        unregister(&self.staging);
    }
}

fn remove_tree(path: &Path) -> std::io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Moves `staging` to `target`: an exchange when the target exists, a rename when it does
/// not (retried as an exchange when another run created it in between).
fn swap_in(staging: &Path, target: &Path) -> std::io::Result<()> {
    for _ in 0..8 {
        if target.exists() {
            match exchange(staging, target) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                other => return other,
            }
        }
        match fs::rename(staging, target) {
            Ok(()) => return Ok(()),
            // Another run published first: exchange with its output instead.
            Err(e) if target.exists() && e.kind() != std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(
        "the target kept changing while publishing",
    ))
}

/// Exchanges two paths atomically (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: two valid NUL-terminated paths; renameat2 reads them and touches no memory of ours.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Without an atomic exchange: the old output is moved aside and the new one renamed into
/// place, leaving a moment in which the target does not exist (never a mix).
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    let aside = a.with_extension("old");
    fs::rename(b, &aside)?;
    fs::rename(a, b)?;
    fs::rename(&aside, a)
}

/// Flushes every file of the staging folder to disk, so the swap never publishes a file
/// whose bytes a crash could still lose.
fn sync_tree(dir: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            sync_tree(&path)?;
        } else {
            File::open(&path)?.sync_all()?;
        }
    }
    File::open(dir)?.sync_all()
}

/// Removes staging folders of `name` in `parent` left by processes that no longer run
/// (killed with SIGKILL, which no handler sees).
fn remove_stale_stagings(parent: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().to_string();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = remove_tree(&entry.path());
        }
    }
}

/// Checks, before any work, that one file can be written at `path` (named by `option` in
/// messages): not a folder, and its folder exists or can be created. A usage error (exit 2)
/// otherwise.
pub fn prepare_file(path: &Path, option: &str) -> Result<(), UsageError> {
    if path.is_dir() {
        return Err(UsageError::new(format!(
            "{option} {} is a folder; it names the file to write",
            path.display()
        )));
    }
    if path.file_name().is_none() {
        return Err(UsageError::new(format!(
            "{option} {} does not name a file",
            path.display()
        )));
    }
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => fs::create_dir_all(dir).map_err(|e| {
            UsageError::new(format!(
                "{option} {}: cannot create {}: {e}",
                path.display(),
                dir.display()
            ))
        }),
        _ => Ok(()),
    }
}

/// Writes one file atomically at an exact path (a temporary file beside it, then a rename),
/// for outputs that are a single file (the cut-point file, an imported extract).
pub fn publish_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .with_context(|| format!("{} is not a file path", path.display()))?
        .to_string_lossy()
        .to_string();
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let temp = dir.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        NEXT_STAGING.fetch_add(1, Ordering::Relaxed)
    ));
    register(&temp);
    let written = (|| -> std::io::Result<()> {
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    unregister(&temp);
    written.with_context(|| format!("cannot write {}", path.display()))
}

/// A temporary folder of the run's own (the demo data, a recomputation), removed when
/// dropped or by the signal handler.
#[derive(Debug)]
pub struct TempFolder {
    path: PathBuf,
}

impl TempFolder {
    /// A new empty folder under the system's temporary folder.
    pub fn new(purpose: &str) -> anyhow::Result<TempFolder> {
        let path = std::env::temp_dir().join(format!(
            "core-index-{purpose}-{}-{}",
            std::process::id(),
            NEXT_STAGING.fetch_add(1, Ordering::Relaxed)
        ));
        // Registered and created under the registry's lock: a signal between the two
        // would otherwise remove nothing and leave the folder created after it.
        let mut registry = TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner());
        registry.push(path.clone());
        if let Err(e) = fs::create_dir_all(&path) {
            registry.retain(|p| p != &path);
            return Err(e).with_context(|| format!("cannot create {}", path.display()));
        }
        Ok(TempFolder { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `bytes` as `relative` inside the folder. The registry's lock is held while
    /// writing, so the signal handler removes the folder between two writes, never during
    /// one, and no write can recreate it after its removal (the handler keeps the lock).
    pub fn write(&self, relative: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let _registry = TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner());
        let path = self.path.join(relative);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = remove_tree(&self.path);
        unregister(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(dir: &Path, run: &str) {
        fs::write(
            dir.join("manifest.json"),
            format!("{{\"program\": \"core-index\", \"run\": \"{run}\"}}"),
        )
        .unwrap();
    }

    #[test]
    fn publish_replaces_a_previous_output_in_one_step_and_leaves_no_staging() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        let first = Staging::prepare(&out, "--out", Replaceable::ComputeOutput).unwrap();
        first.write("a.csv", b"1").unwrap();
        first
            .write("manifest.json", b"{\"program\": \"core-index\"}")
            .unwrap();
        first.publish().unwrap();
        assert_eq!(fs::read(out.join("a.csv")).unwrap(), b"1");

        let second = Staging::prepare(&out, "--out", Replaceable::ComputeOutput).unwrap();
        second.write("b.csv", b"2").unwrap();
        manifest(second.path(), "2");
        second.publish().unwrap();
        assert!(
            !out.join("a.csv").exists(),
            "the old run is replaced as a whole"
        );
        assert_eq!(fs::read(out.join("b.csv")).unwrap(), b"2");
        let names: Vec<String> = fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(names, ["out"], "no staging folder is left");
    }

    #[test]
    fn a_dropped_staging_leaves_the_target_untouched() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        fs::create_dir(&out).unwrap();
        manifest(&out, "old");
        {
            let staging = Staging::prepare(&out, "--out", Replaceable::ComputeOutput).unwrap();
            staging.write("half.csv", b"x").unwrap();
        }
        assert!(fs::read_to_string(out.join("manifest.json"))
            .unwrap()
            .contains("old"));
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn targets_that_must_not_be_replaced_are_usage_errors() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("file");
        fs::write(&file, "x").unwrap();
        let err = Staging::prepare(&file, "--out", Replaceable::ComputeOutput).unwrap_err();
        assert!(err.message.contains("is a file"), "{}", err.message);
        let foreign = root.path().join("mine");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("thesis.docx"), "x").unwrap();
        let err = Staging::prepare(&foreign, "--out", Replaceable::ComputeOutput).unwrap_err();
        assert!(err.message.contains("not empty"), "{}", err.message);
        assert!(foreign.join("thesis.docx").exists());
    }

    #[test]
    fn a_card_folder_is_one_with_its_index_or_only_cards() {
        let root = tempfile::tempdir().unwrap();
        let cards = Replaceable::HoldingOrOnly {
            marker: "index.html",
            suffix: ".html",
        };
        let dir = root.path().join("cards");
        fs::create_dir(&dir).unwrap();
        assert!(cards.allows(&dir), "empty");
        fs::write(dir.join("0001.html"), "card").unwrap();
        fs::write(dir.join(".staging"), "hidden").unwrap();
        assert!(cards.allows(&dir), "only cards (hidden entries aside)");
        fs::write(dir.join("notes.txt"), "x").unwrap();
        assert!(!cards.allows(&dir), "another file");
        fs::write(dir.join("index.html"), "index").unwrap();
        assert!(cards.allows(&dir), "a whole card folder");
    }

    #[test]
    fn staged_files_join_a_folder_that_holds_other_files() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("data");
        fs::create_dir_all(data.join("2016")).unwrap();
        fs::write(data.join("2016/schools.csv"), "kept").unwrap();
        fs::write(data.join("2016/assessments.csv"), "old").unwrap();
        let staging = Staging::prepare_files(&data, "--data").unwrap();
        assert!(staging.path().starts_with(&data));
        staging.write("2016/assessments.csv", b"new").unwrap();
        staging.write("2015/assessments.csv", b"prior").unwrap();
        staging
            .publish_files(&["2015/assessments.csv", "2016/assessments.csv"])
            .unwrap();
        assert_eq!(fs::read(data.join("2016/schools.csv")).unwrap(), b"kept");
        assert_eq!(fs::read(data.join("2016/assessments.csv")).unwrap(), b"new");
        assert_eq!(
            fs::read(data.join("2015/assessments.csv")).unwrap(),
            b"prior"
        );
        let mut names: Vec<String> = fs::read_dir(&data)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        assert_eq!(names, ["2015", "2016"], "no staging folder is left");
    }

    #[test]
    fn unpublished_staged_files_leave_the_folder_as_it_was() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("data");
        fs::create_dir_all(data.join("2016")).unwrap();
        {
            let staging = Staging::prepare_files(&data, "--data").unwrap();
            staging.write("2016/assessments.csv", b"half").unwrap();
        }
        assert!(!data.join("2016/assessments.csv").exists());
        assert_eq!(fs::read_dir(&data).unwrap().count(), 1);
    }

    #[test]
    fn stale_stagings_of_dead_processes_are_removed() {
        let root = tempfile::tempdir().unwrap();
        // A PID far above the kernel's pid_max: no process runs under it.
        let stale = root.path().join(".out.tmp-999999999-0");
        fs::create_dir(&stale).unwrap();
        let staging = Staging::prepare(
            &root.path().join("out"),
            "--out",
            Replaceable::ComputeOutput,
        )
        .unwrap();
        assert!(!stale.exists());
        drop(staging);
    }
}
