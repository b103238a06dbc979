//! Registrations through HTTP: the person description, cards, caps and cool-downs, the
//! authorization matrix, canaries in a stolen database, export and delete-everything.

use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, spawn_app, spawn_app_with, test_settings, world};

fn sought(name: &str) -> Value {
    json!({"names": [name], "relation": "brother"})
}

async fn create_search(app: &TestApp, token: &str, body: &Value) -> String {
    let res = app
        .post_json("/api/v1/me/searches", body, Some(token))
        .await;
    assert_eq!(res.status(), 201, "create a search");
    res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn put(app: &TestApp, path: &str, body: &Value, token: &str) -> reqwest::Response {
    app.client
        .put(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_registration_holds_what_the_issue_lists() {
    let app = spawn_app().await;
    let (handle, _) = app.sign_up("registrant passphrase").await;
    let t = app.sign_in(&handle, "registrant passphrase").await;
    assert_eq!(
        app.get_with("/api/v1/me/profile", &t)
            .await
            .json::<Value>()
            .await
            .unwrap(),
        Value::Null
    );

    let profile = json!({
        "names": ["Abdurehim Tursun", "ئابدۇرېھىم تۇرسۇن"],
        "nicknames": ["Rehim"],
        "father_name": "Tursun",
        "mother_name": "Gulnar",
        "gender": "male",
        "birth": {"from": 1958, "to": 1963},
        "birthplace": {"text": "Kashgar", "region": "653101"}
    });
    let res = put(&app, "/api/v1/me/profile", &profile, &t).await;
    assert_eq!(res.status(), 200);
    let got: Value = app
        .get_with("/api/v1/me/profile", &t)
        .await
        .json()
        .await
        .unwrap();
    for key in [
        "names",
        "nicknames",
        "father_name",
        "mother_name",
        "gender",
        "birth",
        "birthplace",
    ] {
        assert_eq!(got[key], profile[key], "{key}");
    }
    assert_eq!(got["name_scripts"], json!(["latin", "arabic"]));

    let s = json!({
        "names": ["阿不都热依木·吐尔逊"],
        "relation": "father",
        "birth": {"year": 1935},
        "last_known_place": "Ghulja",
        "last_contact": {"year": 2017},
        "circumstances": "detained",
        "notes": "Taken in 2017."
    });
    let id = create_search(&app, &t, &s).await;
    let got: Value = app
        .get_with(&format!("/api/v1/me/searches/{id}"), &t)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["id"], id);
    assert_eq!(got["paused"], false);
    assert_eq!(got["person"]["names"], s["names"]);
    assert_eq!(got["person"]["name_scripts"], json!(["han"]));
    assert_eq!(got["person"]["circumstances"], "detained");

    assert_eq!(
        app.post_json(
            &format!("/api/v1/me/searches/{id}/pause"),
            &json!({}),
            Some(&t)
        )
        .await
        .status(),
        204
    );
    let list: Value = app
        .get_with("/api/v1/me/searches", &t)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["paused"], true);
    assert_eq!(
        app.post_json(
            &format!("/api/v1/me/searches/{id}/resume"),
            &json!({}),
            Some(&t)
        )
        .await
        .status(),
        204
    );

    let card = json!({"channels": [{"kind": "signal", "value": "+90 555 000 0000"}, {"kind": "caseworker", "value": ""}], "message": "Please write."});
    assert_eq!(
        put(&app, "/api/v1/me/contact-card", &card, &t)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get_with("/api/v1/me/contact-card", &t)
            .await
            .json::<Value>()
            .await
            .unwrap(),
        card
    );
    let pre: Value = app
        .get_with("/api/v1/me/preconsent-card", &t)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        pre["show"],
        json!(["relation"]),
        "default shows the relation only"
    );
    let pre = json!({"show": ["relation", "given_name"], "message": "Hello"});
    assert_eq!(
        put(&app, "/api/v1/me/preconsent-card", &pre, &t)
            .await
            .status(),
        200
    );
    let facts = json!({"facts": [{"question": "Name of our dog?", "answer": "Boxi"}]});
    assert_eq!(
        put(&app, "/api/v1/me/verification-facts", &facts, &t)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get_with("/api/v1/me/verification-facts", &t)
            .await
            .json::<Value>()
            .await
            .unwrap(),
        facts
    );
    let settings: Value = app
        .get_with("/api/v1/me/settings", &t)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(settings["retention_months"], 24);
    assert_eq!(settings["matching_paused"], false);

    // Every create, edit and pause was queued for the matcher.
    let queued: i64 = {
        use diesel::prelude::*;
        let mut conn = app.ctx.db.get().unwrap();
        kinlink::db::schema::match_queue::table
            .count()
            .get_result(&mut conn)
            .unwrap()
    };
    assert!(queued >= 4, "{queued} queue entries");
}

