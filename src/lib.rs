//! The hooksig command-line application: the commands, where their input
//! comes from (sources, secrets), how results are shown (render, output)
//! and how runs end (exit codes, failures). `src/main.rs` only dispatches.
//!
//! This crate is the application, not a stable library API: the judging
//! itself is `hooksig-core`, and the capture parsers are `hooksig-capture`.
//! It is a library so that tests and fuzz targets can reach the renderers.

pub mod cli;
pub mod commands;
pub mod exit;
pub mod failure;
pub mod output;
pub mod render;
pub mod schemes;
pub mod secrets;
pub mod sources;
