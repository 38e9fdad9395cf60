//! Byte classes of a 64-byte block of ASCII text as bit masks, for [`super::fused`].
//!
//! [`block_mask`] marks the word bytes (ASCII letters, digits, `_`) and the punctuation that
//! may join two words (`'` to `;`) of a block, sixteen bytes at a time with 128-bit vector
//! operations (the `wide` crate: SSE2 on x86-64, NEON on AArch64, plain arrays elsewhere): a
//! range test is a subtraction, a minimum and a comparison, and one `movemask` packs sixteen
//! results into sixteen bits. The eight-bytes-at-a-time SWAR version it replaced (about
//! three times as many instructions per block) is kept in the tests as the reference.

use wide::u8x16;

/// Bytes of `v` in `lo..=hi`, as 0xff (0 elsewhere).
#[inline(always)]
fn in_range(v: u8x16, lo: u8, hi: u8) -> u8x16 {
    let t = v - lo;
    t.min(u8x16::splat(hi - lo)).cmp_eq(t)
}

/// The word bytes (first) and joining punctuation (second, word bytes aside) of sixteen
/// ASCII bytes, one bit per byte in byte order.
#[inline(always)]
fn lane_mask(bytes: &[u8]) -> (u64, u64) {
    let v = u8x16::new(bytes.try_into().expect("sixteen bytes"));
    let letter = in_range(v | u8x16::splat(0x20), b'a', b'z');
    let word = letter | in_range(v, b'0', b'9') | v.cmp_eq(u8x16::splat(b'_'));
    let punct = in_range(v, b'\'', b';');
    let word = word.move_mask() as u64 & 0xffff;
    (word, punct.move_mask() as u64 & 0xffff & !word)
}

/// The word-byte mask of one 64-byte block of ASCII text (bit `j` for byte `j`: a letter, a
/// digit or `_`), and its mask of the punctuation that may join words (`'` to `;`, digits
/// aside).
#[inline(always)]
pub(super) fn block_mask(block: &[u8]) -> (u64, u64) {
    let (mut word, mut punct) = (0u64, 0u64);
    for (j, lane) in block.chunks_exact(16).enumerate() {
        let (w, p) = lane_mask(lane);
        word |= w << (16 * j);
        punct |= p << (16 * j);
    }
    (word, punct)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;

    /// The former SWAR mask: eight bytes at a time in a 64-bit word.
    fn block_mask_swar(block: &[u8]) -> (u64, u64) {
        let (mut word, mut punct) = (0u64, 0u64);
        for (j, lane) in block.chunks_exact(8).enumerate() {
            let x = u64::from_le_bytes(lane.try_into().expect("chunks of eight bytes"));
            let (w, p) = word_bytes(x);
            word |= gather(w) << (8 * j);
            punct |= gather(p & !w) << (8 * j);
        }
        (word, punct)
    }

    /// 0x80 in every byte of eight ASCII bytes that is a letter, a digit or `_` (first) or
    /// in `'`..=`;` (second); 0 elsewhere.
    fn word_bytes(x: u64) -> (u64, u64) {
        let lower = x | (ONES * 0x20);
        let letter = lower.wrapping_add(ONES * (0x80 - u64::from(b'a')))
            & !lower.wrapping_add(ONES * (0x80 - u64::from(b'z') - 1));
        let digit = x.wrapping_add(ONES * (0x80 - u64::from(b'0')))
            & !x.wrapping_add(ONES * (0x80 - u64::from(b'9') - 1));
        let t = x ^ (ONES * u64::from(b'_'));
        let under = !(((t & !HIGH).wrapping_add(!HIGH)) | t);
        let punct = x.wrapping_add(ONES * (0x80 - u64::from(b'\'')))
            & !x.wrapping_add(ONES * (0x80 - u64::from(b';') - 1));
        ((letter | digit | under) & HIGH, punct & HIGH)
    }

    /// Packs the high bit of each byte into one bit per byte (byte `j` to bit `j`).
    fn gather(x: u64) -> u64 {
        ((x >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
    }

    #[test]
    fn each_ascii_byte_is_classed_as_the_word_finder_does() {
        for b in 0u8..128 {
            for at in [0, 15, 16, 40, 63] {
                let mut block = [b' '; 64];
                block[at] = b;
                let (word, punct) = block_mask(&block);
                let want_word = b.is_ascii_alphanumeric() || b == b'_';
                let want_punct = !want_word && (b'\''..=b';').contains(&b);
                assert_eq!(word, u64::from(want_word) << at, "byte {b} at {at}");
                assert_eq!(punct, u64::from(want_punct) << at, "byte {b} at {at}");
            }
        }
    }

    #[test]
    fn gather_packs_high_bits_in_byte_order() {
        assert_eq!(gather(0x80), 1);
        assert_eq!(gather(0x80 << 56), 0x80);
        assert_eq!(gather(HIGH), 0xff);
        assert_eq!(gather(0x0080_0000_0000_8000), 0b0100_0010);
    }

    proptest! {
        #[test]
        fn agrees_with_the_swar_mask(block in proptest::collection::vec(0u8..128, 64)) {
            prop_assert_eq!(block_mask(&block), block_mask_swar(&block));
        }
    }
}
