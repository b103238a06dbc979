//! The JSON API under `/api/v1`, plus the health probes. Handlers stay thin: parse, call one
//! service, answer a response struct.

pub mod health;
pub mod input;
pub mod locale;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .service(
            web::scope("/api/v1")
                .service(web::resource("/locale").route(web::post().to(locale::set_locale))),
        );
}
