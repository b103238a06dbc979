//! `kinlink matcher` (the isolated matcher process) and `kinlink rematch` (rebuild every
//! candidate). Neither needs the KEKs: a key file of role `matcher` is enough.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context as _;

use crate::audit::Audit;
use crate::clock::Clock;
use crate::config::Settings;
use crate::context::open_database;
use crate::crypto::keyfile::KeyStore;
use crate::matching::matcher::{self, Matcher};
use crate::matching::model::Model;
use crate::vault::Vault;

fn build(settings: &Settings) -> anyhow::Result<Matcher> {
    let keys = Arc::new(KeyStore::open(&settings.keys_file, settings.env)?);
    if !keys.current().role().runs_matcher() {
        anyhow::bail!("this key file (role web) cannot open match keys: use a matcher key file");
    }
    let db = open_database(settings)?;
    let clock = Clock::system();
    Ok(Matcher::new(
        db,
        Vault::new(keys.clone(), clock.clone()),
        Audit::new(keys, clock.clone()),
        clock,
        Model::bundled().clone(),
    ))
}

pub fn run_matcher(settings: &Settings) -> anyhow::Result<()> {
    let mut m = build(settings)?;
    if let Some(addr) = settings.metrics_bind {
        let metrics = crate::metrics::Metrics::new();
        crate::http::metrics_listener::spawn_thread(addr, metrics.clone(), m.db().clone())?;
        m = m.with_metrics(metrics);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc_on(move || flag.store(true, Ordering::Relaxed))?;
    tracing::info!(
        database = settings.database_url.backend_name(),
        "kinlink matcher started"
    );
    matcher::run(&m, &settings.database_url, &stop)
}

/// Set `stop` on Ctrl-C or SIGTERM (a small runtime just for the signal).
fn ctrlc_on(f: impl FnOnce() + Send + 'static) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            rt.block_on(async {
                let mut term =
                    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                        .expect("SIGTERM handler");
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            });
            f();
        })?;
    Ok(())
}

pub fn rematch(settings: &Settings) -> anyhow::Result<()> {
    let m = build(settings)?;
    let lock = crate::matching::lock::MatcherLock::try_acquire(&settings.database_url)?
        .context("another matcher holds the lock: stop it (or wait) and run rematch again")?;
    let mut conn = m.db().get()?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} records ({per_sec}, {eta} left)",
        )?
        .progress_chars("=> "),
    );
    let n = m
        .rematch(&mut conn, &|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .map_err(|e| anyhow::anyhow!("rematch failed: {e}"))?;
    bar.finish();
    let counts = crate::matching::store::count_by_status(&mut conn)?;
    drop(lock);
    println!("rematched {n} records");
    for (status, count) in counts {
        println!("  {status}: {count} candidates");
    }
    Ok(())
}
