//! The staff lifecycle through HTTP: who may disable, enable and remove whom; a disabled
//! account's token stops at once and it cannot sign in; removal keeps the audit chain
//! verifiable; a lost second factor is reset by two different admins, on the clock; the auditor
//! reads the trail and changes nothing; organization statistics never show a count under 5.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::Datelike;
use serde_json::{Value, json};

use crate::account_pages::Browser;
use crate::helpers::{STAFF_PASS, TestApp, create_admin, error_code, spawn_app, totp_code, world};

/// A staff member: handle, second-factor secret and a signed-in token.
struct Member {
    handle: String,
    secret: String,
    token: String,
}

impl Member {
    /// Sign in again (after the clock moved), with the code of a step not used yet.
    async fn sign_in_again(&mut self, app: &TestApp, step: u64) {
        let res = app
            .post_json(
                "/api/v1/sessions",
                &json!({"login": self.handle, "passphrase": STAFF_PASS,
                        "totp": totp_code(&self.secret, app.now() + 30 * step)}),
                None,
            )
            .await;
        assert_eq!(res.status(), 200, "sign in again");
        self.token = res.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string();
    }
}

async fn enrolled(app: &TestApp, handle: String) -> Member {
    let (token, secret) = crate::helpers::enrol(app, &app.sign_in(&handle, STAFF_PASS).await).await;
    Member {
        handle,
        secret,
        token,
    }
}

async fn first_admin(app: &TestApp) -> Member {
    let handle = create_admin(app);
    enrolled(app, handle).await
}

/// A staff member invited by `by` (into `org` for an org admin), second factor confirmed.
async fn invite(app: &TestApp, by: &str, role: &str, org: Option<&str>) -> Member {
    enrolled(app, crate::helpers::join_handle(app, by, role, org).await).await
}

/// Organizations "Partner A" and "Partner B" made by `admin`, each with an org admin:
/// (A's id, A's org admin, B's org admin).
async fn two_organizations(app: &TestApp, admin: &str) -> (String, Member, Member) {
    let org_a = crate::helpers::create_organization(app, admin, "Partner A").await;
    let org_b = crate::helpers::create_organization(app, admin, "Partner B").await;
    let oa_a = invite(app, admin, "org_admin", Some(&org_a)).await;
    let oa_b = invite(app, admin, "org_admin", Some(&org_b)).await;
    (org_a, oa_a, oa_b)
}

async fn staff_list(app: &TestApp, token: &str) -> Vec<Value> {
    let res = app.get_with("/api/v1/staff", token).await;
    assert_eq!(res.status(), 200);
    res.json::<Value>().await.unwrap()["staff"]
        .as_array()
        .unwrap()
        .clone()
}

