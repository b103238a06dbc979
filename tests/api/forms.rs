//! The forms a family and a caseworker meet first (issue 15, item 5), with JavaScript off: the
//! birth as one choice, regions in the page's own language and script, one block of ways to
//! reach someone, what "through my caseworker" means, a sign-in page for staff apart from the
//! registrants', the signed-in menu right after sign-up, deleting a person sought only from a
//! page that says what it undoes, styled date and number inputs, and the banner while
//! matching or a promised job is late.

use crate::account_pages::{Browser, between};
use crate::helpers::{
    STAFF_PASS, TestApp, create_admin, enrol, spawn_app, spawn_app_with, test_settings, totp_code,
    world,
};

const PASS: &str = "forms test passphrase";

async fn signed_up<'a>(app: &'a TestApp, lang: &str) -> Browser<'a> {
    let mut b = Browser::new(app);
    if lang != "en" {
        b.choose_language(lang).await;
    }
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

fn search<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("names", "Tursun Memet"),
        ("relation", "father"),
        ("birth_kind", ""),
        ("birth_date", ""),
        ("birth_year", ""),
        ("birth_from", ""),
        ("birth_to", ""),
    ];
    for (k, v) in extra {
        fields.retain(|(f, _)| f != k);
        fields.push((k, v));
    }
    fields
}

/// The site menu of a page.
fn nav(html: &str) -> &str {
    between(html, "<nav class=\"site-nav\"", "</nav>")
}

fn has_script(text: &str, range: std::ops::RangeInclusive<char>) -> bool {
    text.chars().any(|ch| range.contains(&ch))
}

fn latin(text: &str) -> bool {
    text.chars().any(|ch| ch.is_ascii_alphabetic())
}

#[tokio::test]
async fn the_page_right_after_sign_up_has_the_signed_in_menu() {
    let app = spawn_app().await;
    for lang in ["en", "ug"] {
        let mut b = Browser::new(&app);
        if lang == "ug" {
            b.choose_language("ug").await;
        }
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
        let html = res.text().await.unwrap();
        let menu = nav(&html);
        assert!(menu.contains("action=\"/sign-out\""), "{lang}: {menu}");
        assert!(menu.contains("href=\"/dashboard\""), "{lang}: {menu}");
        assert!(!menu.contains("href=\"/sign-in\""), "{lang}: {menu}");
        assert!(!menu.contains("href=\"/sign-up\""), "{lang}: {menu}");
    }
}

