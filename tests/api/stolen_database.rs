//! What a stolen database shows (SECURITY.md): after a realistic session, every column the
//! database holds is listed there, and nothing listed is missing.

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::Text;
use serde_json::json;

use crate::helpers::{TestApp, code_in, spawn_app, world};

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

fn database_columns(app: &TestApp) -> BTreeSet<(String, String)> {
    let mut conn = app.ctx.db.get().unwrap();
    if app.is_postgres() {
        diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name \
             FROM information_schema.columns WHERE table_schema = 'public'",
        )
        .load::<Column>(&mut *conn)
        .unwrap()
        .into_iter()
        .map(|c| (c.table_name, c.column_name))
        .collect()
    } else {
        let tables: Vec<Name> = diesel::sql_query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .load(&mut *conn)
        .unwrap();
        let mut out = BTreeSet::new();
        for t in tables {
            let cols: Vec<Name> =
                diesel::sql_query(format!("SELECT name FROM pragma_table_info('{}')", t.name))
                    .load(&mut *conn)
                    .unwrap();
            for c in cols {
                out.insert((t.name.clone(), c.name));
            }
        }
        out
    }
}

/// The `| \`table\` | \`column\` | … |` rows of SECURITY.md's list.
fn documented_columns() -> BTreeSet<(String, String)> {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/SECURITY.md")).unwrap();
    let section = text
        .split("## What a stolen database still shows")
        .nth(1)
        .expect("SECURITY.md has the section");
    section
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let unquote = |c: &str| c.strip_prefix('`')?.strip_suffix('`').map(str::to_string);
            Some((unquote(cells.get(1)?)?, unquote(cells.get(2)?)?))
        })
        .collect()
}

/// A session touching every table: accounts with email, a verified address, recovery, a duress
/// sign-in, a registration with every card, searches edited and deleted, staff and an assisted
/// registration, failed sign-ins, mail.
async fn realistic_session(app: &TestApp) {
    let w = world(app).await;
    let email = "stolen.canary@example.org";
    app.post_json("/api/v1/me/email", &json!({"email": email}), Some(&w.owner))
        .await;
    let code = code_in(&app.wait_for_mail(email, 0).await);
    app.post_json(
        "/api/v1/me/email/verify",
        &json!({"code": code}),
        Some(&w.owner),
    )
    .await;
    let me = app.me(&w.owner).await;
    let handle = me["handle"].as_str().unwrap().to_string();
    app.post_json("/api/v1/recovery", &json!({"login": handle}), None)
        .await;
    let put = |path: &'static str, body: serde_json::Value| {
        let (app, token) = (app, w.owner.clone());
        async move {
            app.client
                .put(app.url(path))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    put(
        "/api/v1/me/profile",
        json!({"names": ["Qzxovanbek Tursun"], "birth": {"year": 1980}}),
    )
    .await;
    put(
        "/api/v1/me/contact-card",
        json!({"channels": [{"kind": "email", "value": email}]}),
    )
    .await;
    put("/api/v1/me/preconsent-card", json!({"show": ["relation"]})).await;
    put(
        "/api/v1/me/verification-facts",
        json!({"facts": [{"question": "q", "answer": "a"}]}),
    )
    .await;
    put("/api/v1/me/settings", json!({"retention_months": 24})).await;
    let res = app
        .post_json(
            "/api/v1/me/searches",
            &json!({"names": ["Qzxovanbek Memet"], "relation": "father"}),
            Some(&w.owner),
        )
        .await;
    let id = res.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({"names": ["Qzxovanbek Mehmet"], "relation": "father"});
    app.client
        .put(app.url(&format!("/api/v1/me/searches/{id}")))
        .bearer_auth(&w.owner)
        .json(&body)
        .send()
        .await
        .unwrap();
    app.delete_with(&format!("/api/v1/me/searches/{id}"), &w.owner)
        .await;
    app.post_json(
        "/api/v1/me/duress",
        &json!({"current": "owner passphrase long", "duress": "owner duress passphrase"}),
        Some(&w.owner),
    )
    .await;
    app.try_sign_in(&handle, "a wrong guess here").await;
    app.post_json(
        "/api/v1/assisted",
        &json!({"searches": [{"names": ["Qzxovanbek"], "relation": "sister"}]}),
        Some(&w.caseworker),
    )
    .await;
    app.run_jobs().await;
    app.clock.advance(std::time::Duration::from_secs(2));
    app.sign_in(&handle, "owner duress passphrase").await;
}

#[tokio::test]
async fn security_md_lists_every_column_a_stolen_database_holds() {
    let app = spawn_app().await;
    realistic_session(&app).await;
    let in_database = database_columns(&app);
    let documented = documented_columns();
    assert!(documented.len() > 50, "the list was read");
    let undocumented: Vec<_> = in_database.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "columns SECURITY.md does not list: {undocumented:?}"
    );
    let stale: Vec<_> = documented
        .difference(&in_database)
        .filter(|(t, c)| !(t == "accounts" && c == "decoy_of" && app.is_postgres()))
        .collect();
    assert!(
        stale.is_empty(),
        "listed but not in the database: {stale:?}"
    );
    // The canary the session typed appears nowhere in the dump.
    let dump = app.database_bytes().to_ascii_lowercase();
    assert!(
        !dump.windows(6).any(|w| w == b"qzxova"),
        "a name in the clear"
    );
    assert!(
        !dump.windows(13).any(|w| w == b"stolen.canary"),
        "an address in the clear"
    );
}
