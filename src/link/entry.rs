//! Report entries for links and stories: article ids instead of indices, byte spans
//! instead of token ranges.

use crate::align::{Direction, Edit, EditOp, Link, LinkKind, Story};
use crate::corpus::Article;
use crate::text::{Doc, Span};
use serde::Serialize;

/// One run of an edit script in the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EditEntry {
    /// What the run does.
    pub op: EditOp,
    /// Bytes in the source text (empty at the position for `insert`).
    pub source: Span,
    /// Bytes in the derived text (empty at the position for `delete`).
    pub derived: Span,
}

/// One reused passage in the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PassageEntry {
    /// Bytes of the passage in the source text.
    pub source_span: Span,
    /// Bytes of the passage in the derived text.
    pub derived_span: Span,
    /// Derived words in the passage.
    pub words: usize,
    /// Word-level edit script.
    pub edits: Vec<EditEntry>,
}

/// One link in the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkEntry {
    /// Source article id.
    pub source: String,
    /// Derived article id.
    pub derived: String,
    /// How the text was reused.
    pub kind: LinkKind,
    /// Share of the derived body in passages.
    pub containment: f64,
    /// The passages, in derived order.
    pub passages: Vec<PassageEntry>,
    /// Direction and its evidence.
    pub direction: Direction,
    /// Confidence from 0 to 1.
    pub confidence: f64,
}

/// One story in the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryEntry {
    /// Story number.
    pub id: usize,
    /// Member article ids, in corpus order.
    pub members: Vec<String>,
    /// Defining terms.
    pub terms: Vec<String>,
}

/// Bytes covered by a token range; an empty range gives an empty span at its position.
pub fn token_span(doc: &Doc, tokens: &std::ops::Range<usize>) -> Span {
    if tokens.is_empty() {
        let at = doc
            .tokens
            .get(tokens.start)
            .map(|t| t.span.start)
            .or_else(|| doc.tokens.last().map(|t| t.span.end))
            .unwrap_or(0);
        return Span { start: at, end: at };
    }
    match (doc.tokens.get(tokens.start), doc.tokens.get(tokens.end - 1)) {
        (Some(f), Some(l)) => f.span.cover(l.span),
        _ => Span::default(),
    }
}

fn edit_entry(e: &Edit, source: &Doc, derived: &Doc) -> EditEntry {
    EditEntry {
        op: e.op,
        source: token_span(source, &e.source),
        derived: token_span(derived, &e.derived),
    }
}

/// Report entries of the links.
pub fn link_entries(links: &[Link], articles: &[Article], docs: &[Doc]) -> Vec<LinkEntry> {
    links
        .iter()
        .map(|l| LinkEntry {
            source: articles[l.source].id.clone(),
            derived: articles[l.derived].id.clone(),
            kind: l.kind,
            containment: l.containment,
            passages: l
                .passages
                .iter()
                .map(|p| PassageEntry {
                    source_span: p.source_span,
                    derived_span: p.derived_span,
                    words: p.words,
                    edits: p
                        .edits
                        .iter()
                        .map(|e| edit_entry(e, &docs[l.source], &docs[l.derived]))
                        .collect(),
                })
                .collect(),
            direction: l.direction.clone(),
            confidence: l.confidence,
        })
        .collect()
}

/// Report entries of the stories.
pub fn story_entries(stories: &[Story], articles: &[Article]) -> Vec<StoryEntry> {
    stories
        .iter()
        .map(|s| StoryEntry {
            id: s.id,
            members: s.members.iter().map(|&m| articles[m].id.clone()).collect(),
            terms: s.terms.clone(),
        })
        .collect()
}
