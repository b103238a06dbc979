//! The outbox: messages wait here (recipient and code sealed) until a random moment within the
//! configured window; then one instance claims a batch with a lease, sends it and shreds each
//! delivered row. A failed send is retried with back-off, never lost; a row that cannot be
//! opened is set aside and audited, and the rest go on. If an instance dies mid-batch its lease
//! runs out and another sends what was left.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use rand::Rng;

use super::Template;
use super::transport::Transport;
use crate::audit::{Actor, Audit, Event};
use crate::clock::{Clock, chrono_duration};
use crate::db::schema::outbox;
use crate::db::{Db, DbConn};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::vault::{Column, Table, Vault};

pub const OUTBOX: Table = Table::new("outbox");
pub const RECIPIENT: Column<String> = OUTBOX.column("recipient");
pub const PAYLOAD: Column<String> = OUTBOX.column("payload");

/// How long a claimed message belongs to the instance sending it.
const LEASE: Duration = Duration::from_secs(120);
/// Messages claimed at once.
const BATCH: i64 = 50;

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
    lease_until: Option<NaiveDateTime>,
    set_aside: bool,
}

/// Queues messages, in the caller's write transaction.
#[derive(Clone)]
pub struct Outbox {
    vault: Vault,
    clock: Clock,
    max_delay: Duration,
    /// `KINLINK_MAIL=off`: nothing is queued or sent.
    enabled: bool,
}

impl Outbox {
    pub fn new(vault: Vault, clock: Clock, max_delay: Duration, enabled: bool) -> Self {
        Outbox {
            vault,
            clock,
            max_delay,
            enabled,
        }
    }

    /// Whether email is sent at all.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    pub fn enqueue(
        &self,
        conn: &mut DbConn,
        to: &str,
        template: Template,
        code: Option<&str>,
        lang: Lang,
    ) -> AppResult<()> {
        if !self.enabled {
            return Ok(());
        }
        let id = uuid::Uuid::new_v4().to_string();
        let sealer = self.vault.create(conn, OUTBOX, &id)?;
        let recipient_ct = sealer.seal(RECIPIENT, &to.to_string())?;
        let payload_ct = code
            .map(|c| sealer.seal(PAYLOAD, &c.to_string()))
            .transpose()?;
        let now = self.clock.now_naive();
        let jitter_ms = if template.waits() {
            rand::rng().random_range(0..=self.max_delay.as_millis() as u64)
        } else {
            0
        };
        diesel::insert_into(outbox::table)
            .values(OutboxRow {
                id,
                recipient_ct,
                template: template.name().to_string(),
                payload_ct,
                locale: lang.code().to_string(),
                created_at: crate::db::coarse_date(now),
                send_after: now + chrono::Duration::milliseconds(jitter_ms as i64),
                attempts: 0,
                sent_at: None,
                lease_until: None,
                set_aside: false,
            })
            .execute(conn)?;
        Ok(())
    }
}

/// A message ready to send, opened from its row.
struct Ready {
    id: String,
    /// The lease this instance holds on the row.
    lease: NaiveDateTime,
    to: String,
    template: Template,
    code: Option<String>,
    lang: Lang,
    attempts: i64,
}

/// Sends what is due: the outbox job.
#[derive(Clone)]
pub struct Sender {
    db: Db,
    vault: Vault,
    audit: Audit,
    clock: Clock,
    transport: Arc<Transport>,
    from: String,
}

/// What one pass of the sender did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SendReport {
    pub sent: usize,
    pub failed: usize,
    pub set_aside: usize,
}

impl Sender {
    pub fn new(
        db: Db,
        vault: Vault,
        audit: Audit,
        clock: Clock,
        transport: Transport,
        from: String,
    ) -> Self {
        Sender {
            db,
            vault,
            audit,
            clock,
            transport: Arc::new(transport),
            from,
        }
    }

