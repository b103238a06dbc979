//! The matcher through HTTP: registrations made through the API become candidates in the
//! database (asserted through the service until the review API exists), across scripts, with
//! nothing shown to either registrant; pausing, deleting, rejection and name changes.

use kinlink::matching::store::{self, CandidateRow};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

async fn registrant(app: &TestApp) -> String {
    let (handle, _) = app.sign_up("a long registrant passphrase").await;
    app.sign_in(&handle, "a long registrant passphrase").await
}

async fn put_profile(app: &TestApp, token: &str, profile: &Value) {
    let res = app
        .client
        .put(app.url("/api/v1/me/profile"))
        .bearer_auth(token)
        .json(profile)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "put profile");
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

fn candidates(app: &TestApp, record: &str) -> Vec<CandidateRow> {
    let mut conn = app.ctx.db.get().unwrap();
    store::candidates_of(&mut conn, record).unwrap()
}

fn open(app: &TestApp, record: &str) -> Vec<CandidateRow> {
    candidates(app, record)
        .into_iter()
        .filter(|c| c.status == store::OPEN)
        .collect()
}

/// A seeks her father as the issue describes.
fn father_sought() -> Value {
    json!({
        "names": ["ئابدۇرېھىم تۇرسۇن"],
        "relation": "father",
        "gender": "male",
        "birth": {"year": 1961},
        "birthplace": {"region": "654002"}
    })
}

fn himself(name: &str, year: i32, region: &str) -> Value {
    json!({
        "names": [name],
        "gender": "male",
        "birth": {"year": year},
        "birthplace": {"region": region}
    })
}

/// What a registrant can see of themselves through the API.
async fn everything_seen(app: &TestApp, token: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for path in [
        "/api/v1/me/profile",
        "/api/v1/me/searches",
        "/api/v1/me/settings",
        "/api/v1/me/export",
    ] {
        let res = app.get_with(path, token).await;
        assert_eq!(res.status(), 200, "{path}");
        let mut body = res.json::<Value>().await.unwrap();
        // The export says when it was made; nothing else in it may move.
        if let Some(o) = body.as_object_mut() {
            o.remove("exported_at");
        }
        out.push(body);
    }
    out
}

/// A's search for her father against B registering himself under `name`.
async fn father_against(
    name: &str,
    year: i32,
    region: &str,
) -> (TestApp, String, Vec<CandidateRow>) {
    let app = spawn_app().await;
    let a = registrant(&app).await;
    let search = create_search(&app, &a, &father_sought()).await;
    let b = registrant(&app).await;
    put_profile(&app, &b, &himself(name, year, region)).await;
    let before = (
        everything_seen(&app, &a).await,
        everything_seen(&app, &b).await,
    );
    assert!(app.run_matcher().await >= 2, "both records were queued");
    let after = (
        everything_seen(&app, &a).await,
        everything_seen(&app, &b).await,
    );
    assert_eq!(before, after, "neither registrant sees any change");
    let found = open(&app, &search);
    (app, search, found)
}

fn assert_one_good(found: &[CandidateRow], who: &str) {
    assert_eq!(found.len(), 1, "{who}: one candidate");
    let c = &found[0];
    assert_eq!(c.kind, "sought_self", "{who}");
    assert!(
        c.band == "strong" || c.band == "likely",
        "{who}: band {}",
        c.band
    );
}

