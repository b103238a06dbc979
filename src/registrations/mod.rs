//! Registrations: "about me", the people sought, the contact and pre-consent cards,
//! verification facts and privacy settings; assisted registrations held by an organization until
//! claimed. Values arrive validated (typed `domain` values) and are stored sealed: the
//! registration's cards under its data key, each sought person under its own. Every change to
//! what the matcher reads is queued in `match_queue`.
//!
//! Anti-fishing rules hold under concurrent requests: every write takes the registration's row
//! lock first, so the cap on people sought and the name cool-down are checked and changed by one
//! request at a time.

pub mod store;

use std::time::Duration;

use chrono::NaiveDateTime;

use self::store::{RegistrationRow, SoughtRow};
use crate::audit::{Actor, Audit, Event};
use crate::auth::{Identity, Role};
use crate::clock::{Clock, chrono_duration};
use crate::db::record_key::RecordKeyRow;
use crate::db::{Db, DbConn};
use crate::domain::{
    ContactCard, Person, PreconsentCard, PrivacySettings, SoughtPerson, VerificationFacts,
};
use crate::error::{AppError, AppResult};
use crate::matching::ingest::{Described, Ingest};
use crate::vault::{Column, Sealer, Vault};

/// How long a name change counts against the cool-down.
pub const NAME_COOL_DOWN: Duration = Duration::from_secs(24 * 3600);

/// The anti-fishing limits, from the settings.
#[derive(Debug, Clone, Copy)]
pub struct RegistrationRules {
    /// People one registration may look for.
    pub max_sought: u32,
    /// Name changes per registration per day (see [`NAME_COOL_DOWN`]).
    pub name_changes_per_day: u32,
}

/// A sought person as the owner sees it.
#[derive(Debug, Clone)]
pub struct Search {
    pub id: String,
    pub paused: bool,
    pub person: SoughtPerson,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Everything a registration holds, opened: the registrant's own copy.
#[derive(Debug, Clone, Default)]
pub struct RegistrationData {
    pub profile: Option<Person>,
    pub searches: Vec<Search>,
    pub contact_card: Option<ContactCard>,
    pub preconsent_card: Option<PreconsentCard>,
    pub verification_facts: Option<VerificationFacts>,
    pub settings: Option<PrivacySettings>,
}

/// A matched record opened: whose it is and whom it describes (`sought` for a search).
#[derive(Debug, Clone)]
pub struct RecordPerson {
    pub registration_id: String,
    pub sought: Option<SoughtPerson>,
    pub person: Person,
}

pub struct Assisted {
    pub id: String,
    pub claim_code: String,
}

/// An organization's assisted registration, opened, for the PFIF export.
#[derive(Debug, Clone)]
pub struct OrgFamily {
    pub id: String,
    pub created_at: NaiveDateTime,
    /// When its retention runs out.
    pub deadline: Option<NaiveDateTime>,
    pub profile: Option<Person>,
    pub searches: Vec<Search>,
}

/// What a caseworker sees of an assisted registration of their organization.
#[derive(Debug, Clone)]
pub struct AssistedView {
    pub id: String,
    pub claimed: bool,
    pub profile: Option<Person>,
    pub searches: Vec<Search>,
}

#[derive(Clone)]
pub struct Registrations {
    db: Db,
    vault: Vault,
    audit: Audit,
    clock: Clock,
    rules: RegistrationRules,
    /// The key of claim-code digests (one-time codes handed to families).
    claim_key: std::sync::Arc<crate::crypto::SecretKey>,
    /// Rebuilds the matcher's features of every changed record.
    ingest: Ingest,
}

/// Which sealed column of a registration holds each card.
pub trait Card: serde::Serialize + serde::de::DeserializeOwned + Send + 'static {
    const COLUMN: Column<Self>;
    /// Whether the matcher reads it (a change queues the registration).
    const MATCHED: bool = false;
    /// Whether replacing `old` with `self` changes a name form (the cool-down counts it).
    fn changes_names(&self, _old: &Self) -> bool {
        false
    }
}

impl Card for Person {
    const COLUMN: Column<Self> = store::PROFILE;
    const MATCHED: bool = true;
    fn changes_names(&self, old: &Self) -> bool {
        self.name_forms_changed(old)
    }
}
impl Card for ContactCard {
    const COLUMN: Column<Self> = store::CONTACT_CARD;
}
impl Card for PreconsentCard {
    const COLUMN: Column<Self> = store::PRECONSENT;
}
impl Card for VerificationFacts {
    const COLUMN: Column<Self> = store::FACTS;
}
impl Card for PrivacySettings {
    const COLUMN: Column<Self> = store::SETTINGS;
    const MATCHED: bool = true;
}

