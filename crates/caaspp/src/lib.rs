//! Reads and writes California's CAASPP Student Score Data File, as districts download it
//! from TOMS, for `core-index import caaspp` and the synthetic-data generator
//! (data-contract §6).
//!
//! The crate is pure logic plus file reading: it prints nothing and writes no file.
//!
//! # What it provides
//!
//! - [`layouts`]: the ten layouts 2015-16 … 2024-25 ([`Layout::label`],
//!   [`Layout::spring_year`], [`Layout::headers`], [`Layout::column`] of each [`Field`]).
//! - [`ScoreFileReader`]: one file, row by row. The layout is recognised from the header
//!   names; the delimiter (`^` or an RFC 4180 comma copy) from the header line. Each data row
//!   is a used [`Score`] with its [`Prior`] block, a row [`LeftOut`] with its reason, or an
//!   [`Error::Damage`].
//! - [`read_year_files`]: all files of one year merged into [`YearScores`] (scores, prior
//!   scores, counts per reason per file and in total, layout and delimiter per file),
//!   refusing an (SSID, subject) usable twice.
//! - [`header_line`] and [`format_row`] / [`write_row`]: a file in any layout, from
//!   [`RowFields`].
//!
//! Messages name the file, the 1-based data row and the column by its header name in the
//! file, and never contain an SSID. The decisions the contract leaves open are listed in
//! `DECISIONS.md` beside `Cargo.toml`.
//!
//! # Reading the files of a year
//!
//! ```
//! use caaspp::{header_line, layout_by_label, read_year_files, Delimiter, LeftOut};
//!
//! # let dir = std::env::temp_dir().join(format!("caaspp-doc-read-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).unwrap();
//! # let layout = layout_by_label("2024-25").unwrap();
//! # let mut text = header_line(layout, Delimiter::Caret) + "\n";
//! # for row in [
//! #     caaspp::RowFields { record_type: 1, ssid: "1000000001", calpads_school_code: "01234560000001",
//! #         grade_assessed: 5, include_indicator: 'Y', scale_score: "2502", sem: Some(25),
//! #         achievement_level: Some(3), ..Default::default() },
//! #     caaspp::RowFields { record_type: 3, ssid: "1000000002", calpads_school_code: "01234560000001",
//! #         grade_assessed: 5, include_indicator: 'Y', scale_score: "610", ..Default::default() },
//! # ] { text += &caaspp::format_row(layout, Delimiter::Caret, &row); text += "\n"; }
//! # std::fs::write(dir.join("district.txt"), text).unwrap();
//! let year = read_year_files(&[dir.join("district.txt")]).expect("a sound file");
//! let file = &year.files[0];
//! assert_eq!(file.layout.label(), "2024-25");
//! assert_eq!(file.layout.spring_year(), 2025); // the caller warns if this is not --year
//! assert_eq!(year.scores.len(), 1);
//! let score = &year.scores[0];
//! assert_eq!((score.subject.as_str(), score.grade, score.sem), ("ELA", 5, 25.0));
//! assert_eq!(score.school_id.as_str(), "01234560000001");
//! assert_eq!(year.left_out[&LeftOut::RecordType(3)], 1); // a CAA row
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```
//!
//! # Writing a row
//!
//! ```
//! use caaspp::{format_row, header_line, layout_by_label, Delimiter, PriorFields, RowFields};
//!
//! let layout = layout_by_label("2015-16").unwrap();
//! let header = header_line(layout, Delimiter::Caret);
//! let row = format_row(
//!     layout,
//!     Delimiter::Caret,
//!     &RowFields {
//!         record_type: 2,
//!         ssid: "1000000001",
//!         calpads_school_code: "01234560000001",
//!         grade_assessed: 6,
//!         include_indicator: 'Y',
//!         scale_score: "2533",
//!         sem: Some(48), // written "0048"
//!         achievement_level: Some(3),
//!         prior: Some(PriorFields { grade: 5, scale_score: "2480", sem: Some(27), level: None }),
//!         ..Default::default()
//!     },
//! );
//! assert_eq!(row.split('^').count(), 165);
//! assert!(row.starts_with("02^^1000000001^"));
//! assert!(header.starts_with("RecordType^UIN^Statewide Student_Identifier(SSID)^"));
//! ```

mod error;
mod header;
mod layout;
mod merge;
mod reader;
mod values;
mod writer;

pub use error::{
    Damage, DamageKind, DuplicateScore, Error, HeaderError, HeaderProblem, IdProblem, ImportError,
    RowDamage, UnknownHeader,
};
pub use header::Delimiter;
pub use layout::{layout_by_label, layouts, Field, Layout};
pub use merge::{read_year_files, FileSummary, YearScores};
pub use reader::{
    record_type_name, LeftOut, Prior, PriorLeftOut, PriorScore, Row, RowOutcome, Score,
    ScoreFileReader,
};
pub use values::{SchoolCode, Ssid, Subject};
pub use writer::{format_row, header_line, write_row, PriorFields, RowFields};

#[cfg(test)]
mod tests;
