//! The JSON API under `/api/v1`, plus the health probes. Handlers stay thin: parse, call one
//! service, answer a response struct.

pub mod accounts;
pub mod health;
pub mod input;
pub mod locale;
pub mod matches;
pub mod registrations;
pub mod staff;
pub mod time;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(health::metrics))
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
                .service(
                    web::resource("/me")
                        .route(web::get().to(accounts::me))
                        .route(web::delete().to(registrations::delete_me)),
                )
                .service(
                    web::resource("/me/profile")
                        .route(web::get().to(registrations::get_profile))
                        .route(web::put().to(registrations::put_profile)),
                )
                .service(
                    web::resource("/me/searches")
                        .route(web::get().to(registrations::list_searches))
                        .route(web::post().to(registrations::create_search)),
                )
                .service(
                    web::resource("/me/searches/{id}")
                        .route(web::get().to(registrations::get_search))
                        .route(web::put().to(registrations::put_search))
                        .route(web::delete().to(registrations::delete_search)),
                )
                .service(
                    web::resource("/me/searches/{id}/pause")
                        .route(web::post().to(registrations::pause_search)),
                )
                .service(
                    web::resource("/me/searches/{id}/resume")
                        .route(web::post().to(registrations::resume_search)),
                )
                .service(
                    web::resource("/me/contact-card")
                        .route(web::get().to(registrations::get_contact_card))
                        .route(web::put().to(registrations::put_contact_card)),
                )
                .service(
                    web::resource("/me/preconsent-card")
                        .route(web::get().to(registrations::get_preconsent_card))
                        .route(web::put().to(registrations::put_preconsent_card)),
                )
                .service(
                    web::resource("/me/verification-facts")
                        .route(web::get().to(registrations::get_facts))
                        .route(web::put().to(registrations::put_facts)),
                )
                .service(
                    web::resource("/me/settings")
                        .route(web::get().to(registrations::get_settings))
                        .route(web::put().to(registrations::put_settings)),
                )
                .service(web::resource("/me/export").route(web::get().to(registrations::export)))
                .service(web::resource("/me/renew").route(web::post().to(registrations::renew)))
                .service(
                    web::resource("/assisted")
                        .route(web::post().to(registrations::create_assisted)),
                )
                .service(
                    web::resource("/assisted/{id}")
                        .route(web::get().to(registrations::view_assisted)),
                )
                .service(web::resource("/claim").route(web::post().to(registrations::claim)))
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
                .service(web::resource("/me/matches").route(web::get().to(matches::my_matches)))
                .service(web::resource("/me/access-log").route(web::get().to(matches::access_log)))
                .service(
                    web::resource("/me/matches/{id}/answer").route(web::post().to(matches::answer)),
                )
                .service(
                    web::resource("/me/matches/{id}/messages")
                        .route(web::post().to(matches::message)),
                )
                .service(
                    web::resource("/me/matches/{id}/withdraw")
                        .route(web::post().to(matches::withdraw)),
                )
                .service(
                    web::resource("/me/matches/{id}/close").route(web::post().to(matches::close)),
                )
                .service(web::resource("/review/queue").route(web::get().to(matches::queue)))
                .service(web::resource("/review/alerts").route(web::get().to(matches::alerts)))
                .service(
                    web::resource("/review/settings")
                        .route(web::get().to(matches::get_review_settings))
                        .route(web::put().to(matches::put_review_settings)),
                )
                .service(
                    web::resource("/review/candidates/{id}/claim")
                        .route(web::post().to(matches::claim)),
                )
                .service(
                    web::resource("/review/candidates/{id}/release")
                        .route(web::post().to(matches::release)),
                )
                .service(
                    web::resource("/review/candidates/{id}/open")
                        .route(web::post().to(matches::open)),
                )
                .service(
                    web::resource("/review/candidates/{id}/approve")
                        .route(web::post().to(matches::approve)),
                )
                .service(
                    web::resource("/review/candidates/{id}/reject")
                        .route(web::post().to(matches::reject)),
                )
                .service(
                    web::resource("/review/candidates/{id}/messages")
                        .route(web::post().to(matches::reply)),
                )
                .service(
                    web::resource("/review/candidates/{id}/answer")
                        .route(web::post().to(matches::answer_for_family)),
                )
                .service(
                    web::resource("/review/registrations/{id}/vet")
                        .route(web::post().to(matches::vet)),
                )
                .service(
                    web::resource("/invites/{code}/accept")
                        .route(web::post().to(staff::accept_invite)),
                )
                .service(web::resource("/approvals").route(web::post().to(staff::issue_approval))),
        );
}
