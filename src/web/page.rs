//! What every page template needs: the language, the current path (for the language form), the
//! request id, and the translation and asset helpers.

use std::future::{Ready, ready};

use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, dev::Payload};
use askama::Template;

use super::i18n::{self, Lang};
use crate::error::AppError;

/// A random id per request, shown on error pages and written to the log line of that request.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

pub struct PageCtx {
    pub lang: Lang,
    /// Path of the current page, used as the return address of the language form.
    pub path: String,
    pub request_id: String,
}

impl PageCtx {
    pub fn from_request(req: &HttpRequest) -> Self {
        PageCtx {
            lang: i18n::negotiate(req),
            path: local_path(req.path()).to_string(),
            request_id: req
                .extensions()
                .get::<RequestId>()
                .map(|r| r.0.clone())
                .unwrap_or_default(),
        }
    }

    /// Translate a message. A missing message is a bug that the page tests catch.
    pub fn t(&self, key: &str) -> String {
        debug_assert!(self.lang.has(key), "missing translation: {key}");
        self.lang.t(key)
    }

    pub fn t_args(&self, key: &str, args: &[(&'static str, String)]) -> String {
        debug_assert!(self.lang.has(key), "missing translation: {key}");
        self.lang.t_args(key, args)
    }

    pub fn asset(&self, logical: &str) -> String {
        super::assets::url(logical)
    }

    pub fn langs(&self) -> &'static [Lang] {
        &Lang::ALL
    }
}

impl FromRequest for PageCtx {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(PageCtx::from_request(req)))
    }
}

/// Only same-site absolute paths are accepted as return addresses (no `//host` or schemes).
pub fn local_path(p: &str) -> &str {
    if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') {
        p
    } else {
        "/"
    }
}

/// Render a template as an HTML response.
pub fn render(t: &impl Template) -> Result<HttpResponse, AppError> {
    let body = t.render().map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .body(body))
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn return_paths_stay_on_site() {
        assert_eq!(local_path("/safety"), "/safety");
        assert_eq!(local_path("//evil.example/x"), "/");
        assert_eq!(local_path("https://evil.example"), "/");
        assert_eq!(local_path("/\\evil.example"), "/");
        assert_eq!(local_path(""), "/");
    }
}
