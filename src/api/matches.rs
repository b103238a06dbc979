//! Matches: what registrants are asked and answer (`/me/matches`), and what caseworkers
//! review (`/review/...`). Thin: parse, call the consent service, answer its view.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::accounts::{Identity, Role, Staff};
use crate::api::input::Json;
use crate::consent::{Answer, Outcome, State};
use crate::context::Context;
use crate::error::{AppError, AppResult};

#[derive(Serialize)]
struct StateBody {
    state: &'static str,
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

pub async fn my_matches(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    let matches = ctx.matches.my_matches(&id).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "matches": matches })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    answer: String,
    message: Option<String>,
}

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageBody {
    body: String,
}

pub async fn message(
    ctx: web::Data<Context>,
    id: Identity,
    path: web::Path<String>,
    body: Json<MessageBody>,
) -> AppResult<HttpResponse> {
    ctx.matches.message(&id, &path, &body.body).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn withdraw(
    ctx: web::Data<Context>,
    id: Identity,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    Ok(state(ctx.matches.withdraw(&id, &path).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseBody {
    outcome: String,
}

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
pub async fn access_log(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    let entries = ctx.matches.access_log(&id).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "entries": entries })))
}

// Caseworkers.

fn caseworker(staff: &Staff) -> AppResult<&Identity> {
    staff.require(&[Role::Caseworker])
}

pub async fn queue(ctx: web::Data<Context>, staff: Staff) -> AppResult<HttpResponse> {
    let items = ctx.matches.queue(caseworker(&staff)?).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "candidates": items })))
}

pub async fn claim(
    ctx: web::Data<Context>,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    Ok(state(ctx.matches.claim(caseworker(&staff)?, &path).await?))
}

pub async fn release(
    ctx: web::Data<Context>,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    Ok(state(
        ctx.matches.release(caseworker(&staff)?, &path).await?,
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenBody {
    reason: String,
}

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    note: Option<String>,
}

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyBody {
    side: String,
    body: String,
}

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyAnswerBody {
    answer: String,
    reason: String,
}

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

pub async fn vet(
    ctx: web::Data<Context>,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    ctx.matches.vet(caseworker(&staff)?, &path).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "vetted": true })))
}

pub async fn alerts(ctx: web::Data<Context>, staff: Staff) -> AppResult<HttpResponse> {
    let alerts = ctx.matches.alerts(caseworker(&staff)?).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "alerts": alerts })))
}

// Organization admins: whether their organization reviews registrations of no organization.

#[derive(Serialize)]
struct ServesBody {
    serves_unaffiliated: bool,
    /// False when no organization reviews them: such families would wait for nobody.
    someone_serves_unaffiliated: bool,
}

pub async fn get_review_settings(ctx: web::Data<Context>, staff: Staff) -> AppResult<HttpResponse> {
    let admin = staff.require(&[Role::OrgAdmin])?;
    let (on, anyone) = ctx.matches.serves_unaffiliated(admin).await?;
    Ok(HttpResponse::Ok().json(ServesBody {
        serves_unaffiliated: on,
        someone_serves_unaffiliated: anyone,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServesInput {
    serves_unaffiliated: bool,
}

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
