//! PFIF 1.4 export and import of assisted registrations (`kinlink export pfif`, `kinlink
//! import pfif`) under one-time approval codes of organization admins: the export validates
//! against the specification's RELAX NG schema (`xmllint --relaxng docs/pfif/pfif-1.4.rng`),
//! importing it into another organization gives the same records, codes work once for one
//! organization and one purpose, and hostile files are refused with nothing written.

use diesel::prelude::*;
use serde_json::{Value, json};

use crate::helpers::*;

const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/pfif/pfif-1.4.rng");

/// A client that keeps no idle connection: between requests these tests run commands that take
/// seconds, and the server may close an idle connection just as a pooled client reuses it.
fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
}

async fn post(app: &TestApp, path: &str, body: &Value, token: Option<&str>) -> reqwest::Response {
    let mut req = http().post(app.url(path)).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

async fn get(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    http()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// A second organization with its own org admin and caseworker: (id, org admin, caseworker).
async fn second_org(app: &TestApp, admin: &str) -> (String, String, String) {
    let id = crate::helpers::create_organization(app, admin, "Second partner").await;
    let org_admin = join(app, admin, "org_admin", Some(&id)).await;
    let caseworker = join(app, &org_admin, "caseworker", None).await;
    (id, org_admin, caseworker)
}

async fn approval(app: &TestApp, org_admin: &str, purpose: &str) -> String {
    let res = app
        .post_json(
            "/api/v1/approvals",
            &json!({"purpose": purpose}),
            Some(org_admin),
        )
        .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["purpose"], purpose);
    assert!(body["expires_at"].as_str().unwrap().ends_with('Z'));
    body["code"].as_str().unwrap().to_string()
}

async fn assisted(app: &TestApp, caseworker: &str, body: Value) -> String {
    let res = app
        .post_json("/api/v1/assisted", &body, Some(caseworker))
        .await;
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// What a caseworker sees of an assisted registration, without ids and dates: the record.
async fn record(app: &TestApp, caseworker: &str, id: &str) -> Value {
    let res = get(app, &format!("/api/v1/assisted/{id}"), caseworker).await;
    assert_eq!(res.status(), 200);
    let view: Value = res.json().await.unwrap();
    let mut searches: Vec<Value> = view["searches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| json!({"paused": s["paused"], "person": s["person"]}))
        .collect();
    searches.sort_by_key(|s| s.to_string());
    json!({"claimed": view["claimed"], "profile": view["profile"], "searches": searches})
}

fn export(app: &TestApp, org: &str, out: &std::path::Path, code: &str) -> std::process::Output {
    app.cli(&[
        "export",
        "pfif",
        "--org",
        org,
        "--out",
        out.to_str().unwrap(),
        "--approval",
        code,
        "--domain",
        "kinlink.test",
    ])
}

fn import(
    app: &TestApp,
    org: &str,
    file: &std::path::Path,
    code: &str,
    extra: &[&str],
) -> std::process::Output {
    let mut args = vec![
        "import",
        "pfif",
        file.to_str().unwrap(),
        "--org",
        org,
        "--approval",
        code,
    ];
    args.extend_from_slice(extra);
    app.cli(&args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The audit entries of PFIF exports and imports: (action, reason, outcome).
fn pfif_audit(app: &TestApp) -> Vec<(String, Option<String>, String)> {
    use kinlink::db::schema::audit_log;
    let mut conn = app.ctx.db.get().unwrap();
    audit_log::table
        .filter(audit_log::action.like("pfif.%"))
        .order(audit_log::seq)
        .select((
            audit_log::action,
            audit_log::reason_code,
            audit_log::outcome,
        ))
        .load(&mut conn)
        .unwrap()
}

fn registrations_of(app: &TestApp, org: &str) -> i64 {
    use kinlink::db::schema::registrations;
    let mut conn = app.ctx.db.get().unwrap();
    registrations::table
        .filter(registrations::owner_org_id.eq(org))
        .count()
        .get_result(&mut conn)
        .unwrap()
}

#[tokio::test]
async fn an_export_validates_against_the_pfif_schema_and_imports_back_as_the_same_records() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let (org_b, org_admin_b, caseworker_b) = second_org(&app, &w.admin).await;
    let first = assisted(
        &app,
        &w.caseworker,
        json!({
            "profile": {
                "names": ["Gülnur Abdukerim", "گۈلنۇر ئابدۇكېرىم"], "nicknames": ["Güli"],
                "father_name": "Abdukerim", "mother_name": "Aygül", "gender": "female",
                "birth": {"from": 1958, "to": 1963},
                "birthplace": {"text": "Keşker & <old town>", "region": "653101"}
            },
            "searches": [
                {"relation": "father", "names": ["阿不都克里木"], "gender": "male",
                 "birth": {"year": 1935}, "last_known_place": "Ürümchi",
                 "last_contact": {"date": "2017-05-01"}, "circumstances": "detained",
                 "notes": "Taken from home at night.\nNeighbours saw it."},
                {"relation": "brother", "nicknames": ["Memetjan"], "gender": "unknown",
                 "birth": {"date": "1965-03-02"}}
            ]
        }),
    )
    .await;
    let second = assisted(
        &app,
        &w.caseworker,
        json!({"searches": [{"relation": "daughter", "names": ["Мәрийәм Турсун"]}]}),
    )
    .await;
    // Another organization's record, with a canary name: never in this export.
    assisted(
        &app,
        &caseworker_b,
        json!({"profile": {"names": ["Qzxovanbek Tursun"]}}),
    )
    .await;

    let code = approval(&app, &w.org_admin, "pfif_export").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.xml");
    let out = export(&app, &w.organization_id, &file, &code);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("personal data in plaintext"));
    assert!(
        text(&out.stdout).contains("exported 2 assisted registrations (4 PFIF person records)")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only its owner reads the export");
    }
    let xml = std::fs::read_to_string(&file).unwrap();
    assert!(xml.contains("<pfif:full_name>Gülnur Abdukerim</pfif:full_name>"));
    assert!(
        !xml.contains("Qzxov"),
        "another organization's record was exported"
    );
    for id in [&first, &second] {
        assert!(
            !xml.contains(id.as_str()),
            "database ids stay out of exports"
        );
    }
    let lint = std::process::Command::new("xmllint")
        .args(["--noout", "--relaxng", SCHEMA])
        .arg(&file)
        .output()
        .expect("xmllint (libxml2-utils) is installed");
    assert!(
        lint.status.success(),
        "the export is not valid PFIF 1.4: {}",
        text(&lint.stderr)
    );

    // The same code again: refused, and no file is left behind.
    let again = dir.path().join("again.xml");
    let out = export(&app, &w.organization_id, &again, &code);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("approval_used"),
        "{}",
        text(&out.stderr)
    );
    assert!(!again.exists());

    // Into the other organization: the same records, queued for matching.
    let code = approval(&app, &org_admin_b, "pfif_import").await;
    let out = import(&app, &org_b, &file, &code, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let made: Vec<(String, String)> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("registration "))
        .map(|l| {
            let parts: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(parts[1..3], ["claim", "code"], "{l}");
            (parts[0].to_string(), parts[3].to_string())
        })
        .collect();
    assert_eq!(made.len(), 2, "{stdout}");
    let mut originals = vec![
        record(&app, &w.caseworker, &first).await,
        record(&app, &w.caseworker, &second).await,
    ];
    let mut copies = Vec::new();
    for (id, _) in &made {
        copies.push(record(&app, &caseworker_b, id).await);
    }
    originals.sort_by_key(|r| r.to_string());
    copies.sort_by_key(|r| r.to_string());
    assert_eq!(
        copies, originals,
        "an import gives back the records exported"
    );
    // The first organization cannot see the copies.
    let res = get(
        &app,
        &format!("/api/v1/assisted/{}", made[0].0),
        &w.caseworker,
    )
    .await;
    assert_eq!(res.status(), 404);
    // The copies went to the matcher like any new record: the copy of a family searching
    // for its father meets the original, in the second organization's queue.
    assert!(app.run_matcher().await > 0);
    let queue: Value = get(&app, "/api/v1/review/queue", &caseworker_b)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !queue["candidates"].as_array().unwrap().is_empty(),
        "{queue}"
    );
    // A family claims its imported registration with the printed code.
    let res = post(
        &app,
        "/api/v1/claim",
        &json!({"code": made[0].1, "passphrase": "family member passphrase"}),
        None,
    )
    .await;
    assert_eq!(res.status(), 201);

    // Audited with counts, never names.
    let audit = pfif_audit(&app);
    assert!(audit.contains(&("pfif.export".into(), Some("records:4".into()), "ok".into())));
    assert!(audit.contains(&(
        "pfif.export".into(),
        Some("approval_used".into()),
        "refused".into()
    )));
    assert!(audit.contains(&("pfif.import".into(), Some("records:4".into()), "ok".into())));
}

#[tokio::test]
async fn approval_codes_work_once_for_one_organization_and_one_purpose_and_expire() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let (org_b, org_admin_b, _) = second_org(&app, &w.admin).await;
    let dir = tempfile::tempdir().unwrap();

    // Only an organization admin issues them, for a purpose of the closed list.
    for token in [&w.caseworker, &w.admin, &w.auditor, &w.owner] {
        let res = app
            .post_json(
                "/api/v1/approvals",
                &json!({"purpose": "pfif_export"}),
                Some(token),
            )
            .await;
        assert_eq!(res.status(), 404);
    }
    let res = app
        .post_json(
            "/api/v1/approvals",
            &json!({"purpose": "everything"}),
            Some(&w.org_admin),
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "invalid_purpose");

    // Another organization's code.
    let code_b = approval(&app, &org_admin_b, "pfif_export").await;
    let out = export(&app, &w.organization_id, &dir.path().join("a.xml"), &code_b);
    assert!(
        text(&out.stderr).contains("approval_other_organization"),
        "{}",
        text(&out.stderr)
    );
    // An import code for an export, and an export code for an import.
    let import_code = approval(&app, &w.org_admin, "pfif_import").await;
    let out = export(
        &app,
        &w.organization_id,
        &dir.path().join("b.xml"),
        &import_code,
    );
    assert!(
        text(&out.stderr).contains("approval_wrong_purpose"),
        "{}",
        text(&out.stderr)
    );
    let export_code = approval(&app, &w.org_admin, "pfif_export").await;
    let empty = dir.path().join("empty.xml");
    std::fs::write(
        &empty,
        format!("<pfif xmlns=\"{}\"/>", kinlink::pfif::NAMESPACE),
    )
    .unwrap();
    let out = import(&app, &w.organization_id, &empty, &export_code, &[]);
    assert!(
        text(&out.stderr).contains("approval_wrong_purpose"),
        "{}",
        text(&out.stderr)
    );
    // A code nobody issued.
    let out = export(
        &app,
        &w.organization_id,
        &dir.path().join("c.xml"),
        "K7Q2-9XMD-4H8P-0TRW-G5ZB",
    );
    assert!(
        text(&out.stderr).contains("approval_unknown"),
        "{}",
        text(&out.stderr)
    );
    for f in ["a.xml", "b.xml", "c.xml"] {
        assert!(
            !dir.path().join(f).exists(),
            "a refused export leaves no file"
        );
    }
    // Each refusal above left the codes unused: the right organization and purpose still work.
    let out = export(&app, &org_b, &dir.path().join("d.xml"), &code_b);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // Two exports racing with one code (two instances share the database): one wins.
    let code = approval(&app, &w.org_admin, "pfif_export").await;
    let (a, b) = tokio::join!(
        app.ctx
            .pfif
            .export(&w.organization_id, &code, "kinlink.test"),
        app.ctx
            .pfif
            .export(&w.organization_id, &code, "kinlink.test"),
    );
    assert_eq!(
        [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "one use of one code"
    );
    let loser = a.err().or(b.err()).unwrap();
    assert_eq!(loser.code(), "approval_used");

    // Short-lived: 30 minutes on the service's clock.
    let code = approval(&app, &w.org_admin, "pfif_export").await;
    app.clock.advance(std::time::Duration::from_secs(31 * 60));
    let e = app
        .ctx
        .pfif
        .export(&w.organization_id, &code, "kinlink.test")
        .await
        .err()
        .expect("an expired code is refused");
    assert_eq!(e.code(), "approval_expired");

    let refused: Vec<String> = pfif_audit(&app)
        .into_iter()
        .filter(|(_, _, outcome)| outcome == "refused")
        .filter_map(|(_, reason, _)| reason)
        .collect();
    for reason in [
        "approval_other_organization",
        "approval_wrong_purpose",
        "approval_unknown",
        "approval_used",
        "approval_expired",
    ] {
        assert!(
            refused.iter().any(|r| r == reason),
            "{reason} not audited: {refused:?}"
        );
    }
}

#[tokio::test]
async fn hostile_or_invalid_files_are_refused_and_write_nothing() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let org = w.organization_id.clone();
    let dir = tempfile::tempdir().unwrap();
    let code = approval(&app, &w.org_admin, "pfif_import").await;
    let ns = kinlink::pfif::NAMESPACE;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "billion laughs",
            format!(
                "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY a \"aaaaaaaaaa\">\
                 <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>\
                 <pfif xmlns=\"{ns}\"><person><person_record_id>x/1</person_record_id>\
                 <source_date>2026-01-01T00:00:00Z</source_date><full_name>&c;</full_name>\
                 </person></pfif>"
            )
            .into_bytes(),
            "document type declaration",
        ),
        (
            "external entity",
            format!(
                "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\
                 <pfif xmlns=\"{ns}\"><person><person_record_id>x/1</person_record_id>\
                 <source_date>2026-01-01T00:00:00Z</source_date><full_name>&e;</full_name>\
                 </person></pfif>"
            )
            .into_bytes(),
            "document type declaration",
        ),
        ("huge", vec![b' '; kinlink::pfif::MAX_BYTES + 10], "larger than"),
        ("not XML", b"<pfif".to_vec(), "not well-formed"),
        (
            "against the schema",
            format!(
                "<pfif xmlns=\"{ns}\"><person><person_record_id>x/1</person_record_id>\
                 <source_date>2026-01-01T00:00:00Z</source_date><full_name>A</full_name>\
                 <sex>m</sex></person></pfif>"
            )
            .into_bytes(),
            "field sex: must be one of female, male, other",
        ),
    ];
    for (what, bytes, expected) in cases {
        let file = dir.path().join("in.xml");
        std::fs::write(&file, &bytes).unwrap();
        let out = import(&app, &org, &file, &code, &[]);
        assert!(!out.status.success(), "{what}");
        let err = text(&out.stderr);
        assert!(err.contains(expected), "{what}: {err}");
        assert!(err.contains("pfif_invalid"), "{what}: {err}");
        assert!(
            !err.contains("root:"),
            "{what}: nothing of the file is echoed"
        );
    }
    assert_eq!(registrations_of(&app, &org), 0, "nothing was written");
    assert!(
        pfif_audit(&app)
            .iter()
            .any(|(action, reason, outcome)| action == "pfif.import"
                && reason.as_deref() == Some("pfif_invalid")
                && outcome == "refused"),
        "refused files are audited"
    );

    // One good record and one that cannot be imported: named, and by default nothing goes in.
    let mixed = dir.path().join("mixed.xml");
    std::fs::write(
        &mixed,
        format!(
            "<pfif xmlns=\"{ns}\">\
             <person><person_record_id>pf.example/good</person_record_id>\
             <source_date>2026-01-01T00:00:00Z</source_date><full_name>Ilham Tursun</full_name>\
             <sex>male</sex><date_of_birth>1970</date_of_birth></person>\
             <person><person_record_id>pf.example/bad</person_record_id>\
             <source_date>2026-01-01T00:00:00Z</source_date><full_name>12345</full_name></person>\
             </pfif>"
        ),
    )
    .unwrap();
    let out = import(&app, &org, &mixed, &code, &[]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("not imported: pf.example/bad: pf.example/bad: names[0]")
            && err.contains("name_without_letters")
            && err.contains("nothing was imported"),
        "{err}"
    );
    assert!(!err.contains("12345"), "values are not echoed");
    assert_eq!(registrations_of(&app, &org), 0);
    // Those refusals did not use the code: with --skip-invalid the good record goes in whole.
    let out = import(&app, &org, &mixed, &code, &["--skip-invalid"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("pf.example/bad"));
    assert_eq!(registrations_of(&app, &org), 1);
    let id = text(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("registration "))
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap();
    let view = record(&app, &w.caseworker, &id).await;
    assert_eq!(view["profile"], Value::Null);
    let s = &view["searches"][0]["person"];
    assert_eq!(s["names"], json!(["Ilham Tursun"]));
    assert_eq!(s["relation"], "other");
    assert_eq!(s["gender"], "male");
    assert_eq!(s["birth"], json!({"year": 1970}));
    // Now the code is used.
    let out = import(&app, &org, &mixed, &code, &["--skip-invalid"]);
    assert!(text(&out.stderr).contains("approval_used"));
    assert_eq!(registrations_of(&app, &org), 1);
}

