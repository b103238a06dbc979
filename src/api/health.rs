//! `GET /healthz` (the process answers) and `GET /readyz` (the database answers).

use actix_web::{HttpResponse, web};
use diesel::RunQueryDsl;
use serde::Serialize;

use crate::context::Context;
use crate::error::AppResult;

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

#[derive(Serialize)]
struct Ready {
    status: &'static str,
    database: &'static str,
}

pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

pub async fn readyz(ctx: web::Data<Context>) -> AppResult<HttpResponse> {
    let ok = ctx
        .db
        .run(|conn| Ok(diesel::sql_query("SELECT 1").execute(conn).is_ok()))
        .await
        .unwrap_or(false);
    let body = Ready {
        status: if ok { "ok" } else { "unavailable" },
        database: ctx.db.backend(),
    };
    Ok(if ok {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    })
}

/// `GET /metrics`: Prometheus text for whoever holds `KINLINK_METRICS_TOKEN` as a bearer
/// token; without the setting, or without the token, it does not exist (404, as any unknown
/// path). The queue depths are read from the database now.
pub async fn metrics(
    ctx: web::Data<Context>,
    req: actix_web::HttpRequest,
) -> AppResult<HttpResponse> {
    let Some(token) = ctx.settings.metrics_token.as_ref() else {
        return Err(crate::error::AppError::NotFound);
    };
    let given = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !crate::auth::constant_time_eq(given.as_bytes(), token.expose().as_bytes()) {
        return Err(crate::error::AppError::NotFound);
    }
    Ok(crate::http::metrics_listener::text(
        ctx.metrics.scrape(&ctx.db).await?,
    ))
}
