//! The review and consent pages with JavaScript off: a caseworker takes a candidate from the
//! queue to approval through forms, a family answers on its matches page (in English and in
//! right-to-left Uyghur), and a registrant with a pending, unasked candidate sees exactly what
//! a registrant without one sees (T5).

use serde_json::{Value, json};

use crate::account_pages::{Browser, between};
use crate::consent::{A_CARD, A_NAME, B_CARD, B_NAME, approve, call, ok, setup};
use crate::helpers::{TestApp, spawn_app};

fn browser<'a>(app: &'a TestApp, token: &str, lang: &str) -> Browser<'a> {
    Browser::new(app)
        .with_session(token)
        .with_cookie("kinlink_lang", lang)
}

#[tokio::test]
async fn a_caseworker_reviews_through_the_pages_and_a_family_answers_on_its_page() {
    let c = setup().await;
    let app = &c.app;
    let mut cw = browser(app, &c.cw1, "en");
    let queue = cw.get_html("/review").await;
    assert!(
        queue.contains(&format!("candidate-{}", c.candidate)),
        "{queue}"
    );
    assert!(
        !queue.contains(A_NAME) && !queue.contains(B_NAME),
        "no names in the queue"
    );
    let res = cw
        .post("/review", &format!("/review/{}/claim", c.candidate), &[])
        .await;
    assert_eq!(res.status(), 303);
    let queue = cw.get_html("/review").await;
    assert!(
        queue.contains(&format!("/review/{}/open", c.candidate)),
        "claimed: can open"
    );

    // A second caseworker's claim is refused on the page, with the reason.
    let mut cw2 = browser(app, &c.cw2, "en");
    let res = cw2
        .post("/review", &format!("/review/{}/claim", c.candidate), &[])
        .await;
    assert_eq!(res.status(), 409);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Another caseworker holds this candidate")
    );

    let res = cw
        .post(
            "/review",
            &format!("/review/{}/open", c.candidate),
            &[("reason", "match_review")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let case = res.text().await.unwrap();
    assert!(
        case.contains(A_NAME) && case.contains(B_NAME),
        "both names as entered"
    );
    assert!(
        case.contains("Why it was proposed") && case.contains("Birthplace"),
        "the explanation"
    );
    assert!(case.contains("<bdi"), "names isolated for right-to-left");
    // `lang` takes a language tag: the script of each name, language undetermined.
    assert!(
        case.contains(&format!("<bdi lang=\"und-Arab\">{A_NAME}</bdi>"))
            && case.contains(&format!("<bdi lang=\"und-Hani\">{B_NAME}</bdi>")),
        "names tagged with their script"
    );
    // Vet A's side (the side holding the search) from the case page.
    let section = case
        .split("<section class=\"panel side\"")
        .find(|s| s.contains("Person sought"))
        .expect("A's side");
    let reg = between(section, "action=\"/review/registrations/", "/vet\"").to_string();
    let res = cw
        .post("/review", &format!("/review/registrations/{reg}/vet"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let res = cw
        .post(
            "/review",
            &format!("/review/{}/open", c.candidate),
            &[("reason", "follow_up")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = cw
        .post(
            "/review",
            &format!("/review/{}/approve", c.candidate),
            &[("note", "")],
        )
        .await;
    assert_eq!(res.status(), 303);
    // The second caseworker, through the API.
    let id = &c.candidate;
    ok(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/claim"),
        &c.cw2,
        json!({}),
    )
    .await;
    ok(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/open"),
        &c.cw2,
        json!({"reason": "match_review"}),
    )
    .await;
    let s = ok(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/approve"),
        &c.cw2,
        json!({}),
    )
    .await;
    assert_eq!(s["state"], "consent_requested");

    // A answers on her page, in Uyghur.
    let mut a = browser(app, &c.a, "ug");
    let dashboard = a.get_html("/dashboard").await;
    assert!(dashboard.contains("dir=\"rtl\""), "right to left");
    assert!(dashboard.contains("href=\"/matches\""));
    let page = a.get_html("/matches").await;
    assert!(
        page.contains(A_NAME),
        "her own relative's name, as she wrote it"
    );
    assert!(
        !page.contains(B_NAME) && !page.contains(B_CARD),
        "nothing of B before consent"
    );
    let res = a
        .post(
            "/matches",
            &format!("/matches/{id}/answer"),
            &[("answer", "yes")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = call(
        app,
        "POST",
        &format!("/api/v1/me/matches/{id}/answer"),
        &c.b,
        Some(json!({"answer": "yes"})),
    )
    .await;
    assert_eq!(res.status(), 200);
    let page = a.get_html("/matches").await;
    assert!(
        page.contains(B_CARD),
        "B's contact card after both said yes"
    );
    let mut b = browser(app, &c.b, "en");
    let page = b.get_html("/matches").await;
    assert!(page.contains(A_CARD) && page.contains("You both said yes"));
    let res = b
        .post(
            "/matches",
            &format!("/matches/{id}/close"),
            &[("outcome", "reunited")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(
        !b.get_html("/matches").await.contains(A_CARD),
        "closed for B"
    );
}

/// Every page and API answer a registrant can reach, with their own content, ids, handle,
/// tokens and dates replaced.
async fn everything(app: &TestApp, token: &str, own: &[String]) -> Vec<(String, String)> {
    let mut b = Browser::new(app).with_session(token);
    let search = {
        let list = ok(app, "GET", "/api/v1/me/searches", token, Value::Null).await;
        list[0]["id"].as_str().unwrap().to_string()
    };
    let mut out = Vec::new();
    for page in [
        "/dashboard".to_string(),
        "/matches".into(),
        "/access-log".into(),
        "/about-me".into(),
        format!("/searches/{search}/edit"),
        "/contact-card".into(),
        "/preconsent-card".into(),
        "/verification-facts".into(),
        "/privacy".into(),
        "/account".into(),
        "/delete".into(),
    ] {
        let html = b.get_html(&page).await;
        out.push((page, html));
    }
    for api in [
        "/api/v1/me",
        "/api/v1/me/matches",
        "/api/v1/me/access-log",
        "/api/v1/me/profile",
        "/api/v1/me/searches",
        "/api/v1/me/settings",
        "/api/v1/me/export",
        "/api/v1/sessions",
    ] {
        let res = call(app, "GET", api, token, None).await;
        assert_eq!(res.status(), 200, "{api}");
        out.push((api.to_string(), res.text().await.unwrap()));
    }
    let mut own = own.to_vec();
    own.push(search);
    own.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let patterns = [
        r#"name="csrf" value="[^"]*""#,
        r#"nonce="[^"]*""#,
        r"\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?",
        r#""(id|sid|token)":"[^"]*""#,
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    ]
    .map(|p| regex::Regex::new(p).unwrap());
    out.into_iter()
        .map(|(k, mut v)| {
            for s in &own {
                v = v.replace(s.as_str(), "OWN");
            }
            for p in &patterns {
                v = p.replace_all(&v, "X").into_owned();
            }
            (k, v)
        })
        .collect()
}

/// Page by page, the first line that differs.
fn assert_same(stage: &str, seen: &[(String, String)], control: &[(String, String)]) {
    assert_eq!(seen.len(), control.len());
    for ((page, a), (_, b)) in seen.iter().zip(control) {
        if a != b {
            let (la, lb) = a
                .lines()
                .zip(b.lines())
                .find(|(x, y)| x != y)
                .unwrap_or(("(length)", "(length)"));
            panic!("{stage}: {page} differs:\n  {la}\n  {lb}");
        }
    }
}

async fn family(app: &TestApp, seeks: &str) -> (String, String) {
    let (handle, _) = app.sign_up("a registrant passphrase").await;
    let token = app.sign_in(&handle, "a registrant passphrase").await;
    ok(
        app,
        "POST",
        "/api/v1/me/searches",
        &token,
        json!({
            "names": [seeks], "relation": "father", "gender": "male",
            "birth": {"year": 1961}, "birthplace": {"region": "654002"}
        }),
    )
    .await;
    (token, handle)
}

/// T5: until a registrant is asked, nothing they can see differs from a registrant with no
/// candidate at all: not when the candidate is proposed, claimed, opened, nor approved once,
/// nor in the 35 days after.
#[tokio::test]
async fn a_registrant_with_a_pending_unasked_candidate_sees_exactly_what_a_control_sees() {
    let app = spawn_app().await;
    let (p, p_handle) = family(&app, "Абдурехим Турсун").await;
    let (q, q_handle) = family(&app, "Мемет Курбанов").await;
    let (b, _) = app.sign_up("the father passphrase").await;
    let b = app.sign_in(&b, "the father passphrase").await;
    ok(
        &app,
        "PUT",
        "/api/v1/me/profile",
        &b,
        json!({
            "names": ["ئابدۇرېھىم تۇرسۇن"], "gender": "male",
            "birth": {"year": 1961}, "birthplace": {"region": "654002"}
        }),
    )
    .await;
    let own_p = vec![p_handle.clone(), "Абдурехим Турсун".to_string()];
    let own_q = vec![q_handle.clone(), "Мемет Курбанов".to_string()];
    let before = everything(&app, &p, &own_p).await;
    let control = everything(&app, &q, &own_q).await;
    assert_same("before any candidate", &before, &control);
    app.run_matcher().await;
    app.run_jobs().await;
    let candidates = {
        let mut conn = app.ctx.db.get().unwrap();
        kinlink::consent::store::in_states(&mut conn, &[kinlink::consent::State::Candidate])
            .unwrap()
    };
    assert_eq!(
        candidates.len(),
        1,
        "P's search has a candidate; Q's has none"
    );
    let id = candidates[0].id.clone();
    let compare = |stage: &'static str| {
        let (app, p, q, own_p, own_q) = (&app, p.clone(), q.clone(), own_p.clone(), own_q.clone());
        async move {
            let seen = everything(app, &p, &own_p).await;
            let control = everything(app, &q, &own_q).await;
            assert_same(stage, &seen, &control);
        }
    };
    compare("proposed").await;

    // A caseworker claims, opens and approves once (four eyes: nobody is asked yet).
    let admin_handle = crate::helpers::create_admin(&app);
    let (admin, _) = crate::helpers::enrol(
        &app,
        &app.sign_in(&admin_handle, crate::helpers::STAFF_PASS).await,
    )
    .await;
    let org = ok(
        &app,
        "POST",
        "/api/v1/admin/organizations",
        &admin,
        json!({"name": "Partner"}),
    )
    .await;
    let org_admin = crate::helpers::join(&app, &admin, "org_admin", org["id"].as_str()).await;
    let cw = crate::helpers::join(&app, &org_admin, "caseworker", None).await;
    ok(
        &app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/claim"),
        &cw,
        json!({}),
    )
    .await;
    let view = ok(
        &app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/open"),
        &cw,
        json!({"reason": "match_review"}),
    )
    .await;
    compare("in review").await;
    let reg = view["sides"][0]["registration_id"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        &app,
        "POST",
        &format!("/api/v1/review/registrations/{reg}/vet"),
        &cw,
        json!({}),
    )
    .await;
    let s = ok(
        &app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/approve"),
        &cw,
        json!({}),
    )
    .await;
    assert_eq!(s["state"], "in_review");
    app.run_jobs().await;
    compare("approved once").await;

    // The threat model's 30 days: a week at a time, every job run, both signing in afresh.
    for week in 1..=5 {
        app.ctx
            .clock
            .advance(std::time::Duration::from_secs(7 * 24 * 3600));
        app.run_matcher().await;
        app.run_jobs().await;
        let p = app.sign_in(&p_handle, "a registrant passphrase").await;
        let q = app.sign_in(&q_handle, "a registrant passphrase").await;
        let seen = everything(&app, &p, &own_p).await;
        let control = everything(&app, &q, &own_q).await;
        assert_same(&format!("week {week}"), &seen, &control);
    }
}

#[tokio::test]
async fn every_review_page_needs_a_caseworker() {
    let c = setup().await;
    let app = &c.app;
    approve(&c).await;
    let mut family = browser(app, &c.a, "en");
    for page in [
        "/review",
        "/review/alerts",
        "/review/assisted",
        "/review/settings",
    ] {
        let res = family.get(page).await;
        assert_eq!(res.status(), 404, "{page} for a registrant");
    }
    let mut admin = browser(app, &c.org_admin, "en");
    let settings = admin.get_html("/review/settings").await;
    assert!(settings.contains("name=\"serves\" value=\"1\" checked"));
    assert!(
        !admin
            .get_html("/account")
            .await
            .contains("No organization reviews")
    );
    // The only organization stops serving registrations of no organization: admins are warned.
    let res = admin
        .post("/review/settings", "/review/settings", &[])
        .await;
    assert_eq!(res.status(), 303);
    assert!(
        admin
            .get_html("/review/settings")
            .await
            .contains("No organization reviews")
    );
    assert!(
        admin
            .get_html("/account")
            .await
            .contains("No organization reviews")
    );
    let mut cw = browser(app, &c.cw1, "ug");
    for page in ["/review", "/review/alerts", "/review/assisted"] {
        let html = cw.get_html(page).await;
        assert!(html.contains("dir=\"rtl\""), "{page} in Uyghur");
    }
    // An assisted registration made on the page shows its claim code once.
    let res = cw
        .post(
            "/review/assisted",
            "/review/assisted",
            &[
                ("names", "Tursun Memet"),
                ("sought_names", "Gulnar Tursun"),
                ("relation", "daughter"),
                ("father_name", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    let code = between(&html, "<code class=\"code\">", "</code>").to_string();
    assert!(!code.is_empty());
    let listed = cw.get_html("/review/assisted").await;
    assert!(!listed.contains(&code), "the code is shown once");
    assert!(!listed.contains("Tursun Memet"), "the list holds no names");
    let rid = between(&listed, "href=\"/review/assisted/", "\"").to_string();
    let view = cw.get_html(&format!("/review/assisted/{rid}")).await;
    assert!(view.contains("Tursun Memet") && view.contains("Gulnar Tursun"));
}

/// The matches page answers a spent action budget with `Retry-After` and how long to wait, in
/// the page's language.
#[tokio::test]
async fn the_matches_page_says_how_long_to_wait_when_actions_run_out() {
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
            Some(json!({"body": format!("q {i}")})),
        )
        .await;
        assert_eq!(res.status(), 204, "message {i}");
    }
    for (lang, words) in [("en", "minutes, then try again."), ("ug", "مىنۇت ساقلاپ")] {
        let mut a = browser(app, &c.a, lang);
        let res = a
            .post(
                "/matches",
                &format!("/matches/{id}/messages"),
                &[("body", "one more")],
            )
            .await;
        assert_eq!(res.status(), 429, "{lang}");
        let wait: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=3600).contains(&wait), "{wait}");
        let html = res.text().await.unwrap();
        let error = between(&html, "<p class=\"form-error\" role=\"alert\">", "</p>")
            .replace(['\u{2068}', '\u{2069}'], "");
        assert!(error.contains(words), "{lang}: {error}");
    }
}
