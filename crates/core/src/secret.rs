//! The signing secret: never printed, redacted in `Debug`, zeroized on drop.

use std::fmt;

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::SecretError;

/// A webhook signing secret, exactly as the user gave it.
///
/// The bytes are only reachable through [`Secret::expose`]; `Debug` prints
/// `Secret([redacted])`, there is no `Display`, and the memory is zeroed when
/// the value is dropped. A secret is never empty, and never only whitespace.
///
/// Having no `Display` is checked: this does not compile.
///
/// ```compile_fail
/// let secret = hooksig_core::Secret::new("hunter2").unwrap();
/// let shown = format!("{secret}");
/// ```
#[derive(Clone)]
pub struct Secret {
    bytes: Zeroizing<Vec<u8>>,
    origin: Origin,
    public_key: bool,
}

/// Where a secret was given, so that a hint can say what to fix ("the space
/// after the comma in HOOKSIG_SECRET"). It holds names, never the value.
/// The library reads no environment: the caller says where the secret came
/// from with [`Secret::with_origin`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Origin {
    /// Not said (a library caller).
    #[default]
    Unknown,
    /// A command-line value, named by its flag (`--secret`).
    Argument(String),
    /// The contents of a file (one final line ending dropped), named as the
    /// user would name it (`the secret file s.txt`, `the secret on standard
    /// input`).
    File(String),
    /// One entry of a list held in an environment variable: the variable's
    /// name, and the separators (`,` or `\n`) just before and after the
    /// entry (`None` at the ends of the list).
    ListEntry {
        /// The variable's name (`HOOKSIG_SECRET`).
        variable: String,
        /// The separator just before this entry.
        before: Option<char>,
        /// The separator just after this entry.
        after: Option<char>,
    },
}

impl Secret {
    /// Wraps the secret's bytes. An empty secret is refused, and so is one of
    /// only whitespace (Unicode's, and byte-order marks): HMAC accepts
    /// them, but they are always a mistake (an unset variable, an empty
    /// file, `"$OLD, $NEW"` with `$OLD` unset) and a key anyone can guess.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Result<Self, SecretError> {
        let bytes = Zeroizing::new(bytes.into());
        if bytes.is_empty() {
            return Err(SecretError::Empty);
        }
        if is_blank(&bytes) {
            return Err(SecretError::Blank);
        }
        Ok(Secret {
            bytes,
            origin: Origin::Unknown,
            public_key: false,
        })
    }

    /// The same bytes, as a public key (`--public-key`) rather than a shared
    /// secret: what public-key schemes (Discord, SendGrid) verify with, and
    /// what HMAC schemes refuse. Shown, like a secret, only as a fingerprint.
    pub fn into_public_key(mut self) -> Self {
        self.public_key = true;
        self
    }

    /// Whether this is a public key (see [`Secret::into_public_key`]).
    pub fn is_public_key(&self) -> bool {
        self.public_key
    }

    /// The same secret, saying where it was given (for hints).
    pub fn with_origin(mut self, origin: Origin) -> Self {
        self.origin = origin;
        self
    }

    /// Where the secret was given, when the caller said so.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Builds a secret from a file's contents: one trailing `\n` or `\r\n` is
    /// dropped (editors add one); every other byte is kept.
    pub fn from_file_contents(contents: Vec<u8>) -> Result<Self, SecretError> {
        let mut contents = Zeroizing::new(contents);
        let ending = if contents.ends_with(b"\r\n") {
            2
        } else {
            usize::from(contents.ends_with(b"\n"))
        };
        let keep = contents.len() - ending;
        contents.truncate(keep);
        Secret::new(std::mem::take(&mut *contents))
    }

    /// The secret's bytes, for computing a MAC. Never print them.
    pub fn expose(&self) -> &[u8] {
        &self.bytes
    }

    /// A fingerprint that identifies the secret without revealing it: its
    /// byte length and the first 8 hex digits of SHA-256 of its bytes, e.g.
    /// `32 bytes, sha256:1f3a9c0e`.
    pub fn fingerprint(&self) -> String {
        fingerprint(self.expose())
    }
}

