//! The HTML5 document around every page: language, character set, a Content-Security-Policy
//! that forbids loading anything (so a browser refuses, and reports, any fetch a page would
//! make), viewport for phones and the one inline stylesheet. Nothing is loaded from outside
//! the file.

use maud::{html, Markup, PreEscaped, DOCTYPE};

/// The stylesheet of every page, inlined so a page needs no other file.
const STYLE: &str = include_str!("style.css");

/// Nothing may be fetched (no script, image, font, frame or stylesheet file); only the
/// inline `<style>` applies. Links to other pages are navigation, which this does not limit.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// A complete document titled `title` around `main`; `page` names the kind of page in
/// `body[data-page]` ("card" or "index") for tests and scripts.
pub(crate) fn document(title: &str, page: &str, main: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CONTENT_SECURITY_POLICY);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="core-index-cards";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body data-page=(page) { (main) }
        }
    }
    .into_string()
}
