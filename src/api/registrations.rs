//! `/api/v1/me/profile`, `/me/searches…`, the cards, settings, export and delete-everything;
//! `/api/v1/assisted` (caseworkers) and `/api/v1/claim`.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::accounts::{Me, SignUpResponse, lang_or_en, signed_out};
use crate::accounts::{Identity, Staff};
use crate::api::input::Json;
use crate::context::Context;
use crate::crypto::Sensitive;
use crate::domain::{
    ContactCard, ContactCardInput, FactsInput, Person, PersonInput, PreconsentCard,
    PreconsentInput, PrivacySettings, SettingsInput, SoughtInput, SoughtPerson, VerificationFacts,
};

/// The id of a record in the path: a foreign or unknown one answers 404.
const ID: &str = "The record's id.";
use crate::error::AppResult;
use crate::http::identity::Session;
use crate::registrations::{AssistedView, Search};

fn json_or_null<T: Serialize>(v: Option<T>) -> HttpResponse {
    HttpResponse::Ok().json(v)
}

/// A person sought, as its owner sees it.
#[derive(Serialize, ToSchema)]
pub struct SearchView {
    pub id: String,
    pub paused: bool,
    #[schema(value_type = SoughtInput)]
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

/// About me (null until set).
#[utoipa::path(get, path = "/api/v1/me/profile", tag = "registrations",
    responses((status = 200, description = "About me.", body = Option<PersonInput>)))]
pub async fn get_profile(session: Session) -> AppResult<HttpResponse> {
    Ok(json_or_null(session.card::<Person>().await?))
}

/// Replace about me; answers it as saved.
#[utoipa::path(put, path = "/api/v1/me/profile", tag = "registrations", request_body = PersonInput,
    responses((status = 200, description = "Saved.", body = PersonInput)))]
pub async fn put_profile(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<PersonInput>,
) -> AppResult<HttpResponse> {
    let person = body.validate_at(ctx.clock.today())?;
    Ok(HttpResponse::Ok().json(ctx.registrations.put_card(&id, person).await?))
}

/// The people sought.
#[utoipa::path(get, path = "/api/v1/me/searches", tag = "registrations",
    responses((status = 200, description = "Every person sought.", body = Vec<SearchView>)))]
pub async fn list_searches(ctx: web::Data<Context>, session: Session) -> AppResult<HttpResponse> {
    let registrations = ctx.registrations.clone();
    let searches: Vec<SearchView> = session
        .run(move |conn, id| registrations.searches_in(conn, id))
        .await?
        .into_iter()
        .map(SearchView::from)
        .collect();
    Ok(HttpResponse::Ok().json(searches))
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    id: String,
}

/// Look for someone (at most `KINLINK_MAX_SOUGHT_PERSONS`; name changes are limited per day).
#[utoipa::path(post, path = "/api/v1/me/searches", tag = "registrations", request_body = SoughtInput,
    responses((status = 201, description = "Created.", body = Created)))]
pub async fn create_search(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<SoughtInput>,
) -> AppResult<HttpResponse> {
    let person = body.validate_at(ctx.clock.today())?;
    let search_id = ctx.registrations.create_search(&id, person).await?;
    Ok(HttpResponse::Created().json(Created { id: search_id }))
}

/// One person sought.
#[utoipa::path(get, path = "/api/v1/me/searches/{id}", tag = "registrations",
    params(("id" = String, Path, description = ID)),
    responses((status = 200, description = "The person sought.", body = SearchView)))]
pub async fn get_search(session: Session, path: web::Path<String>) -> AppResult<HttpResponse> {
    let search = session.search(path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(SearchView::from(search)))
}

/// Replace a person sought.
#[utoipa::path(put, path = "/api/v1/me/searches/{id}", tag = "registrations",
    params(("id" = String, Path, description = ID)), request_body = SoughtInput,
    responses((status = 200, description = "Saved.", body = SearchView)))]
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

/// Delete a person sought (its keys are shredded). Never refused.
#[utoipa::path(delete, path = "/api/v1/me/searches/{id}", tag = "registrations",
    params(("id" = String, Path, description = ID)),
    responses((status = 204, description = "Deleted.")))]
