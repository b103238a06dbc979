//! The web tier's side of matching: whenever a registration changes what the matcher reads, its
//! features are rebuilt, sealed under a fresh match data key wrapped to the matcher (the web tier
//! can seal but not open them), and its records are queued, all in the caller's transaction.
//! Pausing withdraws open candidates at once; deleting forgets them.

use std::sync::Arc;

use chrono::NaiveDateTime;

use super::features::Features;
use super::store::{self, FeatureRow};
use crate::audit::{Actor, Audit, Event};
use crate::crypto::SecretKey;
use crate::db::DbConn;
use crate::domain::{Person, SoughtPerson};
use crate::error::AppResult;
use crate::names::{DEFAULT_K, NameEncoder};
use crate::vault::Vault;

/// One record of a registration as the matcher should see it.
pub enum Described<'a> {
    /// The registrant's "about me" (its record id is the registration's).
    Own(&'a Person),
    /// A person sought, with the seeker's "about me" when there is one.
    Sought(&'a SoughtPerson, Option<&'a Person>),
}

#[derive(Clone)]
pub struct Ingest {
    encoder: Arc<NameEncoder>,
}

impl Ingest {
    /// `key`: the matching key (`Purpose::Matching`), which keys every name encoding.
    pub fn new(key: &SecretKey) -> Self {
        Ingest {
            encoder: Arc::new(NameEncoder::new(key.expose_secret(), DEFAULT_K)),
        }
    }

    pub fn features(&self, described: &Described<'_>) -> Features {
        match described {
            Described::Own(p) => Features::own(&self.encoder, p),
            Described::Sought(s, seeker) => Features::sought(&self.encoder, s, *seeker),
        }
    }

    /// Rebuild one record's features and queue it. `active`: whether it takes part at all
    /// (a paused search or paused registration does not).
    #[allow(clippy::too_many_arguments)]
    pub fn put(
        &self,
        conn: &mut DbConn,
        vault: &Vault,
        record_type: &str,
        record_id: &str,
        registration_id: &str,
        described: &Described<'_>,
        active: bool,
        at: NaiveDateTime,
    ) -> AppResult<()> {
        let features = self.features(described);
        let sealer = vault.create_match(conn, store::MATCH_FEATURES, record_id)?;
        store::put_features(
            conn,
            &FeatureRow {
                record_id: record_id.to_string(),
                registration_id: registration_id.to_string(),
                active: active && features.is_matchable(),
                features_ct: sealer.seal(store::FEATURES, &features.to_bytes())?,
                built_with: super::features::BUILD,
            },
        )?;
        crate::registrations::store::enqueue_match(conn, record_type, record_id, "edit", at)?;
        Ok(())
    }

    /// A record stops taking part (paused): its open candidates are retracted now, not when
    /// the matcher next runs, and a match in review or put to the families ends as withdrawn
    /// (pausing is how a family steps back).
    pub fn withdraw(
        &self,
        conn: &mut DbConn,
        audit: &Audit,
        record_id: &str,
        reason: &str,
        at: NaiveDateTime,
    ) -> AppResult<()> {
        for id in store::retract_open_of(conn, record_id, at)? {
            audit.record(
                conn,
                &Event::new(Actor::System, "match.retract", "match_candidate")
                    .object(&id)
                    .reason(reason),
            )?;
        }
        for id in store::in_hands_of(conn, record_id)? {
            if crate::consent::store::end_before_disclosure(conn, &id, at)? {
                audit.record(
                    conn,
                    &Event::new(Actor::System, "match.withdraw", "match_candidate")
                        .object(&id)
                        .reason(reason),
                )?;
            }
        }
        Ok(())
    }

    /// A record is deleted (its keys are shredded by the caller): its features and every
    /// candidate naming it go too, with their messages. Nothing is queued (nothing of it may
    /// stay): the matcher drops it from memory when it next meets it without features.
    pub fn forget(
        &self,
        conn: &mut DbConn,
        vault: &Vault,
        audit: &Audit,
        record_id: &str,
    ) -> AppResult<()> {
        for id in store::candidates_of(conn, record_id)? {
            audit.record(
                conn,
                &Event::new(Actor::System, "match.delete", "match_candidate")
                    .object(&id.id)
                    .reason("deleted"),
            )?;
        }
        for message in store::delete_candidates_of(conn, record_id)? {
            vault.shred(conn, &message)?;
        }
        store::delete_features(conn, record_id)?;
        Ok(())
    }
}
