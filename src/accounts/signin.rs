//! Sign-in with handle or email plus passphrase (and a TOTP code for staff).
//!
//! Unknown identifier, wrong passphrase and throttled all give the same status, body and
//! headers, and cost the same two Argon2 verifications (the passphrase and the duress
//! passphrase, or dummies), so neither answers nor timing say whether an account exists.

use super::sessions::NewSession;
use super::store::{self, AccountRow};
use super::{Accounts, Role};
use crate::audit::{Actor, Event};
use crate::auth::{looks_like_email, normalize_handle, totp};
use crate::clock::chrono_duration;
use crate::crypto::Sensitive;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};

/// A login string as sign-in understands it: a verified email or a handle, in canonical form.
pub(crate) enum Login {
    Email(Vec<u8>),
    Handle(Vec<u8>),
    /// Neither shape: no account can have it.
    Nothing,
}

impl Login {
    /// The canonical spelling every limit is keyed on, so respelling a login (case, dashes,
    /// spaces) counts against the same limit.
    pub(crate) fn canonical(&self, raw: &str) -> String {
        match self {
            Login::Email(bidx) | Login::Handle(bidx) => hex::encode(bidx),
            Login::Nothing => raw.trim().to_lowercase(),
        }
    }
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

impl Accounts {
    pub(crate) fn parse_login(&self, login: &str) -> Login {
        let login = login.trim();
        if looks_like_email(login) {
            Login::Email(self.keys.email_index(login))
        } else {
            match normalize_handle(login) {
                Some(h) => Login::Handle(self.keys.handle_index(&h)),
                None => Login::Nothing,
            }
        }
    }

    /// The canonical form of a login that its limits are keyed on.
    pub fn canonical_login(&self, login: &str) -> String {
        self.parse_login(login).canonical(login)
    }

    pub(crate) fn find_login(
        &self,
        conn: &mut DbConn,
        login: &Login,
    ) -> AppResult<Option<AccountRow>> {
        Ok(match login {
            Login::Email(bidx) => store::find_by_verified_email(conn, bidx)?,
            Login::Handle(bidx) => store::find_by_handle(conn, bidx)?,
            Login::Nothing => None,
        })
    }

