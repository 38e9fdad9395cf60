//! Bytes to text: UTF-8, or Windows-1252 for old wire copy, never binary.

use std::borrow::Cow;

/// How a byte buffer was turned into text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Decoded<'a> {
    /// Valid UTF-8 (a leading byte-order mark is dropped).
    Utf8(&'a str),
    /// Not UTF-8: decoded as Windows-1252; `bad_at` is the first invalid byte's offset.
    Windows1252 { text: Cow<'a, str>, bad_at: usize },
    /// Holds NUL bytes: not text.
    Binary,
}

/// Decodes a whole file.
pub(crate) fn decode(bytes: &[u8]) -> Decoded<'_> {
    if memchr::memchr(0, bytes).is_some() {
        return Decoded::Binary;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded::Utf8(text),
        Err(e) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Decoded::Windows1252 {
                text,
                bad_at: e.valid_up_to(),
            }
        }
    }
}

/// The warning for a Windows-1252 decode.
pub(crate) fn latin1_message(bad_at: usize) -> String {
    format!("not valid UTF-8 (first bad byte at offset {bad_at}); decoded as Windows-1252")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_pound_sign_decodes() {
        match decode(b"Price \xA35") {
            Decoded::Windows1252 { text, bad_at } => {
                assert_eq!(text, "Price £5");
                assert_eq!(bad_at, 6);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(decode(b"ab\0cd"), Decoded::Binary);
    }

    #[test]
    fn bom_is_dropped() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi"), Decoded::Utf8("hi"));
    }
}
