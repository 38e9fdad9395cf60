//! Spin and garble inside aligned passages: every substituted word is checked against the
//! synonym lexicon (spin), for near-miss spelling (garble) and for WordNet gloss relatedness
//! (spin of low severity, see [`super::subst::relate`]); other substitutions are ordinary
//! paraphrase and are not flagged.

use super::lexicon::Lexicon;
use super::subst::{classify, relate::GLOSS_SOURCE, SubKind};
use super::view::View;
use super::{Evidence, Flag, FlagKind, Severity};
use crate::align::{DirectionBasis, EditOp, Link, LinkKind};
use rayon::prelude::*;
use std::borrow::Cow;
use std::ops::Range;

pub mod classes;

/// Spin and garble flags inside the aligned passages of `links`, by derived article, in link
/// order (links whose articles are out of range, or the same article, are skipped).
///
/// Copies repeat their sources' swaps, so each distinct pair of substituted words is
/// classified once (in parallel, see [`classes`]) and the links then read the classes: the
/// flags are those [`link_flags`] gives link by link.
pub fn flags(lex: &Lexicon, views: &[View], links: &[Link]) -> Vec<(usize, Vec<Flag>)> {
    let valid: Vec<&Link> = links
        .iter()
        .filter(|l| l.source < views.len() && l.derived < views.len() && l.source != l.derived)
        .collect();
    let classes = classes::Classes::new(lex, views, &valid, |l| {
        substitutions(l, &views[l.source], &views[l.derived])
    });
    valid
        .par_iter()
        .map(|l| {
            let (source, derived) = (&views[l.source], &views[l.derived]);
            let found = flags_with(l, source, derived, |s, d| {
                classes.get(views, source, derived, s, d).map_or_else(
                    || Cow::Owned(fresh(lex, source, derived, s, d)),
                    Cow::Borrowed,
                )
            });
            (l.derived, found)
        })
        .collect()
}

/// Flags on the derived article of `link`, given the views of both articles.
///
/// Links whose direction is unknown, and common-source links, give no flags: which side swapped
/// the words cannot be told.
pub fn link_flags(lex: &Lexicon, link: &Link, source: &View, derived: &View) -> Vec<Flag> {
    flags_with(link, source, derived, |s, d| {
        Cow::Owned(fresh(lex, source, derived, s, d))
    })
}

/// The class of source tokens `s` replaced by derived tokens `d`, computed now.
fn fresh(
    lex: &Lexicon,
    source: &View,
    derived: &View,
    s: &Range<usize>,
    d: &Range<usize>,
) -> SubKind {
    let (src, der) = words(source, derived, s.clone(), d.clone());
    classify(lex, &src, &der)
}

/// The substitutions of `link` that are classified: source and derived token ranges of at
/// most three words each, inside both articles (none when the direction is unknown or the
/// link is a common source).
fn substitutions<'l>(
    link: &'l Link,
    source: &View,
    derived: &View,
) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + 'l {
    let (source_len, derived_len) = (source.words.len(), derived.words.len());
    let checked =
        link.direction.basis != DirectionBasis::Unknown && link.kind != LinkKind::CommonSource;
    link.passages
        .iter()
        .filter(move |_| checked)
        .flat_map(|p| &p.edits)
        .filter(|e| e.op == EditOp::Substitute)
        .map(|e| (e.source.clone(), e.derived.clone()))
        .filter(move |(s, d)| {
            s.end <= source_len && d.end <= derived_len && s.len() <= 3 && d.len() <= 3
        })
}

/// The words of a substitution.
fn words<'v>(
    source: &'v View,
    derived: &'v View,
    s: Range<usize>,
    d: Range<usize>,
) -> (Vec<&'v str>, Vec<&'v str>) {
    (
        s.map(|i| &source.words[i]).collect(),
        d.map(|i| &derived.words[i]).collect(),
    )
}

