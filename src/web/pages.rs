//! Public pages: home, safety advice, and the language choice.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::page::{PageCtx, local_path, render};
use crate::context::Context;
use crate::error::{AppError, AppResult};
use crate::http::locale::LANG_COOKIE;
use crate::i18n::Lang;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    c: &'a PageCtx,
}

#[derive(Template)]
#[template(path = "safety.html")]
struct SafetyPage<'a> {
    c: &'a PageCtx,
}

pub async fn home(c: PageCtx) -> AppResult<HttpResponse> {
    render(&HomePage { c: &c })
}

pub async fn safety(c: PageCtx) -> AppResult<HttpResponse> {
    render(&SafetyPage { c: &c })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageForm {
    lang: String,
    next: Option<String>,
}

/// The remembered-language cookie. Not a secret; HttpOnly anyway, Secure behind TLS.
pub fn language_cookie(lang: Lang, secure: bool) -> Cookie<'static> {
    Cookie::build(LANG_COOKIE, lang.code())
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::days(365))
        .finish()
}

/// `POST /language`: remember the choice and go back to the page it came from. Signed in, it
/// is also the account's language, the one its emails are written in.
pub async fn choose_language(
    state: web::Data<Context>,
    id: Option<crate::accounts::Identity>,
    form: web::Form<LanguageForm>,
) -> AppResult<HttpResponse> {
    let lang = Lang::parse(&form.lang)
        .ok_or_else(|| AppError::invalid("unknown_language", "Unknown language."))?;
    if let Some(id) = id {
        state.accounts.set_locale(&id, lang).await?;
    }
    let next = local_path(form.next.as_deref().unwrap_or("/")).to_string();
    Ok(HttpResponse::SeeOther()
        .cookie(language_cookie(lang, state.settings.behind_tls))
        .insert_header((header::LOCATION, next))
        .finish())
}
