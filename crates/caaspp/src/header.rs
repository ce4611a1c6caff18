//! Recognising a file's layout from its header row (data-contract §6).
//!
//! A header belongs to a layout when its names, `Blank…` columns and a leading
//! `RecordIdentifier` column left aside, equal that layout's names (also without `Blank…`) in
//! order, compared case-insensitively after trimming. A UTF-8 byte-order mark before the
//! header is ignored. The delimiter is taken from the header line: a caret if it has one,
//! else a comma (an RFC 4180 copy), since no header name holds either character.
//!
//! Because `Blank…` columns may be renumbered or differ in number between copies of the same
//! year, the file's columns are mapped to the layout's by the rank of each non-blank name,
//! not by position.

use std::path::Path;

use crate::error::{HeaderError, HeaderProblem, UnknownHeader};
use crate::layout::{is_blank_name, layouts, Field, Layout};
use crate::values::quote_value;

/// How the fields of a file are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Delimiter {
    /// `^`, the state's delimited format. Caret files carry no quoting.
    Caret,
    /// `,`, a copy re-saved as comma-separated values with RFC 4180 quoting.
    Comma,
}

impl Delimiter {
    /// The delimiter byte.
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Caret => b'^',
            Delimiter::Comma => b',',
        }
    }
}

/// The name of the column some LEA exports put in front of the state's columns.
const RECORD_IDENTIFIER: &str = "recordidentifier";

/// A header row matched to its layout.
#[derive(Debug)]
pub(crate) struct RecognisedHeader {
    pub layout: &'static Layout,
    pub delimiter: Delimiter,
    /// Whether a leading `RecordIdentifier` column was left aside.
    pub record_identifier: bool,
    /// The file's header names, trimmed, as the file spells them (for messages).
    pub names: Vec<String>,
    /// The file's 0-based column of each [`Field`] the layout has.
    pub columns: [Option<usize>; Field::ALL.len()],
}

impl RecognisedHeader {
    pub(crate) fn column(&self, field: Field) -> Option<usize> {
        self.columns[field as usize]
    }
}

