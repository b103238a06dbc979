//! Match review and mutual consent: caseworkers review candidates, the families decide, and
//! only when both said yes does either learn of the other. The rules are the pure
//! [`machine`]; this service loads a case, applies an action, writes it back with a
//! conditional update, audits it and sends the content-free notices it calls for.
//!
//! Until a registrant is asked, nothing they can see differs from a registrant with no
//! candidate at all: the only registrant-facing reads are of matches put to them.

mod access;
pub mod machine;
mod registrant;
mod review;
pub mod store;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use rand::Rng;

pub use self::machine::{Action, Answer, Outcome, Rules, Side, State};
use self::store::CaseRow;
pub use access::AccessEntry;
pub use registrant::{MatchView, MessageView};
pub use review::{ANSWER_REASONS, AlertView, OPEN_REASONS, QueueItem, ReviewView, SideView};

use crate::audit::{Actor, Audit, Event};
use crate::auth::Rate;
use crate::clock::Clock;
use crate::config::ConsentSettings;
use crate::crypto::keyfile::KeyStore;
use crate::db::{Db, DbConn};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::limits::Limits;
use crate::mail::{Outbox, Template};
use crate::registrations::Registrations;
use crate::vault::Vault;

/// What a registrant may do to matches (answer, withdraw, close, write) per hour.
const REGISTRANT_ACTIONS: Rate = Rate::new(30, Duration::from_secs(3600));
/// The longest message a family or caseworker may write.
pub const MAX_MESSAGE_CHARS: usize = 2000;

#[derive(Clone)]
pub struct Matches {
    db: Db,
    vault: Vault,
    audit: Audit,
    clock: Clock,
    outbox: Outbox,
    keys: Arc<KeyStore>,
    limits: Limits,
    registrations: Registrations,
    rules: Rules,
    settings: ConsentSettings,
}

