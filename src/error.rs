//! `AppError`: every failure a request can meet, each with a stable snake_case code.
//!
//! API routes answer `{"error": {"code", "message"}}`; pages get a translated HTML page (rendered
//! by `web::errors`). Unexpected errors answer a generic 500 carrying only a request id; the
//! cause goes to the log and nowhere else.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("Not found.")]
    NotFound,
    #[error("This method is not allowed here.")]
    MethodNotAllowed,
    #[error("The request body is too large.")]
    PayloadTooLarge,
    #[error("The request body is not valid JSON for this endpoint: {0}")]
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
    /// Wrong account name, wrong passphrase, unknown account and throttled all look the same.
    #[error("The account name or passphrase is not right.")]
    InvalidCredentials,
    /// A refused request; `code` names why (for example `cross_site_request`).
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    #[error("Too many requests. Please wait and try again.")]
    RateLimited,
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

    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        AppError::Internal(cause.into())
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::InvalidJson(_) => "invalid_json",
            AppError::InvalidForm => "invalid_form",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::Invalid { code, .. } | AppError::Forbidden { code, .. } => code,
            AppError::Unauthorized => "unauthorized",
            AppError::InvalidCredentials => "invalid_credentials",
            AppError::RateLimited => "rate_limited",
            AppError::Unavailable => "service_unavailable",
            AppError::Internal(_) => "internal_error",
        }
    }

    /// The client-facing message. For 5xx it never carries the cause.
    pub fn public_message(&self) -> String {
        self.to_string()
    }
}

#[derive(Serialize)]
pub struct ErrorBody<'a> {
    pub error: ErrorDetail<'a>,
}

#[derive(Serialize)]
pub struct ErrorDetail<'a> {
    pub code: &'a str,
    pub message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<&'a str>,
}

/// The JSON error body every API error uses.
pub fn json_error(
    status: StatusCode,
    code: &str,
    message: &str,
    request_id: Option<&str>,
) -> HttpResponse {
    HttpResponse::build(status).json(ErrorBody {
        error: ErrorDetail {
            code,
            message,
            request_id,
        },
    })
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::InvalidJson(_) | AppError::InvalidForm | AppError::Invalid { .. } => {
                StatusCode::BAD_REQUEST
            }
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unauthorized | AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden { .. } => StatusCode::FORBIDDEN,
            AppError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The plain JSON form. `web::errors` replaces it with an HTML page outside `/api/` and adds
    /// the request id to 5xx bodies.
    fn error_response(&self) -> HttpResponse {
        json_error(
            self.status_code(),
            self.code(),
            &self.public_message(),
            None,
        )
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {e}"))
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
        assert_eq!(e.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn codes_are_snake_case() {
        let all = [
            AppError::NotFound,
            AppError::MethodNotAllowed,
            AppError::PayloadTooLarge,
            AppError::InvalidJson("x".into()),
            AppError::InvalidForm,
            AppError::UnsupportedMediaType,
            AppError::invalid("name_too_long", "x"),
            AppError::Unauthorized,
            AppError::InvalidCredentials,
            AppError::forbidden("cross_site_request", "x"),
            AppError::RateLimited,
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
