//! Which way the copying went: from publication times, else from the edits themselves.
//!
//! Text evidence looks at each one-for-one word substitution inside the aligned passages.
//! A copier who swaps words (by hand or with a spinning tool) tends to break the collocations
//! of the original and to introduce rarer words or misspellings, so the side whose word forms
//! the more common pair with its neighbours, or is a dictionary word where the other is not,
//! is taken as the original. Votes are summed; a weak total gives `unknown`.

use crate::align::lexicon::Lexicon;
use crate::align::{Direction, DirectionBasis, EditOp, Passage};
use crate::text::Doc;

/// Smallest absolute evidence total that decides a direction.
pub const DECISIVE: f64 = 1.0;

/// Evidence for the first side (`a`, the passages' source) being the original.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    /// Positive: `a` is the original; negative: `b` is.
    pub score: f64,
    /// Human-readable reasons, strongest first.
    pub reasons: Vec<(f64, String)>,
}

impl Evidence {
    /// Adds one reason with its signed weight.
    pub fn add(&mut self, weight: f64, reason: String) {
        self.score += weight;
        self.reasons.push((weight, reason));
    }

    /// The direction this evidence supports: `(a_is_source, Direction)`.
    pub fn decide(mut self) -> (bool, Direction) {
        self.reasons
            .sort_by(|x, y| y.0.abs().total_cmp(&x.0.abs()).then_with(|| x.1.cmp(&y.1)));
        let evidence: Vec<String> = self.reasons.into_iter().map(|r| r.1).collect();
        if self.score.abs() < DECISIVE {
            let mut evidence = evidence;
            evidence.insert(0, format!("evidence too weak (score {:.1})", self.score));
            return (
                true,
                Direction {
                    basis: DirectionBasis::Unknown,
                    evidence,
                },
            );
        }
        (
            self.score > 0.0,
            Direction {
                basis: DirectionBasis::Evidence,
                evidence,
            },
        )
    }
}

/// Direction from publication times, when both are known and differ.
pub fn published(a: Option<i64>, b: Option<i64>) -> Option<(bool, Direction)> {
    let (a, b) = (a?, b?);
    if a == b {
        return None;
    }
    Some((
        a < b,
        Direction {
            basis: DirectionBasis::Published,
            evidence: vec!["published earlier".to_owned()],
        },
    ))
}

/// Evidence from the substitutions of the passages (`a` = passages' source side).
pub fn from_edits(passages: &[Passage], a: (&str, &Doc), b: (&str, &Doc)) -> Evidence {
    let lex = Lexicon::get();
    let mut ev = Evidence::default();
    for p in passages {
        for w in p.edits.windows(3) {
            let e = &w[1];
            let isolated = w[0].op == EditOp::Equal && w[2].op == EditOp::Equal;
            if !isolated
                || e.op != EditOp::Substitute
                || e.source.len() != 1
                || e.derived.len() != 1
            {
                continue;
            }
            let (i, j) = (e.source.start, e.derived.start);
            if lex.is_stopword(a.1.tokens[i].hash) || lex.is_stopword(b.1.tokens[j].hash) {
                continue;
            }
            substitution(lex, &mut ev, (a, i), (b, j));
        }
    }
    ev
}

/// Weighs one substituted word pair.
fn substitution(
    lex: &Lexicon,
    ev: &mut Evidence,
    a: ((&str, &Doc), usize),
    b: ((&str, &Doc), usize),
) {
    let ((ta, da), i) = a;
    let ((tb, db), j) = b;
    let (x, y) = (da.tokens[i].hash, db.tokens[j].hash);
    let (wx, wy) = (da.tokens[i].span.slice(ta), db.tokens[j].span.slice(tb));
    let (xw, yw) = (lex.is_word(x), lex.is_word(y));
    if xw != yw && !has_digit(wx) && !has_digit(wy) {
        let w = if xw { 1.5 } else { -1.5 };
        let (good, bad) = if xw { (wx, wy) } else { (wy, wx) };
        ev.add(
            w,
            format!("“{bad}” is not a dictionary word where the other side has “{good}”"),
        );
        return;
    }
    let colloc = |doc: &Doc, k: usize| {
        let h = doc.tokens[k].hash;
        let left = k
            .checked_sub(1)
            .map_or(0, |l| lex.bigram(doc.tokens[l].hash, h));
        let right = doc.tokens.get(k + 1).map_or(0, |r| lex.bigram(h, r.hash));
        ((1 + left) as f64).ln() + ((1 + right) as f64).ln()
    };
    let diff = colloc(da, i) - colloc(db, j);
    if diff.abs() >= 3.0 {
        let w = diff.signum();
        let (good, bad) = if w > 0.0 { (wx, wy) } else { (wy, wx) };
        ev.add(w, format!("“{good}” forms a common phrase with its neighbours where the other side has “{bad}”"));
        return;
    }
    let (fx, fy) = (lex.unigram(x) as f64 + 1.0, lex.unigram(y) as f64 + 1.0);
    if xw && yw && (fx / fy).ln().abs() >= 2.0 {
        let w = 0.25 * (fx / fy).ln().signum();
        let (common, rare) = if w > 0.0 { (wx, wy) } else { (wy, wx) };
        ev.add(w, format!("rarer “{rare}” replaces common “{common}”"));
    }
}

fn has_digit(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit())
}
