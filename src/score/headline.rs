//! Headlines the body does not support: headline content words and names missing from the body.

use super::lexicon::{stem, Lexicon};
use super::view::{alphabetic, Sketch, View};
use super::weights::Weights;
use super::{Evidence, Flag, FlagKind, Severity};
use ahash::AHashSet;

/// The stems that cover a headline word: its own and those of its first eight synonyms.
fn asked<'a>(lex: &'a Lexicon, word: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    std::iter::once(stem(word)).chain(lex.synonyms(word).iter().take(8).map(|s| stem(s)))
}

/// The headline flag of one article, if its headline is poorly covered by its body.
pub fn flags(lex: &Lexicon, view: &View, w: &Weights) -> Vec<Flag> {
    let head = view.article.headline;
    if head.is_empty() {
        return Vec::new();
    }
    let content = |i: usize| {
        let x = &view.words[i];
        x.len() >= 3 && alphabetic(x) && !lex.is_function_count(view.counts[i])
    };
    let head_idx: Vec<usize> = (0..view.words.len())
        .filter(|&i| view.in_headline(i) && content(i))
        .collect();
    // A "headline" of more than 25 words is a lead paragraph taken as headline: not checked.
    if head_idx.len() < 3 || view.article.headline_text().split_whitespace().count() > 25 {
        return Vec::new();
    }
    // Only the stems the coverage test asks about are looked for in the body.
    let wanted: AHashSet<&str> = head_idx
        .iter()
        .flat_map(|&i| asked(lex, &view.words[i]))
        .collect();
    let sketch = Sketch::of(wanted.iter().copied());
    let (mut body, mut body_words) = (AHashSet::new(), false);
    for i in 0..view.words.len() {
        if !view.in_headline(i) && view.doc.tokens[i].span.start >= view.article.body.start {
            body_words = true;
            let s = stem(&view.words[i]);
            // Most body stems are not wanted: the sketch says so before the set is hashed.
            if sketch.may_hold(s) && wanted.contains(s) {
                body.insert(s);
            }
        }
    }
    if !body_words {
        return Vec::new();
    }
    // Each headline word's coverage is looked up once.
    let covered: Vec<bool> = head_idx
        .iter()
        .map(|&i| asked(lex, &view.words[i]).any(|s| body.contains(s)))
        .collect();
    let missing: Vec<&str> = head_idx
        .iter()
        .zip(&covered)
        .filter(|&(_, &c)| !c)
        .map(|(&i, _)| view.raw(i))
        .collect();
    let first = view.doc.token_at_or_after(head.start as usize);
    let names_missing = head_idx
        .iter()
        .zip(&covered)
        .filter(|&(&i, &c)| !c && view.capitalised(i) && i > first)
        .count();
    let coverage = 1.0 - missing.len() as f64 / head_idx.len() as f64;
    if coverage >= w.headline_min_coverage && names_missing == 0 {
        return Vec::new();
    }
    let severity = if coverage < w.headline_min_coverage / 2.0 {
        Severity::High
    } else {
        Severity::Medium
    };
    vec![view.flag(
        FlagKind::Headline,
        head.range(),
        format!("The body does not support the headline: {} of its content words or names never appear there.", missing.len()),
        Evidence { text: format!("missing from body: {} (coverage {coverage:.2})", missing.join(", ")), ..Evidence::default() },
        severity,
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, Meta};
    use crate::score::lexicon::lexicon;
    use crate::text::Doc;

    fn run(head: &str, body: &str) -> Vec<Flag> {
        let a = Article::new("x", "x", Some(head), body.into(), Meta::default());
        let d = Doc::new(&a.text);
        flags(lexicon(), &View::new(&a, &d), &Weights::default())
    }

    #[test]
    fn unsupported_headlines_are_flagged() {
        let body = "Firefighters battled bushfires near Sydney. Homes were lost in the blaze.";
        assert!(run("Bushfires destroy homes near Sydney", body).is_empty());
        assert_eq!(
            run("Premier Carr resigns over corruption scandal", body).len(),
            1
        );
    }
}