/// The caller's registration with its newest key, in one query (on PostgreSQL a round trip
/// fewer than two).
fn own_with_key(
    conn: &mut DbConn,
    id: &Identity,
) -> AppResult<Option<(RegistrationRow, Option<RecordKeyRow>)>> {
    id.require_registrant()?;
    Ok(store::find_by_owner_with_key(conn, &id.account_id)?)
}

impl Registrations {
    pub fn new(
        db: Db,
        vault: Vault,
        audit: Audit,
        clock: Clock,
        rules: RegistrationRules,
        claim_key: crate::crypto::SecretKey,
        ingest: Ingest,
    ) -> Self {
        Registrations {
            db,
            vault,
            audit,
            clock,
            rules,
            claim_key: std::sync::Arc::new(claim_key),
            ingest,
        }
    }

    /// Rebuild the matcher's features of every record of a registration and queue them: its
    /// "about me" and each person sought (whose features include the seeker's own facts). A
    /// paused search or registration stops taking part and its open candidates are withdrawn.
    fn refresh_matching(&self, conn: &mut DbConn, reg_id: &str) -> AppResult<()> {
        let reg = store::find(conn, reg_id)?.ok_or(AppError::NotFound)?;
        let at = self.now();
        let profile: Option<Person> = self.read_card(conn, &reg)?;
        let settings: PrivacySettings = self.read_card(conn, &reg)?.unwrap_or_default();
        // Past its retention deadline a registration stops matching until renewed.
        let on = !settings.matching_paused() && !store::is_expired(conn, &reg.id)?;
        if let Some(p) = &profile {
            let own = Described::Own(p);
            self.ingest.put(
                conn,
                &self.vault,
                "registration",
                &reg.id,
                &reg.id,
                &own,
                on,
                at,
            )?;
            if !on {
                self.ingest
                    .withdraw(conn, &self.audit, &reg.id, "paused", at)?;
            }
        }
        for s in self.searches_of(conn, &reg.id)? {
            let sought = Described::Sought(&s.person, profile.as_ref());
            let active = on && !s.paused;
            self.ingest.put(
                conn,
                &self.vault,
                "sought_person",
                &s.id,
                &reg.id,
                &sought,
                active,
                at,
            )?;
            if !active {
                self.ingest
                    .withdraw(conn, &self.audit, &s.id, "paused", at)?;
            }
        }
        Ok(())
    }

