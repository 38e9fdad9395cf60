//! Helpers shared by integration tests.

use std::path::PathBuf;

/// The Lee background corpus (300 ABC news articles, one per line): third-party text read at
/// run time from `../shared` beside the repository, never committed.
pub fn lee() -> String {
    let local =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/data/lee_background.cor");
    let path = if local.exists() {
        local
    } else {
        PathBuf::from("/work/shared/bench/data/lee_background.cor")
    };
    std::fs::read_to_string(&path).expect("the Lee corpus sits beside the repository")
}
