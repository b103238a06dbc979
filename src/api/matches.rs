//! Matches: what registrants are asked and answer (`/me/matches`), and what caseworkers
//! review (`/review/...`). Thin: parse, call the consent service, answer its view.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::accounts::{Identity, Role, Staff};
use crate::api::input::Json;
use crate::consent::{
    AccessEntry, AlertView, Answer, MatchView, Outcome, QueueItem, ReviewView, State,
};
use crate::context::Context;
use crate::error::{AppError, AppResult};

/// Where the match stands after the change.
#[derive(Serialize, ToSchema)]
pub struct StateBody {
    #[schema(schema_with = State::schema)]
    state: &'static str,
}

/// The id of a match in the path: one not the caller's to see answers 404.
const ID: &str = "The match's (candidate's) id.";

#[derive(Serialize, ToSchema)]
pub struct MatchesBody {
    matches: Vec<MatchView>,
}

#[derive(Serialize, ToSchema)]
pub struct AccessLogBody {
    entries: Vec<AccessEntry>,
}

#[derive(Serialize, ToSchema)]
pub struct QueueBody {
    candidates: Vec<QueueItem>,
}

#[derive(Serialize, ToSchema)]
pub struct AlertsBody {
    alerts: Vec<AlertView>,
}

#[derive(Serialize, ToSchema)]
pub struct VettedBody {
    vetted: bool,
}

fn state(s: State) -> HttpResponse {
    HttpResponse::Ok().json(StateBody { state: s.as_str() })
}

/// A value from a closed list, or `code` naming the field and every allowed value (never the
/// value sent: it may be anything a person typed).
fn parse<T: Copy>(
    raw: &str,
    field: &str,
    all: &[T],
    as_str: fn(T) -> &'static str,
    code: &'static str,
) -> AppResult<T> {
    all.iter()
        .copied()
        .find(|v| as_str(*v) == raw)
        .ok_or_else(|| {
            let allowed: Vec<&str> = all.iter().map(|v| as_str(*v)).collect();
            AppError::invalid(
                code,
                format!(
                    "{field}: not one of the allowed values: {}.",
                    allowed.join(", ")
                ),
            )
        })
}

// Registrants.

/// The matches put to the caller and not ended.
#[utoipa::path(get, path = "/api/v1/me/matches", tag = "matches",
    responses((status = 200, description = "The matches.", body = MatchesBody)))]
