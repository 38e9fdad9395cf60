//! From shared anchors to aligned passages: seed, chain, fill gaps, extend ends.
//!
//! Seeds are maximal exact matches grown from shared word 3-grams (3-grams of function words
//! only are ignored). Seeds are chained when they keep their order on both sides and the gaps
//! between them are small; each chain's gaps are aligned word by word ([`super::dp`]), and the
//! chain's ends are extended along the diagonal while matches outweigh substitutions (X-drop),
//! so a passage with one word in four swapped is found in one piece.

use super::dp::{align, extend_edits, to_edits};
use super::fingerprint::gram_hash;
use super::lexicon::Lexicon;
use super::{AlignConfig, Edit, EditOp};
use crate::text::Token;

/// An exact match: `len` tokens from `a[i..]` equal `b[j..]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seed {
    /// Start in the first sequence.
    pub i: usize,
    /// Start in the second sequence.
    pub j: usize,
    /// Length in tokens.
    pub len: usize,
}

const SEED_K: usize = 3;
/// Occurrences of one 3-gram in `a` considered, so repeated phrases stay cheap.
const MAX_OCCURRENCES: usize = 8;

/// Maximal exact matches of at least 3 tokens, sorted by position in `b`.
pub fn seeds(a: &[Token], b: &[Token]) -> Vec<Seed> {
    if a.len() < SEED_K || b.len() < SEED_K {
        return Vec::new();
    }
    let lex = Lexicon::get();
    // `a`'s 3-grams as (hash, position), sorted: one array instead of a map of vectors, which
    // cost an allocation per distinct 3-gram of every aligned pair.
    let mut at: Vec<(u64, usize)> = a
        .windows(SEED_K)
        .enumerate()
        .filter(|(_, g)| !g.iter().all(|t| lex.is_stopword(t.hash)))
        .map(|(i, g)| (gram_hash(g), i))
        .collect();
    at.sort_unstable();
    let mut hits: Vec<(isize, usize)> = Vec::new();
    for (j, g) in b.windows(SEED_K).enumerate() {
        let h = gram_hash(g);
        let first = at.partition_point(|&(x, _)| x < h);
        let same = at[first..].iter().take_while(|&&(x, _)| x == h);
        for &(_, i) in same.take(MAX_OCCURRENCES) {
            if a[i..i + SEED_K]
                .iter()
                .zip(g)
                .all(|(x, y)| x.hash == y.hash)
            {
                hits.push((j as isize - i as isize, j));
            }
        }
    }
    hits.sort_unstable();
    let mut out: Vec<Seed> = Vec::new();
    for run in hits.chunk_by(|x, y| x.0 == y.0 && y.1 <= x.1 + 1) {
        let (diag, j) = run[0];
        let i = (j as isize - diag) as usize;
        let end = run[run.len() - 1].1 + SEED_K;
        out.push(Seed { i, j, len: end - j });
    }
    out.sort_unstable_by_key(|s| (s.j, s.i));
    out
}

