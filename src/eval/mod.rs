//! Evaluation on generated cases with known answers: passage detection (PAN measures)
//! and reliability flags.

pub mod flags;
pub mod pan;
pub mod passages;
pub mod synth;
