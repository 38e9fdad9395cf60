//! Spin and garble inside aligned passages: every substituted word is checked against the
//! synonym lexicon (spin), for near-miss spelling (garble) and for WordNet gloss relatedness
//! (spin of low severity, see [`super::subst::relate`]); other substitutions are ordinary
//! paraphrase and are not flagged.

use super::lexicon::Lexicon;
use super::subst::{classify, relate::GLOSS_SOURCE, SubKind};
use super::view::View;
use super::{Evidence, Flag, FlagKind, Severity};
use crate::align::{DirectionBasis, EditOp, Link, LinkKind};

/// Flags on the derived article of `link`, given the views of both articles.
///
/// Links whose direction is unknown, and common-source links, give no flags: which side swapped
/// the words cannot be told.
pub fn link_flags(lex: &Lexicon, link: &Link, source: &View, derived: &View) -> Vec<Flag> {
    let mut out = Vec::new();
    if link.direction.basis == DirectionBasis::Unknown || link.kind == LinkKind::CommonSource {
        return out;
    }
    for passage in &link.passages {
        for edit in passage.edits.iter().filter(|e| e.op == EditOp::Substitute) {
            let (s, d) = (edit.source.clone(), edit.derived.clone());
            if s.end > source.words.len()
                || d.end > derived.words.len()
                || s.len() > 3
                || d.len() > 3
            {
                continue;
            }
            let src: Vec<&str> = s.clone().map(|i| &source.words[i]).collect();
            let der: Vec<&str> = d.clone().map(|i| &derived.words[i]).collect();
            let src_bytes = source.bytes(s);
            let src_text = source.article.text[src_bytes.clone()].to_owned();
            let span = crate::text::Span::new(src_bytes.start, src_bytes.end);
            let (kind, reason, lexicon, severity) = match classify(lex, &src, &der) {
                SubKind::Spin {
                    entry,
                    direct,
                    source,
                } => (
                    FlagKind::Spin,
                    if direct {
                        format!(
                            "Copied passage with “{src_text}” swapped for a thesaurus synonym ({entry})."
                        )
                    } else {
                        format!(
                            "Copied passage with “{src_text}” swapped for a word the thesaurus relates to it ({entry}); check that the meaning did not change."
                        )
                    },
                    Some(source.to_owned()),
                    if direct {
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
    }
}
