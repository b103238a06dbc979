//! Sessions: a row per signed-in device (id stored hashed) and a short JWT that names it. The
//! row is checked on every request, so signing out takes effect at once.

use chrono::{NaiveDateTime, Timelike};
use sha2::{Digest, Sha256};

use super::store::{self, AccountRow, SessionRow};
use super::{Accounts, Identity, Role};
use crate::auth::token::MAX_TTL_SECS;
use crate::clock::chrono_duration;
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

/// What a valid token resolves to.
pub struct Resolved {
    pub identity: Identity,
    /// A fresh token when the presented one is past half its life (sliding renewal).
    pub renewed: Option<(String, NaiveDateTime)>,
}

/// A session as its owner sees it: coarse times, and whether it is this one.
#[derive(Debug, Clone)]
pub struct SessionSummary {
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub current: bool,
}

impl Accounts {
    fn token_ttl(&self, role: Role) -> i64 {
        let idle = if role.is_staff() {
            self.rules.staff_session_idle
        } else {
            self.rules.session_idle
        };
        (idle.as_secs() as i64).min(MAX_TTL_SECS)
    }

    /// Start a session for an account (inside the caller's write transaction).
    pub(crate) fn create_session(
        &self,
        conn: &mut DbConn,
        account: &AccountRow,
    ) -> AppResult<NewSession> {
        let mut raw = [0u8; 32];
        getrandom::fill(&mut raw).map_err(|e| AppError::internal(anyhow::anyhow!("rng: {e}")))?;
        let sid = hex::encode(raw);
        let sid_hash = hash_sid(&sid);
        let at = self.now();
        store::insert_session(
            conn,
            &SessionRow {
                id_hash: sid_hash.clone(),
                account_id: account.id.clone(),
                created_at: at,
                last_seen_at: at,
                expires_at: at + chrono_duration(self.rules.session_absolute),
            },
        )?;
        let role = Role::parse(&account.role).unwrap_or(Role::Registrant);
        let (token, expires_at) = self.issue_token(&account.id, &sid, role);
        Ok(NewSession {
            token,
            expires_at,
            sid_hash,
        })
    }

    /// A token for an existing session.
    fn issue_token(&self, account_id: &str, sid: &str, role: Role) -> (String, NaiveDateTime) {
        let ttl = self.token_ttl(role);
        let now = self.clock.now();
        let token = self
            .keys
            .tokens
            .issue(account_id, sid, now.timestamp(), ttl);
        (token, (now + chrono::Duration::seconds(ttl)).naive_utc())
    }

    /// Check a token and its session row: signature, claims, the row exists for that account,
    /// not past its idle or absolute limit. Any failure is the same 401.
    pub async fn resolve_session(&self, token: String, via_cookie: bool) -> AppResult<Resolved> {
        let this = self.clone();
        self.db
            .run(move |conn| this.resolve_in(conn, &token, via_cookie))
            .await
    }

