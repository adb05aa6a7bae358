//! The process exit codes, a stable interface for scripts: 0 authentic (or a
//! command that did its job), 1 not authentic, 2 could not judge. 101 is a
//! panic: always a bug.

use std::process::ExitCode;

use hooksig_core::Verdict;

/// How a run ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Authentic (`verify`), or the command did its job.
    Ok = 0,
    /// A webhook is not authentic.
    NotAuthentic = 1,
    /// No judgement was possible: usage error, unreadable input, no secret.
    CouldNotJudge = 2,
}

impl Exit {
    /// The exit code a verdict gives.
    pub fn of(verdict: &Verdict) -> Self {
        if verdict.is_authentic() {
            Exit::Ok
        } else {
            Exit::NotAuthentic
        }
    }

    /// The exit code of a run that judged several webhooks (fd's
    /// `merge_exitcodes` is the model): any webhook not authentic makes it
    /// 1; otherwise any item that could not be judged makes it 2; else 0.
    /// A forgery is the finding that matters most to a script, so it wins
    /// over an unreadable neighbour.
    pub fn merge(self, other: Exit) -> Exit {
        match (self, other) {
            (Exit::NotAuthentic, _) | (_, Exit::NotAuthentic) => Exit::NotAuthentic,
            (Exit::CouldNotJudge, _) | (_, Exit::CouldNotJudge) => Exit::CouldNotJudge,
            (Exit::Ok, Exit::Ok) => Exit::Ok,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_the_documented_ones() {
        assert_eq!(Exit::Ok as u8, 0);
        assert_eq!(Exit::NotAuthentic as u8, 1);
        assert_eq!(Exit::CouldNotJudge as u8, 2);
    }

    #[test]
    fn merging_ranks_not_authentic_then_could_not_judge_then_ok() {
        use Exit::*;
        let all = [Ok, NotAuthentic, CouldNotJudge];
        for a in all {
            for b in all {
                let expected = if a == NotAuthentic || b == NotAuthentic {
                    NotAuthentic
                } else if a == CouldNotJudge || b == CouldNotJudge {
                    CouldNotJudge
                } else {
                    Ok
                };
                assert_eq!(a.merge(b), expected, "{a:?} + {b:?}");
                assert_eq!(a.merge(b), b.merge(a), "merge is symmetric");
            }
        }
        assert_eq!(
            [Ok, Ok, CouldNotJudge, NotAuthentic]
                .into_iter()
                .fold(Ok, Exit::merge),
            NotAuthentic
        );
    }
}
