//! Registration pages (JavaScript off, mobile first): dashboard, about me, the people sought,
//! contact and pre-consent cards, verification facts, privacy settings, delete everything.
//! Forms are turned into the same JSON the API takes and validated by the same domain code.

use std::collections::HashMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde_json::{Value, json};

use super::page::{FormError, PageCtx, render, see_other};
use crate::accounts::Identity;
use crate::context::Context;
use crate::domain::cards::MAX_CHANNELS;
use crate::domain::{
    ContactCard, ContactCardInput, FactsInput, Person, PersonInput, PreconsentCard,
    PreconsentInput, PrivacySettings, SettingsInput, SoughtInput, SoughtPerson, VerificationFacts,
};
use crate::error::{AppError, AppResult};
use crate::http::identity::{Session, clear_session_cookie};
use crate::regions::{Prefecture, prefectures};
use crate::registrations::Card;

type Form = web::Form<HashMap<String, String>>;

fn field<'a>(form: &'a HashMap<String, String>, key: &str) -> &'a str {
    form.get(key).map(String::as_str).unwrap_or("").trim()
}

fn check(c: &PageCtx, form: &HashMap<String, String>) -> AppResult<()> {
    c.check_csrf(field(form, "csrf"))
}

/// What a form says for a validation error a person can fix, or for the name cool-down (a
/// 429 with the wait); anything else propagates.
fn form_error(c: &PageCtx, e: AppError) -> AppResult<FormError> {
    match &e {
        AppError::Invalid { code, .. } => {
            let key = format!("form-error-{code}");
            let key = if c.lang.has(&key) {
                key
            } else {
                "form-error-invalid_input".to_string()
            };
            Ok(FormError::new(c.t(&key), StatusCode::BAD_REQUEST))
        }
        AppError::RateLimited { .. } => {
            Ok(FormError::limited(c, "form-error-name_edit_cooldown", &e))
        }
        _ => Err(e),
    }
}

/// `None` when a form's change went through, else what to show with the form again.
fn outcome(c: &PageCtx, result: AppResult<()>) -> AppResult<Option<FormError>> {
    match result {
        Ok(()) => Ok(None),
        Err(e) => form_error(c, e).map(Some),
    }
}

/// Store a card validated from a form; the outcome as for [`outcome`].
async fn store_card<C: Card + Clone>(
    ctx: &web::Data<Context>,
    c: &PageCtx,
    id: &Identity,
    value: AppResult<C>,
) -> AppResult<Option<FormError>> {
    let result = match value {
        Ok(v) => ctx.registrations.put_card(id, v).await.map(|_| ()),
        Err(e) => Err(e),
    };
    outcome(c, result)
}

/// A stored value as the JSON the forms are filled from.
fn json_of<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The person form's fields as text, from stored JSON or from a submitted form.
#[derive(Default)]
pub struct PersonFields {
    pub names: String,
    pub nicknames: String,
    pub father_name: String,
    pub mother_name: String,
    pub gender: String,
    pub birth_kind: String,
    pub birth_date: String,
    pub birth_year: String,
    pub birth_from: String,
    pub birth_to: String,
    pub birthplace_text: String,
    pub birthplace_region: String,
    pub relation: String,
    pub last_known_place: String,
    pub last_contact_year: String,
    pub last_contact_date: String,
    pub circumstances: String,
    pub notes: String,
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

fn lines(v: &Value) -> String {
    v.as_array()
        .map(|a| a.iter().map(s).collect::<Vec<_>>().join("\n"))
        .unwrap_or_default()
}

impl PersonFields {
    fn from_value(v: &Value) -> Self {
        let birth = &v["birth"];
        let birth_kind = if birth.get("date").is_some() {
            "date"
        } else if birth.get("year").is_some() {
            "year"
        } else if birth.get("from").is_some() {
            "range"
        } else {
            ""
        };
        PersonFields {
            names: lines(&v["names"]),
            nicknames: lines(&v["nicknames"]),
            father_name: s(&v["father_name"]),
            mother_name: s(&v["mother_name"]),
            gender: s(&v["gender"]),
            birth_kind: birth_kind.into(),
            birth_date: s(&birth["date"]),
            birth_year: s(&birth["year"]),
            birth_from: s(&birth["from"]),
            birth_to: s(&birth["to"]),
            birthplace_text: s(&v["birthplace"]["text"]),
            birthplace_region: s(&v["birthplace"]["region"]),
            relation: s(&v["relation"]),
            last_known_place: s(&v["last_known_place"]),
            last_contact_year: s(&v["last_contact"]["year"]),
            last_contact_date: s(&v["last_contact"]["date"]),
            circumstances: s(&v["circumstances"]),
            notes: s(&v["notes"]),
        }
    }

