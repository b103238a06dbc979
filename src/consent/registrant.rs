//! What a registrant sees and does: only matches put to them and not ended. A match that
//! ends (declined, withdrawn, expired, the other side deleted) simply leaves the list; an id
//! that is not theirs to see is "not found", whatever it is.

use chrono::NaiveDate;
use serde::Serialize;

use super::machine::{Action, Answer, Case, Outcome, Side, State};
use super::store::{self, CaseRow};
use super::{Matches, case_of, checked_message};
use crate::audit::Event;
use crate::auth::Identity;
use crate::db::DbConn;
use crate::domain::ShowItem;
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MessageView {
    /// `a` or `b` (the family's side), or `note` (a caseworker's note, staff only).
    #[serde(skip_serializing_if = "String::is_empty")]
    #[schema(schema_with = message_side)]
    pub side: String,
    pub from_staff: bool,
    pub body: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MatchView {
    pub id: String,
    #[schema(schema_with = State::schema)]
    pub state: &'static str,
    /// Their own relative's name as they wrote it; null when it concerns their "about me".
    pub about: Option<String>,
    /// Before disclosure the other side's pre-consent card; after, their contact card.
    pub other: serde_json::Value,
    #[schema(schema_with = answer_or_null)]
    pub my_answer: Option<&'static str>,
    /// Their thread with the caseworker.
    pub messages: Vec<MessageView>,
}

fn message_side() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(["a", "b", "note"]))
        .build()
}

/// A family's answer, or null before they give one (also for the API document).
pub fn answer_or_null() -> utoipa::openapi::Schema {
    crate::domain::nullable(Answer::schema())
}

impl Matches {
    /// The caller's registration id, if they have one.
    fn my_registration(conn: &mut DbConn, account_id: &str) -> AppResult<Option<String>> {
        Ok(crate::registrations::store::find_by_owner(conn, account_id)?.map(|r| r.id))
    }

    /// A match put to the caller, with their side; anything else is not found.
    fn mine(&self, conn: &mut DbConn, account_id: &str, id: &str) -> AppResult<(CaseRow, Side)> {
        let reg = Self::my_registration(conn, account_id)?.ok_or(AppError::NotFound)?;
        let row = store::find(conn, id)?.ok_or(AppError::NotFound)?;
        let side = row.side_of(&reg).ok_or(AppError::NotFound)?;
        let case = case_of(conn, &row)?;
        if !case.visible_to(side) {
            return Err(AppError::NotFound);
        }
        Ok((row, side))
    }

    /// Matches put to the caller and not ended. Reading them clears the dashboard notice.
    pub async fn my_matches(&self, id: &Identity) -> AppResult<Vec<MatchView>> {
        id.require_registrant()?;
        let (this, account_id) = (self.clone(), id.account_id.clone());
        self.db
            .write(move |conn| {
                if store::update_pending(conn, &account_id)? {
                    store::set_update_pending(conn, &account_id, false)?;
                }
                let Some(reg) = Self::my_registration(conn, &account_id)? else {
                    return Ok(Vec::new());
                };
                let mut out = Vec::new();
                for row in store::of_registration(conn, &reg)? {
                    let Some(side) = row.side_of(&reg) else {
                        continue;
                    };
                    let case = case_of(conn, &row)?;
                    if case.visible_to(side) {
                        out.push(this.match_view(conn, &row, &case, side)?);
                    }
                }
                Ok(out)
            })
            .await
    }

    /// Whether the dashboard should say "there is an update".
    pub async fn has_update(&self, id: &Identity) -> AppResult<bool> {
        let account_id = id.account_id.clone();
        self.db
            .run(move |conn| Ok(store::update_pending(conn, &account_id)?))
            .await
    }

