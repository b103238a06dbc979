//! Middleware shared by pages and API: request ids and the access log, security headers,
//! the cross-site check for state changes, and rendering errors as pages or JSON.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{DefaultHeaders, Next};
use actix_web::{Error, HttpMessage, HttpResponse, web};
use askama::Template;

use super::error::json_error;
use super::identity::{Renewed, session_cookie};
use crate::clock::Stopwatch;
use crate::context::Context;
use crate::error::AppError;
use crate::vault::DecryptFailed;
use crate::web::page::{FORM_COOKIE, FormBinding, PageCtx, RequestId};

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(), display-capture=(), \
     encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), \
     microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), \
     screen-wake-lock=(), sync-xhr=(), usb=(), xr-spatial-tracking=(), interest-cohort=()";

/// Headers on every response. `Cache-Control: no-store` is the default; static files set their
/// own long-lived value, which `DefaultHeaders` leaves alone.
pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::REFERRER_POLICY, "no-referrer"))
        .add((
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ))
        .add((
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ))
        .add((
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::CACHE_CONTROL, "no-store"))
}

/// HSTS when the request came over TLS or the operator says a TLS proxy is in front; and with
/// an onion address configured, `Onion-Location` on those responses, so Tor Browser offers the
/// onion service (which hides from the network that someone uses kinlink at all).
pub async fn hsts(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let (tls, onion) = req
        .app_data::<web::Data<Context>>()
        .map(|ctx| {
            let tls = super::source::is_https(req.request(), &ctx.settings);
            (tls, ctx.settings.onion_address.clone())
        })
        .unwrap_or_default();
    // The path only: a query string may hold something the address bar should not repeat.
    let path = req.path().to_string();
    let mut res = next.call(req).await?;
    if tls {
        res.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains; preload"),
        );
        if let Some(v) =
            onion.and_then(|o| HeaderValue::from_str(&format!("http://{o}{path}")).ok())
        {
            res.headers_mut()
                .insert(HeaderName::from_static("onion-location"), v);
        }
    }
    Ok(res)
}

/// Give each request a random id and log one line when it ends: id, method, route pattern,
/// status and latency. Never the IP address, user agent, query string or body.
pub async fn request_log(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Stopwatch::start();
    let mut id = [0u8; 8];
    getrandom::fill(&mut id).map_err(|e| AppError::internal(anyhow::anyhow!("rng: {e}")))?;
    let id = hex::encode(id);
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    let metrics = req
        .app_data::<actix_web::web::Data<crate::context::Context>>()
        .map(|ctx| ctx.metrics.clone());
    let res = next.call(req).await?;
    // The matched pattern (`/api/v1/me/searches/{id}`) rather than the path, which may hold ids.
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "<unmatched>".into());
    let status = res.status().as_u16();
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(request_id = %id, %method, route = %route, status, latency_ms = format!("{latency_ms:.1}"), "request");
    if let Some(m) = metrics {
        m.request(&route, method.as_str(), status, latency_ms / 1000.0);
    }
    let mut res = res;
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut()
            .insert(HeaderName::from_static("x-request-id"), v);
    }
    Ok(res)
}

/// Request headers, all together, may take at most this many bytes (browsers send a few KiB).
pub const HEADER_LIMIT: usize = 16 * 1024;

