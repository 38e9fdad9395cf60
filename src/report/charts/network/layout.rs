//! Which articles and links the copy network shows, and where.
//!
//! Each derived article keeps its *main source*: the link with most copied words, preferring
//! direct copies to common-source links. Those main links form a forest, drawn in columns:
//! articles that copied from no shown article on the left, each derived article one column
//! right of its main source. Other links among the shown articles are kept as secondary
//! arrows, except between siblings (two copies of one source resemble each other because of
//! it). At most [`MAX_NODES`] articles and [`MAX_FANOUT`] copies per source are shown, the
//! links with most copied words first; the rest are counted.

/// The most articles shown.
pub(super) const MAX_NODES: usize = super::MAX_ROWS;
/// The most derived articles shown per source (the rest are counted on its label).
pub(super) const MAX_FANOUT: usize = 8;
/// The most secondary links shown in all, and per derived article.
const MAX_EXTRA: usize = 30;
const MAX_EXTRA_PER_ARTICLE: usize = 2;

/// A link as the layout needs it (report article indices).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct LinkIn {
    pub source: usize,
    pub derived: usize,
    pub words: usize,
    /// A common-source link (both copied a third article), weaker evidence of copying.
    pub common_source: bool,
}

/// A shown link between nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Edge {
    pub from: usize,
    pub to: usize,
    pub words: usize,
    /// The derived article's main source (else a secondary link).
    pub main: bool,
}

/// The shown articles and links, and their places.
#[derive(Debug, Default)]
pub(super) struct Layout {
    /// Report index of each node.
    pub articles: Vec<usize>,
    /// Column of each node, from 0 (left).
    pub column: Vec<usize>,
    /// Row of each node within its column, from 0 (top).
    pub row: Vec<usize>,
    /// Nodes per column.
    pub column_sizes: Vec<usize>,
    pub edges: Vec<Edge>,
    /// Per node: derived articles whose main source it is but which are not shown.
    pub hidden_copies: Vec<usize>,
}

/// Lays out `links` among `n` articles; `story(i)` orders the left column.
pub(super) fn layout(links: &[LinkIn], n: usize, story: impl Fn(usize) -> usize) -> Layout {
    let main = main_links(links, n);
    let mut node_of: Vec<Option<usize>> = vec![None; n];
    let mut out = Layout::default();
    let mut fanout: Vec<usize> = Vec::new();
    let mut parent: Vec<Option<usize>> = Vec::new();
    for l in &main {
        if let (Some(s), Some(d)) = (node_of[l.source], node_of[l.derived]) {
            if descends(&parent, s, d) {
                continue; // the reverse link is drawn already: no cycles of main links
            }
        }
        let new = [l.source, l.derived]
            .iter()
            .filter(|&&i| node_of[i].is_none())
            .count();
        let full = out.articles.len() + new > MAX_NODES;
        let crowded = node_of[l.source].is_some_and(|s| fanout[s] >= MAX_FANOUT);
        if full || crowded {
            if let Some(s) = node_of[l.source] {
                out.hidden_copies[s] += 1;
            }
            continue;
        }
        let [s, d] = [l.source, l.derived].map(|i| {
            *node_of[i].get_or_insert_with(|| {
                out.articles.push(i);
                out.hidden_copies.push(0);
                fanout.push(0);
                parent.push(None);
                out.articles.len() - 1
            })
        });
        fanout[s] += 1;
        parent[d] = Some(s);
        out.edges.push(Edge {
            from: s,
            to: d,
            words: l.words,
            main: true,
        });
    }
    out.edges.extend(extra_edges(links, &node_of, &out.edges));
    place(&mut out, story);
    out
}

/// Whether node `x` descends from node `ancestor` (or is it) along `parent` links.
fn descends(parent: &[Option<usize>], x: usize, ancestor: usize) -> bool {
    let mut at = Some(x);
    for _ in 0..=parent.len() {
        match at {
            Some(a) if a == ancestor => return true,
            Some(a) => at = parent.get(a).copied().flatten(),
            None => return false,
        }
    }
    false
}

/// Each derived article's main source link, most copied words first.
fn main_links(links: &[LinkIn], n: usize) -> Vec<LinkIn> {
    let key = |l: &LinkIn| (!l.common_source, l.words, std::cmp::Reverse(l.source));
    let mut best: Vec<Option<LinkIn>> = vec![None; n];
    for l in links.iter().filter(|l| l.source != l.derived) {
        let slot = &mut best[l.derived];
        if !slot.as_ref().is_some_and(|b| key(l) <= key(b)) {
            *slot = Some(*l);
        }
    }
    let mut main: Vec<LinkIn> = best.into_iter().flatten().collect();
    main.sort_by(|a, b| {
        b.words
            .cmp(&a.words)
            .then((a.source, a.derived).cmp(&(b.source, b.derived)))
    });
    main
}

