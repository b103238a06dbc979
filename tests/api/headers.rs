//! Security headers on every kind of response: a page, a static file, a 404, an API error.

use crate::helpers::spawn_app;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

fn assert_security_headers(res: &reqwest::Response, what: &str) {
    let h = res.headers();
    let get = |name: &str| h.get(name).map(|v| v.to_str().unwrap().to_string());
    assert_eq!(
        get("content-security-policy").as_deref(),
        Some(CSP),
        "{what}: CSP"
    );
    let csp = get("content-security-policy").unwrap();
    assert!(
        !csp.contains("unsafe-"),
        "{what}: CSP must not allow unsafe-*"
    );
    assert!(
        !csp.contains("http"),
        "{what}: CSP must not name other hosts"
    );
    assert_eq!(
        get("x-content-type-options").as_deref(),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        get("referrer-policy").as_deref(),
        Some("no-referrer"),
        "{what}"
    );
    let pp = get("permissions-policy").unwrap_or_default();
    for feature in ["camera=()", "microphone=()", "geolocation=()"] {
        assert!(
            pp.contains(feature),
            "{what}: Permissions-Policy lacks {feature}"
        );
    }
    assert_eq!(
        get("cross-origin-opener-policy").as_deref(),
        Some("same-origin"),
        "{what}"
    );
    assert_eq!(
        get("cross-origin-resource-policy").as_deref(),
        Some("same-origin"),
        "{what}"
    );
    assert!(h.get("server").is_none(), "{what}: no Server header");
    assert!(h.get("x-request-id").is_some(), "{what}: request id");
    // Plain HTTP and not configured as behind TLS: no HSTS.
    assert!(
        h.get("strict-transport-security").is_none(),
        "{what}: HSTS only over TLS"
    );
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let app = spawn_app().await;

    let page = app.get("/").await;
    assert_eq!(page.status(), 200);
    assert_security_headers(&page, "page");
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    let css = html
        .split('"')
        .find(|s| s.starts_with("/static/app.") && s.ends_with(".css"))
        .expect("the page links the hashed stylesheet")
        .to_string();

    let asset = app.get(&css).await;
    assert_eq!(asset.status(), 200);
    assert_security_headers(&asset, "static file");
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        asset.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );

    // The unhashed name is not served, so a stale reference cannot be cached forever.
    let unhashed = app.get("/static/app.css").await;
    assert_eq!(unhashed.status(), 404);

    let missing = app.get("/no/such/page").await;
    assert_eq!(missing.status(), 404);
    assert_security_headers(&missing, "404 page");
    assert_eq!(missing.headers()["cache-control"], "no-store");

    let api_error = app
        .client
        .post(app.url("/api/v1/locale"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(api_error.status(), 400);
    assert_security_headers(&api_error, "API error");
    assert_eq!(api_error.headers()["cache-control"], "no-store");

    let health = app.get("/healthz").await;
    assert_security_headers(&health, "health");
}

#[tokio::test]
async fn hsts_when_configured_behind_tls() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = crate::helpers::test_settings(&dir);
    settings.behind_tls = true;
    let app = crate::helpers::spawn_app_with(settings, dir).await;
    for path in ["/", "/nothing-here", "/healthz"] {
        let res = app.get(path).await;
        let hsts = res
            .headers()
            .get("strict-transport-security")
            .map(|v| v.to_str().unwrap().to_string());
        assert_eq!(
            hsts.as_deref(),
            Some("max-age=63072000; includeSubDomains; preload"),
            "{path}"
        );
    }
}

/// With an onion address, responses over TLS point Tor Browser at the onion service (path only,
/// never the query); without one, or over plain HTTP, no `Onion-Location`.
#[tokio::test]
async fn onion_location_over_tls_when_an_onion_address_is_configured() {
    let onion = "kinlinkexampleexampleexampleexampleexampleexampleexampl.onion";
    let dir = tempfile::tempdir().unwrap();
    let mut settings = crate::helpers::test_settings(&dir);
    settings.behind_tls = true;
    settings.onion_address = Some(onion.to_string());
    let app = crate::helpers::spawn_app_with(settings, dir).await;
    let res = app.get("/safety?code=secret").await;
    assert_eq!(
        res.headers().get("onion-location").unwrap(),
        &format!("http://{onion}/safety")
    );
    let plain = crate::helpers::spawn_app().await;
    assert!(
        plain
            .get("/")
            .await
            .headers()
            .get("onion-location")
            .is_none()
    );
}

/// Only a configured proxy's `X-Forwarded-Proto` turns on HSTS; anyone else's is ignored.
#[tokio::test]
async fn forwarded_headers_count_only_from_a_trusted_proxy() {
    let app = crate::helpers::spawn_app().await;
    let res = app
        .client
        .get(app.url("/"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("strict-transport-security").is_none());

    let dir = tempfile::tempdir().unwrap();
    let mut settings = crate::helpers::test_settings(&dir);
    settings.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    let app = crate::helpers::spawn_app_with(settings, dir).await;
    let res = app
        .client
        .get(app.url("/"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("strict-transport-security").is_some());
}

/// A request whose headers are far larger than any browser sends is refused before any handler.
#[tokio::test]
async fn oversized_headers_are_refused_with_431() {
    let app = crate::helpers::spawn_app().await;
    for path in ["/api/v1/me", "/"] {
        let res = app
            .client
            .get(app.url(path))
            .header("x-filler", "a".repeat(100 * 1024))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 431, "{path}");
    }
    let res = app
        .client
        .get(app.url("/api/v1/me"))
        .header("x-filler", "a".repeat(100 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(crate::helpers::error_code(res).await, "headers_too_large");
}
