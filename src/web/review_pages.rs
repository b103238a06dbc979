//! Caseworker pages (JavaScript off): the review queue, a candidate opened for review (both
//! sides, names with their readings, the explanation, facts, messages), alerts, assisted
//! registrations; and the organization admin's choice to serve registrations of no
//! organization. Forms post to the consent service, as the API does.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde_json::{Value, json};

use super::page::{PageCtx, render, see_other};
use crate::accounts::{Identity, Role, Staff};
use crate::consent::{AlertView, Answer, QueueItem, ReviewView};
use crate::context::Context;
use crate::domain::{PersonInput, SoughtInput};
use crate::error::{AppError, AppResult};

type Form = web::Form<HashMap<String, String>>;

fn field<'a>(form: &'a HashMap<String, String>, key: &str) -> &'a str {
    form.get(key).map(String::as_str).unwrap_or("").trim()
}

fn caseworker(staff: &Staff) -> AppResult<&Identity> {
    staff.require(&[Role::Caseworker])
}

/// Review errors a caseworker can act on, as message keys; others propagate.
fn error_key(e: &AppError) -> Option<&'static str> {
    match e {
        AppError::Conflict { code, .. } => Some(match *code {
            "already_claimed" => "review-error-already_claimed",
            "vetting_required" => "review-error-vetting_required",
            "second_reviewer_needed" => "review-error-second_reviewer_needed",
            "not_opened" => "review-error-not_opened",
            "not_claimed" => "review-error-not_claimed",
            _ => "review-error-invalid_transition",
        }),
        AppError::Invalid { code, .. } => Some(match *code {
            "invalid_reason" => "review-error-invalid_reason",
            "invalid_message" => "review-error-invalid_message",
            _ => "review-error-invalid_input",
        }),
        _ => None,
    }
}

// The queue.

#[derive(Template)]
#[template(path = "review/queue.html")]
struct QueuePage<'a> {
    c: &'a PageCtx,
    notice: Option<&'static str>,
    error: Option<&'static str>,
    items: Vec<QueueItem>,
    reasons: &'static [&'static str],
}