/// Secondary links among shown nodes, most copied words first, skipping siblings and links
/// already drawn either way.
fn extra_edges(links: &[LinkIn], node_of: &[Option<usize>], main: &[Edge]) -> Vec<Edge> {
    let nodes = main.iter().map(|e| e.from.max(e.to) + 1).max().unwrap_or(0);
    let mut parent: Vec<Option<usize>> = vec![None; nodes];
    for e in main {
        parent[e.to] = Some(e.from);
    }
    let mut candidates: Vec<Edge> = links
        .iter()
        .filter_map(|l| {
            let (from, to) = (node_of[l.source]?, node_of[l.derived]?);
            let drawn = main
                .iter()
                .any(|e| (e.from, e.to) == (from, to) || (e.from, e.to) == (to, from));
            let siblings = parent[from].is_some() && parent[from] == parent[to];
            (from != to && !drawn && !siblings).then_some(Edge {
                from,
                to,
                words: l.words,
                main: false,
            })
        })
        .collect();
    candidates.sort_by(|a, b| {
        b.words
            .cmp(&a.words)
            .then((a.from, a.to).cmp(&(b.from, b.to)))
    });
    let mut per_article = vec![0usize; nodes];
    let mut out = Vec::new();
    for e in candidates {
        if out.len() < MAX_EXTRA && per_article[e.to] < MAX_EXTRA_PER_ARTICLE {
            per_article[e.to] += 1;
            out.push(e);
        }
    }
    out
}

/// Columns by depth along main links; rows by story (left column) or by parent row.
fn place(out: &mut Layout, story: impl Fn(usize) -> usize) {
    let n = out.articles.len();
    let mut parent: Vec<Option<usize>> = vec![None; n];
    for e in out.edges.iter().filter(|e| e.main) {
        parent[e.to] = Some(e.from);
    }
    out.column = (0..n)
        .map(|i| {
            let (mut depth, mut at) = (0, i);
            while let Some(p) = parent[at] {
                depth += 1;
                at = p;
                if depth >= n {
                    break; // a cycle of main links: stop climbing
                }
            }
            depth
        })
        .collect();
    let columns = out.column.iter().max().map_or(0, |&c| c + 1);
    out.row = vec![0; n];
    out.column_sizes = vec![0; columns];
    for c in 0..columns {
        let mut members: Vec<usize> = (0..n).filter(|&i| out.column[i] == c).collect();
        let order = |i: usize| match parent[i] {
            Some(p) if c > 0 => (out.row[p], out.articles[i]),
            _ => (story(out.articles[i]), out.articles[i]),
        };
        members.sort_by_key(|&i| order(i));
        for (r, &i) in members.iter().enumerate() {
            out.row[i] = r;
        }
        out.column_sizes[c] = members.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(source: usize, derived: usize, words: usize) -> LinkIn {
        LinkIn {
            source,
            derived,
            words,
            common_source: false,
        }
    }

    #[test]
    fn sources_sit_left_of_what_copied_them() {
        // 0 -> 1 -> 2, and 0 -> 2 weaker; 3 -> 4 separately.
        let links = [
            link(0, 1, 50),
            link(1, 2, 40),
            link(0, 2, 10),
            link(3, 4, 30),
        ];
        let l = layout(&links, 5, |_| 0);
        let col = |a: usize| l.column[l.articles.iter().position(|&x| x == a).unwrap()];
        assert_eq!([col(0), col(1), col(2), col(3), col(4)], [0, 1, 2, 0, 1]);
        assert_eq!(l.edges.iter().filter(|e| e.main).count(), 3);
        assert!(l.edges.iter().any(|e| !e.main && e.words == 10));
        assert_eq!(l.column_sizes, [2, 2, 1]);
    }

    #[test]
    fn direct_copies_beat_common_source_links_as_main_source() {
        let mut common = link(1, 2, 90);
        common.common_source = true;
        let links = [link(0, 1, 60), link(0, 2, 20), common];
        let l = layout(&links, 3, |_| 0);
        let node = |a: usize| l.articles.iter().position(|&x| x == a).unwrap();
        assert!(l
            .edges
            .iter()
            .any(|e| e.main && (e.from, e.to) == (node(0), node(2))));
        // 1 and 2 are both copies of 0: their common-source link is not drawn.
        assert_eq!(l.edges.len(), 2);
    }

    #[test]
    fn big_families_are_capped_and_counted() {
        let links: Vec<LinkIn> = (1..100).map(|d| link(0, d, 300)).collect();
        let l = layout(&links, 100, |_| 0);
        assert_eq!(l.articles.len(), MAX_FANOUT + 1);
        assert_eq!(l.hidden_copies[0], 99 - MAX_FANOUT);
    }

    #[test]
    fn cycles_and_self_links_do_not_hang_or_panic() {
        let links = [link(0, 1, 5), link(1, 0, 5), link(2, 2, 9)];
        let l = layout(&links, 3, |_| 0);
        assert_eq!(l.articles.len(), 2);
        assert_eq!(l.column_sizes, [1, 1]);
        assert!(l
            .row
            .iter()
            .zip(&l.column)
            .all(|(&r, &c)| r < l.column_sizes[c]));
    }

    #[test]
    fn many_sources_stop_at_max_nodes() {
        let links: Vec<LinkIn> = (0..200).map(|k| link(2 * k, 2 * k + 1, 400 - k)).collect();
        let l = layout(&links, 400, |_| 0);
        assert_eq!(l.articles.len(), MAX_NODES);
        assert_eq!(l.column_sizes, [MAX_NODES / 2, MAX_NODES / 2]);
    }
}