    /// Rebuild the features of registrations that an older build of the matcher's features
    /// (layout or name encoding) made, at most `batch` registrations, each in its own
    /// transaction. Only the web tier can do it: it alone reads the records. Returns how many.
    pub async fn rebuild_outdated_features(&self, batch: i64) -> AppResult<usize> {
        let this = self.clone();
        let outdated = self
            .db
            .run(move |conn| Ok(crate::matching::store::outdated_registrations(conn, batch)?))
            .await?;
        let mut done = 0;
        for reg_id in outdated {
            let this = this.clone();
            let rebuilt = self
                .db
                .write(move |conn| {
                    store::lock(conn, &reg_id)?;
                    this.refresh_matching(conn, &reg_id)
                })
                .await;
            match rebuilt {
                Ok(()) => done += 1,
                // Deleted meanwhile: deleting forgets its features too.
                Err(AppError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(done)
    }

    fn now(&self) -> NaiveDateTime {
        self.clock.now_naive()
    }

    /// The caller's registration, made (with its data key) on first use, and locked for the
    /// rest of the transaction. Two first writes racing both end up on the same row.
    fn ensure_locked(&self, conn: &mut DbConn, account_id: &str) -> AppResult<RegistrationRow> {
        if store::find_by_owner(conn, account_id)?.is_none() {
            let at = self.now();
            let row = RegistrationRow {
                id: uuid::Uuid::new_v4().to_string(),
                owner_account_id: Some(account_id.to_string()),
                owner_org_id: None,
                created_by: None,
                claim_digest: None,
                profile_ct: None,
                contact_card_ct: None,
                preconsent_ct: None,
                facts_ct: None,
                settings_ct: None,
                created_at: crate::db::coarse_date(at),
                updated_at: crate::db::coarse_date(at),
            };
            if store::insert_for_owner(conn, &row)? {
                self.vault.create(conn, store::REGISTRATIONS, &row.id)?;
            }
        }
        let row = store::find_by_owner(conn, account_id)?.ok_or(AppError::NotFound)?;
        store::lock(conn, &row.id)?;
        // Re-read under the lock: another request may have changed it meanwhile.
        store::find_by_owner(conn, account_id)?.ok_or(AppError::NotFound)
    }

    fn own_locked(&self, conn: &mut DbConn, account_id: &str) -> AppResult<RegistrationRow> {
        let row = store::find_by_owner(conn, account_id)?.ok_or(AppError::NotFound)?;
        store::lock(conn, &row.id)?;
        Ok(row)
    }

    pub(crate) fn read_card<C: Card>(
        &self,
        conn: &mut DbConn,
        row: &RegistrationRow,
    ) -> AppResult<Option<C>> {
        if store::blob(row, C::COLUMN).is_none() {
            // Nothing to open: no need to read the key.
            return Ok(None);
        }
        let key = crate::db::record_key::find_latest(conn, &row.id)?;
        self.read_card_with(row, key.as_ref())
    }

    /// [`Self::read_card`] with the registration's key row already read (joined to it).
    pub(crate) fn read_card_with<C: Card>(
        &self,
        row: &RegistrationRow,
        key: Option<&RecordKeyRow>,
    ) -> AppResult<Option<C>> {
        match store::blob(row, C::COLUMN) {
            Some(blob) => {
                let sealer = self.vault.open_row(store::REGISTRATIONS, key)?;
                Ok(Some(sealer.open(C::COLUMN, blob)?))
            }
            None => Ok(None),
        }
    }

    fn write_card<C: Card>(
        &self,
        conn: &mut DbConn,
        row: &RegistrationRow,
        value: &C,
    ) -> AppResult<()> {
        let sealer = self.vault.open(conn, store::REGISTRATIONS, &row.id)?;
        let at = self.now();
        store::set_blob(
            conn,
            &row.id,
            C::COLUMN,
            &sealer.seal(C::COLUMN, value)?,
            at,
        )?;
        if C::MATCHED {
            self.refresh_matching(conn, &row.id)?;
        }
        Ok(())
    }

    /// A card of the caller's registration (`None` until set).
    pub async fn card<C: Card>(&self, id: &Identity) -> AppResult<Option<C>> {
        let (this, id) = (self.clone(), id.clone());
        self.db.run(move |conn| this.card_in(conn, &id)).await
    }

    /// `card` on the caller's connection (a session checked in the same trip).
    pub fn card_in<C: Card>(&self, conn: &mut DbConn, id: &Identity) -> AppResult<Option<C>> {
        match own_with_key(conn, id)? {
            Some((row, key)) => self.read_card_with(&row, key.as_ref()),
            None => Ok(None),
        }
    }

    /// Two cards of the caller's registration from one read of it.
    pub fn cards_in<A: Card, B: Card>(
        &self,
        conn: &mut DbConn,
        id: &Identity,
    ) -> AppResult<(Option<A>, Option<B>)> {
        match own_with_key(conn, id)? {
            Some((row, key)) => Ok((
                self.read_card_with(&row, key.as_ref())?,
                self.read_card_with(&row, key.as_ref())?,
            )),
            None => Ok((None, None)),
        }
    }

    /// Store a card. Changing the names in "about me" counts against the name cool-down.
    pub async fn put_card<C: Card + Clone>(&self, id: &Identity, value: C) -> AppResult<C> {
        id.require_registrant()?;
        let (this, account_id) = (self.clone(), id.account_id.clone());
        self.db
            .write(move |conn| {
                let row = this.ensure_locked(conn, &account_id)?;
                if C::MATCHED
                    && let Some(old) = this.read_card::<C>(conn, &row)?
                    && value.changes_names(&old)
                {
                    this.spend_name_change(conn, &row.id, store::CHANGE_EDIT)?;
                    crate::consent::names_changed(conn, &this.audit, &row.id, this.now())?;
                }
                this.write_card(conn, &row, &value)?;
                Ok(value)
            })
            .await
    }

    /// Count one name change against the registration's daily budget, or refuse with the
    /// time until the oldest counted change leaves the window.
    fn spend_name_change(&self, conn: &mut DbConn, reg_id: &str, kind: &str) -> AppResult<()> {
        let now = self.now();
        let window_start = now - chrono_duration(NAME_COOL_DOWN);
        let counted: Vec<NaiveDateTime> = store::name_changes_since(conn, reg_id, window_start)?
            .into_iter()
            .filter(|(k, _)| k != store::CHANGE_DELETE)
            .map(|(_, at)| at)
            .collect();
        let limit = self.rules.name_changes_per_day as usize;
        if counted.len() >= limit {
            let oldest = counted[counted.len() - limit];
            let wait = (oldest + chrono_duration(NAME_COOL_DOWN) - now)
                .to_std()
                .unwrap_or(Duration::from_secs(1));
            return Err(AppError::rate_limited(Some(wait)));
        }
        store::record_name_change(conn, reg_id, kind, now)?;
        Ok(())
    }

    /// Whether a new search follows a deletion within the cool-down that no earlier new search
    /// has made up for: then it is a recreate, and counts as a name change.
    fn is_recreate(&self, conn: &mut DbConn, reg_id: &str) -> AppResult<bool> {
        let since = self.now() - chrono_duration(NAME_COOL_DOWN);
        let changes = store::name_changes_since(conn, reg_id, since)?;
        let deletes = changes
            .iter()
            .filter(|(k, _)| k == store::CHANGE_DELETE)
            .count();
        let recreates = changes
            .iter()
            .filter(|(k, _)| k == store::CHANGE_RECREATE)
            .count();
        Ok(deletes > recreates)
    }

    fn open_search(&self, conn: &mut DbConn, row: SoughtRow) -> AppResult<Search> {
        let sealer = self.vault.open(conn, store::SOUGHT_PERSONS, &row.id)?;
        Self::opened_search(&sealer, row)
    }

    fn opened_search(sealer: &Sealer, row: SoughtRow) -> AppResult<Search> {
        Ok(Search {
            person: sealer.open(store::PERSON, &row.data_ct)?,
            id: row.id,
            paused: row.paused,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }

    pub(crate) fn searches_of(&self, conn: &mut DbConn, reg_id: &str) -> AppResult<Vec<Search>> {
        // The searches with their keys in one query, not one more each.
        self.open_searches(store::sought_with_keys(conn, reg_id)?)
    }

    /// Searches read with their newest data keys, opened.
    pub(crate) fn open_searches(
        &self,
        rows: Vec<(SoughtRow, Option<RecordKeyRow>)>,
    ) -> AppResult<Vec<Search>> {
        rows.into_iter()
            .map(|(row, key)| {
                let sealer = self.vault.open_row(store::SOUGHT_PERSONS, key.as_ref())?;
                Self::opened_search(&sealer, row)
            })
            .collect()
    }

    /// The people sought, on the caller's connection (a session checked in the same trip).
    pub fn searches_in(&self, conn: &mut DbConn, id: &Identity) -> AppResult<Vec<Search>> {
        id.require_registrant()?;
        match store::find_by_owner(conn, &id.account_id)? {
            Some(reg) => self.searches_of(conn, &reg.id),
            None => Ok(Vec::new()),
        }
    }

    /// Add a person sought to a locked registration: within the cap, and a recreate after a
    /// deletion counts as a name change.
    fn insert_search(
        &self,
        conn: &mut DbConn,
        reg: &RegistrationRow,
        person: &SoughtPerson,
    ) -> AppResult<String> {
        let cap = i64::from(self.rules.max_sought);
        if store::count_sought(conn, &reg.id)? >= cap {
            return Err(AppError::invalid(
                "sought_limit_reached",
                format!("A registration can look for at most {cap} people."),
            ));
        }
        if self.is_recreate(conn, &reg.id)? {
            self.spend_name_change(conn, &reg.id, store::CHANGE_RECREATE)?;
        }
        let id = uuid::Uuid::new_v4().to_string();
        let sealer = self.vault.create(conn, store::SOUGHT_PERSONS, &id)?;
        let at = self.now();
        let day = crate::db::coarse_date(at);
        store::insert_sought(
            conn,
            &SoughtRow {
                id: id.clone(),
                registration_id: reg.id.clone(),
                paused: false,
                data_ct: sealer.seal(store::PERSON, person)?,
                created_at: day,
                updated_at: day,
            },
        )?;
        self.refresh_matching(conn, &reg.id)?;
        Ok(id)
    }

    pub async fn create_search(&self, id: &Identity, person: SoughtPerson) -> AppResult<String> {
        id.require_registrant()?;
        let (this, account_id) = (self.clone(), id.account_id.clone());
        self.db
            .write(move |conn| {
                let reg = this.ensure_locked(conn, &account_id)?;
                this.insert_search(conn, &reg, &person)
            })
            .await
    }

    pub async fn search(&self, id: &Identity, search_id: &str) -> AppResult<Search> {
        let (this, id, sid) = (self.clone(), id.clone(), search_id.to_string());
        self.db
            .run(move |conn| this.search_in(conn, &id, &sid))
            .await
    }

    /// `search` on the caller's connection (a session checked in the same trip).
    pub fn search_in(
        &self,
        conn: &mut DbConn,
        id: &Identity,
        search_id: &str,
    ) -> AppResult<Search> {
        id.require_registrant()?;
        let reg = store::find_by_owner(conn, &id.account_id)?.ok_or(AppError::NotFound)?;
        let row = store::find_sought(conn, &reg.id, search_id)?.ok_or(AppError::NotFound)?;
        self.open_search(conn, row)
    }

    /// Replace a person sought. Changed name forms (names, nicknames, father's or mother's
    /// name) count against the cool-down: probing who is registered by editing names again and
    /// again is how a planted registrant would fish.
    pub async fn update_search(
        &self,
        id: &Identity,
        search_id: &str,
        person: SoughtPerson,
    ) -> AppResult<Search> {
        id.require_registrant()?;
        let (this, account_id, sid) = (self.clone(), id.account_id.clone(), search_id.to_string());
        self.db
            .write(move |conn| {
                let reg = this.own_locked(conn, &account_id)?;
                let row = store::find_sought(conn, &reg.id, &sid)?.ok_or(AppError::NotFound)?;
                let sealer = this.vault.open(conn, store::SOUGHT_PERSONS, &sid)?;
                let old = sealer.open(store::PERSON, &row.data_ct)?;
                if person.person().name_forms_changed(old.person()) {
                    this.spend_name_change(conn, &reg.id, store::CHANGE_EDIT)?;
                    crate::consent::names_changed(conn, &this.audit, &sid, this.now())?;
                }
                let at = this.now();
                store::update_sought(conn, &sid, &sealer.seal(store::PERSON, &person)?, at)?;
                this.refresh_matching(conn, &reg.id)?;
                Ok(Search {
                    id: row.id,
                    paused: row.paused,
                    person,
                    created_at: row.created_at,
                    updated_at: crate::db::coarse_date(at),
                })
            })
            .await
    }

    pub async fn set_paused(&self, id: &Identity, search_id: &str, paused: bool) -> AppResult<()> {
        id.require_registrant()?;
        let (this, account_id, sid) = (self.clone(), id.account_id.clone(), search_id.to_string());
        self.db
            .write(move |conn| {
                let reg = this.own_locked(conn, &account_id)?;
                store::find_sought(conn, &reg.id, &sid)?.ok_or(AppError::NotFound)?;
                let at = this.now();
                store::set_paused(conn, &sid, paused, at)?;
                this.refresh_matching(conn, &reg.id)?;
                Ok(())
            })
            .await
    }

    /// Delete a person sought: shredded at once, never refused. The deletion is remembered
    /// for the cool-down, so adding another search afterwards counts as a name change.
    pub async fn delete_search(&self, id: &Identity, search_id: &str) -> AppResult<()> {
        id.require_registrant()?;
        let (this, account_id, sid) = (self.clone(), id.account_id.clone(), search_id.to_string());
        self.db
            .write(move |conn| {
                let reg = this.own_locked(conn, &account_id)?;
                store::find_sought(conn, &reg.id, &sid)?.ok_or(AppError::NotFound)?;
                store::delete_sought(conn, &sid)?;
                this.vault.shred(conn, &sid)?;
                store::purge_queue(conn, &sid)?;
                let at = this.now();
                this.ingest.forget(conn, &this.vault, &this.audit, &sid)?;
                store::record_name_change(conn, &reg.id, store::CHANGE_DELETE, at)?;
                Ok(())
            })
            .await
    }

    /// Everything the caller's registration holds, opened (for the export).
    pub async fn data_of(&self, id: &Identity) -> AppResult<RegistrationData> {
        let (this, account_id) = (self.clone(), id.account_id.clone());
        self.db
            .run(move |conn| {
                let Some(reg) = store::find_by_owner(conn, &account_id)? else {
                    return Ok(RegistrationData::default());
                };
                Ok(RegistrationData {
                    profile: this.read_card(conn, &reg)?,
                    searches: this.searches_of(conn, &reg.id)?,
                    contact_card: this.read_card(conn, &reg)?,
                    preconsent_card: this.read_card(conn, &reg)?,
                    verification_facts: this.read_card(conn, &reg)?,
                    settings: this.read_card(conn, &reg)?,
                })
            })
            .await
    }

    /// Delete an account's registration and every sought person, shredding their keys (inside
    /// the caller's transaction). Nothing of them stays, not even queued work: features and
    /// candidates go, and the matcher drops records without features when it meets them.
    pub(crate) fn delete_registration_of(
        &self,
        conn: &mut DbConn,
        account_id: &str,
    ) -> AppResult<()> {
        if let Some(reg) = store::find_by_owner(conn, account_id)? {
            self.delete_registration(conn, &reg.id)?;
        }
        Ok(())
    }

    /// Delete one registration and every sought person, shredding their keys (inside the
    /// caller's transaction).
    pub(crate) fn delete_registration(&self, conn: &mut DbConn, reg_id: &str) -> AppResult<()> {
        if let Some(reg) = store::find(conn, reg_id)? {
            for s in store::sought_of(conn, &reg.id)? {
                store::delete_sought(conn, &s.id)?;
                self.vault.shred(conn, &s.id)?;
                store::purge_queue(conn, &s.id)?;
                self.ingest.forget(conn, &self.vault, &self.audit, &s.id)?;
            }
            store::delete(conn, &reg.id)?;
            self.vault.shred(conn, &reg.id)?;
            store::purge_queue(conn, &reg.id)?;
            self.ingest
                .forget(conn, &self.vault, &self.audit, &reg.id)?;
        }
        Ok(())
    }

    // Retention.

    /// The day a registration's retention runs out: its chosen months after the latest of
    /// its making, its last renewal and its owner's last sign-in.
    pub(crate) fn deadline_in(
        &self,
        conn: &mut DbConn,
        row: &store::RetentionRow,
        last_sign_in: Option<NaiveDateTime>,
    ) -> AppResult<NaiveDateTime> {
        let reg = store::find(conn, &row.id)?.ok_or(AppError::NotFound)?;
        let settings: PrivacySettings = self.read_card(conn, &reg)?.unwrap_or_default();
        Ok(deadline(&settings, row, last_sign_in))
    }

    /// Renew the caller's registration: its retention counts from today again, and an
    /// expired one takes part again.
    pub async fn renew(&self, id: &Identity) -> AppResult<()> {
        id.require_registrant()?;
        let (this, who) = (self.clone(), id.clone());
        self.db
            .write(move |conn| {
                let reg = this.own_locked(conn, &who.account_id)?;
                let was_expired = store::is_expired(conn, &reg.id)?;
                store::set_renewed(conn, &reg.id, crate::db::coarse_date(this.now()))?;
                if was_expired {
                    this.refresh_matching(conn, &reg.id)?;
                }
                this.audit.record(
                    conn,
                    &Event::new(who.actor(), "registration.renew", "registration").object(&reg.id),
                )?;
                Ok(())
            })
            .await
    }

    /// Past (or back before) its deadline: hidden and out of matching, or back in.
    pub(crate) fn set_expired_in(
        &self,
        conn: &mut DbConn,
        reg_id: &str,
        expired: bool,
    ) -> AppResult<()> {
        let at = expired.then(|| crate::db::coarse_date(self.now()));
        store::set_expired(conn, reg_id, at)?;
        self.refresh_matching(conn, reg_id)?;
        self.audit.record(
            conn,
            &Event::new(Actor::System, "registration.retention", "registration")
                .object(reg_id)
                .reason(if expired { "expired" } else { "active_again" }),
        )?;
        Ok(())
    }

    /// The person a matched record describes, and whose record it is: a registration's
    /// "about me" (its id is the registration's) or a person sought. For review and consent,
    /// which check first that the caller may see it.
    pub(crate) fn record_person(
        &self,
        conn: &mut DbConn,
        record_id: &str,
    ) -> AppResult<Option<RecordPerson>> {
        if let Some(reg) = store::find(conn, record_id)? {
            return Ok(self
                .read_card::<Person>(conn, &reg)?
                .map(|person| RecordPerson {
                    registration_id: reg.id,
                    sought: None,
                    person,
                }));
        }
        match store::find_sought_by_id(conn, record_id)? {
            Some(row) => {
                let reg_id = row.registration_id.clone();
                let search = self.open_search(conn, row)?;
                Ok(Some(RecordPerson {
                    registration_id: reg_id,
                    person: search.person.person().clone(),
                    sought: Some(search.person),
                }))
            }
            None => Ok(None),
        }
    }

    /// The cards of a registration (for review and consent, after their own checks).
    pub(crate) fn cards_of(&self, conn: &mut DbConn, reg_id: &str) -> AppResult<RegistrationData> {
        let Some(reg) = store::find(conn, reg_id)? else {
            return Ok(RegistrationData::default());
        };
        Ok(RegistrationData {
            profile: self.read_card(conn, &reg)?,
            searches: Vec::new(),
            contact_card: self.read_card(conn, &reg)?,
            preconsent_card: self.read_card(conn, &reg)?,
            verification_facts: self.read_card(conn, &reg)?,
            settings: self.read_card(conn, &reg)?,
        })
    }

    /// Forget name changes older than the cool-down (a periodic job).
    pub(crate) fn purge_name_changes(&self, conn: &mut DbConn) -> AppResult<usize> {
        let before = self.now() - chrono_duration(NAME_COOL_DOWN);
        Ok(store::purge_name_changes(conn, before)?)
    }

    // Assisted registration: a caseworker registers a family member who has no account.

    fn caseworker_org(id: &Identity) -> AppResult<String> {
        match (id.role, &id.organization_id) {
            (Role::Caseworker, Some(org)) => Ok(org.clone()),
            _ => Err(AppError::NotFound),
        }
    }

    fn claim_digest_of(&self, code: &str) -> AppResult<[u8; 32]> {
        let normalized = crate::auth::normalize_recovery_code(code).ok_or(AppError::NotFound)?;
        Ok(crate::auth::recovery_code_digest(
            self.claim_key.expose_secret(),
            &format!("claim:{normalized}"),
        ))
    }

    pub async fn create_assisted(
        &self,
        staff: &Identity,
        profile: Option<Person>,
        searches: Vec<SoughtPerson>,
    ) -> AppResult<Assisted> {
        let org = Self::caseworker_org(staff)?;
        let (this, staff) = (self.clone(), staff.clone());
        self.db
            .write(move |conn| {
                this.create_assisted_in(
                    conn,
                    &org,
                    Some(&staff.account_id),
                    staff.actor(),
                    "assisted_registration",
                    profile.as_ref(),
                    &searches,
                )
            })
            .await
    }

    /// Make an assisted registration of an organization inside the caller's transaction, with
    /// a new claim code; `created_by` is the caseworker who made it (none for an import).
    /// Audited as made by `actor` for `reason`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn create_assisted_in(
        &self,
        conn: &mut DbConn,
        org: &str,
        created_by: Option<&str>,
        actor: Actor<'_>,
        reason: &str,
        profile: Option<&Person>,
        searches: &[SoughtPerson],
    ) -> AppResult<Assisted> {
        let code = crate::auth::generate_recovery_codes(1).remove(0);
        let digest = self.claim_digest_of(&code)?;
        let at = self.now();
        let row = RegistrationRow {
            id: uuid::Uuid::new_v4().to_string(),
            owner_account_id: None,
            owner_org_id: Some(org.to_string()),
            created_by: created_by.map(str::to_string),
            claim_digest: Some(digest.to_vec()),
            profile_ct: None,
            contact_card_ct: None,
            preconsent_ct: None,
            facts_ct: None,
            settings_ct: None,
            created_at: crate::db::coarse_date(at),
            updated_at: crate::db::coarse_date(at),
        };
        self.vault.create(conn, store::REGISTRATIONS, &row.id)?;
        store::insert(conn, &row)?;
        if let Some(p) = profile {
            self.write_card(conn, &row, p)?;
        }
        for s in searches {
            self.insert_search(conn, &row, s)?;
        }
        self.audit.record(
            conn,
            &Event::new(actor, "registration.assisted_create", "registration")
                .object(&row.id)
                .reason(reason),
        )?;
        Ok(Assisted {
            id: row.id,
            claim_code: code,
        })
    }

    /// The unclaimed assisted registrations of an organization that are not past their
    /// retention deadline, opened, oldest first (inside the caller's transaction; for the PFIF
    /// export, which checks its approval first).
    pub(crate) fn families_of_org_in(
        &self,
        conn: &mut DbConn,
        org: &str,
    ) -> AppResult<Vec<OrgFamily>> {
        let mut out = Vec::new();
        for reg in store::of_org(conn, org)? {
            let deadline = match store::retention_of(conn, &reg.id)? {
                Some(row) => Some(self.deadline_in(conn, &row, None)?),
                None => None,
            };
            out.push(OrgFamily {
                profile: self.read_card(conn, &reg)?,
                searches: self.searches_of(conn, &reg.id)?,
                created_at: reg.created_at,
                deadline,
                id: reg.id,
            });
        }
        Ok(out)
    }

    /// The assisted registrations this caseworker made (id, day, claimed), so they can follow
    /// each until the family claims it. Nothing of the people: opening one is audited.
    pub async fn assisted_by(
        &self,
        staff: &Identity,
    ) -> AppResult<Vec<(String, chrono::NaiveDate, bool)>> {
        Self::caseworker_org(staff)?;
        let staff_id = staff.account_id.clone();
        self.db
            .run(move |conn| {
                Ok(store::assisted_by(conn, &staff_id)?
                    .into_iter()
                    .map(|(id, at, owner)| (id, at.date(), owner.is_some()))
                    .collect())
            })
            .await
    }

    /// An assisted registration of the caseworker's organization; every view is audited with
    /// its reason.
    pub async fn view_assisted(&self, staff: &Identity, reg_id: &str) -> AppResult<AssistedView> {
        let org = Self::caseworker_org(staff)?;
        let (this, staff, rid) = (self.clone(), staff.clone(), reg_id.to_string());
        self.db
            .write(move |conn| {
                let reg = store::find_for_org(conn, &rid, &org)?.ok_or(AppError::NotFound)?;
                // Past its retention deadline a registration is hidden from caseworkers.
                if store::is_expired(conn, &reg.id)? {
                    return Err(AppError::NotFound);
                }
                this.audit.record(
                    conn,
                    &Event::new(staff.actor(), "registration.view", "registration")
                        .object(&reg.id)
                        .reason("assisted_registration"),
                )?;
                Ok(AssistedView {
                    claimed: reg.owner_account_id.is_some(),
                    profile: this.read_card(conn, &reg)?,
                    searches: this.searches_of(conn, &reg.id)?,
                    id: reg.id,
                })
            })
            .await
    }

    /// Hand the assisted registration with this claim code to a new account (inside the
    /// caller's transaction, which created the account). `NotFound` for a wrong or used code.
    pub(crate) fn claim_in(
        &self,
        conn: &mut DbConn,
        code: &str,
        account_id: &str,
    ) -> AppResult<String> {
        let digest = self.claim_digest_of(code)?;
        let reg = store::find_by_claim(conn, &digest)?.ok_or(AppError::NotFound)?;
        if store::claim(conn, &reg.id, account_id, self.now())? != 1 {
            return Err(AppError::NotFound);
        }
        Ok(reg.id)
    }
}

/// The day a registration's retention runs out, from what was read: its chosen months after the
/// latest of its making, its last renewal and its owner's last sign-in.
pub(crate) fn deadline(
    settings: &PrivacySettings,
    row: &store::RetentionRow,
    last_sign_in: Option<NaiveDateTime>,
) -> NaiveDateTime {
    let base = [Some(row.created_at), row.renewed_at, last_sign_in]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(row.created_at);
    let base = crate::db::coarse_date(base);
    base.checked_add_months(chrono::Months::new(u32::from(settings.retention_months())))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::domain::{Person, PersonInput, SoughtInput, SoughtPerson};
    use crate::error::AppError;
    use crate::testing::{Fixture, fixture_with, registrant};

    fn sought(f: &Fixture, names: &[&str], father: Option<&str>) -> SoughtPerson {
        SoughtInput {
            relation: Some("brother".into()),
            names: names.iter().map(|s| s.to_string()).collect(),
            father_name: father.map(str::to_string),
            ..Default::default()
        }
        .validate_at(f.clock.today())
        .unwrap()
    }

    fn person(f: &Fixture, name: &str) -> Person {
        PersonInput {
            names: vec![name.into()],
            ..Default::default()
        }
        .validate_at(f.clock.today())
        .unwrap()
    }

    #[tokio::test]
    async fn the_cap_counts_people_sought() {
        let f = fixture_with(|s| s.max_sought_persons = 2);
        let id = registrant(&f).await;
        for name in ["Tursun", "Ilham"] {
            f.registrations
                .create_search(&id, sought(&f, &[name], None))
                .await
                .unwrap();
        }
        let e = f
            .registrations
            .create_search(&id, sought(&f, &["Erkin"], None))
            .await
            .unwrap_err();
        assert_eq!(e.code(), "sought_limit_reached");
    }

    #[tokio::test]
    async fn name_changes_of_searches_and_about_me_share_one_daily_budget() {
        let f = fixture_with(|s| s.name_edits_per_day = 2);
        let id = registrant(&f).await;
        let regs = &f.registrations;
        let sid = regs
            .create_search(&id, sought(&f, &["Tursun"], None))
            .await
            .unwrap();
        regs.put_card(&id, person(&f, "Adil")).await.unwrap();
        // Only the father's name changes: that counts.
        regs.update_search(&id, &sid, sought(&f, &["Tursun"], Some("Memet")))
            .await
            .unwrap();
        // "About me" renamed: the second change.
        regs.put_card(&id, person(&f, "Adiljan")).await.unwrap();
        // The same names again with other fields: not a change.
        regs.put_card(&id, person(&f, "Adiljan")).await.unwrap();
        let e = regs
            .update_search(&id, &sid, sought(&f, &["Tursunjan"], Some("Memet")))
            .await
            .unwrap_err();
        let AppError::RateLimited {
            retry_after: Some(wait),
        } = e
        else {
            panic!("{e:?}")
        };
        assert_eq!(wait, Duration::from_secs(24 * 3600));
        f.clock.advance(Duration::from_secs(24 * 3600));
        regs.update_search(&id, &sid, sought(&f, &["Tursunjan"], Some("Memet")))
            .await
            .unwrap();
        // The purge forgets changes older than the cool-down, and only those.
        let r = regs.clone();
        let purged =
            f.db.write(move |conn| r.purge_name_changes(conn))
                .await
                .unwrap();
        assert_eq!(purged, 2);
    }

    #[tokio::test]
    async fn searches_are_scoped_to_their_owner() {
        let f = fixture_with(|_| {});
        let owner = registrant(&f).await;
        let other = registrant(&f).await;
        let sid = f
            .registrations
            .create_search(&owner, sought(&f, &["Mihray"], None))
            .await
            .unwrap();
        assert!(matches!(
            f.registrations.search(&other, &sid).await,
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            f.registrations.delete_search(&other, &sid).await,
            Err(AppError::NotFound)
        ));
        let found = f.registrations.search(&owner, &sid).await.unwrap();
        assert_eq!(found.person.person().names()[0].as_str(), "Mihray");
    }
}
