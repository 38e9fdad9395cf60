//! Word hashes in one pass over the text: the shingler's hot path.
//!
//! [`word_hashes`] yields, for every word [`crate::text::for_each_word`] finds, the
//! [`super::shingle::word_hash`] of that word, but reads ASCII text once, byte by byte through
//! a class table, instead of cutting white-space chunks, checking them for ASCII and then
//! segmenting them. A chunk holding any non-ASCII byte is handed, whole, to
//! `for_each_word` (UAX #29 via `unicode-segmentation`), so both agree on every text: a
//! property test checks it.

use super::shingle::word_hash_at;
use crate::text::for_each_word;

const OTHER: u8 = 0;
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
/// `_`
const EXTEND: u8 = 3;
/// `:`
const MID_LETTER: u8 = 4;
/// `,` `;`
const MID_NUM: u8 = 5;
/// `.` `'`
const MID_NUM_LET: u8 = 6;
const SPACE: u8 = 7;
const NON_ASCII: u8 = 8;

/// Word-break class of every byte.
static CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            NON_ASCII
        } else if c.is_ascii_alphabetic() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_whitespace() {
            SPACE
        } else {
            match c {
                b'_' => EXTEND,
                b':' => MID_LETTER,
                b',' | b';' => MID_NUM,
                b'.' | b'\'' => MID_NUM_LET,
                _ => OTHER,
            }
        };
        b += 1;
    }
    t
};

fn is_word_char(c: u8) -> bool {
    matches!(c, LETTER | DIGIT | EXTEND)
}

/// Appends `word_hash(word)` for every word of `text`, in order, to `out`.
pub fn word_hashes(text: &str, out: &mut Vec<u64>) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let class = |i: usize| {
        if i < n {
            CLASS[bytes[i] as usize]
        } else {
            SPACE
        }
    };
    let mut i = 0;
    let mut chunk = 0; // start of the current white-space-delimited chunk
    let mut kept = out.len(); // words before the current chunk
    'outer: while i < n {
        let c = class(i);
        if c == SPACE {
            i += 1;
            chunk = i;
            kept = out.len();
            continue;
        }
        if c == NON_ASCII {
            i = unicode_chunk(text, chunk, kept, out);
            chunk = i;
            continue;
        }
        if !is_word_char(c) {
            i += 1;
            continue;
        }
        let start = i;
        let mut has_alnum = c != EXTEND;
        let mut prev = c;
        i += 1;
        loop {
            let cur = class(i);
            match cur {
                LETTER | DIGIT | EXTEND => {
                    has_alnum |= cur != EXTEND;
                    prev = cur;
                    i += 1;
                }
                MID_LETTER | MID_NUM | MID_NUM_LET => {
                    let next = class(i + 1);
                    if next == NON_ASCII {
                        i = unicode_chunk(text, chunk, kept, out);
                        chunk = i;
                        continue 'outer;
                    }
                    let joins_letters =
                        prev == LETTER && next == LETTER && matches!(cur, MID_LETTER | MID_NUM_LET);
                    let joins_digits =
                        prev == DIGIT && next == DIGIT && matches!(cur, MID_NUM | MID_NUM_LET);
                    if !(joins_letters || joins_digits) {
                        break;
                    }
                    prev = next;
                    i += 2;
                }
                NON_ASCII => {
                    i = unicode_chunk(text, chunk, kept, out);
                    chunk = i;
                    continue 'outer;
                }
                _ => break,
            }
        }
        if has_alnum {
            out.push(word_hash_at(text, bytes, start, i));
        }
    }
}

/// Drops the words already taken from the chunk starting at `chunk`, segments the whole chunk with
/// `for_each_word`, and returns the chunk's end.
fn unicode_chunk(text: &str, chunk: usize, kept: usize, out: &mut Vec<u64>) -> usize {
    out.truncate(kept);
    let bytes = text.as_bytes();
    let mut end = chunk;
    while end < bytes.len() && !bytes[end].is_ascii_whitespace() {
        end += 1;
    }
    let piece = &text[chunk..end];
    for_each_word(piece, |s, e| {
        out.push(word_hash_at(piece, piece.as_bytes(), s, e))
    });
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::shingle::word_hash;
    use proptest::prelude::*;

    fn reference(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        for_each_word(text, |s, e| out.push(word_hash(&text[s..e])));
        out
    }

    fn fused(text: &str) -> Vec<u64> {
        let mut out = vec![7];
        word_hashes(text, &mut out);
        out.remove(0);
        out
    }

    #[test]
    fn agrees_on_news_text() {
        for t in [
            "Mr. Putin's 2,300-room palace cost $1.5bn, the U.S. said.",
            "“Don’t”—he said. Élysée café: 東京は晴れ",
            "a.b.c 1,2;3 x:y _ __a a_ 'quoted' end.",
            "word.é x",
            "é",
            "",
            "   ",
            "a",
            "a.",
            "1.",
        ] {
            assert_eq!(fused(t), reference(t), "{t:?}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_for_each_word(s in "[a-cA-C0-9_.,;:' \\n\\-éü’東]{0,60}") {
            prop_assert_eq!(fused(&s), reference(&s));
        }
    }
}
