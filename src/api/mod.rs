//! The JSON API under `/api/v1`, plus the health probes. Handlers stay thin: parse, call one
//! service, answer a response struct.
//!
//! # Adding an API route (the one pattern; the router and the OpenAPI document come from it)
//!
//! 1. Write the handler in its module with `#[utoipa::path(METHOD, path = "/api/v1/...",
//!    tag = "...", request_body = Body, responses((status = 200, body = Answer)))]` above it
//!    (add `security(())` if it answers without a session) and `#[derive(ToSchema)]` on its
//!    bodies. Closed lists take their values from the code (`#[schema(schema_with =
//!    doc::relation)]`); errors need no listing (every operation answers `ErrorBody` otherwise).
//! 2. Add `module::handler` to the `api!` list below (handler names are unique: they are the
//!    operation ids).
//!
//! Nothing else: `routes` registers each documented path and method with its handler, so a
//! route cannot be served undocumented nor documented unserved (`tests/api/openapi.rs`).
//! `/healthz`, `/readyz` and `/metrics` are outside `/api/v1` and outside the document.

pub mod accounts;
pub mod doc;
pub mod health;
pub mod input;
pub mod locale;
pub mod matches;
pub mod registrations;
pub mod staff;
pub mod time;

use actix_web::http::Method;
use actix_web::web;
use utoipa::OpenApi;

use doc::Conventions;

/// Every API handler, once: the document lists their `#[utoipa::path]`s, and `route_for`
/// finds the handler of an operation id.
macro_rules! api {
    ($($module:ident :: $handler:ident),+ $(,)?) => {
        #[derive(OpenApi)]
        #[openapi(
            info(
                title = "kinlink",
                description = "The JSON API of kinlink: registrations of lost relatives, \
                    sealed at rest, matched and reviewed by caseworkers, disclosed only when \
                    both families consent. Every body is JSON; unknown fields are refused \
                    (`invalid_json`); times are RFC 3339 in UTC with a `Z`; a foreign or \
                    unknown id answers 404.",
                license(name = "Apache-2.0", identifier = "Apache-2.0"),
            ),
            paths($($module::$handler),+),
            modifiers(&Conventions),
        )]
        pub struct ApiDoc;

        /// Handler names in the order of the list (the operation ids).
        pub const HANDLERS: &[&str] = &[$(stringify!($handler)),+];

        fn route_for(operation_id: &str) -> Option<actix_web::Route> {
            match operation_id {
                $(stringify!($handler) => Some(web::route().to($module::$handler)),)+
                _ => None,
            }
        }
    };
}

api! {
    locale::set_locale,
    accounts::sign_up,
    accounts::sign_in,
    accounts::list_sessions,
    accounts::sign_out_everywhere,
    accounts::sign_out,
    accounts::me,
    registrations::delete_me,
    registrations::get_profile,
    registrations::put_profile,
    registrations::list_searches,
    registrations::create_search,
    registrations::get_search,
    registrations::put_search,
    registrations::delete_search,
    registrations::pause_search,
    registrations::resume_search,
    registrations::get_contact_card,
    registrations::put_contact_card,
    registrations::get_preconsent_card,
    registrations::put_preconsent_card,
    registrations::get_facts,
    registrations::put_facts,
    registrations::get_settings,
    registrations::put_settings,
    registrations::export,
    registrations::renew,
    registrations::create_assisted,
    registrations::view_assisted,
    registrations::claim,
    accounts::change_passphrase,
    accounts::set_email,
    accounts::remove_email,
    accounts::verify_email,
    accounts::set_duress,
    staff::totp_enrol,
    staff::totp_confirm,
    accounts::recover,
    staff::create_organization,
    staff::create_invite,
    matches::my_matches,
    matches::access_log,
    matches::answer,
    matches::message,
    matches::withdraw,
    matches::close,
    matches::queue,
    matches::alerts,
    matches::get_review_settings,
    matches::put_review_settings,
    matches::claim_candidate,
    matches::release,
    matches::open,
    matches::approve,
    matches::reject,
    matches::reply,
    matches::answer_for_family,
    matches::vet,
    staff::accept_invite,
    staff::issue_approval,
    staff::list_staff,
    staff::disable_staff,
    staff::enable_staff,
    staff::remove_staff,
    staff::request_totp_reset,
    staff::approve_totp_reset,
    staff::audit_trail,
    staff::statistics,
    doc::openapi_json,
}

/// The document, built once per process (it is the same for every request).
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOC: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    DOC.get_or_init(ApiDoc::openapi)
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(health::metrics));
    // One resource per path, so a method the document does not list answers 405.
    for (path, item) in &document().paths.paths {
        let mut resource = web::resource(path.as_str());
        for (method, op) in doc::operations(item) {
            let id = op.operation_id.as_deref().unwrap_or_default();
            let route = route_for(id)
                .unwrap_or_else(|| panic!("{method} {path}: no handler named {id:?} in api!"));
            let method = Method::from_bytes(method.as_bytes()).expect("an HTTP method");
            resource = resource.route(route.method(method));
        }
        cfg.service(resource);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each handler of `api!` is one documented operation, under its own name.
    #[test]
    fn every_listed_handler_is_one_documented_operation() {
        let mut ids: Vec<String> = document()
            .paths
            .paths
            .values()
            .flat_map(|item| doc::operations(item).into_iter().map(|(_, op)| op))
            .map(|op| op.operation_id.clone().expect("an operation id"))
            .collect();
        ids.sort();
        let mut handlers: Vec<String> = HANDLERS.iter().map(|h| h.to_string()).collect();
        handlers.sort();
        assert_eq!(ids, handlers);
        assert!(ids.iter().all(|id| route_for(id).is_some()));
    }
}