    fn from_form(f: &HashMap<String, String>) -> Self {
        let g = |k: &str| f.get(k).cloned().unwrap_or_default();
        PersonFields {
            names: g("names"),
            nicknames: g("nicknames"),
            father_name: g("father_name"),
            mother_name: g("mother_name"),
            gender: g("gender"),
            birth_kind: g("birth_kind"),
            birth_date: g("birth_date"),
            birth_year: g("birth_year"),
            birth_from: g("birth_from"),
            birth_to: g("birth_to"),
            birthplace_text: g("birthplace_text"),
            birthplace_region: g("birthplace_region"),
            relation: g("relation"),
            last_known_place: g("last_known_place"),
            last_contact_year: g("last_contact_year"),
            last_contact_date: g("last_contact_date"),
            circumstances: g("circumstances"),
            notes: g("notes"),
        }
    }

    /// The API's JSON for these fields; empty fields are left out, numbers that do not parse
    /// are passed on as text so validation names them.
    fn to_json(&self, sought: bool) -> Value {
        let list = |t: &str| {
            t.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| json!(l))
                .collect::<Vec<_>>()
        };
        let num = |t: &str| {
            t.trim()
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| json!(t.trim()))
        };
        let mut v = json!({});
        let names = list(&self.names);
        if !names.is_empty() {
            v["names"] = json!(names);
        }
        let nicknames = list(&self.nicknames);
        if !nicknames.is_empty() {
            v["nicknames"] = json!(nicknames);
        }
        for (k, val) in [
            ("father_name", &self.father_name),
            ("mother_name", &self.mother_name),
            ("gender", &self.gender),
        ] {
            if !val.trim().is_empty() {
                v[k] = json!(val.trim());
            }
        }
        match self.birth_kind.as_str() {
            "date" => v["birth"] = json!({"date": self.birth_date.trim()}),
            "year" => v["birth"] = json!({"year": num(&self.birth_year)}),
            "range" => {
                v["birth"] = json!({"from": num(&self.birth_from), "to": num(&self.birth_to)})
            }
            _ => {}
        }
        if !self.birthplace_text.trim().is_empty() || !self.birthplace_region.is_empty() {
            let mut place = json!({"text": self.birthplace_text.trim()});
            if !self.birthplace_region.is_empty() {
                place["region"] = json!(self.birthplace_region);
            }
            v["birthplace"] = place;
        }
        if sought {
            for (k, val) in [
                ("relation", &self.relation),
                ("last_known_place", &self.last_known_place),
                ("circumstances", &self.circumstances),
                ("notes", &self.notes),
            ] {
                if !val.trim().is_empty() {
                    v[k] = json!(val.trim());
                }
            }
            if !self.last_contact_date.trim().is_empty() {
                v["last_contact"] = json!({"date": self.last_contact_date.trim()});
            } else if !self.last_contact_year.trim().is_empty() {
                v["last_contact"] = json!({"year": num(&self.last_contact_year)});
            }
        }
        v
    }
}

fn parse<T: serde::de::DeserializeOwned>(v: Value) -> AppResult<T> {
    crate::api::input::parse(&serde_json::to_vec(&v).map_err(AppError::internal)?)
}

