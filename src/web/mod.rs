//! HTML pages: handlers, templates glue, translations and static files.

pub mod account_pages;
pub mod approval_pages;
pub mod assets;
pub mod charts;
pub mod match_pages;
pub mod page;
pub mod pages;
pub mod registration_pages;
pub mod review_pages;
pub mod staff_pages;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(pages::home))
        .route("/safety", web::get().to(pages::safety))
        .service(web::resource("/language").route(web::post().to(pages::choose_language)))
        .route("/static/{name}", web::get().to(assets::serve))
        .service(
            web::resource("/sign-up")
                .route(web::get().to(account_pages::sign_up_page))
                .route(web::post().to(account_pages::sign_up)),
        )
        .service(
            web::resource("/sign-in")
                .route(web::get().to(account_pages::sign_in_page))
                .route(web::post().to(account_pages::sign_in)),
        )
        .service(web::resource("/sign-out").route(web::post().to(account_pages::sign_out)))
        .service(
            web::resource("/recover")
                .route(web::get().to(account_pages::recover_page))
                .route(web::post().to(account_pages::recover)),
        )
        .service(
            web::resource("/recover/email").route(web::post().to(account_pages::recover_email)),
        )
        .service(web::resource("/account").route(web::get().to(account_pages::account)))
        .service(
            web::resource("/account/passphrase")
                .route(web::post().to(account_pages::change_passphrase)),
        )
        .service(web::resource("/account/email").route(web::post().to(account_pages::set_email)))
        .service(
            web::resource("/account/email/verify")
                .route(web::post().to(account_pages::verify_email)),
        )
        .service(
            web::resource("/account/email/remove")
                .route(web::post().to(account_pages::remove_email)),
        )
        .service(web::resource("/account/duress").route(web::post().to(account_pages::set_duress)))
        .service(
            web::resource("/account/sign-out-everywhere")
                .route(web::post().to(account_pages::sign_out_everywhere)),
        )
        .service(
            web::resource("/staff/second-factor")
                .route(web::get().to(account_pages::second_factor_page))
                .route(web::post().to(account_pages::second_factor_start)),
        )
        .service(
            web::resource("/staff/second-factor/confirm")
                .route(web::post().to(account_pages::second_factor_confirm)),
        )
        .service(
            web::resource("/staff/invites")
                .route(web::get().to(account_pages::invites))
                .route(web::post().to(account_pages::create_invite)),
        )
        .service(
            web::resource("/staff/organizations")
                .route(web::post().to(account_pages::create_organization)),
        )
        .service(web::resource("/dashboard").route(web::get().to(registration_pages::dashboard)))
        .service(web::resource("/renew").route(web::post().to(registration_pages::renew)))
        .service(
            web::resource("/about-me")
                .route(web::get().to(registration_pages::about_me))
                .route(web::post().to(registration_pages::save_about_me)),
        )
        .service(
            web::resource("/searches/new").route(web::get().to(registration_pages::new_search)),
        )
        .service(
            web::resource("/searches").route(web::post().to(registration_pages::create_search)),
        )
        .service(
            web::resource("/searches/{id}/edit")
                .route(web::get().to(registration_pages::edit_search)),
        )
        .service(
            web::resource("/searches/{id}")
                .route(web::post().to(registration_pages::update_search)),
        )
        .service(
            web::resource("/searches/{id}/{action}")
                .route(web::get().to(registration_pages::search_action_page))
                .route(web::post().to(registration_pages::search_action)),
        )
        .service(
            web::resource("/contact-card")
                .route(web::get().to(registration_pages::contact_card))
                .route(web::post().to(registration_pages::save_contact_card)),
        )
        .service(
            web::resource("/preconsent-card")
                .route(web::get().to(registration_pages::preconsent_card))
                .route(web::post().to(registration_pages::save_preconsent_card)),
        )
        .service(
            web::resource("/verification-facts")
                .route(web::get().to(registration_pages::facts))
                .route(web::post().to(registration_pages::save_facts)),
        )
        .service(
            web::resource("/privacy")
                .route(web::get().to(registration_pages::privacy))
                .route(web::post().to(registration_pages::save_privacy)),
        )
        .service(
            web::resource("/delete")
                .route(web::get().to(registration_pages::delete_page))
                .route(web::post().to(registration_pages::delete_everything)),
        )
        .service(web::resource("/matches").route(web::get().to(match_pages::matches)))
        .service(web::resource("/access-log").route(web::get().to(match_pages::access_log)))
        .service(web::resource("/review").route(web::get().to(review_pages::queue)))
        .service(web::resource("/review/alerts").route(web::get().to(review_pages::alerts)))
        .service(
            web::resource("/review/assisted")
                .route(web::get().to(review_pages::assisted))
                .route(web::post().to(review_pages::create_assisted)),
        )
        .service(
            web::resource("/review/assisted/{id}")
                .route(web::get().to(review_pages::view_assisted)),
        )
        .service(
            web::resource("/review/settings")
                .route(web::get().to(review_pages::settings))
                .route(web::post().to(review_pages::save_settings)),
        )
        .service(
            web::resource("/review/registrations/{id}/vet")
                .route(web::post().to(review_pages::vet)),
        )
        .service(web::resource("/review/{id}/{action}").route(web::post().to(review_pages::act)))
        .service(web::resource("/matches/{id}/{action}").route(web::post().to(match_pages::act)))
        .service(
            web::resource("/invite")
                .route(web::get().to(account_pages::accept_invite_page))
                .route(web::post().to(account_pages::accept_invite)),
        )
        .service(
            web::resource("/staff/approvals")
                .route(web::get().to(approval_pages::approvals))
                .route(web::post().to(approval_pages::issue)),
        )
        .service(web::resource("/staff/members").route(web::get().to(staff_pages::members)))
        .service(
            web::resource("/staff/members/{id}/{action}")
                .route(web::post().to(staff_pages::member_action)),
        )
        .service(web::resource("/staff/audit").route(web::get().to(staff_pages::audit)))
        .service(web::resource("/staff/statistics").route(web::get().to(staff_pages::statistics)))
        .service(
            web::resource("/staff/sign-in")
                .route(web::get().to(account_pages::staff_sign_in_page))
                .route(web::post().to(account_pages::staff_sign_in)),
        );
}
