//! Claimed background work. Each periodic job runs on one instance per tick, whichever claims
//! it first: the claim is a conditional update of the job's row (`next_run_at` moves on and a
//! lease is taken), so several instances on one PostgreSQL never run a job twice at once, and
//! a dead instance's lease simply runs out. `KINLINK_JOBS=false` makes a web-only instance;
//! `kinlink worker` runs the jobs without serving HTTP.

pub mod health;
pub mod store;

use std::sync::Arc;
use std::time::Duration;

use crate::clock::{Clock, chrono_duration};
use crate::context::Context;
use crate::db::Db;
use crate::error::AppResult;

/// A periodic job: its name (the row it claims) and how often it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    pub name: &'static str,
    pub every: Duration,
    /// How long a claim lasts if the instance holding it dies.
    pub lease: Duration,
}

/// Deliver queued email.
pub const OUTBOX: Job = Job {
    name: "outbox",
    every: Duration::from_secs(1),
    lease: Duration::from_secs(300),
};
/// Handle queued requests for recovery codes.
pub const RECOVERY: Job = Job {
    name: "recovery",
    every: Duration::from_secs(1),
    lease: Duration::from_secs(300),
};
/// Delete accounts whose deletion a duress sign-in scheduled (the schedule is sealed in each
/// account, so this opens them all: not too often).
pub const DURESS_DELETIONS: Job = Job {
    name: "duress_deletions",
    every: Duration::from_secs(600),
    lease: Duration::from_secs(600),
};
/// Forget what no longer changes any decision: spent throttles, old name changes, expired
/// sessions, codes and invitations.
pub const PURGE: Job = Job {
    name: "purge",
    every: Duration::from_secs(600),
    lease: Duration::from_secs(300),
};

/// Matches put to a family that stayed silent for the consent period expire.
pub const CONSENT_EXPIRY: Job = Job {
    name: "consent_expiry",
    every: Duration::from_secs(3600),
    lease: Duration::from_secs(600),
};
/// Caseworkers hear (content-free) of newly proposed candidates.
pub const STAFF_NOTICES: Job = Job {
    name: "staff_notices",
    every: Duration::from_secs(900),
    lease: Duration::from_secs(300),
};
/// Retention: reminders, expiry and destruction of registrations past their deadline.
pub const RETENTION: Job = Job {
    name: "retention",
    every: Duration::from_secs(6 * 3600),
    lease: Duration::from_secs(3600),
};
/// Decoy "there is an update" mails to registrants with email, at random.
pub const DECOY_UPDATES: Job = Job {
    name: "decoy_updates",
    every: Duration::from_secs(24 * 3600),
    lease: Duration::from_secs(3600),
};

/// Rebuild the matcher's features that an older build made (after an upgrade that changed
/// their layout or the name encoding).
pub const FEATURES: Job = Job {
    name: "features",
    every: Duration::from_secs(30),
    lease: Duration::from_secs(600),
};

/// Mail-making jobs run before the outbox, so one pass sends what they queued.
pub const ALL: &[Job] = &[
    RECOVERY,
    CONSENT_EXPIRY,
    STAFF_NOTICES,
    DECOY_UPDATES,
    RETENTION,
    OUTBOX,
    DURESS_DELETIONS,
    PURGE,
    FEATURES,
];

/// Registrations whose features one run of [`FEATURES`] rebuilds.
const FEATURES_BATCH: i64 = 200;

/// How often an instance looks for due jobs.
const POLL: Duration = Duration::from_millis(500);

#[derive(Clone)]
pub struct Jobs {
    db: Db,
    clock: Clock,
    /// This process, as the holder of leases.
    holder: String,
    /// What the pages' banner last read (see [`health::HEALTH_REUSE`]).
    health_cache: health::HealthCache,
}

impl Jobs {
    pub fn new(db: Db, clock: Clock) -> Self {
        Jobs {
            db,
            clock,
            holder: uuid::Uuid::new_v4().to_string(),
            health_cache: health::HealthCache::default(),
        }
    }

    /// The banner's cache, for the matcher to clear when it beats.
    pub fn health_cache(&self) -> health::HealthCache {
        self.health_cache.clone()
    }

    /// Claim `job` if it is due and nobody holds it.
    pub async fn claim(&self, job: Job) -> AppResult<bool> {
        let this = self.clone();
        self.db
            .write(move |conn| {
                let now = this.clock.now_naive();
                store::ensure(conn, job.name, now)?;
                Ok(store::claim(
                    conn,
                    job.name,
                    &this.holder,
                    now,
                    now + chrono_duration(job.every),
                    now + chrono_duration(job.lease),
                )?)
            })
            .await
    }

    async fn release(&self, job: Job) -> AppResult<()> {
        let this = self.clone();
        self.db
            .write(move |conn| Ok(store::release(conn, job.name, &this.holder).map(|_| ())?))
            .await
    }

