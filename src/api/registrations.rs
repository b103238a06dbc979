//! `/api/v1/me/profile`, `/me/searches…`, the cards, settings, export and delete-everything;
//! `/api/v1/assisted` (caseworkers) and `/api/v1/claim`.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::accounts::Identity;
use crate::accounts::identity::{Staff, clear_session_cookie};
use crate::crypto::Sensitive;
use crate::domain::{
    ContactCardInput, DomainError, FactsInput, PersonInput, PreconsentInput, SettingsInput,
    SoughtInput,
};
use crate::error::{AppError, AppResult};
use crate::registrations::{self as reg, Card};
use crate::startup::AppState;

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        AppError::Invalid {
            code: e.code,
            message: e.to_string(),
        }
    }
}

/// A validated value as stored JSON; a birthplace region must be one of the bundled list.
pub fn stored<T: Serialize>(value: &T) -> AppResult<Value> {
    let v = serde_json::to_value(value).map_err(AppError::internal)?;
    if let Some(code) = v.pointer("/birthplace/region").and_then(Value::as_str)
        && crate::regions::find(code).is_none()
    {
        return Err(AppError::invalid(
            "invalid_region",
            "birthplace.region: not a known region code",
        ));
    }
    Ok(v)
}

fn json_or_null(v: Option<Value>) -> HttpResponse {
    HttpResponse::Ok().json(v.unwrap_or(Value::Null))
}

pub async fn get_profile(state: web::Data<AppState>, id: Identity) -> AppResult<HttpResponse> {
    Ok(json_or_null(
        reg::get_card(&state, &id, Card::Profile).await?,
    ))
}

pub async fn put_profile(
    state: web::Data<AppState>,
    id: Identity,
    body: web::Json<PersonInput>,
) -> AppResult<HttpResponse> {
    let person = body.into_inner().validate()?;
    reg::put_card(&state, &id, Card::Profile, stored(&person)?).await?;
    Ok(HttpResponse::Ok().json(stored(&person)?))
}

pub async fn list_searches(state: web::Data<AppState>, id: Identity) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(reg::list_searches(&state, &id).await?))
}

#[derive(Serialize)]
struct CreatedSearch {
    id: String,
}

pub async fn create_search(
    state: web::Data<AppState>,
    id: Identity,
    body: web::Json<SoughtInput>,
) -> AppResult<HttpResponse> {
    let person = body.into_inner().validate()?;
    let search_id = reg::create_search(&state, &id, stored(&person)?).await?;
    Ok(HttpResponse::Created().json(CreatedSearch { id: search_id }))
}

pub async fn get_search(
    state: web::Data<AppState>,
    id: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(reg::get_search(&state, &id, &path).await?))
}

pub async fn put_search(
    state: web::Data<AppState>,
    id: Identity,
    path: web::Path<String>,
    body: web::Json<SoughtInput>,
) -> AppResult<HttpResponse> {
    let person = body.into_inner().validate()?;
    reg::update_search(&state, &id, &path, stored(&person)?).await?;
    Ok(HttpResponse::Ok().json(reg::get_search(&state, &id, &path).await?))
}

