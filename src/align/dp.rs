//! Word-level edit scripts between two short token sequences (Levenshtein DP on token ids).
//!
//! Used to fill the gaps between exact anchors, so the matrices stay small (gaps are bounded
//! by the chaining distance).

use super::{Edit, EditOp};
use std::ops::Range;

/// Appends `(op, len_a, len_b)` to a run list, merging with the previous run of the same op.
fn push(runs: &mut Vec<(EditOp, usize, usize)>, op: EditOp, la: usize, lb: usize) {
    if let Some(last) = runs.last_mut() {
        if last.0 == op {
            last.1 += la;
            last.2 += lb;
            return;
        }
    }
    runs.push((op, la, lb));
}

/// The edit script turning `a` into `b`, as runs with token ranges offset by `a0` and `b0`.
///
/// Costs: substitution 1, insertion 1, deletion 1; ties prefer substitution, so a swapped word
/// shows as one substitution rather than a deletion and an insertion.
pub fn align(a: &[u64], b: &[u64], a0: usize, b0: usize) -> Vec<Edit> {
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    let mut cost = vec![0u32; (n + 1) * w];
    for i in 0..=n {
        for j in 0..=m {
            cost[i * w + j] = if i == 0 {
                j as u32
            } else if j == 0 {
                i as u32
            } else {
                let diag = cost[(i - 1) * w + j - 1] + u32::from(a[i - 1] != b[j - 1]);
                let up = cost[(i - 1) * w + j] + 1;
                let left = cost[i * w + j - 1] + 1;
                diag.min(up).min(left)
            };
        }
    }
    let mut runs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = cost[i * w + j];
        if i > 0 && j > 0 && here == cost[(i - 1) * w + j - 1] + u32::from(a[i - 1] != b[j - 1]) {
            let op = if a[i - 1] == b[j - 1] {
                EditOp::Equal
            } else {
                EditOp::Substitute
            };
            push(&mut runs, op, 1, 1);
            i -= 1;
            j -= 1;
        } else if i > 0 && here == cost[(i - 1) * w + j] + 1 {
            push(&mut runs, EditOp::Delete, 1, 0);
            i -= 1;
        } else {
            push(&mut runs, EditOp::Insert, 0, 1);
            j -= 1;
        }
    }
    runs.reverse();
    to_edits(&runs, a0, b0)
}

/// Turns run lengths into edits with absolute token ranges.
pub fn to_edits(runs: &[(EditOp, usize, usize)], a0: usize, b0: usize) -> Vec<Edit> {
    let (mut i, mut j) = (a0, b0);
    runs.iter()
        .map(|&(op, la, lb)| {
            let e = Edit {
                op,
                source: i..i + la,
                derived: j..j + lb,
            };
            i += la;
            j += lb;
            e
        })
        .collect()
}

/// Appends `edits` to `out`, merging a leading run into `out`'s last run of the same op.
pub fn extend_edits(out: &mut Vec<Edit>, edits: Vec<Edit>) {
    for e in edits {
        if e.source.is_empty() && e.derived.is_empty() {
            continue;
        }
        if let Some(last) = out.last_mut() {
            if last.op == e.op
                && last.source.end == e.source.start
                && last.derived.end == e.derived.start
            {
                last.source.end = e.source.end;
                last.derived.end = e.derived.end;
                continue;
            }
        }
        out.push(e);
    }
}

/// Total tokens of each side covered by edits with the given op.
pub fn count(edits: &[Edit], op: EditOp) -> (usize, usize) {
    edits
        .iter()
        .filter(|e| e.op == op)
        .fold((0, 0), |(x, y), e| {
            (x + len(&e.source), y + len(&e.derived))
        })
}

fn len(r: &Range<usize>) -> usize {
    r.end - r.start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitution_insert_delete() {
        let e = align(&[1, 2, 3, 4], &[1, 9, 3, 4, 5], 10, 20);
        let ops: Vec<EditOp> = e.iter().map(|e| e.op).collect();
        assert_eq!(
            ops,
            [
                EditOp::Equal,
                EditOp::Substitute,
                EditOp::Equal,
                EditOp::Insert
            ]
        );
        assert_eq!(e[3].derived, 24..25);
        assert_eq!(e[3].source, 14..14);
        let d = align(&[1, 2, 3], &[1, 3], 0, 0);
        assert_eq!(count(&d, EditOp::Delete), (1, 0));
    }
}