#[tokio::test]
async fn a_father_sought_in_arabic_script_is_found_in_latin_chinese_and_another_spelling() {
    let (app, search, found) = father_against("Abdurehim Tursun", 1961, "654002").await;
    assert_one_good(&found, "Abdurehim Tursun");
    // The explanation is sealed to the review key, names no name, and says what agreed.
    let c = &found[0];
    let review = review_of(&app, c);
    let text = review.to_string();
    assert!(
        !text.contains("Abdurehim") && !text.contains("ئابدۇرېھىم"),
        "{text}"
    );
    let fields: Vec<&str> = review["pairs"][0]["explanation"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for f in ["given", "father", "birth", "place"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    assert!(c.record_a == search || c.record_b == search);

    let (_app, _, found) = father_against("阿不都热依木·吐尔逊", 1961, "654002").await;
    assert_one_good(&found, "Chinese characters");
    let (_app, _, found) = father_against("Abdurrahim Tursun", 1961, "654002").await;
    assert_one_good(&found, "Abdurrahim");
    let (_app, _, found) = father_against("Abdukerim Tursun", 1975, "653101").await;
    assert!(found.is_empty(), "a stranger: {found:?}");
}

/// A candidate's review blob, opened with the review key.
fn review_of(app: &TestApp, c: &CandidateRow) -> Value {
    let review = app
        .ctx
        .vault
        .keyring()
        .open_review(c.review_version as u32, &c.id, &c.review_ct)
        .expect("the review key opens it");
    serde_json::from_slice(&review).unwrap()
}

/// One field of a candidate's explanation.
fn field_of(app: &TestApp, c: &CandidateRow, field: &str) -> Option<Value> {
    review_of(app, c)["pairs"][0]["explanation"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == field)
        .cloned()
}

/// The level of one field of a candidate's explanation.
fn field_level(app: &TestApp, c: &CandidateRow, field: &str) -> Option<String> {
    field_of(app, c, field).map(|f| f["level"].as_str().unwrap().to_string())
}

/// B's profile with the birthplace typed as `text`, matched again: A's open candidates.
async fn typed_birthplace(
    app: &TestApp,
    b: &str,
    profile: &mut Value,
    text: &str,
    search: &str,
) -> Vec<CandidateRow> {
    profile["birthplace"] = json!({ "text": text });
    put_profile(app, b, profile).await;
    app.run_matcher().await;
    open(app, search)
}

#[tokio::test]
async fn a_birthplace_typed_in_another_script_is_the_region_chosen() {
    // A chose Ghulja city from the list; B typed it in Arabic script, then as Hotan's Guma.
    let app = spawn_app().await;
    let a = registrant(&app).await;
    let search = create_search(&app, &a, &father_sought()).await;
    let b = registrant(&app).await;
    let mut profile = himself("Abdurehim Tursun", 1961, "654002");
    let place = |found: &[CandidateRow]| field_level(&app, &found[0], "place").unwrap_or_default();
    let found = typed_birthplace(&app, &b, &mut profile, "غۇلجا شەھىرى", &search).await;
    assert_one_good(&found, "Ghulja typed");
    // The typed name stands for the city and the county of Ghulja: the same prefecture.
    assert_eq!(place(&found), "same_prefecture");

    let found = typed_birthplace(&app, &b, &mut profile, "Ghulja shehiri, Ili", &search).await;
    assert_one_good(&found, "Ghulja typed with its prefecture");
    assert_eq!(place(&found), "same_prefecture");

    let found = typed_birthplace(&app, &b, &mut profile, "伊宁市", &search).await;
    assert_eq!(place(&found), "same_place");

    let found = typed_birthplace(&app, &b, &mut profile, "Guma nahiyisi", &search).await;
    // Guma is in Hotan: the place now counts against, and the candidate is withdrawn.
    assert!(found.is_empty(), "{found:?}");
}

#[tokio::test]
async fn pausing_deleting_rejecting_and_renaming_change_what_is_proposed() {
    let app = spawn_app().await;
    let a = registrant(&app).await;
    put_profile(
        &app,
        &a,
        &json!({"names": ["Aygül Abdurehim"], "gender": "female", "birth": {"year": 1988}}),
    )
    .await;
    let search = create_search(&app, &a, &father_sought()).await;
    // A also "seeks" someone just like herself: records of one account never meet.
    let herself = create_search(
        &app,
        &a,
        &json!({"names": ["Aygül Abdurehim"], "relation": "sister", "gender": "female",
                "birth": {"year": 1988}}),
    )
    .await;
    let b = registrant(&app).await;
    put_profile(&app, &b, &himself("Abdurehim Tursun", 1961, "654002")).await;
    app.run_matcher().await;
    let first = open(&app, &search);
    assert_eq!(first.len(), 1, "{first:?}");
    assert!(
        candidates(&app, &herself).is_empty(),
        "A's own records never form a candidate"
    );

    // Editing a record re-scores its candidate: still one open, the same one.
    put_profile(
        &app,
        &b,
        &json!({"names": ["Abdurehim Tursun"], "gender": "male", "birth": {"year": 1960},
                "birthplace": {"region": "654002"}}),
    )
    .await;
    app.run_matcher().await;
    let rescored = open(&app, &search);
    assert_eq!(rescored.len(), 1);
    assert_eq!(rescored[0].id, first[0].id);

    // Pausing withdraws it at once; resuming proposes it again.
    let res = app
        .post_json(
            &format!("/api/v1/me/searches/{search}/pause"),
            &json!({}),
            Some(&a),
        )
        .await;
    assert!(res.status().is_success());
    assert!(
        open(&app, &search).is_empty(),
        "withdrawn in the same request"
    );
    app.run_matcher().await;
    assert!(open(&app, &search).is_empty());
    let res = app
        .post_json(
            &format!("/api/v1/me/searches/{search}/resume"),
            &json!({}),
            Some(&a),
        )
        .await;
    assert!(res.status().is_success());
    app.run_matcher().await;
    let again = open(&app, &search);
    assert_eq!(again.len(), 1, "proposed again after resuming");

    // Rejected by a caseworker: not proposed again while the names stay the same...
    {
        let mut conn = app.ctx.db.get().unwrap();
        assert!(
            store::set_status(
                &mut conn,
                &again[0].id,
                "rejected",
                app.ctx.clock.now_naive()
            )
            .unwrap()
        );
    }
    put_profile(
        &app,
        &b,
        &json!({"names": ["Abdurehim Tursun"], "gender": "male", "birth": {"year": 1961},
                "birthplace": {"region": "654002"}}),
    )
    .await;
    app.run_matcher().await;
    assert!(
        open(&app, &search).is_empty(),
        "a rejected pair stays closed"
    );
    // ...but a change of names makes it new.
    put_profile(
        &app,
        &b,
        &json!({"names": ["Abdurehim Tursun", "ئابدۇرېھىم تۇرسۇن"], "gender": "male",
                "birth": {"year": 1961}, "birthplace": {"region": "654002"}}),
    )
    .await;
    app.run_matcher().await;
    assert_eq!(
        open(&app, &search).len(),
        1,
        "proposed again after the names changed"
    );

    // Every transition is in the audit log.
    {
        use diesel::prelude::*;
        use kinlink::db::schema::audit_log;
        let mut conn = app.ctx.db.get().unwrap();
        let actions: Vec<String> = audit_log::table
            .filter(audit_log::object_type.eq("match_candidate"))
            .select(audit_log::action)
            .load(&mut conn)
            .unwrap();
        for a in ["match.propose", "match.retract"] {
            assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
        }
    }

    // Deleting the search forgets every candidate naming it, and its features.
    let res = app
        .delete_with(&format!("/api/v1/me/searches/{search}"), &a)
        .await;
    assert!(res.status().is_success());
    assert!(candidates(&app, &search).is_empty());
    let mut conn = app.ctx.db.get().unwrap();
    assert!(store::features_of(&mut conn, &search).unwrap().is_none());
    drop(conn);
    app.run_matcher().await;
    assert!(candidates(&app, &search).is_empty());
}

#[tokio::test]
async fn two_accounts_seeking_each_other_make_one_reciprocal_candidate() {
    let app = spawn_app().await;
    let a = registrant(&app).await;
    put_profile(
        &app,
        &a,
        &json!({"names": ["Gulnar Memet"], "gender": "female", "birth": {"year": 1985},
                "birthplace": {"region": "653101"}}),
    )
    .await;
    let b = registrant(&app).await;
    put_profile(
        &app,
        &b,
        &json!({"names": ["Adil Memet"], "gender": "male", "birth": {"year": 1982},
                "birthplace": {"region": "653101"}}),
    )
    .await;
    let a_seeks = create_search(
        &app,
        &a,
        &json!({"names": ["Adil Memet"], "relation": "brother", "gender": "male",
                "birth": {"year": 1982}, "birthplace": {"region": "653101"}}),
    )
    .await;
    let b_seeks = create_search(
        &app,
        &b,
        &json!({"names": ["Gülnar Memet"], "relation": "sister", "gender": "female",
                "birth": {"year": 1985}, "birthplace": {"region": "653101"}}),
    )
    .await;
    app.run_matcher().await;
    let found = open(&app, &a_seeks);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, "reciprocal");
    assert_eq!(found[0].pairs().len(), 2);
    let other = open(&app, &b_seeks);
    assert_eq!(other.len(), 1);
    assert_eq!(
        other[0].id, found[0].id,
        "one candidate for both directions"
    );
}

#[tokio::test]
async fn rotating_keys_moves_match_keys_to_a_new_matcher_key_and_matching_goes_on() {
    use kinlink::db::record_key;
    let (app, search, found) = father_against("Abdurehim Tursun", 1961, "654002").await;
    assert_eq!(found.len(), 1);
    let out = app.cli(&["keys", "rotate", "--grace-ms", "0"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut conn = app.ctx.db.get().unwrap();
    let row = record_key::find_match(&mut conn, &search).unwrap().unwrap();
    assert_eq!(
        row.kek_version, 2,
        "the match key is on matcher key version 2"
    );
    drop(conn);
    // The matcher reloads its index from the re-wrapped keys and re-scores as before.
    let matcher = app.ctx.matcher.as_ref().unwrap();
    matcher.unload();
    let mut conn = app.ctx.db.get().unwrap();
    kinlink::registrations::store::enqueue_match(
        &mut conn,
        "sought_person",
        &search,
        "edit",
        app.ctx.clock.now_naive(),
    )
    .unwrap();
    drop(conn);
    app.run_matcher().await;
    let again = open(&app, &search);
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].id, found[0].id);
}

#[tokio::test]
async fn rematch_rebuilds_every_candidate_from_the_stored_features() {
    let (app, search, found) = father_against("Abdurehim Tursun", 1961, "654002").await;
    assert_eq!(found.len(), 1);
    let out = app.cli(&["rematch"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("rematched 2 records"), "{stdout}");
    assert!(stdout.contains("candidate: 1 candidates"), "{stdout}");
    let again = open(&app, &search);
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].id, found[0].id, "the same candidate, re-scored");
}

