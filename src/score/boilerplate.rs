//! Boilerplate: share buttons, "Read more" and "More news:" lines, photo credits.
//!
//! Recognised by the patterns in `data/boilerplate.txt` and by short lines repeated in several
//! articles. [`spans`] gives the boilerplate bytes of every article so that copy statistics can
//! leave them out.

use super::view::flag_in;
use super::{Evidence, Flag, FlagKind, Severity};
use crate::corpus::Article;
use crate::text::{hash_bytes, normalize, Span};
use ahash::AHashMap;
use rayon::prelude::*;
use regex::Regex;
use std::sync::OnceLock;

/// Lines of at most this many words may count as repeated furniture.
const REPEATED_MAX_WORDS: usize = 12;
/// A short line in at least this many articles is furniture.
const REPEATED_MIN_ARTICLES: usize = 3;

/// One compiled pattern.
#[derive(Debug)]
struct Pattern {
    whole_line: bool,
    regex: Regex,
    source: String,
}

fn patterns() -> &'static [Pattern] {
    static P: OnceLock<Vec<Pattern>> = OnceLock::new();
    P.get_or_init(|| {
        include_str!("../../data/boilerplate.txt")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (kind, re) = l.split_once(' ')?;
                let regex = Regex::new(&format!("(?i){re}")).ok()?;
                Some(Pattern {
                    whole_line: kind == "line",
                    regex,
                    source: l.to_owned(),
                })
            })
            .collect()
    })
}

/// Trimmed lines of the body with their byte spans.
fn lines(article: &Article) -> impl Iterator<Item = (Span, &str)> {
    let body = article.body;
    let mut offset = body.start as usize;
    body.slice(&article.text)
        .split_inclusive('\n')
        .filter_map(move |raw| {
            let start = offset + (raw.len() - raw.trim_start().len());
            offset += raw.len();
            let t = raw.trim();
            (!t.is_empty()).then(|| (Span::new(start, start + t.len()), t))
        })
}

fn line_key(line: &str) -> u64 {
    // What `normalize` does to ASCII text, without its per-character decomposition.
    if line.is_ascii() {
        hash_bytes(line.to_ascii_lowercase().as_bytes())
    } else {
        hash_bytes(normalize(line).as_bytes())
    }
}

/// Short lines repeated across articles: key → number of articles holding it.
fn repeated(articles: &[Article]) -> AHashMap<u64, usize> {
    let keys: Vec<Vec<u64>> = articles
        .par_iter()
        .map(|a| {
            let mut keys: Vec<u64> = lines(a)
                // At most REPEATED_MAX_WORDS words: no word after them (long lines stop early).
                .filter(|(_, t)| t.split_whitespace().nth(REPEATED_MAX_WORDS).is_none())
                .map(|(_, t)| line_key(t))
                .collect();
            keys.sort_unstable();
            keys.dedup();
            keys
        })
        .collect();
    let mut seen: AHashMap<u64, usize> = AHashMap::new();
    for keys in keys {
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    seen.retain(|_, n| *n >= REPEATED_MIN_ARTICLES);
    seen
}

/// Boilerplate of one article: spans with the reason for each.
fn found(article: &Article, repeated: &AHashMap<u64, usize>) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for (span, text) in lines(article) {
        if let Some(n) = repeated.get(&line_key(text)) {
            out.push((span, format!("line repeated in {n} articles")));
            continue;
        }
        for p in patterns() {
            if let Some(m) = p.regex.find(text) {
                let s = span.start as usize;
                let bytes = if p.whole_line {
                    span
                } else {
                    Span::new(s + m.start(), s + m.end())
                };
                out.push((bytes, format!("data/boilerplate.txt: {}", p.source)));
                if p.whole_line {
                    break;
                }
            }
        }
    }
    out
}

/// Boilerplate flags of every article.
pub fn flags(articles: &[Article]) -> Vec<Vec<Flag>> {
    let rep = repeated(articles);
    articles
        .par_iter()
        .map(|a| {
            found(a, &rep)
                .into_iter()
                .map(|(span, why)| {
                    flag_in(
                        a,
                        FlagKind::Boilerplate,
                        span.range(),
                        "Page furniture (share buttons, link lists, credits), not article text."
                            .to_owned(),
                        Evidence {
                            text: why,
                            ..Evidence::default()
                        },
                        Severity::Low,
                    )
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Boilerplate byte spans of every article, in text order.
    fn spans(articles: &[Article]) -> Vec<Vec<Span>> {
        let rep = repeated(articles);
        articles
            .iter()
            .map(|a| found(a, &rep).into_iter().map(|(s, _)| s).collect())
            .collect()
    }
    use crate::corpus::Meta;

    fn art(id: &str, body: &str) -> Article {
        Article::new(id, id, Some("Head"), body.into(), Meta::default())
    }

    #[test]
    fn patterns_and_repeats_are_found() {
        let a = art("a", "Text here.\nShare\nMore news: Rain in Sydney\nFacebook Twitter Pinterest Leaders meet. Photograph: Jo Bloggs/AP\nEnd.");
        let s = spans(std::slice::from_ref(&a));
        let texts: Vec<&str> = s[0].iter().map(|s| s.slice(&a.text)).collect();
        assert_eq!(
            texts,
            [
                "Share",
                "More news: Rain in Sydney",
                "Facebook Twitter Pinterest ",
                "Photograph: Jo Bloggs/AP"
            ]
        );
        let arts: Vec<Article> = (0..3)
            .map(|i| {
                art(
                    &i.to_string(),
                    &format!("Story {i}.\nFollow our live coverage tonight"),
                )
            })
            .collect();
        let s = spans(&arts);
        assert!(s.iter().all(|v| v.len() == 1));
        assert!(spans(&[art("c", "A normal line.\nAnother normal line.")])[0].is_empty());
    }
}