async fn id_of(app: &TestApp, admin: &str, handle: &str) -> String {
    staff_list(app, admin)
        .await
        .into_iter()
        .find(|m| m["handle"] == handle)
        .unwrap_or_else(|| panic!("{handle} is listed"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn act(app: &TestApp, token: &str, id: &str, action: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/staff/{id}/{action}"),
        &json!({}),
        Some(token),
    )
    .await
}

async fn sign_in_with_code(app: &TestApp, m: &Member, step: u64) -> reqwest::Response {
    app.post_json(
        "/api/v1/sessions",
        &json!({"login": m.handle, "passphrase": STAFF_PASS,
                "totp": totp_code(&m.secret, app.now() + 30 * step)}),
        None,
    )
    .await
}

/// The audit entries of `action`, as the auditor reads them.
async fn audited(app: &TestApp, auditor: &str, action: &str) -> Vec<Value> {
    let res = app
        .get_with(&format!("/api/v1/audit?action={action}&limit=200"), auditor)
        .await;
    assert_eq!(res.status(), 200);
    res.json::<Value>().await.unwrap()["entries"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn a_disabled_caseworkers_token_stops_at_once_and_they_cannot_sign_in_until_enabled() {
    let app = spawn_app().await;
    let admin = first_admin(&app).await;
    let org = crate::helpers::create_organization(&app, &admin.token, "Partner").await;
    let org_admin = invite(&app, &admin.token, "org_admin", Some(&org)).await;
    let auditor = invite(&app, &admin.token, "auditor", None).await;
    let cw = invite(&app, &org_admin.token, "caseworker", None).await;
    assert_eq!(
        app.get_with("/api/v1/review/queue", &cw.token)
            .await
            .status(),
        200
    );

    // The org admin sees their caseworkers and themselves, nobody else.
    let list = staff_list(&app, &org_admin.token).await;
    let handles: Vec<&str> = list.iter().map(|m| m["handle"].as_str().unwrap()).collect();
    assert_eq!(handles, [org_admin.handle.as_str(), cw.handle.as_str()]);
    assert_eq!(list[0]["me"], true);
    assert_eq!(list[1]["state"], "active");
    assert_eq!(list[1]["role"], "caseworker");
    assert_eq!(list[1]["second_factor"], true);
    let cw_id = list[1]["id"].as_str().unwrap().to_string();

    let res = act(&app, &org_admin.token, &cw_id, "disable").await;
    assert_eq!(res.status(), 204);
    // The token in hand stops on its very next request.
    assert_eq!(app.get_with("/api/v1/me", &cw.token).await.status(), 401);
    assert_eq!(
        app.get_with("/api/v1/review/queue", &cw.token)
            .await
            .status(),
        401
    );
    // Both factors right: told the account is disabled. A wrong passphrase learns nothing.
    let res = sign_in_with_code(&app, &cw, 1).await;
    assert_eq!(res.status(), 403);
    assert_eq!(error_code(res).await, "account_disabled");
    let res = app
        .try_sign_in(&cw.handle, "not the passphrase at all")
        .await;
    assert_eq!(res.status(), 401);
    assert_eq!(error_code(res).await, "invalid_credentials");
    let list = staff_list(&app, &org_admin.token).await;
    assert_eq!(list[1]["state"], "disabled");
    // Disabling twice changes nothing and is not an error.
    assert_eq!(
        act(&app, &org_admin.token, &cw_id, "disable")
            .await
            .status(),
        204
    );

    assert_eq!(
        act(&app, &org_admin.token, &cw_id, "enable").await.status(),
        204
    );
    // The next step's code (each step works once; the refused sign-in spent the last one).
    app.clock.advance(Duration::from_secs(30));
    let res = sign_in_with_code(&app, &cw, 1).await;
    assert_eq!(res.status(), 200, "enabled again");

    // Each change once in the audit trail, by the org admin, on the caseworker.
    for action in ["staff.disable", "staff.enable"] {
        let entries = audited(&app, &auditor.token, action).await;
        assert_eq!(entries.len(), 1, "{action}");
        assert_eq!(entries[0]["object_id"], cw_id.as_str());
        assert_eq!(entries[0]["actor_role"], "org_admin");
    }
    let refused = audited(&app, &auditor.token, "session.create").await;
    assert!(
        refused
            .iter()
            .any(|e| e["actor"] == cw_id.as_str() && e["outcome"] == "account_disabled"),
        "the refused sign-in is audited"
    );
}

#[tokio::test]
async fn only_admins_act_and_an_org_admin_only_on_their_own_caseworkers() {
    let app = spawn_app().await;
    let admin = first_admin(&app).await;
    let (_, oa_a, oa_b) = two_organizations(&app, &admin.token).await;
    let auditor = invite(&app, &admin.token, "auditor", None).await;
    let cw_a = invite(&app, &oa_a.token, "caseworker", None).await;
    let cw_a2 = invite(&app, &oa_a.token, "caseworker", None).await;
    let cw_b = invite(&app, &oa_b.token, "caseworker", None).await;
    let (registrant, _) = app.sign_up("a registrant passphrase").await;
    let registrant = app.sign_in(&registrant, "a registrant passphrase").await;

    let cw_a2_id = id_of(&app, &admin.token, &cw_a2.handle).await;
    let cw_b_id = id_of(&app, &admin.token, &cw_b.handle).await;
    let oa_b_id = id_of(&app, &admin.token, &oa_b.handle).await;
    let admin_id = id_of(&app, &admin.token, &admin.handle).await;
    let oa_a_id = id_of(&app, &admin.token, &oa_a.handle).await;
    let unknown = "00000000-0000-4000-8000-000000000000";

    // A caseworker, the auditor and a registrant have no such routes at all.
    for token in [&cw_a.token, &auditor.token, &registrant] {
        assert_eq!(app.get_with("/api/v1/staff", token).await.status(), 404);
        for action in ["disable", "enable", "second-factor-reset"] {
            assert_eq!(act(&app, token, &cw_a2_id, action).await.status(), 404);
        }
        let res = app
            .delete_with(&format!("/api/v1/staff/{cw_a2_id}"), token)
            .await;
        assert_eq!(res.status(), 404);
    }
    // An org admin cannot touch another organization's staff, other org admins or admins:
    // they answer like an id that does not exist.
    for target in [&cw_b_id, &oa_b_id, &admin_id, unknown] {
        for action in ["disable", "enable", "second-factor-reset"] {
            let res = act(&app, &oa_a.token, target, action).await;
            assert_eq!(res.status(), 404, "{action} {target}");
        }
        let res = app
            .delete_with(&format!("/api/v1/staff/{target}"), &oa_a.token)
            .await;
        assert_eq!(res.status(), 404);
    }
    let listed = staff_list(&app, &oa_a.token).await;
    assert!(
        listed.iter().all(|m| m["id"] != cw_b_id.as_str()),
        "another organization's staff are not listed"
    );
    // Nobody acts on their own account.
    let res = act(&app, &oa_a.token, &oa_a_id, "disable").await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "own_account");
    let res = act(&app, &admin.token, &admin_id, "disable").await;
    assert_eq!(error_code(res).await, "own_account");

    // Nothing happened to anyone.
    for token in [&cw_a2.token, &cw_b.token] {
        assert_eq!(
            app.get_with("/api/v1/review/queue", token).await.status(),
            200
        );
    }
    assert_eq!(
        app.get_with("/api/v1/staff", &oa_b.token).await.status(),
        200
    );
    assert!(
        audited(&app, &auditor.token, "staff.disable")
            .await
            .is_empty()
    );

    // The operator admin acts on any staff account: another organization's admin too.
    assert_eq!(
        act(&app, &admin.token, &oa_b_id, "disable").await.status(),
        204
    );
    assert_eq!(
        app.get_with("/api/v1/staff", &oa_b.token).await.status(),
        401
    );
    // ...but a registrant is no staff account to them.
    let me = app.me(&registrant).await;
    assert_eq!(me["role"], "registrant");
    assert!(
        staff_list(&app, &admin.token)
            .await
            .iter()
            .all(|m| m["role"] != "registrant")
    );
}

#[tokio::test]
async fn a_removed_caseworker_is_gone_and_the_audit_trail_still_verifies_and_names_them() {
    let app = spawn_app().await;
    let admin = first_admin(&app).await;
    let org = crate::helpers::create_organization(&app, &admin.token, "Partner").await;
    let org_admin = invite(&app, &admin.token, "org_admin", Some(&org)).await;
    let auditor = invite(&app, &admin.token, "auditor", None).await;
    let cw = invite(&app, &org_admin.token, "caseworker", None).await;
    // The caseworker invited nobody, but made an assisted registration (audited by id).
    let res = app
        .post_json(
            "/api/v1/assisted",
            &json!({"profile": {"names": ["Abdurehim Tursun"]}}),
            Some(&cw.token),
        )
        .await;
    assert_eq!(res.status(), 201);
    let cw_id = id_of(&app, &org_admin.token, &cw.handle).await;

    let res = app
        .delete_with(&format!("/api/v1/staff/{cw_id}"), &org_admin.token)
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(app.get_with("/api/v1/me", &cw.token).await.status(), 401);
    // Signing in looks exactly like an account that never existed.
    let res = sign_in_with_code(&app, &cw, 1).await;
    assert_eq!(res.status(), 401);
    assert_eq!(error_code(res).await, "invalid_credentials");
    // Removed is final.
    let res = act(&app, &org_admin.token, &cw_id, "enable").await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "account_removed");
    let res = app
        .delete_with(&format!("/api/v1/staff/{cw_id}"), &org_admin.token)
        .await;
    assert_eq!(error_code(res).await, "account_removed");

    // Still listed as who they were, so the audit trail's ids keep their meaning.
    let listed = staff_list(&app, &org_admin.token).await;
    let gone = listed.iter().find(|m| m["id"] == cw_id.as_str()).unwrap();
    assert_eq!(gone["state"], "removed");
    assert_eq!(gone["role"], "caseworker");
    assert_eq!(gone["organization_id"], org.as_str());
    assert_eq!(gone["second_factor"], false);
    let removal = audited(&app, &auditor.token, "staff.remove").await;
    assert_eq!(removal.len(), 1);
    assert_eq!(removal[0]["object_id"], cw_id.as_str());
    let sessions = audited(&app, &auditor.token, "session.create").await;
    assert!(sessions.iter().any(|e| e["actor"] == cw_id.as_str()));

    let out = app.cli(&["audit", "verify"]);
    assert!(
        out.status.success(),
        "the chain verifies: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn a_lost_second_factor_is_reset_by_two_admins_before_the_request_expires() {
    let app = spawn_app().await;
    let mut admin = first_admin(&app).await;
    let mut admin2 = invite(&app, &admin.token, "admin", None).await;
    let org = crate::helpers::create_organization(&app, &admin.token, "Partner").await;
    let mut org_admin = invite(&app, &admin.token, "org_admin", Some(&org)).await;
    let cw = invite(&app, &org_admin.token, "caseworker", None).await;
    let cw_id = id_of(&app, &org_admin.token, &cw.handle).await;

    // Nobody asked yet.
    let res = act(&app, &admin.token, &cw_id, "second-factor-reset/approve").await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "no_reset_request");

    // The org admin asks; they cannot approve their own request.
    let res = act(&app, &org_admin.token, &cw_id, "second-factor-reset").await;
    assert_eq!(res.status(), 204);
    let res = act(
        &app,
        &org_admin.token,
        &cw_id,
        "second-factor-reset/approve",
    )
    .await;
    assert_eq!(res.status(), 403);
    assert_eq!(error_code(res).await, "approver_is_requester");
    let listed = staff_list(&app, &admin.token).await;
    let pending =
        &listed.iter().find(|m| m["id"] == cw_id.as_str()).unwrap()["second_factor_reset"];
    assert_eq!(pending["requested_by_me"], false);
    assert!(pending["expires_at"].as_str().unwrap().ends_with('Z'));
    // The caseworker is untouched so far.
    assert_eq!(
        app.get_with("/api/v1/review/queue", &cw.token)
            .await
            .status(),
        200
    );

    // A day later the request has expired.
    app.clock.advance(Duration::from_secs(25 * 3600));
    admin.sign_in_again(&app, 1).await;
    org_admin.sign_in_again(&app, 1).await;
    admin2.sign_in_again(&app, 1).await;
    let res = act(&app, &admin.token, &cw_id, "second-factor-reset/approve").await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "reset_request_expired");

    // Asked again by one admin, approved by another.
    assert_eq!(
        act(&app, &admin2.token, &cw_id, "second-factor-reset")
            .await
            .status(),
        204
    );
    let res = act(&app, &org_admin.token, &cw_id, "second-factor-reset").await;
    assert_eq!(error_code(res).await, "reset_already_requested");
    assert_eq!(
        act(&app, &admin.token, &cw_id, "second-factor-reset/approve")
            .await
            .status(),
        204
    );
    // Spent: a second approval finds nothing.
    let res = act(
        &app,
        &org_admin.token,
        &cw_id,
        "second-factor-reset/approve",
    )
    .await;
    assert_eq!(error_code(res).await, "no_reset_request");

    // The caseworker signs in with the passphrase alone and must enrol a new second factor
    // before any staff route answers.
    let token = app.sign_in(&cw.handle, STAFF_PASS).await;
    assert_eq!(app.me(&token).await["second_factor"], false);
    let res = app.get_with("/api/v1/review/queue", &token).await;
    assert_eq!(res.status(), 403);
    assert_eq!(error_code(res).await, "second_factor_required");
    let (token, secret) = crate::helpers::enrol(&app, &token).await;
    assert_ne!(secret, cw.secret, "a new secret");
    assert_eq!(
        app.get_with("/api/v1/review/queue", &token).await.status(),
        200
    );
    let res = act(&app, &admin.token, &cw_id, "second-factor-reset").await;
    assert_eq!(res.status(), 204, "the new factor can be reset in turn");
}

#[tokio::test]
async fn the_auditor_reads_the_trail_page_by_page_filtered_and_changes_nothing() {
    let app = spawn_app().await;
    let w = world(&app).await;

    // Pages of two, newest first, without overlap.
    let res = app.get_with("/api/v1/audit?limit=2", &w.auditor).await;
    assert_eq!(res.status(), 200);
    let first: Value = res.json().await.unwrap();
    let entries = first["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    let (s0, s1) = (
        entries[0]["seq"].as_i64().unwrap(),
        entries[1]["seq"].as_i64().unwrap(),
    );
    assert!(s0 > s1);
    let before = first["next_before"].as_i64().expect("an older page");
    assert_eq!(before, s1);
    let second: Value = app
        .get_with(
            &format!("/api/v1/audit?limit=2&before={before}"),
            &w.auditor,
        )
        .await
        .json()
        .await
        .unwrap();
    let older = second["entries"].as_array().unwrap();
    assert!(older.iter().all(|e| e["seq"].as_i64().unwrap() < s1));
    assert!(older[0]["at"].as_str().unwrap().ends_with('Z'));

    // By action: the three invitations of the world.
    let invites = audited(&app, &w.auditor, "invite.create").await;
    assert_eq!(invites.len(), 3);
    assert!(invites.iter().all(|e| e["action"] == "invite.create"));
    // By time.
    let today = chrono::DateTime::from_timestamp(app.now() as i64, 0)
        .unwrap()
        .date_naive();
    let (yesterday, tomorrow) = (today.pred_opt().unwrap(), today.succ_opt().unwrap());
    let count = |q: String| {
        let app = &app;
        let token = w.auditor.clone();
        async move {
            let v: Value = app
                .get_with(&format!("/api/v1/audit?action=invite.create&{q}"), &token)
                .await
                .json()
                .await
                .unwrap();
            v["entries"].as_array().unwrap().len()
        }
    };
    assert_eq!(count(format!("from={today}")).await, 3);
    assert_eq!(count(format!("until={today}")).await, 3);
    assert_eq!(count(format!("from={tomorrow}")).await, 0);
    assert_eq!(count(format!("until={yesterday}")).await, 0);
    // Reading is audited too.
    assert!(!audited(&app, &w.auditor, "audit.read").await.is_empty());

    // Bad filters are clear 400s.
    for (q, code) in [
        ("action=DROP%20TABLE", "invalid_action"),
        ("from=yesterday", "invalid_time"),
        ("limit=0", "invalid_limit"),
        ("limit=many", "invalid_limit"),
        ("before=-3", "invalid_cursor"),
        ("who=me", "invalid_query"),
    ] {
        let res = app
            .get_with(&format!("/api/v1/audit?{q}"), &w.auditor)
            .await;
        assert_eq!(res.status(), 400, "{q}");
        assert_eq!(error_code(res).await, code, "{q}");
    }

    // Nobody else reads it, on the API or the page.
    for token in [&w.admin, &w.org_admin, &w.caseworker, &w.owner] {
        assert_eq!(app.get_with("/api/v1/audit", token).await.status(), 404);
        let mut b = Browser::new(&app).with_session(token);
        assert_eq!(b.get("/staff/audit").await.status(), 404);
    }
    // The auditor changes nothing: no staff, organization or invitation route is theirs.
    let some_id = "00000000-0000-4000-8000-000000000000";
    for path in [
        format!("/api/v1/staff/{some_id}/disable"),
        format!("/api/v1/staff/{some_id}/second-factor-reset"),
        "/api/v1/admin/organizations".to_string(),
    ] {
        let res = app
            .post_json(&path, &json!({"name": "x"}), Some(&w.auditor))
            .await;
        assert_eq!(res.status(), 404, "{path}");
    }
    let res = app
        .post_json(
            "/api/v1/invites",
            &json!({"role": "auditor"}),
            Some(&w.auditor),
        )
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        app.get_with("/api/v1/staff", &w.auditor).await.status(),
        404
    );

    // The page: a GET filter form, the entries, a link to older ones; in Uyghur too.
    let mut b = Browser::new(&app)
        .with_session(&w.auditor)
        .with_cookie("kinlink_lang", "en");
    let html = b
        .get_html("/staff/audit?action=invite.create&from=&until=")
        .await;
    assert!(html.contains("<form method=\"get\" action=\"/staff/audit\""));
    assert_eq!(
        html.matches("<code>invite.create</code>").count(),
        3,
        "{html}"
    );
    assert!(
        !html.contains("method=\"post\" action=\"/staff"),
        "nothing to change"
    );
    let html = b.get_html("/staff/audit?limit=2").await;
    assert!(html.contains("rel=\"next\""), "a link to older entries");
    let html = b.get_html("/staff/audit?lang=ug").await;
    assert!(html.contains("dir=\"rtl\"") && html.contains("تەپتىش خاتىرىسى"));
}