pub async fn delete_search(
    ctx: web::Data<Context>,
    id: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    ctx.registrations.delete_search(&id, &path).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Stop matching this person sought (its candidates are retracted).
#[utoipa::path(post, path = "/api/v1/me/searches/{id}/pause", tag = "registrations",
    params(("id" = String, Path, description = ID)),
    responses((status = 204, description = "Paused.")))]
pub async fn pause_search(
    ctx: web::Data<Context>,
    id: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    ctx.registrations.set_paused(&id, &path, true).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Match this person sought again.
#[utoipa::path(post, path = "/api/v1/me/searches/{id}/resume", tag = "registrations",
    params(("id" = String, Path, description = ID)),
    responses((status = 204, description = "Resumed.")))]
pub async fn resume_search(
    ctx: web::Data<Context>,
    id: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    ctx.registrations.set_paused(&id, &path, false).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The contact card, shown only after both sides consent (null until set).
#[utoipa::path(get, path = "/api/v1/me/contact-card", tag = "registrations",
    responses((status = 200, description = "The contact card, shown only after both sides consent.", body = Option<ContactCardInput>)))]
pub async fn get_contact_card(session: Session) -> AppResult<HttpResponse> {
    Ok(json_or_null(session.card::<ContactCard>().await?))
}

/// Replace the contact card, shown only after both sides consent; answers it as saved.
#[utoipa::path(put, path = "/api/v1/me/contact-card", tag = "registrations", request_body = ContactCardInput,
    responses((status = 200, description = "Saved.", body = ContactCardInput)))]
pub async fn put_contact_card(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<ContactCardInput>,
) -> AppResult<HttpResponse> {
    let card = body.validate()?;
    Ok(HttpResponse::Ok().json(ctx.registrations.put_card(&id, card).await?))
}

/// The pre-consent card.
#[utoipa::path(get, path = "/api/v1/me/preconsent-card", tag = "registrations",
    responses((status = 200, description = "The pre-consent card.", body = PreconsentInput)))]
pub async fn get_preconsent_card(session: Session) -> AppResult<HttpResponse> {
    // Never set: the default shows the claimed relation only.
    let card = session.card::<PreconsentCard>().await?.unwrap_or_default();
    Ok(HttpResponse::Ok().json(card))
}

/// Replace the pre-consent card; answers it as saved.
#[utoipa::path(put, path = "/api/v1/me/preconsent-card", tag = "registrations", request_body = PreconsentInput,
    responses((status = 200, description = "Saved.", body = PreconsentInput)))]
pub async fn put_preconsent_card(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<PreconsentInput>,
) -> AppResult<HttpResponse> {
    let card = body.validate()?;
    Ok(HttpResponse::Ok().json(ctx.registrations.put_card(&id, card).await?))
}

/// The verification facts, for the reviewing caseworker (null until set).
#[utoipa::path(get, path = "/api/v1/me/verification-facts", tag = "registrations",
    responses((status = 200, description = "The verification facts, for the reviewing caseworker.", body = Option<FactsInput>)))]
pub async fn get_facts(session: Session) -> AppResult<HttpResponse> {
    Ok(json_or_null(session.card::<VerificationFacts>().await?))
}

/// Replace the verification facts, for the reviewing caseworker; answers it as saved.
#[utoipa::path(put, path = "/api/v1/me/verification-facts", tag = "registrations", request_body = FactsInput,
    responses((status = 200, description = "Saved.", body = FactsInput)))]
pub async fn put_facts(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<FactsInput>,
) -> AppResult<HttpResponse> {
    let facts = body.validate()?;
    Ok(HttpResponse::Ok().json(ctx.registrations.put_card(&id, facts).await?))
}

/// The privacy settings.
#[utoipa::path(get, path = "/api/v1/me/settings", tag = "registrations",
    responses((status = 200, description = "The privacy settings.", body = SettingsInput)))]
pub async fn get_settings(session: Session) -> AppResult<HttpResponse> {
    let settings = session.card::<PrivacySettings>().await?.unwrap_or_default();
    Ok(HttpResponse::Ok().json(settings))
}

/// Replace the privacy settings; answers it as saved.
#[utoipa::path(put, path = "/api/v1/me/settings", tag = "registrations", request_body = SettingsInput,
    responses((status = 200, description = "Saved.", body = SettingsInput)))]
