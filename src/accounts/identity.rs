//! Who is asking: the session token from the `__Host-kinlink` cookie (browsers) or an
//! `Authorization: Bearer` header (other clients), checked against the session table.

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use chrono::NaiveDateTime;

use super::Role;
use super::sessions::{self, COOKIE};
use crate::error::AppError;
use crate::startup::AppState;

#[derive(Debug, Clone)]
pub struct Identity {
    pub account_id: String,
    pub role: Role,
    pub organization_id: Option<String>,
    pub totp_confirmed: bool,
    pub sid: String,
    pub sid_hash: Vec<u8>,
    /// The request authenticated by cookie (a browser), not by a bearer token.
    pub via_cookie: bool,
}

impl Identity {
    /// How this person appears in the audit log: staff by id, registrants by pseudonym.
    pub fn actor(&self) -> crate::audit::Actor<'_> {
        if self.role.is_staff() {
            crate::audit::Actor::Staff {
                id: &self.account_id,
                role: self.role.as_str(),
            }
        } else {
            crate::audit::Actor::Registrant {
                account_id: &self.account_id,
            }
        }
    }
}

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

impl FromRequest for Identity {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let (token, via_cookie) = presented_token(&req).ok_or(AppError::Unauthorized)?;
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("no app state")))?
                .clone();
            let st = state.clone();
            let resolved = state
                .db
                .run(move |conn| sessions::resolve(&st.auth, conn, &token))
                .await?;
            if let Some((token, expires_at)) = resolved.renewed.clone() {
                req.extensions_mut().insert(Renewed {
                    token,
                    expires_at,
                    via_cookie,
                });
            }
            let a = resolved.account;
            Ok(Identity {
                role: Role::parse(&a.role)
                    .ok_or_else(|| AppError::internal(anyhow::anyhow!("unknown role")))?,
                account_id: a.id,
                organization_id: a.organization_id,
                totp_confirmed: a.totp_confirmed,
                sid: resolved.sid,
                sid_hash: resolved.sid_hash,
                via_cookie,
            })
        })
    }
}

/// A staff member who has confirmed a second factor. Anyone else: 403 (staff without a
/// second factor) or 404 (registrants: staff routes do not exist for them).
#[derive(Debug, Clone)]
pub struct Staff(pub Identity);

impl Staff {
    /// Admit only these roles; others get 404, as if the route did not exist.
    pub fn require(&self, roles: &[Role]) -> Result<&Identity, AppError> {
        if roles.contains(&self.0.role) {
            Ok(&self.0)
        } else {
            Err(AppError::NotFound)
        }
    }
}

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
