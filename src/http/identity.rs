//! Who is asking, for handlers: the session token from the `__Host-kinlink` cookie (browsers) or
//! an `Authorization: Bearer` header (other clients), checked by the account service.

use std::future::{Future, Ready, ready};
use std::pin::Pin;

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use chrono::NaiveDateTime;

use crate::accounts::sessions::{COOKIE, Resolved};
use crate::auth::{Identity, Staff};
use crate::context::Context;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::registrations::{Card, Search};

/// A fresh token for the response (sliding renewal), set by the extractor.
#[derive(Clone)]
pub struct Renewed {
    pub token: String,
    pub expires_at: NaiveDateTime,
    pub via_cookie: bool,
}

/// The session cookie carrying `token`.
pub fn session_cookie(token: &str) -> Cookie<'static> {
    Cookie::build(COOKIE, token.to_string())
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Strict)
        .finish()
}

/// Who a request's valid session belongs to, as far as pages need it (set by the identity
/// extractor).
#[derive(Clone, Copy, Debug)]
pub struct Viewer {
    pub staff: bool,
}

/// The device cookie: lets this browser's right passphrase past delays caused by others'
/// guesses at its login. A year; HttpOnly, Secure, same-site only.
pub const DEVICE_COOKIE: &str = "__Host-kinlink-device";

pub fn device_cookie(token: &str) -> Cookie<'static> {
    Cookie::build(DEVICE_COOKIE, token.to_string())
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::days(365))
        .finish()
}

/// The device token a browser presents, if any.
pub fn device_token_of(req: &HttpRequest) -> Option<String> {
    req.cookie(DEVICE_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}

/// A cookie that deletes the session cookie.
pub fn clear_session_cookie() -> Cookie<'static> {
    let mut c = session_cookie("");
    c.set_max_age(CookieDuration::ZERO);
    c
}

fn presented_token(req: &HttpRequest) -> Option<(String, bool)> {
    if let Some(h) = req.headers().get(actix_web::http::header::AUTHORIZATION) {
        let v = h.to_str().ok()?;
        let token = v
            .strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))?;
        return Some((token.trim().to_string(), false));
    }
    req.cookie(COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
        .map(|v| (v, true))
}

/// The context of the running application, from a request.
pub fn context(req: &HttpRequest) -> Result<web::Data<Context>, AppError> {
    req.app_data::<web::Data<Context>>()
        .cloned()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no application context")))
}

/// What the response needs from a resolved session: its renewal and who is looking.
fn note_resolved(req: &HttpRequest, resolved: Resolved, via_cookie: bool) -> Identity {
    if let Some((token, expires_at)) = resolved.renewed {
        req.extensions_mut().insert(Renewed {
            token,
            expires_at,
            via_cookie,
        });
    }
    req.extensions_mut().insert(Viewer {
        staff: resolved.identity.role.is_staff(),
    });
    resolved.identity
}

impl FromRequest for Identity {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let (token, via_cookie) = presented_token(&req).ok_or(AppError::Unauthorized)?;
            let ctx = context(&req)?;
            let resolved = ctx.accounts.resolve_session(token, via_cookie).await?;
            Ok(note_resolved(&req, resolved, via_cookie))
        })
    }
}

/// A presented session, checked only when `run` is: for the busiest reads, which check the
/// session in the same trip to the database as the read itself
/// (`Accounts::resolve_session_and`). No token at all is the same 401 as with `Identity`.
pub struct Session {
    req: HttpRequest,
    ctx: web::Data<Context>,
    token: String,
    via_cookie: bool,
}

impl FromRequest for Session {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Session::presented(req))
    }
}

impl Session {
    fn presented(req: &HttpRequest) -> AppResult<Self> {
        let (token, via_cookie) = presented_token(req).ok_or(AppError::Unauthorized)?;
        Ok(Session {
            req: req.clone(),
            ctx: context(req)?,
            token,
            via_cookie,
        })
    }

    /// Check the session, then run `f` as its holder, in one trip to the database.
    pub async fn run<T, F>(self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn, &Identity) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let (resolved, out) = self
            .ctx
            .accounts
            .resolve_session_and(self.token, self.via_cookie, f)
            .await?;
        note_resolved(&self.req, resolved, self.via_cookie);
        out
    }

    /// One of the session holder's cards (`None` until set), in the same trip.
    pub async fn card<C: Card + Send + 'static>(self) -> AppResult<Option<C>> {
        let registrations = self.ctx.registrations.clone();
        self.run(move |conn, id| registrations.card_in::<C>(conn, id))
            .await
    }

    /// One of the session holder's searches (404 if it is not theirs), in the same trip.
    pub async fn search(self, search_id: String) -> AppResult<Search> {
        let registrations = self.ctx.registrations.clone();
        self.run(move |conn, id| registrations.search_in(conn, id, &search_id))
            .await
    }
}

/// A staff member who has confirmed a second factor. Anyone else: 403 (staff without a second
/// factor) or 404 (registrants: staff routes do not exist for them).
impl FromRequest for Staff {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let fut = Identity::from_request(req, payload);
        Box::pin(async move {
            let id = fut.await?;
            if !id.role.is_staff() {
                return Err(AppError::NotFound);
            }
            if !id.totp_confirmed {
                return Err(AppError::forbidden(
                    "second_factor_required",
                    "Staff must set up a second factor before using staff pages.",
                ));
            }
            Ok(Staff(id))
        })
    }
}