#[tokio::test]
async fn the_approval_page_issues_a_code_in_english_and_uyghur() {
    use crate::account_pages::{Browser, between};
    let app = spawn_app().await;
    let w = world(&app).await;
    let mut b = Browser::new(&app).with_session(&w.org_admin);
    let invites = b.get_html("/staff/invites").await;
    assert!(
        invites.contains("href=\"/staff/approvals\""),
        "linked from the invitations page"
    );
    for (lang, title) in [
        ("en", "Approve a PFIF export or import"),
        ("ug", "PFIF چىقىرىش ياكى كىرگۈزۈشكە رۇخسەت بېرىش"),
    ] {
        b.choose_language(lang).await;
        let html = b.get_html("/staff/approvals").await;
        assert!(html.contains(title), "{lang}: {html}");
    }
    // Issued with the form (JavaScript off), in Uyghur; shown once, and it works.
    let res = b
        .post(
            "/staff/approvals",
            "/staff/approvals",
            &[("purpose", "pfif_export")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    let code = between(&html, "<code id=\"approval-code\">", "</code>").to_string();
    assert!(
        html.contains("بىر قېتىملىق PFIF چىقىرىش"),
        "the approval is listed"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = export(&app, &w.organization_id, &dir.path().join("x.xml"), &code);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // A new browser (a new connection) after the command, in Uyghur again.
    let mut b = Browser::new(&app).with_session(&w.org_admin);
    b.choose_language("ug").await;
    let html = b.get_html("/staff/approvals").await;
    assert!(!html.contains(&code), "the code is not shown again");
    assert!(html.contains("ئىشلىتىلگەن"), "and it shows as used");
    // Nobody else has the page.
    for token in [&w.caseworker, &w.admin] {
        let mut other = Browser::new(&app).with_session(token);
        assert_eq!(other.get("/staff/approvals").await.status(), 404);
    }
}