fn validated_person(ctx: &Context, f: &PersonFields) -> AppResult<Person> {
    Ok(parse::<PersonInput>(f.to_json(false))?.validate_at(ctx.clock.today())?)
}

fn validated_sought(ctx: &Context, f: &PersonFields) -> AppResult<SoughtPerson> {
    Ok(parse::<SoughtInput>(f.to_json(true))?.validate_at(ctx.clock.today())?)
}

// Dashboard.

struct SearchLine {
    id: String,
    name: String,
    relation: String,
    paused: bool,
}

#[derive(Template)]
#[template(path = "registration/dashboard.html")]
struct DashboardPage<'a> {
    c: &'a PageCtx,
    notice: Option<&'static str>,
    /// A match was put to them or disclosed since they last looked.
    update: bool,
    /// "Kept until …": the retention deadline, with a renew button.
    kept_until: Option<String>,
    my_name: Option<String>,
    searches: Vec<SearchLine>,
    can_add: bool,
}

pub async fn dashboard(
    ctx: web::Data<Context>,
    c: PageCtx,
    session: Session,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let lifecycle = ctx.lifecycle.clone();
    // Staff have no dashboard: `None` sends them to their account page.
    let board = session
        .run(move |conn, id| {
            if id.role.is_staff() {
                Ok(None)
            } else {
                lifecycle.dashboard_in(conn, id).map(Some)
            }
        })
        .await?;
    let Some(d) = board else {
        return Ok(see_other("/account"));
    };
    let notice = match req.query_string() {
        "done=saved" => Some("notice-saved"),
        "done=deleted" => Some("notice-search-deleted"),
        "done=renewed" => Some("notice-renewed"),
        _ => None,
    };
    render(&DashboardPage {
        c: &c,
        notice,
        update: d.update,
        kept_until: d
            .kept_until
            .map(|d| c.t_args("dashboard-kept-until", &[("date", d.date().to_string())])),
        my_name: d
            .about
            .as_ref()
            .and_then(|p| p.names().first().map(|n| n.as_str().to_string())),
        can_add: d.searches.len() < ctx.settings.max_sought_persons as usize,
        searches: d
            .searches
            .into_iter()
            .map(|search| SearchLine {
                name: search
                    .person
                    .person()
                    .names()
                    .first()
                    .or(search.person.person().nicknames().first())
                    .map(|n| n.as_str().to_string())
                    .unwrap_or_default(),
                relation: search.person.relation().as_str().to_string(),
                paused: search.paused,
                id: search.id,
            })
            .collect(),
    })
}

// About me.

#[derive(Template)]
#[template(path = "registration/about_me.html")]
struct AboutPage<'a> {
    c: &'a PageCtx,
    f: PersonFields,
    regions: Vec<Prefecture>,
    sought: bool,
    error: Option<String>,
}

pub async fn about_me(c: PageCtx, session: Session) -> AppResult<HttpResponse> {
    let profile = session.card::<Person>().await?.map(|p| json_of(&p));
    render(&AboutPage {
        c: &c,
        f: profile
            .as_ref()
            .map(PersonFields::from_value)
            .unwrap_or_default(),
        regions: prefectures(),
        sought: false,
        error: None,
    })
}

pub async fn save_about_me(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: Form,
) -> AppResult<HttpResponse> {
    check(&c, &form)?;
    let f = PersonFields::from_form(&form);
    match store_card(&ctx, &c, &id, validated_person(&ctx, &f)).await? {
        None => Ok(see_other("/dashboard?done=saved")),
        Some(e) => e.answer(render(&AboutPage {
            c: &c,
            f,
            regions: prefectures(),
            sought: false,
            error: Some(e.text.clone()),
        })),
    }
}

// The people sought.

#[derive(Template)]
#[template(path = "registration/search.html")]
struct SearchPage<'a> {
    c: &'a PageCtx,
    id: Option<String>,
    paused: bool,
    f: PersonFields,
    regions: Vec<Prefecture>,
    sought: bool,
    error: Option<String>,
}

