//! Account settings: passphrase, email (verified by a code), duress passphrase, language; what
//! an account holds about itself; and the removal of an account's own rows (the lifecycle
//! service deletes its registration first).

use super::sessions::NewSession;
use super::signin::actor_of;
use super::signup::checked_email;
use super::{Accounts, Identity, store};
use crate::audit::Event;
use crate::crypto::Sensitive;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::mail::Template;

pub const VERIFY_EMAIL: &str = "verify_email";

/// What an account holds about itself (`GET /api/v1/me`, the account page, the export).
#[derive(Debug, Clone)]
pub struct AccountSummary {
    pub handle: String,
    pub role: super::Role,
    pub locale: String,
    pub email: Option<EmailSummary>,
    pub second_factor: bool,
    pub organization_id: Option<String>,
    pub duress_passphrase_set: bool,
    pub recovery_codes_left: i64,
}

#[derive(Debug, Clone)]
pub struct EmailSummary {
    pub address: String,
    pub verified: bool,
}

impl Accounts {
    fn audit_account(
        &self,
        conn: &mut DbConn,
        account: &store::AccountRow,
        action: &str,
    ) -> AppResult<()> {
        self.audit
            .record(conn, &Event::new(actor_of(account), action, "account"))
            .map(|_| ())
    }

