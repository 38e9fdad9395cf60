//! Links between articles: copied passages with a kind and a direction, paraphrases, stories.
//!
//! Takes the articles and their [`Doc`]s and returns [`Links`]: candidate pairs come from
//! [`crate::align::candidates`], each is aligned ([`crate::align::align_pair`]); pairs whose
//! copied words are not all inside quotation marks on both sides become [`Link`]s. A pass over
//! all links then marks `common-source` pairs and aggregators; [`stories`] clusters articles
//! about the same event and [`paraphrase`] links rewrites among a story's members.

pub mod direction;
pub mod paraphrase;
pub mod quotes;
pub mod stories;
#[cfg(test)]
mod tests;

use crate::align::{self, AlignConfig, DirectionBasis, EditOp, Link, LinkKind, Passage, Story};
use crate::corpus::Article;
use crate::text::Doc;
use rayon::prelude::*;
use serde::Serialize;

/// Settings of the link stage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkConfig {
    /// Candidate search and alignment.
    pub align: AlignConfig,
    /// Fewest words of copy evidence (see `copy_evidence`) in one passage of a link.
    pub min_unquoted: usize,
    /// Or fewest words of copy evidence over all passages of a link.
    pub min_total_unquoted: usize,
    /// Share of substituted words above which a copy is `spun`.
    pub spun_share: f64,
}

impl Default for LinkConfig {
    fn default() -> Self {
        LinkConfig {
            align: AlignConfig::default(),
            min_unquoted: 12,
            min_total_unquoted: 24,
            spun_share: 0.06,
        }
    }
}

/// What the link stage found.
#[derive(Clone, Debug, Default)]
pub struct Links {
    /// Source → derived relations, sorted by (source, derived).
    pub links: Vec<Link>,
    /// Clusters of articles about the same event.
    pub stories: Vec<Story>,
}

/// Per-article data the link stage reads.
pub(crate) struct Side<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub doc: &'a Doc,
    pub body_start: usize,
    pub published: Option<i64>,
    pub quoted: Vec<bool>,
}

/// Runs the link stage.
pub fn link(articles: &[Article], docs: &[Doc], cfg: &LinkConfig) -> Links {
    let sides: Vec<Side> = articles
        .par_iter()
        .zip(docs)
        .map(|(a, d)| Side {
            id: &a.id,
            text: &a.text,
            doc: d,
            body_start: a.body.start as usize,
            published: a.meta.published.as_ref().map(|p| p.unix),
            quoted: quotes::quoted(&a.text, d),
        })
        .collect();
    let candidates = align::candidates(docs, &cfg.align);
    let mut links: Vec<Link> = candidates
        .par_iter()
        .filter_map(|c| copy_link(&sides, c.a, c.b, cfg))
        .collect();
    relate(&mut links, &sides);
    let (stories, pairs) = stories::stories(&sides, &links);
    let mut para = paraphrase::links(&sides, &pairs, &links);
    links.append(&mut para);
    links.sort_by_key(|l| (l.source, l.derived));
    Links { links, stories }
}

/// Aligns one candidate pair and makes a copy link of it, if it has real copied text.
fn copy_link(sides: &[Side], a: usize, b: usize, cfg: &LinkConfig) -> Option<Link> {
    let (sa, sb) = (&sides[a], &sides[b]);
    let passages = align::align_pair(sa.doc, sb.doc, &cfg.align);
    let each: Vec<f64> = passages.iter().map(|p| copy_evidence(p, sa, sb)).collect();
    let unquoted: f64 = each.iter().sum();
    let longest = each.iter().copied().fold(0.0, f64::max);
    if longest < cfg.min_unquoted as f64 && unquoted < cfg.min_total_unquoted as f64 {
        return None;
    }
    let (a_first, direction) =
        direction::published(sa.published, sb.published).unwrap_or_else(|| {
            direction::from_edits(&passages, (sa.text, sa.doc), (sb.text, sb.doc)).decide()
        });
    let (source, derived, passages) = if a_first {
        (a, b, passages)
    } else {
        (b, a, passages.iter().map(Passage::swapped).collect())
    };
    let mut passages = passages;
    passages.sort_by_key(|p| p.derived_tokens.start);
    let (kind, equal, words) = copy_kind(&passages, cfg.spun_share);
    let containment = containment(&passages, &sides[derived]);
    let confidence =
        (1.0 - (-unquoted.max(0.0) / 15.0).exp()) * (equal as f64 / words.max(1) as f64).min(1.0);
    Some(Link {
        source,
        derived,
        kind,
        containment,
        passages,
        direction,
        confidence: round3(confidence),
    })
}