pub async fn new_search(c: PageCtx, _id: Identity) -> AppResult<HttpResponse> {
    render(&SearchPage {
        c: &c,
        id: None,
        paused: false,
        f: PersonFields::default(),
        regions: prefectures(),
        sought: true,
        error: None,
    })
}

pub async fn create_search(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: Form,
) -> AppResult<HttpResponse> {
    check(&c, &form)?;
    let f = PersonFields::from_form(&form);
    let result = match validated_sought(&ctx, &f) {
        Ok(v) => ctx.registrations.create_search(&id, v).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match outcome(&c, result)? {
        None => Ok(see_other("/dashboard?done=saved")),
        Some(e) => e.answer(render(&SearchPage {
            c: &c,
            id: None,
            paused: false,
            f,
            regions: prefectures(),
            sought: true,
            error: Some(e.text.clone()),
        })),
    }
}

pub async fn edit_search(
    c: PageCtx,
    session: Session,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let search = session.search(path.into_inner()).await?;
    render(&SearchPage {
        c: &c,
        f: PersonFields::from_value(&json_of(&search.person)),
        id: Some(search.id),
        paused: search.paused,
        regions: prefectures(),
        sought: true,
        error: None,
    })
}

pub async fn update_search(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    path: web::Path<String>,
    form: Form,
) -> AppResult<HttpResponse> {
    check(&c, &form)?;
    // A foreign or unknown id is 404 before anything else is looked at.
    let existing = ctx.registrations.search(&id, &path).await?;
    let f = PersonFields::from_form(&form);
    let result = match validated_sought(&ctx, &f) {
        Ok(v) => ctx
            .registrations
            .update_search(&id, &path, v)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match outcome(&c, result)? {
        None => Ok(see_other("/dashboard?done=saved")),
        Some(e) => e.answer(render(&SearchPage {
            c: &c,
            id: Some(existing.id),
            paused: existing.paused,
            f,
            regions: prefectures(),
            sought: true,
            error: Some(e.text.clone()),
        })),
    }
}

#[derive(Template)]
#[template(path = "registration/search_delete.html")]
struct SearchDeletePage<'a> {
    c: &'a PageCtx,
    id: String,
    name: String,
    relation: String,
    error: Option<String>,
}

/// `GET /searches/{id}/delete`: deleting a person sought is asked on a page of its own, which
/// says what it undoes; any other action has no page.
pub async fn search_action_page(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (search_id, action) = path.into_inner();
    if action != "delete" {
        return Err(AppError::NotFound);
    }
    render(&delete_page_for(&ctx, &c, &id, &search_id, None).await?)
}

async fn delete_page_for<'a>(
    ctx: &Context,
    c: &'a PageCtx,
    id: &Identity,
    search_id: &str,
    error: Option<String>,
) -> AppResult<SearchDeletePage<'a>> {
    let search = ctx.registrations.search(id, search_id).await?;
    let person = search.person.person();
    Ok(SearchDeletePage {
        c,
        name: person
            .names()
            .first()
            .or(person.nicknames().first())
            .map(|n| n.as_str().to_string())
            .unwrap_or_default(),
        relation: search.person.relation().as_str().to_string(),
        id: search.id,
        error,
    })
}

/// `POST /searches/{id}/{action}`: pause, resume or delete (only with the confirmation the
/// delete page asks for); any other action is not a page.
pub async fn search_action(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    path: web::Path<(String, String)>,
    form: Form,
) -> AppResult<HttpResponse> {
    check(&c, &form)?;
    let (search_id, action) = path.into_inner();
    match action.as_str() {
        "pause" => ctx.registrations.set_paused(&id, &search_id, true).await?,
        "resume" => ctx.registrations.set_paused(&id, &search_id, false).await?,
        "delete" => {
            if field(&form, "confirm").is_empty() {
                let e = FormError::new(
                    c.t("form-error-confirm_delete_search"),
                    StatusCode::BAD_REQUEST,
                );
                let page = delete_page_for(&ctx, &c, &id, &search_id, Some(e.text.clone())).await?;
                return e.answer(render(&page));
            }
            ctx.registrations.delete_search(&id, &search_id).await?;
            return Ok(see_other("/dashboard?done=deleted"));
        }
        _ => return Err(AppError::NotFound),
    }
    Ok(see_other(&format!("/searches/{search_id}/edit")))
}

