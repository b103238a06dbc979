//! The registration pages with JavaScript off: forms, names shown as text (T13), and the same
//! owner-only rule as the API for every page with an id.

use crate::account_pages::{Browser, between};
use crate::helpers::{TestApp, spawn_app};

const PASS: &str = "registration page passphrase";

async fn signed_up(app: &TestApp) -> Browser<'_> {
    let mut b = Browser::new(app);
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
    assert_eq!(res.status(), 200);
    b
}

fn search_fields<'a>(names: &'a str, relation: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("names", names),
        ("nicknames", ""),
        ("father_name", ""),
        ("mother_name", ""),
        ("gender", ""),
        ("birth_kind", "year"),
        ("birth_date", ""),
        ("birth_year", "1960"),
        ("birth_from", ""),
        ("birth_to", ""),
        ("birthplace_text", "Qeshqer"),
        ("birthplace_region", "653101"),
        ("relation", relation),
        ("last_known_place", ""),
        ("last_contact_year", "2017"),
        ("last_contact_date", ""),
        ("circumstances", "detained"),
        ("notes", ""),
    ]
}

#[tokio::test]
async fn names_are_shown_as_text_on_every_page() {
    let app = spawn_app().await;
    let mut b = signed_up(&app).await;
    let evil = "<script>alert(1)</script> <img src=x onerror=alert(2)>";
    let mut about = search_fields(evil, "");
    about.retain(|(k, _)| {
        !matches!(
            *k,
            "relation"
                | "last_known_place"
                | "last_contact_year"
                | "last_contact_date"
                | "circumstances"
                | "notes"
        )
    });
    assert_eq!(b.post("/about-me", "/about-me", &about).await.status(), 303);
    assert_eq!(
        b.post(
            "/searches/new",
            "/searches",
            &search_fields(evil, "brother")
        )
        .await
        .status(),
        303
    );
    let dashboard = b.get_html("/dashboard").await;
    let id = between(&dashboard, "href=\"/searches/", "/edit\"").to_string();
    for path in [
        "/dashboard".to_string(),
        "/about-me".to_string(),
        format!("/searches/{id}/edit"),
    ] {
        let html = b.get_html(&path).await;
        assert!(!html.contains("<script>alert(1)"), "{path} shows markup");
        assert!(!html.contains("<img src=x"), "{path} shows markup");
        assert!(
            html.contains("&lt;script&gt;") || html.contains("&#60;script&#62;"),
            "{path} shows the name as text"
        );
    }
}

#[tokio::test]
async fn forms_validate_like_the_api_and_pages_with_ids_are_owner_only() {
    let app = spawn_app().await;
    let mut owner = signed_up(&app).await;
    let res = owner
        .post(
            "/searches/new",
            "/searches",
            &search_fields("Tursun Memet", ""),
        )
        .await;
    assert_eq!(res.status(), 400, "relation is required");
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Choose who this person is to you")
    );
    let long = "x".repeat(150);
    let res = owner
        .post(
            "/searches/new",
            "/searches",
            &search_fields(&long, "father"),
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        owner
            .post(
                "/searches/new",
                "/searches",
                &search_fields("Tursun Memet\n图尔荪·买买提", "father")
            )
            .await
            .status(),
        303
    );
    let dashboard = owner.get_html("/dashboard").await;
    let id = between(&dashboard, "href=\"/searches/", "/edit\"").to_string();
    let edit = format!("/searches/{id}/edit");
    assert_eq!(
        owner
            .post(&edit, &format!("/searches/{id}/pause"), &[])
            .await
            .status(),
        303
    );
    assert!(owner.get_html(&edit).await.contains("Resume matching"));

    let mut stranger = signed_up(&app).await;
    assert_eq!(stranger.get(&edit).await.status(), 404);
    for action in ["", "/pause", "/resume", "/delete"] {
        let res = stranger
            .post(
                "/dashboard",
                &format!("/searches/{id}{action}"),
                &search_fields("X Y", "father"),
            )
            .await;
        assert_eq!(res.status(), 404, "stranger: /searches/{{id}}{action}");
    }
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = anonymous.get(app.url(&edit)).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/sign-in");
    // Still the owner's, unchanged.
    assert!(owner.get_html(&edit).await.contains("Tursun Memet"));
}

