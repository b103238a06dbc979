//! Build the application: settings -> keys -> database (+ migrations) -> services -> routes ->
//! server, and the background jobs when this process runs them.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context as _;

use crate::clock::Clock;
use crate::config::Settings;
use crate::context::Context;
use crate::error::AppError;
use crate::http::middleware;

pub struct Application {
    port: u16,
    server: Server,
    /// The `/metrics`-only listener (`KINLINK_METRICS_BIND`) and its port.
    metrics: Option<(Server, u16)>,
    ctx: Arc<Context>,
}

impl Application {
    /// The service on the system clock, running jobs unless the settings turn them off.
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        let jobs = settings.jobs;
        Self::build_with(settings, Clock::system(), jobs)
    }

    /// The service on `clock`; `jobs` says whether this process runs the background jobs.
    pub fn build_with(settings: Settings, clock: Clock, jobs: bool) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let workers = settings.workers;
        let timeout = settings.client_request_timeout;
        let ctx = Context::open(settings, clock)?;
        // A job or matcher that never starts must show up as late on the pages too.
        crate::jobs::health::ensure_rows(&mut *ctx.db.get()?, ctx.clock.now_naive())
            .context("cannot record the background jobs")?;
        if jobs {
            crate::jobs::spawn(ctx.clone());
            if ctx.settings.matcher {
                spawn_matcher(&ctx);
            }
        } else {
            tracing::info!("background jobs are off in this process (KINLINK_JOBS=false)");
        }
        let metrics = match ctx.settings.metrics_bind {
            Some(addr) => Some(crate::http::metrics_listener::bind(
                addr,
                ctx.metrics.clone(),
                ctx.db.clone(),
            )?),
            None => None,
        };
        let data = web::Data::from(ctx.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(crate::api::input::form_config())
                .app_data(crate::api::input::payload_config())
                .wrap(from_fn(middleware::service_health))
                .wrap(from_fn(middleware::session_renewal))
                .wrap(from_fn(middleware::form_cookie))
                .wrap(from_fn(middleware::cross_site_guard))
                .wrap(from_fn(middleware::header_limit))
                .wrap(from_fn(middleware::render_errors))
                .wrap(from_fn(middleware::hsts))
                .wrap(middleware::security_headers())
                .wrap(from_fn(middleware::request_log))
                .configure(crate::api::routes)
                .configure(crate::web::routes)
                .default_service(web::to(not_found))
        })
        .workers(workers)
        .client_request_timeout(timeout)
        .client_disconnect_timeout(timeout)
        .listen(listener)?
        .run();
        Ok(Application {
            port,
            server,
            metrics,
            ctx,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of the `/metrics`-only listener, when there is one.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(_, port)| *port)
    }

    pub fn context(&self) -> Arc<Context> {
        self.ctx.clone()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        if let Some((metrics, _)) = self.metrics {
            tokio::spawn(async move {
                if let Err(e) = metrics.await {
                    tracing::error!(error = %e, "the metrics listener stopped");
                }
            });
        }
        self.server.await
    }
}

async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// The matcher in this process, on a thread of its own (its work is blocking database work and
/// scoring). A second matcher on the same SQLite database is refused, so it logs and stops.
fn spawn_matcher(ctx: &Arc<Context>) {
    let Some(matcher) = ctx.matcher.clone() else {
        tracing::warn!("this key file cannot open match keys: no matcher in this process");
        return;
    };
    let url = ctx.settings.database_url.clone();
    let spawned = std::thread::Builder::new()
        .name("matcher".into())
        .spawn(move || {
            let stop = std::sync::atomic::AtomicBool::new(false);
            if let Err(e) = crate::matching::matcher::run(&matcher, &url, &stop) {
                tracing::error!(error = %e, "the matcher stopped");
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "cannot start the matcher thread");
    }
}
