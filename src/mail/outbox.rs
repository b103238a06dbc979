//! The outbox: messages wait here (recipient and code sealed) until a random moment within
//! the configured window, then the sender delivers them and shreds the row. A failed send is
//! retried with back-off, never lost.

use std::time::Duration;

use actix_web::web;
use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use rand::Rng;

use super::Template;
use super::transport::Transport;
use crate::crypto::Encrypted;
use crate::db::DbConn;
use crate::db::schema::outbox;
use crate::error::{AppError, AppResult};
use crate::startup::AppState;
use crate::vault::Vault;
use crate::web::i18n::Lang;

const TABLE: &str = "outbox";

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = outbox)]
struct OutboxRow {
    id: String,
    recipient_ct: Vec<u8>,
    template: String,
    payload_ct: Option<Vec<u8>>,
    locale: String,
    created_at: NaiveDateTime,
    send_after: NaiveDateTime,
    attempts: i64,
    sent_at: Option<NaiveDateTime>,
}

#[derive(Clone)]
pub struct Outbox {
    vault: Vault,
    max_delay: Duration,
}

/// A message ready to send, opened from its row.
struct Ready {
    id: String,
    to: String,
    template: Template,
    code: Option<String>,
    lang: Lang,
    attempts: i64,
}

impl Outbox {
    pub fn new(vault: Vault, max_delay: Duration) -> Self {
        Outbox { vault, max_delay }
    }

    /// Queue a message in the caller's write transaction.
    pub fn enqueue(
        &self,
        conn: &mut DbConn,
        to: &str,
        template: Template,
        code: Option<&str>,
        lang: Lang,
    ) -> AppResult<()> {
        let id = uuid::Uuid::new_v4().to_string();
        let cipher = self.vault.create(conn, TABLE, &id)?;
        let recipient_ct = cipher
            .seal_str("recipient", to)
            .map_err(AppError::internal)?;
        let payload_ct = code
            .map(|c| cipher.seal_str("payload", c).map_err(AppError::internal))
            .transpose()?;
        let now = Utc::now().naive_utc();
        let jitter_ms = rand::rng().random_range(0..=self.max_delay.as_millis() as u64);
        diesel::insert_into(outbox::table)
            .values(OutboxRow {
                id,
                recipient_ct: recipient_ct.into_bytes(),
                template: template.name().to_string(),
                payload_ct: payload_ct.map(Encrypted::into_bytes),
                locale: lang.code().to_string(),
                created_at: now,
                send_after: now + chrono::Duration::milliseconds(jitter_ms as i64),
                attempts: 0,
                sent_at: None,
            })
            .execute(conn)?;
        Ok(())
    }

    fn due(&self, conn: &mut DbConn, limit: i64) -> AppResult<Vec<Ready>> {
        let rows: Vec<OutboxRow> = outbox::table
            .filter(outbox::send_after.le(Utc::now().naive_utc()))
            .filter(outbox::sent_at.is_null())
            .order(outbox::send_after)
            .limit(limit)
            .select(OutboxRow::as_select())
            .load(conn)?;
        let mut ready = Vec::with_capacity(rows.len());
        for row in rows {
            let cipher = self.vault.open(conn, TABLE, &row.id)?;
            let to = cipher
                .open_str("recipient", &Encrypted::from_stored(row.recipient_ct))
                .map_err(crate::vault::DecryptFailed::of(&cipher))?
                .expose()
                .clone();
            let code = match row.payload_ct {
                Some(ct) => Some(
                    cipher
                        .open_str("payload", &Encrypted::from_stored(ct))
                        .map_err(crate::vault::DecryptFailed::of(&cipher))?
                        .expose()
                        .clone(),
                ),
                None => None,
            };
            let template = Template::parse(&row.template)
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("unknown mail template")))?;
            ready.push(Ready {
                id: row.id,
                to,
                template,
                code,
                lang: Lang::parse(&row.locale).unwrap_or(Lang::En),
                attempts: row.attempts,
            });
        }
        Ok(ready)
    }
}

/// Delete a delivered message and its key: nothing about it stays behind.
fn delivered(conn: &mut DbConn, vault: &Vault, id: &str) -> AppResult<()> {
    diesel::delete(outbox::table.filter(outbox::id.eq(id))).execute(conn)?;
    vault.shred(conn, id)?;
    Ok(())
}

fn failed(conn: &mut DbConn, id: &str, attempts: i64) -> AppResult<()> {
    // 1, 2, 4 … minutes, at most six hours apart.
    let wait =
        chrono::Duration::minutes(1i64 << attempts.clamp(0, 8)).min(chrono::Duration::hours(6));
    diesel::update(outbox::table.filter(outbox::id.eq(id)))
        .set((
            outbox::attempts.eq(attempts + 1),
            outbox::send_after.eq(Utc::now().naive_utc() + wait),
        ))
        .execute(conn)?;
    Ok(())
}

/// Deliver whatever is due; returns how many messages went out.
pub async fn send_due(state: &web::Data<AppState>, transport: &Transport) -> AppResult<usize> {
    let outbox = state.outbox.clone();
    let ready = state.db.run(move |conn| outbox.due(conn, 50)).await?;
    let mut sent = 0;
    for msg in ready {
        let (subject, body) = msg.template.render(msg.lang, msg.code.as_deref());
        let result = transport
            .send(&state.settings.mail_from, &msg.to, &subject, body)
            .await;
        let (id, attempts, vault) = (msg.id.clone(), msg.attempts, state.vault.clone());
        match result {
            Ok(()) => {
                state
                    .db
                    .write(move |conn| delivered(conn, &vault, &id))
                    .await?;
                sent += 1;
            }
            Err(e) => {
                // The error may quote the address; log only that a send failed.
                let kind = if e.to_string().contains('@') {
                    "delivery error"
                } else {
                    "transport error"
                };
                tracing::warn!(
                    attempts = attempts + 1,
                    kind,
                    "email send failed; will retry"
                );
                state
                    .db
                    .write(move |conn| failed(conn, &id, attempts))
                    .await?;
            }
        }
    }
    Ok(sent)
}

/// The background sender of a running server.
pub fn spawn_sender(state: web::Data<AppState>) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let transport = Transport::from_settings(&state.settings)?;
    Ok(tokio::spawn(async move {
        loop {
            if let Err(e) = send_due(&state, &transport).await {
                tracing::error!(error = %e, "outbox sender");
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }))
}
