//! Every page in all seven languages, each chosen with the language form: the right `lang` and
//! `dir`, no message id or Fluent placeholder left in the page, and no English sentence on a
//! page in another language. The pages are the router's: public, account, registration,
//! matches (asked and disclosed), access history, the caseworker's queue and case, alerts,
//! assisted registrations, staff settings and error pages.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::account_pages::{Browser, between};
use crate::consent::{A_NAME, B_CARD, call, ok, setup_with};
use crate::helpers::{TestApp, spawn_app};

/// (code, dir) of every language of the language form.
const LANGS: [(&str, &str); 7] = [
    ("en", "ltr"),
    ("ug", "rtl"),
    ("ug-Latn", "ltr"),
    ("tr", "ltr"),
    ("ru", "ltr"),
    ("kk", "ltr"),
    ("zh-Hans", "ltr"),
];

/// The single-line messages of a locale, by id.
fn messages(lang: &str) -> BTreeMap<String, String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang);
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some((k, v)) = line.split_once(" = ")
                && !k.starts_with([' ', '#'])
            {
                out.insert(k.to_string(), v.to_string());
            }
        }
    }
    out
}

struct Checker {
    en: BTreeMap<String, String>,
    pages: usize,
}

impl Checker {
    fn new() -> Self {
        Checker {
            en: messages("en"),
            pages: 0,
        }
    }

