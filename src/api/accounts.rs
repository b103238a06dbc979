//! `/api/v1/accounts`, `/api/v1/sessions`, `/api/v1/me…`, `/api/v1/recovery`: the account API.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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

/// A new registrant account; the server picks the account name.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignUpRequest {
    /// 12–256 characters, not among the most common breached passwords.
    #[schema(value_type = String, min_length = 12, max_length = 256)]
    passphrase: Sensitive<String>,
    /// Optional; becomes a sign-in and recovery identifier once a code sent to it comes back.
    email: Option<String>,
    #[schema(schema_with = crate::api::doc::locale_or_null)]
    locale: Option<String>,
}

/// The new account's name and its recovery codes, shown this once.
#[derive(Serialize, ToSchema)]
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

/// Create a registrant account (no email needed).
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", security(()),
    request_body = SignUpRequest,
    responses((status = 201, description = "Created.", body = SignUpResponse)))]
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    /// Account name or verified email.
    login: String,
    #[schema(value_type = String)]
    passphrase: Sensitive<String>,
    /// Staff with a confirmed second factor: the current six-digit code.
    totp: Option<String>,
    /// The `device_token` of an earlier sign-in from this client (browsers keep it as a cookie).
    device_token: Option<String>,
}

/// A session: send `token` as `Authorization: Bearer`.
#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
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

/// Sign in with account name or email; also sets the session and device cookies.
#[utoipa::path(post, path = "/api/v1/sessions", tag = "sessions", security(()),
    request_body = SignInRequest,
    responses((status = 200, description = "Signed in.", body = TokenResponse)))]
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

/// Sign out this session.
#[utoipa::path(delete, path = "/api/v1/sessions/current", tag = "sessions",
    responses((status = 204, description = "Signed out.")))]
pub async fn sign_out(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    ctx.accounts.sign_out(&id).await?;
    Ok(signed_out())
}

/// End every session of the account.
#[utoipa::path(delete, path = "/api/v1/sessions", tag = "sessions",
    responses((status = 204, description = "Signed out everywhere.")))]
pub async fn sign_out_everywhere(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    ctx.accounts.sign_out_everywhere(&id).await?;
    Ok(signed_out())
}

/// One signed-in device.
#[derive(Serialize, ToSchema)]
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

/// The account's sessions.
#[utoipa::path(get, path = "/api/v1/sessions", tag = "sessions",
    responses((status = 200, description = "One entry per device.", body = Vec<SessionView>)))]
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

/// The signed-in account.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub handle: String,
    #[schema(schema_with = crate::api::doc::role)]
    pub role: &'static str,
    #[schema(schema_with = crate::api::doc::locale)]
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

#[derive(Serialize, ToSchema)]
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

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, description = "The account.", body = Me)))]
pub async fn me(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    let mut me = Me::from(ctx.accounts.summary(&id).await?);
    me.update = ctx.matches.has_update(&id).await?;
    if id.role == crate::accounts::Role::Registrant {
        me.kept_until = ctx.lifecycle.kept_until(&id).await?.map(|d| d.date());
    }
    Ok(HttpResponse::Ok().json(me))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PassphraseChange {
    #[schema(value_type = String)]
    current: Sensitive<String>,
    #[schema(value_type = String, min_length = 12, max_length = 256)]
    new: Sensitive<String>,
}

/// A new passphrase; every session ends and this answer carries a new one.
#[utoipa::path(post, path = "/api/v1/me/passphrase", tag = "accounts",
    request_body = PassphraseChange,
    responses((status = 200, description = "Changed; a new session.", body = TokenResponse)))]
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailChange {
    email: String,
}

/// Set an email address; a code is sent to it.
#[utoipa::path(post, path = "/api/v1/me/email", tag = "accounts", request_body = EmailChange,
    responses((status = 202, description = "A code is on its way.")))]
pub async fn set_email(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<EmailChange>,
) -> AppResult<HttpResponse> {
    let lang = ctx.accounts.locale_of(&id).await?;
    ctx.accounts.set_email(&id, &body.email, lang).await?;
    Ok(HttpResponse::Accepted().finish())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeBody {
    code: String,
}

/// Confirm the email address with the code sent to it.
#[utoipa::path(post, path = "/api/v1/me/email/verify", tag = "accounts", request_body = CodeBody,
    responses((status = 204, description = "Confirmed.")))]
pub async fn verify_email(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<CodeBody>,
) -> AppResult<HttpResponse> {
    ctx.accounts.verify_email(&id, &body.code).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove the email address.
#[utoipa::path(delete, path = "/api/v1/me/email", tag = "accounts",
    responses((status = 204, description = "Removed.")))]
pub async fn remove_email(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    ctx.accounts.remove_email(&id).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DuressChange {
    #[schema(value_type = String)]
    current: Sensitive<String>,
    /// `null` removes the duress passphrase.
    #[schema(value_type = Option<String>)]
    duress: Option<Sensitive<String>>,
}

/// Set (or with `null` remove) the duress passphrase.
#[utoipa::path(post, path = "/api/v1/me/duress", tag = "accounts", request_body = DuressChange,
    responses((status = 204, description = "Saved.")))]
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoveryRequest {
    login: String,
    recovery_code: Option<String>,
    email_code: Option<String>,
    #[schema(value_type = Option<String>)]
    new_passphrase: Option<Sensitive<String>>,
}

#[utoipa::path(post, path = "/api/v1/recovery", tag = "accounts", security(()),
    request_body = RecoveryRequest,
    responses(
        (status = 202, description = "With `login` only: a code goes to a verified email, if any."),
        (status = 204, description = "With a code and `new_passphrase`: the passphrase is set."),
    ))]
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
