//! Escaping for HTML, Markdown and anchor ids. Every piece of corpus text, id or metadata
//! that reaches a report goes through one of these.

use std::fmt::Write;

/// Escapes text for an HTML element body or a quoted attribute value.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab/newline would make the document invalid.
            c if c.is_control() && c != '\n' && c != '\t' && c != '\r' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// An HTML anchor id derived from an article id: `prefix-` plus the id's ASCII letters and
/// digits (others become `_`), plus a hash of the full id so distinct ids never collide.
pub fn anchor(prefix: &str, id: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + 1 + id.len().min(40) + 17);
    out.push_str(prefix);
    out.push('-');
    for c in id.chars().take(40) {
        out.push(if c.is_ascii_alphanumeric() { c } else { '_' });
    }
    let _ = write!(out, "-{:016x}", crate::text::hash_bytes(id.as_bytes()));
    out
}

/// Escapes text for Markdown inline content: backslash-escapes Markdown punctuation and
/// HTML-escapes `<`, `>` and `&` so no raw HTML gets through; newlines become spaces.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Shortens `text` to at most `max` chars, ending with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn html_escapes_markup() {
        assert_eq!(
            html(r#"<script>alert('x')</script> & "q""#),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn anchors_are_safe_and_distinct() {
        let a = anchor("art", "../x");
        let b = anchor("art", "__x");
        assert!(a.starts_with("art-___x-"));
        assert_ne!(a, b);
        assert!(anchor("art", "<script>")
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn shorten_cuts_on_chars() {
        assert_eq!(shorten("abc", 5), "abc");
        assert_eq!(shorten("éééééé", 3), "éé…");
    }

    proptest! {
        #[test]
        fn html_output_has_no_raw_markup(s in "\\PC*") {
            let e = html(&s);
            prop_assert!(!e.contains('<') && !e.contains('>') && !e.contains('"'));
        }

        #[test]
        fn markdown_output_has_no_raw_markup(s in "\\PC*") {
            let e = markdown(&s);
            prop_assert!(!e.contains('<') && !e.contains('\n'));
        }

        #[test]
        fn anchor_is_always_an_id(s in "\\PC*") {
            let a = anchor("a", &s);
            prop_assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        }
    }
}
