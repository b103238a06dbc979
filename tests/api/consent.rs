//! Review and mutual consent through HTTP, as the issue tells it: A (Arabic script) seeks her
//! father; B registers himself in Chinese characters; two caseworkers (TOTP) review; the
//! families are asked one after the other, by content-free mail through a real SMTP server;
//! only when both said yes does each see the other's contact card. And the variants: a no, a
//! withdrawal, silence until expiry, the mail server down, a deletion after disclosure.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{
    STAFF_PASS, Smtpd, TestApp, create_admin, enrol, error_code, join, spawn_app_with,
    test_settings,
};

pub const A_MAIL: &str = "a.family@example.org";
pub const B_MAIL: &str = "b.family@example.org";
pub const A_CARD: &str = "+90 555 111 2233";
pub const B_CARD: &str = "b.contact@example.net";
pub const A_PASS: &str = "family a passphrase";
pub const A_NAME: &str = "ئابدۇرېھىم تۇرسۇن";
pub const B_NAME: &str = "阿不都热依木·吐尔逊";

pub struct Case {
    pub app: TestApp,
    pub smtp: Smtpd,
    pub a: String,
    pub b: String,
    pub a_handle: String,
    pub cw1: String,
    pub cw2: String,
    /// An org admin of the reviewing organization.
    pub org_admin: String,
    pub admin: String,
    pub candidate: String,
}

pub async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = match method {
        "GET" => app.client.get(app.url(path)),
        "PUT" => app.client.put(app.url(path)),
        "DELETE" => app.client.delete(app.url(path)),
        _ => app.client.post(app.url(path)),
    }
    .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.expect("request")
}