pub async fn put_settings(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<SettingsInput>,
) -> AppResult<HttpResponse> {
    let settings = body.validate()?;
    Ok(HttpResponse::Ok().json(ctx.registrations.put_card(&id, settings).await?))
}

/// Everything the account holds, decrypted: the registrant's copy of their data.
#[derive(Serialize, ToSchema)]
pub struct ExportView {
    account: Me,
    #[schema(value_type = Option<PersonInput>)]
    profile: Option<Person>,
    searches: Vec<SearchView>,
    #[schema(value_type = Option<ContactCardInput>)]
    contact_card: Option<ContactCard>,
    #[schema(value_type = Option<PreconsentInput>)]
    preconsent_card: Option<PreconsentCard>,
    #[schema(value_type = Option<FactsInput>)]
    verification_facts: Option<VerificationFacts>,
    #[schema(value_type = Option<SettingsInput>)]
    settings: Option<PrivacySettings>,
    #[serde(serialize_with = "crate::api::time::rfc3339")]
    exported_at: NaiveDateTime,
}

/// Everything the account holds, decrypted, as a JSON download.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "registrations",
    responses((status = 200, description = "The export.", body = ExportView)))]
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

/// Delete everything: keys shredded, signed out; only audit entries remain.
#[utoipa::path(delete, path = "/api/v1/me", tag = "accounts",
    responses((status = 204, description = "Deleted and signed out.")))]
pub async fn delete_me(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    ctx.lifecycle.delete_everything(&id).await?;
    Ok(signed_out())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssistedRequest {
    profile: Option<PersonInput>,
    #[serde(default)]
    searches: Vec<SoughtInput>,
}

#[derive(Serialize, ToSchema)]
pub struct AssistedCreated {
    /// The registration's id.
    id: String,
    /// The one-time code the family member claims it with; shown this once.
    claim_code: String,
}

/// Caseworkers: register a family member who has no account.
#[utoipa::path(post, path = "/api/v1/assisted", tag = "assisted", request_body = AssistedRequest,
    responses((status = 201, description = "Created, with its claim code.", body = AssistedCreated)))]
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

#[derive(Serialize, ToSchema)]
pub struct AssistedViewBody {
    id: String,
    claimed: bool,
    #[schema(value_type = Option<PersonInput>)]
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

/// Caseworkers: an assisted registration of their organization (audited).
#[utoipa::path(get, path = "/api/v1/assisted/{id}", tag = "assisted",
    params(("id" = String, Path, description = ID)),
    responses((status = 200, description = "The registration.", body = AssistedViewBody)))]
pub async fn view_assisted(
    ctx: web::Data<Context>,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let view = ctx.registrations.view_assisted(&staff.0, &path).await?;
    Ok(HttpResponse::Ok().json(AssistedViewBody::from(view)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimRequest {
    code: String,
    #[schema(value_type = String, min_length = 12, max_length = 256)]
    passphrase: Sensitive<String>,
    #[schema(schema_with = crate::api::doc::locale_or_null)]
    locale: Option<String>,
}

/// Claim an assisted registration with its one-time code: creates the family member's account.
#[utoipa::path(post, path = "/api/v1/claim", tag = "assisted", security(()), request_body = ClaimRequest,
    responses((status = 201, description = "The new account.", body = SignUpResponse)))]
pub async fn claim(ctx: web::Data<Context>, body: Json<ClaimRequest>) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let lang = lang_or_en(body.locale.as_deref())?;
    let created = ctx
        .lifecycle
        .claim(&body.code, body.passphrase, lang)
        .await?;
    Ok(HttpResponse::Created().json(SignUpResponse::from(created)))
}

#[derive(Serialize, ToSchema)]
pub struct Renewed {
    /// The new last day (null without a registration).
    kept_until: Option<chrono::NaiveDate>,
}

/// Renew the caller's registration: kept for its retention period from today.
#[utoipa::path(post, path = "/api/v1/me/renew", tag = "registrations",
    responses((status = 200, description = "Renewed.", body = Renewed)))]
pub async fn renew(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    ctx.registrations.renew(&id).await?;
    let kept_until = ctx.lifecycle.kept_until(&id).await?.map(|d| d.date());
    Ok(HttpResponse::Ok().json(Renewed { kept_until }))
}
