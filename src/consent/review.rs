//! What caseworkers do: the queue of their organization, claim and release, open with a
//! reason (audited), approve, reject, vet, reply to a family, answer for a family that has no
//! account yet, and the alerts. No search and no list of records: only through candidates,
//! and only candidates their organization serves; anything else is "not found".

use serde::Serialize;

use super::machine::{Action, Answer, Side, State};
use super::store::{self, CaseRow};
use super::{Matches, checked_message, families_touched, serving_orgs};
use crate::audit::Event;
use crate::auth::Rate;
use crate::auth::{Identity, Role};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::registrations::RecordPerson;

/// Why a caseworker opens a candidate.
pub const OPEN_REASONS: &[&str] = &[
    "match_review",
    "follow_up",
    "registrant_request",
    "quality_check",
];
/// How a family without an account told its caseworker its answer.
pub const ANSWER_REASONS: &[&str] = &["family_in_person", "family_by_phone", "family_in_writing"];

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QueueItem {
    pub id: String,
    #[schema(schema_with = State::schema)]
    pub state: &'static str,
    /// `strong`, `likely` or `possible`.
    pub band: String,
    /// `sought_self`, `reciprocal` or `co_seekers`.
    pub kind: String,
    pub claimed_by_me: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NameView {
    /// names, nicknames, father_name or mother_name.
    pub field: &'static str,
    pub text: String,
    pub script: &'static str,
    /// The name engine's Latin reading.
    pub reading: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RecordView {
    pub record_id: String,
    /// `about_me` or `sought`.
    pub kind: &'static str,
    #[schema(schema_with = relation_or_null)]
    pub relation: Option<&'static str>,
    pub names: Vec<NameView>,
    /// Everything entered about the person, as entered.
    pub details: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FactView {
    pub question: String,
    pub answer: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SideView {
    #[schema(schema_with = Side::schema)]
    pub side: &'static str,
    pub registration_id: String,
    pub vetted: bool,
    /// The registration has an account (an assisted one may not be claimed yet).
    pub has_account: bool,
    pub asked: bool,
    #[schema(schema_with = super::registrant::answer_or_null)]
    pub answer: Option<&'static str>,
    /// Its first record in the candidate; `records` holds both of a reciprocal one.
    pub person: Option<RecordView>,
    pub records: Vec<RecordView>,
    pub facts: Vec<FactView>,
    pub messages: Vec<super::MessageView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReviewView {
    pub id: String,
    #[schema(schema_with = State::schema)]
    pub state: &'static str,
    pub band: String,
    pub score: f64,
    pub kind: String,
    pub explanation: serde_json::Value,
    pub claimed_by_me: bool,
    pub approved_by_me: bool,
    pub sides: Vec<SideView>,
    /// Caseworkers' notes with their approvals and rejections (staff only).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AlertView {
    pub registration_id: String,
    pub families: usize,
}

fn relation_or_null() -> utoipa::openapi::Schema {
    crate::domain::nullable(crate::domain::Relation::schema())
}

/// The caseworker's organization; everyone else has no review routes.
fn caseworker(id: &Identity) -> AppResult<&str> {
    match (id.role, id.organization_id.as_deref()) {
        (Role::Caseworker, Some(org)) => Ok(org),
        _ => Err(AppError::NotFound),
    }
}

fn state_of(row: &CaseRow) -> &'static str {
    row.state().map_or("unknown", State::as_str)
}

impl Matches {
    /// A candidate the caseworker's organization serves, or not found.
    fn served(&self, conn: &mut DbConn, org: &str, id: &str) -> AppResult<CaseRow> {
        let row = store::find(conn, id)?.ok_or(AppError::NotFound)?;
        // A retracted candidate was never anyone's to see.
        if row.state().is_some() && serving_orgs(conn, &row)?.contains(org) {
            return Ok(row);
        }
        Err(AppError::NotFound)
    }

    /// Candidates waiting for review in the caseworker's organization, then the matches put
    /// to families that the caseworker follows up or may take over (their caseworker left):
    /// band, kind and state only, nothing of the people.
    pub async fn queue(&self, staff: &Identity) -> AppResult<Vec<QueueItem>> {
        let org = caseworker(staff)?.to_string();
        let me = staff.account_id.clone();
        self.db
            .run(move |conn| {
                let serves_unaffiliated = store::serves_unaffiliated(conn, &org)?;
                Ok(store::queue(conn, &org, serves_unaffiliated, &me)?
                    .into_iter()
                    .map(|row| QueueItem {
                        state: state_of(&row),
                        claimed_by_me: row.claimed_by.as_deref() == Some(me.as_str()),
                        id: row.id,
                        band: row.band,
                        kind: row.kind,
                    })
                    .collect())
            })
            .await
    }

    async fn staff_transition(
        &self,
        staff: &Identity,
        id: &str,
        action: Action,
        note: Option<String>,
    ) -> AppResult<State> {
        let org = caseworker(staff)?.to_string();
        let (this, staff, id) = (self.clone(), staff.clone(), id.to_string());
        self.db
            .write(move |conn| {
                this.served(conn, &org, &id)?;
                let (_, case) = this.transition(conn, &id, &action, staff.actor(), None)?;
                if let Some(note) = note {
                    this.seal_message(conn, &id, "note", true, &note)?;
                }
                Ok(case.state)
            })
            .await
    }

    pub async fn claim(&self, staff: &Identity, id: &str) -> AppResult<State> {
        let by = staff.account_id.clone();
        self.staff_transition(staff, id, Action::Claim { by }, None)
            .await
    }

    pub async fn release(&self, staff: &Identity, id: &str) -> AppResult<State> {
        let by = staff.account_id.clone();
        self.staff_transition(staff, id, Action::Release { by }, None)
            .await
    }

    pub async fn approve(
        &self,
        staff: &Identity,
        id: &str,
        note: Option<String>,
    ) -> AppResult<State> {
        let note = note
            .filter(|n| !n.trim().is_empty())
            .map(|n| checked_message(&n))
            .transpose()?;
        let by = staff.account_id.clone();
        self.staff_transition(staff, id, Action::Approve { by }, note)
            .await
    }

    pub async fn reject(&self, staff: &Identity, id: &str, note: &str) -> AppResult<State> {
        let note = checked_message(note)?;
        let by = staff.account_id.clone();
        self.staff_transition(staff, id, Action::Reject { by }, Some(note))
            .await
    }

    /// Open a candidate the caseworker holds, with a reason: both sides in full (audited as a
    /// view of each registration). Anyone else gets "not found".
    pub async fn open(&self, staff: &Identity, id: &str, reason: &str) -> AppResult<ReviewView> {
        let org = caseworker(staff)?.to_string();
        let reason = OPEN_REASONS.iter().find(|r| **r == reason).ok_or_else(|| {
            AppError::invalid("invalid_reason", "Give one of the listed reasons.")
        })?;
        self.spend_view(staff).await?;
        let (this, staff, id) = (self.clone(), staff.clone(), id.to_string());
        self.db
            .write(move |conn| {
                let row = this.served(conn, &org, &id)?;
                if row.claimed_by.as_deref() != Some(staff.account_id.as_str()) {
                    return Err(AppError::NotFound);
                }
                let by = staff.account_id.clone();
                let (row, case) =
                    this.transition(conn, &id, &Action::Open { by }, staff.actor(), Some(reason))?;
                for side in Side::ALL {
                    this.audit.record(
                        conn,
                        &Event::new(staff.actor(), "registration.view", "registration")
                            .object(row.registration(*side))
                            .case(&row.id)
                            .reason(reason),
                    )?;
                }
                this.review_view(conn, &staff, &row, &case)
            })
            .await
    }

    /// One view of the caseworker's daily budget. Over it the open is refused (429) and the
    /// refusal is audited and logged as an alert (a caseworker account browsing in bulk is
    /// what a stolen one does), in a transaction of its own so the refusal stays on record.
    async fn spend_view(&self, staff: &Identity) -> AppResult<()> {
        let rate = Rate::new(
            self.settings.caseworker_views_per_day,
            std::time::Duration::from_secs(24 * 3600),
        );
        let (this, staff) = (self.clone(), staff.clone());
        let spent = self
            .db
            .write(move |conn| {
                let key = this.limits.key("caseworker-views", &staff.account_id);
                let taken = this.limits.take_in(conn, &key, rate)?;
                if taken.is_err() {
                    this.audit.record(
                        conn,
                        &Event::new(staff.actor(), "staff.view_quota", "account")
                            .object(&staff.account_id)
                            .outcome("denied"),
                    )?;
                }
                Ok(taken)
            })
            .await?;
        spent.map_err(|wait| {
            tracing::warn!(
                alert = "caseworker_view_quota",
                "a caseworker reached the daily view quota"
            );
            AppError::rate_limited(Some(wait))
        })
    }

    fn review_view(
        &self,
        conn: &mut DbConn,
        staff: &Identity,
        row: &CaseRow,
        case: &super::machine::Case,
    ) -> AppResult<ReviewView> {
        let keyring = self.keys.current();
        let version = u32::try_from(row.review_version)
            .map_err(|_| AppError::internal(anyhow::anyhow!("bad review key version")))?;
        let review: serde_json::Value = keyring
            .open_review(version, &row.id, &row.review_ct)
            .map_err(|e| AppError::internal(anyhow::anyhow!("review explanation: {e}")))
            .and_then(|bytes| {
                serde_json::from_slice(&bytes).map_err(|e| AppError::internal(anyhow::anyhow!(e)))
            })?;
        let pairs = review["pairs"].clone();
        let score = pairs
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["score"].as_f64())
            .fold(f64::NAN, f64::max);
        let mut sides = Vec::new();
        for side in Side::ALL {
            let reg = row.registration(*side).to_string();
            let party = store::party(conn, &reg)?;
            let mut records = Vec::new();
            for record in row.records_of(*side) {
                if let Some(p) = self.registrations.record_person(conn, record)? {
                    records.push(record_view(record, &p));
                }
            }
            let cards = self.registrations.cards_of(conn, &reg)?;
            let facts = cards
                .verification_facts
                .map(|f| {
                    f.facts()
                        .iter()
                        .map(|f| FactView {
                            question: f.question().to_string(),
                            answer: f.answer().to_string(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            sides.push(SideView {
                side: side.as_str(),
                registration_id: reg.clone(),
                vetted: party.as_ref().is_some_and(|p| p.vetted),
                has_account: party.as_ref().is_some_and(|p| p.owner_account_id.is_some()),
                asked: case.asked(*side),
                answer: case.answer(*side).map(Answer::as_str),
                person: records.first().cloned(),
                records,
                facts,
                messages: self.open_messages(conn, &row.id, Some(*side))?,
            });
        }
        let me = Some(staff.account_id.as_str());
        Ok(ReviewView {
            id: row.id.clone(),
            state: case.state.as_str(),
            band: row.band.clone(),
            score: if score.is_nan() { 0.0 } else { score },
            kind: row.kind.clone(),
            explanation: pairs,
            claimed_by_me: case.claimed_by.as_deref() == me,
            approved_by_me: case.approved_by.as_deref() == me
                || case.approved_by_2.as_deref() == me,
            sides,
            notes: self
                .open_messages(conn, &row.id, None)?
                .into_iter()
                .filter(|m| m.side == "note")
                .map(|m| m.body)
                .collect(),
        })
    }

    /// Vet a registration on a candidate the caseworker holds.
    pub async fn vet(&self, staff: &Identity, registration_id: &str) -> AppResult<()> {
        let org = caseworker(staff)?.to_string();
        let (this, staff, reg) = (self.clone(), staff.clone(), registration_id.to_string());
        self.db
            .write(move |conn| {
                // Only through a live candidate the caseworker holds, which their organization
                // serves (a claim implies so; checked again).
                let mut held = false;
                for row in store::of_registration(conn, &reg)? {
                    held |= row.claimed_by.as_deref() == Some(staff.account_id.as_str())
                        && row.state().is_some_and(State::is_live)
                        && serving_orgs(conn, &row)?.contains(&org);
                }
                if !held {
                    return Err(AppError::NotFound);
                }
                store::set_vetted(conn, &reg)?;
                this.audit.record(
                    conn,
                    &Event::new(staff.actor(), "registration.vet", "registration").object(&reg),
                )?;
                Ok(())
            })
            .await
    }

    /// A caseworker's message to one side of a match they are assigned to.
    pub async fn reply(&self, staff: &Identity, id: &str, side: &str, body: &str) -> AppResult<()> {
        let org = caseworker(staff)?.to_string();
        let side = Side::parse(side)
            .ok_or_else(|| AppError::invalid("invalid_side", "The side is a or b."))?;
        let body = checked_message(body)?;
        let (this, staff, id) = (self.clone(), staff.clone(), id.to_string());
        self.db
            .write(move |conn| {
                let row = this.served(conn, &org, &id)?;
                let case = super::case_of(conn, &row)?;
                if case.assigned() != Some(staff.account_id.as_str()) {
                    return Err(AppError::NotFound);
                }
                if !case.visible_to(side) {
                    return Err(AppError::conflict(
                        "invalid_transition",
                        "This side has not been asked.",
                    ));
                }
                this.seal_message(conn, &id, side.as_str(), true, &body)?;
                this.audit.record(
                    conn,
                    &Event::new(staff.actor(), "match.message", "match_candidate")
                        .object(&id)
                        .reason(side.as_str()),
                )?;
                this.notify(conn, row.registration(side))
            })
            .await
    }

    /// Answer for a family whose assisted registration has no account yet, with the reason
    /// (how the family gave it). Only its organization's caseworkers may.
    pub async fn answer_for_family(
        &self,
        staff: &Identity,
        id: &str,
        answer: Answer,
        reason: &str,
    ) -> AppResult<State> {
        let org = caseworker(staff)?.to_string();
        let reason = *ANSWER_REASONS
            .iter()
            .find(|r| **r == reason)
            .ok_or_else(|| {
                AppError::invalid("invalid_reason", "Give one of the listed reasons.")
            })?;
        let (this, staff, id) = (self.clone(), staff.clone(), id.to_string());
        self.db
            .write(move |conn| {
                let row = this.served(conn, &org, &id)?;
                let side = Side::ALL
                    .iter()
                    .copied()
                    .find(|s| {
                        store::party(conn, row.registration(*s))
                            .ok()
                            .flatten()
                            .is_some_and(|p| {
                                p.owner_account_id.is_none()
                                    && p.owner_org_id.as_deref() == Some(org.as_str())
                            })
                    })
                    .ok_or(AppError::NotFound)?;
                let (_, case) = this.transition(
                    conn,
                    &id,
                    &Action::Answer { side, answer },
                    staff.actor(),
                    Some(reason),
                )?;
                Ok(case.state)
            })
            .await
    }

    /// Registrations of the organization's reach whose candidates touch many unrelated
    /// families: how a planted registrant fishing with many names shows.
    pub async fn alerts(&self, staff: &Identity) -> AppResult<Vec<AlertView>> {
        let org = caseworker(staff)?.to_string();
        let threshold = self.settings.alert_families as usize;
        self.db
            .run(move |conn| {
                let rows = store::proposed(conn)?;
                let mut out = Vec::new();
                for (reg, others) in families_touched(&rows) {
                    if others.len() < threshold {
                        continue;
                    }
                    let Some(party) = store::party(conn, &reg)? else {
                        continue;
                    };
                    let serves = match &party.owner_org_id {
                        Some(o) => *o == org,
                        None => store::serves_unaffiliated(conn, &org)?,
                    };
                    if serves {
                        out.push(AlertView {
                            registration_id: reg,
                            families: others.len(),
                        });
                    }
                }
                out.sort_by_key(|a| std::cmp::Reverse(a.families));
                Ok(out)
            })
            .await
    }

    /// Whether any organization reviews registrations of no organization (staff pages warn
    /// admins when none does: those families' matches would wait for nobody).
    pub async fn anyone_serves_unaffiliated(&self) -> AppResult<bool> {
        self.db
            .run(|conn| Ok(!store::serving_unaffiliated(conn)?.is_empty()))
            .await
    }

    /// Whether the organization reviews registrations of no organization, and the switch.
    pub async fn serves_unaffiliated(&self, admin: &Identity) -> AppResult<(bool, bool)> {
        let org = org_admin(admin)?.to_string();
        self.db
            .run(move |conn| {
                let on = store::serves_unaffiliated(conn, &org)?;
                let anyone = !store::serving_unaffiliated(conn)?.is_empty();
                Ok((on, anyone))
            })
            .await
    }

    pub async fn set_serves_unaffiliated(&self, admin: &Identity, on: bool) -> AppResult<()> {
        let org = org_admin(admin)?.to_string();
        let (this, admin) = (self.clone(), admin.clone());
        self.db
            .write(move |conn| {
                store::set_serves_unaffiliated(conn, &org, on)?;
                this.audit.record(
                    conn,
                    &Event::new(
                        admin.actor(),
                        "organization.serves_unaffiliated",
                        "organization",
                    )
                    .object(&org)
                    .reason(if on { "on" } else { "off" }),
                )?;
                Ok(())
            })
            .await
    }
}

fn org_admin(id: &Identity) -> AppResult<&str> {
    match (id.role, id.organization_id.as_deref()) {
        (Role::OrgAdmin, Some(org)) => Ok(org),
        _ => Err(AppError::NotFound),
    }
}

fn record_view(record_id: &str, p: &RecordPerson) -> RecordView {
    let mut names = Vec::new();
    let mut push = |field: &'static str, n: &crate::domain::PersonName| {
        names.push(NameView {
            field,
            text: n.as_str().to_string(),
            script: n.script_code(),
            reading: crate::names::canonicalise(n.as_str()).canonical_string(),
        });
    };
    for n in p.person.names() {
        push("names", n);
    }
    for n in p.person.nicknames() {
        push("nicknames", n);
    }
    if let Some(n) = p.person.father_name() {
        push("father_name", n);
    }
    if let Some(n) = p.person.mother_name() {
        push("mother_name", n);
    }
    let details = match &p.sought {
        Some(s) => serde_json::to_value(s),
        None => serde_json::to_value(&p.person),
    }
    .unwrap_or(serde_json::Value::Null);
    RecordView {
        record_id: record_id.to_string(),
        kind: if p.sought.is_some() {
            "sought"
        } else {
            "about_me"
        },
        relation: p.sought.as_ref().map(|s| s.relation().as_str()),
        names,
        details,
    }
}