    /// Claim due messages with a lease: rows another instance holds are skipped (PostgreSQL
    /// `FOR UPDATE SKIP LOCKED`; SQLite's write transaction already excludes everyone else).
    fn claim(&self, conn: &mut DbConn) -> AppResult<(Vec<OutboxRow>, NaiveDateTime)> {
        let now = self.clock.now_naive();
        // A macro, not a closure: each backend needs the query typed for itself.
        macro_rules! due {
            () => {
                outbox::table
                    .filter(outbox::send_after.le(now))
                    .filter(outbox::set_aside.eq(false))
                    .filter(
                        outbox::lease_until
                            .is_null()
                            .or(outbox::lease_until.lt(now)),
                    )
                    .order(outbox::send_after)
                    .limit(BATCH)
                    .select(OutboxRow::as_select())
            };
        }
        let rows: Vec<OutboxRow> = match conn {
            DbConn::Postgres(c) => due!().for_update().skip_locked().load(c)?,
            DbConn::Sqlite(c) => due!().load(c)?,
        };
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let lease = now + chrono_duration(LEASE);
        diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
            .set(outbox::lease_until.eq(Some(lease)))
            .execute(conn)?;
        Ok((rows, lease))
    }

    /// Just before sending: extend our lease on one row, or learn that it is no longer ours (a
    /// batch that took longer than its lease), in which case another instance sends it.
    fn renew(&self, conn: &mut DbConn, id: &str, lease: NaiveDateTime) -> AppResult<bool> {
        let n = diesel::update(
            outbox::table
                .filter(outbox::id.eq(id))
                .filter(outbox::lease_until.eq(Some(lease))),
        )
        .set(outbox::lease_until.eq(Some(self.clock.now_naive() + chrono_duration(LEASE))))
        .execute(conn)?;
        Ok(n == 1)
    }