    /// The current passphrase must be right before anything sensitive changes.
    async fn confirm_passphrase(
        &self,
        account: &store::AccountRow,
        current: &Sensitive<String>,
    ) -> AppResult<()> {
        let ok = self
            .keys
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

    pub async fn summary(&self, id: &Identity) -> AppResult<AccountSummary> {
        let (this, account_id, role) = (self.clone(), id.account_id.clone(), id.role);
        self.db
            .run(move |conn| {
                let a = store::find(conn, &account_id)?.ok_or(AppError::Unauthorized)?;
                let sealer = this.vault.open(conn, store::ACCOUNTS, &a.id)?;
                let handle = sealer.open(store::HANDLE, &a.handle_ct)?;
                let email = sealer
                    .open_opt(store::EMAIL, a.email_ct.as_deref())?
                    .map(|address| EmailSummary {
                        address,
                        verified: a.email_verified,
                    });
                let links = this.links_of(conn, &a)?;
                Ok(AccountSummary {
                    handle,
                    role,
                    locale: a.locale.clone(),
                    email,
                    second_factor: a.totp_confirmed,
                    organization_id: a.organization_id.clone(),
                    duress_passphrase_set: links.duress_set,
                    recovery_codes_left: store::unused_recovery_codes(conn, &a.id)?,
                })
            })
            .await
    }

    /// The language the account chose (for emails and pages).
    pub async fn locale_of(&self, id: &Identity) -> AppResult<Lang> {
        let account_id = id.account_id.clone();
        self.db
            .run(move |conn| {
                Ok(store::find(conn, &account_id)?
                    .and_then(|a| Lang::parse(&a.locale))
                    .unwrap_or(Lang::En))
            })
            .await
    }

    /// Change the passphrase: every session ends; a new one starts for this device. In a decoy
    /// (its passphrase is the real account's duress passphrase) the change takes effect the same
    /// way: the new passphrase opens the decoy from then on.
    pub async fn change_passphrase(
        &self,
        id: &Identity,
        current: Sensitive<String>,
        new: Sensitive<String>,
    ) -> AppResult<NewSession> {
        let account = self.account_of(id).await?;
        self.confirm_passphrase(&account, &current).await?;
        let phc = self.hash_new_passphrase(&new).await?;
        let this = self.clone();
        self.db
            .write(move |conn| {
                if let Some(real) = this.links_of(conn, &account)?.decoy_of {
                    store::set_duress_hash(conn, &real, &phc)?;
                }
                store::set_password_hash(conn, &account.id, &phc)?;
                store::delete_sessions_of(conn, &account.id)?;
                this.audit_account(conn, &account, "account.passphrase_change")?;
                this.create_session(conn, &account)
            })
            .await
    }

    /// Store a new, unverified address and send it a code (inside the caller's transaction).
    /// The address only becomes a login and recovery identifier once the code comes back.
    pub(crate) fn start_email_change(
        &self,
        conn: &mut DbConn,
        account_id: &str,
        email: &str,
        lang: Lang,
    ) -> AppResult<()> {
        let sealer = self.vault.open(conn, store::ACCOUNTS, account_id)?;
        let email_ct = sealer.seal(store::EMAIL, &email.to_string())?;
        store::set_email(conn, account_id, None, Some(&email_ct), false)?;
        let code = self.issue_email_code(conn, account_id, VERIFY_EMAIL)?;
        self.outbox
            .enqueue(conn, email, Template::VerifyCode, Some(&code), lang)
    }

    pub async fn set_email(&self, id: &Identity, email: &str, lang: Lang) -> AppResult<()> {
        if !self.outbox.enabled() {
            return Err(AppError::invalid(
                "email_unavailable",
                "This service sends no email, so an address cannot be confirmed.",
            ));
        }
        let email = checked_email(email)?;
        let key = self.limits.key("email-send", &id.account_id);
        if let Err(wait) = self.limits.take(key, self.rules.email_send).await? {
            return Err(AppError::rate_limited(Some(wait)));
        }
        let account = self.account_of(id).await?;
        let this = self.clone();
        self.db
            .write(move |conn| {
                this.start_email_change(conn, &account.id, &email, lang)?;
                this.audit_account(conn, &account, "account.email_change")
            })
            .await
    }

    /// Check a code from the verification email. An address already verified by another
    /// account is not linked, but the answer is the same, so this cannot probe for registered
    /// addresses.
    pub async fn verify_email(&self, id: &Identity, code: &str) -> AppResult<()> {
        let account = self.account_of(id).await?;
        let (this, code) = (self.clone(), code.to_string());
        self.db
            .write(move |conn| {
                if !this.spend_email_code(conn, &account.id, VERIFY_EMAIL, &code)? {
                    return Err(AppError::invalid("invalid_code", "The code is not right."));
                }
                let ct = account.email_ct.clone().ok_or(AppError::NotFound)?;
                let sealer = this.vault.open(conn, store::ACCOUNTS, &account.id)?;
                let email = sealer.open(store::EMAIL, &ct)?;
                let bidx = this.keys.email_index(&email);
                if !store::email_taken(conn, &bidx)? {
                    store::set_email(conn, &account.id, Some(&bidx), Some(&ct), true)?;
                }
                this.audit_account(conn, &account, "account.email_verify")
            })
            .await
    }

    pub async fn remove_email(&self, id: &Identity) -> AppResult<()> {
        let account = self.account_of(id).await?;
        let this = self.clone();
        self.db
            .write(move |conn| {
                store::set_email(conn, &account.id, None, None, false)?;
                store::delete_email_code(conn, &account.id, VERIFY_EMAIL)?;
                this.audit_account(conn, &account, "account.email_remove")
            })
            .await
    }

    /// Set (or with `None`, remove) the duress passphrase. It must differ from the real one.
    /// Removing it fills the slot with a hash nothing matches. A decoy answers exactly alike
    /// and shows the setting as made; a duress passphrase set inside a decoy opens nothing
    /// (SECURITY.md).
    pub async fn set_duress(
        &self,
        id: &Identity,
        current: Sensitive<String>,
        duress: Option<Sensitive<String>>,
    ) -> AppResult<()> {
        let account = self.account_of(id).await?;
        self.confirm_passphrase(&account, &current).await?;
        let phc = match &duress {
            Some(d) if d.expose() == current.expose() => {
                return Err(AppError::invalid(
                    "duress_same_as_passphrase",
                    "The duress passphrase must differ from your passphrase.",
                ));
            }
            Some(d) => Some(self.hash_new_passphrase(d).await?),
            None => None,
        };
        let this = self.clone();
        self.db
            .write(move |conn| {
                let set = phc.is_some();
                let slot = phc.unwrap_or_else(|| this.keys.hasher.unmatchable_phc());
                store::set_duress_hash(conn, &account.id, &slot)?;
                let mut links = this.links_of(conn, &account)?;
                links.duress_set = set;
                this.save_links(conn, &account.id, links)?;
                this.audit_account(conn, &account, "account.duress_change")
            })
            .await
    }

    pub async fn set_locale(&self, id: &Identity, lang: Lang) -> AppResult<()> {
        let account_id = id.account_id.clone();
        self.db
            .write(move |conn| {
                store::set_locale(conn, &account_id, lang.code())?;
                Ok(())
            })
            .await
    }

    /// The decoy opened by a duress sign-in of this account, if one was made.
    pub(crate) fn decoy_of(
        &self,
        conn: &mut DbConn,
        account_id: &str,
    ) -> AppResult<Option<String>> {
        match store::find(conn, account_id)? {
            Some(row) => Ok(self.links_of(conn, &row)?.decoy),
            None => Ok(None),
        }
    }

    /// Purge expired sessions, codes, invitations and approval codes (the purge job). Idle sessions go too:
    /// a session unseen for longer than the longest idle limit cannot be used again.
    pub(crate) fn purge_expired(&self, conn: &mut DbConn) -> AppResult<usize> {
        let now = self.now();
        let idle = self.rules.session_idle.max(self.rules.staff_session_idle);
        let idle_before = now - crate::clock::chrono_duration(idle);
        Ok(store::purge_expired(conn, now)?
            + store::purge_idle_sessions(conn, idle_before)?
            + self.purge_approvals(conn)?)
    }

    /// Delete an account's own rows and shred its key (inside the caller's transaction; its
    /// registration is the lifecycle service's to delete first).
    pub(crate) fn delete_account_rows(&self, conn: &mut DbConn, account_id: &str) -> AppResult<()> {
        store::delete(conn, account_id)?;
        self.vault.shred(conn, account_id)?;
        Ok(())
    }

    /// Accounts whose deletion (scheduled by a duress sign-in) is due. The schedule is sealed
    /// in each account's links, so this opens them all, a page at a time.
    pub(crate) fn due_for_deletion(&self, conn: &mut DbConn) -> AppResult<Vec<String>> {
        let now = self.clock.now().timestamp();
        let mut due = Vec::new();
        let mut after = String::new();
        loop {
            let page = store::links_page(conn, &after, 1000)?;
            let Some((last, _)) = page.last() else {
                break;
            };
            after = last.clone();
            for (id, ct) in page {
                let Some(ct) = ct else { continue };
                let links = self
                    .vault
                    .open(conn, store::ACCOUNTS, &id)?
                    .open(store::LINKS, &ct)?;
                if links.deletion_due.is_some_and(|t| t <= now) {
                    due.push(id);
                }
            }
        }
        Ok(due)
    }
}
