//! `/api/v1/accounts`, `/api/v1/sessions`, `/api/v1/me…`, `/api/v1/recovery`: the account API.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::accounts::recovery::Proof;
use crate::accounts::sessions::{NewSession, SessionSummary};
use crate::accounts::settings::AccountSummary;
use crate::accounts::{Identity, NewAccount};
use crate::api::input::Json;
use crate::context::Context;
use crate::crypto::Sensitive;
use crate::error::{AppError, AppResult};
use crate::http::identity::{clear_session_cookie, device_cookie, device_token_of, session_cookie};
use crate::i18n::Lang;
use crate::limits::Source;

/// The language a request asks for; English when it names none.
pub fn lang_or_en(locale: Option<&str>) -> AppResult<Lang> {
    match locale {
        None => Ok(Lang::En),
        Some(l) => Lang::parse(l).ok_or_else(|| {
            AppError::invalid(
                "unknown_locale",
                "Supported locales: en, ug, ug-Latn, tr, ru, kk, zh-Hans.",
            )
        }),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignUpRequest {
    passphrase: Sensitive<String>,
    email: Option<String>,
    locale: Option<String>,
}

#[derive(Serialize)]
pub struct SignUpResponse {
    pub handle: String,
    pub recovery_codes: Vec<String>,
}

impl From<NewAccount> for SignUpResponse {
    fn from(created: NewAccount) -> Self {
        SignUpResponse {
            handle: created.handle,
            recovery_codes: created.recovery_codes,
        }
    }
}

pub async fn sign_up(
    ctx: web::Data<Context>,
    source: Source,
    body: Json<SignUpRequest>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let lang = lang_or_en(body.locale.as_deref())?;
    let created = ctx
        .accounts
        .sign_up(body.passphrase, body.email, lang, &source)
        .await?;
    Ok(HttpResponse::Created().json(SignUpResponse::from(created)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    login: String,
    passphrase: Sensitive<String>,
    totp: Option<String>,
    /// The `device_token` of an earlier sign-in from this client (browsers keep it as a cookie).
    device_token: Option<String>,
}

#[derive(Serialize)]
struct TokenResponse {
    token: String,
    #[serde(serialize_with = "crate::api::time::rfc3339")]
    expires_at: NaiveDateTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    device_token: Option<String>,
}

/// A new session: the token in the body (API clients) and in the cookie (browsers).
pub fn session_response(session: NewSession) -> HttpResponse {
    HttpResponse::Ok()
        .cookie(session_cookie(&session.token))
        .json(TokenResponse {
            token: session.token,
            expires_at: session.expires_at,
            device_token: None,
        })
}

pub async fn sign_in(
    ctx: web::Data<Context>,
    req: HttpRequest,
    source: Source,
    body: Json<SignInRequest>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let device = body.device_token.or_else(|| device_token_of(&req));
    let signed_in = ctx
        .accounts
        .sign_in(
            &body.login,
            body.passphrase,
            body.totp,
            &source,
            device.as_deref(),
        )
        .await?;
    let session = signed_in.session;
    Ok(HttpResponse::Ok()
        .cookie(session_cookie(&session.token))
        .cookie(device_cookie(&signed_in.device_token))
        .json(TokenResponse {
            token: session.token,
            expires_at: session.expires_at,
            device_token: Some(signed_in.device_token),
        }))
}

/// Sign-out answers clear the cookie and ask the browser to drop cached pages too.
pub fn signed_out() -> HttpResponse {
    HttpResponse::NoContent()
        .cookie(clear_session_cookie())
        .insert_header(("Clear-Site-Data", "\"cache\", \"cookies\""))
        .finish()
}

pub async fn sign_out(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    ctx.accounts.sign_out(&id).await?;
    Ok(signed_out())
}

pub async fn sign_out_everywhere(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    ctx.accounts.sign_out_everywhere(&id).await?;
    Ok(signed_out())
}

#[derive(Serialize)]
pub struct SessionView {
    #[serde(serialize_with = "crate::api::time::rfc3339")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::api::time::rfc3339")]
    pub last_seen_at: NaiveDateTime,
    pub current: bool,
}

impl From<SessionSummary> for SessionView {
    fn from(s: SessionSummary) -> Self {
        SessionView {
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            current: s.current,
        }
    }
}

pub async fn list_sessions(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    let sessions: Vec<SessionView> = ctx
        .accounts
        .sessions(&id)
        .await?
        .into_iter()
        .map(SessionView::from)
        .collect();
    Ok(HttpResponse::Ok().json(sessions))
}

#[derive(Serialize)]
pub struct Me {
    pub handle: String,
    pub role: &'static str,
    pub locale: String,
    pub email: Option<EmailView>,
    pub second_factor: bool,
    pub organization_id: Option<String>,
    pub duress_passphrase_set: bool,
    pub recovery_codes_left: i64,
    /// A match was put to them or disclosed since they last looked at their matches.
    pub update: bool,
    /// The day their registration's retention runs out (null without a registration).
    pub kept_until: Option<chrono::NaiveDate>,
}

#[derive(Serialize)]
pub struct EmailView {
    pub address: String,
    pub verified: bool,
}

impl From<AccountSummary> for Me {
    fn from(a: AccountSummary) -> Self {
        Me {
            handle: a.handle,
            role: a.role.as_str(),
            locale: a.locale,
            email: a.email.map(|e| EmailView {
                address: e.address,
                verified: e.verified,
            }),
            second_factor: a.second_factor,
            organization_id: a.organization_id,
            duress_passphrase_set: a.duress_passphrase_set,
            recovery_codes_left: a.recovery_codes_left,
            update: false,
            kept_until: None,
        }
    }
}

pub async fn me(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    let mut me = Me::from(ctx.accounts.summary(&id).await?);
    me.update = ctx.matches.has_update(&id).await?;
    if id.role == crate::accounts::Role::Registrant {
        me.kept_until = ctx.lifecycle.kept_until(&id).await?.map(|d| d.date());
    }
    Ok(HttpResponse::Ok().json(me))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassphraseChange {
    current: Sensitive<String>,
    new: Sensitive<String>,
}

pub async fn change_passphrase(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<PassphraseChange>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let session = ctx
        .accounts
        .change_passphrase(&id, body.current, body.new)
        .await?;
    Ok(session_response(session))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailChange {
    email: String,
}

pub async fn set_email(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<EmailChange>,
) -> AppResult<HttpResponse> {
    let lang = ctx.accounts.locale_of(&id).await?;
    ctx.accounts.set_email(&id, &body.email, lang).await?;
    Ok(HttpResponse::Accepted().finish())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeBody {
    code: String,
}

pub async fn verify_email(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<CodeBody>,
) -> AppResult<HttpResponse> {
    ctx.accounts.verify_email(&id, &body.code).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn remove_email(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    ctx.accounts.remove_email(&id).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuressChange {
    current: Sensitive<String>,
    /// `null` removes the duress passphrase.
    duress: Option<Sensitive<String>>,
}

pub async fn set_duress(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<DuressChange>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    ctx.accounts
        .set_duress(&id, body.current, body.duress)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryRequest {
    login: String,
    recovery_code: Option<String>,
    email_code: Option<String>,
    new_passphrase: Option<Sensitive<String>>,
}

/// `POST /api/v1/recovery`. With only `login`: send a code to the account's verified email (if
/// any). With a `recovery_code` or `email_code` and `new_passphrase`: set the passphrase. The
/// answers do not depend on whether the account exists.
pub async fn recover(
    ctx: web::Data<Context>,
    source: Source,
    body: Json<RecoveryRequest>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let proof = match (body.recovery_code, body.email_code) {
        (Some(c), None) => Some(Proof::RecoveryCode(c)),
        (None, Some(c)) => Some(Proof::EmailCode(c)),
        (None, None) => None,
        (Some(_), Some(_)) => {
            return Err(AppError::invalid(
                "invalid_recovery",
                "Give one code, not two.",
            ));
        }
    };
    match (proof, body.new_passphrase) {
        (None, None) => {
            ctx.accounts
                .request_recovery_code(&body.login, &source)
                .await?;
            Ok(HttpResponse::Accepted().finish())
        }
        (Some(proof), Some(new)) => {
            ctx.accounts
                .recover(&body.login, proof, new, &source)
                .await?;
            Ok(HttpResponse::NoContent().finish())
        }
        _ => Err(AppError::invalid(
            "invalid_recovery",
            "Give a code and a new passphrase.",
        )),
    }
}