// Cards, facts, settings.

const MAX_FACTS: usize = 3;

#[derive(Template)]
#[template(path = "registration/contact_card.html")]
struct ContactPage<'a> {
    c: &'a PageCtx,
    /// The ways given so far, then one empty row to add another (while there is room).
    channels: Vec<(String, String)>,
    /// Room for one more way after these rows (the "save and add another" button).
    can_add: bool,
    message: String,
    error: Option<String>,
    notice: Option<&'static str>,
}

impl ContactPage<'_> {
    /// The label of the `n`-th way (from 1): each row says which it is.
    fn way(&self, n: &usize) -> String {
        self.c
            .t_args("field-channel-kind-n", &[("n", n.to_string())])
    }

    fn new<'a>(
        c: &'a PageCtx,
        mut filled: Vec<(String, String)>,
        message: String,
    ) -> ContactPage<'a> {
        filled.retain(|(k, v)| !k.is_empty() || !v.is_empty());
        if filled.len() < MAX_CHANNELS {
            filled.push((String::new(), String::new()));
        }
        ContactPage {
            c,
            can_add: filled.len() < MAX_CHANNELS,
            channels: filled,
            message,
            error: None,
            notice: None,
        }
    }
}

/// Form rows (pairs of fields), padded with empty rows to at least `n`.
fn padded(mut rows: Vec<(String, String)>, n: usize) -> Vec<(String, String)> {
    rows.resize(n.max(rows.len()), (String::new(), String::new()));
    rows
}

/// The `(a, b)` fields of each object in a stored JSON list, as form rows.
fn rows_of(list: &Value, a: &str, b: &str) -> Vec<(String, String)> {
    list.as_array()
        .map(|items| items.iter().map(|it| (s(&it[a]), s(&it[b]))).collect())
        .unwrap_or_default()
}

pub async fn contact_card(
    c: PageCtx,
    session: Session,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let card = session
        .card::<ContactCard>()
        .await?
        .map(|c| json_of(&c))
        .unwrap_or(Value::Null);
    let mut page = ContactPage::new(
        &c,
        rows_of(&card["channels"], "kind", "value"),
        s(&card["message"]),
    );
    page.notice = (req.query_string() == "done=saved").then_some("notice-saved");
    render(&page)
}

pub async fn save_contact_card(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: Form,
) -> AppResult<HttpResponse> {
    check(&c, &form)?;
    // The page has at most `MAX_CHANNELS` rows; a row with a value but no kind is kept so
    // that validation names it rather than dropping what was typed.
    let typed: Vec<(String, String)> = (0..MAX_CHANNELS)
        .map(|i| {
            (
                field(&form, &format!("kind{i}")).to_string(),
                field(&form, &format!("value{i}")).to_string(),
            )
        })
        .filter(|(k, v)| !k.is_empty() || !v.is_empty())
        .collect();
    let body = json!({
        "channels": typed.iter().map(|(k, v)| json!({"kind": k, "value": v})).collect::<Vec<_>>(),
        "message": field(&form, "message"),
    });
    match store_card(
        &ctx,
        &c,
        &id,
        parse::<ContactCardInput>(body).and_then(|i| Ok(i.validate()?)),
    )
    .await?
    {
        // "Save and add another way": back to this page, which has a new empty row.
        None if field(&form, "then") == "add" => Ok(see_other("/contact-card?done=saved")),
        None => Ok(see_other("/dashboard?done=saved")),
        Some(e) => {
            let mut page = ContactPage::new(&c, typed, field(&form, "message").to_string());
            page.error = Some(e.text.clone());
            e.answer(render(&page))
        }
    }
}