    fn check(&mut self, what: &str, lang: &str, dir: &str, html: &str) {
        self.pages += 1;
        assert!(
            html.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")),
            "{what} in {lang}: lang and dir\n{html}"
        );
        assert!(
            !html.contains("Unknown localization"),
            "{what} in {lang}: a missing message"
        );
        assert!(
            !html.contains("{$") && !html.contains("{ $") && !html.contains("{-"),
            "{what} in {lang}: a Fluent placeholder left unresolved"
        );
        let text = strip_tags(html);
        for key in self.en.keys().filter(|k| k.contains('-') && k.len() > 6) {
            assert!(
                !text.contains(key.as_str()),
                "{what} in {lang}: the message id {key} shows"
            );
        }
        if lang == "en" {
            return;
        }
        // A page in another language carries no English sentence: no template text left
        // untranslated, no message fallen back to English and none copied from it.
        for (key, english) in &self.en {
            if english.len() >= 16 && !english.contains('{') {
                assert!(
                    !text.contains(english.as_str()),
                    "{what} in {lang}: English text of {key}: {english}"
                );
            }
        }
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Each page of `paths` in each language, chosen with the language form.
async fn every_language(checker: &mut Checker, b: &mut Browser<'_>, paths: &[(&str, u16)]) {
    for (lang, dir) in LANGS {
        b.choose_language(lang).await;
        for (path, status) in paths {
            let res = b.get(path).await;
            assert_eq!(res.status(), *status, "GET {path} in {lang}");
            let html = res.text().await.unwrap();
            checker.check(path, lang, dir, &html);
        }
    }
}

#[tokio::test]
async fn every_page_renders_in_every_language_without_a_missing_message() {
    let c = setup_with(|s| s.signups_per_minute = 1_000).await;
    let app = &c.app;
    let id = c.candidate.clone();
    let mut checker = Checker::new();

    // Public pages and error pages, signed out.
    let mut anon = Browser::new(app);
    every_language(
        &mut checker,
        &mut anon,
        &[
            ("/", 200),
            ("/safety", 200),
            ("/sign-up", 200),
            ("/sign-in", 200),
            ("/recover", 200),
            ("/invite", 200),
            ("/no-such-page", 404),
            ("/language", 405),
        ],
    )
    .await;

    // Sign-up through the page in each language: the page that shows the account name and
    // recovery codes, and the account's own pages.
    let uyghur = kinlink::auth::handle::HandleWords::UyghurLatin.words();
    let english = kinlink::auth::handle::HandleWords::English.words();
    for (lang, dir) in LANGS {
        let mut b = Browser::new(app);
        b.choose_language(lang).await;
        let pass = "a passphrase for every language";
        let res = b
            .post(
                "/sign-up",
                "/sign-up",
                &[
                    ("passphrase", pass),
                    ("passphrase_again", pass),
                    ("email", ""),
                ],
            )
            .await;
        assert_eq!(res.status(), 200, "sign-up in {lang}");
        let html = res.text().await.unwrap();
        checker.check("the created page", lang, dir, &html);
        // Uyghur words for Uyghur in either script, English words for everyone else: both
        // lists are a–z, typed on any keyboard.
        let handle = between(&html, "<code id=\"handle\">", "</code>").to_string();
        let words: Vec<&str> = handle.split('-').take(2).collect();
        let list = if lang.starts_with("ug") {
            uyghur
        } else {
            english
        };
        assert!(words.iter().all(|w| list.contains(w)), "{lang}: {handle}");
        assert!(b.signed_in());
        b.choose_language(lang).await;
        for path in ["/dashboard", "/account", "/searches/new", "/delete"] {
            let html = b.get_html(path).await;
            checker.check(path, lang, dir, &html);
        }
    }

    // A registrant with a search, cards and a verified email, before any review.
    let searches = ok(app, "GET", "/api/v1/me/searches", &c.a, Value::Null).await;
    let search = searches[0]["id"].as_str().expect("A's search").to_string();
    let facts = json!({"facts": [{"question": "Our street?", "answer": "Poplar"}]});
    ok(app, "PUT", "/api/v1/me/verification-facts", &c.a, facts).await;
    let mut a = Browser::new(app).with_session(&c.a);
    let edit = format!("/searches/{search}/edit");
    let registrant_pages = [
        ("/dashboard", 200),
        ("/about-me", 200),
        ("/searches/new", 200),
        (edit.as_str(), 200),
        ("/contact-card", 200),
        ("/preconsent-card", 200),
        ("/verification-facts", 200),
        ("/privacy", 200),
        ("/delete", 200),
        ("/matches", 200),
        ("/access-log", 200),
        ("/account", 200),
        ("/review", 404),
    ];
    every_language(&mut checker, &mut a, &registrant_pages).await;

    // Staff pages: the caseworker's, the organization admin's and the operator's.
    let mut cw = Browser::new(app).with_session(&c.cw1);
    every_language(
        &mut checker,
        &mut cw,
        &[
            ("/review", 200),
            ("/review/alerts", 200),
            ("/review/assisted", 200),
            ("/staff/second-factor", 200),
            ("/account", 200),
        ],
    )
    .await;
    let mut org_admin = Browser::new(app).with_session(&c.org_admin);
    every_language(
        &mut checker,
        &mut org_admin,
        &[("/staff/invites", 200), ("/review/settings", 200)],
    )
    .await;
    let mut admin = Browser::new(app).with_session(&c.admin);
    every_language(&mut checker, &mut admin, &[("/staff/invites", 200)]).await;

    // An assisted registration made on the page, then its view, in each language.
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
    let listed = cw.get_html("/review/assisted").await;
    let rid = between(&listed, "href=\"/review/assisted/", "\"").to_string();
    let view = format!("/review/assisted/{rid}");
    every_language(&mut checker, &mut cw, &[(view.as_str(), 200)]).await;

    // The case page, opened with a reason, in each language; then the four-eyes approval.
    let res = cw
        .post("/review", &format!("/review/{id}/claim"), &[])
        .await;
    assert_eq!(res.status(), 303);
    for (lang, dir) in LANGS {
        cw.choose_language(lang).await;
        let res = cw
            .post(
                "/review",
                &format!("/review/{id}/open"),
                &[("reason", "match_review")],
            )
            .await;
        assert_eq!(res.status(), 200, "case page in {lang}");
        let html = res.text().await.unwrap();
        assert!(html.contains(A_NAME), "{lang}: the name as entered");
        checker.check("the case page", lang, dir, &html);
    }
    let view = ok(
        app,
        "POST",
        &format!("/api/v1/review/candidates/{id}/open"),
        &c.cw1,
        json!({"reason": "follow_up"}),
    )
    .await;
    // Only A's side (the one holding the search) is vetted, so A is the one asked first.
    let seeker = view["sides"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["person"]["kind"] == "sought")
        .expect("A's side");
    let reg = seeker["registration_id"].as_str().unwrap();
    ok(
        app,
        "POST",
        &format!("/api/v1/review/registrations/{reg}/vet"),
        &c.cw1,
        json!({}),
    )
    .await;
    let approve = format!("/api/v1/review/candidates/{id}/approve");
    ok(app, "POST", &approve, &c.cw1, json!({})).await;
    let claim = format!("/api/v1/review/candidates/{id}/claim");
    ok(app, "POST", &claim, &c.cw2, json!({})).await;
    let open = format!("/api/v1/review/candidates/{id}/open");
    ok(
        app,
        "POST",
        &open,
        &c.cw2,
        json!({"reason": "match_review"}),
    )
    .await;
    let s = ok(app, "POST", &approve, &c.cw2, json!({})).await;
    assert_eq!(s["state"], "consent_requested", "{s}");
    let state = ok(app, "GET", "/api/v1/me/matches", &c.a, Value::Null).await;
    assert_eq!(
        state["matches"].as_array().map(Vec::len),
        Some(1),
        "A is asked: {state}"
    );

    // A is asked: the matches page with the other side's card, and her access history now
    // lists the caseworkers' views.
    every_language(
        &mut checker,
        &mut a,
        &[("/matches", 200), ("/access-log", 200), ("/dashboard", 200)],
    )
    .await;
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
    // Both said yes: B's contact card, in every language.
    for (lang, dir) in LANGS {
        a.choose_language(lang).await;
        let html = a.get_html("/matches").await;
        assert!(html.contains(B_CARD), "{lang}: B's card");
        checker.check("the disclosed match", lang, dir, &html);
    }
    assert!(checker.pages >= 280, "{} pages checked", checker.pages);
}

/// The API twin of the language form, and `Accept-Language`, know every language and say
/// which way it is written.
#[tokio::test]
async fn every_language_is_chosen_by_tag_and_says_its_direction() {
    let app = spawn_app().await;
    for (lang, dir) in LANGS {
        let res = app
            .post_json("/api/v1/locale", &json!({"locale": lang}), None)
            .await;
        assert_eq!(res.status(), 200, "{lang}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body, json!({"locale": lang, "dir": dir}));
    }
    for (header, lang) in [
        ("zh-CN,zh;q=0.9", "zh-Hans"),
        ("ru-RU,ru;q=0.9,en;q=0.5", "ru"),
        ("kk-KZ", "kk"),
        ("tr-TR,tr;q=0.9", "tr"),
        ("ug-Latn", "ug-Latn"),
        ("ug-CN", "ug"),
        // No traditional Chinese and no Arabic-script Kazakh yet: the next language asked.
        ("zh-TW,ru;q=0.5", "ru"),
        ("kk-Arab,ug;q=0.8", "ug"),
    ] {
        // A client of its own: the locale answers above set the remembered-language cookie.
        let html = reqwest::Client::new()
            .get(app.url("/"))
            .header("accept-language", header)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains(&format!("<html lang=\"{lang}\"")),
            "{header} gives {lang}"
        );
    }
    let res = app
        .post_json("/api/v1/locale", &json!({"locale": "zh-TW"}), None)
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(crate::helpers::error_code(res).await, "unknown_locale");
}

/// The language form names each language in itself and marks it with its own tag and
/// direction, on every page.
#[tokio::test]
async fn the_language_form_names_each_language_in_itself() {
    let app: TestApp = spawn_app().await;
    let html = app.get("/safety?lang=kk").await.text().await.unwrap();
    for (code, dir, name) in [
        ("en", "ltr", "English"),
        ("ug", "rtl", "ئۇيغۇرچە"),
        ("ug-Latn", "ltr", "Uyghurche"),
        ("tr", "ltr", "Türkçe"),
        ("ru", "ltr", "Русский"),
        ("kk", "ltr", "Қазақша"),
        ("zh-Hans", "ltr", "简体中文"),
    ] {
        let button = format!("value=\"{code}\" lang=\"{code}\" dir=\"{dir}\"");
        assert!(html.contains(&button), "{button}\n{html}");
        assert!(
            html.contains(&format!("{button} aria-current=\"true\">{name}</button>"))
                || html.contains(&format!("{button}>{name}</button>")),
            "{name}"
        );
    }
    assert!(html.contains("aria-current=\"true\">Қазақша"));
}

/// A new address-check code to `to` (past the limit on codes), as mail number `after + 1`.
async fn code_mail(app: &TestApp, handle: &str, to: &str, after: usize) -> String {
    app.clock.advance(std::time::Duration::from_secs(1201));
    let token = app.sign_in(handle, PASS).await;
    let res = app
        .post_json("/api/v1/me/email", &json!({"email": to}), Some(&token))
        .await;
    assert!(res.status().is_success());
    app.wait_for_mail(to, after).await
}

const PASS: &str = "a language passphrase";

/// Chosen while signed in (the language form, or `POST /api/v1/locale` with a token), a
/// language is also the account's: the next email is written in it. Signed out, it changes
/// only the browser's cookie.
#[tokio::test]
async fn a_language_chosen_signed_in_is_the_language_of_the_accounts_email() {
    let app = spawn_app().await;
    let (handle, _) = app.sign_up(PASS).await;
    let to = "languages@example.org";
    assert!(
        code_mail(&app, &handle, to, 0)
            .await
            .contains("Subject: Your code")
    );

    // Signed out, the form changes nothing of the account.
    Browser::new(&app).choose_language("tr").await;
    assert!(
        code_mail(&app, &handle, to, 1)
            .await
            .contains("Subject: Your code")
    );

    let token = app.sign_in(&handle, PASS).await;
    let res = app
        .post_json("/api/v1/locale", &json!({"locale": "tr"}), Some(&token))
        .await;
    assert_eq!(res.status(), 200);
    assert!(
        code_mail(&app, &handle, to, 2)
            .await
            .contains("Subject: Kodunuz")
    );

    let token = app.sign_in(&handle, PASS).await;
    Browser::new(&app)
        .with_session(&token)
        .choose_language("ug-Latn")
        .await;
    assert!(
        code_mail(&app, &handle, to, 3)
            .await
            .contains("Subject: Kodingiz")
    );
    let token = app.sign_in(&handle, PASS).await;
    assert_eq!(app.me(&token).await["locale"], "ug-Latn");
}