/// The fingerprint of key bytes: `<length> bytes, sha256:<first 8 hex digits
/// of SHA-256>`. Four bytes of a hash identify a secret among a handful
/// without helping anyone guess it.
pub fn fingerprint(key: &[u8]) -> String {
    let digest = Sha256::digest(key);
    let unit = if key.len() == 1 { "byte" } else { "bytes" };
    format!("{} {unit}, sha256:{}", key.len(), hex::encode(&digest[..4]))
}

/// Whether `bytes` are only whitespace (as UTF-8, Unicode's definition) and
/// byte-order marks.
fn is_blank(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes)
        .is_ok_and(|text| text.chars().all(|c| c.is_whitespace() || c == '\u{feff}'))
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let secret = Secret::new("hunter2-very-secret").unwrap();
        let shown = format!("{secret:?} {secret:#?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn the_bytes_live_in_a_zeroizing_buffer() {
        // Zeroizing<Vec<u8>> wipes the buffer when the Secret (or a clone)
        // is dropped; this stops compiling if the field's type changes.
        let secret = Secret::new("hunter2").unwrap();
        let held: &Zeroizing<Vec<u8>> = &secret.bytes;
        assert_eq!(held.as_slice(), b"hunter2");
        let from_file = Secret::from_file_contents(b"hunter2\n".to_vec()).unwrap();
        let _: &Zeroizing<Vec<u8>> = &from_file.bytes;
        assert_eq!(from_file.expose(), b"hunter2");
    }

    #[test]
    fn empty_secret_is_refused() {
        assert!(matches!(Secret::new(""), Err(SecretError::Empty)));
        assert!(matches!(
            Secret::from_file_contents(b"\n".to_vec()),
            Err(SecretError::Empty)
        ));
    }

    #[test]
    fn a_whitespace_only_secret_is_refused() {
        for blank in [
            " ",
            "\t",
            " \r\n ",
            "\u{a0}",
            "\u{3000}",
            "\u{feff}",
            "\u{feff}\n ",
        ] {
            assert!(
                matches!(Secret::new(blank), Err(SecretError::Blank)),
                "{blank:?}"
            );
        }
        assert!(matches!(
            Secret::from_file_contents(b" \n".to_vec()),
            Err(SecretError::Blank)
        ));
        // Whitespace around a secret is the secret's (hints point it out).
        assert_eq!(Secret::new(" k ").unwrap().expose(), b" k ");
        // Bytes that are not UTF-8 are a key, whatever they look like.
        assert!(Secret::new(b"\xa0".to_vec()).is_ok());
    }

    #[test]
    fn the_origin_is_not_part_of_the_debug_output_or_the_key() {
        let secret = Secret::new("k")
            .unwrap()
            .with_origin(Origin::File("secret file s".into()));
        assert_eq!(format!("{secret:?}"), "Secret([redacted])");
        assert_eq!(secret.expose(), b"k");
        assert_eq!(secret.origin(), &Origin::File("secret file s".into()));
    }

    #[test]
    fn file_contents_lose_exactly_one_line_ending() {
        let cases: [(&[u8], &[u8]); 5] = [
            (b"abc\n", b"abc"),
            (b"abc\r\n", b"abc"),
            (b"abc\n\n", b"abc\n"),
            (b" abc \n", b" abc "),
            (b"abc\r", b"abc\r"),
        ];
        for (contents, expected) in cases {
            let secret = Secret::from_file_contents(contents.to_vec()).unwrap();
            assert_eq!(secret.expose(), expected, "{contents:?}");
        }
    }

    #[test]
    fn fingerprint_is_length_and_sha256_prefix() {
        // sha256("abc") = ba7816bf 8f01cfea ... (FIPS 180-2, appendix B.1)
        let secret = Secret::new("abc").unwrap();
        assert_eq!(secret.fingerprint(), "3 bytes, sha256:ba7816bf");
    }
}