/// How much a passage shows copying, in words: equal words outside quotation marks on at
/// least one side, minus a quarter per substituted word outside quotation marks and half per
/// inserted or deleted word anywhere.
///
/// Words quoted on both sides do not count: reporters quote the same statement
/// independently. Independent sentences sharing a stock phrase diverge in structure
/// (insertions, deletions); a spun copy keeps it (one-for-one substitutions).
fn copy_evidence(p: &Passage, a: &Side, b: &Side) -> f64 {
    // Equal words count outside quotation marks; a spun quotation keeps its structure, so only
    // insertions and deletions count against a copy inside quotation marks.
    let outside = |r: &std::ops::Range<usize>, q: &[bool]| r.clone().filter(|&t| !q[t]).count();
    let (mut free, mut penalty) = (0usize, 0.0);
    for e in &p.edits {
        let quoted_both =
            e.source.clone().all(|i| a.quoted[i]) && e.derived.clone().all(|j| b.quoted[j]);
        match e.op {
            EditOp::Equal => {
                free += e
                    .source
                    .clone()
                    .zip(e.derived.clone())
                    .filter(|&(i, j)| !(a.quoted[i] && b.quoted[j]))
                    .count();
            }
            EditOp::Substitute if quoted_both => {}
            EditOp::Substitute => {
                penalty +=
                    0.25 * outside(&e.source, &a.quoted).max(outside(&e.derived, &b.quoted)) as f64
            }
            _ => penalty += 0.5 * (e.source.len() + e.derived.len()) as f64,
        }
    }
    free as f64 - penalty
}

/// The kind of a copy from its edits: `(kind, equal words, derived words)`.
fn copy_kind(passages: &[Passage], spun_share: f64) -> (LinkKind, usize, usize) {
    let count = |op| -> usize {
        passages
            .iter()
            .flat_map(|p| &p.edits)
            .filter(|e| e.op == op)
            .map(|e| e.derived.len().max(e.source.len()))
            .sum()
    };
    let (eq, sub) = (count(EditOp::Equal), count(EditOp::Substitute));
    let indel = count(EditOp::Insert) + count(EditOp::Delete);
    let words: usize = passages.iter().map(|p| p.words).sum();
    let kind = if sub + indel == 0 {
        LinkKind::Verbatim
    } else if sub as f64 >= spun_share * words as f64 && sub >= 2 && sub >= indel {
        LinkKind::Spun
    } else {
        LinkKind::Edited
    };
    (kind, eq, words)
}

/// Share of the derived article's body words inside passages.
pub(crate) fn containment(passages: &[Passage], derived: &Side) -> f64 {
    let body = derived.doc.token_at_or_after(derived.body_start);
    let total = derived.doc.tokens.len().saturating_sub(body);
    let mut covered = vec![false; derived.doc.tokens.len()];
    for p in passages {
        for flag in &mut covered[p.derived_tokens.clone()] {
            *flag = true;
        }
    }
    let inside = covered[body..].iter().filter(|&&c| c).count();
    round3(inside as f64 / total.max(1) as f64)
}

pub(crate) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Marks common-source pairs and aggregators, and directs weak links out of aggregators.
///
/// Every decision reads the links as they were before any of them changed: the common
/// sources are found first (in parallel), then the links are rewritten.
fn relate(links: &mut [Link], sides: &[Side]) {
    let sources = KnownSources::new(links);
    let common: Vec<Option<usize>> = links
        .par_iter()
        .map(|link| common_source(link, links, &sources))
        .collect();
    for (link, common) in links.iter_mut().zip(common) {
        if let Some(z) = common {
            link.kind = LinkKind::CommonSource;
            link.direction = align::Direction {
                basis: DirectionBasis::Unknown,
                evidence: vec![format!("both copy the same passages from {}", sides[z].id)],
            };
            continue;
        }
        let (sx, sy) = (sources.of(link.source), sources.of(link.derived));
        aggregator(link, sx, sy);
    }
}

