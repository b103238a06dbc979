//! Sign-in with handle or email plus passphrase (and a TOTP code for staff).
//!
//! Unknown identifier, wrong passphrase and throttled all give the same status, body and
//! headers, and cost the same two Argon2 verifications (the passphrase and the duress
//! passphrase, or dummies), so neither answers nor timing say whether an account exists.

use std::time::Instant;

use actix_web::web;

use super::sessions::{self, NewSession};
use super::store::{self, AccountRow};
use super::{Role, TABLE, chrono_duration, now, open_handle};
use crate::audit::{Actor, Event};
use crate::auth::{looks_like_email, normalize_handle, totp};
use crate::crypto::{Encrypted, Sensitive};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::startup::AppState;

/// The blind index a login string refers to, if it has the shape of a handle or an email.
fn login_index(state: &AppState, login: &str) -> Option<(bool, Vec<u8>)> {
    let login = login.trim();
    if looks_like_email(login) {
        Some((true, state.auth.email_index(login)))
    } else {
        normalize_handle(login).map(|h| (false, state.auth.handle_index(&h)))
    }
}

pub async fn sign_in(
    state: &web::Data<AppState>,
    login: &str,
    passphrase: Sensitive<String>,
    totp_code: Option<String>,
) -> AppResult<NewSession> {
    let index = login_index(state, login);
    let throttle_key = state.auth.throttle_key(&match &index {
        Some((_, bidx)) => hex::encode(bidx),
        None => login.trim().to_lowercase(),
    });
    let throttled = state
        .auth
        .throttles
        .login()
        .check(&throttle_key, Instant::now())
        .is_err();

    let account = match (&index, throttled) {
        (Some((is_email, bidx)), false) => {
            let (is_email, bidx) = (*is_email, bidx.clone());
            state
                .db
                .run(move |conn| {
                    Ok(if is_email {
                        store::find_by_verified_email(conn, &bidx)?
                    } else {
                        store::find_by_handle(conn, &bidx)?
                    })
                })
                .await?
        }
        _ => None,
    };
    // Always two verifications: a missing hash is checked against the dummy.
    let hasher = &state.auth.hasher;
    let main = hasher
        .verify(
            account.as_ref().map(|a| a.password_hash.clone()),
            passphrase.expose().clone(),
        )
        .await;
    let duress = hasher
        .verify(
            account.as_ref().and_then(|a| a.duress_hash.clone()),
            passphrase.expose().clone(),
        )
        .await;

    let Some(account) = account.filter(|_| main.ok || duress.ok) else {
        if !throttled {
            state
                .auth
                .throttles
                .login()
                .record_failure(&throttle_key, Instant::now());
        }
        return Err(AppError::InvalidCredentials);
    };
    state.auth.throttles.login().record_success(&throttle_key);
    let role = Role::parse(&account.role).unwrap_or(Role::Registrant);

    if main.ok && role.is_staff() && account.totp_confirmed {
        check_totp(state, &account, totp_code.as_deref()).await?;
    }
    // Stronger parameters in the settings: store a new hash with the session below.
    let rehashed = if main.ok && main.needs_rehash {
        Some(
            hasher
                .hash(passphrase.expose().clone())
                .await
                .map_err(AppError::internal)?,
        )
    } else {
        None
    };

    let st = state.clone();
    let is_duress = !main.ok && duress.ok;
    state
        .db
        .write(move |conn| {
            let target = if is_duress {
                duress_target(&st, conn, &account)?
            } else {
                if account.deletion_due_at.is_some() {
                    // The real passphrase cancels a deletion scheduled by a duress sign-in.
                    store::set_deletion_due(conn, &account.id, None)?;
                }
                if let Some(phc) = &rehashed {
                    store::set_password_hash(conn, &account.id, phc)?;
                }
                account
            };
            store::set_signed_in(conn, &target.id, now())?;
            let session = sessions::create(&st.auth, conn, &target)?;
            st.audit.record(
                conn,
                &Event::new(actor_of(&target), "session.create", "session"),
            )?;
            Ok(session)
        })
        .await
}

/// Registrants appear in the audit log by pseudonym; staff by id.
pub fn actor_of(account: &AccountRow) -> Actor<'_> {
    match Role::parse(&account.role) {
        Some(role) if role.is_staff() => Actor::Staff {
            id: &account.id,
            role: role.as_str(),
        },
        _ => Actor::Registrant {
            account_id: &account.id,
        },
    }
}

/// A duress sign-in: open the plausible empty decoy (made on first use) and schedule the real
/// account's deletion, unless one is already scheduled.
fn duress_target(state: &AppState, conn: &mut DbConn, real: &AccountRow) -> AppResult<AccountRow> {
    if real.deletion_due_at.is_none() {
        store::set_deletion_due(
            conn,
            &real.id,
            Some(now() + chrono_duration(state.auth.duress_delay)),
        )?;
    }
    if let Some(decoy) = store::find_decoy(conn, &real.id)? {
        return Ok(decoy);
    }
    let handle = open_handle(&state.vault, conn, real)?;
    let id = uuid::Uuid::new_v4().to_string();
    let cipher = state.vault.create(conn, TABLE, &id)?;
    let handle_ct: Encrypted<String> = cipher
        .seal_str("handle", &handle)
        .map_err(AppError::internal)?;
    let decoy = AccountRow {
        id,
        role: Role::Registrant.as_str().to_string(),
        organization_id: None,
        // Not reachable by sign-in: only the duress passphrase of the real account opens it.
        handle_bidx: None,
        handle_ct: handle_ct.into_bytes(),
        email_bidx: None,
        email_ct: None,
        email_verified: false,
        password_hash: "!".to_string(),
        duress_hash: None,
        decoy_of: Some(real.id.clone()),
        deletion_due_at: None,
        totp_secret_ct: None,
        totp_confirmed: false,
        totp_last_step: None,
        locale: real.locale.clone(),
        created_at: real.created_at,
        last_sign_in_at: None,
    };
    store::insert(conn, &decoy)?;
    Ok(decoy)
}

/// A staff TOTP code: valid for now ±1 step, and each step accepted once.
pub async fn check_totp(
    state: &web::Data<AppState>,
    account: &AccountRow,
    code: Option<&str>,
) -> AppResult<()> {
    let code = code
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| AppError::Invalid {
            code: "totp_required",
            message: "Enter the code from your authenticator app.".into(),
        })?;
    let key = state.auth.throttle_key(&format!("totp:{}", account.id));
    if !state.auth.throttles.totp().allow(&key, Instant::now()) {
        return Err(AppError::RateLimited);
    }
    let st = state.clone();
    let (id, ct, last, code) = (
        account.id.clone(),
        account.totp_secret_ct.clone(),
        account.totp_last_step,
        code.to_string(),
    );
    state
        .db
        .write(move |conn| {
            let ct = ct.ok_or(AppError::InvalidCredentials)?;
            let cipher = super::cipher(&st.vault, conn, &id)?;
            let secret: Vec<u8> = cipher
                .open_value("totp_secret", &Encrypted::from_stored(ct))
                .map_err(crate::vault::DecryptFailed::of(&cipher))?;
            let step = totp::check(
                &secret,
                &code,
                chrono::Utc::now().timestamp() as u64,
                last.map(|s| s as u64),
            )
            .map_err(|_| AppError::InvalidCredentials)?;
            // Single use even against a concurrent request with the same code.
            if !store::advance_totp_step(conn, &id, step as i64)? {
                return Err(AppError::InvalidCredentials);
            }
            Ok(())
        })
        .await
}
