//! Recovery: with a recovery code, or with a code sent to a verified email. Both set a new
//! passphrase and end every session; neither removes a staff second factor. The answers (and
//! the work done) are the same whether or not the account exists.

use super::signin::actor_of;
use super::signup::checked_passphrase;
use super::{Accounts, store};
use crate::audit::Event;
use crate::auth::normalize_recovery_code;
use crate::crypto::Sensitive;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::mail::Template;

pub const RECOVER: &str = "recover";

pub enum Proof {
    RecoveryCode(String),
    EmailCode(String),
}

fn invalid() -> AppError {
    AppError::invalid("invalid_recovery", "The account name or code is not right.")
}

impl Accounts {
    async fn recovery_allowed(&self, login: &str) -> AppResult<()> {
        let canonical = self.parse_login(login).canonical(login);
        let key = self.limits.key("recover", &canonical);
        self.limits
            .take(key, self.rules.recovery)
            .await?
            .map_err(|wait| AppError::rate_limited(Some(wait)))
    }

    /// Send a recovery code to the account's verified email, if it has one. Answers the same
    /// whatever the account.
    pub async fn request_recovery_code(&self, login: &str) -> AppResult<()> {
        self.recovery_allowed(login).await?;
        let login = self.parse_login(login);
        let this = self.clone();
        self.db
            .write(move |conn| {
                let Some(account) = this.find_login(conn, &login)? else {
                    return Ok(());
                };
                let Some(email_ct) = account.email_ct.as_ref().filter(|_| account.email_verified)
                else {
                    return Ok(());
                };
                let sealer = this.vault.open(conn, store::ACCOUNTS, &account.id)?;
                let email = sealer.open(store::EMAIL, email_ct)?;
                let code = this.issue_email_code(conn, &account.id, RECOVER)?;
                let lang = Lang::parse(&account.locale).unwrap_or(Lang::En);
                this.outbox
                    .enqueue(conn, &email, Template::RecoveryCode, Some(&code), lang)
            })
            .await
    }

    /// Set a new passphrase with a proof; all sessions end.
    pub async fn recover(
        &self,
        login: &str,
        proof: Proof,
        new_passphrase: Sensitive<String>,
    ) -> AppResult<()> {
        checked_passphrase(new_passphrase.expose())?;
        self.recovery_allowed(login).await?;
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
                            this.now(),
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
