//! Quotes compared across articles: the same quote given to different speakers
//! (misattributed), and a quote whose wording changed beyond trimming (altered).

use super::quote::Quote;
use super::quote_linked;
use super::quote_pairs;
use super::view::View;
use super::weights::Weights;
use super::{Evidence, Flag, FlagKind, Severity};
use crate::align::Link;
use crate::text::Span;
use ahash::{AHashMap, AHashSet};
use rayon::prelude::*;

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

/// Cross-article quote flags of every article.
pub fn flags(views: &[View], quotes: &[Vec<Quote>], links: &[Link], w: &Weights) -> Vec<Vec<Flag>> {
    let directions = directions(links);
    // Each quote is compared only with its best match in each other article. A pair below
    // both thresholds can neither be flagged nor make a quote faithful, and it sorts after
    // every pair that can, so it is never scored.
    let floor = w.quote_same.min(w.quote_altered);
    let mut scored = quote_pairs::scored_pairs(quotes, w.quote_min_words, floor);
    scored.extend(quote_linked::linked_pairs(
        quotes,
        links,
        w.quote_min_words,
        floor,
    ));
    scored.par_sort_by(|x, y| y.0.total_cmp(&x.0).then(x.2.cmp(&y.2)).then(x.3.cmp(&y.3)));
    // Quotes that some other article gives word for word (or trimmed): not altered.
    let same = |s: &&quote_pairs::Scored| s.1 && s.0 >= w.quote_same;
    let mut faithful: AHashSet<(usize, usize)> =
        AHashSet::with_capacity(2 * scored.iter().filter(same).count());
    faithful.extend(scored.iter().filter(same).flat_map(|s| [s.2, s.3]));
    let mut taken: AHashSet<((usize, usize), usize)> = AHashSet::with_capacity(2 * scored.len());
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

    /// The cross-article quote flags of `arts` with `links` (direction from the dates).
    fn flags_of(arts: &[Article], links: &[Link]) -> Vec<Vec<Flag>> {
        let docs: Vec<Doc> = arts.iter().map(|a| Doc::new(&a.text)).collect();
        let views = View::all(arts, &docs);
        let quotes: Vec<Vec<Quote>> = views.iter().map(|v| extract(lexicon(), v)).collect();
        flags(&views, &quotes, links, &Weights::default())
    }

    #[test]
    fn later_article_is_flagged_for_misattribution_and_alteration() {
        let arts = [
            art("a", "2020-01-01", "\"We will never give an inch on this matter,\" said Mr Smith. \"The deal was fair to both sides in every way,\" Mr Smith said."),
            art("b", "2020-01-02", "\"We will never give an inch on this matter,\" said Mr Jones. \"The deal was fair to both parties in every way,\" Mr Smith said."),
            art("c", "2020-01-03", "\"The deal was fair to both sides in every way,\" Mr Smith said."),
        ];
        let f = flags_of(&arts, &[]);
        assert!(f[0].is_empty(), "{:#?}", f[0]);
        assert!(f[2].is_empty(), "{:#?}", f[2]);
        let reasons: Vec<&str> = f[1].iter().map(|f| f.reason.as_str()).collect();
        assert_eq!(f[1].len(), 2, "{reasons:?}");
        assert!(reasons[0].contains("“jones” here but to “smith” in article a"));
        assert!(reasons[1].contains("differs from the earlier version in article a"));
    }

    #[test]
    fn a_word_changed_in_a_run_on_paragraph_alters_the_quote() {
        let body = |w: &str| {
            format!("Rates fell. \"We would certainly {w} to see a proper investigation into the banks. \"They have a long way to go,\" she said.")
        };
        let arts = [
            art("a", "2020-01-01", &body("like")),
            art("b", "2020-01-02", &body("wear")),
        ];
        // Run-on paragraphs are compared only between linked articles.
        assert!(flags_of(&arts, &[]).iter().all(Vec::is_empty));
        // A link whose direction is unknown: the dates decide which article is later.
        let f = flags_of(&arts, &[crate::score::quote_linked::test_link(0, 1)]);
        assert!(f[0].is_empty(), "{:#?}", f[0]);
        assert_eq!(f[1].len(), 1, "{:#?}", f[1]);
        assert!(f[1][0].text.contains("wear to see"), "{:#?}", f[1]);
        assert!(f[1][0]
            .reason
            .contains("differs from the earlier version in article a"));
    }
}
