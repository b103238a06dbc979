//! `POST /api/v1/locale {"locale": "ug"}`: the API twin of the language form, for scripts and
//! clients that keep the browser's remembered language in step.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::input::Json;
use crate::context::Context;
use crate::error::AppResult;
use crate::web::pages::language_cookie;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocaleRequest {
    #[schema(schema_with = crate::api::doc::locale)]
    locale: String,
}

#[derive(Serialize, ToSchema)]
pub struct LocaleResponse {
    #[schema(schema_with = crate::api::doc::locale)]
    locale: &'static str,
    /// `ltr` or `rtl`.
    dir: &'static str,
}

/// Remember a language for this browser (the language cookie); signed in, also the account's
/// language, the one its emails are written in.
#[utoipa::path(post, path = "/api/v1/locale", tag = "accounts", security((), ("session_token" = [])),
    request_body = LocaleRequest,
    responses((status = 200, description = "The language and its direction.", body = LocaleResponse)))]
pub async fn set_locale(
    ctx: web::Data<Context>,
    id: Option<crate::accounts::Identity>,
    body: Json<LocaleRequest>,
) -> AppResult<HttpResponse> {
    let lang = super::accounts::lang_or_en(Some(&body.locale))?;
    if let Some(id) = id {
        ctx.accounts.set_locale(&id, lang).await?;
    }
    Ok(HttpResponse::Ok()
        .cookie(language_cookie(lang, ctx.settings.behind_tls))
        .json(LocaleResponse {
            locale: lang.code(),
            dir: lang.dir(),
        }))
}