/// The first day of the month after `now` (on the app's clock), plus a day.
fn days_into_next_month(app: &TestApp) -> u64 {
    let today = chrono::DateTime::from_timestamp(app.now() as i64, 0)
        .unwrap()
        .date_naive();
    let mut d = today;
    while d.month() == today.month() {
        d = d.succ_opt().unwrap();
    }
    (d - today).num_days() as u64 + 1
}

async fn assisted(app: &TestApp, token: &str, n: usize) {
    for i in 0..n {
        let res = app
            .post_json(
                "/api/v1/assisted",
                &json!({"profile": {"names": [format!("Tursun Memet {}", ["A", "B", "C", "D", "E", "F"][i % 6])]}}),
                Some(token),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
}

fn month_of(app: &TestApp) -> String {
    chrono::DateTime::from_timestamp(app.now() as i64, 0)
        .unwrap()
        .format("%Y-%m")
        .to_string()
}

#[tokio::test]
async fn statistics_are_the_organizations_own_and_never_show_a_count_under_5() {
    let app = spawn_app().await;
    let mut admin = first_admin(&app).await;
    let (_, mut oa_a, mut oa_b) = two_organizations(&app, &admin.token).await;
    let mut cw = invite(&app, &oa_a.token, "caseworker", None).await;

    // Two registrations this month, six the next.
    let first_month = month_of(&app);
    assisted(&app, &cw.token, 2).await;
    app.clock
        .advance(Duration::from_secs(days_into_next_month(&app) * 24 * 3600));
    let second_month = month_of(&app);
    for m in [&mut admin, &mut oa_a, &mut oa_b, &mut cw] {
        m.sign_in_again(&app, 1).await;
    }
    assisted(&app, &cw.token, 6).await;

    let res = app.get_with("/api/v1/statistics", &oa_a.token).await;
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(!text.contains("total"), "no totals: {text}");
    let st: Value = serde_json::from_str(&text).unwrap();
    let regs = st["registrations_by_month"].as_array().unwrap();
    assert_eq!(regs.len(), 12);
    assert_eq!(regs[11], json!({"month": second_month, "count": 6}));
    assert_eq!(
        regs[10],
        json!({"month": first_month, "count": "fewer_than_5"}),
        "two is shown as fewer than 5"
    );
    assert!(
        regs[..10].iter().all(|r| r["count"] == "fewer_than_5"),
        "zero too"
    );
    let states = st["matches_by_state"].as_array().unwrap();
    assert_eq!(states.len(), 9);
    assert!(states.iter().all(|s| s["count"] == "fewer_than_5"));
    assert_eq!(st["reunions_by_month"].as_array().unwrap().len(), 12);
    // Another organization sees its own counts (none), not these.
    let other: Value = app
        .get_with("/api/v1/statistics", &oa_b.token)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        other["registrations_by_month"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["count"] == "fewer_than_5")
    );
    // Only org admins.
    for token in [&admin.token, &cw.token] {
        assert_eq!(
            app.get_with("/api/v1/statistics", token).await.status(),
            404
        );
    }

    // The page: SVG drawn on the server, a table with the same numbers, in both languages.
    let mut b = Browser::new(&app)
        .with_session(&oa_a.token)
        .with_cookie("kinlink_lang", "en");
    let html = b.get_html("/staff/statistics").await;
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 3);
    assert!(html.contains("role=\"img\""));
    assert!(html.contains(&format!(
        "<th scope=\"row\"><bdi>{second_month}</bdi></th><td>6</td>"
    )));
    assert!(html.contains(&format!(
        "<th scope=\"row\"><bdi>{first_month}</bdi></th><td>fewer than 5</td>"
    )));
    assert!(!html.contains("<td>2</td>"), "the two never shows");
    for svg in html.split("<svg").skip(1) {
        let svg = &svg[..svg.find("</svg>").unwrap()];
        assert!(
            !svg.contains("<script") && !svg.contains("href"),
            "plain SVG"
        );
    }
    let html = b.get_html("/staff/statistics?lang=ug").await;
    assert!(html.contains("dir=\"rtl\""));
    assert!(html.contains("<td>5 تىن ئاز</td>"));
    let mut cw_page = Browser::new(&app).with_session(&cw.token);
    assert_eq!(cw_page.get("/staff/statistics").await.status(), 404);
}