#[tokio::test]
async fn bad_input_gets_clear_codes_and_writes_nothing() {
    let app = spawn_app().await;
    let (handle, _) = app.sign_up("registrant passphrase").await;
    let t = app.sign_in(&handle, "registrant passphrase").await;
    let long = "x".repeat(101);
    let year = chrono::Utc::now()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap();
    let cases = [
        (
            json!({"names": [long], "relation": "father"}),
            "name_too_long",
        ),
        (
            json!({"names": ["A B"], "relation": "father", "birth": {"year": 1850}}),
            "invalid_birth",
        ),
        (
            json!({"names": ["A B"], "relation": "father", "birth": {"year": year + 1}}),
            "invalid_birth",
        ),
        (
            json!({"names": ["A B"], "relation": "father", "birth": {"from": 1970, "to": 1960}}),
            "invalid_birth",
        ),
        (
            json!({"names": ["A B"], "relation": "neighbour"}),
            "invalid_relation",
        ),
        (json!({"names": ["A B"]}), "relation_required"),
        (json!({"relation": "father"}), "name_required"),
        (
            json!({"names": ["A B"], "relation": "father", "birthplace": {"text": "x", "region": "999999"}}),
            "invalid_region",
        ),
        (
            json!({"names": ["A B"], "relation": "father", "favourite_colour": "blue"}),
            "invalid_json",
        ),
    ];
    for (body, code) in cases {
        let res = app.post_json("/api/v1/me/searches", &body, Some(&t)).await;
        assert_eq!(res.status(), 400, "{body}");
        assert_eq!(error_code(res).await, code, "{body}");
    }
    let list: Value = app
        .get_with("/api/v1/me/searches", &t)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list, json!([]), "nothing was written");
    // Control, bidi-override and zero-width characters are removed; the script is kept.
    let id = create_search(
        &app,
        &t,
        &json!({"names": ["Gul\u{200b}nar\u{202e} Memet\u{0007}"], "relation": "sister"}),
    )
    .await;
    let got: Value = app
        .get_with(&format!("/api/v1/me/searches/{id}"), &t)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["person"]["names"], json!(["Gulnar Memet"]));
}

/// Names that can never match ("12345", emoji, punctuation) are refused, naming the field,
/// for "about me" and for a person sought alike, and nothing is written.
#[tokio::test]
async fn names_without_letters_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let (handle, _) = app.sign_up("registrant passphrase").await;
    let t = app.sign_in(&handle, "registrant passphrase").await;
    let cases = [
        (
            json!({"names": ["12345"], "relation": "father"}),
            "names[0]",
        ),
        (
            json!({"names": ["Aygul"], "nicknames": ["\u{1F600}"], "relation": "sister"}),
            "nicknames[0]",
        ),
        (
            json!({"names": ["Aygul"], "father_name": "?!", "relation": "sister"}),
            "father_name",
        ),
    ];
    for (body, field) in cases {
        let res = app.post_json("/api/v1/me/searches", &body, Some(&t)).await;
        assert_eq!(res.status(), 400, "{body}");
        let err: Value = res.json().await.unwrap();
        assert_eq!(err["error"]["code"], "name_without_letters", "{body}");
        let message = err["error"]["message"].as_str().unwrap();
        assert!(message.contains(field), "{message}");
    }
    let res = put(
        &app,
        "/api/v1/me/profile",
        &json!({"names": ["Memet"], "mother_name": "١٢٣"}),
        &t,
    )
    .await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "name_without_letters");
    let searches: Value = app
        .get_with("/api/v1/me/searches", &t)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(searches, json!([]), "nothing was written");
    let profile: Value = app
        .get_with("/api/v1/me/profile", &t)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile, Value::Null, "nothing was written");
}

