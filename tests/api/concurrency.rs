//! Invariants that are "check, then write" hold when requests race (on whichever backend the
//! suite runs): the cap on people sought, the name cool-down (including delete-and-recreate),
//! and the first write of a registration.

use std::time::Duration;

use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app, spawn_app_with, test_settings};

const PASS: &str = "racing passphrase long";

async fn registrant(app: &TestApp) -> String {
    let (handle, _) = app.sign_up(PASS).await;
    app.sign_in(&handle, PASS).await
}

fn sought(name: &str) -> Value {
    json!({"names": [name], "relation": "sister"})
}

async fn statuses(responses: Vec<reqwest::Response>) -> Vec<(u16, String)> {
    let mut out = Vec::new();
    for r in responses {
        let status = r.status().as_u16();
        let code = if status >= 400 {
            error_code(r).await
        } else {
            String::new()
        };
        out.push((status, code));
    }
    out
}

#[tokio::test]
async fn twenty_concurrent_searches_against_a_cap_of_ten_create_exactly_ten() {
    let app = spawn_app().await;
    assert_eq!(app.settings.max_sought_persons, 10);
    let token = registrant(&app).await;
    // The very first write of this registration races too.
    let requests = (0..20).map(|i| {
        let (app, token) = (&app, &token);
        async move {
            app.post_json(
                "/api/v1/me/searches",
                &sought(&format!("Gulnar {i}")),
                Some(token),
            )
            .await
        }
    });
    let results = statuses(join_all(requests).await).await;
    let created = results.iter().filter(|(s, _)| *s == 201).count();
    assert_eq!(created, 10, "{results:?}");
    assert!(
        results
            .iter()
            .all(|(s, c)| *s == 201 || (*s == 400 && c == "sought_limit_reached")),
        "every refusal is the cap, never a 500: {results:?}"
    );
    let list: Vec<Value> = app
        .get_with("/api/v1/me/searches", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.len(), 10);
}

#[tokio::test]
async fn racing_first_writes_of_a_registration_all_succeed_on_one_registration() {
    let app = spawn_app().await;
    let token = registrant(&app).await;
    let profile = json!({"names": ["Adil Tursun"]});
    let writes = (0..8).map(|i| {
        let app = &app;
        let token = &token;
        let profile = &profile;
        async move {
            if i % 2 == 0 {
                app.client
                    .put(app.url("/api/v1/me/profile"))
                    .bearer_auth(token)
                    .json(profile)
                    .send()
                    .await
                    .unwrap()
            } else {
                app.post_json(
                    "/api/v1/me/searches",
                    &sought(&format!("Aygul {i}")),
                    Some(token),
                )
                .await
            }
        }
    });
    let results = statuses(join_all(writes).await).await;
    assert!(
        results.iter().all(|(s, _)| *s == 200 || *s == 201),
        "{results:?}"
    );
    use diesel::prelude::*;
    use kinlink::db::schema::registrations;
    let mut conn = app.ctx.db.get().unwrap();
    let n: i64 = registrations::table.count().get_result(&mut conn).unwrap();
    assert_eq!(n, 1, "one registration for the account");
}

async fn put_search(app: &TestApp, token: &str, id: &str, body: &Value) -> reqwest::Response {
    app.client
        .put(app.url(&format!("/api/v1/me/searches/{id}")))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn concurrent_name_changes_stop_at_the_daily_limit() {
    let app = spawn_app().await;
    assert_eq!(app.settings.name_edits_per_day, 3);
    let token = registrant(&app).await;
    let res = app
        .post_json("/api/v1/me/searches", &sought("Mihray Abla"), Some(&token))
        .await;
    let id = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Ten different name changes at once, one of them only the father's name.
    let edits = (0..10).map(|i| {
        let body = if i == 0 {
            json!({"names": ["Mihray Abla"], "father_name": "Abla", "relation": "sister"})
        } else {
            sought(&format!("Mihray Abla {i}"))
        };
        let (app, token, id) = (&app, &token, &id);
        async move { put_search(app, token, id, &body).await }
    });
    let results = statuses(join_all(edits).await).await;
    let accepted = results.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(accepted, 3, "{results:?}");
    assert!(
        results
            .iter()
            .all(|(s, c)| *s == 200 || (*s == 429 && c == "rate_limited")),
        "{results:?}"
    );
}

#[tokio::test]
async fn the_cool_down_covers_parents_names_and_survives_delete_and_recreate() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    settings.name_edits_per_day = 2;
    let app = spawn_app_with(settings, dir).await;
    let (handle, _) = app.sign_up(PASS).await;
    let token = app.sign_in(&handle, PASS).await;
    let create = |name: &'static str, token: String| {
        let app = &app;
        async move {
            app.post_json("/api/v1/me/searches", &sought(name), Some(&token))
                .await
        }
    };
    let res = create("Nurlan", token.clone()).await;
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // A change of the mother's name alone is a name change.
    let with_mother = json!({"names": ["Nurlan"], "mother_name": "Aysha", "relation": "sister"});
    assert_eq!(
        put_search(&app, &token, &id, &with_mother).await.status(),
        200
    );
    // Delete it and add another: the new search counts as a second change.
    assert_eq!(
        app.delete_with(&format!("/api/v1/me/searches/{id}"), &token)
            .await
            .status(),
        204
    );
    let res = create("Erlan", token.clone()).await;
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        app.delete_with(&format!("/api/v1/me/searches/{id}"), &token)
            .await
            .status(),
        204,
        "deleting is never refused"
    );
    // A third recreate within the day waits, and says how long.
    let res = create("Berik", token.clone()).await;
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait > 23 * 3600 && wait <= 24 * 3600, "{wait}");
    // A day later (signed in again) the cool-down is over.
    app.clock.advance(Duration::from_secs(24 * 3600 + 1));
    let token = app.sign_in(&handle, PASS).await;
    assert_eq!(create("Berik", token).await.status(), 201);
    // An unrelated registration was never affected.
    let other = registrant(&app).await;
    assert_eq!(
        app.post_json("/api/v1/me/searches", &sought("Berik"), Some(&other))
            .await
            .status(),
        201
    );
}