impl Matches {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        db: Db,
        vault: Vault,
        audit: Audit,
        clock: Clock,
        outbox: Outbox,
        keys: Arc<KeyStore>,
        limits: Limits,
        registrations: Registrations,
        settings: ConsentSettings,
    ) -> Self {
        Matches {
            db,
            vault,
            audit,
            clock,
            outbox,
            keys,
            limits,
            registrations,
            rules: Rules {
                four_eyes: settings.four_eyes,
                require_vetting: settings.require_vetting,
                consent_days: settings.consent_days,
            },
            settings,
        }
    }

    fn now(&self) -> NaiveDateTime {
        self.clock.now_naive()
    }

    /// Apply `action` to candidate `id` as `actor`; audited with `reason` (or the new state).
    /// An action already reflected changes and audits nothing. Retries when another request
    /// wrote first, so two racing answers are both counted and never both disclose.
    fn transition(
        &self,
        conn: &mut DbConn,
        id: &str,
        action: &Action,
        actor: Actor<'_>,
        reason: Option<&str>,
    ) -> AppResult<(CaseRow, machine::Case)> {
        for _ in 0..8 {
            let row = store::find(conn, id)?.ok_or(AppError::NotFound)?;
            let case = case_of(conn, &row)?;
            let now = self.now();
            let (next, effects) = machine::apply(&case, action, &self.rules, now)
                .map_err(|r| AppError::conflict(r.code(), r.to_string()))?;
            if next == case {
                return Ok((row, next));
            }
            if !store::save(conn, id, row.version, &next, now)? {
                continue;
            }
            self.audit.record(
                conn,
                &Event::new(actor.clone(), action_name(action), "match_candidate")
                    .object(id)
                    .reason(reason.unwrap_or(next.state.as_str())),
            )?;
            if let Some(side) = effects.ask {
                self.notify(conn, row.registration(side))?;
            }
            if effects.disclosed {
                // Both families now see each other's contact card: its own audit row.
                self.audit.record(
                    conn,
                    &Event::new(Actor::System, "match.disclose", "match_candidate").object(id),
                )?;
                for side in Side::ALL {
                    self.notify(conn, row.registration(*side))?;
                }
            }
            return Ok((row, next));
        }
        Err(AppError::conflict(
            "busy",
            "The match changed while this was being saved; please try again.",
        ))
    }

    /// Tell a registration's owner there is an update: the dashboard notice, and one
    /// content-free mail when they have a verified address. An unclaimed assisted registration
    /// has no one to tell: its caseworker sees it in the queue.
    fn notify(&self, conn: &mut DbConn, registration_id: &str) -> AppResult<()> {
        let Some(party) = store::party(conn, registration_id)? else {
            return Ok(());
        };
        let Some(account_id) = party.owner_account_id else {
            return Ok(());
        };
        store::set_update_pending(conn, &account_id, true)?;
        self.mail_update(conn, &account_id)
    }

    /// "There is an update, please sign in", to an account's verified address, if any.
    pub(crate) fn mail_update(&self, conn: &mut DbConn, account_id: &str) -> AppResult<()> {
        use crate::accounts::store as accounts;
        let Some(account) = accounts::find(conn, account_id)? else {
            return Ok(());
        };
        let Some(email_ct) = account.email_ct.as_ref().filter(|_| account.email_verified) else {
            return Ok(());
        };
        let email = self
            .vault
            .open(conn, accounts::ACCOUNTS, &account.id)?
            .open(accounts::EMAIL, email_ct)?;
        let lang = Lang::parse(&account.locale).unwrap_or(Lang::En);
        self.outbox
            .enqueue(conn, &email, Template::Update, None, lang)
    }

    async fn spend_registrant_action(&self, account_id: &str) -> AppResult<()> {
        let key = self.limits.key("match-action", account_id);
        match self.limits.take(key, REGISTRANT_ACTIONS).await? {
            Ok(()) => Ok(()),
            Err(wait) => Err(AppError::rate_limited(Some(wait))),
        }
    }

    fn seal_message(
        &self,
        conn: &mut DbConn,
        candidate_id: &str,
        side: &str,
        from_staff: bool,
        body: &str,
    ) -> AppResult<()> {
        let id = uuid::Uuid::new_v4().to_string();
        let sealer = self.vault.create(conn, store::MATCH_MESSAGES, &id)?;
        let row = store::MessageRow {
            body_ct: sealer.seal(store::MESSAGE_BODY, &body.to_string())?,
            candidate_id: candidate_id.to_string(),
            side: side.to_string(),
            from_staff,
            created_at: crate::db::coarse_date(self.now()),
            seq: store::next_seq(conn, candidate_id)?,
            id,
        };
        store::insert_message(conn, &row)?;
        Ok(())
    }

    fn open_messages(
        &self,
        conn: &mut DbConn,
        candidate_id: &str,
        side: Option<Side>,
    ) -> AppResult<Vec<MessageView>> {
        store::messages_of(conn, candidate_id, side)?
            .into_iter()
            .map(|m| {
                let body = self
                    .vault
                    .open(conn, store::MATCH_MESSAGES, &m.id)?
                    .open(store::MESSAGE_BODY, &m.body_ct)?;
                Ok(MessageView {
                    side: m.side,
                    from_staff: m.from_staff,
                    body,
                    date: m.created_at.date(),
                })
            })
            .collect()
    }

    // Background jobs.

    /// Matches put to a side that stayed silent for the consent period end as expired.
    pub async fn expire_due(&self) -> AppResult<usize> {
        let this = self.clone();
        self.db
            .write(move |conn| {
                let mut n = 0;
                for row in store::in_states(conn, &[State::ConsentRequested])? {
                    match this.transition(conn, &row.id, &Action::Expire, Actor::System, None) {
                        Ok((_, case)) if case.state == State::Expired => n += 1,
                        Ok(_) | Err(AppError::Conflict { .. }) => {}
                        Err(e) => return Err(e),
                    }
                }
                Ok(n)
            })
            .await
    }

    /// Decoy updates: every registrant with a verified address gets the same "there is an
    /// update" mail at random, `decoy_updates_per_year` times a year on average, so a mail
    /// does not mean a match. Run once a day.
    pub async fn send_decoys(&self) -> AppResult<usize> {
        let per_year = self.settings.decoy_updates_per_year;
        if per_year == 0 {
            return Ok(0);
        }
        let this = self.clone();
        self.db
            .write(move |conn| {
                let p = f64::from(per_year) / 365.0;
                let mut n = 0;
                for account_id in store::registrants_with_email(conn)? {
                    if rand::rng().random_bool(p.min(1.0)) {
                        this.mail_update(conn, &account_id)?;
                        n += 1;
                    }
                }
                Ok(n)
            })
            .await
    }

    /// A content-free notice to the caseworkers of every organization serving a newly
    /// proposed candidate, or a match put to families whose caseworker left (one mail per
    /// caseworker per run, however many).
    pub async fn notify_staff(&self) -> AppResult<usize> {
        let this = self.clone();
        self.db
            .write(move |conn| {
                let rows = store::unnotified(conn)?;
                if rows.is_empty() {
                    return Ok(0);
                }
                let reviewers = Reviewers::load(conn, &rows)?;
                let orgs: BTreeSet<String> = rows.iter().flat_map(|r| reviewers.of(r)).collect();
                let mut staff = BTreeSet::new();
                for org in &orgs {
                    staff.extend(store::staff_of(conn, org, "caseworker")?);
                }
                for account_id in &staff {
                    this.mail_update(conn, account_id)?;
                }
                let ids: Vec<String> = rows.into_iter().map(|r| r.id).collect();
                store::mark_notified(conn, &ids)?;
                Ok(staff.len())
            })
            .await
    }
}

