//! The article type.

use crate::text::Span;
use serde::Serialize;

/// Publication time as given, with a sortable form.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Published {
    /// Seconds since the Unix epoch (a bare date counts as its midnight UTC).
    #[serde(skip)]
    pub unix: i64,
    /// The value as given: an RFC 3339 date-time or a `YYYY-MM-DD` date.
    pub text: String,
}

impl Published {
    /// Parses an RFC 3339 date-time or a `YYYY-MM-DD` date.
    ///
    /// # Errors
    ///
    /// A message saying what format was expected.
    pub fn parse(value: &str) -> std::result::Result<Published, String> {
        let value = value.trim();
        let unix = if let Ok(t) = chrono::DateTime::parse_from_rfc3339(value) {
            t.timestamp()
        } else if let Ok(d) = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            d.and_hms_opt(0, 0, 0)
                .expect("midnight exists")
                .and_utc()
                .timestamp()
        } else {
            return Err(format!(
                "`published` value {value:?} is not an RFC 3339 date or date-time (e.g. 2017-05-29 or 2017-05-29T18:00:00Z)"
            ));
        };
        Ok(Published {
            unix,
            text: value.to_owned(),
        })
    }
}

/// What is known about an article besides its text. Unknown fields are `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Meta {
    /// The outlet (publication) that printed it.
    pub outlet: Option<String>,
    /// When it was published.
    pub published: Option<Published>,
    /// Where it was published.
    pub url: Option<String>,
    /// Who wrote it.
    pub author: Option<String>,
}

/// One article as loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    /// Its id: the path relative to the input directory without extension, or the JSONL `id`.
    pub id: String,
    /// Where it was read: a file path, or `file:line` for JSONL.
    pub location: String,
    /// The text as loaded, headline line included. All spans churn reports index this text.
    pub text: String,
    /// The headline's bytes in [`Article::text`]; empty when there is none.
    pub headline: Span,
    /// The body's bytes in [`Article::text`].
    pub body: Span,
    /// Outlet, date, URL and author, where known.
    pub meta: Meta,
}

impl Article {
    /// Builds an article from its text.
    ///
    /// With `headline` given, the text becomes the headline, a blank line and `body`.
    /// Otherwise, when `body` has more than one non-blank line, its first non-blank line is
    /// the headline; a one-line text is all body.
    ///
    /// # Examples
    ///
    /// ```
    /// use churn::corpus::{Article, Meta};
    /// let a = Article::new("a1", "a1.txt", None, "Title\nBody text.".into(), Meta::default());
    /// assert_eq!(a.headline_text(), "Title");
    /// assert_eq!(a.body_text(), "Body text.");
    /// ```
    pub fn new(
        id: &str,
        location: &str,
        headline: Option<&str>,
        body: String,
        meta: Meta,
    ) -> Article {
        let (text, headline, body_span) = match headline.map(str::trim).filter(|h| !h.is_empty()) {
            Some(h) => {
                let text = format!("{h}\n\n{body}");
                let body_start = h.len() + 2;
                let body_span = trimmed_span(&text, body_start, text.len());
                (text, Span::new(0, h.len()), body_span)
            }
            None => split_headline(body),
        };
        Article {
            id: id.to_owned(),
            location: location.to_owned(),
            text,
            headline,
            body: body_span,
            meta,
        }
    }

    /// The headline text ("" when there is none).
    pub fn headline_text(&self) -> &str {
        self.headline.slice(&self.text)
    }

    /// The body text.
    pub fn body_text(&self) -> &str {
        self.body.slice(&self.text)
    }
}

/// The body [`Article::new`] would give for `headline` and `text`, without building the
/// article, and the length of the text it would hold: for readers that need only the body.
pub(crate) fn body_of<'a>(headline: Option<&str>, text: &'a str) -> (&'a str, usize) {
    match headline.map(str::trim).filter(|h| !h.is_empty()) {
        Some(h) => (text.trim(), h.len() + 2 + text.len()),
        None => {
            let lead = text.len() - text.trim_start().len();
            let body = match text[lead..].find('\n').map(|i| lead + i) {
                Some(end) if !text[end..].trim().is_empty() => text[end..].trim(),
                _ => text.trim(),
            };
            (body, text.len())
        }
    }
}

/// Takes the first non-blank line as the headline when there is more than one.
fn split_headline(text: String) -> (String, Span, Span) {
    let lead = text.len() - text.trim_start().len();
    let first_end = text[lead..].find('\n').map(|i| lead + i);
    match first_end {
        Some(end) if !text[end..].trim().is_empty() => {
            let headline = trimmed_span(&text, lead, end);
            let body = trimmed_span(&text, end, text.len());
            (text, headline, body)
        }
        _ => {
            let body = trimmed_span(&text, 0, text.len());
            (text, Span::default(), body)
        }
    }
}

/// The span of `text[start..end]` without surrounding white space.
fn trimmed_span(text: &str, start: usize, end: usize) -> Span {
    let piece = &text[start..end];
    let s = start + (piece.len() - piece.trim_start().len());
    Span::new(s, s + piece.trim().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_non_blank_line_is_the_headline() {
        let a = Article::new(
            "x",
            "x.txt",
            None,
            "\n\n Title \n\nBody one.\nBody two.\n".into(),
            Meta::default(),
        );
        assert_eq!(a.headline_text(), "Title");
        assert_eq!(a.body_text(), "Body one.\nBody two.");
    }

    #[test]
    fn single_line_text_is_all_body() {
        let a = Article::new(
            "x",
            "x.jsonl:1",
            None,
            "Just one line.".into(),
            Meta::default(),
        );
        assert_eq!(a.headline_text(), "");
        assert_eq!(a.body_text(), "Just one line.");
    }

    #[test]
    fn given_headline_is_prepended() {
        let a = Article::new(
            "x",
            "x.jsonl:1",
            Some("Head"),
            "Body.".into(),
            Meta::default(),
        );
        assert_eq!(a.text, "Head\n\nBody.");
        assert_eq!(a.headline_text(), "Head");
        assert_eq!(a.body_text(), "Body.");
    }

    proptest::proptest! {
        #[test]
        fn body_of_agrees_with_new(
            h in proptest::option::of("[ a\n]{0,4}"),
            t in "[ ab\n\u{a0}\u{2028}]{0,12}",
        ) {
            let a = Article::new("x", "x", h.as_deref(), t.clone(), Meta::default());
            let (body, len) = body_of(h.as_deref(), &t);
            proptest::prop_assert_eq!(body, a.body_text());
            proptest::prop_assert_eq!(len, a.text.len());
        }
    }

    #[test]
    fn published_accepts_dates_and_date_times() {
        assert_eq!(Published::parse("1970-01-02").map(|p| p.unix), Ok(86_400));
        assert_eq!(
            Published::parse("1970-01-01T01:00:00+01:00").map(|p| p.unix),
            Ok(0)
        );
        assert!(Published::parse("29 May 2017").is_err());
    }
}
