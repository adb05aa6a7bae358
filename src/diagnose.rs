//! Diagnostics: likely explanations of a not-authentic verdict.
//!
//! Hints are computed only after a verdict is reached and never change it:
//! a webhook that matches only after a change is still not authentic.

use crate::input::Headers;
use crate::providers::{Claim, Provider};
use crate::secret::Secret;
use crate::verdict::{Hint, HintCode, Reason, Verdict};
use crate::verify::{Policy, describe_age};

/// The largest body (1 MiB) that diagnostics examine. The verification
/// itself streams bodies of any size; above this limit the variant checks
/// are skipped and a `diagnostics_skipped` hint says so.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// A bounded copy of the body, kept while it streams, for diagnostics.
#[derive(Debug, Clone)]
pub struct BodyCapture {
    bytes: Vec<u8>,
    limit: usize,
    complete: bool,
}

impl BodyCapture {
    /// An empty capture that keeps at most `limit` bytes.
    pub fn new(limit: usize) -> Self {
        BodyCapture {
            bytes: Vec::new(),
            limit,
            complete: true,
        }
    }

    /// Appends a chunk, or marks the capture incomplete once over the limit.
    pub fn extend(&mut self, chunk: &[u8]) {
        if !self.complete {
            return;
        }
        if self.bytes.len() + chunk.len() > self.limit {
            self.complete = false;
            self.bytes = Vec::new();
        } else {
            self.bytes.extend_from_slice(chunk);
        }
    }

    /// The whole body, when it fit under the limit.
    pub fn body(&self) -> Option<&[u8]> {
        self.complete.then_some(self.bytes.as_slice())
    }
}

/// Everything diagnostics may look at.
pub struct Case<'a> {
    /// The provider whose scheme was checked.
    pub provider: &'a dyn Provider,
    /// The captured headers.
    pub headers: &'a Headers,
    /// The parsed claim, when the headers made one.
    pub claim: Option<&'a Claim>,
    /// The body, when it fit under [`BODY_LIMIT`].
    pub body: &'a BodyCapture,
    /// The secrets tried.
    pub secrets: &'a [Secret],
    /// The policy the verdict was reached under.
    pub policy: &'a Policy,
    /// The verdict to explain.
    pub verdict: &'a Verdict,
}

/// The hints that explain `case.verdict`; empty for an authentic one.
pub fn explain(case: &Case<'_>) -> Vec<Hint> {
    let mut hints = Vec::new();
    if case.verdict.reason == Reason::TimestampOutsideTolerance {
        if let Some(age) = case.verdict.age_seconds {
            hints.push(Hint::new(
                HintCode::StaleTimestamp,
                format!(
                    "the timestamp is {}; to check a captured webhook, pass --now with the time it was received or --tolerance off",
                    describe_age(age)
                ),
            ));
        }
    }
    hints
}
