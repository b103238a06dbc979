//! Error answers: JSON with stable codes under /api, translated pages elsewhere, 405s, and the
//! cross-site refusal of state changes.

use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn unknown_api_routes_answer_json_404() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/nothing/here").await;
    assert_eq!(res.status(), 404);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    assert!(body["error"]["message"].is_string());
}

#[tokio::test]
async fn unknown_pages_answer_a_translated_html_404() {
    let app = spawn_app().await;
    let res = app.get("/nowhere?lang=ug").await;
    assert_eq!(res.status(), 404);
    let html = res.text().await.unwrap();
    assert!(html.contains("dir=\"rtl\""));
    assert!(
        !html.contains("Page not found"),
        "the Uyghur page is not English"
    );
    let res = app.get("/nowhere").await;
    assert!(res.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn wrong_methods_answer_405() {
    let app = spawn_app().await;
    let res = app.get("/language").await;
    assert_eq!(res.status(), 405);
    let res = app.get("/api/v1/locale").await;
    assert_eq!(res.status(), 405);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
}

#[tokio::test]
async fn cross_site_state_changes_are_refused() {
    let app = spawn_app().await;
    let form = [("lang", "ug"), ("next", "/")];
    let res = app
        .client
        .post(app.url("/language"))
        .header("sec-fetch-site", "cross-site")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(res.headers().get("set-cookie").is_none());

    let res = app
        .client
        .post(app.url("/api/v1/locale"))
        .header("origin", "https://evil.example")
        .json(&serde_json::json!({"locale": "ug"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "cross_site_request");

    // An opaque origin is refused unless Fetch Metadata vouches for the request, as browsers
    // send `Origin: null` on same-origin form posts under `Referrer-Policy: no-referrer`.
    let res = app
        .client
        .post(app.url("/language"))
        .header("origin", "null")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .client
        .post(app.url("/language"))
        .header("origin", "null")
        .header("sec-fetch-site", "same-origin")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);

    // The same requests from our own origin go through.
    let res = app
        .client
        .post(app.url("/language"))
        .header("sec-fetch-site", "same-origin")
        .header("origin", app.address.clone())
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
}

/// Deserialisation errors name the field in plain words, never a Rust type or the value sent.
#[tokio::test]
async fn json_errors_name_the_field_and_never_echo_the_value() {
    let app = crate::helpers::spawn_app().await;
    let (handle, _) = app.sign_up("json errors passphrase").await;
    let token = app.sign_in(&handle, "json errors passphrase").await;
    let cases = [
        (
            serde_json::json!({"names": ["x"], "birth": {"year": "Qzxov1961"}}),
            "birth.year: expected a whole number.",
        ),
        (
            serde_json::json!({"names": ["x"], "birth": "Qzxovanbek"}),
            "birth: expected an object.",
        ),
        (
            serde_json::json!({"names": ["x"], "Qzxovanbek": true}),
            "the body: unknown field; the fields are names, name_scripts, nicknames, father_name, mother_name, gender, birth, birthplace.",
        ),
    ];
    for (body, want) in cases {
        let res = app
            .client
            .put(app.url("/api/v1/me/profile"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "invalid_json");
        let message = body["error"]["message"].as_str().unwrap();
        assert_eq!(message, want);
        assert!(!message.contains("Qzxov"));
    }
}

/// A value outside a closed list is refused with the field and every allowed value, in plain
/// words, never the value sent nor a Rust type.
#[tokio::test]
async fn closed_lists_say_every_allowed_value() {
    let app = crate::helpers::spawn_app().await;
    let (handle, _) = app.sign_up("closed lists passphrase").await;
    let token = app.sign_in(&handle, "closed lists passphrase").await;
    let cases = [
        (
            "/api/v1/me/searches",
            serde_json::json!({"names": ["Tursun Memet"], "relation": "Qzxov-cousin"}),
            "invalid_relation",
            "relation: not one of the allowed values: father, mother, brother, sister",
        ),
        (
            "/api/v1/me/searches",
            serde_json::json!({"names": ["Tursun Memet"]}),
            "relation_required",
            "relation: say how the sought person is related to you, one of: father, mother",
        ),
        (
            "/api/v1/me/searches",
            serde_json::json!({"names": ["Tursun Memet"], "relation": "father", "circumstances": "Qzxov"}),
            "invalid_circumstances",
            "circumstances: not one of the allowed values: detained, missing, lost_contact, unknown",
        ),
    ];
    for (path, body, code, want) in cases {
        let res = app
            .client
            .post(app.url(path))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{body}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], code);
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.starts_with(want), "{message}");
        assert!(!message.contains("Qzxov"), "{message}");
    }
    let res = app
        .client
        .put(app.url("/api/v1/me/profile"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"names": ["Adil"], "gender": "Qzxov"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_gender");
    assert_eq!(
        body["error"]["message"],
        "gender: not one of the allowed values: male, female, unknown (invalid_gender)"
    );
}

/// The README's table of JSON fields is the API's reference until an OpenAPI document exists:
/// every value of every closed list in the code must be in it.
#[test]
fn readme_lists_every_allowed_value() {
    use kinlink::consent::{ANSWER_REASONS, Answer, OPEN_REASONS, Outcome, Side};
    use kinlink::domain::cards::{ChannelKind, ShowItem};
    use kinlink::domain::person::{Circumstances, Gender, Relation};
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = readme
        .find("### JSON fields and allowed values")
        .expect("the section");
    let section = &readme[start..];
    let section = &section[..section[4..].find("\n#").map_or(section.len(), |e| e + 4)];
    let mut values: Vec<String> = Vec::new();
    values.extend(Gender::ALL.iter().map(|v| v.as_str().to_string()));
    values.extend(Relation::ALL.iter().map(|v| v.as_str().to_string()));
    values.extend(Circumstances::ALL.iter().map(|v| v.as_str().to_string()));
    values.extend(ChannelKind::ALL.iter().map(|v| v.as_str().to_string()));
    values.extend(ShowItem::ALL.iter().map(|v| v.as_str().to_string()));
    values.extend(Answer::ALL.iter().map(|v| v.as_str().to_string()));
    values.extend(Outcome::ALL.iter().map(|v| v.as_str().to_string()));
    values.extend(Side::ALL.iter().map(|v| v.as_str().to_string()));
    values.extend(OPEN_REASONS.iter().map(|v| v.to_string()));
    values.extend(ANSWER_REASONS.iter().map(|v| v.to_string()));
    values.extend(
        kinlink::accounts::approvals::ApprovalPurpose::ALL
            .iter()
            .map(|v| v.as_str().to_string()),
    );
    values.extend(
        kinlink::accounts::staff_admin::StaffState::ALL
            .iter()
            .map(|v| v.as_str().to_string()),
    );
    values.push("fewer_than_5".to_string());
    values.extend(
        kinlink::domain::settings::RETENTION_CHOICES
            .iter()
            .map(u8::to_string),
    );
    let missing: Vec<&String> = values
        .iter()
        .filter(|v| !section.contains(&format!("`{v}`")))
        .collect();
    assert!(missing.is_empty(), "README does not list {missing:?}");
}
