//! Sign-up without email: the server picks the handle; the person picks a passphrase and gets
//! eight single-use recovery codes, shown once.

use super::{Accounts, RECOVERY_CODES, Role, links, store};
use crate::audit::{Actor, Event};
use crate::auth::{
    HandleWords, check_passphrase, generate_handle, generate_recovery_codes,
    normalize_recovery_code,
};
use crate::crypto::Sensitive;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::limits::Source;

pub struct NewAccount {
    pub handle: String,
    pub recovery_codes: Vec<String>,
    pub account_id: String,
}

/// A passphrase that passed the policy, as a clear 400 with a stable code otherwise.
pub fn checked_passphrase(p: &str) -> AppResult<()> {
    check_passphrase(p).map_err(|e| AppError::invalid(e.code(), e.to_string()))
}

/// A plausible email address (the real check is the code we send to it).
pub fn checked_email(raw: &str) -> AppResult<String> {
    let email = raw.trim();
    if email.len() > 254 || email.parse::<lettre::Address>().is_err() {
        return Err(AppError::invalid(
            "invalid_email",
            "That does not look like an email address.",
        ));
    }
    Ok(email.to_string())
}

/// The word list of handles for people who sign up in `locale`: Uyghur Latin words for Uyghur
/// in either script; English words for everyone else. The Uyghur list was checked for Uyghur
/// readers only, and some of its words mean something else in Turkish or Kazakh ("kan", a mine,
/// is blood in both); there is no vetted Turkish, Russian, Kazakh or pinyin list yet. English
/// words are a–z like every handle, typed on any phone's Latin layout, and taught in schools
/// in Turkey, Central Asia and China.
pub fn handle_words(locale: Lang) -> HandleWords {
    match locale {
        Lang::Ug | Lang::UgLatn => HandleWords::UyghurLatin,
        Lang::En | Lang::Tr | Lang::Ru | Lang::Kk | Lang::ZhHans => HandleWords::English,
    }
}

/// What a new account needs before its transaction starts (Argon2 never runs inside one): the
/// hash of a passphrase that passed the policy, and fresh recovery codes with their digests.
pub struct Credentials {
    pub phc: String,
    pub codes: Vec<String>,
    pub digests: Vec<[u8; 32]>,
}

impl Accounts {
    /// The hash of a new passphrase, after the policy.
    pub(crate) async fn hash_new_passphrase(
        &self,
        passphrase: &Sensitive<String>,
    ) -> AppResult<String> {
        checked_passphrase(passphrase.expose())?;
        self.keys
            .hasher
            .hash(passphrase.expose().clone())
            .await
            .map_err(AppError::internal)
    }

    pub(crate) async fn new_credentials(
        &self,
        passphrase: &Sensitive<String>,
    ) -> AppResult<Credentials> {
        let phc = self.hash_new_passphrase(passphrase).await?;
        let (codes, digests) = self.fresh_recovery_codes();
        Ok(Credentials {
            phc,
            codes,
            digests,
        })
    }

    /// Digests of a fresh set of recovery codes, and the codes to show once.
    pub(crate) fn fresh_recovery_codes(&self) -> (Vec<String>, Vec<[u8; 32]>) {
        let codes = generate_recovery_codes(RECOVERY_CODES);
        let digests = codes
            .iter()
            .map(|c| {
                self.keys.recovery_digest(
                    &normalize_recovery_code(c).expect("generated codes are well-formed"),
                )
            })
            .collect();
        (codes, digests)
    }

    /// Insert an account row with a fresh unique handle, sealed under its own data key (inside
    /// the caller's write transaction). Returns the id and the handle.
    pub(crate) fn insert_account(
        &self,
        conn: &mut DbConn,
        role: Role,
        organization_id: Option<&str>,
        credentials: &Credentials,
        locale: Lang,
    ) -> AppResult<(String, String)> {
        let id = uuid::Uuid::new_v4().to_string();
        // Words of the sign-up language, so the handle is easy to say and remember.
        let words = handle_words(locale);
        // Collisions are rare among 10^9 handles or more, but never reuse one.
        let mut handle = generate_handle(words);
        while store::handle_taken(conn, &self.keys.handle_index(&handle))? {
            handle = generate_handle(words);
        }
        let sealer = self.vault.create(conn, store::ACCOUNTS, &id)?;
        let links = links::AccountLinks::default().padded();
        store::insert(
            conn,
            &store::AccountRow {
                id: id.clone(),
                role: role.as_str().to_string(),
                organization_id: organization_id.map(str::to_string),
                handle_bidx: Some(self.keys.handle_index(&handle)),
                handle_ct: sealer.seal(store::HANDLE, &handle)?,
                email_bidx: None,
                email_ct: None,
                email_verified: false,
                password_hash: credentials.phc.clone(),
                duress_hash: Some(self.keys.hasher.unmatchable_phc()),
                links_ct: Some(sealer.seal(store::LINKS, &links)?),
                totp_secret_ct: None,
                totp_confirmed: false,
                totp_last_step: None,
                locale: locale.code().to_string(),
                created_at: crate::db::coarse_date(self.now()),
                last_sign_in_at: None,
                disabled_at: None,
                removed_at: None,
            },
        )?;
        store::insert_recovery_codes(conn, &id, &credentials.digests)?;
        Ok((id, handle))
    }

    /// A registrant account (`POST /api/v1/accounts`, the sign-up page).
    /// Within the source's own sign-up budget and the service-wide ceiling (each a 429 with the
    /// wait), so one client cannot hold every new family back.
    pub async fn sign_up(
        &self,
        passphrase: Sensitive<String>,
        email: Option<String>,
        locale: Lang,
        source: &Source,
    ) -> AppResult<NewAccount> {
        let email = email
            .filter(|e| !e.trim().is_empty())
            .map(|e| checked_email(&e))
            .transpose()?;
        if email.is_some() && !self.outbox.enabled() {
            return Err(AppError::invalid(
                "email_unavailable",
                "This service sends no email, so an address cannot be confirmed.",
            ));
        }
        checked_passphrase(passphrase.expose())?;
        let mut budgets = vec![(self.limits.key("signup", ""), self.rules.signups)];
        if let Some(k) = self.limits.source_key("signup", source) {
            budgets.insert(0, (k, self.rules.signups_per_source));
        }
        if let Err(wait) = self.limits.take_all(budgets).await? {
            return Err(AppError::rate_limited(Some(wait)));
        }
        let credentials = self.new_credentials(&passphrase).await?;
        let codes = credentials.codes.clone();
        let this = self.clone();
        let (account_id, handle) = self
            .db
            .write(move |conn| {
                let (id, handle) =
                    this.insert_account(conn, Role::Registrant, None, &credentials, locale)?;
                this.audit.record(
                    conn,
                    &Event::new(
                        Actor::Registrant { account_id: &id },
                        "account.create",
                        "account",
                    ),
                )?;
                if let Some(email) = &email {
                    this.start_email_change(conn, &id, email, locale)?;
                }
                Ok((id, handle))
            })
            .await?;
        Ok(NewAccount {
            handle,
            recovery_codes: codes,
            account_id,
        })
    }
}
