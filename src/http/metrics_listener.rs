//! The metrics listener (`KINLINK_METRICS_BIND`): a second address that serves `/metrics` and
//! nothing else, without a token, for a network only monitoring reaches. `serve` opens it beside
//! its own listener; `matcher` and `worker`, which have no other, open it on a thread of its own.

use std::net::{SocketAddr, TcpListener};

use actix_web::dev::Server;
use actix_web::{App, HttpResponse, HttpServer, web};
use anyhow::Context as _;

use crate::db::Db;
use crate::error::AppResult;
use crate::metrics::Metrics;

/// Prometheus text exposition.
pub fn text(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(body)
}

/// Listen on `addr` (port 0: any free port); the server runs once awaited.
pub fn bind(addr: SocketAddr, metrics: Metrics, db: Db) -> anyhow::Result<(Server, u16)> {
    let listener = TcpListener::bind(addr)
        .with_context(|| format!("cannot listen on {addr} (KINLINK_METRICS_BIND)"))?;
    let port = listener.local_addr()?.port();
    let state = web::Data::new((metrics, db));
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/metrics", web::get().to(scrape))
            .default_service(web::to(HttpResponse::NotFound))
    })
    .workers(1)
    // The process's own signal handling decides when it stops.
    .disable_signals()
    .listen(listener)?
    .run();
    tracing::info!(port, "metrics are served");
    Ok((server, port))
}

async fn scrape(state: web::Data<(Metrics, Db)>) -> AppResult<HttpResponse> {
    let (metrics, db) = state.get_ref();
    Ok(text(metrics.scrape(db).await?))
}

/// For a process without an HTTP server of its own: the listener on its own thread and
/// runtime. Returns the port once it listens, or why it cannot.
pub fn spawn_thread(addr: SocketAddr, metrics: Metrics, db: Db) -> anyhow::Result<u16> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("metrics".into())
        .spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                match bind(addr, metrics, db) {
                    Ok((server, port)) => {
                        let _ = tx.send(Ok(port));
                        if let Err(e) = server.await {
                            tracing::error!(error = %e, "the metrics listener stopped");
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                    }
                }
            })
        })?;
    rx.recv()
        .context("the metrics thread ended before it listened")?
}