/// `name_scripts` is computed: a record read back and sent unchanged is accepted, a value
/// that differs is refused rather than overwritten in silence; retention is one of the periods
/// the page offers, and a refusal lists them.
#[tokio::test]
async fn computed_fields_and_retention_are_refused_not_overwritten() {
    let app = spawn_app().await;
    let (handle, _) = app.sign_up("registrant passphrase").await;
    let t = app.sign_in(&handle, "registrant passphrase").await;
    let profile = json!({"names": ["Abdurehim Tursun", "ئابدۇرېھىم تۇرسۇن"]});
    assert_eq!(
        put(&app, "/api/v1/me/profile", &profile, &t).await.status(),
        200
    );
    let read: Value = app
        .get_with("/api/v1/me/profile", &t)
        .await
        .json()
        .await
        .unwrap();
    let res = put(&app, "/api/v1/me/profile", &read, &t).await;
    assert_eq!(res.status(), 200, "what was read goes back unchanged");
    let mut changed = read.clone();
    changed["name_scripts"] = json!(["arabic", "latin"]);
    let res = put(&app, "/api/v1/me/profile", &changed, &t).await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "name_scripts_computed");

    let res = put(
        &app,
        "/api/v1/me/settings",
        &json!({"retention_months": 7}),
        &t,
    )
    .await;
    assert_eq!(res.status(), 400);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"]["code"], "invalid_retention");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(message.contains("6, 12, 24, 36, 48, 60"), "{message}");
    let res = put(
        &app,
        "/api/v1/me/settings",
        &json!({"retention_months": 36}),
        &t,
    )
    .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn caps_and_name_edit_cool_down() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(&dir);
    settings.max_sought_persons = 2;
    let app = spawn_app_with(settings, dir).await;
    let (handle, _) = app.sign_up("registrant passphrase").await;
    let t = app.sign_in(&handle, "registrant passphrase").await;
    let id = create_search(&app, &t, &sought("Tursun Memet")).await;
    create_search(&app, &t, &sought("Ilham Memet")).await;
    let res = app
        .post_json("/api/v1/me/searches", &sought("Erkin Memet"), Some(&t))
        .await;
    assert_eq!(error_code(res).await, "sought_limit_reached");

    for name in ["Tursun Mehmut", "Tursun Muhemmed", "Tursunjan Memet"] {
        assert_eq!(
            put(
                &app,
                &format!("/api/v1/me/searches/{id}"),
                &sought(name),
                &t
            )
            .await
            .status(),
            200
        );
    }
    let res = put(
        &app,
        &format!("/api/v1/me/searches/{id}"),
        &sought("Tursunay Memet"),
        &t,
    )
    .await;
    assert_eq!(res.status(), 429, "a fourth name change in a day waits");
    // Other fields can still change.
    let other =
        json!({"names": ["Tursunjan Memet"], "relation": "brother", "notes": "more detail"});
    assert_eq!(
        put(&app, &format!("/api/v1/me/searches/{id}"), &other, &t)
            .await
            .status(),
        200
    );
}

