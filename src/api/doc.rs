//! The OpenAPI 3.1 document of `/api/v1`, generated from the code: each handler's
//! `#[utoipa::path]`, each body's `ToSchema`, and the closed lists below, which are read from
//! the same constants the validation uses (so an allowed value cannot be added in one place
//! only). `Conventions` adds what every operation shares: the bearer session token, and the
//! error body as the answer to every status an operation does not list.

use actix_web::HttpResponse;
use utoipa::Modify;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder, Schema};

use crate::consent::{ANSWER_REASONS, Answer, OPEN_REASONS};
use crate::domain::person::Relation;

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document of /api/v1.",
        content_type = "application/json", body = Object)),
)]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(super::document())
}

/// The name of the security scheme: `Authorization: Bearer <token>` from `POST /api/v1/sessions`.
pub const BEARER: &str = "session_token";

/// A string that is one of `values`.
fn one_of(values: impl IntoIterator<Item = &'static str>, description: &str) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values))
        .description(Some(description))
        .build()
}

fn nullable(schema: Object) -> Schema {
    Schema::OneOf(
        utoipa::openapi::schema::OneOfBuilder::new()
            .item(schema)
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .build(),
    )
}

pub fn answer_or_null() -> Schema {
    nullable(Answer::schema())
}

pub fn relation_or_null() -> Schema {
    nullable(Relation::schema())
}

pub fn open_reason() -> Object {
    one_of(
        OPEN_REASONS.iter().copied(),
        "Why the caseworker opens the case (audited).",
    )
}

pub fn open_reason_or_null() -> Schema {
    nullable(open_reason())
}

pub fn answer_reason() -> Object {
    one_of(
        ANSWER_REASONS.iter().copied(),
        "How the family gave the answer the caseworker records.",
    )
}

pub fn role() -> Object {
    one_of(
        crate::auth::Role::ALL.iter().map(|r| r.as_str()),
        "An account's role.",
    )
}

pub fn approval_purpose() -> Object {
    one_of(
        crate::accounts::approvals::ApprovalPurpose::ALL
            .iter()
            .map(|p| p.as_str()),
        "What the one-time approval code allows (else 400 `invalid_purpose`).",
    )
}

pub fn staff_state() -> Object {
    one_of(
        crate::accounts::staff_admin::StaffState::ALL
            .iter()
            .map(|s| s.as_str()),
        "A staff account's state.",
    )
}

/// A published statistic: a number of at least 5, or the words for a smaller one.
pub fn published_count() -> Schema {
    Schema::OneOf(
        utoipa::openapi::schema::OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(5)),
            )
            .item(one_of(["fewer_than_5"], "A count under 5, zero included."))
            .build(),
    )
}

pub fn locale() -> Object {
    one_of(
        crate::i18n::Lang::ALL.iter().map(|l| l.code()),
        "A supported language (else 400 `unknown_locale`).",
    )
}

pub fn locale_or_null() -> Schema {
    nullable(locale())
}

/// The body of every error answer (`http::error::ErrorBody`).
fn error_body() -> Object {
    let detail = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property(
            "code",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some(
                    "A stable snake_case code. Always possible: `not_found`, \
                     `method_not_allowed`, `payload_too_large`, `headers_too_large`, \
                     `invalid_json`, `unsupported_media_type`, `unauthorized`, \
                     `cross_site_request`, `rate_limited` (with `Retry-After`), \
                     `service_unavailable`, `internal_error`; each operation adds its own \
                     (validation codes such as `name_too_long`, `invalid_relation`, \
                     `invalid_retention`; conflicts such as `already_claimed`).",
                ))
                .examples(["not_found"]),
        )
        .required("code")
        .property(
            "message",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some(
                    "Plain English naming the field and, for a closed list, every allowed value; \
                 never the value sent.",
                )),
        )
        .required("message")
        .property(
            "request_id",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some("On 500s only: the id to quote to the operator.")),
        );
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("error", detail)
        .required("error")
        .description(Some("Every error answer of the API."))
        .build()
}

/// What every operation shares, added to the generated document.
pub struct Conventions;

impl Modify for Conventions {
    fn modify(&self, doc: &mut OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "The `token` of `POST /api/v1/sessions` (browsers send the same token \
                         as the `__Host-kinlink` cookie). Staff tokens work only after the \
                         second factor is confirmed.",
                    ))
                    .build(),
            ),
        );
        components
            .schemas
            .insert("ErrorBody".into(), RefOr::T(error_body().into()));
        components.responses.insert(
            "Error".into(),
            RefOr::T(
                ResponseBuilder::new()
                    .description(
                        "An error: 400 invalid input, 401 not signed in, 403 refused, \
                         404 unknown or not yours, 405, 409 conflict, 413, 415, 429 limit \
                         (`Retry-After`), 503.",
                    )
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ErrorBody")))
                            .build(),
                    )
                    .build(),
            ),
        );
        let signed_in = SecurityRequirement::new::<_, _, &str>(BEARER, []);
        for item in doc.paths.paths.values_mut() {
            for op in operations_mut(item) {
                op.responses
                    .responses
                    .entry("default".into())
                    .or_insert_with(|| RefOr::Ref(Ref::new("#/components/responses/Error")));
                // Public operations say `security(())`; every other one needs a session.
                if op.security.is_none() {
                    op.security = Some(vec![signed_in.clone()]);
                }
            }
        }
    }
}

/// The operations of a path, with their methods.
pub fn operations(
    item: &utoipa::openapi::PathItem,
) -> Vec<(&'static str, &utoipa::openapi::path::Operation)> {
    [
        ("GET", &item.get),
        ("PUT", &item.put),
        ("POST", &item.post),
        ("DELETE", &item.delete),
        ("PATCH", &item.patch),
        ("HEAD", &item.head),
        ("OPTIONS", &item.options),
        ("TRACE", &item.trace),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
    .collect()
}

fn operations_mut(
    item: &mut utoipa::openapi::PathItem,
) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.patch,
        &mut item.head,
        &mut item.options,
        &mut item.trace,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}
