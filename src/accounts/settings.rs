//! Account settings: passphrase, email (verified by a code), duress passphrase, language, and
//! deletion (by the person, or after a duress sign-in).

use actix_web::web;

use super::sessions::{self, NewSession};
use super::signin::actor_of;
use super::signup::{checked_email, hash_new_passphrase};
use super::store;
use super::{Identity, cipher, now};
use crate::audit::Event;
use crate::crypto::{Encrypted, Sensitive};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::mail::Template;
use crate::startup::AppState;
use crate::web::i18n::Lang;

pub const VERIFY_EMAIL: &str = "verify_email";

fn audit(
    state: &AppState,
    conn: &mut DbConn,
    account: &store::AccountRow,
    action: &str,
) -> AppResult<()> {
    state
        .audit
        .record(conn, &Event::new(actor_of(account), action, "account"))
        .map(|_| ())
}

async fn account(state: &web::Data<AppState>, id: &Identity) -> AppResult<store::AccountRow> {
    let account_id = id.account_id.clone();
    state
        .db
        .run(move |conn| store::find(conn, &account_id)?.ok_or(AppError::Unauthorized))
        .await
}

/// The current passphrase must be right before anything sensitive changes.
async fn confirm_passphrase(
    state: &web::Data<AppState>,
    account: &store::AccountRow,
    current: &Sensitive<String>,
) -> AppResult<()> {
    let ok = state
        .auth
        .hasher
        .verify(
            Some(account.password_hash.clone()),
            current.expose().clone(),
        )
        .await
        .ok;
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(
            "wrong_passphrase",
            "The current passphrase is not right.",
        ))
    }
}

/// Change the passphrase: every session ends; a new one starts for this device.
pub async fn change_passphrase(
    state: &web::Data<AppState>,
    id: &Identity,
    current: Sensitive<String>,
    new: Sensitive<String>,
) -> AppResult<NewSession> {
    let account = account(state, id).await?;
    confirm_passphrase(state, &account, &current).await?;
    let phc = hash_new_passphrase(state, &new).await?;
    let st = state.clone();
    state
        .db
        .write(move |conn| {
            store::set_password_hash(conn, &account.id, &phc)?;
            sessions::revoke_all(conn, &account.id)?;
            audit(&st, conn, &account, "account.passphrase_change")?;
            sessions::create(&st.auth, conn, &account)
        })
        .await
}

/// Store a new, unverified address and send it a code (inside the caller's transaction). The
/// address only becomes a login and recovery identifier once the code comes back.
pub fn start_email_change(
    state: &AppState,
    conn: &mut DbConn,
    account_id: &str,
    email: &str,
    lang: Lang,
) -> AppResult<()> {
    let cipher = cipher(&state.vault, conn, account_id)?;
    let email_ct = cipher
        .seal_str("email", email)
        .map_err(AppError::internal)?;
    store::set_email(conn, account_id, None, Some(email_ct.as_bytes()), false)?;
    let code = state
        .auth
        .issue_email_code(conn, account_id, VERIFY_EMAIL)?;
    state
        .outbox
        .enqueue(conn, email, Template::VerifyCode, Some(&code), lang)
}

pub async fn set_email(
    state: &web::Data<AppState>,
    id: &Identity,
    email: &str,
    lang: Lang,
) -> AppResult<()> {
    let email = checked_email(email)?;
    let key = state.auth.throttle_key(&format!("email:{}", id.account_id));
    if !state
        .auth
        .throttles
        .email_send()
        .allow(&key, std::time::Instant::now())
    {
        return Err(AppError::RateLimited);
    }
    let account = account(state, id).await?;
    let st = state.clone();
    state
        .db
        .write(move |conn| {
            start_email_change(&st, conn, &account.id, &email, lang)?;
            audit(&st, conn, &account, "account.email_change")
        })
        .await
}