/// Seeds chained into monotone groups with gaps of at most `max_gap` tokens on each side.
pub fn chain(seeds: &[Seed], max_gap: usize) -> Vec<Vec<Seed>> {
    const LOOKBACK: usize = 64;
    let n = seeds.len();
    let mut score = vec![0i64; n];
    let mut prev = vec![usize::MAX; n];
    for s in 0..n {
        let cur = seeds[s];
        score[s] = cur.len as i64;
        for p in (s.saturating_sub(LOOKBACK)..s).rev() {
            let q = seeds[p];
            if q.i >= cur.i || q.j >= cur.j {
                continue;
            }
            let trim = (q.i + q.len)
                .saturating_sub(cur.i)
                .max((q.j + q.len).saturating_sub(cur.j));
            if trim >= cur.len {
                continue;
            }
            let ga = cur.i + trim - (q.i + q.len).min(cur.i + trim);
            let gb = cur.j + trim - (q.j + q.len).min(cur.j + trim);
            if ga > max_gap || gb > max_gap {
                continue;
            }
            let gain = score[p] + (cur.len - trim) as i64 - (ga.max(gb) as i64) / 2;
            if gain > score[s] {
                score[s] = gain;
                prev[s] = p;
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&s| (std::cmp::Reverse(score[s]), s));
    let mut used = vec![false; n];
    let mut chains = Vec::new();
    for end in order {
        let mut members = Vec::new();
        let mut s = end;
        while s != usize::MAX && !used[s] {
            used[s] = true;
            members.push(s);
            s = prev[s];
        }
        members.reverse();
        if !members.is_empty() {
            chains.push(trim_chain(members.iter().map(|&m| seeds[m])));
        }
    }
    chains.sort_by_key(|c| (c[0].j, c[0].i));
    chains
}

/// Cuts each seed's overlap with its predecessor so the chain is strictly monotone.
fn trim_chain(seeds: impl Iterator<Item = Seed>) -> Vec<Seed> {
    let mut out: Vec<Seed> = Vec::new();
    for mut s in seeds {
        if let Some(q) = out.last() {
            let trim = (q.i + q.len)
                .saturating_sub(s.i)
                .max((q.j + q.len).saturating_sub(s.j));
            s.i += trim;
            s.j += trim;
            s.len = s.len.saturating_sub(trim);
        }
        if s.len > 0 {
            out.push(s);
        }
    }
    out
}

/// The edit script of a chain: equal seeds, aligned gaps, X-drop extended ends.
pub fn chain_edits(a: &[u64], b: &[u64], chain: &[Seed], cfg: &AlignConfig) -> Vec<Edit> {
    let (Some(first), Some(last)) = (chain.first(), chain.last()) else {
        return Vec::new();
    };
    let back = xdrop(a, b, first.i, first.j, -1, cfg.xdrop);
    let mut edits = diagonal(a, b, first.i - back, first.j - back, back);
    let mut prev_end: Option<(usize, usize)> = None;
    for s in chain {
        if let Some((pi, pj)) = prev_end {
            extend_edits(&mut edits, align(&a[pi..s.i], &b[pj..s.j], pi, pj));
        }
        extend_edits(
            &mut edits,
            to_edits(&[(EditOp::Equal, s.len, s.len)], s.i, s.j),
        );
        prev_end = Some((s.i + s.len, s.j + s.len));
    }
    let (ei, ej) = (last.i + last.len, last.j + last.len);
    let fwd = xdrop(a, b, ei, ej, 1, cfg.xdrop);
    extend_edits(&mut edits, diagonal(a, b, ei, ej, fwd));
    edits
}

/// Edits for `n` tokens along the diagonal from `(i, j)`: equal or substitute runs.
fn diagonal(a: &[u64], b: &[u64], i: usize, j: usize, n: usize) -> Vec<Edit> {
    let mut out = Vec::new();
    for k in 0..n {
        let op = if a[i + k] == b[j + k] {
            EditOp::Equal
        } else {
            EditOp::Substitute
        };
        extend_edits(&mut out, to_edits(&[(op, 1, 1)], i + k, j + k));
    }
    out
}

/// How far to extend from `(i, j)` along the diagonal (`dir` -1: backwards from the tokens
/// before; 1: forwards from `i`, `j`) before the score drops `x` below its best.
fn xdrop(a: &[u64], b: &[u64], i: usize, j: usize, dir: isize, x: i64) -> usize {
    let room = if dir < 0 {
        i.min(j)
    } else {
        (a.len() - i).min(b.len() - j)
    };
    let (mut score, mut best, mut best_k) = (0i64, 0i64, 0usize);
    for k in 1..=room {
        let (ai, bj) = if dir < 0 {
            (i - k, j - k)
        } else {
            (i + k - 1, j + k - 1)
        };
        let hit = a[ai] == b[bj];
        score += if hit { 1 } else { -1 };
        // Ties extend when they end on a match, so a passage ending "a X Y" -> "a Z Y" (one
        // word swapped before the last) keeps its substitution.
        if score > best || (hit && score == best) {
            best = score;
            best_k = k;
        } else if score < best - x {
            break;
        }
    }
    best_k
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Doc;

    #[test]
    fn spun_sentence_aligns_in_one_chain() {
        let a = Doc::new("intro words here. Police said the fire started late on Tuesday near the old mill and spread quickly across the dry hills toward the town.");
        let b = Doc::new("Officers said the blaze started late on Tuesday near the old factory and spread rapidly across the dry hills toward the town. other words");
        let s = seeds(&a.tokens, &b.tokens);
        let chains = chain(&s, 20);
        assert_eq!(chains.len(), 1);
        let ha: Vec<u64> = a.tokens.iter().map(|t| t.hash).collect();
        let hb: Vec<u64> = b.tokens.iter().map(|t| t.hash).collect();
        let e = chain_edits(&ha, &hb, &chains[0], &AlignConfig::default());
        let (subs, _) = super::super::dp::count(&e, EditOp::Substitute);
        assert_eq!(subs, 3);
        assert_eq!(e[0].derived.start, 1);
    }
}
