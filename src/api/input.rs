//! Body limits and extractor errors, mapped to stable codes: JSON bodies up to 16 KiB, forms up
//! to 64 KiB; 413 `payload_too_large`, 400 `invalid_json` (including unknown fields), 415 for a
//! wrong content type.

use actix_web::error::{JsonPayloadError, PayloadError, UrlencodedError};
use actix_web::{HttpRequest, web};

use crate::error::AppError;

pub const JSON_LIMIT: usize = 16 * 1024;
pub const FORM_LIMIT: usize = 64 * 1024;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(JSON_LIMIT)
        .content_type_required(true)
        .content_type(|m| m == mime::APPLICATION_JSON)
        .error_handler(json_error)
}

pub fn form_config() -> web::FormConfig {
    web::FormConfig::default()
        .limit(FORM_LIMIT)
        .error_handler(form_error)
}

pub fn payload_config() -> web::PayloadConfig {
    web::PayloadConfig::new(FORM_LIMIT)
}

fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let app = match err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            AppError::PayloadTooLarge
        }
        JsonPayloadError::Payload(PayloadError::Overflow) => AppError::PayloadTooLarge,
        JsonPayloadError::ContentType => AppError::UnsupportedMediaType,
        // serde's message names the field or position, never echoes the value.
        JsonPayloadError::Deserialize(e) => AppError::InvalidJson(e.to_string()),
        _ => AppError::InvalidJson("could not read the body".into()),
    };
    app.into()
}

fn form_error(err: UrlencodedError, _req: &HttpRequest) -> actix_web::Error {
    let app = match err {
        UrlencodedError::Overflow { .. } | UrlencodedError::Payload(PayloadError::Overflow) => {
            AppError::PayloadTooLarge
        }
        _ => AppError::InvalidForm,
    };
    app.into()
}
