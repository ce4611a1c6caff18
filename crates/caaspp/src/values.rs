//! Value types of a score row (student identifier, CDS code, subject) and the checks that
//! turn a raw field into one of them.
//!
//! Fields arrive as byte slices (already trimmed) so that reading a row allocates nothing
//! for the fields it does not keep. Identifiers are stored inline, not as `String`s, because a
//! year holds millions of rows.

use std::fmt;

use crate::error::IdProblem;

/// A 10-digit statewide student identifier (SSID).
///
/// Its `Debug` output hides the digits: data-contract §3 keeps student identifiers out of
/// every message, and a `{:?}` in a log line is the easiest way to leak one. Use
/// [`Ssid::as_str`] to write it into an extract.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ssid([u8; 10]);

impl Ssid {
    /// The identifier when `text` is exactly 10 ASCII digits.
    pub fn parse(text: &str) -> Option<Ssid> {
        let bytes: [u8; 10] = text.as_bytes().try_into().ok()?;
        bytes.iter().all(u8::is_ascii_digit).then_some(Ssid(bytes))
    }

    /// The ten digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).expect("ASCII digits")
    }

    /// The identifier as a number (for compact duplicate keys).
    pub(crate) fn as_number(&self) -> u64 {
        self.0
            .iter()
            .fold(0u64, |acc, d| acc * 10 + u64::from(d - b'0'))
    }

    pub(crate) fn from_digits(digits: [u8; 10]) -> Ssid {
        Ssid(digits)
    }
}

impl fmt::Debug for Ssid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ssid(<withheld>)")
    }
}

/// A 14-digit County-District-School code, leading zeros kept.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchoolCode([u8; 14]);

impl SchoolCode {
    /// The code when `text` is exactly 14 ASCII digits.
    pub fn parse(text: &str) -> Option<SchoolCode> {
        let bytes: [u8; 14] = text.as_bytes().try_into().ok()?;
        bytes
            .iter()
            .all(u8::is_ascii_digit)
            .then_some(SchoolCode(bytes))
    }

    /// The fourteen digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII digits")
    }

    pub(crate) fn from_digits(digits: [u8; 14]) -> SchoolCode {
        SchoolCode(digits)
    }
}

impl fmt::Debug for SchoolCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SchoolCode({})", self.as_str())
    }
}

impl fmt::Display for SchoolCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The two Smarter Balanced subjects the import keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    /// Record type 01.
    Ela,
    /// Record type 02.
    Math,
}