pub async fn my_matches(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    let matches = ctx.matches.my_matches(&id).await?;
    Ok(HttpResponse::Ok().json(MatchesBody { matches }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    #[schema(schema_with = Answer::schema)]
    answer: String,
    /// For the caseworker, at most 2,000 characters.
    #[schema(max_length = 2000)]
    message: Option<String>,
}

/// Answer a match put to the caller (rate-limited).
#[utoipa::path(post, path = "/api/v1/me/matches/{id}/answer", tag = "matches", params(("id" = String, Path, description = ID)), request_body = AnswerBody, responses((status = 200, description = "The match after the answer.", body = MatchView)))]
pub async fn answer(
    ctx: web::Data<Context>,
    id: Identity,
    path: web::Path<String>,
    body: Json<AnswerBody>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let answer = parse(
        &body.answer,
        "answer",
        Answer::ALL,
        Answer::as_str,
        "invalid_answer",
    )?;
    let view = ctx.matches.answer(&id, &path, answer, body.message).await?;
    Ok(HttpResponse::Ok().json(view))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageBody {
    #[schema(max_length = 2000)]
    body: String,
}

/// A message to the caseworker; does not advance the match.
#[utoipa::path(post, path = "/api/v1/me/matches/{id}/messages", tag = "matches", params(("id" = String, Path, description = ID)), request_body = MessageBody, responses((status = 204, description = "Sent.")))]
pub async fn message(
    ctx: web::Data<Context>,
    id: Identity,
    path: web::Path<String>,
    body: Json<MessageBody>,
) -> AppResult<HttpResponse> {
    ctx.matches.message(&id, &path, &body.body).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Withdraw from a match.
#[utoipa::path(post, path = "/api/v1/me/matches/{id}/withdraw", tag = "matches", params(("id" = String, Path, description = ID)), responses((status = 200, description = "Withdrawn.", body = StateBody)))]
pub async fn withdraw(
    ctx: web::Data<Context>,
    id: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    Ok(state(ctx.matches.withdraw(&id, &path).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseBody {
    #[schema(schema_with = Outcome::schema)]
    outcome: String,
}

/// Close a disclosed match for oneself.
#[utoipa::path(post, path = "/api/v1/me/matches/{id}/close", tag = "matches", params(("id" = String, Path, description = ID)), request_body = CloseBody, responses((status = 200, description = "Closed for this side.", body = StateBody)))]
pub async fn close(
    ctx: web::Data<Context>,
    id: Identity,
    path: web::Path<String>,
    body: Json<CloseBody>,
) -> AppResult<HttpResponse> {
    let outcome = parse(
        &body.outcome,
        "outcome",
        Outcome::ALL,
        Outcome::as_str,
        "invalid_outcome",
    )?;
    Ok(state(ctx.matches.close(&id, &path, outcome).await?))
}

/// Who of the staff viewed the caller's records, when and why.
/// Who of the staff viewed the caller's records, when and why.
#[utoipa::path(get, path = "/api/v1/me/access-log", tag = "matches", responses((status = 200, description = "The views shown to this family.", body = AccessLogBody)))]
pub async fn access_log(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    let entries = ctx.matches.access_log(&id).await?;
    Ok(HttpResponse::Ok().json(AccessLogBody { entries }))
}

// Caseworkers.

fn caseworker(staff: &Staff) -> AppResult<&Identity> {
    staff.require(&[Role::Caseworker])
}

/// Caseworkers: the candidates their organization serves.
#[utoipa::path(get, path = "/api/v1/review/queue", tag = "review", responses((status = 200, description = "The queue.", body = QueueBody)))]
pub async fn queue(ctx: web::Data<Context>, staff: Staff) -> AppResult<HttpResponse> {
    let items = ctx.matches.queue(caseworker(&staff)?).await?;
    Ok(HttpResponse::Ok().json(QueueBody { candidates: items }))
}

/// Caseworkers: hold a candidate (409 `already_claimed` when someone else does).
#[utoipa::path(post, path = "/api/v1/review/candidates/{id}/claim", tag = "review", params(("id" = String, Path, description = ID)), responses((status = 200, description = "Held.", body = StateBody)))]
pub async fn claim_candidate(
    ctx: web::Data<Context>,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    Ok(state(ctx.matches.claim(caseworker(&staff)?, &path).await?))
}

/// Caseworkers: give a held candidate back.
#[utoipa::path(post, path = "/api/v1/review/candidates/{id}/release", tag = "review", params(("id" = String, Path, description = ID)), responses((status = 200, description = "Released.", body = StateBody)))]
pub async fn release(
    ctx: web::Data<Context>,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    Ok(state(
        ctx.matches.release(caseworker(&staff)?, &path).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenBody {
    #[schema(schema_with = crate::api::doc::open_reason)]
    reason: String,
}

/// Caseworkers: open a held candidate with a reason; audited as a view of both registrations.
#[utoipa::path(post, path = "/api/v1/review/candidates/{id}/open", tag = "review", params(("id" = String, Path, description = ID)), request_body = OpenBody, responses((status = 200, description = "The case.", body = ReviewView)))]
pub async fn open(
    ctx: web::Data<Context>,
    staff: Staff,
    path: web::Path<String>,
    body: Json<OpenBody>,
) -> AppResult<HttpResponse> {
    let view = ctx
        .matches
        .open(caseworker(&staff)?, &path, &body.reason)
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    note: Option<String>,
}

/// Caseworkers: approve (under four eyes, a second caseworker approves too).
#[utoipa::path(post, path = "/api/v1/review/candidates/{id}/approve", tag = "review", params(("id" = String, Path, description = ID)), request_body = NoteBody, responses((status = 200, description = "Approved.", body = StateBody)))]
pub async fn approve(
    ctx: web::Data<Context>,
    staff: Staff,
    path: web::Path<String>,
    body: Json<NoteBody>,
) -> AppResult<HttpResponse> {
    let note = body.into_inner().note;
    Ok(state(
        ctx.matches
            .approve(caseworker(&staff)?, &path, note)
            .await?,
    ))
}

/// Caseworkers: reject a candidate.
#[utoipa::path(post, path = "/api/v1/review/candidates/{id}/reject", tag = "review", params(("id" = String, Path, description = ID)), request_body = NoteBody, responses((status = 200, description = "Rejected.", body = StateBody)))]
pub async fn reject(
    ctx: web::Data<Context>,
    staff: Staff,
    path: web::Path<String>,
    body: Json<NoteBody>,
) -> AppResult<HttpResponse> {
    let note = body.into_inner().note.unwrap_or_default();
    Ok(state(
        ctx.matches
            .reject(caseworker(&staff)?, &path, &note)
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyBody {
    #[schema(schema_with = crate::consent::Side::schema)]
    side: String,
    #[schema(max_length = 2000)]
    body: String,
}

/// Caseworkers: reply to a family's message.
#[utoipa::path(post, path = "/api/v1/review/candidates/{id}/messages", tag = "review", params(("id" = String, Path, description = ID)), request_body = ReplyBody, responses((status = 204, description = "Sent.")))]
pub async fn reply(
    ctx: web::Data<Context>,
    staff: Staff,
    path: web::Path<String>,
    body: Json<ReplyBody>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    ctx.matches
        .reply(caseworker(&staff)?, &path, &body.side, &body.body)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FamilyAnswerBody {
    #[schema(schema_with = Answer::schema)]
    answer: String,
    #[schema(schema_with = crate::api::doc::answer_reason)]
    reason: String,
}

/// Caseworkers: answer for a family without an account, with how it told them (audited).
#[utoipa::path(post, path = "/api/v1/review/candidates/{id}/answer", tag = "review", params(("id" = String, Path, description = ID)), request_body = FamilyAnswerBody, responses((status = 200, description = "The match after the answer.", body = StateBody)))]
pub async fn answer_for_family(
    ctx: web::Data<Context>,
    staff: Staff,
    path: web::Path<String>,
    body: Json<FamilyAnswerBody>,
) -> AppResult<HttpResponse> {
    let answer = parse(
        &body.answer,
        "answer",
        Answer::ALL,
        Answer::as_str,
        "invalid_answer",
    )?;
    Ok(state(
        ctx.matches
            .answer_for_family(caseworker(&staff)?, &path, answer, &body.reason)
            .await?,
    ))
}

/// Caseworkers: mark a registration vetted.
#[utoipa::path(post, path = "/api/v1/review/registrations/{id}/vet", tag = "review",
    params(("id" = String, Path, description = "The registration's id.")),
    responses((status = 200, description = "Vetted.", body = VettedBody)))]
pub async fn vet(
    ctx: web::Data<Context>,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    ctx.matches.vet(caseworker(&staff)?, &path).await?;
    Ok(HttpResponse::Ok().json(VettedBody { vetted: true }))
}

/// Caseworkers: registrations whose candidates touch many unrelated families.
#[utoipa::path(get, path = "/api/v1/review/alerts", tag = "review", responses((status = 200, description = "The alerts.", body = AlertsBody)))]
pub async fn alerts(ctx: web::Data<Context>, staff: Staff) -> AppResult<HttpResponse> {
    let alerts = ctx.matches.alerts(caseworker(&staff)?).await?;
    Ok(HttpResponse::Ok().json(AlertsBody { alerts }))
}

// Organization admins: whether their organization reviews registrations of no organization.

#[derive(Serialize, ToSchema)]
pub struct ServesBody {
    serves_unaffiliated: bool,
    /// False when no organization reviews them: such families would wait for nobody.
    someone_serves_unaffiliated: bool,
}

/// Org admins: whether their organization reviews registrations of no organization.
#[utoipa::path(get, path = "/api/v1/review/settings", tag = "review", responses((status = 200, description = "The setting.", body = ServesBody)))]
pub async fn get_review_settings(ctx: web::Data<Context>, staff: Staff) -> AppResult<HttpResponse> {
    let admin = staff.require(&[Role::OrgAdmin])?;
    let (on, anyone) = ctx.matches.serves_unaffiliated(admin).await?;
    Ok(HttpResponse::Ok().json(ServesBody {
        serves_unaffiliated: on,
        someone_serves_unaffiliated: anyone,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServesInput {
    serves_unaffiliated: bool,
}

/// Org admins: change that setting.
#[utoipa::path(put, path = "/api/v1/review/settings", tag = "review", request_body = ServesInput, responses((status = 200, description = "The setting.", body = ServesBody)))]
pub async fn put_review_settings(
    ctx: web::Data<Context>,
    staff: Staff,
    body: Json<ServesInput>,
) -> AppResult<HttpResponse> {
    let admin = staff.require(&[Role::OrgAdmin])?;
    ctx.matches
        .set_serves_unaffiliated(admin, body.serves_unaffiliated)
        .await?;
    get_review_settings(ctx, staff).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_not_on_the_list_names_the_field_and_every_allowed_value_not_the_value() {
        let e = parse(
            "Qzxov",
            "outcome",
            Outcome::ALL,
            Outcome::as_str,
            "invalid_outcome",
        )
        .unwrap_err();
        assert_eq!(e.code(), "invalid_outcome");
        assert_eq!(
            e.public_message(),
            "outcome: not one of the allowed values: reunited, no_contact, other."
        );
        let e = parse("", "answer", Answer::ALL, Answer::as_str, "invalid_answer").unwrap_err();
        assert_eq!(
            e.public_message(),
            "answer: not one of the allowed values: yes, no, ask_caseworker."
        );
        assert!(parse("yes", "answer", Answer::ALL, Answer::as_str, "x").is_ok());
    }
}
