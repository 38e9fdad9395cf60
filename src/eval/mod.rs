//! Evaluation on generated cases with known answers.

pub mod pan;
pub mod passages;
pub mod synth;