#[tokio::test]
async fn cards_facts_settings_and_delete_everything_through_the_pages() {
    let app = spawn_app().await;
    let mut b = signed_up(&app).await;
    let res = b
        .post(
            "/contact-card",
            "/contact-card",
            &[
                ("kind0", "signal"),
                ("value0", "+90 555 0000"),
                ("message", "Please write"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(b.get_html("/contact-card").await.contains("+90 555 0000"));
    let res = b
        .post(
            "/preconsent-card",
            "/preconsent-card",
            &[
                ("show_relation", "1"),
                ("show_country", "1"),
                ("message", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(
        b.get_html("/preconsent-card")
            .await
            .contains("name=\"show_country\" value=\"1\" checked")
    );
    let res = b
        .post(
            "/verification-facts",
            "/verification-facts",
            &[("question0", "Our dog?"), ("answer0", "Boxi")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = b
        .post(
            "/verification-facts",
            "/verification-facts",
            &[("question0", "Only a question"), ("answer0", "")],
        )
        .await;
    assert_eq!(res.status(), 400);
    let res = b
        .post(
            "/privacy",
            "/privacy",
            &[
                ("matching_paused", "1"),
                ("retention_months", "12"),
                ("country", "Türkiye"),
                ("languages", "ug, tr"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let privacy = b.get_html("/privacy").await;
    assert!(privacy.contains("value=\"12\" selected") && privacy.contains("Türkiye"));

    let res = b.post("/delete", "/delete", &[]).await;
    assert_eq!(res.status(), 400, "deleting needs the confirmation box");
    let res = b.post("/delete", "/delete", &[("confirm", "1")]).await;
    assert_eq!(res.status(), 303);
    assert!(!b.signed_in());
    assert_eq!(b.get("/dashboard").await.status(), 303);
}

#[tokio::test]
async fn the_preconsent_page_shows_exactly_the_given_name_it_would_reveal() {
    let app = spawn_app().await;
    let mut b = signed_up(&app).await;
    let html = b.get_html("/preconsent-card").await;
    assert!(
        html.contains("You have not written your name"),
        "no name yet"
    );
    let res = b
        .post(
            "/about-me",
            "/about-me",
            &[("names", "伊力哈木 • 土赫提\nIlham Tohti")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let html = b.get_html("/preconsent-card").await;
    let preview = between(&html, "id=\"given-name-preview\">", "</p>");
    assert!(
        preview.contains("<bdi class=\"preview\">伊力哈木</bdi>"),
        "{preview}"
    );
    assert!(!html.contains("土赫提"), "the father's name is never shown");
}

/// The daily name-edit limit through the page: 429, `Retry-After`, and how long to wait in
/// the page's language.
#[tokio::test]
async fn the_daily_name_edit_limit_says_how_long_to_wait() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = crate::helpers::test_settings(&dir);
    settings.name_edits_per_day = 1;
    let app = crate::helpers::spawn_app_with(settings, dir).await;
    let mut b = signed_up(&app).await;
    let res = b
        .post(
            "/searches/new",
            "/searches",
            &search_fields("Tursun Memet", "father"),
        )
        .await;
    assert_eq!(res.status(), 303);
    let dashboard = b.get_html("/dashboard").await;
    let id = between(&dashboard, "href=\"/searches/", "/edit\"").to_string();
    let edit = format!("/searches/{id}/edit");
    let action = format!("/searches/{id}");
    let res = b
        .post(&edit, &action, &search_fields("Tursunjan Memet", "father"))
        .await;
    assert_eq!(res.status(), 303, "the day's one name change");
    // Ten minutes later (within the session's idle time), the wait is the rest of the day.
    app.clock.advance(std::time::Duration::from_secs(600));
    for (lang, words) in [
        ("en", "Please wait 24 hours, then try again."),
        ("ug", "24 سائەت ساقلاپ"),
    ] {
        b.choose_language(lang).await;
        let res = b
            .post(&edit, &action, &search_fields("Tursun Mehmut", "father"))
            .await;
        assert_eq!(res.status(), 429, "{lang}");
        let wait: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            (24 * 3600 - 660..=24 * 3600 - 600).contains(&wait),
            "{wait}"
        );
        let html = res.text().await.unwrap();
        // Numbers come wrapped in Unicode isolates (right to left they stay whole).
        let error = between(&html, "<p class=\"form-error\" role=\"alert\">", "</p>")
            .replace(['\u{2068}', '\u{2069}'], "");
        assert!(error.contains(words), "{lang}: {error}");
    }
}

/// A name without letters gets the form back with a translated reason, in both languages, and
/// nothing is saved.
#[tokio::test]
async fn a_name_without_letters_is_refused_in_words() {
    let app = spawn_app().await;
    let mut b = signed_up(&app).await;
    for (lang, words) in [
        ("en", "A name has no letters"),
        ("ug", "بىر ئىسىمدا ھېچقانداق ھەرپ يوق"),
    ] {
        b.choose_language(lang).await;
        let res = b
            .post(
                "/searches/new",
                "/searches",
                &search_fields("12345", "father"),
            )
            .await;
        assert_eq!(res.status(), 400, "{lang}");
        let html = res.text().await.unwrap();
        let error = between(&html, "<p class=\"form-error\" role=\"alert\">", "</p>");
        assert!(error.contains(words), "{lang}: {error}");
    }
    let dashboard = b.get_html("/dashboard").await;
    assert!(
        !dashboard.contains("/edit\""),
        "nothing was saved: {dashboard}"
    );
}
