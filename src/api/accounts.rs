//! `/api/v1/accounts`, `/api/v1/sessions`, `/api/v1/me…`, `/api/v1/recovery`: the account API.

use actix_web::{HttpResponse, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::accounts::identity::{clear_session_cookie, session_cookie};
use crate::accounts::recovery::{self, Proof};
use crate::accounts::sessions::{self, NewSession};
use crate::accounts::{Identity, open_handle, settings, signin, signup, store};
use crate::crypto::{Encrypted, Sensitive};
use crate::error::{AppError, AppResult};
use crate::startup::AppState;
use crate::web::i18n::Lang;

/// The language a request asks for; English when it names none.
pub fn lang_or_en(locale: Option<&str>) -> AppResult<Lang> {
    match locale {
        None => Ok(Lang::En),
        Some(l) => Lang::parse(l)
            .ok_or_else(|| AppError::invalid("unknown_locale", "Supported locales: en, ug.")),
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

impl From<signup::NewAccount> for SignUpResponse {
    fn from(created: signup::NewAccount) -> Self {
        SignUpResponse {
            handle: created.handle,
            recovery_codes: created.recovery_codes,
        }
    }
}

pub async fn sign_up(
    state: web::Data<AppState>,
    body: web::Json<SignUpRequest>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let lang = lang_or_en(body.locale.as_deref())?;
    let created = signup::sign_up(&state, body.passphrase, body.email, lang).await?;
    Ok(HttpResponse::Created().json(SignUpResponse::from(created)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    login: String,
    passphrase: Sensitive<String>,
    totp: Option<String>,
}

#[derive(Serialize)]
struct TokenResponse {
    token: String,
    expires_at: NaiveDateTime,
}

/// A new session: the token in the body (API clients) and in the cookie (browsers).
pub fn session_response(session: NewSession) -> HttpResponse {
    HttpResponse::Ok()
        .cookie(session_cookie(&session.token))
        .json(TokenResponse {
            token: session.token,
            expires_at: session.expires_at,
        })
}

pub async fn sign_in(
    state: web::Data<AppState>,
    body: web::Json<SignInRequest>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let session = signin::sign_in(&state, &body.login, body.passphrase, body.totp).await?;
    Ok(session_response(session))
}

/// Sign-out answers clear the cookie and ask the browser to drop cached pages too.
fn signed_out() -> HttpResponse {
    HttpResponse::NoContent()
        .cookie(clear_session_cookie())
        .insert_header(("Clear-Site-Data", "\"cache\", \"cookies\""))
        .finish()
}

pub async fn sign_out(state: web::Data<AppState>, id: Identity) -> AppResult<HttpResponse> {
    state
        .db
        .write(move |conn| sessions::revoke(conn, &id.sid_hash))
        .await?;
    Ok(signed_out())
}

pub async fn sign_out_everywhere(
    state: web::Data<AppState>,
    id: Identity,
) -> AppResult<HttpResponse> {
    state
        .db
        .write(move |conn| sessions::revoke_all(conn, &id.account_id).map(|_| ()))
        .await?;
    Ok(signed_out())
}

#[derive(Serialize)]
pub struct SessionView {
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub current: bool,
}

pub async fn list_sessions(state: web::Data<AppState>, id: Identity) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(session_views(&state, &id).await?))
}

/// Active sessions, coarse: when created and last seen (to the minute), and which is this one.
pub async fn session_views(
    state: &web::Data<AppState>,
    id: &Identity,
) -> AppResult<Vec<SessionView>> {
    let (account_id, current) = (id.account_id.clone(), id.sid_hash.clone());
    let rows = state
        .db
        .run(move |conn| Ok(store::sessions_of(conn, &account_id)?))
        .await?;
    let minute = |t: NaiveDateTime| {
        t.with_nanosecond(0)
            .and_then(|t| t.with_second(0))
            .unwrap_or(t)
    };
    use chrono::Timelike;
    Ok(rows
        .into_iter()
        .map(|r| SessionView {
            created_at: minute(r.created_at),
            last_seen_at: minute(r.last_seen_at),
            current: r.id_hash == current,
        })
        .collect())
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
}

#[derive(Serialize)]
pub struct EmailView {
    pub address: String,
    pub verified: bool,
}

/// What the account holds about itself.
pub async fn me_view(state: &web::Data<AppState>, id: &Identity) -> AppResult<Me> {
    let (st, account_id, role) = (state.clone(), id.account_id.clone(), id.role);
    state
        .db
        .run(move |conn| {
            let a = store::find(conn, &account_id)?.ok_or(AppError::Unauthorized)?;
            let handle = open_handle(&st.vault, conn, &a)?;
            let email = match &a.email_ct {
                Some(ct) => {
                    let cipher = crate::accounts::cipher(&st.vault, conn, &a.id)?;
                    let address = cipher
                        .open_str("email", &Encrypted::from_stored(ct.clone()))
                        .map_err(crate::vault::DecryptFailed::of(&cipher))?
                        .expose()
                        .clone();
                    Some(EmailView {
                        address,
                        verified: a.email_verified,
                    })
                }
                None => None,
            };
            Ok(Me {
                handle,
                role: role.as_str(),
                locale: a.locale.clone(),
                email,
                second_factor: a.totp_confirmed,
                organization_id: a.organization_id.clone(),
                duress_passphrase_set: a.duress_hash.is_some(),
                recovery_codes_left: store::unused_recovery_codes(conn, &a.id)?,
            })
        })
        .await
}

pub async fn me(state: web::Data<AppState>, id: Identity) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(me_view(&state, &id).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassphraseChange {
    current: Sensitive<String>,
    new: Sensitive<String>,
}

pub async fn change_passphrase(
    state: web::Data<AppState>,
    id: Identity,
    body: web::Json<PassphraseChange>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let session = settings::change_passphrase(&state, &id, body.current, body.new).await?;
    Ok(session_response(session))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailChange {
    email: String,
}

pub async fn set_email(
    state: web::Data<AppState>,
    id: Identity,
    body: web::Json<EmailChange>,
) -> AppResult<HttpResponse> {
    let lang = account_lang(&state, &id).await?;
    settings::set_email(&state, &id, &body.email, lang).await?;
    Ok(HttpResponse::Accepted().finish())
}

async fn account_lang(state: &web::Data<AppState>, id: &Identity) -> AppResult<Lang> {
    let account_id = id.account_id.clone();
    state
        .db
        .run(move |conn| {
            Ok(store::find(conn, &account_id)?
                .and_then(|a| Lang::parse(&a.locale))
                .unwrap_or(Lang::En))
        })
        .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeBody {
    code: String,
}

pub async fn verify_email(
    state: web::Data<AppState>,
    id: Identity,
    body: web::Json<CodeBody>,
) -> AppResult<HttpResponse> {
    settings::verify_email(&state, &id, &body.code).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn remove_email(state: web::Data<AppState>, id: Identity) -> AppResult<HttpResponse> {
    settings::remove_email(&state, &id).await?;
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
    state: web::Data<AppState>,
    id: Identity,
    body: web::Json<DuressChange>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    settings::set_duress(&state, &id, body.current, body.duress).await?;
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
    state: web::Data<AppState>,
    body: web::Json<RecoveryRequest>,
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
            recovery::request_email_code(&state, &body.login).await?;
            Ok(HttpResponse::Accepted().finish())
        }
        (Some(proof), Some(new)) => {
            recovery::recover(&state, &body.login, proof, new).await?;
            Ok(HttpResponse::NoContent().finish())
        }
        _ => Err(AppError::invalid(
            "invalid_recovery",
            "Give a code and a new passphrase.",
        )),
    }
}
