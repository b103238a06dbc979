//! Service errors as HTTP: the one place that maps an [`AppError`] to a status and a JSON body.
//! Pages get their HTML form from `http::middleware::render_errors`.

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::error::AppError;

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

pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        AppError::InvalidJson(_) | AppError::InvalidForm | AppError::Invalid { .. } => {
            StatusCode::BAD_REQUEST
        }
        AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        AppError::Unauthorized | AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
        AppError::Forbidden { .. } => StatusCode::FORBIDDEN,
        AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Conflict { .. } => StatusCode::CONFLICT,
        AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Whole seconds to wait, rounded up, for `Retry-After`.
pub fn retry_after_secs(e: &AppError) -> Option<u64> {
    match e {
        AppError::RateLimited {
            retry_after: Some(d),
        } => Some(d.as_secs() + u64::from(d.subsec_nanos() > 0)).map(|s| s.max(1)),
        _ => None,
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        status_of(self)
    }

    /// The plain JSON form. `render_errors` replaces it with an HTML page outside `/api/` and
    /// adds the request id to 5xx bodies.
    fn error_response(&self) -> HttpResponse {
        let mut res = json_error(
            self.status_code(),
            self.code(),
            &self.public_message(),
            None,
        );
        if let Some(secs) = retry_after_secs(self) {
            res.headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn statuses_and_retry_after() {
        assert_eq!(status_of(&AppError::NotFound), StatusCode::NOT_FOUND);
        assert_eq!(
            status_of(&AppError::conflict("invalid_transition", "x")),
            StatusCode::CONFLICT
        );
        let limited = AppError::rate_limited(Some(Duration::from_millis(1500)));
        assert_eq!(status_of(&limited), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(retry_after_secs(&limited), Some(2));
        let res = limited.error_response();
        assert_eq!(res.headers().get(RETRY_AFTER).unwrap(), "2");
        assert_eq!(
            status_of(&AppError::internal(anyhow::anyhow!("x"))),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
