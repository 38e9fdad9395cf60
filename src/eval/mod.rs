//! Evaluation on generated cases with known answers.

pub mod passages;
