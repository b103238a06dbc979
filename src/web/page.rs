//! What every page template needs: the language, the current path (for the language form), the
//! request id, and the translation and asset helpers.

use std::future::{Ready, ready};

use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, dev::Payload};
use askama::Template;

use crate::context::Context;
use crate::error::AppError;
use crate::http::locale;
use crate::i18n::Lang;

/// A random id per request, shown on error pages and written to the log line of that request.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// The random value of the form cookie for this request, set by the `form_cookie` middleware.
/// Every HTML form carries an HMAC of it (the synchronizer token).
#[derive(Clone, Debug)]
pub struct FormBinding(pub String);

/// The cookie that binds form tokens to this browser.
pub const FORM_COOKIE: &str = "kinlink_form";

pub struct PageCtx {
    pub lang: Lang,
    /// Path of the current page, used as the return address of the language form.
    pub path: String,
    pub request_id: String,
    /// The synchronizer token every form on the page carries.
    pub csrf: String,
    /// A session cookie is present (validated where it matters, by `Identity`).
    pub signed_in: bool,
}

impl PageCtx {
    pub fn from_request(req: &HttpRequest) -> Self {
        let binding = req.extensions().get::<FormBinding>().map(|b| b.0.clone());
        let csrf = match (binding, req.app_data::<actix_web::web::Data<Context>>()) {
            (Some(b), Some(ctx)) => ctx.forms.token(&b),
            _ => String::new(),
        };
        PageCtx {
            lang: locale::negotiate(req),
            path: local_path(req.path()).to_string(),
            request_id: req
                .extensions()
                .get::<RequestId>()
                .map(|r| r.0.clone())
                .unwrap_or_default(),
            csrf,
            signed_in: req
                .cookie(crate::accounts::sessions::COOKIE)
                .is_some_and(|c| !c.value().is_empty()),
        }
    }

    /// Check a submitted synchronizer token; a mismatch is a 403 with a stable code.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), AppError> {
        let ok = !self.csrf.is_empty()
            && crate::auth::constant_time_eq(self.csrf.as_bytes(), submitted.as_bytes());
        if ok {
            Ok(())
        } else {
            Err(AppError::forbidden(
                "csrf_token_invalid",
                "The form expired or came from elsewhere. Please try again.",
            ))
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
