//! HTML pages: handlers, templates glue, translations and static files.

pub mod assets;
pub mod i18n;
pub mod middleware;
pub mod page;
pub mod pages;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(pages::home))
        .route("/safety", web::get().to(pages::safety))
        .service(web::resource("/language").route(web::post().to(pages::choose_language)))
        .route("/static/{name}", web::get().to(assets::serve));
}