pub async fn ok(app: &TestApp, method: &str, path: &str, token: &str, body: Value) -> Value {
    let res = call(app, method, path, token, Some(body)).await;
    let status = res.status();
    let text = res.text().await.unwrap();
    assert!(status.is_success(), "{method} {path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// A registrant with a verified address (the code read from the SMTP server): token, handle.
pub async fn registrant(
    app: &TestApp,
    smtp: &Smtpd,
    email: &str,
    passphrase: &str,
) -> (String, String) {
    let (handle, _) = app.sign_up(passphrase).await;
    let token = app.sign_in(&handle, passphrase).await;
    let res = app
        .post_json("/api/v1/me/email", &json!({"email": email}), Some(&token))
        .await;
    assert!(res.status().is_success(), "set email");
    app.run_jobs().await;
    let mail = smtp.wait_for(email, 1).await.pop().unwrap();
    let code = crate::helpers::code_in(&mail);
    let res = app
        .post_json(
            "/api/v1/me/email/verify",
            &json!({"code": code}),
            Some(&token),
        )
        .await;
    assert!(res.status().is_success(), "verify email");
    (token, handle)
}

pub async fn my_matches(app: &TestApp, token: &str) -> Vec<Value> {
    let v = ok(app, "GET", "/api/v1/me/matches", token, Value::Null).await;
    v["matches"].as_array().unwrap().clone()
}

/// Everything up to the candidate, the caseworkers and the mail server.
pub async fn setup() -> Case {
    setup_with(|_| {}).await
}

/// [`setup`] with settings of the test's own.
pub async fn setup_with(tweak: impl FnOnce(&mut kinlink::config::Settings)) -> Case {
    let smtp = Smtpd::start();
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    settings.smtp_url = Some(smtp.url());
    tweak(&mut settings);
    let app = spawn_app_with(settings, dir).await;

    let admin_handle = create_admin(&app);
    let (admin, _) = enrol(&app, &app.sign_in(&admin_handle, STAFF_PASS).await).await;
    let org = ok(
        &app,
        "POST",
        "/api/v1/admin/organizations",
        &admin,
        json!({"name": "Partner"}),
    )
    .await;
    let org_id = org["id"].as_str().unwrap().to_string();
    let org_admin = join(&app, &admin, "org_admin", Some(&org_id)).await;
    let cw1 = join(&app, &org_admin, "caseworker", None).await;
    let cw2 = join(&app, &org_admin, "caseworker", None).await;

    let (a, a_handle) = registrant(&app, &smtp, A_MAIL, A_PASS).await;
    let (b, _) = registrant(&app, &smtp, B_MAIL, "family b passphrase").await;
    ok(
        &app,
        "PUT",
        "/api/v1/me/contact-card",
        &a,
        json!({"channels": [{"kind": "signal", "value": A_CARD}], "message": "Write to me."}),
    )
    .await;
    ok(
        &app,
        "PUT",
        "/api/v1/me/contact-card",
        &b,
        json!({"channels": [{"kind": "email", "value": B_CARD}], "message": ""}),
    )
    .await;
    ok(
        &app,
        "PUT",
        "/api/v1/me/preconsent-card",
        &a,
        json!({"show": ["relation", "country"], "message": "I am looking for my father."}),
    )
    .await;
    ok(
        &app,
        "PUT",
        "/api/v1/me/settings",
        &a,
        json!({"country": "Türkiye"}),
    )
    .await;
    ok(
        &app,
        "POST",
        "/api/v1/me/searches",
        &a,
        json!({
            "names": [A_NAME], "relation": "father", "gender": "male",
            "birth": {"year": 1961}, "birthplace": {"region": "654002"}
        }),
    )
    .await;
    ok(
        &app,
        "PUT",
        "/api/v1/me/profile",
        &b,
        json!({
            "names": [B_NAME], "gender": "male",
            "birth": {"year": 1961}, "birthplace": {"region": "654002"}
        }),
    )
    .await;
    app.run_matcher().await;
    app.run_jobs().await;

    // Nothing shows to either family.
    assert!(my_matches(&app, &a).await.is_empty());
    assert!(my_matches(&app, &b).await.is_empty());
    let queue = ok(&app, "GET", "/api/v1/review/queue", &cw1, Value::Null).await;
    let items = queue["candidates"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{queue}");
    let item = &items[0];
    assert_eq!(item["state"], "candidate");
    assert_eq!(item["kind"], "sought_self");
    assert_eq!(item["claimed_by_me"], false);
    assert_eq!(
        item.as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>(),
        ["band", "claimed_by_me", "id", "kind", "state"],
        "band, kind and state only"
    );
    let candidate = item["id"].as_str().unwrap().to_string();
    Case {
        app,
        smtp,
        a,
        b,
        a_handle,
        cw1,
        cw2,
        org_admin,
        admin,
        candidate,
    }
}

/// Two caseworkers review and approve; A's side is vetted, so A is asked first. Returns
/// A's side (`a` or `b`: the side of the smaller record id).
pub async fn approve(c: &Case) -> String {
    let (app, id) = (&c.app, &c.candidate);
    let s = ok(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/claim"),
        &c.cw1,
        json!({}),
    )
    .await;
    assert_eq!(s["state"], "candidate");
    let res = call(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/claim"),
        &c.cw2,
        Some(json!({})),
    )
    .await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "already_claimed");
    let res = call(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/open"),
        &c.cw2,
        Some(json!({"reason": "match_review"})),
    )
    .await;
    assert_eq!(res.status(), 404, "only the holder opens it");
    let res = call(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/approve"),
        &c.cw1,
        Some(json!({})),
    )
    .await;
    assert_eq!(error_code(res).await, "not_opened");
    let res = call(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/open"),
        &c.cw1,
        Some(json!({"reason": "curiosity"})),
    )
    .await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "invalid_reason");

    let view = ok(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/open"),
        &c.cw1,
        json!({"reason": "match_review"}),
    )
    .await;
    assert_eq!(view["state"], "in_review");
    assert_eq!(view["kind"], "sought_self");
    assert!(view["score"].as_f64().unwrap() > 0.0);
    assert!(
        view["explanation"]
            .as_array()
            .is_some_and(|e| !e.is_empty())
    );
    let sides = view["sides"].as_array().unwrap();
    assert_eq!(sides.len(), 2);
    let text = view.to_string();
    assert!(
        text.contains(A_NAME) && text.contains(B_NAME),
        "both name forms: {text}"
    );
    let seeker = sides
        .iter()
        .find(|s| s["person"]["kind"] == "sought")
        .expect("A's side holds the search");
    let names = seeker["person"]["names"].as_array().unwrap();
    assert_eq!(names[0]["text"], A_NAME);
    assert!(
        !names[0]["reading"].as_str().unwrap().is_empty(),
        "a reading"
    );
    let a_reg = seeker["registration_id"].as_str().unwrap().to_string();
    let a_side = seeker["side"].as_str().unwrap().to_string();

    // Approval waits for a vetted side.
    let res = call(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/approve"),
        &c.cw1,
        Some(json!({})),
    )
    .await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "vetting_required");
    ok(
        app,
        "POST",
        &format!("/api/v1/review/registrations/{a_reg}/vet"),
        &c.cw1,
        json!({}),
    )
    .await;
    let s = ok(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/approve"),
        &c.cw1,
        json!({"note": "Names, year and county agree."}),
    )
    .await;
    assert_eq!(
        s["state"], "in_review",
        "four eyes: a second approval is needed"
    );
    let res = call(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/claim"),
        &c.cw1,
        Some(json!({})),
    )
    .await;
    assert_eq!(error_code(res).await, "second_reviewer_needed");

    ok(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/claim"),
        &c.cw2,
        json!({}),
    )
    .await;
    let view = ok(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/open"),
        &c.cw2,
        json!({"reason": "quality_check"}),
    )
    .await;
    assert!(
        view["sides"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["vetted"] == true)
    );
    assert_eq!(
        view["notes"],
        json!(["Names, year and county agree."]),
        "the first caseworker's note, for the second"
    );
    let s = ok(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/approve"),
        &c.cw2,
        json!({}),
    )
    .await;
    assert_eq!(s["state"], "consent_requested");
    // Approving again changes nothing.
    let s = ok(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/approve"),
        &c.cw2,
        json!({}),
    )
    .await;
    assert_eq!(s["state"], "consent_requested");
    // No longer waiting for review: listed as the first approver's follow-up.
    let queue = ok(app, "GET", "/api/v1/review/queue", &c.cw1, Value::Null).await;
    let items = queue["candidates"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["state"], "consent_requested");
    assert_eq!(items[0]["claimed_by_me"], true);
    a_side
}

/// A content-free notification: no names, no cards, no links, nothing of the service.
pub fn assert_content_free(mail: &str) {
    for secret in [
        A_NAME,
        B_NAME,
        "Abdurehim",
        A_CARD,
        B_CARD,
        "father",
        "match",
        "kinlink",
        "http",
    ] {
        assert!(
            !mail.to_lowercase().contains(&secret.to_lowercase()),
            "{secret} in {mail}"
        );
    }
}

pub async fn answer(app: &TestApp, token: &str, id: &str, answer: &str) -> reqwest::Response {
    call(
        app,
        "POST",
        &format!("/api/v1/me/matches/{id}/answer"),
        token,
        Some(json!({"answer": answer})),
    )
    .await
}

