//! The life of an account as a whole, above the account and registration services (which know
//! nothing of each other): claiming an assisted registration, exporting everything, deleting
//! everything (by the person, or after a duress sign-in).

use chrono::NaiveDateTime;

use crate::accounts::settings::AccountSummary;
use crate::accounts::{Accounts, Identity, NewAccount, Role};
use crate::audit::{Actor, Audit, Event};
use crate::clock::Clock;
use crate::consent::Matches;
use crate::crypto::Sensitive;
use crate::db::{Db, DbConn};
use crate::domain::{Person, PrivacySettings};
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::registrations::store::DashboardRows;
use crate::registrations::{RegistrationData, Registrations, Search};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    None,
    Reminded,
    Expired,
    Destroyed,
}

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
    /// Sends the content-free reminder before a registration's deadline.
    matches: Matches,
}

/// What a registrant's dashboard shows.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// "About me", if written.
    pub about: Option<Person>,
    pub searches: Vec<Search>,
    /// A match was put to them or disclosed since they last looked.
    pub update: bool,
    /// The retention deadline, if they have a registration.
    pub kept_until: Option<NaiveDateTime>,
}

/// A reminder goes this long before the deadline; destruction follows this long after it.
pub const RETENTION_NOTICE: chrono::Duration = chrono::Duration::days(30);

impl Lifecycle {
    pub fn new(
        db: Db,
        audit: Audit,
        clock: Clock,
        accounts: Accounts,
        registrations: Registrations,
        matches: Matches,
    ) -> Self {
        Lifecycle {
            db,
            audit,
            clock,
            accounts,
            registrations,
            matches,
        }
    }

    /// The retention deadline of the caller's registration (shown on the dashboard, so a
    /// family without email sees it too), if they have a registration.
    pub async fn kept_until(&self, id: &Identity) -> AppResult<Option<NaiveDateTime>> {
        let (this, account_id) = (self.clone(), id.account_id.clone());
        self.db
            .run(move |conn| {
                match crate::registrations::store::dashboard_rows(conn, &account_id)? {
                    Some(rows) => this.kept_until_of(&rows),
                    None => Ok(None),
                }
            })
            .await
    }

    /// The deadline from what [`crate::registrations::store::dashboard_rows`] read.
    fn kept_until_of(&self, rows: &DashboardRows) -> AppResult<Option<NaiveDateTime>> {
        let Some((reg, retention, key)) = &rows.registration else {
            return Ok(None);
        };
        let settings: Option<PrivacySettings> =
            self.registrations.read_card_with(reg, key.as_ref())?;
        Ok(Some(crate::registrations::deadline(
            &settings.unwrap_or_default(),
            retention,
            rows.last_sign_in_at,
        )))
    }

    /// Everything the dashboard shows, read in one go on the caller's connection, where the
    /// session was just checked: one trip to the blocking pool and the database pool instead
    /// of five (each trip costs more than the indexed reads themselves).
    pub fn dashboard_in(&self, conn: &mut DbConn, id: &Identity) -> AppResult<Dashboard> {
        id.require_registrant()?;
        // Two queries with the session's, where reading each part the way its own page does
        // took ten: on PostgreSQL each is a round trip (bench/RESULTS.md).
        let mut rows = crate::registrations::store::dashboard_rows(conn, &id.account_id)?
            .ok_or(crate::error::AppError::NotFound)?;
        let kept_until = self.kept_until_of(&rows)?;
        let Some((reg, _, key)) = &rows.registration else {
            return Ok(Dashboard {
                about: None,
                searches: Vec::new(),
                update: rows.update_pending,
                kept_until,
            });
        };
        Ok(Dashboard {
            about: self.registrations.read_card_with(reg, key.as_ref())?,
            searches: self
                .registrations
                .open_searches(std::mem::take(&mut rows.searches))?,
            update: rows.update_pending,
            kept_until,
        })
    }

    /// The retention job: a reminder 30 days before each registration's deadline (one per
    /// deadline), at the deadline out of matching and hidden, 30 days later destroyed by
    /// shredding its keys; a registration renewed or signed into since comes back. Returns
    /// (reminded, expired, destroyed).
    pub async fn apply_retention(&self) -> AppResult<(usize, usize, usize)> {
        let mut after = String::new();
        let mut counts = (0, 0, 0);
        loop {
            let this = self.clone();
            let (page, next, c) = self
                .db
                .write(move |conn| {
                    let page = crate::registrations::store::retention_page(conn, &after, 200)?;
                    let mut c = (0, 0, 0);
                    for row in &page {
                        let step = this.retention_step(conn, row)?;
                        c.0 += usize::from(step == Step::Reminded);
                        c.1 += usize::from(step == Step::Expired);
                        c.2 += usize::from(step == Step::Destroyed);
                    }
                    let next = page.last().map(|r| r.id.clone());
                    Ok((page.len(), next, c))
                })
                .await?;
            counts = (counts.0 + c.0, counts.1 + c.1, counts.2 + c.2);
            match next {
                Some(n) if page == 200 => after = n,
                _ => return Ok(counts),
            }
        }
    }