#[tokio::test]
async fn only_the_staff_sign_in_page_asks_for_a_code() {
    let app = spawn_app().await;
    let (handle, _) = app.sign_up(PASS).await;
    let admin = create_admin(&app);
    let (_, secret) = enrol(&app, &app.sign_in(&admin, STAFF_PASS).await).await;

    let mut b = Browser::new(&app);
    for lang in ["en", "ug"] {
        b.choose_language(lang).await;
        let page = b.get_html("/sign-in").await;
        assert!(!page.contains("name=\"totp\""), "{lang}: no code field");
        assert!(page.contains("href=\"/staff/sign-in\""), "{lang}");
        let staff_page = b.get_html("/staff/sign-in").await;
        assert!(staff_page.contains("name=\"totp\""), "{lang}");
        assert!(staff_page.contains("action=\"/staff/sign-in\""), "{lang}");
    }
    b.choose_language("en").await;

    // A wrong passphrase answers alike for staff and registrant accounts, on either page.
    let mut answers = Vec::new();
    for (page, login) in [
        ("/sign-in", &admin),
        ("/sign-in", &handle),
        ("/staff/sign-in", &admin),
        ("/staff/sign-in", &handle),
    ] {
        let res = b
            .post(
                page,
                page,
                &[
                    ("login", login),
                    ("passphrase", "not the passphrase at all"),
                ],
            )
            .await;
        let status = res.status();
        let html = res.text().await.unwrap();
        let error = between(&html, "<p class=\"form-error\" role=\"alert\">", "</p>").to_string();
        let has_code_field = html.contains("name=\"totp\"");
        answers.push((page, status, error, has_code_field));
    }
    assert_eq!(answers[0].1, 401);
    assert_eq!(answers[0].1, answers[1].1);
    assert_eq!(answers[0].2, answers[1].2, "same words on /sign-in");
    assert!(!answers[0].3 && !answers[1].3, "no code field on /sign-in");
    assert_eq!(answers[2].1, answers[3].1);
    assert_eq!(answers[2].2, answers[3].2, "same words on /staff/sign-in");

    // The right passphrase of a staff account on the registrants' page leads to the staff
    // page, with the account name kept; the code is asked there.
    let res = b
        .post(
            "/sign-in",
            "/sign-in",
            &[("login", &admin), ("passphrase", STAFF_PASS)],
        )
        .await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("action=\"/staff/sign-in\""));
    assert!(html.contains("name=\"totp\""));
    assert!(html.contains(&format!("value=\"{admin}\"")));
    assert!(!b.signed_in());

    // On the staff page, with the code, the staff member is in.
    let code = totp_code(&secret, app.now() + 30);
    let res = b
        .post(
            "/staff/sign-in",
            "/staff/sign-in",
            &[
                ("login", &admin),
                ("passphrase", STAFF_PASS),
                ("totp", &code),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(b.signed_in());

    // A registrant may use the staff page too: the code field is ignored for them, so the
    // page tells nobody which accounts are staff.
    let mut r = Browser::new(&app);
    let res = r
        .post(
            "/staff/sign-in",
            "/staff/sign-in",
            &[("login", &handle), ("passphrase", PASS), ("totp", "")],
        )
        .await;
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn birth_is_one_choice_and_only_the_chosen_fields_count() {
    let app = spawn_app().await;
    for lang in ["en", "ug"] {
        let mut b = signed_up(&app, lang).await;
        let page = b.get_html("/searches/new").await;
        assert!(
            !page.contains("<select id=\"birth_kind\""),
            "{lang}: no select beside the inputs"
        );
        let birth = between(
            &page,
            "<fieldset class=\"choices\" id=\"birth\">",
            "</fieldset>",
        );
        // Four choices, "not known" chosen; each input sits inside its own choice, right
        // after its radio button, so none stands beside a choice that contradicts it.
        assert_eq!(birth.matches("type=\"radio\" ").count(), 4, "{lang}");
        assert_eq!(birth.matches(" checked").count(), 1, "{lang}");
        assert!(birth.contains("value=\"\" checked"), "{lang}");
        for (kind, inputs) in [
            ("date", &["birth_date"][..]),
            ("year", &["birth_year"][..]),
            ("range", &["birth_from", "birth_to"][..]),
        ] {
            let rest = format!("{birth}<div class=\"choice\">");
            let choice = between(
                &rest,
                &format!("id=\"birth_kind_{kind}\""),
                "<div class=\"choice\">",
            )
            .to_string();
            for input in inputs {
                assert!(
                    choice.contains(&format!("name=\"{input}\"")),
                    "{lang}: {input}"
                );
            }
        }

        // The year is chosen; a date left in its (hidden) field is not saved.
        let res = b
            .post(
                "/searches/new",
                "/searches",
                &search(&[
                    ("birth_kind", "year"),
                    ("birth_year", "1958"),
                    ("birth_date", "1960-02-03"),
                    ("birth_from", "1940"),
                ]),
            )
            .await;
        assert_eq!(res.status(), 303, "{lang}");
        let dashboard = b.get_html("/dashboard").await;
        let id = between(&dashboard, "href=\"/searches/", "/edit\"").to_string();
        let edit = b.get_html(&format!("/searches/{id}/edit")).await;
        assert!(edit.contains("value=\"year\" checked"), "{lang}");
        assert!(edit.contains("name=\"birth_year\" type=\"number\" inputmode=\"numeric\" min=\"1900\" max=\"2100\" value=\"1958\""));
        assert!(edit.contains("name=\"birth_date\" type=\"date\" min=\"1900-01-01\" value=\"\""));
        assert!(edit.contains("name=\"birth_from\" type=\"number\" inputmode=\"numeric\" min=\"1900\" max=\"2100\" value=\"\""));
    }
}

#[tokio::test]
async fn regions_are_named_in_the_page_language_only() {
    let app = spawn_app().await;
    for lang in ["en", "ug"] {
        let mut b = signed_up(&app, lang).await;
        for path in ["/about-me", "/searches/new"] {
            let page = b.get_html(path).await;
            let select = between(&page, "<select id=\"birthplace_region\"", "</select>");
            let mut labels = Vec::new();
            for part in select.split("<optgroup label=\"").skip(1) {
                labels.push(part[..part.find('"').unwrap()].to_string());
            }
            for part in select.split("<option value=\"").skip(2) {
                let text = between(part, ">", "</option>");
                labels.push(text.to_string());
            }
            assert!(labels.len() > 100, "{lang} {path}: {} labels", labels.len());
            for label in &labels {
                assert!(
                    !label.contains(" — "),
                    "{lang}: one name per label: {label}"
                );
                assert!(
                    !has_script(label, '\u{4e00}'..='\u{9fff}'),
                    "{lang}: no Chinese in {label}"
                );
                match lang {
                    "ug" => {
                        assert!(!latin(label), "ug: no Latin letters in {label}");
                        assert!(has_script(label, '\u{0600}'..='\u{06ff}'), "{label}");
                    }
                    _ => {
                        assert!(!has_script(label, '\u{0600}'..='\u{06ff}'), "en: {label}");
                        assert!(latin(label), "{label}");
                    }
                }
            }
            // The other forms stay searchable with JavaScript (never shown).
            assert!(select.contains("data-search=\""), "{lang}");
            assert!(
                select.contains("Qeshqer") && select.contains("喀什"),
                "{lang}"
            );
        }
    }
}

#[tokio::test]
async fn ways_to_reach_are_one_block_with_a_way_to_add_another() {
    let app = spawn_app().await;
    for lang in ["en", "ug"] {
        let mut b = signed_up(&app, lang).await;
        let page = b.get_html("/contact-card").await;
        // One empty row to start with, not seven.
        assert!(page.contains("name=\"kind0\"") && !page.contains("name=\"kind1\""));
        assert_eq!(
            page.matches("<fieldset class=\"stack\" id=\"channels\">")
                .count(),
            1
        );
        assert!(page.contains("name=\"then\" value=\"add\""), "{lang}");
        // What "through my caseworker" means, for someone who registered alone too.
        let help = between(&page, "<p class=\"hint\" id=\"caseworker-help\">", "</p>");
        match lang {
            "en" => assert!(
                help.contains("If you registered on your own, the caseworker who reviews your match passes messages between you"),
                "{help}"
            ),
            _ => assert!(help.contains("يالغۇز تىزىملاتقان"), "{help}"),
        }

        // Save and add another: back to the form, the way kept and a new empty row.
        let res = b
            .post(
                "/contact-card",
                "/contact-card",
                &[
                    ("kind0", "signal"),
                    ("value0", "+90 555 0000"),
                    ("message", ""),
                    ("then", "add"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/contact-card?done=saved");
        let page = b.get_html("/contact-card?done=saved").await;
        assert!(page.contains("class=\"notice\""));
        assert!(page.contains("value=\"+90 555 0000\""));
        assert!(page.contains("name=\"kind1\"") && !page.contains("name=\"kind2\""));
        let res = b
            .post(
                "/contact-card",
                "/contact-card",
                &[
                    ("kind0", "signal"),
                    ("value0", "+90 555 0000"),
                    ("kind1", "caseworker"),
                    ("value1", ""),
                    ("message", ""),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/dashboard?done=saved");
        let page = b.get_html("/contact-card").await;
        assert!(page.contains("<option value=\"caseworker\" selected>"));
        assert!(page.contains("name=\"kind2\"") && !page.contains("name=\"kind3\""));

        // A value without a way is refused with words, not dropped.
        let res = b
            .post(
                "/contact-card",
                "/contact-card",
                &[("kind0", ""), ("value0", "+90 555 1111"), ("message", "")],
            )
            .await;
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap().contains("+90 555 1111"));

        // Seven ways fill the card: no empty row, no add button.
        let mut fields: Vec<(String, String)> = Vec::new();
        for i in 0..7 {
            fields.push((format!("kind{i}"), "phone".to_string()));
            fields.push((format!("value{i}"), format!("+90 555 000{i}")));
        }
        fields.push(("message".into(), String::new()));
        let borrowed: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let res = b.post("/contact-card", "/contact-card", &borrowed).await;
        assert_eq!(res.status(), 303);
        let page = b.get_html("/contact-card").await;
        assert!(page.contains("name=\"kind6\"") && !page.contains("name=\"kind7\""));
        assert!(!page.contains("name=\"then\" value=\"add\""));
    }
}

#[tokio::test]
async fn deleting_a_person_sought_is_confirmed_on_its_own_page() {
    let app = spawn_app().await;
    for lang in ["en", "ug"] {
        let mut b = signed_up(&app, lang).await;
        let res = b.post("/searches/new", "/searches", &search(&[])).await;
        assert_eq!(res.status(), 303);
        let dashboard = b.get_html("/dashboard").await;
        let id = between(&dashboard, "href=\"/searches/", "/edit\"").to_string();
        let edit = b.get_html(&format!("/searches/{id}/edit")).await;
        // The edit page links to the confirmation; it has no one-press delete button.
        assert!(edit.contains(&format!("href=\"/searches/{id}/delete\"")));
        assert!(!edit.contains(&format!("action=\"/searches/{id}/delete\"")));

        let confirm = b.get_html(&format!("/searches/{id}/delete")).await;
        assert!(confirm.contains("Tursun Memet"));
        assert!(confirm.contains(&format!("action=\"/searches/{id}/delete\"")));
        assert!(confirm.contains("name=\"confirm\""));
        match lang {
            "en" => {
                assert!(confirm.contains("It cannot be undone"));
                assert!(
                    confirm.contains("Every possible match found for this person is withdrawn")
                );
            }
            _ => assert!(confirm.contains("قايتۇرۇۋېلىنىدۇ")),
        }

        // Without the box ticked nothing is deleted.
        let res = b
            .post(
                &format!("/searches/{id}/delete"),
                &format!("/searches/{id}/delete"),
                &[],
            )
            .await;
        assert_eq!(res.status(), 400);
        assert!(b.get_html("/dashboard").await.contains("Tursun Memet"));

        let mut stranger = signed_up(&app, "en").await;
        assert_eq!(
            stranger
                .get(&format!("/searches/{id}/delete"))
                .await
                .status(),
            404
        );
        assert_eq!(
            stranger
                .get(&format!("/searches/{id}/other"))
                .await
                .status(),
            404
        );

        let res = b
            .post(
                &format!("/searches/{id}/delete"),
                &format!("/searches/{id}/delete"),
                &[("confirm", "1")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(!b.get_html("/dashboard").await.contains("Tursun Memet"));
        assert_eq!(b.get(&format!("/searches/{id}/delete")).await.status(), 404);
    }
}

#[tokio::test]
async fn date_and_number_inputs_are_styled_like_the_others() {
    let app = spawn_app().await;
    let mut b = signed_up(&app, "en").await;
    let page = b.get_html("/searches/new").await;
    let css_path = between(&page, "<link rel=\"stylesheet\" href=\"", "\"").to_string();
    let css = b.get_html(&css_path).await;
    let rule_start = css.find("input[type=\"text\"]").expect("the input rule");
    let rule = &css[rule_start..rule_start + css[rule_start..].find('}').unwrap()];
    for kind in ["date", "number"] {
        assert!(
            rule.contains(&format!("input[type=\"{kind}\"]")),
            "{kind}: {rule}"
        );
    }
    assert!(rule.contains("min-height"), "a touch-sized target: {rule}");
}

/// The banner while work the pages promise is late: every page, registrants in plain words,
/// staff with the parts named; it goes when the parts run again.
#[tokio::test]
async fn a_banner_shows_on_every_page_while_matching_or_a_job_is_late() {
    // Sessions outlive the moves of the clock here (a staff session idles out in 10 minutes).
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    settings.session_idle = std::time::Duration::from_secs(3600);
    settings.staff_session_idle = std::time::Duration::from_secs(3600);
    let app = spawn_app_with(settings, dir).await;
    let w = world(&app).await;
    let mut family = Browser::new(&app).with_session(&w.owner);
    let mut staff = Browser::new(&app).with_session(&w.caseworker);
    let mut anonymous = Browser::new(&app);
    let banner = |html: &str| {
        html.find("<div class=\"jobs-banner\"")
            .map(|i| html[i..i + html[i..].find("</div>").unwrap()].to_string())
    };

    // Just started: nothing is late.
    assert_eq!(banner(&family.get_html("/dashboard").await), None);
    assert_eq!(banner(&staff.get_html("/review").await), None);
    assert_eq!(banner(&anonymous.get_html("/").await), None);

    // Eleven minutes with no job run and no matcher: late.
    app.clock.advance(std::time::Duration::from_secs(11 * 60));
    for path in ["/dashboard", "/contact-card", "/safety", "/"] {
        let b = banner(&family.get_html(path).await).unwrap_or_else(|| panic!("{path}"));
        assert!(b.contains("Matching is delayed"), "{path}: {b}");
        assert!(
            !b.contains("Sending email"),
            "registrants are not told the parts"
        );
    }
    let b = banner(&anonymous.get_html("/sign-in").await).expect("signed out too");
    assert!(b.contains("Matching is delayed"));
    let b = banner(&staff.get_html("/review").await).expect("staff");
    assert!(b.contains("Matching (the matcher process"), "{b}");
    assert!(
        b.contains("Sending email") && b.contains("Reminders, expiry"),
        "{b}"
    );
    // The API answers as before, without a banner.
    let res = app.get_with("/api/v1/me", &w.owner).await;
    assert_eq!(res.status(), 200);

    // The jobs run; matching is still late.
    app.run_jobs().await;
    let b = banner(&staff.get_html("/review").await).expect("matching still late");
    assert!(b.contains("Matching (the matcher"), "{b}");
    assert!(!b.contains("Sending email"), "{b}");
    let b = banner(&family.get_html("/dashboard").await).expect("family");
    assert!(b.contains("Matching is delayed"));

    // The matcher runs: no banner anywhere.
    app.run_matcher().await;
    assert_eq!(banner(&family.get_html("/dashboard").await), None);
    assert_eq!(banner(&staff.get_html("/review").await), None);

    // Only a job late (the matcher beats): registrants hear of delayed emails, in Uyghur too.
    app.clock.advance(std::time::Duration::from_secs(11 * 60));
    app.run_matcher().await;
    let b = banner(&family.get_html("/dashboard").await).expect("a job is late");
    assert!(b.contains("emails and reminders may come later"), "{b}");
    assert!(!b.contains("Matching is delayed"), "{b}");
    family.choose_language("ug").await;
    let b = banner(&family.get_html("/dashboard").await).expect("ug");
    assert!(b.contains("ئېلخەت ۋە ئەسكەرتمىلەر"), "{b}");
    staff.choose_language("ug").await;
    let b = banner(&staff.get_html("/review").await).expect("ug staff");
    assert!(b.contains("ئېلخەت يوللاش"), "{b}");
    assert!(!b.contains("ماسلاشتۇرغۇچ"), "{b}");
}
