//! Quotes compared across articles: the same quote given to different speakers
//! (misattributed), and a quote whose wording changed beyond trimming (altered).

use super::quote::Quote;
use super::view::View;
use super::weights::Weights;
use super::{Evidence, Flag, FlagKind, Severity};
use crate::align::Link;
use crate::text::{hash_bytes, Span};
use ahash::{AHashMap, AHashSet};
use rayon::prelude::*;

/// A compared pair: containment, trimmed, and the two (article, quote) indices.
type Scored = (f64, bool, (usize, usize), (usize, usize));

/// Postings longer than this (very common three-word runs) are skipped.
const MAX_POSTINGS: usize = 64;

/// Source → derived pairs of the links, for [`earlier`]; the first link of a pair wins.
fn directions(links: &[Link]) -> AHashMap<(usize, usize), bool> {
    let mut map = AHashMap::with_capacity(links.len() * 2);
    for l in links {
        map.entry((l.source, l.derived)).or_insert(true);
        map.entry((l.derived, l.source)).or_insert(false);
    }
    map
}

/// Whether article `a` came before article `b`: from links, then publication dates.
fn earlier(
    views: &[View],
    directions: &AHashMap<(usize, usize), bool>,
    a: usize,
    b: usize,
) -> Option<bool> {
    if let Some(&a_first) = directions.get(&(a, b)) {
        return Some(a_first);
    }
    let pa = views[a].article.meta.published.as_ref()?.unix;
    let pb = views[b].article.meta.published.as_ref()?.unix;
    (pa != pb).then_some(pa < pb)
}

/// What [`compare`] needs of a quote, computed once: its distinct word hashes (sorted) and its
/// words joined by spaces.
struct Prepared {
    set: Vec<u64>,
    joined: String,
}

impl Prepared {
    fn new(q: &Quote) -> Prepared {
        let mut set: Vec<u64> = q.words.iter().map(|w| hash_bytes(w.as_bytes())).collect();
        set.sort_unstable();
        set.dedup();
        Prepared {
            set,
            joined: q.words.join(" "),
        }
    }
}