    fn retention_step(
        &self,
        conn: &mut DbConn,
        row: &crate::registrations::store::RetentionRow,
    ) -> AppResult<Step> {
        use crate::registrations::store;
        let owner = match &row.owner_account_id {
            Some(id) => crate::accounts::store::find(conn, id)?,
            None => None,
        };
        let deadline = self.registrations.deadline_in(
            conn,
            row,
            owner.as_ref().and_then(|a| a.last_sign_in_at),
        )?;
        let today = crate::db::coarse_date(self.clock.now_naive());
        if today >= deadline + RETENTION_NOTICE {
            self.registrations.delete_registration(conn, &row.id)?;
            self.audit.record(
                conn,
                &Event::new(Actor::System, "registration.destroy", "registration")
                    .object(&row.id)
                    .reason("retention"),
            )?;
            return Ok(Step::Destroyed);
        }
        if today >= deadline {
            if row.expired_at.is_none() {
                self.registrations.set_expired_in(conn, &row.id, true)?;
                return Ok(Step::Expired);
            }
            return Ok(Step::None);
        }
        if row.expired_at.is_some() {
            // Signed into since it expired: the deadline moved on.
            self.registrations.set_expired_in(conn, &row.id, false)?;
        }
        if today + RETENTION_NOTICE >= deadline && row.reminded_for != Some(deadline) {
            store::set_reminded_for(conn, &row.id, deadline)?;
            if let Some(owner) = &owner {
                self.matches.mail_update(conn, &owner.id)?;
            }
            return Ok(Step::Reminded);
        }
        Ok(Step::None)
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

#[cfg(test)]
mod tests {
    use crate::db::record_key::{self, RecordKeyRow};
    use crate::domain::{Person, SoughtPerson};
    use crate::registrations::store;
    use crate::testing::{fixture, registrant};

    fn json<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
        serde_json::from_value(v).unwrap()
    }

    async fn dashboard(f: &crate::testing::Fixture, id: &super::Identity) -> super::Dashboard {
        let (lifecycle, id) = (f.lifecycle.clone(), id.clone());
        f.db.run(move |conn| lifecycle.dashboard_in(conn, &id))
            .await
            .unwrap()
    }

    /// The dashboard reads the registration and its searches in one query, so every
    /// registration row repeats per search and per key generation: each search must come out
    /// once, oldest first, with its newest key, beside the registration's newest key.
    #[tokio::test]
    async fn the_dashboard_reads_each_search_once_with_the_newest_keys() {
        let f = fixture();
        let id = registrant(&f).await;
        let empty = dashboard(&f, &id).await;
        assert!(empty.about.is_none() && empty.searches.is_empty());

        let me: Person = json(serde_json::json!({"names": ["Memet Tursun"], "gender": "male"}));
        f.registrations.put_card(&id, me.clone()).await.unwrap();
        let mut ids = Vec::new();
        for (i, name) in ["Abdurehim Qadir", "Aygul Qadir", "Tursun Memet"]
            .iter()
            .enumerate()
        {
            let person: SoughtPerson = json(serde_json::json!({
                "names": [name], "relation": if i == 1 { "mother" } else { "father" },
            }));
            ids.push(f.registrations.create_search(&id, person).await.unwrap());
            // Creation is kept to the day: a day apart, so "oldest first" is decided by time.
            f.clock.advance(std::time::Duration::from_secs(24 * 3600));
        }
        let board = dashboard(&f, &id).await;
        assert_eq!(board.about, Some(me));
        let got: Vec<&str> = board.searches.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(got, ids.iter().map(String::as_str).collect::<Vec<_>>());

        // A second key generation for the registration and for the middle search.
        let account = id.account_id.clone();
        let (reg_key, search_keys) =
            f.db.run(move |conn| {
                let rows = store::dashboard_rows(conn, &account)?.unwrap();
                let (reg, ..) = rows.registration.unwrap();
                for record in [reg.id.as_str(), rows.searches[1].0.id.as_str()] {
                    let mut row: RecordKeyRow = record_key::find_latest(conn, record)?.unwrap();
                    row.key_id += 1;
                    record_key::insert(conn, &row)?;
                }
                let rows = store::dashboard_rows(conn, &account)?.unwrap();
                let reg_key = rows.registration.unwrap().2.unwrap().key_id;
                let search_keys: Vec<(String, i64)> = rows
                    .searches
                    .into_iter()
                    .map(|(s, k)| (s.id, k.unwrap().key_id))
                    .collect();
                Ok((reg_key, search_keys))
            })
            .await
            .unwrap();
        assert_eq!(reg_key, record_key::FIRST_DATA_KEY + 1);
        let first = record_key::FIRST_DATA_KEY;
        assert_eq!(
            search_keys,
            vec![
                (ids[0].clone(), first),
                (ids[1].clone(), first + 1),
                (ids[2].clone(), first),
            ]
        );
    }
}