    fn match_view(
        &self,
        conn: &mut DbConn,
        row: &CaseRow,
        case: &Case,
        side: Side,
    ) -> AppResult<MatchView> {
        let mut about = None;
        for record in row.records_of(side) {
            if let Some(p) = self.registrations.record_person(conn, record)?
                && p.sought.is_some()
            {
                about = p
                    .person
                    .names()
                    .first()
                    .or(p.person.nicknames().first())
                    .map(|n| n.as_str().to_string());
                break;
            }
        }
        let theirs = row.registration(side.other()).to_string();
        let cards = self.registrations.cards_of(conn, &theirs)?;
        let other = if case.state == State::Disclosed {
            let card = cards.contact_card.unwrap_or_default();
            serde_json::to_value(card).unwrap_or_default()
        } else {
            let card = cards.preconsent_card.unwrap_or_default();
            let mut v = serde_json::Map::new();
            if card.shows(ShowItem::Relation) {
                let mut relation = None;
                for record in row.records_of(side.other()) {
                    if let Some(p) = self.registrations.record_person(conn, record)?
                        && let Some(s) = p.sought
                    {
                        relation = Some(s.relation().as_str());
                        break;
                    }
                }
                if let Some(r) = relation {
                    v.insert("relation".into(), r.into());
                }
            }
            if card.shows(ShowItem::GivenName) {
                let given = cards.profile.as_ref().and_then(|p| p.given_name());
                v.insert("given_name".into(), given.into());
            }
            if card.shows(ShowItem::Country) {
                let country = cards.settings.as_ref().and_then(|s| s.country());
                v.insert("country".into(), country.into());
            }
            if !card.message().is_empty() {
                v.insert("message".into(), card.message().into());
            }
            serde_json::Value::Object(v)
        };
        Ok(MatchView {
            id: row.id.clone(),
            state: case.state.as_str(),
            about,
            other,
            my_answer: case.answer(side).map(Answer::as_str),
            messages: self
                .open_messages(conn, &row.id, Some(side))?
                .into_iter()
                .map(|mut m| {
                    m.side = String::new();
                    m
                })
                .collect(),
        })
    }

    /// Yes, no, or "ask my caseworker" (with a message for them, which opens the thread and
    /// does not advance the match).
    pub async fn answer(
        &self,
        id: &Identity,
        match_id: &str,
        answer: Answer,
        message: Option<String>,
    ) -> AppResult<MatchView> {
        id.require_registrant()?;
        let message = message
            .filter(|m| !m.trim().is_empty())
            .map(|m| checked_message(&m))
            .transpose()?;
        self.spend_registrant_action(&id.account_id).await?;
        let (this, who, match_id) = (self.clone(), id.clone(), match_id.to_string());
        self.db
            .write(move |conn| {
                let (_, side) = this.mine(conn, &who.account_id, &match_id)?;
                let (row, case) = this.transition(
                    conn,
                    &match_id,
                    &Action::Answer { side, answer },
                    who.actor(),
                    Some(answer.as_str()),
                )?;
                if let Some(m) = &message {
                    this.seal_message(conn, &match_id, side.as_str(), false, m)?;
                }
                if case.visible_to(side) {
                    this.match_view(conn, &row, &case, side)
                } else {
                    // Declined: it has left their list; answer with what they said.
                    Ok(MatchView {
                        id: row.id,
                        state: case.state.as_str(),
                        about: None,
                        other: serde_json::Value::Null,
                        my_answer: Some(answer.as_str()),
                        messages: Vec::new(),
                    })
                }
            })
            .await
    }

    /// A further message to the caseworker about a match put to the caller.
    pub async fn message(&self, id: &Identity, match_id: &str, body: &str) -> AppResult<()> {
        id.require_registrant()?;
        let body = checked_message(body)?;
        self.spend_registrant_action(&id.account_id).await?;
        let (this, who, match_id) = (self.clone(), id.clone(), match_id.to_string());
        self.db
            .write(move |conn| {
                let (_, side) = this.mine(conn, &who.account_id, &match_id)?;
                this.seal_message(conn, &match_id, side.as_str(), false, &body)?;
                this.audit.record(
                    conn,
                    &Event::new(who.actor(), "match.message", "match_candidate")
                        .object(&match_id)
                        .reason(side.as_str()),
                )?;
                Ok(())
            })
            .await
    }

    /// Withdraw before disclosure: the match ends, and the other side simply stops seeing it.
    pub async fn withdraw(&self, id: &Identity, match_id: &str) -> AppResult<State> {
        self.own_step(id, match_id, |side| Action::Withdraw { side }, None)
            .await
    }

    /// Close a disclosed match for oneself, saying how it ended.
    pub async fn close(&self, id: &Identity, match_id: &str, outcome: Outcome) -> AppResult<State> {
        let reason = Some(outcome.as_str());
        self.own_step(
            id,
            match_id,
            move |side| Action::Close { side, outcome },
            reason,
        )
        .await
    }

    /// A registrant's step on a match put to them (rate-limited), taken on their own side.
    async fn own_step(
        &self,
        id: &Identity,
        match_id: &str,
        action: impl FnOnce(Side) -> Action + Send + 'static,
        reason: Option<&'static str>,
    ) -> AppResult<State> {
        id.require_registrant()?;
        self.spend_registrant_action(&id.account_id).await?;
        let (this, who, match_id) = (self.clone(), id.clone(), match_id.to_string());
        self.db
            .write(move |conn| {
                let (_, side) = this.mine(conn, &who.account_id, &match_id)?;
                let (_, case) =
                    this.transition(conn, &match_id, &action(side), who.actor(), reason)?;
                Ok(case.state)
            })
            .await
    }
}
