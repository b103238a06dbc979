//! The JSON API under `/api/v1`, plus the health probes. Handlers stay thin: parse, call one
//! service, answer a response struct.

pub mod accounts;
pub mod health;
pub mod input;
pub mod locale;
pub mod staff;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .service(
            web::scope("/api/v1")
                .service(web::resource("/locale").route(web::post().to(locale::set_locale)))
                .service(web::resource("/accounts").route(web::post().to(accounts::sign_up)))
                .service(
                    web::resource("/sessions")
                        .route(web::post().to(accounts::sign_in))
                        .route(web::get().to(accounts::list_sessions))
                        .route(web::delete().to(accounts::sign_out_everywhere)),
                )
                .service(
                    web::resource("/sessions/current").route(web::delete().to(accounts::sign_out)),
                )
                .service(web::resource("/me").route(web::get().to(accounts::me)))
                .service(
                    web::resource("/me/passphrase")
                        .route(web::post().to(accounts::change_passphrase)),
                )
                .service(
                    web::resource("/me/email")
                        .route(web::post().to(accounts::set_email))
                        .route(web::delete().to(accounts::remove_email)),
                )
                .service(
                    web::resource("/me/email/verify").route(web::post().to(accounts::verify_email)),
                )
                .service(web::resource("/me/duress").route(web::post().to(accounts::set_duress)))
                .service(web::resource("/me/totp").route(web::post().to(staff::totp_enrol)))
                .service(
                    web::resource("/me/totp/confirm").route(web::post().to(staff::totp_confirm)),
                )
                .service(web::resource("/recovery").route(web::post().to(accounts::recover)))
                .service(
                    web::resource("/admin/organizations")
                        .route(web::post().to(staff::create_organization)),
                )
                .service(web::resource("/invites").route(web::post().to(staff::create_invite)))
                .service(
                    web::resource("/invites/{code}/accept")
                        .route(web::post().to(staff::accept_invite)),
                ),
        );
}
