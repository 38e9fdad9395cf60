//! Locality-sensitive hashing over MinHash signatures, and exact verification.
//!
//! Takes signatures (one fixed-length row per article) and returns candidate pairs
//! ([`banding`]), chooses the band layout from a similarity threshold ([`params`]), and checks
//! every candidate exactly against the articles' shingle sets ([`verify`]).

pub mod banding;
pub mod exact;
pub mod params;
pub mod radix;
pub mod verify;

pub use banding::{
    candidates, candidates_from_keys, candidates_from_rows, Candidates, CappedBucket,
};
pub use exact::{similarity_of_any, SetTable};
pub use params::{optimal_params, LshParams};
pub use verify::{clopper_pearson, intersection_size, Interval, IntervalTable, Similarity};