#[derive(Template)]
#[template(path = "registration/preconsent.html")]
struct PreconsentPage<'a> {
    c: &'a PageCtx,
    show: Vec<String>,
    message: String,
    error: Option<String>,
    /// Exactly what "my given name only" would show, from "about me".
    given_name: Option<String>,
}

/// The given name a pre-consent card would show, so the registrant sees it before choosing.
async fn given_name_of(ctx: &Context, id: &Identity) -> AppResult<Option<String>> {
    Ok(given_name(ctx.registrations.card::<Person>(id).await?))
}

fn given_name(about_me: Option<Person>) -> Option<String> {
    about_me.and_then(|p| p.given_name().map(str::to_string))
}

impl PreconsentPage<'_> {
    fn shows(&self, item: &str) -> bool {
        self.show.iter().any(|s| s == item)
    }
}

pub async fn preconsent_card(
    ctx: web::Data<Context>,
    c: PageCtx,
    session: Session,
) -> AppResult<HttpResponse> {
    let registrations = ctx.registrations.clone();
    // The card and "about me" (for the given name it may show) in the session's trip.
    let (card, about_me) = session
        .run(move |conn, id| registrations.cards_in::<PreconsentCard, Person>(conn, id))
        .await?;
    let card = json_of(&card.unwrap_or_default());
    render(&PreconsentPage {
        c: &c,
        show: card["show"]
            .as_array()
            .map(|a| a.iter().map(s).collect())
            .unwrap_or_default(),
        message: s(&card["message"]),
        error: None,
        given_name: given_name(about_me),
    })
}

pub async fn save_preconsent_card(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: Form,
) -> AppResult<HttpResponse> {
    check(&c, &form)?;
    let show: Vec<String> = ["relation", "given_name", "country"]
        .into_iter()
        .filter(|item| !field(&form, &format!("show_{item}")).is_empty())
        .map(str::to_string)
        .collect();
    let body = json!({"show": show, "message": field(&form, "message")});
    match store_card(
        &ctx,
        &c,
        &id,
        parse::<PreconsentInput>(body).and_then(|i| Ok(i.validate()?)),
    )
    .await?
    {
        None => Ok(see_other("/dashboard?done=saved")),
        Some(e) => e.answer(render(&PreconsentPage {
            c: &c,
            show,
            message: field(&form, "message").to_string(),
            error: Some(e.text.clone()),
            given_name: given_name_of(&ctx, &id).await?,
        })),
    }
}

#[derive(Template)]
#[template(path = "registration/facts.html")]
struct FactsPage<'a> {
    c: &'a PageCtx,
    facts: Vec<(String, String)>,
    error: Option<String>,
}

pub async fn facts(c: PageCtx, session: Session) -> AppResult<HttpResponse> {
    let card = session
        .card::<VerificationFacts>()
        .await?
        .map(|c| json_of(&c))
        .unwrap_or(Value::Null);
    render(&FactsPage {
        c: &c,
        facts: padded(rows_of(&card["facts"], "question", "answer"), MAX_FACTS),
        error: None,
    })
}

pub async fn save_facts(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: Form,
) -> AppResult<HttpResponse> {
    check(&c, &form)?;
    let facts: Vec<(String, String)> = (0..MAX_FACTS)
        .map(|i| {
            (
                field(&form, &format!("question{i}")).to_string(),
                field(&form, &format!("answer{i}")).to_string(),
            )
        })
        .filter(|(q, a)| !q.is_empty() || !a.is_empty())
        .collect();
    let body = json!({"facts": facts.iter().map(|(q, a)| json!({"question": q, "answer": a})).collect::<Vec<_>>()});
    match store_card(
        &ctx,
        &c,
        &id,
        parse::<FactsInput>(body).and_then(|i| Ok(i.validate()?)),
    )
    .await?
    {
        None => Ok(see_other("/dashboard?done=saved")),
        Some(e) => e.answer(render(&FactsPage {
            c: &c,
            facts: padded(facts, MAX_FACTS),
            error: Some(e.text.clone()),
        })),
    }
}

