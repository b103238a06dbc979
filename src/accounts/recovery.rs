//! Recovery: with a recovery code, or with a code sent to a verified email. Both set a new
//! passphrase and end every session; neither removes a staff second factor. The answers (and
//! the work done) are the same whether or not the account exists.

use diesel::prelude::*;

use super::signin::actor_of;
use super::signup::checked_passphrase;
use super::{Accounts, store};
use crate::audit::Event;
use crate::auth::normalize_recovery_code;
use crate::crypto::Sensitive;
use crate::db::DbConn;
use crate::db::schema::recovery_requests;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::limits::Source;
use crate::mail::Template;
use crate::vault::{Column, Table};

pub const RECOVER: &str = "recover";

/// Requests for a recovery code, waiting (seconds) for the recovery job.
pub const RECOVERY_REQUESTS: Table = Table::new("recovery_requests");
pub const REQUEST_LOGIN: Column<String> = RECOVERY_REQUESTS.column("login");

pub enum Proof {
    RecoveryCode(String),
    EmailCode(String),
}

fn invalid() -> AppError {
    AppError::invalid("invalid_recovery", "The account name or code is not right.")
}

impl Accounts {
    /// One unit of the login's recovery budget (keyed on its canonical form, so respellings
    /// share it) and of the source's.
    fn recovery_allowed(
        &self,
        conn: &mut DbConn,
        canonical: &str,
        source: &Source,
    ) -> AppResult<()> {
        let mut budgets = vec![(self.limits.key("recover", canonical), self.rules.recovery)];
        if let Some(k) = self.limits.source_key("recover", source) {
            budgets.push((k, self.rules.recovery_per_source));
        }
        self.limits
            .take_all_in(conn, &budgets)?
            .map_err(|wait| AppError::rate_limited(Some(wait)))
    }

    /// Ask for a recovery code by email. The answer is the same, and the same work is done,
    /// whatever the login: the request is queued (sealed) and handled after the answer has gone
    /// out, by [`Accounts::process_recovery_requests`].
    pub async fn request_recovery_code(&self, login: &str, source: &Source) -> AppResult<()> {
        let canonical = self.canonical_login(login);
        let (this, login) = (self.clone(), login.trim().to_string());
        let source = source.clone();
        self.db
            .write(move |conn| {
                this.recovery_allowed(conn, &canonical, &source)?;
                let id = uuid::Uuid::new_v4().to_string();
                let sealer = this.vault.create(conn, RECOVERY_REQUESTS, &id)?;
                diesel::insert_into(recovery_requests::table)
                    .values((
                        recovery_requests::id.eq(&id),
                        recovery_requests::login_ct.eq(sealer.seal(REQUEST_LOGIN, &login)?),
                        recovery_requests::created_at.eq(this.now()),
                    ))
                    .execute(conn)?;
                Ok(())
            })
            .await
    }

    /// The recovery job: for each queued request whose login has a verified email and no code
    /// pending, issue one code and queue the mail. A code already pending is not replaced (nor
    /// mailed again) within its lifetime, so repeated requests cannot flood a mailbox or reset
    /// a code's attempts. Requests are deleted (and their keys shredded) as they are handled.
    pub async fn process_recovery_requests(&self) -> AppResult<usize> {
        let this = self.clone();
        self.db
            .write(move |conn| {
                macro_rules! queued {
                    () => {
                        recovery_requests::table
                            .order(recovery_requests::created_at)
                            .limit(50)
                            .select((recovery_requests::id, recovery_requests::login_ct))
                    };
                }
                let rows: Vec<(String, Vec<u8>)> = match conn {
                    DbConn::Postgres(c) => queued!().for_update().skip_locked().load(c)?,
                    DbConn::Sqlite(c) => queued!().load(c)?,
                };
                for (id, login_ct) in &rows {
                    let login = this
                        .vault
                        .open(conn, RECOVERY_REQUESTS, id)?
                        .open(REQUEST_LOGIN, login_ct);
                    diesel::delete(recovery_requests::table.find(id)).execute(conn)?;
                    this.vault.shred(conn, id)?;
                    if let Ok(login) = login {
                        this.send_recovery_code(conn, &login)?;
                    }
                }
                Ok(rows.len())
            })
            .await
    }

    fn send_recovery_code(&self, conn: &mut DbConn, login: &str) -> AppResult<()> {
        let parsed = self.parse_login(login);
        let Some(account) = self.find_login(conn, &parsed)? else {
            return Ok(());
        };
        let Some(email_ct) = account.email_ct.as_ref().filter(|_| account.email_verified) else {
            return Ok(());
        };
        let Some(code) = self.issue_email_code_once(conn, &account.id, RECOVER)? else {
            return Ok(());
        };
        let email = self
            .vault
            .open(conn, store::ACCOUNTS, &account.id)?
            .open(store::EMAIL, email_ct)?;
        let lang = Lang::parse(&account.locale).unwrap_or(Lang::En);
        self.outbox
            .enqueue(conn, &email, Template::RecoveryCode, Some(&code), lang)
    }

    /// Set a new passphrase with a proof; all sessions end.
    pub async fn recover(
        &self,
        login: &str,
        proof: Proof,
        new_passphrase: Sensitive<String>,
        source: &Source,
    ) -> AppResult<()> {
        checked_passphrase(new_passphrase.expose())?;
        let canonical = self.canonical_login(login);
        let (this, src) = (self.clone(), source.clone());
        self.db
            .write(move |conn| this.recovery_allowed(conn, &canonical, &src))
            .await?;
        let parsed = self.parse_login(login);
        // Hash whether or not the account exists, so timing does not tell.
        let phc = self
            .keys
            .hasher
            .hash(new_passphrase.expose().clone())
            .await
            .map_err(AppError::internal)?;
        let this = self.clone();
        self.db
            .write(move |conn| {
                let Some(account) = this.find_login(conn, &parsed)? else {
                    return Ok(false);
                };
                let ok = match &proof {
                    Proof::RecoveryCode(code) => match normalize_recovery_code(code) {
                        Some(c) => store::use_recovery_code(
                            conn,
                            &account.id,
                            &this.keys.recovery_digest(&c),
                            crate::db::coarse_date(this.now()),
                        )?,
                        None => false,
                    },
                    Proof::EmailCode(code) => {
                        this.spend_email_code(conn, &account.id, RECOVER, code)?
                    }
                };
                if !ok {
                    return Ok(false);
                }
                store::set_password_hash(conn, &account.id, &phc)?;
                store::delete_sessions_of(conn, &account.id)?;
                this.audit.record(
                    conn,
                    &Event::new(actor_of(&account), "account.recover", "account"),
                )?;
                Ok(true)
            })
            .await?
            .then_some(())
            .ok_or_else(invalid)
    }
}
