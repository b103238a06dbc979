//! Accounts and sessions through HTTP: sign-up, sign-in, the threats T4, T7, T8, T11, T12, T16,
//! recovery, email and the duress passphrase.

use serde_json::{Value, json};

use crate::helpers::{TestApp, code_in, spawn_app, spawn_app_with, test_settings};

const PASS: &str = "correct horse battery staple";

async fn error_code(res: reqwest::Response) -> String {
    let body: Value = res.json().await.unwrap();
    body["error"]["code"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn sign_up_sign_in_me_and_sign_out() {
    let app = spawn_app().await;
    let (handle, codes) = app.sign_up(PASS).await;
    let parts: Vec<&str> = handle.split('-').collect();
    assert_eq!(parts.len(), 3, "words plus digits: {handle}");
    assert!(parts[2].chars().all(|c| c.is_ascii_digit()));
    assert_eq!(codes.len(), 8);
    assert_eq!(
        codes.iter().collect::<std::collections::HashSet<_>>().len(),
        8
    );

    let token = app.sign_in(&handle, PASS).await;
    let me = app.me(&token).await;
    assert_eq!(me["handle"], handle);
    assert_eq!(me["role"], "registrant");
    assert_eq!(me["recovery_codes_left"], 8);
    // The handle is accepted however it is typed.
    app.sign_in(&handle.to_uppercase().replace('-', " "), PASS)
        .await;

    assert_eq!(
        app.delete_with("/api/v1/sessions/current", &token)
            .await
            .status(),
        204
    );
    assert_eq!(app.get_with("/api/v1/me", &token).await.status(), 401);
    assert_eq!(app.get("/api/v1/me").await.status(), 401);
}

#[tokio::test]
async fn passphrase_policy_has_clear_codes() {
    let app = spawn_app().await;
    for (pass, code) in [
        ("short one", "passphrase_too_short"),
        ("q1w2e3r4t5y6", "passphrase_breached"),
        ("Q1W2E3R4T5Y6", "passphrase_breached"),
    ] {
        let res = app
            .post_json("/api/v1/accounts", &json!({"passphrase": pass}), None)
            .await;
        assert_eq!(res.status(), 400, "{pass}");
        assert_eq!(error_code(res).await, code);
    }
    let long = "x".repeat(300);
    let res = app
        .post_json("/api/v1/accounts", &json!({"passphrase": long}), None)
        .await;
    assert_eq!(error_code(res).await, "passphrase_too_long");
    let res = app
        .post_json(
            "/api/v1/accounts",
            &json!({"passphrase": PASS, "email": "not an email"}),
            None,
        )
        .await;
    assert_eq!(error_code(res).await, "invalid_email");
    // 128 characters, no composition rules.
    let res = app
        .post_json(
            "/api/v1/accounts",
            &json!({"passphrase": "ü".repeat(128)}),
            None,
        )
        .await;
    assert_eq!(res.status(), 201);
}

/// T4: Argon2id at the production floor, and no column holds the passphrase.
#[tokio::test]
async fn passphrases_are_stored_as_argon2id_at_the_floor() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    settings.argon2 = kinlink::config::Argon2Settings::FLOOR;
    let app = spawn_app_with(settings, dir).await;
    let pass = "Qzxovanbek passphrase canary";
    let (handle, _) = app.sign_up(pass).await;
    app.sign_in(&handle, pass).await;
    let hashes: Vec<String> = {
        use diesel::prelude::*;
        let mut conn = app.ctx.db.get().unwrap();
        kinlink::db::schema::accounts::table
            .select(kinlink::db::schema::accounts::password_hash)
            .load(&mut conn)
            .unwrap()
    };
    assert_eq!(hashes.len(), 1);
    assert!(
        hashes[0].starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{}",
        hashes[0]
    );
    let dump = app.database_bytes().to_ascii_lowercase();
    for needle in [
        pass.to_lowercase(),
        "qzxovanbek".to_string(),
        handle.clone(),
    ] {
        assert!(
            !dump.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} in the database"
        );
    }
}

/// Status, headers (but the request id and date) and body of a response.
async fn fingerprint(res: reqwest::Response) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let status = res.status().as_u16();
    let mut headers: Vec<(String, String)> = res
        .headers()
        .iter()
        .filter(|(k, _)| *k != "x-request-id" && *k != "date")
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_string()))
        .collect();
    headers.sort();
    (status, headers, res.bytes().await.unwrap().to_vec())
}