#[tokio::test]
async fn a_new_search_refreshes_the_family_evidence_of_the_others() {
    let app = spawn_app().await;
    let family_of = |c: &CandidateRow| -> String { field_level(&app, c, "family").unwrap() };
    // Two siblings in two accounts; each seeks their father.
    let mut fathers = Vec::new();
    let mut tokens = Vec::new();
    for me in ["Adil Tursun", "Dilnur Tursun"] {
        let t = registrant(&app).await;
        put_profile(&app, &t, &json!({"names": [me], "birth": {"year": 1985}})).await;
        fathers.push(
            create_search(
                &app,
                &t,
                &json!({"names": ["Tursun Memet"], "relation": "father", "gender": "male",
                        "birth": {"year": 1955}}),
            )
            .await,
        );
        tokens.push(t);
    }
    app.run_matcher().await;
    let before = open(&app, &fathers[0]);
    assert_eq!(before.len(), 1, "{before:?}");
    assert_eq!(before[0].kind, "co_seekers");
    assert_eq!(family_of(&before[0]), "no_other_match");
    // Both add their mother: the fathers' candidate now has another match behind it.
    for t in &tokens {
        create_search(
            &app,
            t,
            &json!({"names": ["Aygul Ahmet"], "relation": "mother", "gender": "female",
                    "birth": {"year": 1958}}),
        )
        .await;
    }
    app.run_matcher().await;
    let after = open(&app, &fathers[0]);
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].id, before[0].id);
    assert_eq!(family_of(&after[0]), "another_match");
}

