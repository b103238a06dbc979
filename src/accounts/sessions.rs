//! Sessions: a row per signed-in device (id stored hashed) and a short JWT that names it. The
//! row is checked on every request, so signing out takes effect at once.

use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

use super::store::{self, AccountRow, SessionRow};
use super::{Auth, Role, chrono_duration, now};
use crate::auth::token::MAX_TTL_SECS;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};

/// The browser cookie: `__Host-` pins it to this origin, path `/`, Secure.
pub const COOKIE: &str = "__Host-kinlink";

pub struct NewSession {
    pub token: String,
    pub expires_at: NaiveDateTime,
    pub sid_hash: Vec<u8>,
}

pub fn hash_sid(sid: &str) -> Vec<u8> {
    Sha256::digest(sid.as_bytes()).to_vec()
}

fn token_ttl(auth: &Auth, role: Role) -> i64 {
    let idle = if role.is_staff() {
        auth.staff_session_idle
    } else {
        auth.session_idle
    };
    (idle.as_secs() as i64).min(MAX_TTL_SECS)
}

/// Start a session for an account (inside the caller's write transaction).
pub fn create(auth: &Auth, conn: &mut DbConn, account: &AccountRow) -> AppResult<NewSession> {
    let mut raw = [0u8; 32];
    getrandom::fill(&mut raw).map_err(|e| AppError::internal(anyhow::anyhow!("rng: {e}")))?;
    let sid = hex::encode(raw);
    let sid_hash = hash_sid(&sid);
    let at = now();
    store::insert_session(
        conn,
        &SessionRow {
            id_hash: sid_hash.clone(),
            account_id: account.id.clone(),
            created_at: at,
            last_seen_at: at,
            expires_at: at + chrono_duration(auth.session_absolute),
        },
    )?;
    let role = Role::parse(&account.role).unwrap_or(Role::Registrant);
    let (token, expires_at) = issue(auth, &account.id, &sid, role);
    Ok(NewSession {
        token,
        expires_at,
        sid_hash,
    })
}

/// A token for an existing session.
pub fn issue(auth: &Auth, account_id: &str, sid: &str, role: Role) -> (String, NaiveDateTime) {
    let ttl = token_ttl(auth, role);
    let now = chrono::Utc::now();
    let token = auth.tokens.issue(account_id, sid, now.timestamp(), ttl);
    (token, (now + chrono::Duration::seconds(ttl)).naive_utc())
}

/// What a valid token resolves to.
pub struct Resolved {
    pub account: AccountRow,
    pub sid: String,
    pub sid_hash: Vec<u8>,
    /// A fresh token when the presented one is past half its life (sliding renewal).
    pub renewed: Option<(String, NaiveDateTime)>,
}

/// Check a token and its session row: signature, claims, the row exists for that account, not
/// past its idle or absolute limit. Any failure is the same 401.
pub fn resolve(auth: &Auth, conn: &mut DbConn, token: &str) -> AppResult<Resolved> {
    let now_ts = chrono::Utc::now().timestamp();
    let claims = auth
        .tokens
        .verify(token, now_ts)
        .map_err(|_| AppError::Unauthorized)?;
    let sid_hash = hash_sid(&claims.sid);
    let (session, account) = store::find_session(conn, &sid_hash)?.ok_or(AppError::Unauthorized)?;
    if account.id != claims.sub {
        return Err(AppError::Unauthorized);
    }
    let at = now();
    let role = Role::parse(&account.role).unwrap_or(Role::Registrant);
    let idle = if role.is_staff() {
        auth.staff_session_idle
    } else {
        auth.session_idle
    };
    if at >= session.expires_at || at - session.last_seen_at > chrono_duration(idle) {
        store::delete_session(conn, &sid_hash)?;
        return Err(AppError::Unauthorized);
    }
    // Writing on every request would make reads writes; a minute's resolution is enough
    // for idle limits counted in minutes.
    if at - session.last_seen_at > chrono::Duration::seconds(30) {
        store::touch_session(conn, &sid_hash, at)?;
    }
    let ttl = claims.exp - claims.iat;
    let renewed =
        (now_ts - claims.iat > ttl / 2).then(|| issue(auth, &account.id, &claims.sid, role));
    // Never renew past the absolute limit.
    let renewed = renewed.filter(|(_, exp)| *exp <= session.expires_at);
    Ok(Resolved {
        account,
        sid: claims.sid,
        sid_hash,
        renewed,
    })
}

pub fn revoke(conn: &mut DbConn, sid_hash: &[u8]) -> AppResult<()> {
    store::delete_session(conn, sid_hash)?;
    Ok(())
}

pub fn revoke_all(conn: &mut DbConn, account_id: &str) -> AppResult<usize> {
    Ok(store::delete_sessions_of(conn, account_id)?)
}

/// A session for an account that just proved itself another way (it was just created).
pub async fn start_for(
    state: &actix_web::web::Data<crate::startup::AppState>,
    account_id: &str,
) -> AppResult<NewSession> {
    let (st, id) = (state.clone(), account_id.to_string());
    state
        .db
        .write(move |conn| {
            let account = store::find(conn, &id)?.ok_or(AppError::NotFound)?;
            create(&st.auth, conn, &account)
        })
        .await
}