/// A name form of a record changed: every match of it held by people goes back to review
/// (inside the caller's transaction), before anyone is asked again.
pub fn names_changed(
    conn: &mut DbConn,
    audit: &Audit,
    record_id: &str,
    at: NaiveDateTime,
) -> AppResult<()> {
    for id in crate::matching::store::in_hands_of(conn, record_id)? {
        apply_inside(conn, audit, &id, &Action::NamesChanged, Actor::System, at)?;
    }
    Ok(())
}

/// A caseworker was disabled or removed (inside the caller's transaction): every review they
/// held goes back to the queue, and every follow-up (families asked, or told) waits there for
/// another caseworker of the organization to take over, audited as `actor`'s, so no family's
/// question waits on someone who cannot sign in.
pub fn holder_left(
    conn: &mut DbConn,
    audit: &Audit,
    actor: Actor<'_>,
    staff_id: &str,
    at: NaiveDateTime,
) -> AppResult<usize> {
    let action = Action::HolderLeft {
        by: staff_id.to_string(),
    };
    let mut released = 0;
    let reviews = store::claimed_by(conn, staff_id, &[State::Candidate, State::InReview])?;
    for id in reviews {
        if apply_inside(conn, audit, &id, &action, actor.clone(), at)? {
            released += 1;
        }
    }
    for id in store::claimed_by(conn, staff_id, &machine::PAST_REVIEW)? {
        if apply_inside(conn, audit, &id, &action, actor.clone(), at)? {
            released += 1;
            // The organization's caseworkers hear (content-free) that it waits for one of
            // them: the staff notices job.
            store::mark_unnotified(conn, &id)?;
        }
    }
    Ok(released)
}

/// Apply an action that needs no caseworker rules to candidate `id`, inside the caller's
/// transaction, audited when it changed something (retried if another writer came first).
fn apply_inside(
    conn: &mut DbConn,
    audit: &Audit,
    id: &str,
    action: &Action,
    actor: Actor<'_>,
    at: NaiveDateTime,
) -> AppResult<bool> {
    // Neither action reads the rules.
    let rules = Rules {
        four_eyes: true,
        require_vetting: true,
        consent_days: 1,
    };
    for _ in 0..8 {
        let Some(row) = store::find(conn, id)? else {
            return Ok(false);
        };
        let case = case_of(conn, &row)?;
        let Ok((next, _)) = machine::apply(&case, action, &rules, at) else {
            return Ok(false);
        };
        if next == case {
            return Ok(false);
        }
        if store::save(conn, id, row.version, &next, at)? {
            audit.record(
                conn,
                &Event::new(actor, action_name(action), "match_candidate")
                    .object(id)
                    .reason(next.state.as_str()),
            )?;
            return Ok(true);
        }
    }
    Ok(false)
}

