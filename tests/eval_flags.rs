//! Synthetic flag evaluation on real news sentences (Lee background corpus, read at run time).
//!
//! The floors below are the measured values on seed 7 rounded down (spin: 0.951 / 0.875, with
//! WordNet links, Roget paragraphs and gloss-vector relatedness; quote: 0.974 / 0.966, with the
//! paragraphs of run-on quotes compared), not the targets (0.8) for
//! splices: splice detection is bounded by lexical cohesion, corpus association and gloss topic
//! rank, which cannot tell a lifted sentence from the natural news sentences that share no words
//! with their article.
//! docs/scoring.md discusses both.

mod common;

use churn::score::FlagKind;

#[test]
fn per_kind_precision_and_recall_meet_floors_on_a_fixed_seed() {
    let text = common::lee();
    let lines: Vec<&str> = text.lines().collect();
    let scores = churn::eval::flags::evaluate(&lines, 7);
    for s in &scores {
        eprintln!("{s:?}");
        let (p, r) = match s.kind {
            FlagKind::Spin => (0.88, 0.85),
            FlagKind::Splice => (0.7, 0.65),
            FlagKind::Quote => (0.95, 0.95),
            _ => (0.8, 0.8),
        };
        assert!(s.injected >= 20, "{s:?}");
        assert!(s.precision >= p && s.recall >= r, "{s:?}");
    }
}

/// Seed 23 was never used to choose the splice weights (seeds 1, 2, 3, 4, 5 and 7 were): the floors
/// are its measured values rounded down.
#[test]
fn splice_holds_on_a_held_out_seed() {
    let text = common::lee();
    let lines: Vec<&str> = text.lines().collect();
    let scores = churn::eval::flags::evaluate(&lines, 23);
    let s = scores
        .iter()
        .find(|s| s.kind == FlagKind::Splice)
        .expect("the evaluation measures splices");
    eprintln!("{s:?}");
    assert!(s.injected >= 20, "{s:?}");
    assert!(s.precision >= 0.55 && s.recall >= 0.55, "{s:?}");
}
