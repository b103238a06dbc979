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
use crate::limits::Source;

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

/// A new session, and a device token for this browser or client to keep: next time it lets the
/// right passphrase past delays that strangers' guesses caused.
pub struct SignedIn {
    pub session: NewSession,
    pub device_token: String,
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

    /// Sign in. Budgets come first: the source's own, then the service-wide ceiling (each a
    /// 429 with the wait). Then the login's delay, or, from a device that signed in to this
    /// login before, that device's own delay: a stranger's guesses never hold back the owner's
    /// device. A delay is a 429 too, the same whether or not the account exists; only a wrong
    /// passphrase (or an unknown login) is `invalid_credentials`.
    pub async fn sign_in(
        &self,
        login: &str,
        passphrase: Sensitive<String>,
        totp_code: Option<String>,
        source: &Source,
        device: Option<&str>,
    ) -> AppResult<SignedIn> {
        let parsed = self.parse_login(login);
        let canonical = parsed.canonical(login);
        let trusted_device = device.and_then(|t| self.keys.devices.check(&canonical, t));
        // Failures count against the device when it is trusted, else against the login.
        let delay_key = match &trusted_device {
            Some(nonce) => self.limits.key("device", nonce),
            None => self.limits.key("login", &canonical),
        };
        let login_key = self.limits.key("login", &canonical);
        let mut budgets = vec![(
            self.limits.key("login-ceiling", ""),
            self.rules.login_ceiling,
        )];
        if let Some(k) = self.limits.source_key("signin", source) {
            budgets.insert(0, (k, self.rules.signin_per_source));
        }
        let (this, key, rules) = (self.clone(), delay_key.clone(), self.rules.clone());
        let account = self
            .db
            .write(move |conn| {
                if let Err(wait) = this
                    .limits
                    .backoff_check_in(conn, &key, &rules.login_backoff)?
                {
                    return Err(AppError::rate_limited(Some(wait)));
                }
                if let Err(wait) = this.limits.take_all_in(conn, &budgets)? {
                    return Err(AppError::rate_limited(Some(wait)));
                }
                this.find_login(conn, &parsed)
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
            self.limits
                .backoff_fail(delay_key, self.rules.login_backoff)
                .await?;
            return Err(AppError::InvalidCredentials);
        };
        let role = Role::parse(&account.role).unwrap_or(Role::Registrant);
        if main.ok && role.is_staff() && account.totp_confirmed {
            self.check_totp(&account, totp_code.as_deref()).await?;
        }
        // Said only to someone who proved every factor, so it tells a guesser nothing.
        if account.disabled_at.is_some() {
            self.refuse_disabled(&account).await?;
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
        let session = self
            .db
            .write(move |conn| {
                this.limits.reset_in(conn, &login_key)?;
                this.limits.reset_in(conn, &delay_key)?;
                let target = if is_duress {
                    this.duress_target(conn, &account)?
                } else {
                    this.cancel_scheduled_deletion(conn, &account)?;
                    if let Some(phc) = &rehashed {
                        store::set_password_hash(conn, &account.id, phc)?;
                    }
                    account
                };
                store::set_signed_in(conn, &target.id, crate::db::coarse_date(this.now()))?;
                let session = this.create_session(conn, &target)?;
                this.audit.record(
                    conn,
                    &Event::new(actor_of(&target), "session.create", "session"),
                )?;
                Ok(session)
            })
            .await?;
        Ok(SignedIn {
            session,
            device_token: self.keys.devices.issue(&canonical),
        })
    }

    /// A duress sign-in: open the plausible empty decoy (made on first use) and schedule the
    /// real account's deletion, unless one is already scheduled. Nothing in either row says so
    /// outside their sealed links.
    fn duress_target(&self, conn: &mut DbConn, real: &AccountRow) -> AppResult<AccountRow> {
        let mut links = self.links_of(conn, real)?;
        if links.deletion_due.is_none() {
            let due = self.clock.now() + chrono_duration(self.rules.duress_delay);
            links.deletion_due = Some(due.timestamp());
        }
        if let Some(id) = &links.decoy
            && let Some(decoy) = store::find(conn, id)?
        {
            self.save_links(conn, &real.id, links)?;
            return Ok(decoy);
        }
        let decoy = self.make_decoy(conn, real)?;
        links.decoy = Some(decoy.id.clone());
        self.save_links(conn, &real.id, links)?;
        Ok(decoy)
    }

    /// An account as plausible as any other: the real one's handle and language, a sign-in
    /// index and hashes that nothing matches (it is reached only through the real account's
    /// duress passphrase, which is also its passphrase), recovery codes nobody holds.
    fn make_decoy(&self, conn: &mut DbConn, real: &AccountRow) -> AppResult<AccountRow> {
        let handle = self.open_handle(conn, real)?;
        let id = uuid::Uuid::new_v4().to_string();
        let sealer = self.vault.create(conn, store::ACCOUNTS, &id)?;
        let links = super::links::AccountLinks {
            decoy_of: Some(real.id.clone()),
            ..Default::default()
        };
        let mut index = [0u8; 32];
        getrandom::fill(&mut index).map_err(|e| AppError::internal(anyhow::anyhow!("rng: {e}")))?;
        let decoy = AccountRow {
            handle_ct: sealer.seal(store::HANDLE, &handle)?,
            links_ct: Some(sealer.seal(store::LINKS, &links.padded())?),
            id,
            role: Role::Registrant.as_str().to_string(),
            organization_id: None,
            handle_bidx: Some(index.to_vec()),
            email_bidx: None,
            email_ct: None,
            email_verified: false,
            password_hash: real
                .duress_hash
                .clone()
                .unwrap_or_else(|| self.keys.hasher.unmatchable_phc()),
            duress_hash: Some(self.keys.hasher.unmatchable_phc()),
            totp_secret_ct: None,
            totp_confirmed: false,
            totp_last_step: None,
            locale: real.locale.clone(),
            created_at: crate::db::coarse_date(self.now()),
            last_sign_in_at: None,
            disabled_at: None,
            removed_at: None,
        };
        store::insert(conn, &decoy)?;
        let (_, digests) = self.fresh_recovery_codes();
        store::insert_recovery_codes(conn, &decoy.id, &digests)?;
        Ok(decoy)
    }

    /// The real passphrase cancels a deletion that a duress sign-in scheduled.
    fn cancel_scheduled_deletion(&self, conn: &mut DbConn, account: &AccountRow) -> AppResult<()> {
        let mut links = self.links_of(conn, account)?;
        if links.deletion_due.take().is_some() {
            self.save_links(conn, &account.id, links)?;
        }
        Ok(())
    }

    /// A disabled account proved itself: audited, and refused with its own code.
    async fn refuse_disabled(&self, account: &AccountRow) -> AppResult<()> {
        let (this, account) = (self.clone(), account.clone());
        self.db
            .write(move |conn| {
                this.audit.record(
                    conn,
                    &Event::new(actor_of(&account), "session.create", "session")
                        .outcome("account_disabled"),
                )?;
                Ok(())
            })
            .await?;
        Err(AppError::forbidden(
            "account_disabled",
            "This account is disabled. Ask an administrator of your organization.",
        ))
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
    use crate::limits::Source;
    use crate::testing::{Fixture, fixture};

    const RIGHT: &str = "the right passphrase";

    fn pass(s: &str) -> Sensitive<String> {
        Sensitive::new(s.to_string())
    }

    fn from(last: u8) -> Source {
        Source::network(std::net::IpAddr::from([198, 51, 100, last]))
    }

    async fn account(f: &Fixture) -> String {
        f.accounts
            .sign_up(pass(RIGHT), None, Lang::En, &Source::unknown())
            .await
            .unwrap()
            .handle
    }

    async fn try_sign_in(
        f: &Fixture,
        login: &str,
        passphrase: &str,
        source: &Source,
        device: Option<&str>,
    ) -> Result<super::SignedIn, AppError> {
        f.accounts
            .sign_in(login, pass(passphrase), None, source, device)
            .await
    }

    #[tokio::test]
    async fn a_few_typos_never_hold_back_the_right_passphrase() {
        let f = fixture();
        let handle = account(&f).await;
        let src = from(7);
        for typo in [
            "the right passphrasr",
            "the rihgt passphrase",
            "the right pasphrase",
        ] {
            let e = try_sign_in(&f, &handle, typo, &src, None)
                .await
                .err()
                .unwrap();
            assert!(matches!(e, AppError::InvalidCredentials), "{e:?}");
        }
        try_sign_in(&f, &handle, RIGHT, &src, None)
            .await
            .expect("three typos cost no wait");
    }

    #[tokio::test]
    async fn wrong_guesses_delay_the_login_on_the_clock_without_locking_it() {
        let f = fixture();
        let handle = account(&f).await;
        let src = from(1);
        for _ in 0..4 {
            let e = try_sign_in(&f, &handle, "a wrong passphrase!", &src, None)
                .await
                .err()
                .unwrap();
            assert!(matches!(e, AppError::InvalidCredentials));
        }
        // Within the delay, even the right passphrase waits, and is told how long.
        let e = try_sign_in(&f, &handle, RIGHT, &src, None)
            .await
            .err()
            .unwrap();
        assert!(
            matches!(e, AppError::RateLimited { retry_after: Some(d) } if d <= Duration::from_secs(1)),
            "{e:?}"
        );
        // Respelt, it is the same login and the same delay.
        let shouted = handle.to_uppercase().replace('-', " ");
        assert!(try_sign_in(&f, &shouted, RIGHT, &src, None).await.is_err());
        f.clock.advance(Duration::from_secs(2));
        try_sign_in(&f, &handle, RIGHT, &src, None)
            .await
            .expect("the delay ran out");
    }

    #[tokio::test]
    async fn an_unknown_login_is_delayed_exactly_like_a_real_one() {
        let f = fixture();
        let handle = account(&f).await;
        let src = from(2);
        for login in [handle.as_str(), "nobody-here-0000"] {
            for _ in 0..4 {
                let e = try_sign_in(&f, login, "wrong passphrase!!", &src, None)
                    .await
                    .err()
                    .unwrap();
                assert!(matches!(e, AppError::InvalidCredentials), "{login}");
            }
            let fifth = try_sign_in(&f, login, "wrong passphrase!!", &src, None)
                .await
                .err()
                .unwrap();
            assert!(
                matches!(
                    fifth,
                    AppError::RateLimited {
                        retry_after: Some(_)
                    }
                ),
                "{login}: {fifth:?}"
            );
        }
    }

    #[tokio::test]
    async fn a_device_that_signed_in_before_gets_past_strangers_guesses() {
        let f = fixture();
        let handle = account(&f).await;
        let owner = from(3);
        let device = try_sign_in(&f, &handle, RIGHT, &owner, None)
            .await
            .unwrap()
            .device_token;
        // A stranger guesses, spaced so each guess counts: the login's delay grows.
        let stranger = from(4);
        for _ in 0..6 {
            assert!(
                try_sign_in(&f, &handle, "stranger guess xx", &stranger, None)
                    .await
                    .is_err()
            );
            f.clock.advance(Duration::from_secs(40));
        }
        // Without the device token the owner waits too...
        f.clock.advance(Duration::from_secs(1));
        assert!(matches!(
            try_sign_in(&f, &handle, "one typo here xx", &owner, None).await,
            Err(AppError::InvalidCredentials) | Err(AppError::RateLimited { .. })
        ));
        assert!(try_sign_in(&f, &handle, RIGHT, &owner, None).await.is_err());
        // ...with it, the right passphrase works at once.
        try_sign_in(&f, &handle, RIGHT, &owner, Some(&device))
            .await
            .expect("the owner's device gets in");
        // A device token is no shortcut for guessing: its own delay grows with its failures.
        let device = try_sign_in(&f, &handle, RIGHT, &owner, Some(&device))
            .await
            .unwrap()
            .device_token;
        for _ in 0..4 {
            assert!(matches!(
                try_sign_in(&f, &handle, "wrong with device", &owner, Some(&device)).await,
                Err(AppError::InvalidCredentials)
            ));
        }
        assert!(matches!(
            try_sign_in(&f, &handle, RIGHT, &owner, Some(&device)).await,
            Err(AppError::RateLimited { .. })
        ));
        // A token for another login counts for nothing.
        let other = account(&f).await;
        assert!(matches!(
            try_sign_in(&f, &other, "wrong passphrase!!", &owner, Some(&device)).await,
            Err(AppError::InvalidCredentials)
        ));
    }

    #[tokio::test]
    async fn one_flooding_source_does_not_hold_back_others() {
        let f = fixture();
        let handle = account(&f).await;
        let flood = from(5);
        let mut limited = 0;
        for i in 0..60 {
            if let Err(AppError::RateLimited { .. }) = try_sign_in(
                &f,
                &format!("junk-login-{i:04}"),
                "junk passphrase x",
                &flood,
                None,
            )
            .await
            {
                limited += 1;
            }
        }
        assert!(limited >= 25, "the flood hit its own budget ({limited})");
        try_sign_in(&f, &handle, RIGHT, &from(6), None)
            .await
            .expect("another source signs in on the first try");
    }
}
