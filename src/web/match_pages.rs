//! The registrant's matches page (JavaScript off): matches put to them, each with the other
//! side's pre-consent card and yes / no / ask my caseworker, or after both said yes, the
//! other side's contact card. Forms post to the same consent service as the API.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::page::{FormError, PageCtx, render, see_other};
use crate::accounts::Identity;
use crate::consent::{Answer, MatchView, Outcome};
use crate::context::Context;
use crate::error::{AppError, AppResult};

type Form = web::Form<HashMap<String, String>>;

fn field<'a>(form: &'a HashMap<String, String>, key: &str) -> &'a str {
    form.get(key).map(String::as_str).unwrap_or("").trim()
}

struct MatchLine {
    id: String,
    heading: String,
    disclosed: bool,
    /// Pre-consent card lines: (label key, value).
    card: Vec<(&'static str, String)>,
    answered_yes: bool,
    /// Contact card: (channel kind, value), and its message.
    channels: Vec<(String, String)>,
    message: String,
    /// (from the caseworker, text)
    messages: Vec<(bool, String)>,
}

#[derive(Template)]
#[template(path = "matches/list.html")]
struct MatchesPage<'a> {
    c: &'a PageCtx,
    notice: Option<&'static str>,
    error: Option<&'a FormError>,
    matches: Vec<MatchLine>,
}

fn line(c: &PageCtx, m: MatchView) -> MatchLine {
    let heading = match &m.about {
        Some(name) => c.t_args("matches-about-search", &[("name", name.clone())]),
        None => c.t("matches-about-me"),
    };
    let disclosed = m.state == "disclosed";
    let o = &m.other;
    let text = |k: &str| o[k].as_str().unwrap_or_default().to_string();
    let mut card = Vec::new();
    if !disclosed {
        if let Some(r) = o["relation"].as_str() {
            card.push(("matches-card-relation", c.t(&format!("relation-{r}"))));
        }
        for (key, label) in [
            ("given_name", "matches-card-given-name"),
            ("country", "matches-card-country"),
            ("message", "matches-card-message"),
        ] {
            if !text(key).is_empty() {
                card.push((label, text(key)));
            }
        }
    }
    let channels = if disclosed {
        o["channels"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|ch| {
                (
                    ch["kind"].as_str().unwrap_or_default().to_string(),
                    ch["value"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    MatchLine {
        heading,
        disclosed,
        card,
        answered_yes: m.my_answer == Some("yes"),
        channels,
        message: if disclosed {
            text("message")
        } else {
            String::new()
        },
        messages: m
            .messages
            .into_iter()
            .map(|msg| (msg.from_staff, msg.body))
            .collect(),
        id: m.id,
    }
}

pub async fn matches(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    if id.role.is_staff() {
        return Err(AppError::NotFound);
    }
    let list = ctx.matches.my_matches(&id).await?;
    let notice = match req.query_string() {
        "done=answered" => Some("matches-notice-answered"),
        "done=sent" => Some("matches-notice-sent"),
        "done=ended" => Some("matches-notice-ended"),
        _ => None,
    };
    render(&MatchesPage {
        matches: list.into_iter().map(|m| line(&c, m)).collect(),
        c: &c,
        notice,
        error: None,
    })
}

/// A refused form shows the page again with a message a person can act on; a limit says how
/// long to wait, also as `Retry-After`.
async fn again(ctx: &Context, c: &PageCtx, id: &Identity, e: AppError) -> AppResult<HttpResponse> {
    let status = actix_web::ResponseError::status_code(&e);
    let error = match &e {
        AppError::Invalid { code, .. } if *code == "invalid_message" => {
            FormError::new(c.t("matches-error-message"), status)
        }
        AppError::RateLimited { .. } => FormError::limited(c, "matches-error-too-many", &e),
        AppError::Conflict { .. } => FormError::new(c.t("matches-error-changed"), status),
        _ => return Err(e),
    };
    let list = ctx.matches.my_matches(id).await?;
    error.answer(render(&MatchesPage {
        matches: list.into_iter().map(|m| line(c, m)).collect(),
        c,
        notice: None,
        error: Some(&error),
    }))
}

pub async fn act(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    path: web::Path<(String, String)>,
    form: Form,
) -> AppResult<HttpResponse> {
    c.check_csrf(field(&form, "csrf"))?;
    let (match_id, action) = path.into_inner();
    let result = match action.as_str() {
        "answer" => {
            let answer = Answer::parse(field(&form, "answer")).ok_or(AppError::NotFound)?;
            let message = Some(field(&form, "message").to_string()).filter(|m| !m.is_empty());
            ctx.matches
                .answer(&id, &match_id, answer, message)
                .await
                .map(|_| "answered")
        }
        "messages" => ctx
            .matches
            .message(&id, &match_id, field(&form, "body"))
            .await
            .map(|_| "sent"),
        "withdraw" => ctx.matches.withdraw(&id, &match_id).await.map(|_| "ended"),
        "close" => {
            let outcome = Outcome::parse(field(&form, "outcome"))
                .ok_or_else(|| AppError::invalid("invalid_outcome", "Choose how it ended."))?;
            ctx.matches
                .close(&id, &match_id, outcome)
                .await
                .map(|_| "ended")
        }
        _ => return Err(AppError::NotFound),
    };
    match result {
        Ok(done) => Ok(see_other(&format!("/matches?done={done}"))),
        Err(e) => again(&ctx, &c, &id, e).await,
    }
}

#[derive(Template)]
#[template(path = "matches/access_log.html")]
struct AccessPage<'a> {
    c: &'a PageCtx,
    /// (when, who, organization, reason message key)
    entries: Vec<(String, String, String, String)>,
}

/// Who of the staff viewed my records, when and why.
pub async fn access_log(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
) -> AppResult<HttpResponse> {
    if id.role.is_staff() {
        return Err(AppError::NotFound);
    }
    let entries = ctx
        .matches
        .access_log(&id)
        .await?
        .into_iter()
        .map(|e| {
            let key = e
                .reason
                .map(|r| format!("reason-{r}"))
                .filter(|k| c.lang.has(k))
                .unwrap_or_else(|| "access-reason-other".to_string());
            let at = e.at.replace('T', " ").trim_end_matches('Z').to_string() + " UTC";
            (at, e.who, e.organization.unwrap_or_default(), key)
        })
        .collect();
    render(&AccessPage { c: &c, entries })
}