/// T7: unknown handle, unknown email and wrong passphrase answer identically.
#[tokio::test]
async fn sign_in_failures_are_indistinguishable() {
    let app = spawn_app().await;
    let (handle, _) = app.sign_up(PASS).await;
    let wrong = fingerprint(app.try_sign_in(&handle, "wrong passphrase here").await).await;
    let unknown_handle = fingerprint(app.try_sign_in("amber-river-0000", PASS).await).await;
    let unknown_email = fingerprint(app.try_sign_in("nobody@example.org", PASS).await).await;
    let garbage = fingerprint(app.try_sign_in("???", PASS).await).await;
    assert_eq!(wrong.0, 401);
    assert_eq!(wrong, unknown_handle);
    assert_eq!(wrong, unknown_email);
    assert_eq!(wrong, garbage);
    let body: Value = serde_json::from_slice(&wrong.2).unwrap();
    assert_eq!(body["error"]["code"], "invalid_credentials");
}

/// T8: wrong tries delay the login, told plainly with `Retry-After`, the same for an unknown
/// login; the right passphrase works once the delay has passed; other accounts are unaffected.
#[tokio::test]
async fn brute_force_is_throttled_without_lockout() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    settings.login_max_delay = std::time::Duration::from_secs(2);
    // A standing clock: on a slow machine two seconds of real time could pass inside the loop
    // below and end the delay it checks.
    let clock = kinlink::clock::Clock::fixed(chrono::Utc::now());
    let app = crate::helpers::spawn_app_on(settings, dir, clock).await;
    let (victim, _) = app.sign_up(PASS).await;
    let (other, _) = app.sign_up(PASS).await;
    // A few typos cost no wait; the fourth wrong try is checked and starts the delay.
    for i in 0..4 {
        let known = app
            .try_sign_in(&victim, &format!("wrong passphrase {i}"))
            .await;
        assert_eq!(known.status(), 401);
        assert!(known.headers().get("retry-after").is_none());
        let unknown = app
            .try_sign_in("amber-river-0000", &format!("wrong passphrase {i}"))
            .await;
        assert_eq!(unknown.status(), 401);
    }
    for i in 4..20 {
        let known = app
            .try_sign_in(&victim, &format!("wrong passphrase {i}"))
            .await;
        let unknown = app
            .try_sign_in("amber-river-0000", &format!("wrong passphrase {i}"))
            .await;
        for res in [known, unknown] {
            assert_eq!(res.status(), 429, "a delay is said as such");
            let wait: u64 = res.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=2).contains(&wait), "{wait}");
            assert_eq!(error_code(res).await, "rate_limited");
        }
    }
    // Throttled: even the right passphrase waits for now...
    assert_eq!(app.try_sign_in(&victim, PASS).await.status(), 429);
    // ...while another account signs in as usual...
    app.sign_in(&other, PASS).await;
    // ...and the victim gets in once the (capped) delay has passed: no lockout.
    app.clock.advance(std::time::Duration::from_millis(2200));
    app.sign_in(&victim, PASS).await;
}

/// The claims of a session token, read without checking it.
fn token_payload(token: &str) -> Value {
    use base64::Engine;
    let part = token.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(part)
            .unwrap(),
    )
    .unwrap()
}

