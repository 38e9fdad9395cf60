//! Evaluation: synthetic corpora with known answers, and the measures taken on them.

pub mod flags;
