//! The audit trail: an append-only, HMAC-chained `audit_log`. Later features call
//! [`Audit::record`] for every sensitive view and transition, inside their own write
//! transaction, so an action and its audit row commit together or not at all.

pub mod chain;

use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::prelude::*;

pub use self::chain::AuditEntry;
use self::chain::{ChainBreak, GENESIS_PREV_MAC, SignedCheckpoint, VerifiedChain};
use crate::clock::Clock;
use crate::crypto::keyfile::KeyStore;
use crate::crypto::{Keyring, Purpose, registrant_pseudonym};
use crate::db::DbConn;
use crate::db::schema::audit_log;
use crate::error::{AppError, AppResult};

/// Who acted. Registrants appear only as a keyed pseudonym.
#[derive(Debug, Clone)]
pub enum Actor<'a> {
    Staff {
        id: &'a str,
        role: &'a str,
    },
    Registrant {
        account_id: &'a str,
    },
    /// The service itself (background jobs) or an operator at the command line.
    System,
    Operator,
}

/// What happened. Only codes and ids: never names, free text, emails, IPs or user agents.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub actor: Actor<'a>,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: Option<&'a str>,
    pub case_id: Option<&'a str>,
    pub reason_code: Option<&'a str>,
    pub outcome: &'a str,
}

impl<'a> Event<'a> {
    /// A successful action on an object type; add an object id, reason or outcome as needed.
    pub fn new(actor: Actor<'a>, action: &'a str, object_type: &'a str) -> Self {
        Event {
            actor,
            action,
            object_type,
            object_id: None,
            case_id: None,
            reason_code: None,
            outcome: "ok",
        }
    }

    pub fn object(mut self, id: &'a str) -> Self {
        self.object_id = Some(id);
        self
    }

    /// The case (a match candidate) the action was part of.
    pub fn case(mut self, id: &'a str) -> Self {
        self.case_id = Some(id);
        self
    }

    pub fn reason(mut self, code: &'a str) -> Self {
        self.reason_code = Some(code);
        self
    }

    pub fn outcome(mut self, outcome: &'a str) -> Self {
        self.outcome = outcome;
        self
    }
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
struct AuditRow {
    seq: i64,
    ts_utc: chrono::NaiveDateTime,
    actor: String,
    actor_role: String,
    action: String,
    object_type: String,
    object_id: Option<String>,
    case_id: Option<String>,
    reason_code: Option<String>,
    outcome: String,
    prev_mac: Vec<u8>,
    mac: Vec<u8>,
}

impl AuditRow {
    fn entry(&self) -> AuditEntry {
        AuditEntry {
            seq: self.seq,
            ts_utc: self.ts_utc,
            actor: self.actor.clone(),
            actor_role: self.actor_role.clone(),
            action: self.action.clone(),
            object_type: self.object_type.clone(),
            object_id: self.object_id.clone(),
            case_id: self.case_id.clone(),
            reason_code: self.reason_code.clone(),
            outcome: self.outcome.clone(),
        }
    }
}

fn mac32(bytes: &[u8]) -> [u8; 32] {
    // A stored MAC of the wrong length can never verify; all-ones marks it as broken.
    bytes.try_into().unwrap_or([0xff; 32])
}

#[derive(Clone)]
pub struct Audit {
    keys: Arc<KeyStore>,
    clock: Clock,
}

impl Audit {
    pub fn new(keys: Arc<KeyStore>, clock: Clock) -> Self {
        Audit { keys, clock }
    }

