#![doc = include_str!("../README.md")]

mod diagnose;
mod error;
pub mod headers;
pub mod mac;
mod policy;
pub mod providers;
pub mod public_key;
mod secret;
mod sign;
pub mod time;
mod verdict;
mod verify;

pub use diagnose::{BODY_LIMIT, MAX_REENCODED_TOKENS};
pub use error::{Error, InputError, ProviderError, SchemeError, SecretError};
pub use headers::Headers;
pub use policy::{Policy, Tolerance};
pub use providers::{MAX_SIGNED_MESSAGES, Provider};
pub use secret::{Origin, Secret, fingerprint};
pub use sign::sign;
pub use verdict::{COMPUTED_PREFIX, Details, Hint, HintCode, Reason, SecretCheck, Verdict};
pub use verify::{verify, verify_bytes, verify_in};