fn server_signing_key(app: &TestApp) -> [u8; 32] {
    let keyring = kinlink::crypto::keyfile::read(&app.settings.keys_file).unwrap();
    *keyring
        .derive(kinlink::crypto::Purpose::SessionSigning)
        .expose_secret()
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// T11: forged, expired and revoked tokens all get 401.
#[tokio::test]
async fn forged_expired_and_revoked_tokens_are_refused() {
    use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
    use kinlink::auth::TokenSigner;

    let app = spawn_app().await;
    let (handle, _) = app.sign_up(PASS).await;
    let token = app.sign_in(&handle, PASS).await;
    assert_eq!(app.get_with("/api/v1/me", &token).await.status(), 200);
    let payload = token_payload(&token);
    let (sub, sid) = (
        payload["sub"].as_str().unwrap(),
        payload["sid"].as_str().unwrap(),
    );
    let key = server_signing_key(&app);
    let now = app.clock.unix();
    let aud = app.settings.public_origin.clone();

    let mut forged = Vec::new();
    // alg: none
    forged.push(format!(
        "{}.{}.",
        b64(br#"{"alg":"none","typ":"JWT"}"#),
        b64(payload.to_string().as_bytes())
    ));
    // Another algorithm with the right key.
    forged.push(
        encode(
            &Header::new(Algorithm::HS512),
            &payload,
            &EncodingKey::from_secret(&key),
        )
        .unwrap(),
    );
    // The right algorithm with a wrong key.
    forged.push(TokenSigner::new(&[9u8; 32], "kinlink", aud.clone()).issue(sub, sid, now, 600));
    // Expired.
    forged.push(TokenSigner::new(&key, "kinlink", aud.clone()).issue(sub, sid, now - 7200, 600));
    // Wrong audience, wrong issuer.
    forged.push(
        TokenSigner::new(&key, "kinlink", "https://elsewhere.example").issue(sub, sid, now, 600),
    );
    forged.push(TokenSigner::new(&key, "someone-else", aud.clone()).issue(sub, sid, now, 600));
    // No sid.
    let mut no_sid = payload.clone();
    no_sid.as_object_mut().unwrap().remove("sid");
    forged.push(
        encode(
            &Header::new(Algorithm::HS256),
            &no_sid,
            &EncodingKey::from_secret(&key),
        )
        .unwrap(),
    );
    // Someone else's account in a valid session's token.
    let mut other_sub = payload.clone();
    other_sub["sub"] = json!("00000000-0000-4000-8000-000000000000");
    forged.push(
        encode(
            &Header::new(Algorithm::HS256),
            &other_sub,
            &EncodingKey::from_secret(&key),
        )
        .unwrap(),
    );
    // A session id that was never issued.
    forged.push(TokenSigner::new(&key, "kinlink", aud.clone()).issue(
        sub,
        "not-a-session",
        now,
        600,
    ));

    // `/me` checks the session before its handler runs; the profile read checks it in the
    // same trip to the database as the read (`http::identity::Session`): both must refuse.
    let paths = ["/api/v1/me", "/api/v1/me/profile"];
    for (i, t) in forged.iter().enumerate() {
        for path in paths {
            let res = app.get_with(path, t).await;
            assert_eq!(res.status(), 401, "forged token {i} accepted at {path}");
        }
    }
    // A correctly signed token for the real session works; after sign-out the same one fails.
    let fresh = TokenSigner::new(&key, "kinlink", aud).issue(sub, sid, now, 600);
    for path in paths {
        assert_eq!(app.get_with(path, &fresh).await.status(), 200, "{path}");
    }
    app.delete_with("/api/v1/sessions/current", &token).await;
    for path in paths {
        assert_eq!(app.get_with(path, &fresh).await.status(), 401, "{path}");
    }
}

#[tokio::test]
async fn the_session_cookie_is_host_only_secure_httponly_strict() {
    let app = spawn_app().await;
    let (handle, _) = app.sign_up(PASS).await;
    let res = app.try_sign_in(&handle, PASS).await;
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("__Host-kinlink="))
        .expect("session cookie");
    for attr in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attr), "{attr} in {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    // Browsers send it back; it authenticates like the bearer token.
    let value = cookie.split(';').next().unwrap().to_string();
    let res = app
        .client
        .get(app.url("/api/v1/me"))
        .header("cookie", value)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

/// T12: cross-site state changes are refused; state never changes on GET.
#[tokio::test]
async fn csrf_defences_on_the_api() {
    let app = spawn_app().await;
    let (handle, _) = app.sign_up(PASS).await;
    let res = app
        .client
        .post(app.url("/api/v1/sessions"))
        .header("sec-fetch-site", "cross-site")
        .json(&json!({"login": handle, "passphrase": PASS}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .client
        .post(app.url("/api/v1/accounts"))
        .header("origin", "https://evil.example")
        .json(&json!({"passphrase": PASS}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    for path in [
        "/api/v1/accounts",
        "/api/v1/sessions/current",
        "/api/v1/recovery",
        "/api/v1/me/passphrase",
    ] {
        assert_eq!(app.get(path).await.status(), 405, "GET {path}");
    }
}

/// T16: "sign out everywhere" ends a seized device's session at its next request; a passphrase
/// change does the same.
#[tokio::test]
async fn sessions_can_be_listed_and_revoked_everywhere() {
    let app = spawn_app().await;
    let (handle, _) = app.sign_up(PASS).await;
    let seized = app.sign_in(&handle, PASS).await;
    let mine = app.sign_in(&handle, PASS).await;
    let list: Value = app
        .get_with("/api/v1/sessions", &mine)
        .await
        .json()
        .await
        .unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);
    assert!(list[0]["created_at"].is_string() && list[0]["last_seen_at"].is_string());

    assert_eq!(
        app.delete_with("/api/v1/sessions", &mine).await.status(),
        204
    );
    assert_eq!(app.get_with("/api/v1/me", &seized).await.status(), 401);
    assert_eq!(app.get_with("/api/v1/me", &mine).await.status(), 401);

    let a = app.sign_in(&handle, PASS).await;
    let b = app.sign_in(&handle, PASS).await;
    let new_pass = "a different long passphrase";
    let res = app
        .post_json(
            "/api/v1/me/passphrase",
            &json!({"current": "wrong passphrase!!", "new": new_pass}),
            Some(&a),
        )
        .await;
    assert_eq!(error_code(res).await, "wrong_passphrase");
    let res = app
        .post_json(
            "/api/v1/me/passphrase",
            &json!({"current": PASS, "new": new_pass}),
            Some(&a),
        )
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let c = body["token"].as_str().unwrap();
    assert_eq!(app.get_with("/api/v1/me", &a).await.status(), 401);
    assert_eq!(app.get_with("/api/v1/me", &b).await.status(), 401);
    assert_eq!(app.get_with("/api/v1/me", c).await.status(), 200);
    assert_eq!(app.try_sign_in(&handle, PASS).await.status(), 401);
    // A failure delays the next try on that account by a second (throttling).
    app.clock.advance(std::time::Duration::from_millis(1100));
    app.sign_in(&handle, new_pass).await;
}

#[tokio::test]
async fn recovery_codes_work_once_and_unknown_accounts_look_the_same() {
    let app = spawn_app().await;
    let (handle, codes) = app.sign_up(PASS).await;
    let old = app.sign_in(&handle, PASS).await;
    let new_pass = "recovered passphrase one";
    let body = json!({"login": handle, "recovery_code": codes[3].to_lowercase(), "new_passphrase": new_pass});
    assert_eq!(
        app.post_json("/api/v1/recovery", &body, None)
            .await
            .status(),
        204
    );
    assert_eq!(
        app.get_with("/api/v1/me", &old).await.status(),
        401,
        "sessions end"
    );
    app.sign_in(&handle, new_pass).await;
    // Spent.
    let again = fingerprint(app.post_json("/api/v1/recovery", &body, None).await).await;
    assert_eq!(again.0, 400);
    let unknown =
        json!({"login": "amber-river-0000", "recovery_code": codes[4], "new_passphrase": new_pass});
    let unknown = fingerprint(app.post_json("/api/v1/recovery", &unknown, None).await).await;
    assert_eq!(
        again, unknown,
        "same answer whether or not the account exists"
    );
    // Asking for an email code answers the same for anyone.
    let a = fingerprint(
        app.post_json("/api/v1/recovery", &json!({"login": handle}), None)
            .await,
    )
    .await;
    let b = fingerprint(
        app.post_json(
            "/api/v1/recovery",
            &json!({"login": "nobody@example.org"}),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(a, b);
    assert_eq!(a.0, 202);
}

#[tokio::test]
async fn email_is_optional_verified_by_a_content_free_code_and_recovers() {
    let app = spawn_app().await;
    let email = "qzxov.canary@example.org";
    let res = app
        .post_json(
            "/api/v1/accounts",
            &json!({"passphrase": PASS, "email": email}),
            None,
        )
        .await;
    assert_eq!(res.status(), 201);
    let handle = res.json::<Value>().await.unwrap()["handle"]
        .as_str()
        .unwrap()
        .to_string();
    let mail = app.wait_for_mail(email, 0).await;
    let lower = mail.to_lowercase();
    assert!(
        !lower.contains("kinlink") && !lower.contains(&handle) && !lower.contains("http"),
        "{mail}"
    );
    let code = code_in(&mail);

    // Unverified addresses do not sign in.
    assert_eq!(app.try_sign_in(email, PASS).await.status(), 401);
    let token = app.sign_in(&handle, PASS).await;
    let res = app
        .post_json(
            "/api/v1/me/email/verify",
            &json!({"code": "00000000"}),
            Some(&token),
        )
        .await;
    assert_eq!(error_code(res).await, "invalid_code");
    let res = app
        .post_json(
            "/api/v1/me/email/verify",
            &json!({"code": code}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), 204);
    let me = app.me(&token).await;
    assert_eq!(me["email"], json!({"address": email, "verified": true}));
    app.clock.advance(std::time::Duration::from_millis(1100));
    app.sign_in(&email.to_uppercase(), PASS).await;

    // Recovery by email: a code, then a new passphrase.
    let res = app
        .post_json("/api/v1/recovery", &json!({"login": email}), None)
        .await;
    assert_eq!(res.status(), 202);
    let mail = app.wait_for_mail(email, 1).await;
    let code = code_in(&mail);
    let new_pass = "passphrase after recovery";
    let res = app
        .post_json(
            "/api/v1/recovery",
            &json!({"login": email, "email_code": code, "new_passphrase": new_pass}),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(app.get_with("/api/v1/me", &token).await.status(), 401);
    app.sign_in(&handle, new_pass).await;

    // Neither the address nor the codes are in the database in the clear.
    let dump = app.database_bytes().to_ascii_lowercase();
    assert!(
        !dump.windows(10).any(|w| w == b"qzxov.cana"),
        "email in the database"
    );
}

/// T16: a duress passphrase opens a plausible, empty account and schedules the real account's
/// deletion; the real passphrase cancels it.
#[tokio::test]
async fn duress_passphrase_opens_an_empty_account_and_schedules_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    settings.duress_delay = std::time::Duration::from_secs(1);
    let app = spawn_app_with(settings, dir).await;
    let (handle, _) = app.sign_up(PASS).await;
    let real = app.sign_in(&handle, PASS).await;
    let duress = "the other passphrase";
    let res = app
        .post_json(
            "/api/v1/me/duress",
            &json!({"current": PASS, "duress": PASS}),
            Some(&real),
        )
        .await;
    assert_eq!(error_code(res).await, "duress_same_as_passphrase");
    let res = app
        .post_json(
            "/api/v1/me/duress",
            &json!({"current": PASS, "duress": duress}),
            Some(&real),
        )
        .await;
    assert_eq!(res.status(), 204);

    // Signing in under duress looks like any sign-in, and shows the same handle.
    let decoy = app.sign_in(&handle, duress).await;
    let me = app.me(&decoy).await;
    assert_eq!(me["handle"], handle);
    assert_eq!(me["duress_passphrase_set"], false);
    assert!(me["email"].is_null());

    // The real passphrase cancels the scheduled deletion.
    app.sign_in(&handle, PASS).await;
    app.clock.advance(std::time::Duration::from_millis(1100));
    app.ctx.lifecycle.delete_due_accounts().await.unwrap();
    app.sign_in(&handle, PASS).await;

    // Another duress sign-in, and no real one before the delay: the account is deleted.
    app.sign_in(&handle, duress).await;
    app.clock.advance(std::time::Duration::from_millis(1100));
    let deleted = app.ctx.lifecycle.delete_due_accounts().await.unwrap();
    assert_eq!(deleted, 1);
    assert_eq!(app.try_sign_in(&handle, PASS).await.status(), 401);
    app.clock.advance(std::time::Duration::from_secs(2));
    assert_eq!(app.try_sign_in(&handle, duress).await.status(), 401);
    assert_eq!(app.get_with("/api/v1/me", &real).await.status(), 401);
}

#[tokio::test]
async fn sign_ups_are_rate_limited() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    settings.signups_per_minute = 2;
    let app = spawn_app_with(settings, dir).await;
    app.sign_up(PASS).await;
    app.sign_up(PASS).await;
    let res = app
        .post_json("/api/v1/accounts", &json!({"passphrase": PASS}), None)
        .await;
    assert_eq!(res.status(), 429);
    assert_eq!(error_code(res).await, "rate_limited");
}

/// Sliding renewal: past half its life a token comes back renewed; the absolute limit holds.
#[tokio::test]
async fn tokens_past_half_their_life_are_renewed() {
    let app = spawn_app().await;
    let (handle, _) = app.sign_up(PASS).await;
    let token = app.sign_in(&handle, PASS).await;
    let res = app.get_with("/api/v1/me", &token).await;
    assert!(
        res.headers().get("x-session-token").is_none(),
        "a fresh token is not renewed"
    );

    let payload = token_payload(&token);
    let key = server_signing_key(&app);
    let old = kinlink::auth::TokenSigner::new(&key, "kinlink", app.settings.public_origin.clone())
        .issue(
            payload["sub"].as_str().unwrap(),
            payload["sid"].as_str().unwrap(),
            app.clock.unix() - 600,
            900,
        );
    // Both ways of checking a session renew (see `forged_expired_and_revoked_tokens_are_refused`).
    for path in ["/api/v1/me", "/api/v1/me/profile"] {
        let res = app.get_with(path, &old).await;
        assert_eq!(res.status(), 200, "{path}");
        let renewed = res.headers()["x-session-token"]
            .to_str()
            .unwrap()
            .to_string();
        assert_ne!(renewed, old, "{path}");
        assert_eq!(app.get_with(path, &renewed).await.status(), 200, "{path}");
    }
    // A browser's page gets the renewed token back as its cookie.
    let res = app
        .client
        .get(app.url("/dashboard"))
        .header("Cookie", format!("__Host-kinlink={old}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("__Host-kinlink="))
        .map(|c| c.split(';').next().unwrap().to_string())
        .expect("a renewed cookie");
    assert!(!cookie.is_empty() && cookie != old);
    assert_eq!(app.get_with("/api/v1/me", &cookie).await.status(), 200);
}

/// Raising the Argon2 cost in the settings upgrades a stored hash at the next sign-in.
#[tokio::test]
async fn password_hashes_upgrade_when_the_cost_is_raised() {
    let dir = tempfile::tempdir().unwrap();
    let settings = test_settings(&dir);
    let app = spawn_app_with(settings.clone(), tempfile::tempdir().unwrap()).await;
    let (handle, _) = app.sign_up(PASS).await;
    let hash = |app: &TestApp| -> String {
        use diesel::prelude::*;
        let mut conn = app.ctx.db.get().unwrap();
        kinlink::db::schema::accounts::table
            .select(kinlink::db::schema::accounts::password_hash)
            .first(&mut conn)
            .unwrap()
    };
    assert!(hash(&app).contains("m=64,t=1,p=1"), "{}", hash(&app));
    // The same database and keys, served with a higher cost.
    let mut raised = settings;
    raised.argon2 = kinlink::config::Argon2Settings {
        m_kib: 128,
        t: 2,
        p: 1,
    };
    let app2 = spawn_app_with(raised, tempfile::tempdir().unwrap()).await;
    app2.sign_in(&handle, PASS).await;
    assert!(hash(&app2).contains("m=128,t=2,p=1"), "{}", hash(&app2));
    app2.sign_in(&handle, PASS).await;
    drop(dir);
}

/// Email through a real SMTP server (aiosmtpd), content-free.
#[tokio::test]
async fn email_goes_out_through_smtp() {
    crate::helpers::ensure_aiosmtpd();
    let maildir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut smtpd = std::process::Command::new("python3")
        .args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{port}"),
            "-c",
            "aiosmtpd.handlers.Mailbox",
        ])
        .arg(maildir.path().join("mail"))
        .spawn()
        .expect("python3 -m aiosmtpd (pip install aiosmtpd)");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    settings.smtp_url = Some(kinlink::crypto::Sensitive::new(format!(
        "smtp://127.0.0.1:{port}"
    )));
    let app = spawn_app_with(settings, dir).await;
    let res = app
        .post_json(
            "/api/v1/accounts",
            &json!({"passphrase": PASS, "email": "smtp.canary@example.org"}),
            None,
        )
        .await;
    assert_eq!(res.status(), 201);
    app.run_jobs().await;
    // The SMTP server is another process: wait for its file, with a deadline.
    let mut found = None;
    for _ in 0..100 {
        let new = maildir.path().join("mail").join("new");
        if let Some(entry) = std::fs::read_dir(&new).ok().and_then(|mut d| d.next()) {
            found = Some(std::fs::read_to_string(entry.unwrap().path()).unwrap());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    smtpd.kill().unwrap();
    smtpd.wait().unwrap();
    let mail = found.expect("a message reached the SMTP server");
    assert!(mail.contains("smtp.canary@example.org"));
    let code = code_in(&mail);
    assert_eq!(code.len(), 8);
    assert!(!mail.to_lowercase().contains("kinlink"), "{mail}");
    assert_eq!(
        std::fs::read_dir(&app.settings.outbox_dir)
            .map(|d| d.count())
            .unwrap_or(0),
        0,
        "not written to files"
    );
}

#[tokio::test]
async fn people_who_sign_up_in_uyghur_get_an_account_name_of_uyghur_words() {
    use kinlink::auth::HandleWords;
    let app = spawn_app().await;
    let ug = HandleWords::UyghurLatin.words();
    let en = HandleWords::English.words();
    let words_of = |handle: &str| -> (String, String) {
        let parts: Vec<&str> = handle.split('-').collect();
        assert_eq!(parts.len(), 3, "{handle}");
        assert!(parts[2].len() == 4 && parts[2].bytes().all(|b| b.is_ascii_digit()));
        (parts[0].to_string(), parts[1].to_string())
    };
    for _ in 0..3 {
        let res = app
            .post_json(
                "/api/v1/accounts",
                &serde_json::json!({"passphrase": PASS, "locale": "ug"}),
                None,
            )
            .await;
        assert_eq!(res.status(), 201);
        let handle = res.json::<Value>().await.unwrap()["handle"]
            .as_str()
            .unwrap()
            .to_string();
        let (a, b) = words_of(&handle);
        assert!(
            ug.contains(&a.as_str()) && ug.contains(&b.as_str()),
            "{handle}"
        );
        // It signs in like any other, however it is typed.
        app.sign_in(&handle.to_uppercase().replace('-', " "), PASS)
            .await;
    }
    let (handle, _) = app.sign_up(PASS).await;
    let (a, b) = words_of(&handle);
    assert!(
        en.contains(&a.as_str()) && en.contains(&b.as_str()),
        "{handle}"
    );

    // Through the page, in Uyghur, too.
    let mut b = crate::account_pages::Browser::new(&app);
    b.choose_language("ug").await;
    let res = b
        .post(
            "/sign-up",
            "/sign-up",
            &[
                ("passphrase", PASS),
                ("passphrase_again", PASS),
                ("email", ""),
            ],
        )
        .await;
    let html = res.text().await.unwrap();
    let handle = crate::account_pages::between(&html, "<code id=\"handle\">", "</code>");
    let (x, y) = words_of(handle);
    assert!(
        ug.contains(&x.as_str()) && ug.contains(&y.as_str()),
        "{handle}"
    );
}

/// Every time in an API answer is RFC 3339 in UTC with a `Z`.
#[tokio::test]
async fn api_timestamps_are_rfc3339_with_z() {
    let app = spawn_app().await;
    let (handle, _) = app.sign_up(PASS).await;
    let res = app.try_sign_in(&handle, PASS).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let token = body["token"].as_str().unwrap().to_string();
    let mut times = vec![body["expires_at"].clone()];
    let sessions: Value = app
        .get_with("/api/v1/sessions", &token)
        .await
        .json()
        .await
        .unwrap();
    let first = sessions
        .as_array()
        .or_else(|| sessions["sessions"].as_array())
        .expect("a list of sessions")[0]
        .clone();
    times.push(first["created_at"].clone());
    times.push(first["last_seen_at"].clone());
    let created: Value = app
        .client
        .post(app.url("/api/v1/me/searches"))
        .bearer_auth(&token)
        .json(&json!({"names": ["Tursun Memet"], "relation": "father"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let search: Value = app
        .get_with(
            &format!("/api/v1/me/searches/{}", created["id"].as_str().unwrap()),
            &token,
        )
        .await
        .json()
        .await
        .unwrap();
    times.push(search["created_at"].clone());
    times.push(search["updated_at"].clone());
    let export: Value = app
        .get_with("/api/v1/me/export", &token)
        .await
        .json()
        .await
        .unwrap();
    times.push(export["exported_at"].clone());
    times.push(export["searches"][0]["created_at"].clone());
    for t in times {
        let t = t.as_str().unwrap_or_else(|| panic!("a time as text: {t}"));
        assert!(t.ends_with('Z'), "{t}");
        chrono::DateTime::parse_from_rfc3339(t).unwrap_or_else(|e| panic!("{t}: {e}"));
    }
}