/// Every route with an `{id}`: the owner succeeds; every other role gets 404; anonymous 401.
#[tokio::test]
async fn authorization_matrix() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let id = create_search(&app, &w.owner, &sought("Abliz Hesen")).await;
    let assisted: Value = app
        .post_json(
            "/api/v1/assisted",
            &json!({"profile": {"names": ["Mijit Ghopur"]}}),
            Some(&w.caseworker),
        )
        .await
        .json()
        .await
        .unwrap();
    let assisted_id = assisted["id"].as_str().unwrap().to_string();

    struct Route {
        method: &'static str,
        path: String,
        body: Option<Value>,
    }
    let owner_routes = vec![
        Route {
            method: "GET",
            path: format!("/api/v1/me/searches/{id}"),
            body: None,
        },
        Route {
            method: "PUT",
            path: format!("/api/v1/me/searches/{id}"),
            body: Some(sought("Abliz Hesen")),
        },
        Route {
            method: "POST",
            path: format!("/api/v1/me/searches/{id}/pause"),
            body: Some(json!({})),
        },
        Route {
            method: "POST",
            path: format!("/api/v1/me/searches/{id}/resume"),
            body: Some(json!({})),
        },
        Route {
            method: "DELETE",
            path: format!("/api/v1/me/searches/{id}"),
            body: None,
        },
    ];
    // A client without a cookie jar: the shared one remembers the last sign-in.
    let client = reqwest::Client::new();
    let call = |route: &Route, token: Option<String>| {
        let url = app.url(&route.path);
        let mut req = match route.method {
            "GET" => client.get(url),
            "PUT" => client.put(url),
            "POST" => client.post(url),
            _ => client.delete(url),
        };
        if let Some(b) = &route.body {
            req = req.json(b);
        }
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        async move { req.send().await.unwrap().status().as_u16() }
    };
    let strangers = [
        ("another registrant", &w.other),
        ("caseworker", &w.caseworker),
        ("org admin", &w.org_admin),
        ("admin", &w.admin),
        ("auditor", &w.auditor),
    ];
    for route in &owner_routes {
        for (who, token) in strangers {
            assert_eq!(
                call(route, Some(token.clone())).await,
                404,
                "{who}: {} {}",
                route.method,
                route.path
            );
        }
        assert_eq!(
            call(route, None).await,
            401,
            "anonymous: {} {}",
            route.method,
            route.path
        );
        let ok = call(route, Some(w.owner.clone())).await;
        assert!(
            (200..300).contains(&ok),
            "owner: {} {} -> {ok}",
            route.method,
            route.path
        );
    }
    // The edit page of that person, for every role (its forms are checked in registration_pages).
    let kept = create_search(&app, &w.owner, &sought("Ablimit Hesen")).await;
    let page = Route {
        method: "GET",
        path: format!("/searches/{kept}/edit"),
        body: None,
    };
    for (who, token) in strangers {
        assert_eq!(
            call(&page, Some(token.clone())).await,
            404,
            "{who}: the edit page"
        );
    }
    let res = client.get(app.url(&page.path)).send().await.unwrap();
    assert_eq!(
        res.url().path(),
        "/sign-in",
        "anonymous people are sent to sign in"
    );
    assert_eq!(call(&page, Some(w.owner.clone())).await, 200);

    // An unknown id is the same 404 as a foreign one.
    let unknown = Route {
        method: "GET",
        path: "/api/v1/me/searches/00000000-0000-4000-8000-000000000000".into(),
        body: None,
    };
    assert_eq!(call(&unknown, Some(w.owner.clone())).await, 404);

    let assisted_route = Route {
        method: "GET",
        path: format!("/api/v1/assisted/{assisted_id}"),
        body: None,
    };
    for (who, token) in [
        ("registrant", &w.owner),
        ("org admin", &w.org_admin),
        ("admin", &w.admin),
        ("auditor", &w.auditor),
    ] {
        assert_eq!(
            call(&assisted_route, Some(token.clone())).await,
            404,
            "{who}: assisted"
        );
    }
    assert_eq!(call(&assisted_route, None).await, 401);
    assert_eq!(call(&assisted_route, Some(w.caseworker.clone())).await, 200);
    let _ = w.organization_id;
}

#[tokio::test]
async fn assisted_registrations_are_claimed_with_a_one_time_code() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let res = app
        .post_json(
            "/api/v1/assisted",
            &json!({"profile": {"names": ["Patigul Ehmet"]}, "searches": [{"names": ["Ehmet Rozi"], "relation": "father"}]}),
            Some(&w.caseworker),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let (rid, code) = (
        created["id"].as_str().unwrap(),
        created["claim_code"].as_str().unwrap(),
    );
    let view: Value = app
        .get_with(&format!("/api/v1/assisted/{rid}"), &w.caseworker)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["claimed"], false);
    assert_eq!(view["searches"].as_array().unwrap().len(), 1);

    let res = app
        .post_json(
            "/api/v1/claim",
            &json!({"code": code, "passphrase": "family member passphrase"}),
            None,
        )
        .await;
    assert_eq!(res.status(), 201);
    let handle = res.json::<Value>().await.unwrap()["handle"]
        .as_str()
        .unwrap()
        .to_string();
    let res = app
        .post_json(
            "/api/v1/claim",
            &json!({"code": code, "passphrase": "family member passphrase"}),
            None,
        )
        .await;
    assert_eq!(res.status(), 404, "the code works once");
    let t = app.sign_in(&handle, "family member passphrase").await;
    let profile: Value = app
        .get_with("/api/v1/me/profile", &t)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["names"], json!(["Patigul Ehmet"]));
    assert_eq!(
        app.get_with("/api/v1/me/searches", &t)
            .await
            .json::<Value>()
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Once claimed, it is the family's: the organization no longer sees it.
    assert_eq!(
        app.get_with(&format!("/api/v1/assisted/{rid}"), &w.caseworker)
            .await
            .status(),
        404
    );
}