    pub async fn sign_in(
        &self,
        login: &str,
        passphrase: Sensitive<String>,
        totp_code: Option<String>,
    ) -> AppResult<NewSession> {
        let parsed = self.parse_login(login);
        let throttle = self.limits.key("login", &parsed.canonical(login));
        let ceiling = self.limits.key("login-ceiling", "");
        let (this, key, rules) = (self.clone(), throttle.clone(), self.rules.clone());
        // One read and, when the login may be tried, one unit of the service-wide budget.
        let (throttled, account) = self
            .db
            .write(move |conn| {
                let throttled = this
                    .limits
                    .backoff_check_in(conn, &key, &rules.login_backoff)?
                    .is_err()
                    || this
                        .limits
                        .take_in(conn, &ceiling, rules.login_ceiling)?
                        .is_err();
                let account = if throttled {
                    None
                } else {
                    this.find_login(conn, &parsed)?
                };
                Ok((throttled, account))
            })
            .await?;
        // Always two verifications: a missing hash is checked against the dummy.
        let hasher = &self.keys.hasher;
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
                self.limits
                    .backoff_fail(throttle, self.rules.login_backoff)
                    .await?;
            }
            return Err(AppError::InvalidCredentials);
        };
        let role = Role::parse(&account.role).unwrap_or(Role::Registrant);
        if main.ok && role.is_staff() && account.totp_confirmed {
            self.check_totp(&account, totp_code.as_deref()).await?;
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

        let this = self.clone();
        let is_duress = !main.ok && duress.ok;
        self.db
            .write(move |conn| {
                this.limits.reset_in(conn, &throttle)?;
                let target = if is_duress {
                    this.duress_target(conn, &account)?
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
                store::set_signed_in(conn, &target.id, this.now())?;
                let session = this.create_session(conn, &target)?;
                this.audit.record(
                    conn,
                    &Event::new(actor_of(&target), "session.create", "session"),
                )?;
                Ok(session)
            })
            .await
    }

    /// A duress sign-in: open the plausible empty decoy (made on first use) and schedule the
    /// real account's deletion, unless one is already scheduled.
    fn duress_target(&self, conn: &mut DbConn, real: &AccountRow) -> AppResult<AccountRow> {
        if real.deletion_due_at.is_none() {
            store::set_deletion_due(
                conn,
                &real.id,
                Some(self.now() + chrono_duration(self.rules.duress_delay)),
            )?;
        }
        if let Some(decoy) = store::find_decoy(conn, &real.id)? {
            return Ok(decoy);
        }
        let handle = self.open_handle(conn, real)?;
        let id = uuid::Uuid::new_v4().to_string();
        let sealer = self.vault.create(conn, store::ACCOUNTS, &id)?;
        let decoy = AccountRow {
            handle_ct: sealer.seal(store::HANDLE, &handle)?,
            id,
            role: Role::Registrant.as_str().to_string(),
            organization_id: None,
            // Not reachable by sign-in: only the duress passphrase of the real account opens it.
            handle_bidx: None,
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
    async fn check_totp(&self, account: &AccountRow, code: Option<&str>) -> AppResult<()> {
        let code = code
            .filter(|c| !c.trim().is_empty())
            .ok_or_else(|| AppError::Invalid {
                code: "totp_required",
                message: "Enter the code from your authenticator app.".into(),
            })?;
        let key = self.limits.key("totp", &account.id);
        if let Err(wait) = self.limits.take(key, self.rules.totp).await? {
            return Err(AppError::rate_limited(Some(wait)));
        }
        let this = self.clone();
        let (id, ct, last, code) = (
            account.id.clone(),
            account.totp_secret_ct.clone(),
            account.totp_last_step,
            code.to_string(),
        );
        self.db
            .write(move |conn| {
                let ct = ct.ok_or(AppError::InvalidCredentials)?;
                let sealer = this.vault.open(conn, store::ACCOUNTS, &id)?;
                let secret = sealer.open(store::TOTP_SECRET, &ct)?;
                let step = totp::check(
                    &secret,
                    &code,
                    this.clock.unix() as u64,
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
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::crypto::Sensitive;
    use crate::error::AppError;
    use crate::i18n::Lang;
    use crate::testing::fixture;

    fn pass(s: &str) -> Sensitive<String> {
        Sensitive::new(s.to_string())
    }

    #[tokio::test]
    async fn wrong_guesses_delay_the_login_on_the_clock_without_locking_it() {
        let f = fixture();
        let created = f
            .accounts
            .sign_up(pass("the right passphrase"), None, Lang::En)
            .await
            .unwrap();
        let handle = created.handle;
        for _ in 0..3 {
            let e = f
                .accounts
                .sign_in(&handle, pass("a wrong passphrase!"), None)
                .await
                .err()
                .unwrap();
            assert!(matches!(e, AppError::InvalidCredentials));
        }
        // Throttled: even the right passphrase gets the same answer as a wrong one.
        let e = f
            .accounts
            .sign_in(&handle, pass("the right passphrase"), None)
            .await
            .err()
            .unwrap();
        assert!(matches!(e, AppError::InvalidCredentials));
        // Respelt, it is the same login and the same delay.
        let shouted = handle.to_uppercase().replace('-', " ");
        assert!(
            f.accounts
                .sign_in(&shouted, pass("the right passphrase"), None)
                .await
                .is_err()
        );
        // The delay after three failures is 4 s: once it has passed, the owner gets in.
        f.clock.advance(Duration::from_secs(5));
        f.accounts
            .sign_in(&handle, pass("the right passphrase"), None)
            .await
            .expect("the delay ran out");
    }

    #[tokio::test]
    async fn unknown_logins_are_throttled_alike() {
        let f = fixture();
        for _ in 0..2 {
            assert!(
                f.accounts
                    .sign_in("nobody-here-0000", pass("whatever passphrase"), None)
                    .await
                    .is_err()
            );
        }
        let key = f.accounts.limits.key(
            "login",
            &f.accounts
                .parse_login("nobody-here-0000")
                .canonical("nobody-here-0000"),
        );
        let backoff = f.accounts.rules.login_backoff;
        assert!(
            f.accounts
                .limits
                .backoff_check(key, backoff)
                .await
                .unwrap()
                .is_err(),
            "an unknown login collects a delay like a real one"
        );
    }
}