async fn queue_page(
    ctx: &Context,
    c: &PageCtx,
    id: &Identity,
    notice: Option<&'static str>,
    error: Option<(&'static str, actix_web::http::StatusCode)>,
) -> AppResult<HttpResponse> {
    let items = ctx.matches.queue(id).await?;
    let mut res = render(&QueuePage {
        c,
        notice,
        error: error.map(|e| e.0),
        items,
        reasons: crate::consent::OPEN_REASONS,
    })?;
    if let Some((_, status)) = error {
        *res.status_mut() = status;
    }
    Ok(res)
}

pub async fn queue(
    ctx: web::Data<Context>,
    c: PageCtx,
    staff: Staff,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let id = caseworker(&staff)?;
    let notice = match req.query_string() {
        "done=approved" => Some("review-notice-approved"),
        "done=rejected" => Some("review-notice-rejected"),
        "done=vetted" => Some("review-notice-vetted"),
        "done=sent" => Some("review-notice-sent"),
        "done=answered" => Some("review-notice-answered"),
        _ => None,
    };
    queue_page(&ctx, &c, id, notice, None).await
}

/// A step on a candidate: claim, release, approve, reject, reply, answer for a family, or
/// open (which shows it).
pub async fn act(
    ctx: web::Data<Context>,
    c: PageCtx,
    staff: Staff,
    path: web::Path<(String, String)>,
    form: Form,
) -> AppResult<HttpResponse> {
    c.check_csrf(field(&form, "csrf"))?;
    let id = caseworker(&staff)?;
    let (cid, action) = path.into_inner();
    let m = &ctx.matches;
    let note = || Some(field(&form, "note").to_string()).filter(|n| !n.is_empty());
    let result = match action.as_str() {
        "open" => match m.open(id, &cid, field(&form, "reason")).await {
            Ok(view) => return case_page(&c, view),
            Err(e) => Err(e),
        },
        "claim" => m.claim(id, &cid).await.map(|_| None),
        "release" => m.release(id, &cid).await.map(|_| None),
        "approve" => m.approve(id, &cid, note()).await.map(|_| Some("approved")),
        "reject" => m
            .reject(id, &cid, field(&form, "note"))
            .await
            .map(|_| Some("rejected")),
        "messages" => m
            .reply(id, &cid, field(&form, "side"), field(&form, "body"))
            .await
            .map(|_| Some("sent")),
        "answer" => {
            let answer = Answer::parse(field(&form, "answer"))
                .ok_or_else(|| AppError::invalid("invalid_answer", "Choose an answer."))?;
            m.answer_for_family(id, &cid, answer, field(&form, "reason"))
                .await
                .map(|_| Some("answered"))
        }
        _ => return Err(AppError::NotFound),
    };
    match result {
        Ok(Some(done)) => Ok(see_other(&format!("/review?done={done}"))),
        Ok(None) => Ok(see_other("/review")),
        Err(e) => match error_key(&e) {
            Some(key) => {
                let status = actix_web::ResponseError::status_code(&e);
                queue_page(&ctx, &c, id, None, Some((key, status))).await
            }
            None => Err(e),
        },
    }
}

pub async fn vet(
    ctx: web::Data<Context>,
    c: PageCtx,
    staff: Staff,
    path: web::Path<String>,
    form: Form,
) -> AppResult<HttpResponse> {
    c.check_csrf(field(&form, "csrf"))?;
    ctx.matches.vet(caseworker(&staff)?, &path).await?;
    Ok(see_other("/review?done=vetted"))
}

// One candidate, opened.

struct NameLine {
    field: &'static str,
    text: String,
    /// A BCP 47 tag naming the script only (the language of a name is not known), for `lang`.
    script: &'static str,
    reading: String,
}

/// `lang` wants a language tag, not a script code: "und" (language undetermined) with the
/// ISO 15924 script, so screen readers and fonts pick the right letters.
fn script_tag(code: &str) -> &'static str {
    match code {
        "arabic" => "und-Arab",
        "cyrillic" => "und-Cyrl",
        "han" => "und-Hani",
        "latin" => "und-Latn",
        _ => "und",
    }
}

struct RecordLine {
    kind: &'static str,
    relation: Option<&'static str>,
    names: Vec<NameLine>,
    /// Other details as (label, value), flattened from what was entered.
    details: Vec<(String, String)>,
}

struct SideLine {
    side: &'static str,
    registration_id: String,
    vetted: bool,
    has_account: bool,
    asked: bool,
    answer: Option<&'static str>,
    records: Vec<RecordLine>,
    facts: Vec<(String, String)>,
    messages: Vec<(bool, String)>,
}

struct ExplainLine {
    field: String,
    level: String,
    weight: String,
}

#[derive(Template)]
#[template(path = "review/case.html")]
struct CasePage<'a> {
    c: &'a PageCtx,
    id: String,
    state: &'static str,
    band: String,
    kind: String,
    score: String,
    explanation: Vec<Vec<ExplainLine>>,
    claimed_by_me: bool,
    approved_by_me: bool,
    sides: Vec<SideLine>,
    notes: Vec<String>,
    answer_reasons: &'static [&'static str],
}

/// Flatten entered details (not names: those have their own table) to label/value lines.
fn detail_lines(v: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    fn walk(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    if ["names", "nicknames", "father_name", "mother_name"].contains(&k.as_str())
                        && prefix.is_empty()
                    {
                        continue;
                    }
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&key, v, out);
                }
            }
            Value::Array(items) => {
                let text: Vec<String> = items
                    .iter()
                    .map(|i| match i {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                if !text.is_empty() {
                    out.push((prefix.to_string(), text.join(", ")));
                }
            }
            Value::Null => {}
            Value::String(s) => out.push((prefix.to_string(), s.clone())),
            other => out.push((prefix.to_string(), other.to_string())),
        }
    }
    walk("", v, &mut out);
    out
}

