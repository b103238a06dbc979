//! What every page template needs: the language, the current path (for the language form), the
//! request id, and the translation and asset helpers.

use std::future::{Ready, ready};

use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, dev::Payload};
use askama::Template;

use crate::context::Context;
use crate::error::{AppError, AppResult};
use crate::http::identity::Viewer;
use crate::http::locale;
use crate::i18n::Lang;
use crate::jobs::health::Health;

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
    /// A session cookie is present (validated where it matters, by `Identity`), or the
    /// response itself starts a session (the page right after signing up).
    pub signed_in: bool,
    /// What is running late, as the `service_health` middleware found it (page requests only).
    pub health: Option<Health>,
    /// The request, to learn at render time who the page is for (the identity extractor runs
    /// after this context is made).
    req: HttpRequest,
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
            health: req.extensions().get::<Health>().cloned(),
            req: req.clone(),
        }
    }

    /// The late parts, when any: every page shows a banner then.
    pub fn late(&self) -> Option<&Health> {
        self.health.as_ref().filter(|h| !h.is_ok())
    }

    /// The page is for a signed-in staff member (who is told which part is late).
    pub fn for_staff(&self) -> bool {
        self.req
            .extensions()
            .get::<Viewer>()
            .is_some_and(|v| v.staff)
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

/// An error a person can act on, as a form shows it again: the words in their language, the
/// status the page answers with, and for a limit the wait (also sent as `Retry-After`).
#[derive(Clone, Debug)]
pub struct FormError {
    pub text: String,
    pub status: StatusCode,
    pub retry_after: Option<u64>,
}

impl FormError {
    pub fn new(text: String, status: StatusCode) -> Self {
        FormError {
            text,
            status,
            retry_after: None,
        }
    }

    /// A limit: why, in the words of the message `why` (the form's own situation), then how
    /// long to wait, the same whoever asks, so it tells nothing about accounts. A limit that
    /// did not say how long is said as a minute.
    pub fn limited(c: &PageCtx, why: &str, e: &AppError) -> Self {
        let wait = match e {
            AppError::RateLimited {
                retry_after: Some(d),
            } => *d,
            _ => std::time::Duration::from_secs(60),
        };
        FormError {
            text: format!("{} {}", c.t(why), c.lang.wait(wait)),
            status: StatusCode::TOO_MANY_REQUESTS,
            retry_after: Some(crate::http::error::retry_after_secs(e).unwrap_or(60)),
        }
    }

    /// The page `res`, answering with this error's status and `Retry-After`.
    pub fn answer(&self, res: AppResult<HttpResponse>) -> AppResult<HttpResponse> {
        let mut res = res?;
        *res.status_mut() = self.status;
        if let Some(secs) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from(secs));
        }
        Ok(res)
    }
}

/// Render a template as an HTML response.
pub fn render(t: &impl Template) -> Result<HttpResponse, AppError> {
    let body = t.render().map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .body(body))
}

/// 303 to `to`: where a form post sends the browser next (post/redirect/get).
pub fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_string()))
        .finish()
}

/// The `done` key of a page's query string (`?done=<key>` after a redirect); callers map only
/// known keys to notices.
pub fn done_key(req: &HttpRequest) -> Option<&str> {
    req.query_string()
        .split('&')
        .find_map(|kv| kv.strip_prefix("done="))
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