/// Removes a UTF-8 byte-order mark and the line ending.
pub(crate) fn strip_header_line(line: &[u8]) -> &[u8] {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Splits a header line into names and matches them to a layout.
pub(crate) fn recognise(file: &Path, line: &[u8]) -> Result<RecognisedHeader, HeaderError> {
    let line = strip_header_line(line);
    let header_error = |problem| HeaderError {
        file: file.to_path_buf(),
        problem,
    };
    if line.trim_ascii().is_empty() {
        return Err(header_error(HeaderProblem::Empty));
    }
    let delimiter = if line.contains(&b'^') {
        Delimiter::Caret
    } else if line.contains(&b',') {
        Delimiter::Comma
    } else {
        // A single name: no layout has one column, so this ends as an unknown header.
        Delimiter::Caret
    };
    let raw_names = split_header(line, delimiter);
    let mut names = Vec::with_capacity(raw_names.len());
    for (i, raw) in raw_names.iter().enumerate() {
        match std::str::from_utf8(raw) {
            Ok(name) => names.push(name.trim().to_string()),
            Err(_) => return Err(header_error(HeaderProblem::NotUtf8 { column: i + 1 })),
        }
    }

    let record_identifier = names
        .first()
        .is_some_and(|n| n.eq_ignore_ascii_case(RECORD_IDENTIFIER));
    let skip = usize::from(record_identifier);
    // (file column, folded name) of the names that take part in recognition.
    let significant: Vec<(usize, String)> = names
        .iter()
        .enumerate()
        .skip(skip)
        .filter(|(_, n)| !is_blank_name(n))
        .map(|(i, n)| (i, n.to_lowercase()))
        .collect();

    let matching = layouts().iter().find(|layout| {
        layout.significant_folded.len() == significant.len()
            && layout
                .significant_folded
                .iter()
                .zip(&significant)
                .all(|(a, (_, b))| a == b)
    });
    let Some(layout) = matching else {
        let folded: Vec<&str> = significant.iter().map(|(_, n)| n.as_str()).collect();
        let mut unknown = describe_unknown(&folded, &significant, &names);
        unknown.same_column_count = layouts()
            .iter()
            .find(|l| l.headers().len() == names.len() - skip);
        return Err(header_error(HeaderProblem::Unknown(Box::new(unknown))));
    };

    let mut columns = [None; Field::ALL.len()];
    for field in Field::ALL {
        if let Some(layout_column) = layout.column(field) {
            let rank =
                layout.significant_rank[layout_column].expect("a field is never a Blank… column");
            columns[field as usize] = Some(significant[rank].0);
        }
    }
    Ok(RecognisedHeader {
        layout,
        delimiter,
        record_identifier,
        names,
        columns,
    })
}

/// Splits the header line. A comma copy may quote its names; a caret file has no quoting.
fn split_header(line: &[u8], delimiter: Delimiter) -> Vec<Vec<u8>> {
    match delimiter {
        Delimiter::Caret => line.split(|&b| b == b'^').map(<[u8]>::to_vec).collect(),
        Delimiter::Comma => {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(line);
            let mut record = csv::ByteRecord::new();
            match reader.read_byte_record(&mut record) {
                Ok(true) => record.iter().map(<[u8]>::to_vec).collect(),
                // A malformed quote on the header line: keep the raw split so that the
                // unknown-header message still shows what differs.
                _ => line.split(|&b| b == b',').map(<[u8]>::to_vec).collect(),
            }
        }
    }
}

/// A layout compared with the file: distance, layout, aligned index pairs.
type Candidate = (usize, &'static Layout, Vec<(usize, usize)>);

/// Finds the closest layout (fewest names to insert and delete) and lists what differs.
fn describe_unknown(
    folded: &[&str],
    significant: &[(usize, String)],
    names: &[String],
) -> UnknownHeader {
    // (distance, layout, aligned index pairs) of the best layout so far.
    let mut best: Option<Candidate> = None;
    for layout in layouts() {
        let theirs: Vec<&str> = layout
            .significant_folded
            .iter()
            .map(String::as_str)
            .collect();
        let pairs = longest_common_subsequence(&theirs, folded);
        let distance = theirs.len() + folded.len() - 2 * pairs.len();
        // `<=` so that a tie goes to the newer layout (layouts are oldest first).
        if best.as_ref().is_none_or(|(d, _, _)| distance <= *d) {
            best = Some((distance, layout, pairs));
        }
    }
    let (_, closest, pairs) = best.expect("there are ten layouts");

    let layout_names: Vec<(usize, &String)> = closest
        .headers()
        .iter()
        .enumerate()
        .filter(|(_, n)| !is_blank_name(n))
        .collect();
    let mut layout_aligned = vec![false; layout_names.len()];
    let mut file_aligned = vec![false; folded.len()];
    for &(a, b) in &pairs {
        layout_aligned[a] = true;
        file_aligned[b] = true;
    }
    let file_unaligned: std::collections::HashSet<&str> = (0..folded.len())
        .filter(|&j| !file_aligned[j])
        .map(|j| folded[j])
        .collect();
    let layout_unaligned: std::collections::HashSet<&str> = (0..layout_names.len())
        .filter(|&i| !layout_aligned[i])
        .map(|i| closest.significant_folded[i].as_str())
        .collect();

    let mut missing = Vec::new();
    let mut out_of_order = Vec::new();
    for (i, (_, name)) in layout_names.iter().enumerate() {
        if layout_aligned[i] {
            continue;
        }
        if file_unaligned.contains(closest.significant_folded[i].as_str()) {
            out_of_order.push(quote_value(name.as_bytes()));
        } else {
            missing.push(quote_value(name.as_bytes()));
        }
    }
    let unexpected_indexes: Vec<usize> = (0..folded.len())
        .filter(|&j| !file_aligned[j] && !layout_unaligned.contains(folded[j]))
        .collect();
    // A first line that shares under half its names with every layout is probably data.
    let looks_like_data = pairs.len() * 2 < closest.significant_folded.len();
    let unexpected = if looks_like_data {
        Vec::new()
    } else {
        unexpected_indexes
            .iter()
            .map(|&j| quote_header_name(&names[significant[j].0]))
            .collect()
    };
    UnknownHeader {
        closest,
        shared: pairs.len(),
        missing,
        unexpected_count: unexpected_indexes.len(),
        unexpected,
        out_of_order,
        file_columns: names.len(),
        same_column_count: None,
    }
}

/// Quotes a name from the file, withholding one with a long digit run (an identifier in a
/// header position must not reach a message, data-contract §6).
fn quote_header_name(name: &str) -> String {
    let mut run = 0;
    let longest_digit_run = name.bytes().fold(0, |longest, b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        longest.max(run)
    });
    if longest_digit_run >= 6 {
        "(a name with a long number, not shown)".to_string()
    } else {
        quote_value(name.as_bytes())
    }
}

/// Index pairs (i in `a`, j in `b`) of one longest common subsequence, in order.
fn longest_common_subsequence(a: &[&str], b: &[&str]) -> Vec<(usize, usize)> {
    let width = b.len() + 1;
    // lengths[i * width + j] = LCS length of a[i..] and b[j..]; at most 401² cells.
    let mut lengths = vec![0u16; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lengths[i * width + j] = if a[i] == b[j] {
                lengths[(i + 1) * width + j + 1] + 1
            } else {
                lengths[(i + 1) * width + j].max(lengths[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut pairs = Vec::new();
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::layout_by_label;

    fn caret_header(layout: &Layout) -> String {
        layout.headers().join("^")
    }

    /// Every layout's own header is recognised as that layout, with and without a BOM and
    /// CRLF, and only as that layout.
    #[test]
    fn every_layout_recognises_itself() {
        for layout in layouts() {
            let line = format!("\u{feff}{}\r\n", caret_header(layout));
            let got = recognise(Path::new("f.txt"), line.as_bytes()).unwrap();
            assert_eq!(got.layout.label(), layout.label());
            assert_eq!(got.delimiter, Delimiter::Caret);
            assert!(!got.record_identifier);
            for field in Field::ALL {
                assert_eq!(got.column(field), layout.column(field));
            }
        }
    }

    /// Case and surrounding spaces do not matter; internal spelling does.
    #[test]
    fn names_compare_case_insensitively_after_trim() {
        let layout = layout_by_label("2021-22").unwrap();
        let line: Vec<String> = layout
            .headers()
            .iter()
            .map(|h| format!(" {} ", h.to_uppercase()))
            .collect();
        let got = recognise(Path::new("f"), line.join("^").as_bytes()).unwrap();
        assert_eq!(got.layout.label(), "2021-22");
    }

    /// The alignment behind "closest layout": a, c and d line up, b and x do not.
    #[test]
    fn lcs_pairs() {
        let pairs = longest_common_subsequence(&["a", "b", "c", "d"], &["a", "c", "x", "d"]);
        assert_eq!(pairs, [(0, 0), (2, 1), (3, 3)]);
    }

    /// A renamed column makes the header unknown; the closest layout is the one it came
    /// from, the old name is missing and the new one unexpected.
    #[test]
    fn renamed_column_names_closest_layout() {
        let layout = layout_by_label("2024-25").unwrap();
        let mut names = layout.headers().to_vec();
        names[1] = "StudentSSID".to_string();
        let err = recognise(Path::new("f"), names.join("^").as_bytes()).unwrap_err();
        let HeaderProblem::Unknown(u) = err.problem else {
            panic!("unknown header expected")
        };
        assert_eq!(u.closest.label(), "2024-25");
        assert_eq!(u.missing, ["\"SSID\""]);
        assert_eq!(u.unexpected, ["\"StudentSSID\""]);
        assert!(u.out_of_order.is_empty());
    }

    /// Two swapped names are listed as out of order, not as missing and unexpected.
    #[test]
    fn swapped_columns_are_out_of_order() {
        let layout = layout_by_label("2020-21").unwrap();
        let mut names = layout.headers().to_vec();
        names.swap(1, 2);
        let err = recognise(Path::new("f"), names.join("^").as_bytes()).unwrap_err();
        let HeaderProblem::Unknown(u) = err.problem else {
            panic!("unknown header expected")
        };
        assert_eq!(u.closest.label(), "2020-21");
        assert!(u.missing.is_empty() && u.unexpected_count == 0);
        assert_eq!(u.out_of_order.len(), 1);
    }

    /// A file holding only a BOM and a line end has no header row.
    #[test]
    fn empty_header() {
        let err = recognise(Path::new("f"), b"\xEF\xBB\xBF\r\n").unwrap_err();
        assert!(matches!(err.problem, HeaderProblem::Empty));
    }

    /// Header names with single digits are shown; a 10-digit "name" (an SSID in the header
    /// position) is not.
    #[test]
    fn digit_runs_withheld() {
        assert_eq!(
            quote_header_name("SmarterClaim1PLMinus1"),
            "\"SmarterClaim1PLMinus1\""
        );
        assert!(!quote_header_name("1234567890").contains("1234567890"));
    }
}
