//! The life of an account as a whole, above the account and registration services (which know
//! nothing of each other): claiming an assisted registration, exporting everything, deleting
//! everything (by the person, or after a duress sign-in).

use chrono::NaiveDateTime;

use crate::accounts::settings::AccountSummary;
use crate::accounts::{Accounts, Identity, NewAccount, Role};
use crate::audit::{Actor, Audit, Event};
use crate::clock::Clock;
use crate::crypto::Sensitive;
use crate::db::{Db, DbConn};
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::registrations::{RegistrationData, Registrations};

/// Everything an account holds, opened: the registrant's copy of their data.
#[derive(Debug, Clone)]
pub struct Export {
    pub account: AccountSummary,
    pub data: RegistrationData,
    pub exported_at: NaiveDateTime,
}

#[derive(Clone)]
pub struct Lifecycle {
    db: Db,
    audit: Audit,
    clock: Clock,
    accounts: Accounts,
    registrations: Registrations,
}

impl Lifecycle {
    pub fn new(
        db: Db,
        audit: Audit,
        clock: Clock,
        accounts: Accounts,
        registrations: Registrations,
    ) -> Self {
        Lifecycle {
            db,
            audit,
            clock,
            accounts,
            registrations,
        }
    }

    /// Delete an account and crypto-shred everything it holds: its registration and sought
    /// persons, its own record, its decoy (inside the caller's transaction).
    fn delete_account_in(&self, conn: &mut DbConn, account_id: &str) -> AppResult<()> {
        self.registrations
            .delete_registration_of(conn, account_id)?;
        if let Some(decoy) = self.accounts.decoy_of(conn, account_id)? {
            self.registrations.delete_registration_of(conn, &decoy)?;
            self.accounts.delete_account_rows(conn, &decoy)?;
        }
        self.accounts.delete_account_rows(conn, account_id)?;
        self.audit.record(
            conn,
            &Event::new(Actor::System, "account.delete", "account"),
        )?;
        Ok(())
    }

    /// "Delete everything": keys shredded, signed out everywhere; only audit entries remain.
    pub async fn delete_everything(&self, id: &Identity) -> AppResult<()> {
        let (this, account_id) = (self.clone(), id.account_id.clone());
        self.db
            .write(move |conn| this.delete_account_in(conn, &account_id))
            .await
    }

    /// Delete accounts whose scheduled deletion (after a duress sign-in) has come. The common
    /// case (nothing due) only reads.
    pub async fn delete_due_accounts(&self) -> AppResult<usize> {
        let this = self.clone();
        let due = self
            .db
            .run(move |conn| this.accounts.due_for_deletion(conn))
            .await?;
        if due.is_empty() {
            return Ok(0);
        }
        let this = self.clone();
        self.db
            .write(move |conn| {
                // Checked again inside the transaction: a real sign-in may have cancelled one.
                let still_due = this.accounts.due_for_deletion(conn)?;
                let mut deleted = 0;
                for id in due.iter().filter(|id| still_due.contains(id)) {
                    this.delete_account_in(conn, id)?;
                    deleted += 1;
                }
                Ok(deleted)
            })
            .await
    }

    /// Claim an assisted registration: a new account (like sign-up) that becomes its owner.
    /// A wrong or used code is 404.
    pub async fn claim(
        &self,
        code: &str,
        passphrase: Sensitive<String>,
        lang: Lang,
    ) -> AppResult<NewAccount> {
        let credentials = self.accounts.new_credentials(&passphrase).await?;
        let codes = credentials.codes.clone();
        let (this, code) = (self.clone(), code.to_string());
        let (account_id, handle) = self
            .db
            .write(move |conn| {
                let (id, handle) = this.accounts.insert_account(
                    conn,
                    Role::Registrant,
                    None,
                    &credentials,
                    lang,
                )?;
                this.registrations.claim_in(conn, &code, &id)?;
                this.audit.record(
                    conn,
                    &Event::new(
                        Actor::Registrant { account_id: &id },
                        "registration.claim",
                        "registration",
                    ),
                )?;
                Ok((id, handle))
            })
            .await?;
        Ok(NewAccount {
            handle,
            recovery_codes: codes,
            account_id,
        })
    }

    pub async fn export(&self, id: &Identity) -> AppResult<Export> {
        Ok(Export {
            account: self.accounts.summary(id).await?,
            data: self.registrations.data_of(id).await?,
            exported_at: self.clock.now_naive(),
        })
    }
}