    /// Append one entry, chained to the last one. Call inside a write transaction.
    pub fn record(&self, conn: &mut DbConn, event: &Event<'_>) -> AppResult<i64> {
        append(conn, &self.keys.current(), event, self.clock.now_naive())
    }
}

/// A staff member's view of a record, as its owner's access history shows it.
#[derive(Debug, Clone)]
pub struct RecordView {
    pub at: NaiveDateTime,
    pub staff_id: String,
    pub case_id: Option<String>,
    pub reason: Option<String>,
}

/// Every staff view of `object_id` (action `registration.view`), oldest first.
pub fn views_of(conn: &mut DbConn, object_id: &str) -> AppResult<Vec<RecordView>> {
    let rows: Vec<(NaiveDateTime, String, Option<String>, Option<String>)> = audit_log::table
        .filter(audit_log::action.eq("registration.view"))
        .filter(audit_log::object_id.eq(object_id))
        .order(audit_log::seq)
        .select((
            audit_log::ts_utc,
            audit_log::actor,
            audit_log::case_id,
            audit_log::reason_code,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(at, staff_id, case_id, reason)| RecordView {
            at,
            staff_id,
            case_id,
            reason,
        })
        .collect())
}

/// Append one entry at `at` under `keyring`'s chain key (used by the service and by
/// command-line tools).
pub fn append(
    conn: &mut DbConn,
    keyring: &Keyring,
    event: &Event<'_>,
    at: NaiveDateTime,
) -> AppResult<i64> {
    // Entries must be chained one at a time. SQLite writers are already serialised by
    // BEGIN IMMEDIATE; PostgreSQL takes a transaction-scoped advisory lock.
    if let DbConn::Postgres(_) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(7171001)").execute(conn)?;
    }
    let last: Option<(i64, Vec<u8>)> = audit_log::table
        .order(audit_log::seq.desc())
        .select((audit_log::seq, audit_log::mac))
        .first(conn)
        .optional()?;
    let (seq, prev_mac) = match last {
        Some((seq, mac)) => (seq + 1, mac32(&mac)),
        None => (chain::FIRST_SEQ, GENESIS_PREV_MAC),
    };
    let (actor, role) = match &event.actor {
        Actor::Staff { id, role } => (id.to_string(), role.to_string()),
        Actor::Registrant { account_id } => (
            registrant_pseudonym(&keyring.derive(Purpose::RegistrantPseudonym), account_id),
            "registrant".to_string(),
        ),
        Actor::System => ("system".to_string(), "system".to_string()),
        Actor::Operator => ("operator".to_string(), "operator".to_string()),
    };
    let entry = AuditEntry {
        seq,
        ts_utc: chain::micros_precision(at),
        actor,
        actor_role: role,
        action: event.action.to_string(),
        object_type: event.object_type.to_string(),
        object_id: event.object_id.map(str::to_string),
        case_id: event.case_id.map(str::to_string),
        reason_code: event.reason_code.map(str::to_string),
        outcome: event.outcome.to_string(),
    };
    let mac = chain::chain_mac(&keyring.derive(Purpose::AuditChain), &prev_mac, &entry);
    diesel::insert_into(audit_log::table)
        .values(AuditRow {
            seq: entry.seq,
            ts_utc: entry.ts_utc,
            actor: entry.actor,
            actor_role: entry.actor_role,
            action: entry.action,
            object_type: entry.object_type,
            object_id: entry.object_id,
            case_id: entry.case_id,
            reason_code: entry.reason_code,
            outcome: entry.outcome,
            prev_mac: prev_mac.to_vec(),
            mac: mac.to_vec(),
        })
        .execute(conn)?;
    Ok(seq)
}

/// Rows are read in pages to keep each query small.
const VERIFY_PAGE: i64 = 5_000;

/// Recompute the whole chain (and check it against signed checkpoints, if given).
pub fn verify(
    conn: &mut DbConn,
    keyring: &Keyring,
    checkpoints: &[SignedCheckpoint],
) -> Result<Result<VerifiedChain, ChainBreak>, AppError> {
    let signer = chain::CheckpointSigner::from_keyring(keyring);
    let trusted = signer.public_key();
    let mut cps = Vec::new();
    for cp in checkpoints {
        let verified = cp
            .verify(&trusted)
            .map_err(|e| AppError::invalid("bad_checkpoint", format!("checkpoint: {e}")))?;
        cps.push(verified.clone());
    }
    // In seq order; a reordered or missing row shows as a break at its position.
    let mut rows = Vec::new();
    let mut offset = 0i64;
    loop {
        let page: Vec<AuditRow> = audit_log::table
            .order(audit_log::seq.asc())
            .limit(VERIFY_PAGE)
            .offset(offset)
            .select(AuditRow::as_select())
            .load(conn)?;
        let n = page.len() as i64;
        rows.extend(
            page.into_iter()
                .map(|r| (r.entry(), mac32(&r.prev_mac), mac32(&r.mac))),
        );
        if n < VERIFY_PAGE {
            break;
        }
        offset += n;
    }
    Ok(chain::verify_chain_with_checkpoints(
        &keyring.derive(Purpose::AuditChain),
        rows,
        &cps,
    ))
}

/// Verify the chain, then sign its head (at `now`) as a checkpoint line to store off the host.
pub fn checkpoint(
    conn: &mut DbConn,
    keyring: &Keyring,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Result<SignedCheckpoint, ChainBreak>, AppError> {
    Ok(verify(conn, keyring, &[])?.map(|chain| {
        chain::Checkpoint::of(&chain, now).sign(&chain::CheckpointSigner::from_keyring(keyring))
    }))
}

/// Which entries to read: newest first, before `before_seq`, optionally of one action and
/// within `[from, until)`.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub action: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
    pub before_seq: Option<i64>,
    pub limit: i64,
}

/// A page of entries, newest first, as the auditor reads them (without the chain's MACs).
pub fn read_page(conn: &mut DbConn, q: &AuditQuery) -> AppResult<Vec<AuditEntry>> {
    let mut query = audit_log::table.into_boxed();
    if let Some(action) = &q.action {
        query = query.filter(audit_log::action.eq(action.clone()));
    }
    if let Some(from) = q.from {
        query = query.filter(audit_log::ts_utc.ge(from));
    }
    if let Some(until) = q.until {
        query = query.filter(audit_log::ts_utc.lt(until));
    }
    if let Some(before) = q.before_seq {
        query = query.filter(audit_log::seq.lt(before));
    }
    let rows: Vec<AuditRow> = query
        .order(audit_log::seq.desc())
        .limit(q.limit)
        .select(AuditRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(|r| r.entry()).collect())
}