#[derive(Template)]
#[template(path = "registration/privacy.html")]
struct PrivacyPage<'a> {
    c: &'a PageCtx,
    /// Retention choices with their labels.
    retention_options: Vec<(i64, String)>,
    matching_paused: bool,
    retention_months: i64,
    country: String,
    languages: String,
    error: Option<String>,
}

fn retention_options(c: &PageCtx) -> Vec<(i64, String)> {
    crate::domain::settings::RETENTION_CHOICES
        .into_iter()
        .map(i64::from)
        .map(|m| {
            (
                m,
                c.t_args("retention-months", &[("months", m.to_string())]),
            )
        })
        .collect()
}

pub async fn privacy(c: PageCtx, session: Session) -> AppResult<HttpResponse> {
    let settings = json_of(&session.card::<PrivacySettings>().await?.unwrap_or_default());
    render(&PrivacyPage {
        retention_options: retention_options(&c),
        c: &c,
        matching_paused: settings["matching_paused"].as_bool().unwrap_or(false),
        retention_months: settings["retention_months"].as_i64().unwrap_or(24),
        country: s(&settings["country"]),
        languages: settings["languages"]
            .as_array()
            .map(|a| a.iter().map(s).collect::<Vec<_>>().join(", "))
            .unwrap_or_default(),
        error: None,
    })
}

pub async fn save_privacy(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: Form,
) -> AppResult<HttpResponse> {
    check(&c, &form)?;
    let retention = field(&form, "retention_months").parse::<i64>().unwrap_or(0);
    let languages: Vec<&str> = field(&form, "languages")
        .split([',', ' '])
        .filter(|l| !l.is_empty())
        .collect();
    let mut body = json!({
        "matching_paused": !field(&form, "matching_paused").is_empty(),
        "retention_months": retention,
        "languages": languages,
    });
    if !field(&form, "country").is_empty() {
        body["country"] = json!(field(&form, "country"));
    }
    match store_card(
        &ctx,
        &c,
        &id,
        parse::<SettingsInput>(body).and_then(|i| Ok(i.validate()?)),
    )
    .await?
    {
        None => Ok(see_other("/dashboard?done=saved")),
        Some(e) => e.answer(render(&PrivacyPage {
            retention_options: retention_options(&c),
            c: &c,
            matching_paused: !field(&form, "matching_paused").is_empty(),
            retention_months: retention,
            country: field(&form, "country").to_string(),
            languages: field(&form, "languages").to_string(),
            error: Some(e.text.clone()),
        })),
    }
}

// Delete everything.

#[derive(Template)]
#[template(path = "registration/delete.html")]
struct DeletePage<'a> {
    c: &'a PageCtx,
    error: Option<String>,
}

pub async fn delete_page(c: PageCtx, _id: Identity) -> AppResult<HttpResponse> {
    render(&DeletePage { c: &c, error: None })
}

pub async fn delete_everything(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: Form,
) -> AppResult<HttpResponse> {
    check(&c, &form)?;
    if field(&form, "confirm").is_empty() {
        let e = FormError::new(c.t("form-error-confirm_delete"), StatusCode::BAD_REQUEST);
        return e.answer(render(&DeletePage {
            c: &c,
            error: Some(e.text.clone()),
        }));
    }
    ctx.lifecycle.delete_everything(&id).await?;
    Ok(HttpResponse::SeeOther()
        .cookie(clear_session_cookie())
        .insert_header(("Clear-Site-Data", "\"cache\""))
        .insert_header((header::LOCATION, "/?done=deleted"))
        .finish())
}

/// Renew the registration from the dashboard.
pub async fn renew(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: Form,
) -> AppResult<HttpResponse> {
    check(&c, &form)?;
    ctx.registrations.renew(&id).await?;
    Ok(see_other("/dashboard?done=renewed"))
}