#[tokio::test]
async fn the_staff_page_disables_and_removes_with_plain_forms() {
    let app = spawn_app().await;
    let admin = first_admin(&app).await;
    let org = crate::helpers::create_organization(&app, &admin.token, "Partner").await;
    let org_admin = invite(&app, &admin.token, "org_admin", Some(&org)).await;
    let cw = invite(&app, &org_admin.token, "caseworker", None).await;
    let cw_id = id_of(&app, &org_admin.token, &cw.handle).await;
    let mut b = Browser::new(&app)
        .with_session(&org_admin.token)
        .with_cookie("kinlink_lang", "en");

    let html = b.get_html("/staff/members").await;
    assert!(html.contains(&cw.handle));
    assert!(html.contains(&format!("action=\"/staff/members/{cw_id}/disable\"")));
    let account = b.get_html("/account").await;
    assert!(
        account.contains("href=\"/staff/members\"")
            && account.contains("href=\"/staff/statistics\"")
    );

    let res = b
        .post(
            "/staff/members",
            &format!("/staff/members/{cw_id}/disable"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.get_with("/api/v1/me", &cw.token).await.status(), 401);
    let html = b.get_html("/staff/members?done=disable").await;
    assert!(html.contains("signed out everywhere"));
    assert!(html.contains(&format!("action=\"/staff/members/{cw_id}/enable\"")));

    // Removal needs the box ticked; a refusal is said on the page.
    let res = b
        .post(
            "/staff/members",
            &format!("/staff/members/{cw_id}/remove"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("Tick the box"));
    let res = b
        .post(
            "/staff/members",
            &format!("/staff/members/{cw_id}/second-factor-reset"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = b
        .post(
            "/staff/members",
            &format!("/staff/members/{cw_id}/second-factor-reset-approve"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 403);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("another administrator must approve")
    );
    let res = b
        .post(
            "/staff/members",
            &format!("/staff/members/{cw_id}/remove"),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let html = b.get_html("/staff/members?lang=ug").await;
    assert!(html.contains("dir=\"rtl\"") && html.contains("ئۆچۈرۈلگەن"));
    assert!(
        !html.contains(&format!("/staff/members/{cw_id}/")),
        "no forms for the removed"
    );

    // A caseworker's browser has no staff page.
    let mut other = Browser::new(&app).with_session(&admin.token);
    assert_eq!(other.get("/staff/members").await.status(), 200);
    let cw2 = invite(&app, &org_admin.token, "caseworker", None).await;
    let mut cwb = Browser::new(&app).with_session(&cw2.token);
    assert_eq!(cwb.get("/staff/members").await.status(), 404);
}

/// The org admin disables caseworker 1 of a consent set-up.
async fn disable_cw1(c: &crate::consent::Case) {
    let handle = c.app.me(&c.cw1).await["handle"]
        .as_str()
        .unwrap()
        .to_string();
    let cw1_id = id_of(&c.app, &c.org_admin, &handle).await;
    assert_eq!(
        act(&c.app, &c.org_admin, &cw1_id, "disable").await.status(),
        204
    );
}

/// A caseworker who leaves with a review in hand: disabling them puts it back in the queue
/// (audited as the admin's act), another caseworker takes it and opens it again before deciding.
#[tokio::test]
async fn disabling_a_caseworker_puts_the_reviews_they_held_back_in_the_queue() {
    use crate::consent::{call, ok};
    let c = crate::consent::setup().await;
    let (app, id) = (&c.app, &c.candidate);
    let path = |step: &str| format!("/api/v1/review/candidates/{id}/{step}");
    ok(app, "POST", &path("claim"), &c.cw1, json!({})).await;
    let reason = json!({"reason": "match_review"});
    ok(app, "POST", &path("open"), &c.cw1, reason.clone()).await;
    let res = call(app, "POST", &path("claim"), &c.cw2, Some(json!({}))).await;
    assert_eq!(error_code(res).await, "already_claimed");

    disable_cw1(&c).await;

    let queue = ok(app, "GET", "/api/v1/review/queue", &c.cw2, Value::Null).await;
    let item = &queue["candidates"][0];
    assert_eq!(item["id"], id.as_str());
    assert_eq!(item["state"], "in_review");
    ok(app, "POST", &path("claim"), &c.cw2, json!({})).await;
    let res = call(app, "POST", &path("approve"), &c.cw2, Some(json!({}))).await;
    assert_eq!(
        error_code(res).await,
        "not_opened",
        "cw1's opening was theirs"
    );
    let view = ok(app, "POST", &path("open"), &c.cw2, reason).await;
    assert_eq!(view["state"], "in_review");

    let auditor = crate::helpers::join(app, &c.admin, "auditor", None).await;
    let entries = audited(app, &auditor, "match.holder_left").await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["object_id"], id.as_str());
    assert_eq!(entries[0]["actor_role"], "org_admin");
}

/// A caseworker who leaves with families' questions in hand: the match put to the families
/// waits in their organization's queue (nobody can answer for it meanwhile), another
/// caseworker takes it over and answers the family; the approvals stand.
#[tokio::test]
async fn disabling_a_caseworker_lets_another_take_over_the_families_questions() {
    use crate::consent::{call, ok};
    let c = crate::consent::setup().await;
    let (app, id) = (&c.app, &c.candidate);
    let path = |step: &str| format!("/api/v1/review/candidates/{id}/{step}");
    let a_side = crate::consent::approve(&c).await;
    // cw2 gives a verified address, so as to hear of the match waiting for someone.
    let mail = "cw2@partner.example";
    let code = crate::consent::verified_email(&c, &c.cw2, mail).await;
    app.run_jobs().await;
    let listed = |queue: &Value| {
        queue["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id.as_str())
            .cloned()
    };
    // Its caseworker finds the follow-up in the queue; the other caseworker does not.
    let queue = ok(app, "GET", "/api/v1/review/queue", &c.cw1, Value::Null).await;
    let item = listed(&queue).expect("the follow-up is listed for its caseworker");
    assert_eq!(item["state"], "consent_requested");
    assert_eq!(item["claimed_by_me"], true);
    let queue = ok(app, "GET", "/api/v1/review/queue", &c.cw2, Value::Null).await;
    assert_eq!(listed(&queue), None);
    let res = call(app, "POST", &path("claim"), &c.cw2, Some(json!({}))).await;
    assert_eq!(error_code(res).await, "already_claimed");

    disable_cw1(&c).await;

    // cw2 hears, content-free, that something waits (once).
    assert_eq!(c.smtp.messages_to(mail).len(), 1, "no notice before");
    app.run_jobs().await;
    let notices = c.smtp.wait_for(mail, 2).await;
    let notice = notices
        .iter()
        .find(|m| !m.contains(&code))
        .expect("the notice (not the code)");
    crate::consent::assert_content_free(notice);
    app.run_jobs().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(c.smtp.messages_to(mail).len(), 2, "told once");

    let queue = ok(app, "GET", "/api/v1/review/queue", &c.cw2, Value::Null).await;
    let item = listed(&queue).expect("the orphaned follow-up is listed");
    assert_eq!(item["state"], "consent_requested");
    assert_eq!(item["claimed_by_me"], false);
    let mut page = Browser::new(app).with_session(&c.cw2);
    let html = page.get_html("/review").await;
    assert!(html.contains(&format!("/review/{id}/claim")), "{html}");
    let reply = json!({"side": a_side, "body": "I follow your case now."});
    let res = call(app, "POST", &path("messages"), &c.cw2, Some(reply.clone())).await;
    assert_eq!(res.status(), 404, "not theirs before they take it over");

    let s = ok(app, "POST", &path("claim"), &c.cw2, json!({})).await;
    assert_eq!(s["state"], "consent_requested", "the approvals stand");
    ok(app, "POST", &path("messages"), &c.cw2, reply).await;
    let view = ok(
        app,
        "POST",
        &path("open"),
        &c.cw2,
        json!({"reason": "follow_up"}),
    )
    .await;
    assert_eq!(view["state"], "consent_requested");
    let res = call(app, "POST", &path("release"), &c.cw2, Some(json!({}))).await;
    assert_eq!(
        error_code(res).await,
        "invalid_transition",
        "a follow-up is not handed back"
    );
    let html = page.get_html("/review").await;
    assert!(!html.contains(&format!("/review/{id}/release")), "{html}");

    let list = crate::consent::my_matches(app, &c.a).await;
    let bodies: Vec<&str> = list[0]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert!(bodies.contains(&"I follow your case now."), "{bodies:?}");
    let auditor = crate::helpers::join(app, &c.admin, "auditor", None).await;
    let entries = audited(app, &auditor, "match.holder_left").await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["object_id"], id.as_str());
}

/// Two admins asking to reset the same second factor at the same moment: one request is
/// recorded, the other is told it was too late (`reset_already_requested`, or `busy` when the
/// two inserts met in the database), never a server error.
#[tokio::test]
async fn two_admins_asking_for_one_reset_at_once_get_one_request_and_no_server_error() {
    let app = spawn_app().await;
    let admin = first_admin(&app).await;
    let org = crate::helpers::create_organization(&app, &admin.token, "Partner").await;
    let org_admin = invite(&app, &admin.token, "org_admin", Some(&org)).await;
    for _ in 0..8 {
        let cw = invite(&app, &org_admin.token, "caseworker", None).await;
        let cw_id = id_of(&app, &org_admin.token, &cw.handle).await;
        let (x, y) = tokio::join!(
            act(&app, &admin.token, &cw_id, "second-factor-reset"),
            act(&app, &org_admin.token, &cw_id, "second-factor-reset"),
        );
        let mut statuses = [x.status().as_u16(), y.status().as_u16()];
        statuses.sort();
        assert_eq!(statuses[0], 204, "one request is recorded");
        if statuses[1] != 204 {
            let loser = if x.status() == 204 { y } else { x };
            assert_eq!(loser.status(), 409);
            let code = error_code(loser).await;
            assert!(
                ["reset_already_requested", "busy"].contains(&code.as_str()),
                "{code}"
            );
        }
        let listed = staff_list(&app, &admin.token).await;
        let me = listed.iter().find(|m| m["id"] == cw_id.as_str()).unwrap();
        assert!(me["second_factor_reset"].is_object(), "{me}");
    }
}

/// Matches are counted for the organizations that serve them: one with its own registrations
/// on a side, and, for organizations that serve registrations of no organization, those with
/// such a side; nobody else's. (Rows are written directly: five of each kind are needed before
/// a count shows.)
#[tokio::test]
async fn matches_and_reunions_are_counted_for_the_organizations_that_serve_them() {
    use diesel::prelude::*;
    use kinlink::db::schema::registrations;
    let app = spawn_app().await;
    let admin = first_admin(&app).await;
    let (org_a, oa_a, oa_b) = two_organizations(&app, &admin.token).await;
    let cw = invite(&app, &oa_a.token, "caseworker", None).await;
    assisted(&app, &cw.token, 1).await;
    let (handle, _) = app.sign_up("a family passphrase").await;
    let family = app.sign_in(&handle, "a family passphrase").await;
    let about = json!({"names": ["Gulnar Ablimit"]});
    crate::consent::ok(&app, "PUT", "/api/v1/me/profile", &family, about).await;
    // A serves only its own; B (by default) those of no organization.
    app.admin_sql(&format!(
        "UPDATE organizations SET serves_unaffiliated = FALSE WHERE id = '{org_a}'"
    ));
    let regs: Vec<(String, Option<String>)> = registrations::table
        .select((registrations::id, registrations::owner_org_id))
        .load(&mut *app.ctx.db.get().unwrap())
        .unwrap();
    let own = &regs
        .iter()
        .find(|r| r.1.as_deref() == Some(&org_a))
        .unwrap()
        .0;
    let none = &regs.iter().find(|r| r.1.is_none()).unwrap().0;

    let blob = if app.is_postgres() {
        "'\\x00'::bytea"
    } else {
        "X'00'"
    };
    let now = chrono::DateTime::from_timestamp(app.now() as i64, 0)
        .unwrap()
        .format("%Y-%m-%d %H:%M:%S");
    let mut n = 0;
    let mut insert = |reg_a: &str, reg_b: &str, status: &str, closed_a: &str, count: usize| {
        for _ in 0..count {
            n += 1;
            app.admin_sql(&format!(
                "INSERT INTO match_candidates (id, kind, band, status, record_a, record_b, \
                 review_version, review_ct, names_version, names_ct, created_at, updated_at, \
                 reg_a, reg_b, closed_a, version, staff_notified) VALUES ('c{n}', \
                 'sought_self', 'strong', '{status}', 'ra{n}', 'rb{n}', 1, {blob}, 1, {blob}, \
                 '{now}', '{now}', '{reg_a}', '{reg_b}', {closed_a}, 1, TRUE)"
            ));
        }
    };
    insert(own, own, "candidate", "NULL", 5);
    insert(own, own, "closed", "'reunited'", 5);
    insert(none, none, "in_review", "NULL", 6);
    insert(own, none, "expired", "NULL", 5);

    let stats = |token: String| {
        let app = &app;
        async move {
            let st: Value = app
                .get_with("/api/v1/statistics", &token)
                .await
                .json()
                .await
                .unwrap();
            let states: BTreeMap<String, Value> = st["matches_by_state"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| (s["state"].as_str().unwrap().to_string(), s["count"].clone()))
                .collect();
            (states, st["reunions_by_month"][11]["count"].clone())
        }
    };
    let few = json!("fewer_than_5");
    let (a, reunions_a) = stats(oa_a.token.clone()).await;
    assert_eq!(
        (
            &a["candidate"],
            &a["closed"],
            &a["expired"],
            &a["in_review"]
        ),
        (&json!(5), &json!(5), &json!(5), &few),
        "{a:?}"
    );
    assert_eq!(reunions_a, json!(5));
    let (b, reunions_b) = stats(oa_b.token.clone()).await;
    assert_eq!(
        (
            &b["candidate"],
            &b["closed"],
            &b["expired"],
            &b["in_review"]
        ),
        (&few, &few, &json!(5), &json!(6)),
        "{b:?}"
    );
    assert_eq!(reunions_b, few);

    // The review queue follows the same rule, filtered in the database: A's caseworker sees
    // A's own reviews, B's those of no organization, and both the case put to families that
    // has a side of each (nobody follows it up).
    insert(own, none, "consent_requested", "NULL", 1);
    let cw_b = invite(&app, &oa_b.token, "caseworker", None).await;
    let queue = |token: String| {
        let app = &app;
        async move {
            let q: Value = app
                .get_with("/api/v1/review/queue", &token)
                .await
                .json()
                .await
                .unwrap();
            let mut by_state = BTreeMap::<String, usize>::new();
            for item in q["candidates"].as_array().unwrap() {
                *by_state
                    .entry(item["state"].as_str().unwrap().to_string())
                    .or_default() += 1;
            }
            by_state
        }
    };
    let expect = |pairs: &[(&str, usize)]| -> BTreeMap<String, usize> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    };
    assert_eq!(
        queue(cw.token.clone()).await,
        expect(&[("candidate", 5), ("consent_requested", 1)])
    );
    assert_eq!(
        queue(cw_b.token.clone()).await,
        expect(&[("consent_requested", 1), ("in_review", 6)])
    );
}