/// Refuse requests whose headers exceed [`HEADER_LIMIT`] with 431 before any handler runs.
pub async fn header_limit<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    let size: usize = req
        .headers()
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    if size > HEADER_LIMIT {
        return Ok(req
            .error_response(AppError::HeadersTooLarge)
            .map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// Refuse state-changing requests that a browser marks as coming from another site, or whose
/// `Origin` is not ours (CSRF, threat T12).
pub async fn cross_site_guard<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    let state_changing = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if state_changing {
        let fetch_site = req
            .headers()
            .get(HeaderName::from_static("sec-fetch-site"))
            .and_then(|v| v.to_str().ok());
        let refused_by_fetch_site = matches!(fetch_site, Some("cross-site" | "same-site"));
        let origin = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok());
        // With `Referrer-Policy: no-referrer` browsers send `Origin: null` on their own form
        // posts; that is only trusted when Fetch Metadata vouches for the request.
        let vouched = matches!(fetch_site, Some("same-origin" | "none"));
        let refused_by_origin = match origin {
            None => false,
            Some("null") => !vouched,
            Some(o) => !origin_allowed(&req, o),
        };
        if refused_by_fetch_site || refused_by_origin {
            let err = AppError::forbidden(
                "cross_site_request",
                "Requests from other sites are not accepted.",
            );
            return Ok(req.error_response(err).map_into_right_body());
        }
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// The request's own origin (as the browser addressed us) and the configured public origin.
fn origin_allowed(req: &ServiceRequest, origin: &str) -> bool {
    let conn = req.connection_info();
    let own = format!("{}://{}", conn.scheme(), conn.host());
    if origin.eq_ignore_ascii_case(&own) {
        return true;
    }
    req.app_data::<web::Data<Context>>()
        .is_some_and(|s| origin.eq_ignore_ascii_case(&s.settings.public_origin))
}

/// Give each browser a random form cookie (the binding of synchronizer tokens) on its first
/// visit, and make it available to the page context.
pub async fn form_cookie<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, Error> {
    if is_api(req.path()) || req.path().starts_with("/static/") {
        return next.call(req).await;
    }
    let existing = req
        .cookie(FORM_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()));
    let (value, fresh) = match existing {
        Some(v) => (v, false),
        None => {
            let mut raw = [0u8; 16];
            getrandom::fill(&mut raw)
                .map_err(|e| AppError::internal(anyhow::anyhow!("rng: {e}")))?;
            (hex::encode(raw), true)
        }
    };
    req.extensions_mut().insert(FormBinding(value.clone()));
    let mut res = next.call(req).await?;
    if fresh {
        let secure = res
            .request()
            .app_data::<web::Data<Context>>()
            .is_some_and(|s| s.settings.behind_tls);
        let cookie = actix_web::cookie::Cookie::build(FORM_COOKIE, value)
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(actix_web::cookie::SameSite::Strict)
            .finish();
        let _ = res.response_mut().add_cookie(&cookie);
    }
    Ok(res)
}

/// For pages: find what is running late (jobs, the matcher) so that every page can say so. A
/// failed look is logged and the page goes on without the banner (the page itself will say
/// if the database is away).
pub async fn service_health<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, Error> {
    let path = req.path();
    if is_api(path) || path.starts_with("/static/") || path == "/metrics" {
        return next.call(req).await;
    }
    if let Some(ctx) = req.app_data::<web::Data<Context>>().cloned() {
        match ctx.jobs.health().await {
            Ok(health) => {
                req.extensions_mut().insert(health);
            }
            Err(e) => tracing::warn!(error = %e, "cannot tell whether jobs are late"),
        }
    }
    next.call(req).await
}

/// Sliding renewal: a fresh token, found by the identity extractor, goes back as the cookie
/// (browsers) or the `X-Session-Token` header (API clients), unless the handler already set or
/// cleared the session cookie.
pub async fn session_renewal(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut res = next.call(req).await?;
    let renewed = res.request().extensions().get::<Renewed>().cloned();
    if let Some(r) = renewed {
        let prefix = format!("{}=", crate::accounts::sessions::COOKIE);
        let handler_set_it = res
            .headers()
            .get_all(header::SET_COOKIE)
            .any(|v| v.to_str().is_ok_and(|v| v.starts_with(&prefix)));
        if !handler_set_it && res.status().is_success() {
            if r.via_cookie {
                let _ = res.response_mut().add_cookie(&session_cookie(&r.token));
            } else if let Ok(v) = HeaderValue::from_str(&r.token) {
                res.headers_mut()
                    .insert(HeaderName::from_static("x-session-token"), v);
            }
        }
    }
    Ok(res)
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    c: &'a PageCtx,
    title: String,
    message: String,
    show_request_id: bool,
}

/// The message family for a page error: specific where we have words for the code, else by
/// status class.
fn page_error_key(status: StatusCode, code: &str) -> &'static str {
    match code {
        "not_found" => "not_found",
        "method_not_allowed" => "method_not_allowed",
        "payload_too_large" | "headers_too_large" => "payload_too_large",
        "unauthorized" => "unauthorized",
        "rate_limited" => "rate_limited",
        "service_unavailable" => "service_unavailable",
        _ if status == StatusCode::FORBIDDEN => "forbidden",
        _ if status.is_server_error() => "internal_error",
        _ => "bad_request",
    }
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path == "/api" || path == "/healthz" || path == "/readyz"
}

