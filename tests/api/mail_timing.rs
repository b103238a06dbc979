//! T15 (security.md §9): what someone who reads a registrant's mail learns from when it comes.
//! Every mail waits a random time, up to `KINLINK_MAIL_MAX_DELAY_SECS`, before it is sent, so
//! the moment of an event is spread over that window; and decoy updates give every registrant
//! with an address the same "there is an update" mail at the same cadence, match or not. Code
//! mails are the exception: they answer what the person just did and go at once.

use std::time::Duration;

use serde_json::json;

use crate::helpers::{TestApp, code_in, spawn_app_with, test_settings};

const WINDOW_SECS: u64 = 900;
const STEP_SECS: u64 = 60;
const REGISTRANTS: usize = 20;
const DAYS: usize = 30;

/// A registrant with a verified address. Only the sender runs (not every job, as
/// `throttles::account_with_email` does), so no decoy is queued before the test counts them.
async fn registrant_with_email(app: &TestApp, email: &str) {
    let (handle, _) = app.sign_up("a mail timing passphrase").await;
    let token = app.sign_in(&handle, "a mail timing passphrase").await;
    let res = app
        .post_json("/api/v1/me/email", &json!({"email": email}), Some(&token))
        .await;
    assert!(res.status().is_success());
    // The code is waited for on the screen and lasts 15 minutes: it leaves at once.
    app.ctx.sender.send_due().await.unwrap();
    let code = code_in(&app.mails_to(email).pop().expect("the code mail, at once"));
    let res = app
        .post_json(
            "/api/v1/me/email/verify",
            &json!({"code": code}),
            Some(&token),
        )
        .await;
    assert!(res.status().is_success());
}

#[tokio::test]
async fn update_mails_are_spread_over_the_send_window_and_reach_everyone_at_one_cadence() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    settings.mail_max_delay = Duration::from_secs(WINDOW_SECS);
    // About two days in three: enough mails to see both the spread and the cadence.
    settings.consent.decoy_updates_per_year = 240;
    let app = spawn_app_with(settings, dir).await;
    let emails: Vec<String> = (0..REGISTRANTS)
        .map(|i| format!("family{i}@example.org"))
        .collect();
    for email in &emails {
        registrant_with_email(&app, email).await;
    }
    let sent = |app: &TestApp| -> Vec<usize> {
        emails
            .iter()
            .map(|e| app.mails_to(e).len().saturating_sub(1))
            .collect()
    };

    // Each day the decoy job queues updates; the sender runs every minute. Note, per mail,
    // how many minutes after it was queued it went out.
    let mut minutes_late: Vec<u64> = Vec::new();
    for _day in 0..DAYS {
        let before = sent(&app);
        let queued = app.ctx.matches.send_decoys().await.unwrap();
        let mut last = before.clone();
        for step in 0..=WINDOW_SECS / STEP_SECS {
            app.ctx.sender.send_due().await.unwrap();
            let now = sent(&app);
            for (n, l) in now.iter().zip(&last) {
                minutes_late.extend(std::iter::repeat_n(step, n - l));
            }
            last = now;
            app.clock.advance(Duration::from_secs(STEP_SECS));
        }
        let out: usize = last.iter().zip(&before).map(|(n, b)| n - b).sum();
        assert_eq!(out, queued, "every update sent within the window");
        app.clock
            .advance(Duration::from_secs(24 * 3600 - WINDOW_SECS - STEP_SECS));
    }

    // The spread: few go out at once, and each third of the window gets its share.
    let total = minutes_late.len();
    assert!(total >= 200, "{total} updates in {DAYS} days");
    let at_once = minutes_late.iter().filter(|&&m| m == 0).count();
    assert!(at_once * 10 < total, "{at_once} of {total} sent at once");
    let third = WINDOW_SECS / STEP_SECS / 3;
    for k in 0..3 {
        let (from, to) = (k * third + 1, (k + 1) * third);
        let n = minutes_late
            .iter()
            .filter(|&&m| (from..=to).contains(&m))
            .count();
        assert!(
            n * 100 >= total * 15,
            "{n} of {total} sent between minutes {from} and {to}"
        );
    }

    // The cadence: nobody here has a match, and everyone gets updates, about as often.
    for (email, n) in emails.iter().zip(sent(&app)) {
        assert!((6..=30).contains(&n), "{email}: {n} updates in {DAYS} days");
    }
    // And each is the same content-free mail.
    let body = |m: &str| m.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    let first = body(&app.mails_to(&emails[0]).pop().unwrap());
    for email in &emails[1..] {
        assert_eq!(body(&app.mails_to(email).pop().unwrap()), first);
    }
}
