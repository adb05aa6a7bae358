//! Public-key signatures (Discord's Ed25519, SendGrid's ECDSA P-256): the
//! second kind of check, beside [`crate::mac`]. There is no MAC to compute
//! and no bytes to compare: the signature crate's `verify` is the check.
//!
//! Both algorithms need the whole signed message at once, so the body is
//! kept in memory up to [`MESSAGE_LIMIT`]; a longer one is an error (could
//! not judge), never a pass.

use ed25519_dalek::{Signature as EdSignature, SigningKey as EdSigningKey, VerifyingKey as EdKey};
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::ecdsa::{Signature as EcSignature, SigningKey as EcSigningKey, VerifyingKey as EcKey};
use p256::pkcs8::DecodePublicKey as _;
use zeroize::Zeroizing;

use crate::providers::parse;

/// The longest signed message (timestamp, body and any suffix) a public-key
/// check judges: 1 MiB, the size diagnostics already keep. Discord
/// interactions and SendGrid event batches are a few KiB.
pub const MESSAGE_LIMIT: usize = crate::diagnose::BODY_LIMIT;

/// The DER SubjectPublicKeyInfo of a P-256 key up to its SEC1 point
/// (id-ecPublicKey, prime256v1, a 66-byte bit string).
const SPKI_P256_PREFIX: &[u8] = &[
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];

/// A public-key signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PublicKeyAlgorithm {
    /// Ed25519 (RFC 8032), verified strictly: Discord. Keys are 64 hex
    /// digits (32 bytes); signatures 64 bytes.
    Ed25519,
    /// ECDSA over P-256 with SHA-256, DER signatures: SendGrid. Keys are
    /// base64 DER SubjectPublicKeyInfo (a PEM body, armor optional).
    EcdsaP256,
}