fn case_page(c: &PageCtx, v: ReviewView) -> AppResult<HttpResponse> {
    let explanation = v
        .explanation
        .as_array()
        .into_iter()
        .flatten()
        .map(|pair| {
            pair["explanation"]["fields"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|f| ExplainLine {
                    field: f["field"].as_str().unwrap_or_default().to_string(),
                    level: f["level"].as_str().unwrap_or_default().to_string(),
                    weight: format!("{:+.1}", f["weight"].as_f64().unwrap_or(0.0)),
                })
                .collect()
        })
        .collect();
    let sides = v
        .sides
        .into_iter()
        .map(|s| SideLine {
            side: s.side,
            registration_id: s.registration_id,
            vetted: s.vetted,
            has_account: s.has_account,
            asked: s.asked,
            answer: s.answer,
            records: s
                .records
                .into_iter()
                .map(|r| RecordLine {
                    kind: r.kind,
                    relation: r.relation,
                    names: r
                        .names
                        .into_iter()
                        .map(|n| NameLine {
                            field: n.field,
                            text: n.text,
                            script: script_tag(n.script),
                            reading: n.reading,
                        })
                        .collect(),
                    details: detail_lines(&r.details),
                })
                .collect(),
            facts: s
                .facts
                .into_iter()
                .map(|f| (f.question, f.answer))
                .collect(),
            messages: s
                .messages
                .into_iter()
                .map(|m| (m.from_staff, m.body))
                .collect(),
        })
        .collect();
    render(&CasePage {
        c,
        id: v.id,
        state: v.state,
        band: v.band,
        kind: v.kind,
        score: format!("{:.1}", v.score),
        explanation,
        claimed_by_me: v.claimed_by_me,
        approved_by_me: v.approved_by_me,
        sides,
        notes: v.notes,
        answer_reasons: crate::consent::ANSWER_REASONS,
    })
}

// Alerts.

#[derive(Template)]
#[template(path = "review/alerts.html")]
struct AlertsPage<'a> {
    c: &'a PageCtx,
    /// (registration id, how many families)
    alerts: Vec<(String, String)>,
}

pub async fn alerts(ctx: web::Data<Context>, c: PageCtx, staff: Staff) -> AppResult<HttpResponse> {
    let alerts = ctx
        .matches
        .alerts(caseworker(&staff)?)
        .await?
        .into_iter()
        .map(|a: AlertView| {
            let text = c.t_args("alerts-families", &[("count", a.families.to_string())]);
            (a.registration_id, text)
        })
        .collect();
    render(&AlertsPage { c: &c, alerts })
}

// Assisted registrations.

#[derive(Template)]
#[template(path = "review/assisted.html")]
struct AssistedPage<'a> {
    c: &'a PageCtx,
    error: Option<&'static str>,
    /// Just made: its id and the claim code to hand over (shown once).
    created: Option<(String, String)>,
    mine: Vec<(String, String, bool)>,
    relations: Vec<&'static str>,
}

async fn assisted_page(
    ctx: &Context,
    c: &PageCtx,
    id: &Identity,
    error: Option<&'static str>,
    created: Option<(String, String)>,
) -> AppResult<HttpResponse> {
    let mine = ctx
        .registrations
        .assisted_by(id)
        .await?
        .into_iter()
        .map(|(rid, day, claimed)| (rid, day.to_string(), claimed))
        .collect();
    let mut res = render(&AssistedPage {
        c,
        error,
        created,
        mine,
        relations: crate::domain::person::Relation::ALL
            .iter()
            .map(|r| r.as_str())
            .collect(),
    })?;
    if error.is_some() {
        *res.status_mut() = actix_web::http::StatusCode::BAD_REQUEST;
    }
    Ok(res)
}

pub async fn assisted(
    ctx: web::Data<Context>,
    c: PageCtx,
    staff: Staff,
) -> AppResult<HttpResponse> {
    assisted_page(&ctx, &c, caseworker(&staff)?, None, None).await
}