    /// One pass: every due job this instance can claim, run once. Returns the jobs run.
    pub async fn run_due(&self, ctx: &Context) -> Vec<&'static str> {
        let mut ran = Vec::new();
        for job in ALL {
            match self.claim(*job).await {
                Ok(true) => {}
                Ok(false) => continue,
                Err(e) => {
                    tracing::warn!(job = job.name, error = %e, "cannot claim job");
                    continue;
                }
            }
            let outcome = run(ctx, *job).await;
            ctx.metrics.job_run(job.name, outcome.is_ok());
            if let Err(e) = outcome {
                tracing::error!(job = job.name, error = %e, "job failed");
            }
            if let Err(e) = self.release(*job).await {
                tracing::warn!(job = job.name, error = %e, "cannot release job");
            }
            self.health_cache.forget();
            ran.push(job.name);
        }
        ran
    }
}

/// What each job does.
pub async fn run(ctx: &Context, job: Job) -> AppResult<()> {
    match job.name {
        "recovery" => {
            ctx.accounts.process_recovery_requests().await?;
        }
        "outbox" => {
            ctx.sender.send_due().await?;
        }
        "consent_expiry" => {
            ctx.matches.expire_due().await?;
        }
        "staff_notices" => {
            ctx.matches.notify_staff().await?;
        }
        "decoy_updates" => {
            ctx.matches.send_decoys().await?;
        }
        "retention" => {
            ctx.lifecycle.apply_retention().await?;
        }
        "features" => {
            let n = ctx
                .registrations
                .rebuild_outdated_features(FEATURES_BATCH)
                .await?;
            if n > 0 {
                tracing::info!(registrations = n, "rebuilt outdated matching features");
            }
        }
        "duress_deletions" => {
            ctx.lifecycle.delete_due_accounts().await?;
        }
        "purge" => {
            let (limits, registrations) = (ctx.limits.clone(), ctx.registrations.clone());
            let accounts = ctx.accounts.clone();
            ctx.db
                .write(move |conn| {
                    limits.purge_in(conn)?;
                    registrations.purge_name_changes(conn)?;
                    accounts.purge_expired(conn)?;
                    Ok(())
                })
                .await?;
        }
        other => unreachable!("unknown job {other}"),
    }
    Ok(())
}

/// Every job once, now, without claims: for tests and for an operator's one-off run. Each run
/// counts as the job's turn (its row is next due a period later), as a claimed run would.
pub async fn run_all_now(ctx: &Context) -> AppResult<()> {
    for job in ALL {
        run(ctx, *job).await?;
        let clock = ctx.clock.clone();
        ctx.db
            .write(move |conn| {
                let now = clock.now_naive();
                Ok(store::mark_ran(
                    conn,
                    job.name,
                    now,
                    now + chrono_duration(job.every),
                )?)
            })
            .await?;
        ctx.jobs.health_cache.forget();
    }
    Ok(())
}

/// The job loop of a process that runs jobs (serve by default, worker always).
pub fn spawn(ctx: Arc<Context>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            ctx.jobs.run_due(&ctx).await;
            tokio::time::sleep(POLL).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fixture;

    #[tokio::test]
    async fn one_instance_claims_each_tick_and_a_dead_claim_expires() {
        let f = fixture();
        let a = Jobs::new(f.db.clone(), f.clock.clone());
        let b = Jobs::new(f.db.clone(), f.clock.clone());
        assert!(a.claim(PURGE).await.unwrap());
        assert!(!b.claim(PURGE).await.unwrap(), "a holds it");
        a.release(PURGE).await.unwrap();
        assert!(
            !b.claim(PURGE).await.unwrap(),
            "not due again until the next tick"
        );
        f.clock.advance(PURGE.every);
        assert!(b.claim(PURGE).await.unwrap());
        // b takes the outbox and dies without releasing it: though due every second, nobody
        // runs it until the lease has run out.
        assert!(b.claim(OUTBOX).await.unwrap());
        f.clock.advance(OUTBOX.every * 5);
        assert!(!a.claim(OUTBOX).await.unwrap());
        f.clock.advance(OUTBOX.lease);
        assert!(a.claim(OUTBOX).await.unwrap());
    }

    #[tokio::test]
    async fn a_pass_runs_every_due_job_once() {
        let f = fixture();
        let ran = f.jobs.run_due(&f.ctx).await;
        let names: Vec<&str> = ALL.iter().map(|j| j.name).collect();
        assert_eq!(ran, names);
        assert!(f.jobs.run_due(&f.ctx).await.is_empty());
        f.clock.advance(OUTBOX.every);
        assert_eq!(f.jobs.run_due(&f.ctx).await, vec!["recovery", "outbox"]);
    }
}
