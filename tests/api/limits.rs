//! Body limits and malformed input: clear 4xx codes, nothing written.

use serde_json::Value;

use crate::helpers::spawn_app;

async fn error_code(res: reqwest::Response) -> String {
    let body: Value = res.json().await.expect("JSON error body");
    body["error"]["code"]
        .as_str()
        .expect("error.code")
        .to_string()
}

#[tokio::test]
async fn a_one_mebibyte_json_body_is_refused_with_413_and_nothing_is_written() {
    let app = spawn_app().await;
    let big = format!(
        "{{\"locale\": \"ug\", \"pad\": \"{}\"}}",
        "x".repeat(1024 * 1024)
    );
    let res = app
        .client
        .post(app.url("/api/v1/locale"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    assert!(
        res.headers().get("set-cookie").is_none(),
        "nothing may be written"
    );
    assert_eq!(error_code(res).await, "payload_too_large");
}

#[tokio::test]
async fn broken_json_and_unknown_fields_get_invalid_json() {
    let app = spawn_app().await;
    for body in [
        "{\"locale\": ",
        "[1,2",
        "{\"locale\": \"ug\", \"admin\": true}",
        "{}",
    ] {
        let res = app
            .client
            .post(app.url("/api/v1/locale"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{body}");
        assert!(
            res.headers().get("set-cookie").is_none(),
            "nothing may be written for {body}"
        );
        assert_eq!(error_code(res).await, "invalid_json", "{body}");
    }
    let res = app
        .client
        .post(app.url("/api/v1/locale"))
        .header("content-type", "text/plain")
        .body("{\"locale\": \"ug\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
    assert_eq!(error_code(res).await, "unsupported_media_type");
}

#[tokio::test]
async fn a_valid_api_request_succeeds() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/api/v1/locale"))
        .json(&serde_json::json!({"locale": "ug"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .starts_with("kinlink_lang=ug")
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"locale": "ug", "dir": "rtl"}));
    let res = app
        .client
        .post(app.url("/api/v1/locale"))
        .json(&serde_json::json!({"locale": "xx"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "unknown_locale");
}

#[tokio::test]
async fn an_oversized_form_gets_413_as_a_page() {
    let app = spawn_app().await;
    let body = format!("lang=ug&next=/{}", "a".repeat(100 * 1024));
    let res = app
        .client
        .post(app.url("/language"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    assert!(res.headers().get("set-cookie").is_none());
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = res.text().await.unwrap();
    assert!(html.contains("Too much text"), "translated error page");
}
