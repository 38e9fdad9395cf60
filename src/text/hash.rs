//! Stable 64-bit hashes of normalised tokens.
//!
//! Token hashes feed shingles, signatures and therefore reported numbers, so they must be the
//! same on every machine and every build. They are XXH3-64 (seed 0) of the token's normalised
//! UTF-8 bytes ([`super::normalize`]); XXH3 is specified and stable across versions, unlike
//! aHash, which churn uses only for in-memory tables.

use super::normalize::normalize;

/// Largest ASCII token lowercased on the stack; longer ones take the general path.
const STACK_TOKEN_BYTES: usize = 64;

/// The stable hash of a token's normalised form.
///
/// Equal for two tokens exactly when their normalised forms are equal (up to 64-bit
/// collisions): `token_hash("Russia") == token_hash("RUSSIA")`, and
/// `token_hash("don’t") == token_hash("don't")`.
pub fn token_hash(token: &str) -> u64 {
    let bytes = token.as_bytes();
    if token.is_ascii() && bytes.len() <= STACK_TOKEN_BYTES {
        let mut buf = [0u8; STACK_TOKEN_BYTES];
        for (dst, src) in buf.iter_mut().zip(bytes) {
            *dst = src.to_ascii_lowercase();
        }
        return hash_bytes(&buf[..bytes.len()]);
    }
    hash_bytes(normalize(token).as_bytes())
}

/// XXH3-64 of raw bytes, seed 0.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_case_and_quote_style() {
        assert_eq!(token_hash("Russia"), token_hash("RUSSIA"));
        assert_eq!(token_hash("don’t"), token_hash("don't"));
        assert_ne!(token_hash("relation"), token_hash("retaliation"));
    }

    #[test]
    fn hash_is_stable_across_builds() {
        // XXH3-64 of "hello", seed 0, from the reference implementation's test vectors.
        assert_eq!(hash_bytes(b"hello"), 0x9555_e855_5c62_dcfd);
    }

    #[test]
    fn long_ascii_tokens_hash_like_short_ones() {
        let long = "A".repeat(200);
        assert_eq!(token_hash(&long), hash_bytes("a".repeat(200).as_bytes()));
    }
}
