//! `POST /api/v1/locale {"locale": "ug"}`: the API twin of the language form, for scripts and
//! clients that keep the browser's remembered language in step.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::api::input::Json;
use crate::context::Context;
use crate::error::AppResult;
use crate::web::pages::language_cookie;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocaleRequest {
    locale: String,
}

#[derive(Serialize)]
struct LocaleResponse {
    locale: &'static str,
    dir: &'static str,
}

pub async fn set_locale(
    ctx: web::Data<Context>,
    body: Json<LocaleRequest>,
) -> AppResult<HttpResponse> {
    let lang = super::accounts::lang_or_en(Some(&body.locale))?;
    Ok(HttpResponse::Ok()
        .cookie(language_cookie(lang, ctx.settings.behind_tls))
        .json(LocaleResponse {
            locale: lang.code(),
            dir: lang.dir(),
        }))
}
