//! Pages in both languages, the language choice, and the quick exit.

use crate::helpers::spawn_app;

#[tokio::test]
async fn home_page_is_english_by_default() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"), "{html}");
    assert!(
        html.contains("id=\"quick-exit\""),
        "quick exit on every page"
    );
    assert!(
        html.contains("action=\"/language\""),
        "language form on every page"
    );
}

#[tokio::test]
async fn the_language_form_switches_to_right_to_left_uyghur_and_is_remembered() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/language"))
        .form(&[("lang", "ug"), ("next", "/safety")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/safety");
    let html = app.get("/safety").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"ug\" dir=\"rtl\">"));
    // Remembered on other pages too, until changed back.
    let html = app.get("/").await.text().await.unwrap();
    assert!(html.contains("dir=\"rtl\""));
    app.client
        .post(app.url("/language"))
        .form(&[("lang", "en"), ("next", "/")])
        .send()
        .await
        .unwrap();
    let html = app.get("/").await.text().await.unwrap();
    assert!(html.contains("dir=\"ltr\""));
}

#[tokio::test]
async fn language_form_never_redirects_off_site() {
    let app = spawn_app().await;
    for next in [
        "//evil.example/",
        "https://evil.example/",
        "javascript:alert(1)",
    ] {
        let res = app
            .client
            .post(app.url("/language"))
            .form(&[("lang", "en"), ("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["location"], "/", "{next}");
    }
}

#[tokio::test]
async fn locale_comes_from_query_then_accept_language() {
    let app = spawn_app().await;
    let html = app.get("/?lang=ug").await.text().await.unwrap();
    assert!(html.contains("lang=\"ug\" dir=\"rtl\""));
    let html = app
        .client
        .get(app.url("/safety"))
        .header("accept-language", "ug-CN,ug;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("lang=\"ug\" dir=\"rtl\""));
}

#[tokio::test]
async fn every_page_renders_in_both_languages_with_its_assets() {
    let app = spawn_app().await;
    for lang in ["en", "ug"] {
        for path in ["/", "/safety"] {
            let res = app.get(&format!("{path}?lang={lang}")).await;
            assert_eq!(res.status(), 200, "{path} {lang}");
            let html = res.text().await.unwrap();
            for asset in html.split('"').filter(|s| s.starts_with("/static/")) {
                assert_eq!(app.get(asset).await.status(), 200, "{asset}");
            }
        }
    }
}

#[tokio::test]
async fn health_probes_answer() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["status"],
        "ok"
    );
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    let expected = if crate::helpers::postgres_admin_url().is_some() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(body["database"], expected);
}

/// `KINLINK_METRICS_BIND`: a second address answers `/metrics` without a token and nothing
/// else; the service's own address still hides it.
#[tokio::test]
async fn a_metrics_address_serves_metrics_without_a_token_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = crate::helpers::test_settings(&dir);
    settings.metrics_bind = Some("127.0.0.1:0".parse().unwrap());
    let app = crate::helpers::spawn_app_with(settings, dir).await;
    let port = app.metrics_port.expect("a metrics listener");
    let (handle, _) = app.sign_up("a metrics passphrase").await;
    let token = app.sign_in(&handle, "a metrics passphrase").await;
    assert_eq!(
        app.get("/metrics").await.status(),
        404,
        "not on the service's address"
    );
    let at = |path: &str| format!("http://127.0.0.1:{port}{path}");
    let res = app.client.get(at("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(
        text.contains(
            "kinlink_http_requests_total{method=\"POST\",route=\"/api/v1/sessions\",status=\"200\"} 1"
        ),
        "{text}"
    );
    assert!(text.contains("kinlink_outbox_depth"), "{text}");
    for secret in [handle.as_str(), token.as_str()] {
        assert!(!text.contains(secret), "{secret} in the metrics");
    }
    for path in ["/", "/healthz", "/api/v1/me", "/sign-in"] {
        let res = app.client.get(at(path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path} on the metrics address");
    }
}

/// `/metrics`: Prometheus text for the configured bearer token only; route patterns, never a
/// path with an id in it; failed sign-ins counted; the queue depths read at scrape time.
#[tokio::test]
async fn metrics_answer_prometheus_text_only_to_the_configured_token() {
    let plain = crate::helpers::spawn_app().await;
    assert_eq!(
        plain.get("/metrics").await.status(),
        404,
        "off unless configured"
    );

    let dir = tempfile::tempdir().unwrap();
    let mut settings = crate::helpers::test_settings(&dir);
    let token = "a metrics token of at least thirty-two characters";
    settings.metrics_token = Some(token.to_string().into());
    let app = crate::helpers::spawn_app_with(settings, dir).await;
    let (handle, _) = app.sign_up("a metrics passphrase").await;
    let t = app.sign_in(&handle, "a metrics passphrase").await;
    assert_eq!(
        app.try_sign_in(&handle, "a wrong passphrase!")
            .await
            .status(),
        401
    );
    let id = "0b6c1f9e-1d1c-4a43-9a53-9b0e1c1d2e3f";
    let res = app.get_with(&format!("/api/v1/me/searches/{id}"), &t).await;
    assert_eq!(res.status(), 404);
    let scrape = |bearer: &'static str| {
        app.client
            .get(app.url("/metrics"))
            .bearer_auth(bearer)
            .send()
    };
    assert_eq!(scrape("wrong").await.unwrap().status(), 404);
    assert_eq!(
        app.get("/metrics").await.status(),
        404,
        "no token, no metrics"
    );
    let res = scrape(token).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = res.text().await.unwrap();
    assert!(
        text.contains(
            "kinlink_http_requests_total{method=\"GET\",route=\"/api/v1/me/searches/{id}\",status=\"404\"} 1"
        ),
        "{text}"
    );
    assert!(text.contains("kinlink_sign_in_failures_total 1"), "{text}");
    assert!(text.contains("kinlink_match_queue_depth 0"), "{text}");
    assert!(
        text.contains("kinlink_http_request_seconds_bucket"),
        "{text}"
    );
    for secret in [id, handle.as_str(), t.as_str()] {
        assert!(!text.contains(secret), "{secret} in the metrics");
    }
}