/// The case of a row, with its registrations' vetting and age.
fn case_of(conn: &mut DbConn, row: &CaseRow) -> AppResult<machine::Case> {
    let mut vetted = [false; 2];
    let mut created = [NaiveDateTime::default(); 2];
    for side in Side::ALL {
        if let Some(p) = store::party(conn, row.registration(*side))? {
            vetted[side.index()] = p.vetted;
            created[side.index()] = p.created_at;
        }
    }
    row.case(vetted, created)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("candidate in an unknown state")))
}

/// The organizations that review a candidate: those owning either registration, and when a
/// side belongs to no organization, those serving such registrations.
fn serving_orgs(conn: &mut DbConn, row: &CaseRow) -> AppResult<BTreeSet<String>> {
    Ok(Reviewers::load(conn, std::slice::from_ref(row))?.of(row))
}

/// [`serving_orgs`] for a batch of candidates, read in two queries however many there are
/// (a queue of thousands asked two or three per candidate).
struct Reviewers {
    owner_org: HashMap<String, Option<String>>,
    unaffiliated: Vec<String>,
}

impl Reviewers {
    fn load(conn: &mut DbConn, rows: &[CaseRow]) -> AppResult<Self> {
        let mut ids: Vec<&str> = rows
            .iter()
            .flat_map(|r| Side::ALL.iter().map(|s| r.registration(*s)))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let owner_org: HashMap<_, _> = store::owner_orgs(conn, &ids)?.into_iter().collect();
        // A registration gone or of no organization is served by those serving the unaffiliated.
        let unaffiliated = if ids
            .iter()
            .any(|id| owner_org.get(*id).is_none_or(Option::is_none))
        {
            store::serving_unaffiliated(conn)?
        } else {
            Vec::new()
        };
        Ok(Reviewers {
            owner_org,
            unaffiliated,
        })
    }

    fn of(&self, row: &CaseRow) -> BTreeSet<String> {
        let mut orgs = BTreeSet::new();
        for side in Side::ALL {
            match self
                .owner_org
                .get(row.registration(*side))
                .cloned()
                .flatten()
            {
                Some(org) => {
                    orgs.insert(org);
                }
                None => orgs.extend(self.unaffiliated.iter().cloned()),
            }
        }
        orgs
    }
}

fn action_name(action: &Action) -> &'static str {
    match action {
        Action::Claim { .. } => "match.claim",
        Action::Release { .. } => "match.release",
        Action::Open { .. } => "match.open",
        Action::Approve { .. } => "match.approve",
        Action::Reject { .. } => "match.reject",
        Action::Answer { .. } => "match.answer",
        Action::Withdraw { .. } => "match.withdraw",
        Action::Close { .. } => "match.close",
        Action::Expire => "match.expire",
        Action::NamesChanged => "match.names_changed",
        Action::HolderLeft { .. } => "match.holder_left",
    }
}

/// A message as written: trimmed, not empty, not too long, no control characters but line
/// breaks.
fn checked_message(body: &str) -> AppResult<String> {
    let body = body.trim();
    let bad = |m: &str| Err(AppError::invalid("invalid_message", m.to_string()));
    if body.is_empty() {
        return bad("The message is empty.");
    }
    if body.chars().count() > MAX_MESSAGE_CHARS {
        return bad("The message is too long.");
    }
    if body
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return bad("The message holds characters that cannot be shown.");
    }
    Ok(body.to_string())
}

/// Distinct other registrations each registration's candidates touch (retracted ones aside).
fn families_touched(rows: &[CaseRow]) -> BTreeMap<String, BTreeSet<String>> {
    let mut touched: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in rows {
        touched
            .entry(row.reg_a.clone())
            .or_default()
            .insert(row.reg_b.clone());
        touched
            .entry(row.reg_b.clone())
            .or_default()
            .insert(row.reg_a.clone());
    }
    touched
}
