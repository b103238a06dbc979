//! Recovery: with a recovery code, or with a code sent to a verified email. Both set a new
//! passphrase and end every session; neither removes a staff second factor. The answers (and
//! the work done) are the same whether or not the account exists.

use std::time::Instant;

use actix_web::web;

use super::signin::actor_of;
use super::signup::checked_passphrase;
use super::{cipher, now, sessions, store};
use crate::audit::Event;
use crate::auth::{looks_like_email, normalize_handle, normalize_recovery_code};
use crate::crypto::{Encrypted, Sensitive};
use crate::error::{AppError, AppResult};
use crate::mail::Template;
use crate::startup::AppState;
use crate::web::i18n::Lang;

pub const RECOVER: &str = "recover";

pub enum Proof {
    RecoveryCode(String),
    EmailCode(String),
}

fn invalid() -> AppError {
    AppError::invalid("invalid_recovery", "The account name or code is not right.")
}

async fn find_account(
    state: &web::Data<AppState>,
    login: &str,
) -> AppResult<Option<store::AccountRow>> {
    let login = login.trim();
    let (is_email, bidx) = if looks_like_email(login) {
        (true, state.auth.email_index(login))
    } else {
        match normalize_handle(login) {
            Some(h) => (false, state.auth.handle_index(&h)),
            None => return Ok(None),
        }
    };
    state
        .db
        .run(move |conn| {
            Ok(if is_email {
                store::find_by_verified_email(conn, &bidx)?
            } else {
                store::find_by_handle(conn, &bidx)?
            })
        })
        .await
}

fn rate_limited(state: &AppState, login: &str) -> bool {
    let key = state
        .auth
        .throttle_key(&format!("recover:{}", login.trim().to_lowercase()));
    !state.auth.throttles.recovery().allow(&key, Instant::now())
}

/// Send a recovery code to the account's verified email, if it has one. Always answers Ok.
pub async fn request_email_code(state: &web::Data<AppState>, login: &str) -> AppResult<()> {
    if rate_limited(state, login) {
        return Err(AppError::RateLimited);
    }
    let Some(account) = find_account(state, login).await? else {
        return Ok(());
    };
    if !account.email_verified || account.email_ct.is_none() {
        return Ok(());
    }
    let st = state.clone();
    state
        .db
        .write(move |conn| {
            let cipher = cipher(&st.vault, conn, &account.id)?;
            let email = cipher
                .open_str(
                    "email",
                    &Encrypted::from_stored(account.email_ct.clone().unwrap_or_default()),
                )
                .map_err(crate::vault::DecryptFailed::of(&cipher))?;
            let code = st.auth.issue_email_code(conn, &account.id, RECOVER)?;
            let lang = Lang::parse(&account.locale).unwrap_or(Lang::En);
            st.outbox.enqueue(
                conn,
                email.expose(),
                Template::RecoveryCode,
                Some(&code),
                lang,
            )
        })
        .await
}

/// Set a new passphrase with a proof; all sessions end.
pub async fn recover(
    state: &web::Data<AppState>,
    login: &str,
    proof: Proof,
    new_passphrase: Sensitive<String>,
) -> AppResult<()> {
    checked_passphrase(new_passphrase.expose())?;
    if rate_limited(state, login) {
        return Err(AppError::RateLimited);
    }
    let account = find_account(state, login).await?;
    // Hash whether or not the account exists, so timing does not tell.
    let phc = state
        .auth
        .hasher
        .hash(new_passphrase.expose().clone())
        .await
        .map_err(AppError::internal)?;
    let Some(account) = account else {
        return Err(invalid());
    };
    let st = state.clone();
    state
        .db
        .write(move |conn| {
            let ok = match &proof {
                Proof::RecoveryCode(code) => match normalize_recovery_code(code) {
                    Some(c) => store::use_recovery_code(
                        conn,
                        &account.id,
                        &st.auth.recovery_digest(&c),
                        now(),
                    )?,
                    None => false,
                },
                Proof::EmailCode(code) => {
                    st.auth.spend_email_code(conn, &account.id, RECOVER, code)?
                }
            };
            if !ok {
                return Ok(false);
            }
            store::set_password_hash(conn, &account.id, &phc)?;
            sessions::revoke_all(conn, &account.id)?;
            st.audit.record(
                conn,
                &Event::new(actor_of(&account), "account.recover", "account"),
            )?;
            Ok(true)
        })
        .await?
        .then_some(())
        .ok_or_else(invalid)
}
