//! Request bodies: JSON up to 16 KiB, forms up to 64 KiB; 413 `payload_too_large`, 415 for a
//! wrong content type, 400 `invalid_json` with a message that names the field and says in plain
//! words what it takes. Messages never repeat a submitted value (it may be a name, and messages
//! reach logs) nor name a Rust type.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::{PayloadError, UrlencodedError};
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::error::AppError;

pub const JSON_LIMIT: usize = 16 * 1024;
pub const FORM_LIMIT: usize = 64 * 1024;

pub fn form_config() -> web::FormConfig {
    web::FormConfig::default()
        .limit(FORM_LIMIT)
        .error_handler(form_error)
}

pub fn payload_config() -> web::PayloadConfig {
    web::PayloadConfig::new(FORM_LIMIT)
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

/// A JSON request body, deserialised with the path of any error kept.
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .mime_type()
            .ok()
            .flatten()
            .is_some_and(|m| m.essence_str() == mime::APPLICATION_JSON.essence_str());
        let declared = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if !is_json {
                return Err(AppError::UnsupportedMediaType);
            }
            if declared.is_some_and(|n| n > JSON_LIMIT) {
                return Err(AppError::PayloadTooLarge);
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk
                    .map_err(|_| AppError::InvalidJson("the body could not be read".into()))?;
                if body.len() + chunk.len() > JSON_LIMIT {
                    return Err(AppError::PayloadTooLarge);
                }
                body.extend_from_slice(&chunk);
            }
            parse(&body).map(Json)
        })
    }
}

/// Deserialise, or say plainly what is wrong and where.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de)
        .map_err(|e| AppError::InvalidJson(describe(&e.path().to_string(), e.inner())))
}

/// A plain message for a JSON error at `path` (`.` is the whole body).
pub fn describe(path: &str, err: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let raw = err.to_string();
    match err.classify() {
        Category::Syntax | Category::Eof | Category::Io => format!(
            "The body is not valid JSON (line {}, column {}).",
            err.line(),
            err.column()
        ),
        Category::Data => {
            let field = if path == "." { "the body" } else { path };
            if raw.starts_with("unknown field") {
                // The path ends with the unknown name itself, which is the sender's text.
                let parent = path.rsplit_once('.').map_or("the body", |(p, _)| p);
                let parent = if parent.is_empty() {
                    "the body"
                } else {
                    parent
                };
                match allowed(&raw) {
                    Some(list) => format!("{parent}: unknown field; the fields are {list}."),
                    None => format!("{parent}: unknown field."),
                }
            } else if let Some(name) = raw.strip_prefix("missing field `") {
                let name = name.split('`').next().unwrap_or_default();
                let at = if path == "." {
                    name.to_string()
                } else {
                    format!("{path}.{name}")
                };
                format!("{at} is required.")
            } else if raw.starts_with("unknown variant") {
                match allowed(&raw) {
                    Some(list) => format!("{field}: not one of the allowed values, {list}."),
                    None => format!("{field}: not an allowed value."),
                }
            } else if let Some(expected) = raw.split(", expected ").nth(1) {
                let expected = expected.split(" at line ").next().unwrap_or(expected);
                format!("{field}: expected {}.", plain(expected))
            } else {
                format!("{field}: not a valid value.")
            }
        }
    }
}

/// The `expected one of `a`, `b`` list of a serde message, as "a, b".
fn allowed(raw: &str) -> Option<String> {
    let list = raw
        .split("expected one of ")
        .nth(1)
        .or_else(|| raw.split("expected ").nth(1).filter(|s| s.starts_with('`')))?;
    let names: Vec<&str> = list
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s)
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// serde's words for a type, in plain ones.
fn plain(expected: &str) -> String {
    let e = expected.trim();
    let word = match e {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "isize" | "usize"
        | "an integer" => "a whole number",
        "f32" | "f64" | "a float" => "a number",
        "a boolean" | "bool" => "true or false",
        "a string" | "a borrowed string" | "a string or null" => "text",
        "a sequence" => "a list",
        "a map" => "an object",
        _ if e.starts_with("struct ") || e.starts_with("a map") => "an object",
        _ if e.starts_with("a sequence") || e.starts_with("an array") || e.contains("tuple") => {
            "a list"
        }
        _ if e.starts_with("enum ") || e.starts_with("variant ") => "one of the allowed values",
        _ if e.starts_with("option") => "a value or null",
        _ => "a different kind of value",
    };
    word.to_string()
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Birth {
        year: Option<i64>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Person {
        names: Vec<String>,
        birth: Option<Birth>,
        relation: String,
    }

    fn message(body: &str) -> String {
        match parse::<Person>(body.as_bytes()) {
            Err(AppError::InvalidJson(m)) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn messages_name_the_field_in_plain_words_and_never_echo_values() {
        let m =
            message(r#"{"names": ["x"], "relation": "father", "birth": {"year": "Qzxov1961"}}"#);
        assert_eq!(m, "birth.year: expected a whole number.");
        let m = message(r#"{"names": ["x"], "relation": "father", "Qzxovanbek": 1}"#);
        assert_eq!(
            m,
            "the body: unknown field; the fields are names, birth, relation."
        );
        let m = message(r#"{"names": ["x"], "birth": {"yeer": 1961}, "relation": "father"}"#);
        assert_eq!(m, "birth: unknown field; the fields are year.");
        let m = message(r#"{"names": ["x"]}"#);
        assert_eq!(m, "relation is required.");
        let m = message(r#"{"names": "Qzxovanbek", "relation": "father"}"#);
        assert_eq!(m, "names: expected a list.");
        let m = message(r#"{"names": [1], "relation": "father"}"#);
        assert_eq!(m, "names[0]: expected text.");
        let m = message(r#"{"names": ["x"], "relation": "fath"#);
        assert!(m.starts_with("The body is not valid JSON"), "{m}");
        for m in [
            message(r#"{"names": ["x"], "relation": "father", "birth": "Qzxovanbek"}"#),
            message(r#"{"names": ["x"], "relation": 12345678}"#),
        ] {
            assert!(!m.contains("Qzxov") && !m.contains("12345678"), "{m}");
            assert!(!m.contains("struct") && !m.contains("i64"), "{m}");
        }
    }
}
