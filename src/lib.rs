//! hooksig tells whether a captured webhook is authentic by recomputing its
//! HMAC signature over the exact bytes received.
//!
//! Data flows one way: input → provider → verdict → report. The library
//! computes and returns values; it never prints, reads the environment or
//! the clock, or exits.
//!
//! ```
//! use hooksig::{Headers, Policy, Secret, providers, verify};
//!
//! let body = br#"{"id":"evt_1"}"#;
//! let mut headers = Headers::new();
//! headers
//!     .push(
//!         "Fintoc-Signature",
//!         "t=1700000000,v1=c5e2f0dc5f7ba8e2d6a0e1bbd7a1e8d09ba7f3c5e6f2b0c1d9a8e7f6a5b4c3d2",
//!     )
//!     .unwrap();
//! let provider = providers::by_name("fintoc").unwrap();
//! let secrets = [Secret::new("whsec_test").unwrap()];
//! let verdict = verify(provider, &headers, &mut &body[..], &secrets, &Policy::at(1700000000)).unwrap();
//! assert!(!verdict.is_authentic());
//! assert_eq!(verdict.reason.as_str(), "signature_mismatch");
//! ```

pub mod diagnose;
pub mod error;
pub mod input;
pub mod mac;
pub mod providers;
pub mod report;
pub mod secret;
pub mod verdict;
pub mod verify;

pub use error::{Error, InputError, ProviderError, SecretError};
pub use input::{Headers, PayloadSource};
pub use providers::Provider;
pub use secret::Secret;
pub use verdict::{Details, Hint, HintCode, Reason, Verdict};
pub use verify::{Policy, Tolerance, verify};
