//! Turning file bytes into text: byte-order marks, UTF-16, non-UTF-8 input and
//! binary detection.
//!
//! Policy (see also [`TextEncoding`]):
//! - a UTF-8 byte-order mark is removed;
//! - UTF-16 with a byte-order mark (LE or BE) is decoded properly, with a
//!   [`Warning::Transcoded`](crate::Warning::Transcoded);
//! - bytes that are not valid UTF-8 are decoded with a
//!   [`Warning::NotUtf8`](crate::Warning::NotUtf8): as UTF-8 with U+FFFD
//!   replacement characters if the file also holds valid multi-byte UTF-8
//!   sequences (a mostly-UTF-8 file with a few bad bytes), otherwise as
//!   Windows-1252 (the superset of Latin-1 that web pages labelled Latin-1
//!   actually use), so `café` written in Latin-1 reads as `café`;
//! - a file that starts with a known binary signature (PNG, JPEG, GIF, PDF,
//!   gzip, zip, zstd, bzip2, xz, 7z, ELF) or has a NUL byte in its first 8 KiB
//!   is binary and skipped.

use std::fmt;

/// The encoding a text was decoded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub enum TextEncoding {
    /// Valid UTF-8 (with or without a byte-order mark).
    Utf8,
    /// Mostly UTF-8; invalid bytes were replaced by U+FFFD.
    Utf8Lossy,
    /// UTF-16 little-endian, announced by a byte-order mark.
    Utf16Le,
    /// UTF-16 big-endian, announced by a byte-order mark.
    Utf16Be,
    /// Not UTF-8; decoded as Windows-1252 (Latin-1).
    Windows1252,
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Lossy => "UTF-8 with invalid bytes replaced",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1252 => "Windows-1252 (Latin-1)",
        })
    }
}

/// The result of decoding a file's bytes.
#[derive(Debug)]
pub(crate) enum Decoded {
    /// Text, and the encoding it was decoded from.
    Text(String, TextEncoding),
    /// Binary content; the name of the detected format.
    Binary(&'static str),
}

const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"PK\x03\x04", "zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "ELF executable"),
];

/// Decodes `bytes`. `cut` says the bytes are a prefix of a longer file, so an
/// incomplete UTF-8 sequence at the very end is dropped rather than treated as
/// an encoding error.
pub(crate) fn decode(bytes: &[u8], cut: bool) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return decode_utf8(rest, cut);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return decode_utf16(rest, encoding_rs::UTF_16LE, TextEncoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return decode_utf16(rest, encoding_rs::UTF_16BE, TextEncoding::Utf16Be);
    }
    if let Some((_, name)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Decoded::Binary(name);
    }
    let head = bytes.get(..8192).unwrap_or(bytes);
    if memchr::memchr(0, head).is_some() {
        return Decoded::Binary("binary data (NUL bytes)");
    }
    decode_utf8(bytes, cut)
}

fn decode_utf16(
    bytes: &[u8],
    encoding: &'static encoding_rs::Encoding,
    label: TextEncoding,
) -> Decoded {
    let (text, _had_errors) = encoding.decode_without_bom_handling(bytes);
    Decoded::Text(text.into_owned(), label)
}

fn decode_utf8(bytes: &[u8], cut: bool) -> Decoded {
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded::Text(s.to_string(), TextEncoding::Utf8),
        Err(e) if cut && e.error_len().is_none() => {
            // Only an incomplete character at the cut: keep the valid prefix.
            let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
            Decoded::Text(
                String::from_utf8_lossy(valid).into_owned(),
                TextEncoding::Utf8,
            )
        }
        Err(_) => {
            let has_multibyte = bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
            if has_multibyte {
                Decoded::Text(
                    String::from_utf8_lossy(bytes).into_owned(),
                    TextEncoding::Utf8Lossy,
                )
            } else {
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                Decoded::Text(text.into_owned(), TextEncoding::Windows1252)
            }
        }
    }
}

/// Truncates `text` to at most `max` bytes, at a character boundary.
/// Returns `true` if it was shortened.
pub(crate) fn truncate_at_char_boundary(text: &mut String, max: usize) -> bool {
    if text.len() <= max {
        return false;
    }
    let mut end = max;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(d: Decoded) -> Option<(String, TextEncoding)> {
        match d {
            Decoded::Text(t, e) => Some((t, e)),
            Decoded::Binary(_) => None,
        }
    }

    #[test]
    fn decoding_table() {
        type Case<'a> = (&'a [u8], Option<(&'a str, TextEncoding)>);
        let cases: &[Case<'_>] = &[
            (b"plain", Some(("plain", TextEncoding::Utf8))),
            (b"\xef\xbb\xbfbom", Some(("bom", TextEncoding::Utf8))),
            (b"caf\xe9", Some(("café", TextEncoding::Windows1252))),
            (
                b"\x93quoted\x94",
                Some(("\u{201c}quoted\u{201d}", TextEncoding::Windows1252)),
            ),
            ("é ok \u{0}".as_bytes(), None),
            (
                b"\xc3\xa9 and \xff",
                Some(("é and \u{fffd}", TextEncoding::Utf8Lossy)),
            ),
            (b"\xff\xfeh\x00i\x00", Some(("hi", TextEncoding::Utf16Le))),
            (b"\xfe\xff\x00h\x00i", Some(("hi", TextEncoding::Utf16Be))),
            (b"\x89PNG\r\n\x1a\n\x00\x00", None),
            (b"\x1f\x8b\x08\x00", None),
            (b"", Some(("", TextEncoding::Utf8))),
        ];
        for (bytes, want) in cases {
            let got = text(decode(bytes, false));
            let want = want.map(|(s, e)| (s.to_string(), e));
            assert_eq!(got, want, "bytes {bytes:?}");
        }
    }

    #[test]
    fn cut_inside_a_character_is_not_an_error() {
        let bytes = "aé".as_bytes();
        let prefix = bytes.get(..2).unwrap_or_default();
        assert_eq!(
            text(decode(prefix, true)),
            Some(("a".into(), TextEncoding::Utf8))
        );
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        let mut s = "aé".to_string();
        assert!(truncate_at_char_boundary(&mut s, 2));
        assert_eq!(s, "a");
        let mut s = "abc".to_string();
        assert!(!truncate_at_char_boundary(&mut s, 3));
    }
}