    fn open(&self, conn: &mut DbConn, row: &OutboxRow, lease: NaiveDateTime) -> AppResult<Ready> {
        let sealer = self.vault.open(conn, OUTBOX, &row.id)?;
        let to = sealer.open(RECIPIENT, &row.recipient_ct)?;
        let code = sealer.open_opt(PAYLOAD, row.payload_ct.as_deref())?;
        let template = Template::parse(&row.template)
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("unknown mail template")))?;
        Ok(Ready {
            id: row.id.clone(),
            lease,
            to,
            template,
            code,
            lang: Lang::parse(&row.locale).unwrap_or(Lang::En),
            attempts: row.attempts,
        })
    }

    /// Claim and open a batch; rows that do not open are set aside and audited here.
    fn take_batch(&self, conn: &mut DbConn) -> AppResult<(Vec<Ready>, usize)> {
        let (rows, lease) = self.claim(conn)?;
        let mut ready = Vec::with_capacity(rows.len());
        let mut set_aside = 0;
        for row in rows {
            match self.open(conn, &row, lease) {
                Ok(r) => ready.push(r),
                Err(_) => {
                    diesel::update(outbox::table.filter(outbox::id.eq(&row.id)))
                        .set((
                            outbox::set_aside.eq(true),
                            outbox::lease_until.eq(None::<NaiveDateTime>),
                        ))
                        .execute(conn)?;
                    self.audit.record(
                        conn,
                        &Event::new(Actor::System, "outbox.set_aside", "outbox")
                            .object(&row.id)
                            .outcome("error"),
                    )?;
                    set_aside += 1;
                }
            }
        }
        Ok((ready, set_aside))
    }

    /// Deliver whatever is due.
    pub async fn send_due(&self) -> AppResult<SendReport> {
        let this = self.clone();
        let (ready, set_aside) = self.db.write(move |conn| this.take_batch(conn)).await?;
        let mut report = SendReport {
            set_aside,
            ..SendReport::default()
        };
        for msg in ready {
            let (this, id, lease) = (self.clone(), msg.id.clone(), msg.lease);
            if !self
                .db
                .write(move |conn| this.renew(conn, &id, lease))
                .await?
            {
                continue;
            }
            let (subject, body) = msg.template.render(msg.lang, msg.code.as_deref());
            let result = self
                .transport
                .send(&self.from, &msg.to, &subject, body)
                .await;
            let (id, attempts, this) = (msg.id.clone(), msg.attempts, self.clone());
            match result {
                Ok(()) => {
                    self.db.write(move |conn| this.delivered(conn, &id)).await?;
                    report.sent += 1;
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
                    self.db
                        .write(move |conn| this.failed(conn, &id, attempts))
                        .await?;
                    report.failed += 1;
                }
            }
        }
        Ok(report)
    }

    /// Delete a delivered message and its key: nothing about it stays behind.
    fn delivered(&self, conn: &mut DbConn, id: &str) -> AppResult<()> {
        diesel::delete(outbox::table.filter(outbox::id.eq(id))).execute(conn)?;
        self.vault.shred(conn, id)?;
        Ok(())
    }

    fn failed(&self, conn: &mut DbConn, id: &str, attempts: i64) -> AppResult<()> {
        // 1, 2, 4 … minutes, at most six hours apart.
        let wait =
            chrono::Duration::minutes(1i64 << attempts.clamp(0, 8)).min(chrono::Duration::hours(6));
        diesel::update(outbox::table.filter(outbox::id.eq(id)))
            .set((
                outbox::attempts.eq(attempts + 1),
                outbox::send_after.eq(self.clock.now_naive() + wait),
                outbox::lease_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Messages waiting (for metrics and tests).
    pub async fn pending(&self) -> AppResult<i64> {
        self.db
            .run(|conn| {
                Ok(outbox::table
                    .filter(outbox::set_aside.eq(false))
                    .count()
                    .get_result(conn)?)
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use diesel::prelude::*;

    use super::*;
    use crate::testing::fixture;

    fn queue(f: &crate::testing::Fixture, to: &'static str) {
        let outbox = f.outbox.clone();
        f.db.get()
            .map(|mut c| {
                crate::db::write_tx(&mut c, |conn| {
                    outbox.enqueue(conn, to, Template::Update, None, Lang::En)
                })
                .unwrap()
            })
            .unwrap();
    }

    #[tokio::test]
    async fn a_row_that_does_not_open_is_set_aside_and_the_rest_are_sent() {
        let f = fixture();
        queue(&f, "first@example.org");
        queue(&f, "second@example.org");
        // Break the first row: its sealed recipient now belongs to another row.
        let mut conn = f.db.get().unwrap();
        let rows: Vec<(String, Vec<u8>)> = outbox::table
            .select((outbox::id, outbox::recipient_ct))
            .load(&mut conn)
            .unwrap();
        diesel::update(outbox::table.filter(outbox::id.eq(&rows[0].0)))
            .set(outbox::recipient_ct.eq(&rows[1].1))
            .execute(&mut conn)
            .unwrap();
        drop(conn);
        let report = f.sender.send_due().await.unwrap();
        assert_eq!(
            report,
            SendReport {
                sent: 1,
                failed: 0,
                set_aside: 1
            }
        );
        // The set-aside row stays (for an operator) but is never tried again.
        assert_eq!(f.sender.pending().await.unwrap(), 0);
        assert_eq!(f.sender.send_due().await.unwrap(), SendReport::default());
        let mut conn = f.db.get().unwrap();
        let audited: i64 = crate::db::schema::audit_log::table
            .filter(crate::db::schema::audit_log::action.eq("outbox.set_aside"))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(audited, 1);
    }

    #[tokio::test]
    async fn a_claimed_row_is_not_claimed_again_until_its_lease_runs_out() {
        let f = fixture();
        queue(&f, "leased@example.org");
        let sender = f.sender.clone();
        let (first, _) = f.db.write(move |conn| sender.claim(conn)).await.unwrap();
        assert_eq!(first.len(), 1);
        // Another instance finds nothing to do while the lease holds...
        let sender = f.sender.clone();
        let (second, _) = f.db.write(move |conn| sender.claim(conn)).await.unwrap();
        assert!(second.is_empty());
        // ...and picks the row up once the instance holding it has died and the lease ran out.
        f.clock.advance(LEASE + std::time::Duration::from_secs(1));
        assert_eq!(f.sender.send_due().await.unwrap().sent, 1);
        assert_eq!(f.sender.pending().await.unwrap(), 0);
    }
}
