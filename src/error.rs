//! `AppError`: every failure a service can meet, each with a stable snake_case code. Services
//! return it; `http::error` maps it to a status and body in one place (the API answers
//! `{"error": {"code", "message"}}`, pages a translated HTML page). Unexpected errors answer a
//! generic 500 carrying only a request id; the cause goes to the log and nowhere else.

use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("Not found.")]
    NotFound,
    #[error("This method is not allowed here.")]
    MethodNotAllowed,
    #[error("The request body is too large.")]
    PayloadTooLarge,
    #[error("The request headers are too large.")]
    HeadersTooLarge,
    #[error("{0}")]
    InvalidJson(String),
    #[error("The form could not be read.")]
    InvalidForm,
    #[error("Unsupported content type: send application/json.")]
    UnsupportedMediaType,
    /// A value that failed validation; `code` names the rule (for example `name_too_long`).
    #[error("{message}")]
    Invalid { code: &'static str, message: String },
    #[error("Please sign in.")]
    Unauthorized,
    /// Wrong account name, wrong passphrase and unknown account all look the same.
    #[error("The account name or passphrase is not right.")]
    InvalidCredentials,
    /// A refused request; `code` names why (for example `cross_site_request`).
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    /// A limit was reached; `retry_after` says when trying again can succeed, when known.
    #[error("Too many requests. Please wait and try again.")]
    RateLimited { retry_after: Option<Duration> },
    /// The request conflicts with the current state; `code` names how (for example
    /// `invalid_transition`, `already_claimed`).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("The service is temporarily unavailable.")]
    Unavailable,
    /// Anything unexpected: the cause is logged, never shown.
    #[error("Internal error.")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Forbidden {
            code,
            message: message.into(),
        }
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Conflict {
            code,
            message: message.into(),
        }
    }

    pub fn rate_limited(retry_after: Option<Duration>) -> Self {
        AppError::RateLimited { retry_after }
    }

    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        AppError::Internal(cause.into())
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::HeadersTooLarge => "headers_too_large",
            AppError::InvalidJson(_) => "invalid_json",
            AppError::InvalidForm => "invalid_form",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::Invalid { code, .. }
            | AppError::Forbidden { code, .. }
            | AppError::Conflict { code, .. } => code,
            AppError::Unauthorized => "unauthorized",
            AppError::InvalidCredentials => "invalid_credentials",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Unavailable => "service_unavailable",
            AppError::Internal(_) => "internal_error",
        }
    }

    /// The client-facing message. For 5xx it never carries the cause; a limit says how long to
    /// wait (also the `Retry-After` header).
    pub fn public_message(&self) -> String {
        match self {
            AppError::RateLimited {
                retry_after: Some(wait),
            } => {
                let secs = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
                let unit = if secs == 1 { "second" } else { "seconds" };
                format!("Too many requests: wait {secs} {unit}, then try again.")
            }
            other => other.to_string(),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            // Two requests inserting the same row at once (PostgreSQL checks uniqueness at the
            // insert, after both looked and found nothing): the loser is told to try again,
            // not given a 500. Logged, in case it is ever a bug rather than a race.
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => {
                tracing::warn!("a write lost a race on a unique key; answered busy");
                AppError::conflict(
                    "busy",
                    "This changed while it was being saved; please try again.",
                )
            }
            // SQLite gave up waiting for the write lock (busy_timeout ran out, or a lock
            // upgrade that cannot wait): the database is overloaded, not broken. Nothing was
            // written; the client is told to try again, as when the pool has no connection.
            diesel::result::Error::DatabaseError(_, ref info)
                if info.message().starts_with("database is locked") =>
            {
                tracing::warn!("the SQLite database stayed locked; answered unavailable");
                AppError::Unavailable
            }
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<crate::domain::DomainError> for AppError {
    fn from(e: crate::domain::DomainError) -> Self {
        AppError::Invalid {
            code: e.code,
            message: e.to_string(),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_hide_their_cause() {
        let e = AppError::internal(anyhow::anyhow!("secret table detail"));
        assert_eq!(e.code(), "internal_error");
        assert!(!e.public_message().contains("secret"));
    }

    #[test]
    fn a_lost_race_on_a_unique_key_is_busy_not_internal() {
        use diesel::result::{DatabaseErrorKind, Error};
        let lost = Error::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            Box::new("duplicate key".to_string()),
        );
        let e = AppError::from(lost);
        assert!(
            matches!(e, AppError::Conflict { code: "busy", .. }),
            "{e:?}"
        );
        let other = Error::DatabaseError(
            DatabaseErrorKind::ForeignKeyViolation,
            Box::new("no parent".to_string()),
        );
        assert_eq!(AppError::from(other).code(), "internal_error");
        let locked = Error::DatabaseError(
            DatabaseErrorKind::Unknown,
            Box::new("database is locked".to_string()),
        );
        assert_eq!(AppError::from(locked).code(), "service_unavailable");
    }

    #[test]
    fn a_limit_says_how_long_to_wait() {
        let e = AppError::rate_limited(Some(Duration::from_millis(2500)));
        assert_eq!(
            e.public_message(),
            "Too many requests: wait 3 seconds, then try again."
        );
        assert_eq!(
            AppError::rate_limited(None).public_message(),
            "Too many requests. Please wait and try again."
        );
    }

    #[test]
    fn codes_are_snake_case() {
        let all = [
            AppError::NotFound,
            AppError::MethodNotAllowed,
            AppError::PayloadTooLarge,
            AppError::HeadersTooLarge,
            AppError::InvalidJson("x".into()),
            AppError::InvalidForm,
            AppError::UnsupportedMediaType,
            AppError::invalid("name_too_long", "x"),
            AppError::Unauthorized,
            AppError::InvalidCredentials,
            AppError::forbidden("cross_site_request", "x"),
            AppError::rate_limited(None),
            AppError::conflict("invalid_transition", "x"),
            AppError::Unavailable,
            AppError::internal(anyhow::anyhow!("x")),
        ];
        for e in all {
            let c = e.code();
            assert!(
                c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'),
                "{c}"
            );
        }
    }
}
