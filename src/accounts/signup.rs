//! Sign-up without email: the server picks the handle; the person picks a passphrase and gets
//! ten single-use recovery codes, shown once.

use actix_web::web;

use super::{Auth, RECOVERY_CODES, Role, TABLE, now, store};
use crate::audit::{Actor, Event};
use crate::auth::{
    check_passphrase, generate_handle, generate_recovery_codes, normalize_recovery_code,
};
use crate::crypto::Sensitive;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::startup::AppState;
use crate::web::i18n::Lang;

pub struct NewAccount {
    pub handle: String,
    pub recovery_codes: Vec<String>,
    pub account_id: String,
}

/// A passphrase that passed the policy, as a clear 400 with a stable code otherwise.
pub fn checked_passphrase(p: &str) -> AppResult<()> {
    check_passphrase(p).map_err(|e| AppError::invalid(e.code(), e.to_string()))
}

/// A plausible email address (the real check is the code we send to it).
pub fn checked_email(raw: &str) -> AppResult<String> {
    let email = raw.trim();
    if email.len() > 254 || email.parse::<lettre::Address>().is_err() {
        return Err(AppError::invalid(
            "invalid_email",
            "That does not look like an email address.",
        ));
    }
    Ok(email.to_string())
}

/// What a new account needs before its transaction starts (Argon2 never runs inside one): the
/// hash of a passphrase that passed the policy, and fresh recovery codes with their digests.
pub struct Credentials {
    pub phc: String,
    pub codes: Vec<String>,
    pub digests: Vec<[u8; 32]>,
}

/// The hash of a new passphrase, after the policy.
pub async fn hash_new_passphrase(
    state: &AppState,
    passphrase: &Sensitive<String>,
) -> AppResult<String> {
    checked_passphrase(passphrase.expose())?;
    state
        .auth
        .hasher
        .hash(passphrase.expose().clone())
        .await
        .map_err(AppError::internal)
}

pub async fn new_credentials(
    state: &AppState,
    passphrase: &Sensitive<String>,
) -> AppResult<Credentials> {
    let phc = hash_new_passphrase(state, passphrase).await?;
    let (codes, digests) = fresh_recovery_codes(&state.auth);
    Ok(Credentials {
        phc,
        codes,
        digests,
    })
}

/// Digests of a fresh set of recovery codes, and the codes to show once.
pub fn fresh_recovery_codes(auth: &Auth) -> (Vec<String>, Vec<[u8; 32]>) {
    let codes = generate_recovery_codes(RECOVERY_CODES);
    let digests = codes
        .iter()
        .map(|c| {
            auth.recovery_digest(
                &normalize_recovery_code(c).expect("generated codes are well-formed"),
            )
        })
        .collect();
    (codes, digests)
}

/// Insert an account row with a fresh unique handle, sealed under its own data key.
#[allow(clippy::too_many_arguments)]
pub fn insert_account(
    state: &AppState,
    conn: &mut DbConn,
    role: Role,
    organization_id: Option<&str>,
    password_hash: &str,
    locale: Lang,
    recovery_digests: &[[u8; 32]],
) -> AppResult<(String, String)> {
    let auth = &state.auth;
    let id = uuid::Uuid::new_v4().to_string();
    // Collisions are astronomically rare at 10^10 handles, but never reuse one.
    let mut handle = generate_handle();
    while store::handle_taken(conn, &auth.handle_index(&handle))? {
        handle = generate_handle();
    }
    let cipher = state.vault.create(conn, TABLE, &id)?;
    let handle_ct = cipher
        .seal_str("handle", &handle)
        .map_err(AppError::internal)?;
    store::insert(
        conn,
        &store::AccountRow {
            id: id.clone(),
            role: role.as_str().to_string(),
            organization_id: organization_id.map(str::to_string),
            handle_bidx: Some(auth.handle_index(&handle)),
            handle_ct: handle_ct.into_bytes(),
            email_bidx: None,
            email_ct: None,
            email_verified: false,
            password_hash: password_hash.to_string(),
            duress_hash: None,
            decoy_of: None,
            deletion_due_at: None,
            totp_secret_ct: None,
            totp_confirmed: false,
            totp_last_step: None,
            locale: locale.code().to_string(),
            created_at: now(),
            last_sign_in_at: None,
        },
    )?;
    store::insert_recovery_codes(conn, &id, recovery_digests)?;
    Ok((id, handle))
}

/// `POST /api/v1/accounts`: a registrant account.
pub async fn sign_up(
    state: &web::Data<AppState>,
    passphrase: Sensitive<String>,
    email: Option<String>,
    locale: Lang,
) -> AppResult<NewAccount> {
    if !state.auth.throttles.allow_signup(std::time::Instant::now()) {
        return Err(AppError::RateLimited);
    }
    let email = email
        .filter(|e| !e.trim().is_empty())
        .map(|e| checked_email(&e))
        .transpose()?;
    let Credentials {
        phc,
        codes,
        digests,
    } = new_credentials(state, &passphrase).await?;
    let st = state.clone();
    let (account_id, handle) = state
        .db
        .write(move |conn| {
            let (id, handle) =
                insert_account(&st, conn, Role::Registrant, None, &phc, locale, &digests)?;
            st.audit.record(
                conn,
                &Event::new(
                    Actor::Registrant { account_id: &id },
                    "account.create",
                    "account",
                ),
            )?;
            if let Some(email) = &email {
                super::settings::start_email_change(&st, conn, &id, email, locale)?;
            }
            Ok((id, handle))
        })
        .await?;
    Ok(NewAccount {
        handle,
        recovery_codes: codes,
        account_id,
    })
}
