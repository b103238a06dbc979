//! Retention on the test clock: a registration is kept its chosen months after the last
//! sign-in or renewal; a content-free reminder 30 days before; at the deadline it stops matching
//! and its candidates go; 30 days later it is destroyed (keys shredded); renewing brings it back.

use std::time::Duration;

use kinlink::registrations::store;
use serde_json::{Value, json};

use crate::helpers::{TestApp, code_in, spawn_app};

const PASS: &str = "a retention passphrase";
const EMAIL: &str = "retention.family@example.org";
const DAY: Duration = Duration::from_secs(24 * 3600);

async fn family(app: &TestApp) -> (String, String) {
    let (handle, _) = app.sign_up(PASS).await;
    let t = app.sign_in(&handle, PASS).await;
    let res = app
        .post_json("/api/v1/me/email", &json!({"email": EMAIL}), Some(&t))
        .await;
    assert!(res.status().is_success());
    let code = code_in(&app.wait_for_mail(EMAIL, 0).await);
    let res = app
        .post_json("/api/v1/me/email/verify", &json!({"code": code}), Some(&t))
        .await;
    assert!(res.status().is_success());
    let res = app
        .client
        .put(app.url("/api/v1/me/settings"))
        .bearer_auth(&t)
        .json(&json!({"retention_months": 6}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .post_json(
            "/api/v1/me/searches",
            &json!({"names": ["ئابدۇرېھىم تۇرسۇن"], "relation": "father", "gender": "male",
                    "birth": {"year": 1961}, "birthplace": {"region": "654002"}}),
            Some(&t),
        )
        .await;
    assert_eq!(res.status(), 201);
    (t, handle)
}

async fn father(app: &TestApp) {
    let (h, _) = app.sign_up("the father's passphrase").await;
    let t = app.sign_in(&h, "the father's passphrase").await;
    let res = app
        .client
        .put(app.url("/api/v1/me/profile"))
        .bearer_auth(&t)
        .json(&json!({"names": ["Abdurehim Tursun"], "gender": "male",
                      "birth": {"year": 1961}, "birthplace": {"region": "654002"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

/// The family's registration (the only one with a search: the father has none).
fn registration_of(app: &TestApp) -> Option<store::RetentionRow> {
    let mut conn = app.ctx.db.get().unwrap();
    let rows = store::retention_page(&mut conn, "", 100).unwrap();
    rows.into_iter()
        .find(|r| store::count_sought(&mut conn, &r.id).unwrap_or(0) > 0)
}

fn live_candidates(app: &TestApp) -> usize {
    let mut conn = app.ctx.db.get().unwrap();
    kinlink::consent::store::in_states(&mut conn, &[kinlink::consent::State::Candidate])
        .unwrap()
        .len()
}

#[tokio::test]
async fn reminder_expiry_destruction_and_renewal_follow_the_clock() {
    let app = spawn_app().await;
    let (t, handle) = family(&app).await;
    father(&app).await;
    app.run_matcher().await;
    assert_eq!(live_candidates(&app), 1);
    let me: Value = app.me(&t).await;
    let kept = me["kept_until"].as_str().expect("a deadline").to_string();
    let today = app.ctx.clock.today();
    let deadline = today.checked_add_months(chrono::Months::new(6)).unwrap();
    assert_eq!(
        kept,
        deadline.to_string(),
        "six months from the last sign-in"
    );
    // The dashboard shows it to families without email too.
    let page = crate::account_pages::Browser::new(&app)
        .with_session(&t)
        .get_html("/dashboard")
        .await;
    assert!(page.contains(&kept), "the deadline on the dashboard");

    let mails = |app: &TestApp| app.mails_to(EMAIL).len();
    let before = mails(&app);
    let days_to = |d: chrono::NaiveDate| (d - app.ctx.clock.today()).num_days() as u32;
    app.clock.advance(DAY * (days_to(deadline) - 31));
    app.run_jobs().await;
    assert_eq!(mails(&app), before, "no reminder 31 days before");
    app.clock.advance(DAY);
    app.run_jobs().await;
    assert_eq!(mails(&app), before + 1, "one reminder 30 days before");
    let reminder = app.mails_to(EMAIL).pop().unwrap();
    assert!(reminder.contains("There is an update") && !reminder.contains("Tursun"));
    app.run_jobs().await;
    assert_eq!(mails(&app), before + 1, "only one");

    // At the deadline: out of matching, candidates gone, hidden.
    app.clock.advance(DAY * days_to(deadline));
    app.run_jobs().await;
    let row = registration_of(&app).expect("still there");
    assert!(row.expired_at.is_some());
    assert_eq!(live_candidates(&app), 0, "its candidate was retracted");
    app.run_matcher().await;
    assert_eq!(live_candidates(&app), 0, "and not proposed again");

    // 30 days on: destroyed, keys shredded; the account stays.
    app.clock.advance(DAY * 30);
    app.run_jobs().await;
    let mut conn = app.ctx.db.get().unwrap();
    assert!(
        store::find(&mut conn, &row.id).unwrap().is_none(),
        "destroyed"
    );
    assert!(
        kinlink::db::record_key::find_latest(&mut conn, &row.id)
            .unwrap()
            .is_none(),
        "its keys are gone"
    );
    drop(conn);
    let t = app.sign_in(&handle, PASS).await;
    assert_eq!(
        app.me(&t).await["kept_until"],
        Value::Null,
        "no registration any more"
    );
}

#[tokio::test]
async fn renewing_an_expired_registration_brings_it_back() {
    let app = spawn_app().await;
    let (_t, handle) = family(&app).await;
    father(&app).await;
    app.run_matcher().await;
    app.clock.advance(DAY * 200);
    app.run_jobs().await;
    assert_eq!(live_candidates(&app), 0, "expired");
    let t = app.sign_in(&handle, PASS).await;
    let res = app
        .post_json("/api/v1/me/renew", &json!({}), Some(&t))
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let deadline = app
        .ctx
        .clock
        .today()
        .checked_add_months(chrono::Months::new(6))
        .unwrap();
    assert_eq!(body["kept_until"], deadline.to_string());
    app.run_jobs().await;
    app.run_matcher().await;
    assert_eq!(live_candidates(&app), 1, "matching again");
}
