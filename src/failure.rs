//! "Could not judge": every error a command can end with, and its stable
//! code (`{"error":{"code":…}}`, exit 2).
//!
//! The code is fixed where the error is made, not guessed afterwards: a
//! typed error from the libraries converts into a [`Failure`] only through
//! [`Coded`], so a new error type without a code does not compile, and an
//! argument problem found by a command says so with [`Failure::usage`].

use std::fmt::Display;

use hooksig_core::{Error, InputError, ProviderError, SchemeError, SecretError};

/// An error that ends a command with exit 2: a stable code and a message
/// (with the context the command added, `secret file s.txt: …`).
#[derive(Debug)]
pub struct Failure {
    code: &'static str,
    error: anyhow::Error,
}

impl Failure {
    /// An argument problem the command found itself (code `usage`).
    pub fn usage(message: impl Display + std::fmt::Debug + Send + Sync + 'static) -> Self {
        Failure {
            code: "usage",
            error: anyhow::Error::msg(message),
        }
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The one-line message: the context, then the cause.
    pub fn message(&self) -> String {
        format!("{:#}", self.error)
    }

    /// The same failure, its message prefixed with `context`.
    pub fn context(self, context: impl Display + Send + Sync + 'static) -> Self {
        Failure {
            code: self.code,
            error: self.error.context(context),
        }
    }
}

/// A typed error with a stable code.
pub trait Coded: std::error::Error + Send + Sync + 'static {
    /// The code, as in `{"error":{"code":…}}`.
    fn code(&self) -> &'static str;
}

impl<E: Coded> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure {
            code: error.code(),
            error: anyhow::Error::new(error),
        }
    }
}

macro_rules! coded {
    ($($error:ty),*) => {
        $(impl Coded for $error {
            fn code(&self) -> &'static str {
                <$error>::code(self)
            }
        })*
    };
}
coded!(Error, InputError, ProviderError, SchemeError, SecretError);

/// `.context(…)` for results whose error becomes a [`Failure`].
pub trait Context<T> {
    /// Prefixes the error's message with `context`, keeping its code.
    fn context(self, context: impl Display + Send + Sync + 'static) -> Result<T, Failure>;

    /// [`Context::context`], with the context made only on error.
    fn with_context<C: Display + Send + Sync + 'static>(
        self,
        context: impl FnOnce() -> C,
    ) -> Result<T, Failure>;
}

impl<T, E: Into<Failure>> Context<T> for Result<T, E> {
    fn context(self, context: impl Display + Send + Sync + 'static) -> Result<T, Failure> {
        self.map_err(|e| e.into().context(context))
    }

    fn with_context<C: Display + Send + Sync + 'static>(
        self,
        context: impl FnOnce() -> C,
    ) -> Result<T, Failure> {
        self.map_err(|e| e.into().context(context()))
    }
}

/// `return Err(Failure::usage(format!(…)))`, as `anyhow::bail!` reads.
macro_rules! usage {
    ($($arg:tt)*) => {
        return Err($crate::failure::Failure::usage(format!($($arg)*)))
    };
}
pub(crate) use usage;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_error_keeps_its_code_through_context() {
        let failure = Failure::from(SecretError::Missing).context("HOOKSIG_SECRET");
        assert_eq!(failure.code(), "no_secret");
        assert!(
            failure
                .message()
                .starts_with("HOOKSIG_SECRET: no secret given")
        );
    }

    #[test]
    fn a_command_s_own_argument_problem_is_usage() {
        let failure = Failure::usage("--id must be printable ASCII");
        assert_eq!(failure.code(), "usage");
        assert_eq!(failure.message(), "--id must be printable ASCII");
    }
}