#[tokio::test]
async fn two_siblings_seeking_their_father_compare_their_own_birthplaces() {
    let app = spawn_app().await;
    let father = json!({"names": ["Tursun Memet"], "relation": "father", "gender": "male",
                        "birth": {"year": 1955}});
    // One chose Guma from the list, the other typed it in Arabic script.
    let a = registrant(&app).await;
    put_profile(
        &app,
        &a,
        &json!({"names": ["Adil Tursun"], "birth": {"year": 1985},
                "birthplace": {"region": "653223"}}),
    )
    .await;
    let search = create_search(&app, &a, &father).await;
    let b = registrant(&app).await;
    let mut profile = json!({"names": ["Dilnur Tursun"], "birth": {"year": 1987},
                             "birthplace": {"text": "گۇما ناھىيىسى"}});
    put_profile(&app, &b, &profile).await;
    create_search(&app, &b, &father).await;
    app.run_matcher().await;
    let seekers = |c: &CandidateRow| field_level(&app, c, "seekers_place").unwrap();
    let before = open(&app, &search);
    assert_eq!(before.len(), 1, "{before:?}");
    assert_eq!(before[0].kind, "co_seekers");
    assert_eq!(seekers(&before[0]), "same_place");
    // B corrects her own birthplace: her search is scored again with it.
    profile["birthplace"] = json!({"text": "Kashgar"});
    put_profile(&app, &b, &profile).await;
    app.run_matcher().await;
    let after = open(&app, &search);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0].id, before[0].id, "the same candidate, re-scored");
    assert_eq!(seekers(&after[0]), "different");
    assert_eq!(
        (before[0].band.as_str(), after[0].band.as_str()),
        ("strong", "likely")
    );
}