/// Turn error responses into their final form: JSON with a request id on 5xx for the API, a
/// translated HTML page elsewhere. Causes of 5xx are logged here, with the request id.
pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let res = next.call(req).await?;
    let status = res.status();
    // Responses a handler rendered itself (a form shown again with its error) pass as they
    // are; errors and actix's bare default responses are rendered here.
    let rendered_by_handler =
        res.response().error().is_none() && res.headers().contains_key(header::CONTENT_TYPE);
    if status.as_u16() < 400 || rendered_by_handler {
        return Ok(res.map_into_boxed_body());
    }
    let (code, message) = match res.response().error() {
        Some(err) => match err.as_error::<AppError>() {
            Some(app) => {
                if let AppError::Internal(cause) = app {
                    let id = res
                        .request()
                        .extensions()
                        .get::<RequestId>()
                        .map(|r| r.0.clone())
                        .unwrap_or_default();
                    tracing::error!(request_id = %id, error = %format!("{cause:#}"), "internal error");
                    if let Some(failed) = cause.downcast_ref::<DecryptFailed>() {
                        audit_decrypt_failure(&res, failed).await;
                    }
                }
                (app.code(), app.public_message())
            }
            None => {
                if status.is_server_error() {
                    let id = res
                        .request()
                        .extensions()
                        .get::<RequestId>()
                        .map(|r| r.0.clone())
                        .unwrap_or_default();
                    tracing::error!(request_id = %id, error = %err, "unhandled error");
                }
                generic_for(status)
            }
        },
        None => generic_for(status),
    };
    let (req, res) = res.into_parts();
    let keep_headers: Vec<(HeaderName, HeaderValue)> = res
        .headers()
        .iter()
        .filter(|(k, _)| {
            *k == header::ALLOW || *k == header::WWW_AUTHENTICATE || *k == header::RETRY_AFTER
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
    let mut new = if is_api(req.path()) {
        let rid = if status.is_server_error() {
            request_id.as_deref()
        } else {
            None
        };
        json_error(status, code, &message, rid)
    } else if status == StatusCode::UNAUTHORIZED {
        // Pages send people to sign in rather than showing an error.
        HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/sign-in"))
            .finish()
    } else {
        let c = PageCtx::from_request(&req);
        let key = page_error_key(status, code);
        let mut page_message = c.t(&format!("error-message-{key}"));
        if key == "rate_limited" {
            // Say how long, as `Retry-After` does; a minute when the limit did not say.
            let secs = keep_headers
                .iter()
                .find(|(k, _)| *k == header::RETRY_AFTER)
                .and_then(|(_, v)| v.to_str().ok()?.parse::<u64>().ok())
                .unwrap_or(60);
            page_message = format!(
                "{page_message} {}",
                c.lang.wait(std::time::Duration::from_secs(secs))
            );
        }
        let page = ErrorPage {
            title: c.t(&format!("error-title-{key}")),
            message: page_message,
            show_request_id: status.is_server_error(),
            c: &c,
        };
        match page.render() {
            Ok(html) => HttpResponse::build(status)
                .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
                .body(html),
            Err(_) => HttpResponse::build(status)
                .insert_header((header::CONTENT_TYPE, "text/plain; charset=utf-8"))
                .body(message),
        }
    };
    for (k, v) in keep_headers {
        new.headers_mut().insert(k, v);
    }
    Ok(ServiceResponse::new(req, new))
}

/// A sealed record that would not open is a security event: write it to the audit log.
async fn audit_decrypt_failure(res: &ServiceResponse<impl MessageBody>, failed: &DecryptFailed) {
    let Some(ctx) = res.request().app_data::<web::Data<Context>>().cloned() else {
        return;
    };
    let (object_type, object_id) = (failed.object_type, failed.object_id.clone());
    let audit = ctx.audit.clone();
    let written = ctx
        .db
        .write(move |conn| {
            audit.record(
                conn,
                &crate::audit::Event::new(
                    crate::audit::Actor::System,
                    "record.decrypt_failure",
                    object_type,
                )
                .object(&object_id)
                .outcome("error"),
            )
        })
        .await;
    if written.is_err() {
        tracing::error!("could not write a decryption failure to the audit log");
    }
}

/// Errors raised by actix itself (no `AppError` attached): a code by status.
fn generic_for(status: StatusCode) -> (&'static str, String) {
    let e = match status {
        StatusCode::NOT_FOUND => AppError::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => AppError::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
        StatusCode::UNAUTHORIZED => AppError::Unauthorized,
        StatusCode::TOO_MANY_REQUESTS => AppError::rate_limited(None),
        StatusCode::SERVICE_UNAVAILABLE => AppError::Unavailable,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::UnsupportedMediaType,
        s if s.is_server_error() => AppError::internal(anyhow::anyhow!("status {s}")),
        StatusCode::FORBIDDEN => AppError::forbidden("forbidden", "Forbidden."),
        _ => AppError::invalid("bad_request", "The request could not be understood."),
    };
    (e.code(), e.public_message())
}