#[tokio::test]
async fn both_families_say_yes_and_only_then_see_each_others_contact_card() {
    let c = setup().await;
    let (app, id) = (&c.app, &c.candidate);
    let mails_before = (
        c.smtp.messages_to(A_MAIL).len(),
        c.smtp.messages_to(B_MAIL).len(),
    );
    let a_side = approve(&c).await;
    app.run_jobs().await;
    let a_mails = c.smtp.wait_for(A_MAIL, mails_before.0 + 1).await;
    assert_eq!(
        a_mails.len(),
        mails_before.0 + 1,
        "one mail to the side asked"
    );
    a_mails.iter().for_each(|m| assert_content_free(m));
    assert_eq!(
        c.smtp.messages_to(B_MAIL).len(),
        mails_before.1,
        "B is not asked yet"
    );
    assert!(my_matches(app, &c.b).await.is_empty(), "B sees nothing yet");
    let me = ok(app, "GET", "/api/v1/me", &c.a, Value::Null).await;
    assert_eq!(me["update"], true, "A's dashboard says there is an update");

    let list = my_matches(app, &c.a).await;
    assert_eq!(list.len(), 1);
    let m = &list[0];
    assert_eq!(m["id"], id.as_str());
    assert_eq!(m["state"], "consent_requested");
    assert_eq!(
        m["about"], A_NAME,
        "her own relative's name, as she wrote it"
    );
    assert_eq!(m["my_answer"], Value::Null);
    assert_eq!(
        m["other"],
        json!({}),
        "B's pre-consent card: relation only, and B seeks nobody"
    );
    let me = ok(app, "GET", "/api/v1/me", &c.a, Value::Null).await;
    assert_eq!(me["update"], false, "seen");

    // A asks her caseworker first: the match does not move, the thread opens.
    let res = call(
        app,
        "POST",
        &format!("/api/v1/me/matches/{id}/answer"),
        &c.a,
        Some(json!({"answer": "ask_caseworker", "message": "Is this really him?"})),
    )
    .await;
    assert_eq!(res.status(), 200);
    ok(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/messages"),
        &c.cw1,
        json!({"side": a_side, "body": "The county and year agree."}),
    )
    .await;
    let res = call(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/messages"),
        &c.cw2,
        Some(json!({"side": a_side, "body": "hello"})),
    )
    .await;
    assert_eq!(res.status(), 404, "only the assigned caseworker writes");
    let list = my_matches(app, &c.a).await;
    assert_eq!(list[0]["my_answer"], "ask_caseworker");
    let thread: Vec<&str> = list[0]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(
        thread,
        ["Is this really him?", "The county and year agree."]
    );
    assert!(
        my_matches(app, &c.b).await.is_empty(),
        "still nothing for B"
    );

    assert_eq!(answer(app, &c.a, id, "yes").await.status(), 200);
    app.run_jobs().await;
    let b_mails = c.smtp.wait_for(B_MAIL, mails_before.1 + 1).await;
    b_mails.iter().for_each(|m| assert_content_free(m));
    let list = my_matches(app, &c.b).await;
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0]["about"],
        Value::Null,
        "it concerns B's \"about me\""
    );
    assert_eq!(
        list[0]["other"],
        json!({"relation": "father", "country": "Türkiye", "message": "I am looking for my father."}),
        "A's pre-consent card, as she chose it"
    );
    let text = serde_json::to_string(&list).unwrap();
    assert!(
        !text.contains(A_CARD) && !text.contains(A_NAME),
        "nothing more before consent"
    );

    assert_eq!(answer(app, &c.b, id, "yes").await.status(), 200);
    app.run_jobs().await;
    c.smtp.wait_for(A_MAIL, mails_before.0 + 2).await;
    c.smtp.wait_for(B_MAIL, mails_before.1 + 2).await;
    let a_sees = my_matches(app, &c.a).await;
    let b_sees = my_matches(app, &c.b).await;
    assert_eq!(a_sees[0]["state"], "disclosed");
    assert_eq!(
        a_sees[0]["other"],
        json!({"channels": [{"kind": "email", "value": B_CARD}], "message": ""})
    );
    assert_eq!(
        b_sees[0]["other"],
        json!({"channels": [{"kind": "signal", "value": A_CARD}], "message": "Write to me."})
    );
    assert!(
        !serde_json::to_string(&b_sees).unwrap().contains(A_NAME),
        "the contact card and nothing more"
    );

    // Each closes for themselves.
    let res = call(
        app,
        "POST",
        &format!("/api/v1/me/matches/{id}/close"),
        &c.a,
        Some(json!({"outcome": "lost"})),
    )
    .await;
    assert_eq!(error_code(res).await, "invalid_outcome");
    let s = ok(
        app,
        "POST",
        &format!("/api/v1/me/matches/{id}/close"),
        &c.a,
        json!({"outcome": "reunited"}),
    )
    .await;
    assert_eq!(s["state"], "disclosed");
    assert!(my_matches(app, &c.a).await.is_empty());
    assert_eq!(my_matches(app, &c.b).await.len(), 1);
    let s = ok(
        app,
        "POST",
        &format!("/api/v1/me/matches/{id}/close"),
        &c.b,
        json!({"outcome": "reunited"}),
    )
    .await;
    assert_eq!(s["state"], "closed");

    // Every transition and every staff view is in the audit log.
    use diesel::prelude::*;
    use kinlink::db::schema::audit_log;
    let mut conn = app.ctx.db.get().unwrap();
    let actions: Vec<String> = audit_log::table
        .filter(audit_log::object_id.eq(id))
        .select(audit_log::action)
        .load(&mut conn)
        .unwrap();
    for a in [
        "match.propose",
        "match.claim",
        "match.open",
        "match.approve",
        "match.answer",
        "match.close",
        "match.message",
        "match.disclose",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    let views: i64 = audit_log::table
        .filter(audit_log::action.eq("registration.view"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(views, 4, "each opening audits both registrations");
    let _ = (&c.org_admin, &c.admin);
    drop(conn);
    // A stolen database holds none of it in the clear: names, cards, messages, notes.
    let bytes = app.database_bytes();
    for canary in [
        A_NAME,
        B_NAME,
        A_CARD,
        B_CARD,
        "Is this really him?",
        "The county and year agree.",
        "Names, year and county agree.",
    ] {
        assert!(
            !bytes.windows(canary.len()).any(|w| w == canary.as_bytes()),
            "{canary} in the database"
        );
    }
}

/// A yes from A, then B is asked and says no: A's match simply disappears.
#[tokio::test]
async fn a_no_ends_it_and_the_other_side_sees_it_vanish() {
    let c = setup().await;
    let (app, id) = (&c.app, &c.candidate);
    approve(&c).await;
    assert_eq!(answer(app, &c.a, id, "yes").await.status(), 200);
    assert_eq!(my_matches(app, &c.a).await.len(), 1);
    assert_eq!(answer(app, &c.b, id, "no").await.status(), 200);
    assert!(my_matches(app, &c.a).await.is_empty());
    assert!(my_matches(app, &c.b).await.is_empty());
    let res = answer(app, &c.a, id, "yes").await;
    assert_eq!(res.status(), 404, "an ended match is nobody's to answer");
    // Nor is it proposed again.
    app.cli(&["rematch"]);
    let queue = ok(app, "GET", "/api/v1/review/queue", &c.cw1, Value::Null).await;
    assert!(queue["candidates"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_withdrawal_ends_it_for_both() {
    let c = setup().await;
    let (app, id) = (&c.app, &c.candidate);
    approve(&c).await;
    assert_eq!(answer(app, &c.a, id, "yes").await.status(), 200);
    assert_eq!(my_matches(app, &c.b).await.len(), 1);
    let s = ok(
        app,
        "POST",
        &format!("/api/v1/me/matches/{id}/withdraw"),
        &c.a,
        json!({}),
    )
    .await;
    assert_eq!(s["state"], "withdrawn");
    assert!(my_matches(app, &c.a).await.is_empty());
    assert!(
        my_matches(app, &c.b).await.is_empty(),
        "B's match is simply gone"
    );
    assert_eq!(answer(app, &c.b, id, "yes").await.status(), 404);
}

#[tokio::test]
async fn silence_past_the_consent_period_expires_it() {
    let c = setup().await;
    let (app, id) = (&c.app, &c.candidate);
    approve(&c).await;
    app.clock.advance(Duration::from_secs(59 * 24 * 3600));
    app.run_jobs().await;
    // Sessions idle out over two months: A signs in again.
    let a = app.sign_in(&c.a_handle, A_PASS).await;
    assert_eq!(my_matches(app, &a).await.len(), 1, "not yet");
    app.clock.advance(Duration::from_secs(2 * 24 * 3600));
    app.run_jobs().await;
    let a = app.sign_in(&c.a_handle, A_PASS).await;
    assert!(my_matches(app, &a).await.is_empty(), "expired");
    let row = kinlink::consent::store::find(&mut app.ctx.db.get().unwrap(), id)
        .unwrap()
        .unwrap();
    assert_eq!(row.status, "expired");
}

#[tokio::test]
async fn a_mail_server_that_is_down_gets_the_notice_when_it_returns() {
    let mut c = setup().await;
    let before = c.smtp.messages_to(A_MAIL).len();
    c.smtp.down();
    approve(&c).await;
    c.app.run_jobs().await;
    c.smtp.up();
    assert_eq!(
        c.smtp.messages_to(A_MAIL).len(),
        before,
        "nothing while down"
    );
    // The outbox retries after its back-off.
    c.app.clock.advance(Duration::from_secs(5 * 60));
    c.app.run_jobs().await;
    let got = c.smtp.wait_for(A_MAIL, before + 1).await;
    assert_eq!(got.len(), before + 1, "delivered once");
}

#[tokio::test]
async fn a_deletion_after_disclosure_leaves_nothing_for_the_other_side() {
    let c = setup().await;
    let (app, id) = (&c.app, &c.candidate);
    approve(&c).await;
    assert_eq!(answer(app, &c.a, id, "yes").await.status(), 200);
    assert_eq!(answer(app, &c.b, id, "yes").await.status(), 200);
    assert_eq!(my_matches(app, &c.a).await[0]["state"], "disclosed");
    assert_eq!(app.delete_with("/api/v1/me", &c.b).await.status(), 204);
    assert!(my_matches(app, &c.a).await.is_empty(), "no 500, no trace");
    assert!(
        kinlink::consent::store::find(&mut app.ctx.db.get().unwrap(), id)
            .unwrap()
            .is_none(),
        "the candidate row linking them is gone"
    );
}

/// Every match and candidate route answers 404 to anyone it does not concern: another
/// family, a caseworker of an organization that does not serve it, an admin.
#[tokio::test]
async fn match_and_candidate_routes_are_not_found_for_everyone_else() {
    let c = setup().await;
    let (app, id) = (&c.app, &c.candidate);
    let stranger = app
        .sign_in(
            &app.sign_up("a stranger passphrase").await.0,
            "a stranger passphrase",
        )
        .await;
    // A second organization that does not serve registrations of no organization.
    let org2 = ok(
        app,
        "POST",
        "/api/v1/admin/organizations",
        &c.admin,
        json!({"name": "Other"}),
    )
    .await;
    let org2_admin = join(
        app,
        &c.admin,
        "org_admin",
        Some(org2["id"].as_str().unwrap()),
    )
    .await;
    let s = ok(
        app,
        "PUT",
        "/api/v1/review/settings",
        &org2_admin,
        json!({"serves_unaffiliated": false}),
    )
    .await;
    assert_eq!(s["someone_serves_unaffiliated"], true);
    let outsider = join(app, &org2_admin, "caseworker", None).await;
    let reviewer_routes = [
        ("claim", json!({})),
        ("release", json!({})),
        ("open", json!({"reason": "match_review"})),
        ("approve", json!({})),
        ("reject", json!({"note": "no"})),
        ("messages", json!({"side": "a", "body": "hi"})),
        (
            "answer",
            json!({"answer": "yes", "reason": "family_by_phone"}),
        ),
    ];
    let registrant_routes = [
        ("answer", json!({"answer": "yes"})),
        ("messages", json!({"body": "hi"})),
        ("withdraw", json!({})),
        ("close", json!({"outcome": "other"})),
    ];
    let check = |stage: &'static str| {
        let (reviewer_routes, registrant_routes) =
            (reviewer_routes.clone(), registrant_routes.clone());
        let (stranger, outsider, a, b, admin) = (
            stranger.clone(),
            outsider.clone(),
            c.a.clone(),
            c.b.clone(),
            c.admin.clone(),
        );
        async move {
            for (route, body) in &reviewer_routes {
                let path = format!("/api/v1/review/candidates/{id}/{route}");
                for (who, t) in [
                    ("outsider", &outsider),
                    ("registrant", &a),
                    ("admin", &admin),
                ] {
                    let res = call(app, "POST", &path, t, Some(body.clone())).await;
                    assert_eq!(res.status(), 404, "{stage}: {who} POST {path}");
                }
            }
            for (route, body) in &registrant_routes {
                let path = format!("/api/v1/me/matches/{id}/{route}");
                let mut whom = vec![("stranger", &stranger)];
                if stage == "unasked" {
                    whom.extend([("a before being asked", &a), ("b", &b)]);
                }
                for (who, t) in whom {
                    let res = call(app, "POST", &path, t, Some(body.clone())).await;
                    assert_eq!(res.status(), 404, "{stage}: {who} POST {path}");
                }
            }
            let res = call(
                app,
                "POST",
                "/api/v1/review/registrations/00000000-0000-0000-0000-000000000000/vet",
                &outsider,
                Some(json!({})),
            )
            .await;
            assert_eq!(res.status(), 404);
            for t in [&outsider] {
                let q = ok(app, "GET", "/api/v1/review/queue", t, Value::Null).await;
                assert!(
                    q["candidates"].as_array().unwrap().is_empty(),
                    "{stage}: not in their queue"
                );
            }
            for t in [&stranger, &a] {
                assert_eq!(
                    call(app, "GET", "/api/v1/review/queue", t, None)
                        .await
                        .status(),
                    404
                );
            }
        }
    };
    check("unasked").await;
    approve(&c).await;
    check("asked").await;
    // An unknown id is the same 404.
    let res = answer(app, &c.a, "not-a-match", "yes").await;
    assert_eq!(res.status(), 404);
    // Vetting a registration is only possible through a candidate one holds.
    let res = call(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/claim"),
        &c.cw2,
        Some(json!({})),
    )
    .await;
    assert_eq!(
        res.status(),
        409,
        "after approval nobody else claims it while its caseworker is there"
    );
}

/// Racing requests: B's yes sent twice at once counts once; B's yes racing A's withdrawal ends
/// in exactly one of the two, and the loser is told so.
#[tokio::test]
async fn racing_answers_neither_double_disclose_nor_get_lost() {
    let c = setup().await;
    let (app, id) = (&c.app, &c.candidate);
    approve(&c).await;
    assert_eq!(answer(app, &c.a, id, "yes").await.status(), 200);
    let withdraw_path = format!("/api/v1/me/matches/{id}/withdraw");
    let withdraw = call(app, "POST", &withdraw_path, &c.a, Some(json!({})));
    let (x, y, w) = tokio::join!(
        answer(app, &c.b, id, "yes"),
        answer(app, &c.b, id, "yes"),
        withdraw
    );
    let row = kinlink::consent::store::find(&mut app.ctx.db.get().unwrap(), id)
        .unwrap()
        .unwrap();
    let codes = [
        x.status().as_u16(),
        y.status().as_u16(),
        w.status().as_u16(),
    ];
    match row.status.as_str() {
        "disclosed" => {
            assert_eq!(codes[..2], [200, 200], "{codes:?}");
            assert!(codes[2] == 409 || codes[2] == 404, "{codes:?}");
        }
        "withdrawn" => {
            assert_eq!(codes[2], 200, "{codes:?}");
            assert!(
                codes[..2].iter().all(|c| [200, 404, 409].contains(c)),
                "{codes:?}"
            );
        }
        other => panic!("{other}: {codes:?}"),
    }
    use diesel::prelude::*;
    use kinlink::db::schema::audit_log;
    let mut conn = app.ctx.db.get().unwrap();
    let yeses: i64 = audit_log::table
        .filter(audit_log::object_id.eq(id))
        .filter(audit_log::reason_code.eq("yes"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    let disclosed = i64::from(row.status == "disclosed");
    assert_eq!(yeses, 1 + disclosed, "A's yes, and B's once if it won");
}

async fn first_search(app: &TestApp, token: &str) -> String {
    let list = ok(app, "GET", "/api/v1/me/searches", token, Value::Null).await;
    list[0]["id"].as_str().unwrap().to_string()
}

/// A name edit while a match is open sends it back to review: nobody is asked any more, the
/// approvals start again, and the assigned caseworker holds it.
#[tokio::test]
async fn a_name_edit_sends_an_asked_match_back_to_review() {
    let c = setup().await;
    let (app, id) = (&c.app, &c.candidate);
    approve(&c).await;
    assert_eq!(my_matches(app, &c.a).await.len(), 1);
    let search = first_search(app, &c.a).await;
    ok(
        app,
        "PUT",
        &format!("/api/v1/me/searches/{search}"),
        &c.a,
        json!({
            "names": [A_NAME, "Abdurehim Tursun"], "relation": "father", "gender": "male",
            "birth": {"year": 1961}, "birthplace": {"region": "654002"}
        }),
    )
    .await;
    assert!(
        my_matches(app, &c.a).await.is_empty(),
        "no longer put to her"
    );
    let queue = ok(app, "GET", "/api/v1/review/queue", &c.cw1, Value::Null).await;
    let items = queue["candidates"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{queue}");
    assert_eq!(items[0]["id"], id.as_str());
    assert_eq!(items[0]["state"], "in_review");
    assert_eq!(
        items[0]["claimed_by_me"], true,
        "back with the assigned caseworker"
    );
    let res = call(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/approve"),
        &c.cw1,
        Some(json!({})),
    )
    .await;
    assert_eq!(error_code(res).await, "not_opened", "a fresh review");
}

/// Pausing a search ends the matches in hands as withdrawn, for both sides.
#[tokio::test]
async fn pausing_a_search_withdraws_its_match() {
    let c = setup().await;
    let app = &c.app;
    approve(&c).await;
    assert_eq!(answer(app, &c.a, &c.candidate, "yes").await.status(), 200);
    assert_eq!(my_matches(app, &c.b).await.len(), 1);
    let search = first_search(app, &c.a).await;
    let res = call(
        app,
        "POST",
        &format!("/api/v1/me/searches/{search}/pause"),
        &c.a,
        Some(json!({})),
    )
    .await;
    assert!(res.status().is_success());
    assert!(my_matches(app, &c.b).await.is_empty());
    let row = kinlink::consent::store::find(&mut app.ctx.db.get().unwrap(), &c.candidate)
        .unwrap()
        .unwrap();
    assert_eq!(row.status, "withdrawn");
}

/// Answers, withdrawals, closes and messages are rate-limited per registrant.
#[tokio::test]
async fn a_registrants_match_actions_are_rate_limited() {
    let c = setup().await;
    let (app, id) = (&c.app, &c.candidate);
    approve(&c).await;
    let path = format!("/api/v1/me/matches/{id}/messages");
    for i in 0..30 {
        let res = call(
            app,
            "POST",
            &path,
            &c.a,
            Some(json!({"body": format!("question {i}")})),
        )
        .await;
        assert_eq!(res.status(), 204, "message {i}");
    }
    let res = call(app, "POST", &path, &c.a, Some(json!({"body": "one more"}))).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    let res = call(app, "POST", &path, &c.a, Some(json!({"body": ""}))).await;
    assert_eq!(
        res.status(),
        400,
        "an empty message is refused before counting"
    );
    assert_eq!(error_code(res).await, "invalid_message");
}

/// The account of `token` gives `mail` and confirms it with the code mailed there (returned, so
/// that later mails can be told from it).
pub async fn verified_email(c: &Case, token: &str, mail: &str) -> String {
    let app = &c.app;
    let res = app
        .post_json("/api/v1/me/email", &json!({"email": mail}), Some(token))
        .await;
    assert!(res.status().is_success());
    app.run_jobs().await;
    let code = crate::helpers::code_in(&c.smtp.wait_for(mail, 1).await.pop().unwrap());
    let res = app
        .post_json(
            "/api/v1/me/email/verify",
            &json!({"code": code}),
            Some(token),
        )
        .await;
    assert!(res.status().is_success());
    code
}

/// Staff hear of new candidates by a content-free mail, once; every registrant with email
/// gets decoy updates indistinguishable from real ones.
#[tokio::test]
async fn staff_notices_and_decoy_updates_say_nothing() {
    let c = setup().await;
    let app = &c.app;
    // cw1 gives a verified address.
    let code = verified_email(&c, &c.cw1, "cw1@partner.example").await;
    // A new pair of families produces a new candidate.
    let (cc, _) = registrant(app, &c.smtp, "c.family@example.org", "family c passphrase").await;
    let (d, _) = registrant(app, &c.smtp, "d.family@example.org", "family d passphrase").await;
    ok(
        app,
        "POST",
        "/api/v1/me/searches",
        &cc,
        json!({
            "names": ["Gulnar Ablimit"], "relation": "sister", "gender": "female",
            "birth": {"year": 1980}, "birthplace": {"region": "653101"}
        }),
    )
    .await;
    ok(
        app,
        "PUT",
        "/api/v1/me/profile",
        &d,
        json!({
            "names": ["گۈلنار ئابلىمىت"], "gender": "female",
            "birth": {"year": 1980}, "birthplace": {"region": "653101"}
        }),
    )
    .await;
    app.run_matcher().await;
    app.run_jobs().await;
    let notices = c.smtp.wait_for("cw1@partner.example", 2).await;
    let notice = notices
        .iter()
        .find(|m| !m.contains(&code))
        .expect("the notice (not the code)")
        .clone();
    assert_content_free(&notice);
    app.run_jobs().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        c.smtp.messages_to("cw1@partner.example").len(),
        2,
        "told once"
    );

    // Decoys: with one a day on average, every registrant with email gets one now and then.
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    settings.smtp_url = Some(c.smtp.url());
    settings.consent.decoy_updates_per_year = 365;
    let app2 = spawn_app_with(settings, dir).await;
    let (_, _) = registrant(
        &app2,
        &c.smtp,
        "decoy.family@example.org",
        "a decoy passphrase",
    )
    .await;
    app2.run_jobs().await;
    let got = c.smtp.wait_for("decoy.family@example.org", 2).await;
    // What a reader of the mailbox sees: the subject and the text.
    let content = |m: &str| {
        let subject = m
            .lines()
            .find(|l| l.starts_with("Subject:"))
            .map(str::to_string);
        let body = m.split_once("\n\n").map(|(_, b)| b.trim().to_string());
        (subject, body)
    };
    let notice = content(&notice);
    assert!(
        got.iter().any(|m| content(m) == notice),
        "a decoy reads exactly like a real update: {got:?}"
    );
}

/// An assisted registration's caseworker answers for the family, with the reason (audited).
#[tokio::test]
async fn a_caseworker_answers_for_a_family_without_an_account() {
    let smtp = Smtpd::start();
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    settings.smtp_url = Some(smtp.url());
    let app = spawn_app_with(settings, dir).await;
    let admin_handle = create_admin(&app);
    let (admin, _) = enrol(&app, &app.sign_in(&admin_handle, STAFF_PASS).await).await;
    let org = ok(
        &app,
        "POST",
        "/api/v1/admin/organizations",
        &admin,
        json!({"name": "Partner"}),
    )
    .await;
    let org_admin = join(&app, &admin, "org_admin", org["id"].as_str()).await;
    let cw1 = join(&app, &org_admin, "caseworker", None).await;
    let cw2 = join(&app, &org_admin, "caseworker", None).await;
    // The father cannot go online: his caseworker registers him.
    let made = ok(&app, "POST", "/api/v1/assisted", &cw1, json!({"profile": {
        "names": [B_NAME], "gender": "male", "birth": {"year": 1961}, "birthplace": {"region": "654002"}
    }})).await;
    let assisted = made["id"].as_str().unwrap().to_string();
    let (a, _) = registrant(&app, &smtp, A_MAIL, A_PASS).await;
    ok(
        &app,
        "POST",
        "/api/v1/me/searches",
        &a,
        json!({
            "names": [A_NAME], "relation": "father", "gender": "male",
            "birth": {"year": 1961}, "birthplace": {"region": "654002"}
        }),
    )
    .await;
    app.run_matcher().await;
    let queue = ok(&app, "GET", "/api/v1/review/queue", &cw1, Value::Null).await;
    let id = queue["candidates"][0]["id"]
        .as_str()
        .expect("a candidate")
        .to_string();
    ok(
        &app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/claim"),
        &cw1,
        json!({}),
    )
    .await;
    ok(
        &app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/open"),
        &cw1,
        json!({"reason": "match_review"}),
    )
    .await;
    // The caseworker met him: his registration is vetted, so he is asked first.
    ok(
        &app,
        "POST",
        &format!("/api/v1/review/registrations/{assisted}/vet"),
        &cw1,
        json!({}),
    )
    .await;
    ok(
        &app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/approve"),
        &cw1,
        json!({}),
    )
    .await;
    ok(
        &app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/claim"),
        &cw2,
        json!({}),
    )
    .await;
    ok(
        &app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/open"),
        &cw2,
        json!({"reason": "match_review"}),
    )
    .await;
    ok(
        &app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/approve"),
        &cw2,
        json!({}),
    )
    .await;
    assert!(my_matches(&app, &a).await.is_empty(), "he is asked first");
    let res = call(
        &app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/answer"),
        &cw1,
        Some(json!({"answer": "yes", "reason": "gossip"})),
    )
    .await;
    assert_eq!(error_code(res).await, "invalid_reason");
    let s = ok(
        &app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/answer"),
        &cw1,
        json!({"answer": "yes", "reason": "family_in_person"}),
    )
    .await;
    assert_eq!(s["state"], "consent_requested");
    assert_eq!(my_matches(&app, &a).await.len(), 1, "now she is asked");
    assert_eq!(answer(&app, &a, &id, "yes").await.status(), 200);
    assert_eq!(my_matches(&app, &a).await[0]["state"], "disclosed");
    use diesel::prelude::*;
    use kinlink::db::schema::audit_log;
    let mut conn = app.ctx.db.get().unwrap();
    let n: i64 = audit_log::table
        .filter(audit_log::object_id.eq(&id))
        .filter(audit_log::reason_code.eq("family_in_person"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(
        n, 1,
        "the answer given for the family is audited with its reason"
    );
}

/// One registrant whose candidates touch many unrelated families raises an alert.
#[tokio::test]
async fn an_account_touching_many_families_raises_an_alert() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    settings.consent.alert_families = 2;
    let app = spawn_app_with(settings, dir).await;
    let admin_handle = create_admin(&app);
    let (admin, _) = enrol(&app, &app.sign_in(&admin_handle, STAFF_PASS).await).await;
    let org = ok(
        &app,
        "POST",
        "/api/v1/admin/organizations",
        &admin,
        json!({"name": "Partner"}),
    )
    .await;
    let org_admin = join(&app, &admin, "org_admin", org["id"].as_str()).await;
    let cw = join(&app, &org_admin, "caseworker", None).await;
    let (f, _) = app.sign_up("the fisher passphrase").await;
    let f = app.sign_in(&f, "the fisher passphrase").await;
    ok(
        &app,
        "POST",
        "/api/v1/me/searches",
        &f,
        json!({
            "names": [A_NAME], "relation": "father", "gender": "male", "birth": {"year": 1961}
        }),
    )
    .await;
    for (i, name) in ["Abdurehim Tursun", B_NAME].iter().enumerate() {
        let (h, _) = app.sign_up(&format!("family {i} passphrase long")).await;
        let t = app
            .sign_in(&h, &format!("family {i} passphrase long"))
            .await;
        ok(
            &app,
            "PUT",
            "/api/v1/me/profile",
            &t,
            json!({
                "names": [name], "gender": "male", "birth": {"year": 1961}
            }),
        )
        .await;
    }
    app.run_matcher().await;
    let alerts = ok(&app, "GET", "/api/v1/review/alerts", &cw, Value::Null).await;
    let list = alerts["alerts"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{alerts}");
    assert_eq!(list[0]["families"], 2);
    assert!(
        !alerts.to_string().contains("Abdurehim"),
        "ids and counts only"
    );
}

/// Access history: a family sees who viewed its records, when and why, but not views made
/// while reviewing a candidate that was never put to it (that would reveal the candidate).
#[tokio::test]
async fn access_history_shows_views_only_of_matches_put_to_the_family() {
    let c = setup().await;
    let app = &c.app;
    let log = |t: String| async move {
        ok(app, "GET", "/api/v1/me/access-log", &t, Value::Null).await["entries"]
            .as_array()
            .unwrap()
            .clone()
    };
    assert!(log(c.a.clone()).await.is_empty());
    approve(&c).await;
    let a_log = log(c.a.clone()).await;
    let b_log = log(c.b.clone()).await;
    assert!(
        b_log.is_empty(),
        "B was not asked: nothing shows, {b_log:?}"
    );
    assert_eq!(a_log.len(), 2, "{a_log:?}");
    let reasons: Vec<&str> = a_log
        .iter()
        .map(|e| e["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["match_review", "quality_check"]);
    assert!(a_log.iter().all(|e| e["organization"] == "Partner"));
    assert!(
        a_log
            .iter()
            .all(|e| e["at"].as_str().unwrap().ends_with('Z'))
    );
    assert_ne!(
        a_log[0]["who"], a_log[1]["who"],
        "two caseworkers, two pseudonyms"
    );
    // Once B is asked, B sees the same views of its records.
    assert_eq!(answer(app, &c.a, &c.candidate, "yes").await.status(), 200);
    assert_eq!(log(c.b.clone()).await.len(), 2);
    let page = crate::account_pages::Browser::new(app)
        .with_session(&c.a)
        .get_html("/access-log")
        .await;
    assert!(page.contains("Partner") && page.contains("Reviewing the match"));
}

/// A stolen caseworker account cannot browse in bulk: past the daily number of opens each open
/// is refused with a wait, on record in the audit log, and other caseworkers are not held back.
#[tokio::test]
async fn a_caseworker_past_the_daily_view_quota_is_refused_and_the_refusal_audited() {
    let c = setup_with(|s| s.consent.caseworker_views_per_day = 3).await;
    let (app, id) = (&c.app, &c.candidate);
    ok(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/claim"),
        &c.cw1,
        json!({}),
    )
    .await;
    for _ in 0..3 {
        assert_eq!(open_case(app, id, &c.cw1).await.status(), 200);
    }
    let res = open_case(app, id, &c.cw1).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(error_code(res).await, "rate_limited");
    let refused: i64 = {
        use diesel::prelude::*;
        use kinlink::db::schema::audit_log::dsl as a;
        let mut conn = app.ctx.db.get().unwrap();
        a::audit_log
            .filter(a::action.eq("staff.view_quota"))
            .filter(a::outcome.eq("denied"))
            .count()
            .get_result(&mut conn)
            .unwrap()
    };
    assert_eq!(refused, 1, "the refusal is on record");
    // There is no way around it: no route searches or lists records.
    for path in [
        "/api/v1/records?name=x",
        "/api/v1/review/records",
        "/api/v1/search?q=x",
    ] {
        assert_eq!(app.get_with(path, &c.cw1).await.status(), 404, "{path}");
    }
    // Another caseworker is not held back (the case is not theirs: 404, not 429).
    assert_eq!(open_case(app, id, &c.cw2).await.status(), 404);
}

async fn open_case(app: &TestApp, id: &str, token: &str) -> reqwest::Response {
    let path = format!("/api/v1/review/candidates/{id}/open");
    call(
        app,
        "POST",
        &path,
        token,
        Some(json!({"reason": "match_review"})),
    )
    .await
}