/// The third article both sides of `link` copied the same passages from, if any: mostly
/// that article's text, or, on a link with no direction evidence of its own, a good part.
fn common_source(link: &Link, links: &[Link], sources: &KnownSources) -> Option<usize> {
    let (x, y) = (link.source, link.derived);
    let (sx, sy) = (sources.of(x), sources.of(y));
    let need = if link.direction.basis == DirectionBasis::Unknown {
        0.25
    } else {
        0.5
    };
    sx.iter()
        .find(|(z, zx)| {
            *z != y
                && sy.iter().any(|(w, zy)| {
                    w == z
                        && covered(&link.passages, &links[*zx], true) >= need
                        && covered(&link.passages, &links[*zy], false) >= need
                })
        })
        .map(|&(z, _)| z)
}

/// For each article, the links with a known direction that copy into it, as
/// `(source article, link index)` in link order: one pass over the links instead of a scan
/// of all of them per article asked about.
struct KnownSources {
    /// `entries[starts[x]..starts[x + 1]]` are article `x`'s sources.
    starts: Vec<usize>,
    entries: Vec<(usize, usize)>,
}

impl KnownSources {
    fn new(links: &[Link]) -> KnownSources {
        let known = || {
            links
                .iter()
                .enumerate()
                .filter(|(_, l)| l.direction.basis != DirectionBasis::Unknown)
        };
        let articles = links
            .iter()
            .map(|l| l.source.max(l.derived) + 1)
            .max()
            .unwrap_or(0);
        let mut starts = vec![0usize; articles + 1];
        for (_, l) in known() {
            starts[l.derived + 1] += 1;
        }
        for x in 1..starts.len() {
            starts[x] += starts[x - 1];
        }
        let mut next = starts.clone();
        let mut entries = vec![(0, 0); starts[articles]];
        for (i, l) in known() {
            entries[next[l.derived]] = (l.source, i);
            next[l.derived] += 1;
        }
        KnownSources { starts, entries }
    }

    /// Article `x`'s sources, `(source article, link index)`, in link order.
    fn of(&self, x: usize) -> &[(usize, usize)] {
        match (self.starts.get(x), self.starts.get(x + 1)) {
            (Some(&a), Some(&b)) => &self.entries[a..b],
            _ => &[],
        }
    }
}

/// Uses "assembles passages from several sources" as evidence on weak links.
fn aggregator(link: &mut Link, sx: &[(usize, usize)], sy: &[(usize, usize)]) {
    let distinct = |s: &[(usize, usize)]| {
        let mut v: Vec<usize> = s.iter().map(|p| p.0).collect();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    let (nx, ny) = (distinct(sx), distinct(sy));
    let mut sources = ny;
    if link.direction.basis == DirectionBasis::Unknown && nx != ny && nx.max(ny) >= 2 {
        if nx > ny {
            sources = nx;
            std::mem::swap(&mut link.source, &mut link.derived);
            link.passages = link.passages.iter().map(Passage::swapped).collect();
            link.passages.sort_by_key(|p| p.derived_tokens.start);
        }
        link.direction.basis = DirectionBasis::Evidence;
        link.direction.evidence.insert(
            0,
            format!(
                "the derived side assembles passages from {} sources",
                nx.max(ny)
            ),
        );
    }
    if sources >= 2 && matches!(link.kind, LinkKind::Verbatim | LinkKind::Edited) {
        link.kind = LinkKind::Aggregate;
    }
}

/// Share of `passages`' words (on the source side if `source_side`, else derived side) that
/// lie in the derived ranges of `other`'s passages, where `other` copied into that article.
fn covered(passages: &[Passage], other: &Link, source_side: bool) -> f64 {
    let ranges: Vec<std::ops::Range<usize>> = passages
        .iter()
        .map(|p| {
            if source_side {
                p.source_tokens.clone()
            } else {
                p.derived_tokens.clone()
            }
        })
        .collect();
    let total: usize = ranges.iter().map(|r| r.len()).sum();
    let inside: usize = ranges
        .iter()
        .flat_map(|r| r.clone())
        .filter(|&t| other.passages.iter().any(|p| p.derived_tokens.contains(&t)))
        .count();
    inside as f64 / total.max(1) as f64
}