/// Word containment of the smaller set in the larger.
fn containment(a: &Prepared, b: &Prepared) -> f64 {
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.set.len() && j < b.set.len() {
        match a.set[i].cmp(&b.set[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / a.set.len().min(b.set.len()).max(1) as f64
}

/// Whether one quote is a contiguous trim of the other.
fn trimmed(a: &Prepared, b: &Prepared) -> bool {
    a.joined.contains(&b.joined) || b.joined.contains(&a.joined)
}

/// Cross-article quote flags of every article.
pub fn flags(views: &[View], quotes: &[Vec<Quote>], links: &[Link], w: &Weights) -> Vec<Vec<Flag>> {
    let directions = directions(links);
    let mut index: AHashMap<u64, Vec<(usize, usize)>> = AHashMap::new();
    for (a, qs) in quotes.iter().enumerate() {
        for (qi, q) in qs
            .iter()
            .enumerate()
            .filter(|(_, q)| q.words.len() >= w.quote_min_words)
        {
            let mut keys: Vec<u64> = q
                .words
                .windows(3)
                .map(|t| hash_bytes(t.join(" ").as_bytes()))
                .collect();
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                index.entry(k).or_default().push((a, qi));
            }
        }
    }
    let mut pairs: Vec<((usize, usize), (usize, usize))> = Vec::new();
    for post in index.values().filter(|p| p.len() <= MAX_POSTINGS) {
        for (x, &p) in post.iter().enumerate() {
            pairs.extend(
                post[x + 1..]
                    .iter()
                    .filter(|q| q.0 != p.0)
                    .map(|&q| (p.min(q), p.max(q))),
            );
        }
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    // Each quote is compared only with its best match in each other article. A pair below
    // both thresholds can neither be flagged nor make a quote faithful, and it sorts after
    // every pair that can, so it is dropped before the (costly) trim test.
    let prepared: Vec<Vec<Prepared>> = quotes
        .par_iter()
        .map(|qs| qs.iter().map(Prepared::new).collect())
        .collect();
    let floor = w.quote_same.min(w.quote_altered);
    let mut scored: Vec<Scored> = pairs
        .into_par_iter()
        .filter_map(|(p, q)| {
            let (x, y) = (&prepared[p.0][p.1], &prepared[q.0][q.1]);
            let c = containment(x, y);
            (c >= floor).then(|| (c, trimmed(x, y), p, q))
        })
        .collect();
    drop(prepared);
    scored.par_sort_by(|x, y| y.0.total_cmp(&x.0).then(x.2.cmp(&y.2)).then(x.3.cmp(&y.3)));
    // Quotes that some other article gives word for word (or trimmed): not altered.
    let faithful: AHashSet<(usize, usize)> = scored
        .iter()
        .filter(|s| s.1 && s.0 >= w.quote_same)
        .flat_map(|s| [s.2, s.3])
        .collect();
    let mut taken: AHashSet<((usize, usize), usize)> = AHashSet::new();
    let mut out = vec![Vec::new(); views.len()];
    for (containment, trimmed, (a, qa), (b, qb)) in scored {
        if !taken.insert(((a, qa), b)) || !taken.insert(((b, qb), a)) {
            continue;
        }
        let (x, y) = (&quotes[a][qa], &quotes[b][qb]);
        let later = earlier(views, &directions, a, b).map(|a_first| if a_first { b } else { a });
        let speakers = (
            x.speaker.as_ref().and_then(|s| s.confident_key()),
            y.speaker.as_ref().and_then(|s| s.confident_key()),
        );
        if containment >= w.quote_same {
            if let (Some(sx), Some(sy)) = speakers {
                if sx != sy {
                    // The later article is flagged high; with no direction, both are flagged low.
                    let sides = [(a, b, x, y, sx, sy), (b, a, y, x, sy, sx)];
                    for (me, other, q, oq, mine, theirs) in sides {
                        if later.is_some_and(|l| l != me) {
                            continue;
                        }
                        let severity = if later.is_some() {
                            Severity::High
                        } else {
                            Severity::Low
                        };
                        let id = &views[other].article.id;
                        let reason = format!(
                            "This quote is attributed to “{mine}” here but to “{theirs}” in article {id}."
                        );
                        let text = format!("{id} attributes it to {theirs}");
                        out[me].push(flag(
                            &views[me],
                            &views[other],
                            q,
                            oq,
                            reason,
                            text,
                            severity,
                        ));
                    }
                    continue;
                }
            }
        }
        if containment >= w.quote_altered && !trimmed {
            let later_quote = later.map(|l| if l == a { (a, qa) } else { (b, qb) });
            if let Some((l, _)) = later_quote.filter(|lq| !faithful.contains(lq)) {
                let (other, q, oq) = if l == a { (b, x, y) } else { (a, y, x) };
                out[l].push(flag(&views[l], &views[other], q, oq, format!(
                    "This quote's wording differs from the earlier version in article {} beyond trimming.", views[other].article.id
                ), format!("{} quotes: {}", views[other].article.id, &views[other].article.text[oq.span.clone()]), Severity::Medium));
            }
        }
    }
    for f in &mut out {
        f.sort_by_key(|f: &Flag| (f.start, f.end));
        f.dedup_by_key(|f| (f.start, f.end));
    }
    out
}

fn flag(
    me: &View,
    other: &View,
    q: &Quote,
    oq: &Quote,
    reason: String,
    text: String,
    severity: Severity,
) -> Flag {
    let evidence = Evidence {
        article: Some(other.article.id.clone()),
        span: Some(Span::new(oq.span.start, oq.span.end)),
        text,
        lexicon: None,
    };
    me.flag(FlagKind::Quote, q.span.clone(), reason, evidence, severity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, Meta, Published};
    use crate::score::{lexicon::lexicon, quote::extract};
    use crate::text::Doc;

    fn art(id: &str, day: &str, body: &str) -> Article {
        let meta = Meta {
            published: Published::parse(day).ok(),
            ..Meta::default()
        };
        Article::new(id, id, Some("Talks"), body.into(), meta)
    }

    #[test]
    fn later_article_is_flagged_for_misattribution_and_alteration() {
        let arts = [
            art("a", "2020-01-01", "\"We will never give an inch on this matter,\" said Mr Smith. \"The deal was fair to both sides in every way,\" Mr Smith said."),
            art("b", "2020-01-02", "\"We will never give an inch on this matter,\" said Mr Jones. \"The deal was fair to both parties in every way,\" Mr Smith said."),
            art("c", "2020-01-03", "\"The deal was fair to both sides in every way,\" Mr Smith said."),
        ];
        let docs: Vec<Doc> = arts.iter().map(|a| Doc::new(&a.text)).collect();
        let views: Vec<View> = arts
            .iter()
            .zip(&docs)
            .map(|(a, d)| View::new(a, d))
            .collect();
        let quotes: Vec<Vec<Quote>> = views.iter().map(|v| extract(lexicon(), v)).collect();
        let f = flags(&views, &quotes, &[], &Weights::default());
        assert!(f[0].is_empty(), "{:#?}", f[0]);
        assert!(f[2].is_empty(), "{:#?}", f[2]);
        let reasons: Vec<&str> = f[1].iter().map(|f| f.reason.as_str()).collect();
        assert_eq!(f[1].len(), 2, "{reasons:?}");
        assert!(reasons[0].contains("“jones” here but to “smith” in article a"));
        assert!(reasons[1].contains("differs from the earlier version in article a"));
    }
}