/// Check a code from the verification email. An address already verified by another account
/// is not linked, but the answer is the same, so this cannot probe for registered addresses.
pub async fn verify_email(state: &web::Data<AppState>, id: &Identity, code: &str) -> AppResult<()> {
    let account = account(state, id).await?;
    let (st, code) = (state.clone(), code.to_string());
    state
        .db
        .write(move |conn| {
            if !st
                .auth
                .spend_email_code(conn, &account.id, VERIFY_EMAIL, &code)?
            {
                return Err(AppError::invalid("invalid_code", "The code is not right."));
            }
            let ct = account.email_ct.clone().ok_or(AppError::NotFound)?;
            let cipher = cipher(&st.vault, conn, &account.id)?;
            let email = cipher
                .open_str("email", &Encrypted::from_stored(ct.clone()))
                .map_err(crate::vault::DecryptFailed::of(&cipher))?;
            let bidx = st.auth.email_index(email.expose());
            if !store::email_taken(conn, &bidx)? {
                store::set_email(conn, &account.id, Some(&bidx), Some(&ct), true)?;
            }
            audit(&st, conn, &account, "account.email_verify")
        })
        .await
}

pub async fn remove_email(state: &web::Data<AppState>, id: &Identity) -> AppResult<()> {
    let account = account(state, id).await?;
    let st = state.clone();
    state
        .db
        .write(move |conn| {
            store::set_email(conn, &account.id, None, None, false)?;
            store::delete_email_code(conn, &account.id, VERIFY_EMAIL)?;
            audit(&st, conn, &account, "account.email_remove")
        })
        .await
}

/// Set (or with `None`, remove) the duress passphrase. It must differ from the real one.
pub async fn set_duress(
    state: &web::Data<AppState>,
    id: &Identity,
    current: Sensitive<String>,
    duress: Option<Sensitive<String>>,
) -> AppResult<()> {
    let account = account(state, id).await?;
    if account.decoy_of.is_some() {
        // A decoy behaves like an account whose setting simply took effect.
        return Ok(());
    }
    confirm_passphrase(state, &account, &current).await?;
    let phc = match &duress {
        Some(d) if d.expose() == current.expose() => {
            return Err(AppError::invalid(
                "duress_same_as_passphrase",
                "The duress passphrase must differ from your passphrase.",
            ));
        }
        Some(d) => Some(hash_new_passphrase(state, d).await?),
        None => None,
    };
    let st = state.clone();
    state
        .db
        .write(move |conn| {
            store::set_duress_hash(conn, &account.id, phc.as_deref())?;
            audit(&st, conn, &account, "account.duress_change")
        })
        .await
}

pub async fn set_locale(state: &web::Data<AppState>, id: &Identity, lang: Lang) -> AppResult<()> {
    let account_id = id.account_id.clone();
    state
        .db
        .write(move |conn| Ok(store::set_locale(conn, &account_id, lang.code()).map(|_| ())?))
        .await
}

/// Delete an account and crypto-shred everything it holds: its registration and sought
/// persons, its own record, its decoy.
pub fn delete_account(state: &AppState, conn: &mut DbConn, account_id: &str) -> AppResult<()> {
    crate::registrations::delete_registration_of(state, conn, account_id)?;
    if let Some(decoy) = store::find_decoy(conn, account_id)? {
        crate::registrations::delete_registration_of(state, conn, &decoy.id)?;
        store::delete(conn, &decoy.id)?;
        state.vault.shred(conn, &decoy.id)?;
    }
    store::delete(conn, account_id)?;
    state.vault.shred(conn, account_id)?;
    state.audit.record(
        conn,
        &Event::new(crate::audit::Actor::System, "account.delete", "account"),
    )?;
    Ok(())
}

/// Delete accounts whose scheduled deletion (after a duress sign-in) has come. Runs every few
/// seconds, so the common case (nothing due) only reads.
pub async fn delete_due_accounts(state: &web::Data<AppState>) -> AppResult<usize> {
    let due = state
        .db
        .run(|conn| Ok(store::accounts_due_for_deletion(conn, now())?))
        .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let st = state.clone();
    state
        .db
        .write(move |conn| {
            // Checked again inside the transaction: a real sign-in may have cancelled one.
            let still_due = store::accounts_due_for_deletion(conn, now())?;
            for id in due.iter().filter(|id| still_due.contains(id)) {
                delete_account(&st, conn, id)?;
            }
            Ok(still_due.iter().filter(|id| due.contains(id)).count())
        })
        .await
}
