//! Services on a temporary SQLite database and a fixed clock, for unit tests of the services
//! (no HTTP server).

use std::sync::Arc;
use std::time::Duration;

use crate::clock::Clock;
use crate::config::Settings;
use crate::context::Context;

pub struct Fixture {
    pub ctx: Arc<Context>,
    pub clock: Clock,
    _dir: tempfile::TempDir,
}

impl std::ops::Deref for Fixture {
    type Target = Context;

    fn deref(&self) -> &Context {
        &self.ctx
    }
}

pub fn fixture() -> Fixture {
    fixture_with(|_| {})
}

/// A fixture whose settings `adjust` changes first.
pub fn fixture_with(adjust: impl FnOnce(&mut Settings)) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::for_dir(dir.path());
    settings.argon2 = crate::config::Argon2Settings {
        m_kib: 64,
        t: 1,
        p: 1,
    };
    settings.mail_max_delay = Duration::ZERO;
    // Decoy mails are random; the test of decoys turns them on.
    settings.consent.decoy_updates_per_year = 0;
    adjust(&mut settings);
    let clock = Clock::fixed(
        chrono::DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc),
    );
    let ctx = Context::open(settings, clock.clone()).unwrap();
    Fixture {
        ctx,
        clock,
        _dir: dir,
    }
}

/// A new account's id (English, a fixed passphrase).
pub async fn signed_up(f: &Fixture) -> String {
    f.accounts
        .sign_up(
            crate::crypto::Sensitive::new("a long enough passphrase".into()),
            None,
            crate::i18n::Lang::En,
            &crate::limits::Source::unknown(),
        )
        .await
        .unwrap()
        .account_id
}

/// A signed-up registrant's identity, as a request with their session would carry it.
pub async fn registrant(f: &Fixture) -> crate::auth::Identity {
    let account_id = signed_up(f).await;
    let session = f.accounts.start_session_for(&account_id).await.unwrap();
    f.accounts
        .resolve_session(session.token, false)
        .await
        .unwrap()
        .identity
}
