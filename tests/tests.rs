//! End-to-end tests of the `hooksig` binary, grouped by behaviour.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod util;

mod adversarial;
mod bad_input;
mod commands;
mod constant_time;
mod custom_schemes;
mod diagnostics;
mod exit_codes;
mod pasted_captures;
mod pasted_secrets;
mod pasted_signatures;
mod properties;
mod public_keys;
mod readme;
mod request;
mod reserialized_bodies;
mod schemes_misc;
mod secrets;
mod sign;
mod url_schemes;
mod vector_data;
mod verify_fintoc;
mod verify_flinks;
mod verify_providers;
