#![doc = include_str!("../README.md")]

pub mod diagnose;
pub mod error;
pub mod input;
pub mod mac;
pub mod providers;
pub mod report;
pub mod secret;
pub mod sign;
pub mod time;
pub mod verdict;
pub mod verify;

pub use error::{Error, InputError, ProviderError, SecretError};
pub use input::{Headers, PayloadSource};
pub use providers::Provider;
pub use secret::Secret;
pub use sign::sign;
pub use verdict::{Details, Hint, HintCode, Reason, Verdict};
pub use verify::{Policy, Tolerance, verify};