pub async fn delete_search(
    state: web::Data<AppState>,
    id: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    reg::delete_search(&state, &id, &path).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn pause_search(
    state: web::Data<AppState>,
    id: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    reg::set_paused(&state, &id, &path, true).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn resume_search(
    state: web::Data<AppState>,
    id: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    reg::set_paused(&state, &id, &path, false).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn get_contact_card(state: web::Data<AppState>, id: Identity) -> AppResult<HttpResponse> {
    Ok(json_or_null(
        reg::get_card(&state, &id, Card::ContactCard).await?,
    ))
}

pub async fn put_contact_card(
    state: web::Data<AppState>,
    id: Identity,
    body: web::Json<ContactCardInput>,
) -> AppResult<HttpResponse> {
    let card = stored(&body.into_inner().validate()?)?;
    reg::put_card(&state, &id, Card::ContactCard, card.clone()).await?;
    Ok(HttpResponse::Ok().json(card))
}

pub async fn get_preconsent_card(
    state: web::Data<AppState>,
    id: Identity,
) -> AppResult<HttpResponse> {
    let card = reg::get_card(&state, &id, Card::Preconsent).await?;
    // Never set: the default shows the claimed relation only.
    let card = match card {
        Some(c) => c,
        None => stored(&crate::domain::PreconsentCard::default())?,
    };
    Ok(HttpResponse::Ok().json(card))
}

pub async fn put_preconsent_card(
    state: web::Data<AppState>,
    id: Identity,
    body: web::Json<PreconsentInput>,
) -> AppResult<HttpResponse> {
    let card = stored(&body.into_inner().validate()?)?;
    reg::put_card(&state, &id, Card::Preconsent, card.clone()).await?;
    Ok(HttpResponse::Ok().json(card))
}

pub async fn get_facts(state: web::Data<AppState>, id: Identity) -> AppResult<HttpResponse> {
    Ok(json_or_null(reg::get_card(&state, &id, Card::Facts).await?))
}

pub async fn put_facts(
    state: web::Data<AppState>,
    id: Identity,
    body: web::Json<FactsInput>,
) -> AppResult<HttpResponse> {
    let facts = stored(&body.into_inner().validate()?)?;
    reg::put_card(&state, &id, Card::Facts, facts.clone()).await?;
    Ok(HttpResponse::Ok().json(facts))
}

pub async fn get_settings(state: web::Data<AppState>, id: Identity) -> AppResult<HttpResponse> {
    let settings = match reg::get_card(&state, &id, Card::Settings).await? {
        Some(s) => s,
        None => stored(&crate::domain::PrivacySettings::default())?,
    };
    Ok(HttpResponse::Ok().json(settings))
}

pub async fn put_settings(
    state: web::Data<AppState>,
    id: Identity,
    body: web::Json<SettingsInput>,
) -> AppResult<HttpResponse> {
    let settings = stored(&body.into_inner().validate()?)?;
    reg::put_card(&state, &id, Card::Settings, settings.clone()).await?;
    Ok(HttpResponse::Ok().json(settings))
}

pub async fn export(state: web::Data<AppState>, id: Identity) -> AppResult<HttpResponse> {
    let export = reg::export(&state, &id).await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"kinlink-export.json\"",
        ))
        .json(export))
}

pub async fn delete_me(state: web::Data<AppState>, id: Identity) -> AppResult<HttpResponse> {
    reg::delete_everything(&state, &id).await?;
    Ok(HttpResponse::NoContent()
        .cookie(clear_session_cookie())
        .insert_header(("Clear-Site-Data", "\"cache\", \"cookies\""))
        .finish())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssistedRequest {
    profile: Option<PersonInput>,
    #[serde(default)]
    searches: Vec<SoughtInput>,
}

#[derive(Serialize)]
struct AssistedCreated {
    id: String,
    claim_code: String,
}

pub async fn create_assisted(
    state: web::Data<AppState>,
    staff: Staff,
    body: web::Json<AssistedRequest>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let profile = body
        .profile
        .map(|p| p.validate())
        .transpose()?
        .map(|p| stored(&p))
        .transpose()?;
    let searches = body
        .searches
        .into_iter()
        .map(|s| stored(&s.validate()?))
        .collect::<AppResult<Vec<_>>>()?;
    let created = reg::create_assisted(&state, &staff.0, profile, searches).await?;
    Ok(HttpResponse::Created().json(AssistedCreated {
        id: created.id,
        claim_code: created.claim_code,
    }))
}

pub async fn view_assisted(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(reg::view_assisted(&state, &staff.0, &path).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRequest {
    code: String,
    passphrase: Sensitive<String>,
    locale: Option<String>,
}

pub async fn claim(
    state: web::Data<AppState>,
    body: web::Json<ClaimRequest>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let lang = super::accounts::lang_or_en(body.locale.as_deref())?;
    let created = reg::claim(&state, &body.code, body.passphrase, lang).await?;
    Ok(HttpResponse::Created().json(super::accounts::SignUpResponse::from(created)))
}
