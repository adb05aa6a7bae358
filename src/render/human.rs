//! The human format: one verdict line, then hints, then (verbose) details.

use std::borrow::Cow;
use std::fmt::Write as _;

use hooksig_core::time::{human_duration, utc_datetime};

use super::Report;
use hooksig_core::Verdict;
use hooksig_core::providers::{Provider, scheme_file};

/// Text for a person at a terminal.
#[derive(Debug, Clone, Copy, Default)]
pub struct Human {
    /// Use ANSI colours (only on a terminal, never with NO_COLOR or
    /// TERM=dumb).
    pub color: bool,
    /// Also show what was hashed and the computed signatures.
    pub verbose: bool,
}

const GREEN: &str = "\x1b[1;32m";
const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[33m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

impl Human {
    fn paint(&self, colour: &str, text: &str) -> String {
        if self.color {
            format!("{colour}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }
}

/// `text` with every control character (ESC, CR, BEL, a newline, …)
/// written as its Rust escape (`\u{1b}`, `\r`). Header values reach the
/// output (a Standard Webhooks `webhook-id` is part of the signed message
/// shown by `-v`), and a crafted capture must not be able to move the
/// cursor or rewrite the verdict line on the reader's terminal.
fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_debug().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

impl Report for Human {
    fn verdict(&self, v: &Verdict) -> String {
        let mut out = String::new();
        let headline = if v.is_authentic() {
            self.paint(GREEN, "AUTHENTIC")
        } else {
            self.paint(RED, "NOT AUTHENTIC")
        };
        let _ = write!(out, "{headline} {}", v.provider);
        if !v.is_authentic() {
            let _ = write!(out, " ({})", v.reason);
        }
        let _ = write!(out, ": {}", printable(&v.message));
        if let (Some(t), Some(age)) = (v.timestamp, v.age_seconds) {
            let when = if age >= 0 {
                format!("{} ago", human_duration(age.unsigned_abs()))
            } else {
                format!("{} in the future", human_duration(age.unsigned_abs()))
            };
            let _ = write!(out, " (signed {}, {when})", utc_datetime(t));
        }
        out.push('\n');
        for hint in &v.hints {
            let label = self.paint(YELLOW, &format!("hint ({})", hint.code.as_str()));
            let _ = writeln!(out, "  {label}: {}", printable(&hint.message));
        }
        if self.verbose {
            let d = &v.details;
            if let Some(layout) = &d.signed_message {
                let _ = writeln!(
                    out,
                    "  {} {}",
                    self.paint(DIM, "signed message:"),
                    printable(layout)
                );
            }
            let _ = write!(out, "  {} {} bytes", self.paint(DIM, "body:"), d.body_len);
            if let Some(sha) = &d.body_sha256 {
                let _ = write!(out, ", sha256:{sha}");
            }
            out.push('\n');
            if d.signature_copies > 1 {
                let _ = writeln!(
                    out,
                    "  {} {} (each judged; any one matching is enough)",
                    self.paint(DIM, "signature copies:"),
                    d.signature_copies
                );
            }
            // A public-key scheme computes nothing: each key verified or not.
            let public_key = hooksig_core::providers::by_name(v.provider)
                .is_ok_and(|p| p.public_key().is_some());
            for (i, s) in d.secrets.iter().enumerate() {
                let kind = if public_key { "public key" } else { "secret" };
                let label = format!("{kind} #{} ({}):", i + 1, s.fingerprint);
                if let Some(why) = &s.unusable {
                    let _ = writeln!(
                        out,
                        "  {} not usable for this scheme, skipped: {}",
                        self.paint(DIM, &label),
                        printable(why)
                    );
                    continue;
                }
                let mark = if s.matched { " (matches)" } else { "" };
                if public_key {
                    let said = if s.matched {
                        "a signature verifies"
                    } else {
                        "no signature verifies"
                    };
                    let _ = writeln!(out, "  {} {said}", self.paint(DIM, &label));
                    continue;
                }
                if s.computed.is_empty() {
                    // A token scheme computes nothing it could show.
                    let verdict = if s.matched { "matches" } else { "differs" };
                    let _ = writeln!(out, "  {} {verdict}", self.paint(DIM, &label));
                    continue;
                }
                let _ = writeln!(
                    out,
                    "  {} computed {}{mark}",
                    self.paint(DIM, &label),
                    s.computed
                );
            }
        }
        out
    }

    fn error(&self, _code: &str, message: &str) -> String {
        format!("hooksig: error: {}\n", printable(message))
    }

    fn signed(&self, _provider: &str, headers: &[(String, String)]) -> String {
        headers
            .iter()
            .map(|(name, value)| format!("{name}: {value}\n"))
            .collect()
    }

    fn providers(&self, providers: &[&dyn Provider]) -> String {
        let rows: Vec<([String; 4], String, String, bool)> = providers
            .iter()
            .map(|p| {
                let scheme = p.scheme();
                let mut name = p.name().to_owned();
                if !p.aliases().is_empty() {
                    name = format!("{name} ({})", p.aliases().join(", "));
                }
                let tolerance = scheme
                    .default_tolerance
                    .map_or("no timestamp".to_owned(), |t| format!("{t} s"));
                (
                    [
                        name,
                        p.public_key()
                            .map_or(p.algorithm().as_str(), |k| k.as_str())
                            .to_owned(),
                        scheme.encoding.as_str().to_owned(),
                        tolerance,
                    ],
                    scheme.signed_message.to_owned(),
                    p.headers().join(", "),
                    scheme_file::needs_code(*p),
                )
            })
            .collect();
        let titles = ["PROVIDER", "ALGORITHM", "ENCODING", "TOLERANCE"].map(str::to_owned);
        let mut widths = titles.clone().map(|t| t.len());
        for (row, _, _, _) in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |cells: &[String; 4]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(widths)
                .map(|(cell, w)| format!("{cell:<w$}"))
                .collect();
            format!("{}\n", padded.join("  ").trim_end())
        };
        let mut out = line(&titles);
        for ((row, message, headers, code), p) in rows.iter().zip(providers) {
            out.push_str(&line(row));
            // A user's scheme may sign a line break: shown escaped.
            let _ = writeln!(out, "    signs:   {}", printable(message));
            let _ = writeln!(out, "    headers: {headers}");
            if *code {
                let _ = writeln!(
                    out,
                    "    code:    its rule needs code (hooksig providers --format toml {} says why)",
                    p.name()
                );
            }
        }
        out
    }

    fn fingerprints(&self, fingerprints: &[String]) -> String {
        fingerprints
            .iter()
            .enumerate()
            .map(|(i, f)| format!("secret #{} ({f})\n", i + 1))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hooksig_core::{Details, Hint, HintCode, Reason};

    /// A crafted capture's `webhook-id` is shown in the signed message by
    /// `-v`: its ESC, CR and BEL used to reach the terminal raw, letting it
    /// clear the screen or overwrite the NOT AUTHENTIC line.
    #[test]
    fn control_characters_never_reach_the_terminal() {
        let hostile = "msg\x1b[1A\x1b[2K\rAUTHENTIC\x07\n";
        let verdict = Verdict {
            provider: "standard",
            reason: Reason::SignatureMismatch,
            message: format!("no signature matches {hostile}"),
            timestamp: Some(1),
            age_seconds: Some(0),
            hints: vec![Hint::new(HintCode::UnexplainedMismatch, hostile)],
            details: Details {
                signed_message: Some(format!("{hostile}.1.<body: 1 bytes>")),
                ..Details::default()
            },
        };
        let human = Human {
            color: false,
            verbose: true,
        };
        for out in [human.verdict(&verdict), human.error("usage", hostile)] {
            let controls: Vec<char> = out
                .chars()
                .filter(|c| c.is_control() && *c != '\n')
                .collect();
            assert!(controls.is_empty(), "{out:?}");
            assert_eq!(out.lines().count(), out.matches('\n').count(), "{out:?}");
        }
        assert!(human.verdict(&verdict).contains(
            "signed message: msg\\u{1b}[1A\\u{1b}[2K\\rAUTHENTIC\\u{7}\\n.1.<body: 1 bytes>"
        ));
    }
}