impl PublicKeyAlgorithm {
    /// `ed25519`, `ecdsa-p256` (with SHA-256): the names scheme files use.
    pub fn as_str(self) -> &'static str {
        match self {
            PublicKeyAlgorithm::Ed25519 => "ed25519",
            PublicKeyAlgorithm::EcdsaP256 => "ecdsa-p256",
        }
    }

    /// `Ed25519`, `ECDSA P-256`, for sentences.
    pub fn display_name(self) -> &'static str {
        match self {
            PublicKeyAlgorithm::Ed25519 => "Ed25519",
            PublicKeyAlgorithm::EcdsaP256 => "ECDSA P-256",
        }
    }

    /// The signature's length in bytes, when it is fixed (Ed25519: 64); DER
    /// ECDSA signatures vary.
    pub fn signature_len(self) -> Option<usize> {
        match self {
            PublicKeyAlgorithm::Ed25519 => Some(64),
            PublicKeyAlgorithm::EcdsaP256 => None,
        }
    }

    /// Whether `bytes` have the shape of a signature of this algorithm (a
    /// header value that has not is malformed, not a mismatch).
    pub fn signature_fits(self, bytes: &[u8]) -> bool {
        match self {
            PublicKeyAlgorithm::Ed25519 => bytes.len() == 64,
            PublicKeyAlgorithm::EcdsaP256 => EcSignature::from_der(bytes).is_ok(),
        }
    }

    /// What a signature is, for a malformed-signature message.
    pub fn describe_signature(self) -> &'static str {
        match self {
            PublicKeyAlgorithm::Ed25519 => "64-byte Ed25519 signature",
            PublicKeyAlgorithm::EcdsaP256 => "DER-encoded ECDSA P-256 signature",
        }
    }

    /// What a public key is, for an invalid-key message.
    pub fn describe_key(self) -> &'static str {
        match self {
            PublicKeyAlgorithm::Ed25519 => {
                "an Ed25519 public key is 64 hex digits (32 bytes), such as Discord's application public key"
            }
            PublicKeyAlgorithm::EcdsaP256 => {
                "an ECDSA P-256 public key is base64 DER (SubjectPublicKeyInfo, a PEM body, MFkw…), such as SendGrid's verification key"
            }
        }
    }

    /// What a private key is, for `sign`.
    pub fn describe_private_key(self) -> &'static str {
        match self {
            PublicKeyAlgorithm::Ed25519 => {
                "an Ed25519 private key is its 32-byte seed in 64 hex digits"
            }
            PublicKeyAlgorithm::EcdsaP256 => {
                "an ECDSA P-256 private key is its 32-byte scalar in 64 hex digits"
            }
        }
    }

    /// Reads a public key as given (text) into its canonical bytes (the
    /// 32-byte Ed25519 point; the 65-byte uncompressed SEC1 P-256 point),
    /// which fingerprints name. `Err` when it is no valid key.
    pub fn parse_key(self, text: &[u8]) -> Result<Zeroizing<Vec<u8>>, &'static str> {
        let why = self.describe_key();
        match self {
            PublicKeyAlgorithm::Ed25519 => {
                let bytes: [u8; 32] = hex::decode(text.trim_ascii())
                    .ok()
                    .and_then(|b| b.try_into().ok())
                    .ok_or(why)?;
                let key = EdKey::from_bytes(&bytes).map_err(|_| why)?;
                Ok(Zeroizing::new(key.to_bytes().to_vec()))
            }
            PublicKeyAlgorithm::EcdsaP256 => {
                let text = std::str::from_utf8(text).map_err(|_| why)?;
                let body: String = text
                    .lines()
                    .filter(|line| !line.trim_start().starts_with("-----"))
                    .flat_map(|line| line.split_whitespace())
                    .collect();
                let der = parse::base64_decode_lenient(body.as_bytes()).ok_or(why)?;
                let key = EcKey::from_public_key_der(&der).map_err(|_| why)?;
                Ok(Zeroizing::new(
                    key.to_encoded_point(false).as_bytes().to_vec(),
                ))
            }
        }
    }

    /// Whether `signature` is this algorithm's signature of `message` under
    /// `key` (canonical bytes from [`Self::parse_key`]). Ed25519 is
    /// verified strictly (`verify_strict`): a small-order key, for which a
    /// signature can verify for many messages, or a non-canonical signature
    /// is refused, as libsodium (which Discord's libraries use) refuses them.
    pub fn verify(self, key: &[u8], message: &[u8], signature: &[u8]) -> bool {
        match self {
            PublicKeyAlgorithm::Ed25519 => {
                let (Ok(key), Ok(signature)) =
                    (<[u8; 32]>::try_from(key), <[u8; 64]>::try_from(signature))
                else {
                    return false;
                };
                EdKey::from_bytes(&key).is_ok_and(|key| {
                    key.verify_strict(message, &EdSignature::from_bytes(&signature))
                        .is_ok()
                })
            }
            PublicKeyAlgorithm::EcdsaP256 => {
                let (Ok(key), Ok(signature)) = (
                    EcKey::from_sec1_bytes(key),
                    EcSignature::from_der(signature),
                ) else {
                    return false;
                };
                key.verify(message, &signature).is_ok()
            }
        }
    }

    /// The public key, written as [`Self::parse_key`] reads it, of the
    /// private key given as 64 hex digits (for tests and fixtures).
    pub fn public_key_of(self, private: &[u8]) -> Result<String, &'static str> {
        let why = self.describe_private_key();
        let bytes = Zeroizing::new(hex::decode(private.trim_ascii()).map_err(|_| why)?);
        let seed: Zeroizing<[u8; 32]> =
            Zeroizing::new(bytes.as_slice().try_into().map_err(|_| why)?);
        match self {
            PublicKeyAlgorithm::Ed25519 => Ok(hex::encode(
                EdSigningKey::from_bytes(&seed).verifying_key().to_bytes(),
            )),
            PublicKeyAlgorithm::EcdsaP256 => {
                let key = EcSigningKey::from_bytes(&(*seed).into()).map_err(|_| why)?;
                let mut der = SPKI_P256_PREFIX.to_vec();
                der.extend_from_slice(key.verifying_key().to_encoded_point(false).as_bytes());
                Ok(parse::base64_encode(&der))
            }
        }
    }

    /// Signs `message` with the private key given as 64 hex digits (the
    /// Ed25519 seed, the P-256 scalar). ECDSA signatures are deterministic
    /// (RFC 6979) and written in DER.
    pub fn sign(self, private: &[u8], message: &[u8]) -> Result<Vec<u8>, &'static str> {
        let why = self.describe_private_key();
        let bytes = Zeroizing::new(hex::decode(private.trim_ascii()).map_err(|_| why)?);
        let seed: Zeroizing<[u8; 32]> =
            Zeroizing::new(bytes.as_slice().try_into().map_err(|_| why)?);
        match self {
            PublicKeyAlgorithm::Ed25519 => {
                let key = EdSigningKey::from_bytes(&seed);
                Ok(key.sign(message).to_bytes().to_vec())
            }
            PublicKeyAlgorithm::EcdsaP256 => {
                let key = EcSigningKey::from_bytes(&(*seed).into()).map_err(|_| why)?;
                let signature: EcSignature = key.sign(message);
                Ok(signature.to_der().as_bytes().to_vec())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 8032 section 7.1, TEST 1 and TEST 2.
    const SEED1: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    const KEY1: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    const SIG1: &str = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
    const KEY2: &str = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";

    #[test]
    fn rfc8032_test_1_signs_and_verifies_the_empty_message() {
        let ed = PublicKeyAlgorithm::Ed25519;
        let key = ed.parse_key(KEY1.as_bytes()).unwrap();
        let sig = hex::decode(SIG1).unwrap();
        assert!(ed.verify(&key, b"", &sig));
        assert_eq!(ed.sign(SEED1.as_bytes(), b"").unwrap(), sig);
        assert!(!ed.verify(&key, b"x", &sig));
        let other = ed.parse_key(KEY2.as_bytes()).unwrap();
        assert!(!ed.verify(&other, b"", &sig));
    }

    #[test]
    fn malformed_keys_and_signatures_are_refused_not_panics() {
        let ed = PublicKeyAlgorithm::Ed25519;
        for bad in ["", "zz", &KEY1[..62], &format!("{KEY1}00")] {
            assert!(ed.parse_key(bad.as_bytes()).is_err(), "{bad}");
        }
        let key = ed.parse_key(KEY1.as_bytes()).unwrap();
        assert!(!ed.verify(&key, b"", &[0; 63]));
        assert!(!ed.verify(&[0; 31], b"", &[0; 64]));
        let ec = PublicKeyAlgorithm::EcdsaP256;
        for bad in ["", "MFkw", KEY1] {
            assert!(ec.parse_key(bad.as_bytes()).is_err(), "{bad}");
        }
        assert!(!ec.verify(&[4; 65], b"", &[0x30, 0]));
        assert!(ec.sign(b"00", b"").is_err());
        assert!(ec.sign(&[b'0'; 64], b"").is_err(), "the zero scalar");
    }

    /// A small-order point (the identity, y = 1) is refused as a key: with
    /// it, `verify` (not strict) accepts signatures that name no message.
    #[test]
    fn a_small_order_key_verifies_nothing() {
        let ed = PublicKeyAlgorithm::Ed25519;
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let key = ed.parse_key(hex::encode(identity).as_bytes()).unwrap();
        let mut sig = [0u8; 64];
        sig[0] = 1;
        assert!(!ed.verify(&key, b"anything", &sig));
    }

    #[test]
    fn ecdsa_signs_and_verifies_with_a_pem_or_bare_key() {
        let ec = PublicKeyAlgorithm::EcdsaP256;
        let scalar = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
        let bare = ec.public_key_of(scalar.as_bytes()).unwrap();
        // RFC 6979 A.2.5's public key (Ux, Uy).
        assert_eq!(
            hex::encode(&ec.parse_key(bare.as_bytes()).unwrap()[1..33]),
            "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
        );
        let pem = format!("-----BEGIN PUBLIC KEY-----\n{bare}\n-----END PUBLIC KEY-----\n");
        let key = ec.parse_key(bare.as_bytes()).unwrap();
        assert_eq!(key, ec.parse_key(pem.as_bytes()).unwrap());
        let sig = ec.sign(scalar.as_bytes(), b"1600000000{}").unwrap();
        assert!(ec.signature_fits(&sig));
        assert!(ec.verify(&key, b"1600000000{}", &sig));
        assert!(!ec.verify(&key, b"1600000001{}", &sig));
    }

    /// SendGrid's SDKs verify with OpenSSL (Node's crypto, Python's
    /// cryptography), which accepts either S of a signature: so does
    /// hooksig, for the Node SDK's published vector and its high-S twin.
    #[test]
    fn ecdsa_accepts_both_s_of_a_signature() {
        let ec = PublicKeyAlgorithm::EcdsaP256;
        let key = ec
            .parse_key(b"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==")
            .unwrap();
        let message = br#"1588788367{"category":"example_payload","event":"test_event","message_id":"message_id"}"#;
        let der = parse::base64_decode(
            "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=",
        )
        .unwrap();
        assert!(ec.verify(&key, message, &der));
        let signature = EcSignature::from_der(&der).unwrap();
        let (r, s) = signature.split_scalars();
        let twin = EcSignature::from_scalars(r.to_bytes(), (-*s).to_bytes()).unwrap();
        assert_ne!(twin.to_der().as_bytes(), &der[..]);
        assert!(ec.verify(&key, message, twin.to_der().as_bytes()));
    }
}