/// Canaries in every personal field, through HTTP: none reaches the database file, its WAL, or
/// a pg_dump (T1).
#[tokio::test]
async fn no_personal_field_reaches_the_database_in_the_clear() {
    let app = spawn_app().await;
    let res = app
        .post_json(
            "/api/v1/accounts",
            &json!({"passphrase": "canary passphrase QzxovPass", "email": "qzxovmail@example.org"}),
            None,
        )
        .await;
    let handle = res.json::<Value>().await.unwrap()["handle"]
        .as_str()
        .unwrap()
        .to_string();
    let t = app.sign_in(&handle, "canary passphrase QzxovPass").await;
    let person = |tag: &str| {
        json!({
            "names": [format!("Qzxov{tag}Name Ovanbek"), format!("قزخوۋ{tag}")],
            "nicknames": [format!("Qzxov{tag}Nick")],
            "father_name": format!("Qzxov{tag}Father"),
            "mother_name": format!("Qzxov{tag}Mother"),
            "gender": "female",
            "birth": {"date": "1961-03-02"},
            "birthplace": {"text": format!("Qzxov{tag}Birthplace"), "region": "653101"}
        })
    };
    assert_eq!(
        put(&app, "/api/v1/me/profile", &person("Me"), &t)
            .await
            .status(),
        200
    );
    let mut s = person("Sought");
    s["relation"] = json!("daughter");
    s["last_known_place"] = json!("QzxovSoughtPlace");
    s["last_contact"] = json!({"date": "2017-05-01"});
    s["circumstances"] = json!("missing");
    s["notes"] = json!("QzxovSoughtNotes in detail");
    create_search(&app, &t, &s).await;
    let card = json!({"channels": [{"kind": "email", "value": "qzxovcontact@example.org"}, {"kind": "phone", "value": "+99 QzxovPhone"}], "message": "QzxovContactMessage"});
    assert_eq!(
        put(&app, "/api/v1/me/contact-card", &card, &t)
            .await
            .status(),
        200
    );
    let pre = json!({"show": ["relation", "country"], "message": "QzxovPreconsentMessage"});
    assert_eq!(
        put(&app, "/api/v1/me/preconsent-card", &pre, &t)
            .await
            .status(),
        200
    );
    let facts = json!({"facts": [{"question": "QzxovQuestion?", "answer": "QzxovAnswer"}]});
    assert_eq!(
        put(&app, "/api/v1/me/verification-facts", &facts, &t)
            .await
            .status(),
        200
    );
    let settings = json!({"matching_paused": false, "retention_months": 24, "country": "QzxovCountry", "languages": ["ug"]});
    assert_eq!(
        put(&app, "/api/v1/me/settings", &settings, &t)
            .await
            .status(),
        200
    );
    // The export has them all: the canaries really went in.
    let export = app
        .get_with("/api/v1/me/export", &t)
        .await
        .text()
        .await
        .unwrap();
    for c in [
        "QzxovMeName",
        "QzxovSoughtNotes",
        "QzxovAnswer",
        "QzxovCountry",
        "qzxovcontact",
        "qzxovmail",
    ] {
        assert!(export.contains(c), "{c} in the export");
    }
    let dump = app.database_bytes().to_ascii_lowercase();
    for needle in ["qzxov", "قزخوۋ", "ovanbek"] {
        let n = needle.as_bytes();
        assert!(
            !dump.windows(n.len()).any(|w| w == n),
            "{needle} found in the database"
        );
    }
}