    /// Resolve a session and run `f` as its holder in the same trip to the database: a read's
    /// session check and the read itself then cost one hand-over to the blocking pool, not two
    /// (each wakes a thread and puts one to sleep: about a fifth of a read's server CPU,
    /// bench/RESULTS.md). `f`'s own error comes back beside the session, whose renewal and
    /// role the caller may still need (an internal error is the whole trip's).
    pub async fn resolve_session_and<T, F>(
        &self,
        token: String,
        via_cookie: bool,
        f: F,
    ) -> AppResult<(Resolved, AppResult<T>)>
    where
        F: FnOnce(&mut DbConn, &Identity) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let this = self.clone();
        self.db
            .run(move |conn| {
                let resolved = this.resolve_in(conn, &token, via_cookie)?;
                let out = match f(conn, &resolved.identity) {
                    // Through `run`'s own checks: a broken connection, a full disk.
                    Err(e @ AppError::Internal(_)) => return Err(e),
                    out => out,
                };
                Ok((resolved, out))
            })
            .await
    }

    fn resolve_in(&self, conn: &mut DbConn, token: &str, via_cookie: bool) -> AppResult<Resolved> {
        let now_ts = self.clock.unix();
        let claims = self
            .keys
            .tokens
            .verify(token, now_ts)
            .map_err(|_| AppError::Unauthorized)?;
        let sid_hash = hash_sid(&claims.sid);
        let (session, account) =
            store::find_session(conn, &sid_hash)?.ok_or(AppError::Unauthorized)?;
        if account.id != claims.sub {
            return Err(AppError::Unauthorized);
        }
        // Disabling deletes the sessions too; this holds even for one made in a race with it.
        if account.disabled_at.is_some() || account.removed_at.is_some() {
            store::delete_session(conn, &sid_hash)?;
            return Err(AppError::Unauthorized);
        }
        let at = self.now();
        let role = Role::parse(&account.role)
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("unknown role")))?;
        let idle = if role.is_staff() {
            self.rules.staff_session_idle
        } else {
            self.rules.session_idle
        };
        if at >= session.expires_at || at - session.last_seen_at > chrono_duration(idle) {
            store::delete_session(conn, &sid_hash)?;
            return Err(AppError::Unauthorized);
        }
        // Writing on every request would make reads writes; half a minute's resolution is
        // enough for idle limits counted in minutes.
        if at - session.last_seen_at > chrono::Duration::seconds(30) {
            store::touch_session(conn, &sid_hash, at)?;
        }
        let ttl = claims.exp - claims.iat;
        let renewed = (now_ts - claims.iat > ttl / 2)
            .then(|| self.issue_token(&account.id, &claims.sid, role))
            // Never renew past the absolute limit.
            .filter(|(_, exp)| *exp <= session.expires_at);
        Ok(Resolved {
            identity: Identity {
                account_id: account.id,
                role,
                organization_id: account.organization_id,
                totp_confirmed: account.totp_confirmed,
                sid: claims.sid,
                sid_hash,
                via_cookie,
            },
            renewed,
        })
    }

    /// A session for an account that just proved itself another way (it was just created).
    pub async fn start_session_for(&self, account_id: &str) -> AppResult<NewSession> {
        let (this, id) = (self.clone(), account_id.to_string());
        self.db
            .write(move |conn| {
                let account = store::find(conn, &id)?.ok_or(AppError::NotFound)?;
                this.create_session(conn, &account)
            })
            .await
    }

    pub async fn sign_out(&self, id: &Identity) -> AppResult<()> {
        let sid_hash = id.sid_hash.clone();
        self.db
            .write(move |conn| {
                store::delete_session(conn, &sid_hash)?;
                Ok(())
            })
            .await
    }

    pub async fn sign_out_everywhere(&self, id: &Identity) -> AppResult<()> {
        let account_id = id.account_id.clone();
        self.db
            .write(move |conn| {
                store::delete_sessions_of(conn, &account_id)?;
                Ok(())
            })
            .await
    }

    /// Active sessions, coarse: when created and last seen (to the minute), and which is this one.
    pub async fn sessions(&self, id: &Identity) -> AppResult<Vec<SessionSummary>> {
        let (account_id, current) = (id.account_id.clone(), id.sid_hash.clone());
        let rows = self
            .db
            .run(move |conn| Ok(store::sessions_of(conn, &account_id)?))
            .await?;
        let minute = |t: NaiveDateTime| {
            t.with_nanosecond(0)
                .and_then(|t| t.with_second(0))
                .unwrap_or(t)
        };
        Ok(rows
            .into_iter()
            .map(|r| SessionSummary {
                created_at: minute(r.created_at),
                last_seen_at: minute(r.last_seen_at),
                current: r.id_hash == current,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::testing::{fixture, signed_up};

    #[tokio::test]
    async fn sessions_idle_out_on_the_clock_and_renew_past_half_life() {
        let f = fixture();
        let account_id = signed_up(&f).await;
        let session = f.accounts.start_session_for(&account_id).await.unwrap();
        let resolved = f
            .accounts
            .resolve_session(session.token.clone(), false)
            .await
            .unwrap();
        assert_eq!(resolved.identity.account_id, account_id);
        assert!(resolved.renewed.is_none(), "a fresh token is not renewed");
        // Past half the token's life (15 minutes) it is renewed.
        f.clock.advance(Duration::from_secs(8 * 60));
        let resolved = f
            .accounts
            .resolve_session(session.token.clone(), false)
            .await
            .unwrap();
        let (renewed, _) = resolved.renewed.expect("renewed");
        // Idle for longer than 15 minutes: the session is gone, whatever token is shown.
        f.clock.advance(Duration::from_secs(16 * 60));
        assert!(f.accounts.resolve_session(renewed, false).await.is_err());
        assert!(
            f.accounts
                .resolve_session(session.token, false)
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn signing_out_everywhere_ends_every_session() {
        let f = fixture();
        let account_id = signed_up(&f).await;
        let a = f.accounts.start_session_for(&account_id).await.unwrap();
        let b = f.accounts.start_session_for(&account_id).await.unwrap();
        let id = f
            .accounts
            .resolve_session(a.token.clone(), false)
            .await
            .unwrap()
            .identity;
        assert_eq!(f.accounts.sessions(&id).await.unwrap().len(), 2);
        f.accounts.sign_out_everywhere(&id).await.unwrap();
        assert!(f.accounts.resolve_session(a.token, false).await.is_err());
        assert!(f.accounts.resolve_session(b.token, false).await.is_err());
    }
}
