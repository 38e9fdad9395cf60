//! Evaluation on generated cases with known answers.

pub mod passages;
pub mod synth;