fn names_of(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

pub async fn create_assisted(
    ctx: web::Data<Context>,
    c: PageCtx,
    staff: Staff,
    form: Form,
) -> AppResult<HttpResponse> {
    c.check_csrf(field(&form, "csrf"))?;
    let id = caseworker(&staff)?;
    let today = ctx.clock.today();
    let own = names_of(field(&form, "names"));
    let profile = (!own.is_empty())
        .then(|| {
            crate::api::input::parse::<PersonInput>(
                &serde_json::to_vec(&json!({"names": own})).map_err(AppError::internal)?,
            )?
            .validate_at(today)
            .map_err(AppError::from)
        })
        .transpose();
    let sought = names_of(field(&form, "sought_names"));
    let mut search = json!({"names": sought, "relation": field(&form, "relation")});
    if !field(&form, "father_name").is_empty() {
        search["father_name"] = json!(field(&form, "father_name"));
    }
    let searches = if sought.is_empty() {
        Ok(Vec::new())
    } else {
        crate::api::input::parse::<SoughtInput>(
            &serde_json::to_vec(&search).map_err(AppError::internal)?,
        )
        .and_then(|s| s.validate_at(today).map_err(AppError::from))
        .map(|s| vec![s])
    };
    let made = match (profile, searches) {
        (Ok(p), Ok(s)) if p.is_some() || !s.is_empty() => {
            ctx.registrations.create_assisted(id, p, s).await
        }
        (Ok(_), Ok(_)) => Err(AppError::invalid("name_required", "Give a name.")),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match made {
        Ok(a) => assisted_page(&ctx, &c, id, None, Some((a.id, a.claim_code))).await,
        Err(AppError::Invalid { .. }) => {
            assisted_page(&ctx, &c, id, Some("review-error-assisted_input"), None).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "review/assisted_view.html")]
struct AssistedViewPage<'a> {
    c: &'a PageCtx,
    id: String,
    claimed: bool,
    names: Vec<String>,
    searches: Vec<(String, &'static str)>,
}

pub async fn view_assisted(
    ctx: web::Data<Context>,
    c: PageCtx,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let v = ctx
        .registrations
        .view_assisted(caseworker(&staff)?, &path)
        .await?;
    render(&AssistedViewPage {
        c: &c,
        names: v
            .profile
            .map(|p| p.names().iter().map(|n| n.as_str().to_string()).collect())
            .unwrap_or_default(),
        searches: v
            .searches
            .iter()
            .map(|s| {
                (
                    s.person
                        .person()
                        .names()
                        .first()
                        .map(|n| n.as_str().to_string())
                        .unwrap_or_default(),
                    s.person.relation().as_str(),
                )
            })
            .collect(),
        id: v.id,
        claimed: v.claimed,
    })
}

// The organization admin's review setting.

#[derive(Template)]
#[template(path = "review/settings.html")]
struct SettingsPage<'a> {
    c: &'a PageCtx,
    serves: bool,
    someone_serves: bool,
}

pub async fn settings(
    ctx: web::Data<Context>,
    c: PageCtx,
    staff: Staff,
) -> AppResult<HttpResponse> {
    let admin = staff.require(&[Role::OrgAdmin])?;
    let (serves, someone_serves) = ctx.matches.serves_unaffiliated(admin).await?;
    render(&SettingsPage {
        c: &c,
        serves,
        someone_serves,
    })
}

pub async fn save_settings(
    ctx: web::Data<Context>,
    c: PageCtx,
    staff: Staff,
    form: Form,
) -> AppResult<HttpResponse> {
    c.check_csrf(field(&form, "csrf"))?;
    let admin = staff.require(&[Role::OrgAdmin])?;
    ctx.matches
        .set_serves_unaffiliated(admin, field(&form, "serves") == "1")
        .await?;
    Ok(see_other("/review/settings"))
}
