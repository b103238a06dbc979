//! Security round two through HTTP (T6–T8, T16): limits that cannot be turned against families,
//! recovery without floods, and a duress account nobody can tell apart. Clients come from
//! different loopback addresses, which the service counts as different sources.

use std::time::Duration;

use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::helpers::{TestApp, code_in, spawn_app_with, test_settings};

const PASS: &str = "family passphrase long";

/// A client whose requests come from 127.0.0.`last`.
fn client_from(last: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, last]))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// An app with the real per-source budgets (the other tests lift them).
async fn app_with_source_limits() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    let defaults = kinlink::config::Settings::for_dir(dir.path());
    settings.signups_per_source_per_hour = defaults.signups_per_source_per_hour;
    settings.signins_per_source_per_minute = defaults.signins_per_source_per_minute;
    // A standing clock: the delays these tests check last a second or two, which a slow
    // machine could spend between two requests.
    let clock = kinlink::clock::Clock::fixed(chrono::Utc::now());
    crate::helpers::spawn_app_on(settings, dir, clock).await
}

async fn sign_in_from(
    app: &TestApp,
    client: &reqwest::Client,
    login: &str,
    passphrase: &str,
    device: Option<&str>,
) -> reqwest::Response {
    let mut body = json!({"login": login, "passphrase": passphrase});
    if let Some(d) = device {
        body["device_token"] = json!(d);
    }
    client
        .post(app.url("/api/v1/sessions"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_flood_from_one_source_does_not_keep_another_family_out() {
    let app = app_with_source_limits().await;
    let (owner, _) = app.sign_up(PASS).await;
    let flood = client_from(2);
    // Junk logins as fast as one client can send them.
    let junk = (0..120).map(|i| {
        let (app, flood) = (&app, &flood);
        async move {
            sign_in_from(
                app,
                flood,
                &format!("junk{i}@example.org"),
                "junk passphrase",
                None,
            )
            .await
            .status()
            .as_u16()
        }
    });
    let statuses = join_all(junk).await;
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert!(
        limited >= 80,
        "the flood meets its own budget: {statuses:?}"
    );
    // The family, from elsewhere, signs in on the first try.
    let res = sign_in_from(&app, &client_from(3), &owner, PASS, None).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn spaced_guesses_never_keep_the_owner_out_on_a_device_that_signed_in_before() {
    let app = app_with_source_limits().await;
    let (handle, _) = app.sign_up(PASS).await;
    let home = client_from(4);
    let res = sign_in_from(&app, &home, &handle, PASS, None).await;
    assert_eq!(res.status(), 200);
    let device = res.json::<Value>().await.unwrap()["device_token"]
        .as_str()
        .unwrap()
        .to_string();
    // Guesses 1, 2, 4 and 8 seconds apart, from the owner's own network.
    for (i, gap) in [1, 2, 4, 8].into_iter().enumerate() {
        app.clock.advance(Duration::from_secs(gap));
        let res = sign_in_from(&app, &home, &handle, &format!("guess number {i} x"), None).await;
        assert!(matches!(res.status().as_u16(), 401 | 429));
    }
    // Without the device, the right passphrase waits...
    assert_eq!(
        sign_in_from(&app, &home, &handle, PASS, None)
            .await
            .status(),
        429
    );
    // ...on the device that signed in before, it works at once.
    let res = sign_in_from(&app, &home, &handle, PASS, Some(&device)).await;
    assert_eq!(res.status(), 200);
    // A browser keeps the device token as a cookie of its own.
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("__Host-kinlink-device="))
        .expect("a device cookie");
    for part in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
}

#[tokio::test]
async fn one_client_cannot_hold_back_sign_ups_for_everyone() {
    let app = app_with_source_limits().await;
    let flood = client_from(5);
    let mut codes = Vec::new();
    for _ in 0..20 {
        let res = flood
            .post(app.url("/api/v1/accounts"))
            .json(&json!({"passphrase": PASS}))
            .send()
            .await
            .unwrap();
        codes.push(res.status().as_u16());
        if res.status() == 429 {
            assert!(res.headers().contains_key("retry-after"));
        }
    }
    assert_eq!(codes.iter().filter(|c| **c == 201).count(), 5, "{codes:?}");
    // Another family, elsewhere, signs up at once.
    let res = client_from(6)
        .post(app.url("/api/v1/accounts"))
        .json(&json!({"passphrase": PASS}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
}

/// An account with a verified address; returns its handle.
async fn account_with_email(app: &TestApp, email: &str) -> String {
    let (handle, _) = app.sign_up(PASS).await;
    let token = app.sign_in(&handle, PASS).await;
    let res = app
        .post_json("/api/v1/me/email", &json!({"email": email}), Some(&token))
        .await;
    assert_eq!(res.status(), 202);
    let code = code_in(&app.wait_for_mail(email, 0).await);
    let res = app
        .post_json(
            "/api/v1/me/email/verify",
            &json!({"code": code}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), 204);
    handle
}

#[tokio::test]
async fn a_login_respelt_eight_ways_gets_one_code_email() {
    let dir = tempfile::tempdir().unwrap();
    let app = spawn_app_with(test_settings(&dir), dir).await;
    let email = "respelt.family@example.org";
    let handle = account_with_email(&app, email).await;
    let before = app.mails_to(email).len();
    let spellings = [
        handle.clone(),
        handle.to_uppercase(),
        handle.replace('-', " "),
        handle.replace('-', "_"),
        handle.replace('-', "\u{2013}"),
        format!("  {handle}  "),
        handle.replace('-', "--"),
        email.to_uppercase(),
    ];
    let mut statuses = Vec::new();
    for login in &spellings {
        let res = app
            .post_json("/api/v1/recovery", &json!({"login": login}), None)
            .await;
        statuses.push(res.status().as_u16());
    }
    // The handle's spellings share one budget (the email is another login).
    assert_eq!(
        statuses.iter().filter(|s| **s == 202).count(),
        6,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 202 || *s == 429),
        "{statuses:?}"
    );
    app.run_jobs().await;
    app.run_jobs().await;
    let mails = app.mails_to(email);
    assert_eq!(mails.len(), before + 1, "one code, not one per request");
    // The one code still works: it was not replaced by the later requests. A wrong guess
    // through another spelling is refused (and counted against that code).
    let code = code_in(mails.last().unwrap());
    app.clock.advance(Duration::from_secs(3 * 60));
    let res = app
        .post_json(
            "/api/v1/recovery",
            &json!({"login": handle.to_uppercase(), "email_code": "00000000", "new_passphrase": "a new family passphrase"}),
            None,
        )
        .await;
    assert_eq!(res.status(), 400);
    app.clock.advance(Duration::from_secs(3 * 60));
    let res = app
        .post_json(
            "/api/v1/recovery",
            &json!({"login": handle.replace('-', " "), "email_code": code, "new_passphrase": "a new family passphrase"}),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    app.sign_in(&handle, "a new family passphrase").await;
}

#[tokio::test]
async fn recovery_answers_the_same_whatever_the_account() {
    let dir = tempfile::tempdir().unwrap();
    let app = spawn_app_with(test_settings(&dir), dir).await;
    let with_email = account_with_email(&app, "has.mail@example.org").await;
    let (without_email, _) = app.sign_up(PASS).await;
    let mut answers = Vec::new();
    for login in [
        with_email.as_str(),
        without_email.as_str(),
        "amber-river-0000",
        "nobody@example.org",
    ] {
        let res = app
            .post_json("/api/v1/recovery", &json!({"login": login}), None)
            .await;
        let status = res.status().as_u16();
        let body = res.bytes().await.unwrap().to_vec();
        answers.push((status, body));
    }
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    assert_eq!(answers[0].0, 202);
    // Only the account with an address gets mail, after the answer.
    app.run_jobs().await;
    assert_eq!(app.mails_to("has.mail@example.org").len(), 2);
}

/// Every answer a coercer could look at, with ids, handles and dates replaced.
async fn answers(app: &TestApp, token: &str, passphrase: &str) -> Vec<(String, u16, Value)> {
    let normalise = |mut v: Value, handle: &str| -> Value {
        fn walk(v: &mut Value, handle: &str) {
            match v {
                Value::Object(map) => {
                    for (k, item) in map.iter_mut() {
                        if k.ends_with("_at") || k == "id" || k == "token" || k == "device_token" {
                            *item = json!("*");
                        } else {
                            walk(item, handle);
                        }
                    }
                }
                Value::Array(items) => items.iter_mut().for_each(|i| walk(i, handle)),
                Value::String(s) if s == handle => *s = "*handle*".into(),
                _ => {}
            }
        }
        walk(&mut v, handle);
        v
    };
    let me = app.me(token).await;
    let handle = me["handle"].as_str().unwrap().to_string();
    let mut out = Vec::new();
    for path in [
        "/api/v1/me",
        "/api/v1/sessions",
        "/api/v1/me/profile",
        "/api/v1/me/searches",
        "/api/v1/me/contact-card",
        "/api/v1/me/preconsent-card",
        "/api/v1/me/verification-facts",
        "/api/v1/me/settings",
        "/api/v1/me/export",
    ] {
        let res = app.get_with(path, token).await;
        let status = res.status().as_u16();
        let body = res.json::<Value>().await.unwrap_or(Value::Null);
        out.push((path.to_string(), status, normalise(body, &handle)));
    }
    // Setting a duress passphrase, and changing the passphrase with the one just used.
    let res = app
        .post_json(
            "/api/v1/me/duress",
            &json!({"current": passphrase, "duress": "a coerced duress choice"}),
            Some(token),
        )
        .await;
    out.push(("POST duress".into(), res.status().as_u16(), Value::Null));
    let res = app
        .post_json(
            "/api/v1/me/passphrase",
            &json!({"current": passphrase, "new": "a coerced new passphrase"}),
            Some(token),
        )
        .await;
    let status = res.status().as_u16();
    let new_token = res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .map(str::to_string);
    out.push(("POST passphrase".into(), status, Value::Null));
    if let Some(t) = new_token {
        let me = app.me(&t).await;
        out.push(("/api/v1/me after".into(), 200, normalise(me, &handle)));
    }
    out
}

#[tokio::test]
async fn a_duress_session_answers_exactly_like_a_fresh_account() {
    let dir = tempfile::tempdir().unwrap();
    let app = spawn_app_with(test_settings(&dir), dir).await;
    // A family with a duress passphrase, who has used the service.
    let (handle, _) = app.sign_up(PASS).await;
    let real = app.sign_in(&handle, PASS).await;
    let duress = "the duress passphrase";
    let res = app
        .post_json(
            "/api/v1/me/duress",
            &json!({"current": PASS, "duress": duress}),
            Some(&real),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(app.me(&real).await["duress_passphrase_set"], true);
    let res = app
        .post_json(
            "/api/v1/me/searches",
            &json!({"names": ["Tursun Memet"], "relation": "father"}),
            Some(&real),
        )
        .await;
    assert_eq!(res.status(), 201);
    // Coerced, they sign in with the duress passphrase.
    let coerced = app.sign_in(&handle, duress).await;
    // A fresh account, signed in the same way.
    let fresh_pass = "a fresh account passphrase";
    let (fresh_handle, _) = app.sign_up(fresh_pass).await;
    let fresh = app.sign_in(&fresh_handle, fresh_pass).await;

    let decoy_answers = answers(&app, &coerced, duress).await;
    let fresh_answers = answers(&app, &fresh, fresh_pass).await;
    assert_eq!(decoy_answers, fresh_answers);
    assert_eq!(decoy_answers[0].2["recovery_codes_left"], 8);
    // The coercer's new passphrase keeps opening the decoy; the real one still opens the real
    // account (and cancels the scheduled deletion).
    let again = app.sign_in(&handle, "a coerced new passphrase").await;
    assert!(
        app.get_with("/api/v1/me/searches", &again)
            .await
            .json::<Value>()
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .is_empty()
    );
    let real = app.sign_in(&handle, PASS).await;
    let searches: Value = app
        .get_with("/api/v1/me/searches", &real)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(searches.as_array().unwrap().len(), 1);
}