impl Subject {
    /// The contract's code: `ELA` or `MATH` (data-contract §2, assessments).
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Ela => "ELA",
            Subject::Math => "MATH",
        }
    }

    /// The record type that carries this subject (1 or 2).
    pub fn record_type(self) -> u8 {
        match self {
            Subject::Ela => 1,
            Subject::Math => 2,
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Checks that `raw` is exactly `width` ASCII digits.
pub(crate) fn check_id_digits(raw: &[u8], width: usize) -> Result<(), IdProblem> {
    if raw.len() == width && raw.iter().all(u8::is_ascii_digit) {
        return Ok(());
    }
    if looks_scientific(raw) {
        return Err(IdProblem::ScientificNotation);
    }
    let chars = std::str::from_utf8(raw).map_or(raw.len(), |s| s.chars().count());
    if raw.iter().all(u8::is_ascii_digit) {
        Err(IdProblem::WrongLength(chars))
    } else {
        Err(IdProblem::NotDigits(chars))
    }
}

/// `1.23457E+13`, `7.95E+12`, `8E12`: a mantissa, an `E` and an exponent.
fn looks_scientific(raw: &[u8]) -> bool {
    let Some(e) = raw.iter().position(|b| b.eq_ignore_ascii_case(&b'e')) else {
        return false;
    };
    let (mantissa, exponent) = (&raw[..e], &raw[e + 1..]);
    let exponent = exponent
        .strip_prefix(b"+")
        .or_else(|| exponent.strip_prefix(b"-"))
        .unwrap_or(exponent);
    let mut dots = 0;
    let mantissa_ok = !mantissa.is_empty()
        && mantissa.iter().all(|b| {
            dots += usize::from(*b == b'.');
            b.is_ascii_digit() || *b == b'.'
        })
        && dots <= 1;
    mantissa_ok && !exponent.is_empty() && exponent.iter().all(u8::is_ascii_digit)
}

/// A plain non-negative decimal number (`2502`, `2502.5`, `0048`). Exponents, signs, `NaN`
/// and `inf` are refused: none belongs in a score field, and an exponent is a re-save.
pub(crate) fn parse_plain_decimal(raw: &[u8]) -> Option<f64> {
    let (int_part, frac_part) = match raw.iter().position(|&b| b == b'.') {
        Some(dot) => (&raw[..dot], Some(&raw[dot + 1..])),
        None => (raw, None),
    };
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if !digits(int_part) || frac_part.is_some_and(|f| !digits(f)) {
        return None;
    }
    // Only ASCII digits and one dot: valid UTF-8 and a valid float literal.
    std::str::from_utf8(raw).ok()?.parse::<f64>().ok()
}

/// A small unsigned integer written with one or two digits (`8`, `08`, `11`).
pub(crate) fn parse_small_int(raw: &[u8]) -> Option<u8> {
    match raw {
        [d] if d.is_ascii_digit() => Some(d - b'0'),
        [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => Some((a - b'0') * 10 + (b - b'0')),
        _ => None,
    }
}

/// Trims ASCII white space on both sides ("every field is read as text and trimmed",
/// data-contract §6).
pub(crate) fn trim(raw: &[u8]) -> &[u8] {
    raw.trim_ascii()
}

/// How many characters of an offending value a message may quote (data-contract §3).
const QUOTE_LIMIT: usize = 64;

/// Quotes an offending value for a message: at most 64 characters then "…", and a bad byte
/// sequence described rather than echoed (data-contract §3).
pub(crate) fn quote_value(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Err(_) => format!("a value that is not valid UTF-8 ({} bytes)", raw.len()),
        Ok(text) => {
            let mut shown: String = text.chars().take(QUOTE_LIMIT).collect();
            if text.chars().count() > QUOTE_LIMIT {
                shown.push('…');
            }
            format!("\"{shown}\"")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Identifiers must be exactly 10 (SSID) or 14 (CDS) digits; the three ways to fail are
    /// told apart so that a message can say "spreadsheet re-save" where that is the cause.
    #[test]
    fn ids() {
        assert_eq!(check_id_digits(b"01234567890123", 14), Ok(()));
        // 13 digits: the leading zero of a county code lost in a spreadsheet.
        assert_eq!(
            check_id_digits(b"1234567890123", 14),
            Err(IdProblem::WrongLength(13))
        );
        assert_eq!(
            check_id_digits(b"1.23457E+13", 14),
            Err(IdProblem::ScientificNotation)
        );
        assert_eq!(
            check_id_digits(b"7.95E+12", 10),
            Err(IdProblem::ScientificNotation)
        );
        assert_eq!(
            check_id_digits(b"8e9", 10),
            Err(IdProblem::ScientificNotation)
        );
        assert_eq!(
            check_id_digits(b"12345-6789", 10),
            Err(IdProblem::NotDigits(10))
        );
        assert_eq!(check_id_digits(b"E+12", 10), Err(IdProblem::NotDigits(4)));
    }

    /// Scores and SEMs are plain decimals: zero padding is fine ("0048" = 48), decimals are
    /// kept, anything Rust's float parser would also take (NaN, inf, exponents) is not.
    /// Grades accept one or two digits ("8" and "08").
    #[test]
    fn numbers() {
        assert_eq!(parse_plain_decimal(b"0048"), Some(48.0));
        assert_eq!(parse_plain_decimal(b"2502.5"), Some(2502.5));
        assert_eq!(parse_plain_decimal(b"2502"), Some(2502.0));
        for bad in [
            &b"NaN"[..],
            b"inf",
            b"-1",
            b"2.5e3",
            b"",
            b".5",
            b"5.",
            b"1.2.3",
            b"12a",
        ] {
            assert_eq!(parse_plain_decimal(bad), None, "{bad:?}");
        }
        assert_eq!(parse_small_int(b"08"), Some(8));
        assert_eq!(parse_small_int(b"8"), Some(8));
        assert_eq!(parse_small_int(b"108"), None);
    }

    /// data-contract §3: at most 64 characters then "…", and bad bytes described.
    #[test]
    fn quoting() {
        assert_eq!(quote_value(b"abc"), "\"abc\"");
        let long = "x".repeat(70);
        assert_eq!(
            quote_value(long.as_bytes()),
            format!("\"{}…\"", "x".repeat(64))
        );
        assert_eq!(
            quote_value(b"\xff\xfe"),
            "a value that is not valid UTF-8 (2 bytes)"
        );
    }

    /// A `{:?}` of a score must not print the SSID; the numeric key keeps all ten digits.
    #[test]
    fn ssid_debug_hides_digits() {
        let ssid = Ssid::parse("1234567890").unwrap();
        assert!(!format!("{ssid:?}").contains("1234567890"));
        assert_eq!(ssid.as_number(), 1_234_567_890);
    }
}