/// [`link_flags`] with the classification of each substitution (its source and derived
/// token ranges) given.
fn flags_with<'c>(
    link: &Link,
    source: &View,
    derived: &View,
    classify: impl Fn(&Range<usize>, &Range<usize>) -> Cow<'c, SubKind>,
) -> Vec<Flag> {
    let mut out = Vec::new();
    for (s, d) in substitutions(link, source, derived) {
        let class = classify(&s, &d);
        if *class == SubKind::Paraphrase {
            continue;
        }
        let src_bytes = source.bytes(s);
        let src_text = source.article.text[src_bytes.clone()].to_owned();
        let span = crate::text::Span::new(src_bytes.start, src_bytes.end);
        let (kind, reason, lexicon, severity) = match &*class {
            SubKind::Spin {
                entry,
                direct,
                source: thesaurus,
            } => (
                FlagKind::Spin,
                if *direct {
                    format!(
                        "Copied passage with “{src_text}” swapped for a thesaurus synonym ({entry})."
                    )
                } else {
                    format!(
                        "Copied passage with “{src_text}” swapped for a word the thesaurus relates to it ({entry}); check that the meaning did not change."
                    )
                },
                Some((*thesaurus).to_owned()),
                if *direct {
                    Severity::High
                } else {
                    Severity::Medium
                },
            ),
            SubKind::Related(entry) => (
                FlagKind::Spin,
                format!(
                    "Copied passage with “{src_text}” swapped for a word related to it by WordNet glosses, not a synonym ({entry}); check that the meaning did not change."
                ),
                Some(GLOSS_SOURCE.to_owned()),
                Severity::Low,
            ),
            SubKind::Garble(why) => (
                FlagKind::Garble,
                format!("Copied passage with “{src_text}” garbled: {why}."),
                None,
                Severity::High,
            ),
            SubKind::Paraphrase => continue,
        };
        let evidence = Evidence {
            article: Some(source.article.id.clone()),
            span: Some(span),
            text: src_text,
            lexicon,
        };
        out.push(derived.flag(kind, derived.bytes(d), reason, evidence, severity));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Direction, Edit, Passage};
    use crate::corpus::{Article, Meta};
    use crate::score::lexicon::lexicon;
    use crate::text::{Doc, Span};

    fn edit(op: EditOp, s: std::ops::Range<usize>, d: std::ops::Range<usize>) -> Edit {
        Edit {
            op,
            source: s,
            derived: d,
        }
    }

    #[test]
    fn flags_synonym_and_near_miss_swaps_in_a_hand_built_alignment() {
        // source:  T | Strikes as part of an international coalition brought immediate retaliation today
        // derived: T | Strikes as part of a worldwide coalition brought immediate relation today
        let a = Article::new(
            "src",
            "s",
            Some("T"),
            "Strikes as part of an international coalition brought immediate retaliation today."
                .into(),
            Meta::default(),
        );
        let b = Article::new(
            "der",
            "d",
            Some("T"),
            "Strikes as part of a worldwide coalition brought immediate relation today.".into(),
            Meta::default(),
        );
        let (da, db) = (Doc::new(&a.text), Doc::new(&b.text));
        let (va, vb) = (View::new(&a, &da), View::new(&b, &db));
        // tokens: 0 T, 1 Strikes, 2 as, 3 part, 4 of, 5 an/a, 6 international/worldwide,
        // 7 coalition, 8 brought, 9 immediate, 10 retaliation/relation, 11 today
        let edits = vec![
            edit(EditOp::Equal, 1..5, 1..5),
            edit(EditOp::Substitute, 5..7, 5..7),
            edit(EditOp::Equal, 7..10, 7..10),
            edit(EditOp::Substitute, 10..11, 10..11),
            edit(EditOp::Equal, 11..12, 11..12),
        ];
        let link = Link {
            source: 0,
            derived: 1,
            kind: LinkKind::Spun,
            containment: 1.0,
            passages: vec![Passage {
                source_span: Span::new(3, a.text.len()),
                derived_span: Span::new(3, b.text.len()),
                source_tokens: 1..12,
                derived_tokens: 1..12,
                words: 11,
                edits,
            }],
            direction: Direction {
                basis: DirectionBasis::Evidence,
                evidence: vec![],
            },
            confidence: 1.0,
        };
        let mut unknown = link.clone();
        unknown.direction.basis = DirectionBasis::Unknown;
        assert!(link_flags(lexicon(), &unknown, &va, &vb).is_empty());
        let flags = link_flags(lexicon(), &link, &va, &vb);
        assert_eq!(flags.len(), 2, "{flags:#?}");
        assert_eq!(flags[0].kind, FlagKind::Spin);
        assert_eq!(flags[0].text, "a worldwide");
        assert_eq!(flags[0].evidence.text, "an international");
        assert_eq!(flags[0].evidence.article.as_deref(), Some("src"));
        assert_eq!(flags[1].kind, FlagKind::Garble);
        assert_eq!(flags[1].text, "relation");
        assert_eq!(&b.text[flags[1].start..flags[1].end], "relation");
        // All links at once: the same flags, by derived article, in link order, with links
        // out of range or from an article to itself skipped.
        let mut outside = link.clone();
        outside.source = 2;
        let mut itself = link.clone();
        itself.source = 1;
        let views = [va, vb];
        let links = [link.clone(), unknown, outside, itself, link];
        let all = super::flags(lexicon(), &views, &links);
        assert_eq!(all, [(1, flags.clone()), (1, Vec::new()), (1, flags)]);
    }
}
