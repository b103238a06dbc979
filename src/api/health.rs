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
