//! Staff administration pages (JavaScript off): the staff list with its disable, enable,
//! remove and second-factor reset forms; the auditor's audit trail; an organization's
//! statistics as SVG charts with tables. Handlers parse, call one service, render.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::charts::{Bar, bar_chart};
use super::page::{FormError, PageCtx, render, see_other};
use crate::accounts::auditor::AuditPage;
use crate::accounts::staff_admin::{StaffAction, StaffMember, StaffState};
use crate::accounts::{Identity, Role, Staff};
use crate::audit::AuditEntry;
use crate::context::Context;
use crate::error::{AppError, AppResult};
use crate::statistics::{Bucket, Count};

/// `?done=<key>` after an action: only known keys are shown.
fn notice(req: &HttpRequest) -> Option<&'static str> {
    Some(match super::page::done_key(req)? {
        "disable" => "staff-notice-disable",
        "enable" => "staff-notice-enable",
        "remove" => "staff-notice-remove",
        "second-factor-reset" => "staff-notice-reset-requested",
        "second-factor-reset-approve" => "staff-notice-reset-approved",
        _ => return None,
    })
}

/// The words of a refused action; anything else propagates (404 stays 404).
fn action_error_key(code: &str) -> Option<&'static str> {
    Some(match code {
        "own_account" => "staff-error-own_account",
        "account_removed" => "staff-error-account_removed",
        "no_second_factor" => "staff-error-no_second_factor",
        "reset_already_requested" => "staff-error-reset_already_requested",
        "no_reset_request" => "staff-error-no_reset_request",
        "reset_request_expired" => "staff-error-reset_request_expired",
        "approver_is_requester" => "staff-error-approver_is_requester",
        "confirm_required" => "staff-error-confirm_required",
        _ => return None,
    })
}

// The staff list.

#[derive(Template)]
#[template(path = "staff/members.html")]
struct MembersPage<'a> {
    c: &'a PageCtx,
    members: Vec<StaffMember>,
    notice: Option<&'static str>,
    error: Option<&'a FormError>,
}

impl MembersPage<'_> {
    fn role_key(&self, m: &StaffMember) -> String {
        format!("role-{}", m.role.as_str())
    }

    fn state_key(&self, m: &StaffMember) -> String {
        format!("staff-state-{}", m.state.as_str())
    }

    fn active(&self, m: &StaffMember) -> bool {
        m.state == StaffState::Active
    }

    fn disabled(&self, m: &StaffMember) -> bool {
        m.state == StaffState::Disabled
    }

    fn removed(&self, m: &StaffMember) -> bool {
        m.state == StaffState::Removed
    }
}

async fn members_page(
    ctx: &web::Data<Context>,
    c: &PageCtx,
    id: &Identity,
    notice: Option<&'static str>,
    error: Option<&FormError>,
) -> AppResult<HttpResponse> {
    let members = ctx.accounts.staff_list(id).await?;
    let res = render(&MembersPage {
        c,
        members,
        notice,
        error,
    });
    match error {
        Some(e) => e.answer(res),
        None => res,
    }
}

pub async fn members(
    ctx: web::Data<Context>,
    c: PageCtx,
    s: Staff,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let id = s.require(&[Role::Admin, Role::OrgAdmin])?;
    members_page(&ctx, &c, id, notice(&req), None).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionForm {
    csrf: String,
    /// Removal asks for a ticked box.
    confirm: Option<String>,
}

pub async fn member_action(
    ctx: web::Data<Context>,
    c: PageCtx,
    s: Staff,
    path: web::Path<(String, String)>,
    form: web::Form<ActionForm>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    let id = s.require(&[Role::Admin, Role::OrgAdmin])?;
    let (target, action_name) = path.into_inner();
    let action = StaffAction::parse(&action_name).ok_or(AppError::NotFound)?;
    let result = if action == StaffAction::Remove && form.confirm.as_deref() != Some("yes") {
        Err(AppError::invalid(
            "confirm_required",
            "Tick the box to confirm the removal.",
        ))
    } else {
        ctx.accounts.staff_act(id, &target, action).await
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/staff/members?done={action_name}"))),
        Err(e) => {
            let Some(key) = action_error_key(e.code()) else {
                return Err(e);
            };
            let e = FormError::new(c.t(key), crate::http::error::status_of(&e));
            members_page(&ctx, &c, id, None, Some(&e)).await
        }
    }
}

// The audit trail.

#[derive(Template)]
#[template(path = "staff/audit.html")]
struct AuditTrailPage<'a> {
    c: &'a PageCtx,
    entries: Vec<AuditEntry>,
    action: String,
    from: String,
    until: String,
    /// The query string of the next (older) page, if any.
    older: Option<String>,
}

pub async fn audit(
    ctx: web::Data<Context>,
    c: PageCtx,
    s: Staff,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let id = s.require(&[Role::Auditor])?;
    let filter = crate::api::staff::audit_filter(req.query_string())?;
    let AuditPage {
        entries,
        next_before,
    } = ctx.accounts.audit_trail(id, &filter).await?;
    let action = filter.action.unwrap_or_default();
    let from = filter.from.unwrap_or_default();
    let until = filter.until.unwrap_or_default();
    let older = next_before.map(|before| {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("action", &action)
            .append_pair("from", &from)
            .append_pair("until", &until)
            .append_pair("before", &before.to_string())
            .finish()
    });
    render(&AuditTrailPage {
        c: &c,
        entries,
        action,
        from,
        until,
        older,
    })
}

// Statistics.

/// One chart and its table: a caption, the rows (label, number or "fewer than 5").
pub struct ChartView {
    pub id: &'static str,
    pub title: String,
    pub svg: String,
    pub label_heading: String,
    pub rows: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "staff/statistics.html")]
struct StatisticsPage<'a> {
    c: &'a PageCtx,
    charts: Vec<ChartView>,
}

fn chart(
    c: &PageCtx,
    id: &'static str,
    title_key: &str,
    heading_key: &str,
    buckets: &[Bucket],
    label: impl Fn(&str) -> String,
) -> ChartView {
    let fewer = c.t("stats-fewer-than-5");
    let title = c.t(title_key);
    let bars: Vec<Bar> = buckets
        .iter()
        .map(|b| Bar {
            label: label(&b.key),
            value: b.count.exact(),
        })
        .collect();
    ChartView {
        id,
        svg: bar_chart(id, &title, &bars, &fewer),
        title,
        label_heading: c.t(heading_key),
        rows: buckets
            .iter()
            .map(|b| {
                let n = match b.count {
                    Count::Exact(n) => n.to_string(),
                    Count::FewerThan5 => fewer.clone(),
                };
                (label(&b.key), n)
            })
            .collect(),
    }
}

pub async fn statistics(ctx: web::Data<Context>, c: PageCtx, s: Staff) -> AppResult<HttpResponse> {
    let id = s.require(&[Role::OrgAdmin])?;
    let st = ctx.statistics.for_org_admin(id).await?;
    let month = |m: &str| m.to_string();
    let charts = vec![
        chart(
            &c,
            "registrations",
            "stats-registrations",
            "stats-month",
            &st.registrations,
            month,
        ),
        chart(
            &c,
            "matches",
            "stats-matches",
            "stats-state",
            &st.matches_by_state,
            |s| c.t(&format!("state-{s}")),
        ),
        chart(
            &c,
            "reunions",
            "stats-reunions",
            "stats-month",
            &st.reunions,
            month,
        ),
    ];
    render(&StatisticsPage { c: &c, charts })
}