#[tokio::test]
async fn export_returns_what_was_entered_and_delete_everything_leaves_only_audit() {
    let app = spawn_app().await;
    let (handle, _) = app.sign_up("registrant passphrase").await;
    let t = app.sign_in(&handle, "registrant passphrase").await;
    let profile = json!({"names": ["Dilnur Yasin"], "gender": "female", "birth": {"year": 1990}});
    put(&app, "/api/v1/me/profile", &profile, &t).await;
    let s = json!({"names": ["Yasin Ehmet"], "relation": "father", "notes": "Last seen at the bazaar."});
    let sid = create_search(&app, &t, &s).await;
    let facts = json!({"facts": [{"question": "Q?", "answer": "A"}]});
    put(&app, "/api/v1/me/verification-facts", &facts, &t).await;

    let res = app.get_with("/api/v1/me/export", &t).await;
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let export: Value = res.json().await.unwrap();
    assert_eq!(export["account"]["handle"], handle);
    for key in ["names", "gender", "birth"] {
        assert_eq!(export["profile"][key], profile[key]);
    }
    assert_eq!(export["searches"][0]["id"], sid);
    for key in ["names", "relation", "notes"] {
        assert_eq!(export["searches"][0]["person"][key], s[key]);
    }
    assert_eq!(export["verification_facts"], facts);

    let account_id: String = {
        use diesel::prelude::*;
        let mut conn = app.ctx.db.get().unwrap();
        kinlink::db::schema::accounts::table
            .select(kinlink::db::schema::accounts::id)
            .first(&mut conn)
            .unwrap()
    };
    assert_eq!(app.delete_with("/api/v1/me", &t).await.status(), 204);
    assert_eq!(app.get_with("/api/v1/me", &t).await.status(), 401);
    assert_eq!(
        app.try_sign_in(&handle, "registrant passphrase")
            .await
            .status(),
        401
    );
    use diesel::prelude::*;
    use kinlink::db::schema::*;
    let mut conn = app.ctx.db.get().unwrap();
    let counts: Vec<(&str, i64)> = vec![
        (
            "accounts",
            accounts::table.count().get_result(&mut conn).unwrap(),
        ),
        (
            "registrations",
            registrations::table.count().get_result(&mut conn).unwrap(),
        ),
        (
            "sought_persons",
            sought_persons::table.count().get_result(&mut conn).unwrap(),
        ),
        (
            "sessions",
            sessions::table.count().get_result(&mut conn).unwrap(),
        ),
        (
            "recovery_codes",
            recovery_codes::table.count().get_result(&mut conn).unwrap(),
        ),
        (
            "record_keys",
            record_keys::table.count().get_result(&mut conn).unwrap(),
        ),
        (
            "match_queue",
            match_queue::table.count().get_result(&mut conn).unwrap(),
        ),
        (
            "name_changes",
            name_changes::table.count().get_result(&mut conn).unwrap(),
        ),
        (
            "email_codes",
            email_codes::table.count().get_result(&mut conn).unwrap(),
        ),
    ];
    for (table, n) in counts {
        assert_eq!(n, 0, "{table} still holds rows of the deleted account");
    }
    let audit: i64 = audit_log::table.count().get_result(&mut conn).unwrap();
    assert!(audit > 0, "audit entries remain");
    let mentions: i64 = audit_log::table
        .filter(
            audit_log::object_id
                .eq(&account_id)
                .or(audit_log::actor.eq(&account_id)),
        )
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(mentions, 0, "the audit log names no registrant");
}

/// T2: a contact card copied from another registration into mine does not open; I get the
/// generic error, never the other family's data, and the audit log records the failure.
#[tokio::test]
async fn a_blob_swapped_between_registrations_is_refused_and_audited() {
    use diesel::prelude::*;
    use kinlink::db::schema::{audit_log, registrations};
    let app = spawn_app().await;
    let (a, _) = app.sign_up("first family passphrase").await;
    let (b, _) = app.sign_up("second family passphrase").await;
    let ta = app.sign_in(&a, "first family passphrase").await;
    let tb = app.sign_in(&b, "second family passphrase").await;
    let card = |v: &str| json!({"channels": [{"kind": "signal", "value": v}], "message": ""});
    assert_eq!(
        put(&app, "/api/v1/me/contact-card", &card("+1 111"), &ta)
            .await
            .status(),
        200
    );
    assert_eq!(
        put(
            &app,
            "/api/v1/me/contact-card",
            &card("+2 SecondFamilyNumber"),
            &tb
        )
        .await
        .status(),
        200
    );
    {
        let mut conn = app.ctx.db.get().unwrap();
        let rows: Vec<(String, Option<Vec<u8>>)> = registrations::table
            .select((registrations::id, registrations::contact_card_ct))
            .load(&mut conn)
            .unwrap();
        // Whichever row is A's gets B's blob and vice versa: a swap.
        diesel::update(registrations::table.find(&rows[0].0))
            .set(registrations::contact_card_ct.eq(&rows[1].1))
            .execute(&mut conn)
            .unwrap();
        diesel::update(registrations::table.find(&rows[1].0))
            .set(registrations::contact_card_ct.eq(&rows[0].1))
            .execute(&mut conn)
            .unwrap();
    }
    let res = app.get_with("/api/v1/me/contact-card", &ta).await;
    assert_eq!(res.status(), 500);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("internal_error") && body.contains("request_id"),
        "{body}"
    );
    assert!(!body.contains("SecondFamilyNumber"));
    let failures: i64 = {
        let mut conn = app.ctx.db.get().unwrap();
        audit_log::table
            .filter(audit_log::action.eq("record.decrypt_failure"))
            .count()
            .get_result(&mut conn)
            .unwrap()
    };
    assert_eq!(failures, 1);
    let out = app.cli(&["audit", "verify"]);
    assert!(out.status.success(), "the chain still verifies");
}