#[tokio::test]
async fn a_shared_birthplace_weighs_less_as_more_people_born_there_register() {
    let app = spawn_app().await;
    let a = registrant(&app).await;
    let search = create_search(&app, &a, &father_sought()).await;
    let b = registrant(&app).await;
    let mut him = himself("Abdurehim Tursun", 1961, "654002");
    put_profile(&app, &b, &him).await;
    app.run_matcher().await;
    let place = |app: &TestApp| {
        let found = open(app, &search);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = field_of(app, &found[0], "place").unwrap();
        assert_eq!(f["level"], "same_place");
        (
            f["weight"].as_f64().unwrap(),
            f["frequency"].as_f64().unwrap(),
        )
    };
    let (weight, share) = place(&app);
    // Eight more people born in Ghulja register; B's next edit re-scores the pair.
    for _ in 0..8 {
        let other = registrant(&app).await;
        put_profile(
            &app,
            &other,
            &json!({"names": ["Patime Ablet"], "birthplace": {"region": "654002"}}),
        )
        .await;
    }
    him["nicknames"] = json!(["Abdurehimjan"]);
    put_profile(&app, &b, &him).await;
    app.run_matcher().await;
    let (weight_after, share_after) = place(&app);
    assert!(share_after > share, "{share} → {share_after}");
    assert!(weight_after < weight, "{weight} → {weight_after}");
}

#[tokio::test]
async fn features_an_older_build_made_are_rebuilt_and_match_again() {
    use diesel::prelude::*;
    use kinlink::db::schema::match_features::dsl as f;
    let app = spawn_app().await;
    let a = registrant(&app).await;
    let search = create_search(&app, &a, &father_sought()).await;
    let b = registrant(&app).await;
    put_profile(&app, &b, &himself("Abdurehim Tursun", 1961, "654002")).await;
    // As an upgrade that changed the name encoding finds them: features the matcher cannot
    // read (another version), marked as made by an older build.
    let old = {
        let mut conn = app.ctx.db.get().unwrap();
        diesel::update(f::match_features)
            .set((f::built_with.eq(0), f::features_ct.eq(vec![0u8; 40])))
            .execute(&mut conn)
            .unwrap()
    };
    assert_eq!(old, 2);
    app.run_matcher().await;
    assert!(
        open(&app, &search).is_empty(),
        "unreadable features match nothing"
    );
    app.run_jobs().await;
    let outdated: i64 = {
        let mut conn = app.ctx.db.get().unwrap();
        f::match_features
            .filter(f::built_with.ne(kinlink::matching::features::BUILD))
            .count()
            .get_result(&mut conn)
            .unwrap()
    };
    assert_eq!(outdated, 0, "every row rebuilt");
    app.run_matcher().await;
    assert_one_good(&open(&app, &search), "after the rebuild");
}
