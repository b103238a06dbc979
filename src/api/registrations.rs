//! `/api/v1/me/profile`, `/me/searches…`, the cards, settings, export and delete-everything;
//! `/api/v1/assisted` (caseworkers) and `/api/v1/claim`.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::accounts::{Me, SignUpResponse, lang_or_en, signed_out};
use crate::accounts::{Identity, Staff};
use crate::api::input::Json;
use crate::context::Context;
use crate::crypto::Sensitive;
use crate::domain::{
    ContactCard, ContactCardInput, FactsInput, Person, PersonInput, PreconsentCard,
    PreconsentInput, PrivacySettings, SettingsInput, SoughtInput, SoughtPerson, VerificationFacts,
};
use crate::error::AppResult;
use crate::registrations::{AssistedView, Search};

fn json_or_null<T: Serialize>(v: Option<T>) -> HttpResponse {
    HttpResponse::Ok().json(v)
}

/// A person sought, as its owner sees it.
#[derive(Serialize)]
pub struct SearchView {
    pub id: String,
    pub paused: bool,
    pub person: SoughtPerson,
    #[serde(serialize_with = "crate::api::time::rfc3339")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::api::time::rfc3339")]
    pub updated_at: NaiveDateTime,
}

impl From<Search> for SearchView {
    fn from(s: Search) -> Self {
        SearchView {
            id: s.id,
            paused: s.paused,
            person: s.person,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

pub async fn get_profile(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    Ok(json_or_null(ctx.registrations.card::<Person>(&id).await?))
}

pub async fn put_profile(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<PersonInput>,
) -> AppResult<HttpResponse> {
    let person = body.validate_at(ctx.clock.today())?;
    Ok(HttpResponse::Ok().json(ctx.registrations.put_card(&id, person).await?))
}

pub async fn list_searches(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    let searches: Vec<SearchView> = ctx
        .registrations
        .searches(&id)
        .await?
        .into_iter()
        .map(SearchView::from)
        .collect();
    Ok(HttpResponse::Ok().json(searches))
}

#[derive(Serialize)]
struct Created {
    id: String,
}

pub async fn create_search(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<SoughtInput>,
) -> AppResult<HttpResponse> {
    let person = body.validate_at(ctx.clock.today())?;
    let search_id = ctx.registrations.create_search(&id, person).await?;
    Ok(HttpResponse::Created().json(Created { id: search_id }))
}

pub async fn get_search(
    ctx: web::Data<Context>,
    id: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(SearchView::from(
        ctx.registrations.search(&id, &path).await?,
    )))
}

pub async fn put_search(
    ctx: web::Data<Context>,
    id: Identity,
    path: web::Path<String>,
    body: Json<SoughtInput>,
) -> AppResult<HttpResponse> {
    let person = body.validate_at(ctx.clock.today())?;
    let saved = ctx.registrations.update_search(&id, &path, person).await?;
    Ok(HttpResponse::Ok().json(SearchView::from(saved)))
}

pub async fn delete_search(
    ctx: web::Data<Context>,
    id: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    ctx.registrations.delete_search(&id, &path).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn pause_search(
    ctx: web::Data<Context>,
    id: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    ctx.registrations.set_paused(&id, &path, true).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn resume_search(
    ctx: web::Data<Context>,
    id: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    ctx.registrations.set_paused(&id, &path, false).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn get_contact_card(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    Ok(json_or_null(
        ctx.registrations.card::<ContactCard>(&id).await?,
    ))
}

pub async fn put_contact_card(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<ContactCardInput>,
) -> AppResult<HttpResponse> {
    let card = body.validate()?;
    Ok(HttpResponse::Ok().json(ctx.registrations.put_card(&id, card).await?))
}

pub async fn get_preconsent_card(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    // Never set: the default shows the claimed relation only.
    let card = ctx
        .registrations
        .card::<PreconsentCard>(&id)
        .await?
        .unwrap_or_default();
    Ok(HttpResponse::Ok().json(card))
}

pub async fn put_preconsent_card(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<PreconsentInput>,
) -> AppResult<HttpResponse> {
    let card = body.validate()?;
    Ok(HttpResponse::Ok().json(ctx.registrations.put_card(&id, card).await?))
}

pub async fn get_facts(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    Ok(json_or_null(
        ctx.registrations.card::<VerificationFacts>(&id).await?,
    ))
}

pub async fn put_facts(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<FactsInput>,
) -> AppResult<HttpResponse> {
    let facts = body.validate()?;
    Ok(HttpResponse::Ok().json(ctx.registrations.put_card(&id, facts).await?))
}

pub async fn get_settings(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    let settings = ctx
        .registrations
        .card::<PrivacySettings>(&id)
        .await?
        .unwrap_or_default();
    Ok(HttpResponse::Ok().json(settings))
}

pub async fn put_settings(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<SettingsInput>,
) -> AppResult<HttpResponse> {
    let settings = body.validate()?;
    Ok(HttpResponse::Ok().json(ctx.registrations.put_card(&id, settings).await?))
}

/// Everything the account holds, decrypted: the registrant's copy of their data.
#[derive(Serialize)]
struct ExportView {
    account: Me,
    profile: Option<Person>,
    searches: Vec<SearchView>,
    contact_card: Option<ContactCard>,
    preconsent_card: Option<PreconsentCard>,
    verification_facts: Option<VerificationFacts>,
    settings: Option<PrivacySettings>,
    #[serde(serialize_with = "crate::api::time::rfc3339")]
    exported_at: NaiveDateTime,
}

pub async fn export(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    let export = ctx.lifecycle.export(&id).await?;
    let data = export.data;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"kinlink-export.json\"",
        ))
        .json(ExportView {
            account: Me::from(export.account),
            profile: data.profile,
            searches: data.searches.into_iter().map(SearchView::from).collect(),
            contact_card: data.contact_card,
            preconsent_card: data.preconsent_card,
            verification_facts: data.verification_facts,
            settings: data.settings,
            exported_at: export.exported_at,
        }))
}

pub async fn delete_me(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    ctx.lifecycle.delete_everything(&id).await?;
    Ok(signed_out())
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
    ctx: web::Data<Context>,
    staff: Staff,
    body: Json<AssistedRequest>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let today = ctx.clock.today();
    let profile = body.profile.map(|p| p.validate_at(today)).transpose()?;
    let searches = body
        .searches
        .iter()
        .map(|s| s.validate_at(today))
        .collect::<Result<Vec<_>, _>>()?;
    let created = ctx
        .registrations
        .create_assisted(&staff.0, profile, searches)
        .await?;
    Ok(HttpResponse::Created().json(AssistedCreated {
        id: created.id,
        claim_code: created.claim_code,
    }))
}

#[derive(Serialize)]
struct AssistedViewBody {
    id: String,
    claimed: bool,
    profile: Option<Person>,
    searches: Vec<SearchView>,
}

impl From<AssistedView> for AssistedViewBody {
    fn from(v: AssistedView) -> Self {
        AssistedViewBody {
            id: v.id,
            claimed: v.claimed,
            profile: v.profile,
            searches: v.searches.into_iter().map(SearchView::from).collect(),
        }
    }
}

pub async fn view_assisted(
    ctx: web::Data<Context>,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let view = ctx.registrations.view_assisted(&staff.0, &path).await?;
    Ok(HttpResponse::Ok().json(AssistedViewBody::from(view)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRequest {
    code: String,
    passphrase: Sensitive<String>,
    locale: Option<String>,
}

pub async fn claim(ctx: web::Data<Context>, body: Json<ClaimRequest>) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let lang = lang_or_en(body.locale.as_deref())?;
    let created = ctx
        .lifecycle
        .claim(&body.code, body.passphrase, lang)
        .await?;
    Ok(HttpResponse::Created().json(SignUpResponse::from(created)))
}

/// Renew the caller's registration: kept for its retention period from today.
pub async fn renew(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    ctx.registrations.renew(&id).await?;
    let kept_until = ctx.lifecycle.kept_until(&id).await?.map(|d| d.date());
    Ok(HttpResponse::Ok().json(serde_json::json!({ "kept_until": kept_until })))
}
