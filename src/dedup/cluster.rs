//! Clusters from verified pairs: union-find, a representative per cluster, and splitting of
//! chained clusters.
//!
//! Union-find links only verified pairs. Each component gets a representative (the best by a
//! caller-given rank: earliest, longest or first). Members at least as similar to it as the
//! threshold form the cluster; the rest are split off and clustered again among themselves,
//! so a chain A~B~C with A far from C never puts C under A.

use ahash::AHashMap;
use rayon::prelude::*;

/// A cluster by article index: its representative and every member (representative first)
/// with its Jaccard similarity to the representative.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexCluster {
    /// The representative.
    pub representative: u32,
    /// Members with their similarity to the representative; the representative first (1.0),
    /// the others in index order.
    pub members: Vec<(u32, f64)>,
}

/// Disjoint sets over `0..n` with path halving and union by index.
#[derive(Clone, Debug)]
pub struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    /// `n` singletons.
    pub fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n as u32).collect(),
        }
    }

    /// The root of `x`'s set.
    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }

    /// Joins the sets of `a` and `b`; the smaller root index becomes the root.
    pub fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi as usize] = lo;
        }
    }
}

/// Clusters of `n` articles from verified `edges` (pairs of indices).
///
/// `rank(i)` orders candidates for representative (smallest wins; include the index to break
/// ties); `similarity(a, b)` is the exact Jaccard similarity. Clusters come in order of their
/// representative's index.
pub fn build<R: Ord>(
    n: usize,
    edges: &[(u32, u32)],
    threshold: f64,
    rank: impl Fn(u32) -> R + Sync,
    similarity: impl Fn(u32, u32) -> f64 + Sync,
) -> Vec<IndexCluster> {
    let mut uf = UnionFind::new(n);
    for &(a, b) in edges {
        uf.union(a, b);
    }
    // Group edges by component root; components in order of their root (smallest member).
    let mut by_root: Vec<(u32, (u32, u32))> = edges.iter().map(|&e| (uf.find(e.0), e)).collect();
    by_root.sort_unstable();
    let groups: Vec<Vec<(u32, u32)>> = by_root
        .chunk_by(|x, y| x.0 == y.0)
        .map(|run| run.iter().map(|&(_, e)| e).collect())
        .collect();
    let mut clusters: Vec<IndexCluster> = groups
        .par_iter()
        .flat_map_iter(|edges| split(edges, threshold, &rank, &similarity))
        .collect();
    clusters.sort_unstable_by_key(|c| c.representative);
    clusters
}

/// Splits one connected component (given by its edges) into clusters around representatives.
fn split<R: Ord>(
    edges: &[(u32, u32)],
    threshold: f64,
    rank: &impl Fn(u32) -> R,
    similarity: &impl Fn(u32, u32) -> f64,
) -> Vec<IndexCluster> {
    let mut out = Vec::new();
    let mut work = vec![edges.to_vec()];
    while let Some(edges) = work.pop() {
        let mut nodes: Vec<u32> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
        nodes.sort_unstable();
        nodes.dedup();
        let Some(&rep) = nodes.iter().min_by_key(|&&i| rank(i)) else {
            continue;
        };
        let mut members = vec![(rep, 1.0)];
        let mut rest = Vec::new();
        for &m in nodes.iter().filter(|&&m| m != rep) {
            let s = similarity(rep, m);
            if s >= threshold {
                members.push((m, s));
            } else {
                rest.push(m);
            }
        }
        if members.len() > 1 {
            out.push(IndexCluster {
                representative: rep,
                members,
            });
        }
        let kept: Vec<(u32, u32)> = edges
            .into_iter()
            .filter(|&(a, b)| rest.binary_search(&a).is_ok() && rest.binary_search(&b).is_ok())
            .collect();
        work.extend(components(&rest, kept));
    }
    out
}

/// The edge lists of the connected components of `nodes` (sorted) under `edges`.
fn components(nodes: &[u32], edges: Vec<(u32, u32)>) -> Vec<Vec<(u32, u32)>> {
    if edges.is_empty() {
        return Vec::new();
    }
    let local: AHashMap<u32, u32> = nodes
        .iter()
        .enumerate()
        .map(|(i, &n)| (n, i as u32))
        .collect();
    let mut uf = UnionFind::new(nodes.len());
    for &(a, b) in &edges {
        uf.union(local[&a], local[&b]);
    }
    let mut keyed: Vec<(u32, (u32, u32))> = edges
        .into_iter()
        .map(|e| (uf.find(local[&e.0]), e))
        .collect();
    keyed.sort_unstable();
    keyed
        .chunk_by(|x, y| x.0 == y.0)
        .map(|run| run.iter().map(|&(_, e)| e).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Similarity from a table of (a, b, s); absent pairs are 0.
    fn table(pairs: &[(u32, u32, f64)]) -> impl Fn(u32, u32) -> f64 + Sync + '_ {
        move |a, b| {
            pairs
                .iter()
                .find(|p| (p.0, p.1) == (a.min(b), a.max(b)))
                .map_or(0.0, |p| p.2)
        }
    }

    #[test]
    fn components_become_clusters_around_the_best_ranked() {
        let sims = [(0, 1, 0.9), (1, 2, 0.85), (0, 2, 0.82), (5, 7, 0.95)];
        let edges = [(0, 1), (1, 2), (5, 7)];
        // Rank: prefer index 2 (e.g. the earliest published).
        let rank = |i: u32| (i != 2, i);
        let c = build(8, &edges, 0.8, rank, table(&sims));
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].representative, 2);
        assert_eq!(c[0].members, vec![(2, 1.0), (0, 0.82), (1, 0.85)]);
        assert_eq!(c[1].members, vec![(5, 1.0), (7, 0.95)]);
    }

    #[test]
    fn chains_are_split_not_followed() {
        // 0~1~2~3 each 0.85 apart, but 0 and 2, 0 and 3 are far apart.
        let sims = [(0, 1, 0.85), (1, 2, 0.85), (2, 3, 0.85), (1, 3, 0.81)];
        let edges = [(0, 1), (1, 2), (2, 3)];
        let c = build(4, &edges, 0.8, |i| i, table(&sims));
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].members, vec![(0, 1.0), (1, 0.85)]);
        assert_eq!(c[1].members, vec![(2, 1.0), (3, 0.85)]);
        for cl in &c {
            assert!(cl.members.iter().all(|&(_, s)| s >= 0.8));
        }
    }

    #[test]
    fn union_find_joins() {
        let mut uf = UnionFind::new(5);
        uf.union(3, 4);
        uf.union(4, 1);
        assert_eq!(uf.find(3), 1);
        assert_ne!(uf.find(0), uf.find(4));
    }
}
