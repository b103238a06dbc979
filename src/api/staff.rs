//! Staff API: organizations, invites, second-factor enrolment, the staff lifecycle, the
//! auditor's view of the audit trail and organization statistics.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::accounts::{SignUpResponse, session_response};
use crate::accounts::auditor::AuditFilter;
use crate::accounts::staff_admin::{StaffAction, StaffMember};
use crate::accounts::{Identity, Role, Staff};
use crate::api::input::Json;
use crate::context::Context;
use crate::crypto::Sensitive;
use crate::error::{AppError, AppResult};
use crate::statistics::{Bucket, Count};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrganization {
    name: String,
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    id: String,
}

/// Admins: a partner organization.
#[utoipa::path(post, path = "/api/v1/admin/organizations", tag = "staff",
    request_body = NewOrganization,
    responses((status = 201, description = "Created.", body = Created)))]
pub async fn create_organization(
    ctx: web::Data<Context>,
    staff_id: Staff,
    body: Json<NewOrganization>,
) -> AppResult<HttpResponse> {
    let admin = staff_id.require(&[Role::Admin])?;
    let id = ctx.accounts.create_organization(admin, &body.name).await?;
    Ok(HttpResponse::Created().json(Created { id }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInvite {
    #[schema(schema_with = crate::api::doc::role)]
    role: String,
    /// Needed for `org_admin` invites; an org admin's caseworkers join their organization.
    organization_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct InviteCreated {
    code: String,
    #[serde(serialize_with = "crate::api::time::rfc3339")]
    expires_at: NaiveDateTime,
}

/// Admins invite org admins, admins and auditors; org admins invite caseworkers. Single use,
/// valid 7 days.
#[utoipa::path(post, path = "/api/v1/invites", tag = "staff", request_body = NewInvite,
    responses((status = 201, description = "The invitation code.", body = InviteCreated)))]
pub async fn create_invite(
    ctx: web::Data<Context>,
    staff_id: Staff,
    body: Json<NewInvite>,
) -> AppResult<HttpResponse> {
    let by = staff_id.require(&[Role::Admin, Role::OrgAdmin])?;
    let body = body.into_inner();
    let role = Role::parse(&body.role)
        .ok_or_else(|| AppError::invalid("unknown_role", "Unknown role."))?;
    let invite = ctx
        .accounts
        .create_invite(by, role, body.organization_id)
        .await?;
    Ok(HttpResponse::Created().json(InviteCreated {
        code: invite.code,
        expires_at: invite.expires_at,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvite {
    #[schema(value_type = String, min_length = 12, max_length = 256)]
    passphrase: Sensitive<String>,
    #[schema(schema_with = crate::api::doc::locale_or_null)]
    locale: Option<String>,
}

/// Accept an invitation: creates the staff account.
#[utoipa::path(post, path = "/api/v1/invites/{code}/accept", tag = "staff", security(()),
    params(("code" = String, Path, description = "The invitation code.")),
    request_body = AcceptInvite,
    responses((status = 201, description = "The new account.", body = SignUpResponse)))]
pub async fn accept_invite(
    ctx: web::Data<Context>,
    code: web::Path<String>,
    body: Json<AcceptInvite>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let lang = super::accounts::lang_or_en(body.locale.as_deref())?;
    let created = ctx
        .accounts
        .accept_invite(&code, body.passphrase, lang)
        .await?;
    Ok(HttpResponse::Created().json(SignUpResponse::from(created)))
}

#[derive(Serialize, ToSchema)]
pub struct EnrolmentView {
    secret: String,
    otpauth_uri: String,
    qr_svg: String,
}

/// Staff: start enrolling a TOTP second factor.
#[utoipa::path(post, path = "/api/v1/me/totp", tag = "staff",
    responses((status = 200, description = "The secret, as text, URI and QR code.", body = EnrolmentView)))]
pub async fn totp_enrol(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    let e = ctx.accounts.totp_enrol(&id).await?;
    Ok(HttpResponse::Ok().json(EnrolmentView {
        secret: e.secret_base32,
        otpauth_uri: e.otpauth_uri,
        qr_svg: e.qr_svg,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Code {
    code: String,
}

/// Staff: confirm the second factor with a current code; sessions end, this answer carries a
/// new one.
#[utoipa::path(post, path = "/api/v1/me/totp/confirm", tag = "staff", request_body = Code,
    responses((status = 200, description = "Confirmed; a new session.", body = super::accounts::TokenResponse)))]
pub async fn totp_confirm(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<Code>,
) -> AppResult<HttpResponse> {
    let session = ctx.accounts.totp_confirm(&id, &body.code).await?;
    Ok(session_response(session))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApproval {
    #[schema(schema_with = crate::api::doc::approval_purpose)]
    purpose: String,
}

#[derive(Serialize, ToSchema)]
pub struct ApprovalIssued {
    code: String,
    #[schema(schema_with = crate::api::doc::approval_purpose)]
    purpose: &'static str,
    #[serde(serialize_with = "crate::api::time::rfc3339")]
    expires_at: NaiveDateTime,
}

/// An organization admin approves one PFIF export or import of their organization's assisted
/// registrations: 201 with a one-time code (shown once).
#[utoipa::path(post, path = "/api/v1/approvals", tag = "staff", request_body = NewApproval,
    responses((status = 201, description = "The one-time approval code (shown once; 30 minutes).",
        body = ApprovalIssued)))]
pub async fn issue_approval(
    ctx: web::Data<Context>,
    staff_id: Staff,
    body: Json<NewApproval>,
) -> AppResult<HttpResponse> {
    let by = staff_id.require(&[Role::OrgAdmin])?;
    let purpose = crate::accounts::approvals::ApprovalPurpose::from_code(&body.purpose)
        .ok_or_else(crate::web::approval_pages::invalid_purpose)?;
    let issued = ctx.accounts.issue_approval(by, purpose).await?;
    Ok(HttpResponse::Created().json(ApprovalIssued {
        code: issued.code,
        purpose: issued.purpose.as_str(),
        expires_at: issued.expires_at,
    }))
}

// Staff lifecycle: admins list, disable, enable and remove staff accounts and reset a lost
// second factor (two admins); auditors read the audit trail; org admins read statistics.

#[derive(Serialize, ToSchema)]
pub struct PendingResetView {
    #[serde(serialize_with = "crate::api::time::rfc3339")]
    expires_at: NaiveDateTime,
    requested_by_me: bool,
}

#[derive(Serialize, ToSchema)]
pub struct StaffView {
    id: String,
    handle: String,
    #[schema(schema_with = crate::api::doc::role)]
    role: &'static str,
    organization_id: Option<String>,
    #[schema(schema_with = crate::api::doc::staff_state)]
    state: &'static str,
    second_factor: bool,
    #[serde(serialize_with = "crate::api::time::rfc3339")]
    created_at: NaiveDateTime,
    #[serde(serialize_with = "rfc3339_opt")]
    last_sign_in_at: Option<NaiveDateTime>,
    second_factor_reset: Option<PendingResetView>,
    me: bool,
}

fn rfc3339_opt<S: serde::Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => crate::api::time::rfc3339(t, s),
        None => s.serialize_none(),
    }
}

impl From<StaffMember> for StaffView {
    fn from(m: StaffMember) -> Self {
        StaffView {
            id: m.id,
            handle: m.handle,
            role: m.role.as_str(),
            organization_id: m.organization_id,
            state: m.state.as_str(),
            second_factor: m.second_factor,
            created_at: m.created_at,
            last_sign_in_at: m.last_sign_in_at,
            second_factor_reset: m.reset.map(|r| PendingResetView {
                expires_at: r.expires_at,
                requested_by_me: r.requested_by_me,
            }),
            me: m.is_me,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct StaffList {
    staff: Vec<StaffView>,
}

/// The staff an admin may manage (an org admin: their organization's caseworkers).
#[utoipa::path(get, path = "/api/v1/staff", tag = "staff",
    responses((status = 200, description = "Staff accounts.", body = StaffList)))]
pub async fn list_staff(ctx: web::Data<Context>, s: Staff) -> AppResult<HttpResponse> {
    let id = s.require(&[Role::Admin, Role::OrgAdmin])?;
    let staff = ctx.accounts.staff_list(id).await?;
    Ok(HttpResponse::Ok().json(StaffList {
        staff: staff.into_iter().map(StaffView::from).collect(),
    }))
}

async fn act(
    ctx: &Context,
    s: &Staff,
    target: &str,
    action: StaffAction,
) -> AppResult<HttpResponse> {
    let id = s.require(&[Role::Admin, Role::OrgAdmin])?;
    ctx.accounts.staff_act(id, target, action).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Disable a staff account: its sessions end at once; it cannot sign in until enabled.
#[utoipa::path(post, path = "/api/v1/staff/{id}/disable", tag = "staff",
    params(("id" = String, Path, description = "A staff account id.")),
    responses((status = 204, description = "Disabled.")))]
pub async fn disable_staff(
    ctx: web::Data<Context>,
    s: Staff,
    target: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(&ctx, &s, &target, StaffAction::Disable).await
}

/// Enable a disabled staff account again.
#[utoipa::path(post, path = "/api/v1/staff/{id}/enable", tag = "staff",
    params(("id" = String, Path, description = "A staff account id.")),
    responses((status = 204, description = "Enabled.")))]
pub async fn enable_staff(
    ctx: web::Data<Context>,
    s: Staff,
    target: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(&ctx, &s, &target, StaffAction::Enable).await
}

/// Remove a staff account for good (kept only as the name its audit entries refer to).
#[utoipa::path(delete, path = "/api/v1/staff/{id}", tag = "staff",
    params(("id" = String, Path, description = "A staff account id.")),
    responses((status = 204, description = "Removed.")))]
pub async fn remove_staff(
    ctx: web::Data<Context>,
    s: Staff,
    target: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(&ctx, &s, &target, StaffAction::Remove).await
}

/// Ask for a lost second factor to be reset; another admin must approve within 24 hours.
#[utoipa::path(post, path = "/api/v1/staff/{id}/second-factor-reset", tag = "staff",
    params(("id" = String, Path, description = "A staff account id.")),
    responses((status = 204, description = "Requested.")))]
pub async fn request_totp_reset(
    ctx: web::Data<Context>,
    s: Staff,
    target: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(&ctx, &s, &target, StaffAction::RequestTotpReset).await
}

/// Approve another admin's reset request: the second factor is cleared and sessions end.
#[utoipa::path(post, path = "/api/v1/staff/{id}/second-factor-reset/approve", tag = "staff",
    params(("id" = String, Path, description = "A staff account id.")),
    responses((status = 204, description = "Reset.")))]
pub async fn approve_totp_reset(
    ctx: web::Data<Context>,
    s: Staff,
    target: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(&ctx, &s, &target, StaffAction::ApproveTotpReset).await
}

/// The audit filter of a query string (`action`, `from`, `until`, `before`, `limit`); any
/// other parameter is refused, like unknown JSON fields.
pub fn audit_filter(query: &str) -> AppResult<AuditFilter> {
    let mut f = AuditFilter::default();
    let number = |code: &'static str, msg: &'static str, v: &str| {
        v.trim()
            .parse::<i64>()
            .map_err(|_| AppError::invalid(code, msg))
    };
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        match k.as_ref() {
            "action" => f.action = Some(v.into_owned()),
            "from" => f.from = Some(v.into_owned()),
            "until" => f.until = Some(v.into_owned()),
            "before" if !v.is_empty() => {
                f.before = Some(number(
                    "invalid_cursor",
                    "before: a sequence number from an earlier page.",
                    &v,
                )?)
            }
            "limit" if !v.is_empty() => {
                f.limit = Some(number(
                    "invalid_limit",
                    "limit: a number from 1 to 200.",
                    &v,
                )?)
            }
            "before" | "limit" | "lang" => {}
            _ => {
                return Err(AppError::invalid(
                    "invalid_query",
                    "Unknown parameter: use action, from, until, before or limit.",
                ));
            }
        }
    }
    Ok(f)
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntryView {
    seq: i64,
    #[serde(serialize_with = "crate::api::time::rfc3339")]
    at: NaiveDateTime,
    actor: String,
    actor_role: String,
    action: String,
    object_type: String,
    object_id: Option<String>,
    case_id: Option<String>,
    reason: Option<String>,
    outcome: String,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPageView {
    entries: Vec<AuditEntryView>,
    next_before: Option<i64>,
}

/// Auditors: the audit trail, newest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/audit", tag = "staff",
    params(
        ("action" = Option<String>, Query, description = "Only entries of this action."),
        ("from" = Option<String>, Query, description = "From this date or RFC 3339 time."),
        ("until" = Option<String>, Query, description = "Until this date or RFC 3339 time."),
        ("before" = Option<i64>, Query, description = "The `next_before` of the previous page."),
        ("limit" = Option<i64>, Query, description = "Entries per page, 1 to 200."),
    ),
    responses((status = 200, description = "A page of entries.", body = AuditPageView)))]
pub async fn audit_trail(
    ctx: web::Data<Context>,
    s: Staff,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let id = s.require(&[Role::Auditor])?;
    let filter = audit_filter(req.query_string())?;
    let page = ctx.accounts.audit_trail(id, &filter).await?;
    Ok(HttpResponse::Ok().json(AuditPageView {
        next_before: page.next_before,
        entries: page
            .entries
            .into_iter()
            .map(|e| AuditEntryView {
                seq: e.seq,
                at: e.ts_utc,
                actor: e.actor,
                actor_role: e.actor_role,
                action: e.action,
                object_type: e.object_type,
                object_id: e.object_id,
                case_id: e.case_id,
                reason: e.reason_code,
                outcome: e.outcome,
            })
            .collect(),
    }))
}

/// A count as published: a number of at least 5, or `"fewer_than_5"` (smaller counts, zero
/// included, could point at a family).
fn count_json(c: Count) -> serde_json::Value {
    match c {
        Count::Exact(n) => serde_json::Value::from(n),
        Count::FewerThan5 => serde_json::Value::from("fewer_than_5"),
    }
}

#[derive(Serialize, ToSchema)]
pub struct MonthCount {
    /// `YYYY-MM`.
    month: String,
    #[schema(schema_with = crate::api::doc::published_count)]
    count: serde_json::Value,
}

#[derive(Serialize, ToSchema)]
pub struct StateCount {
    state: String,
    #[schema(schema_with = crate::api::doc::published_count)]
    count: serde_json::Value,
}

#[derive(Serialize, ToSchema)]
pub struct StatisticsView {
    registrations_by_month: Vec<MonthCount>,
    matches_by_state: Vec<StateCount>,
    reunions_by_month: Vec<MonthCount>,
}

fn months(buckets: &[Bucket]) -> Vec<MonthCount> {
    buckets
        .iter()
        .map(|b| MonthCount {
            month: b.key.clone(),
            count: count_json(b.count),
        })
        .collect()
}

/// Organization admins: their organization's registrations, matches by state and reunions by
/// month, over the last 12 months; no totals.
#[utoipa::path(get, path = "/api/v1/statistics", tag = "staff",
    responses((status = 200, description = "Aggregates.", body = StatisticsView)))]
pub async fn statistics(ctx: web::Data<Context>, s: Staff) -> AppResult<HttpResponse> {
    let id = s.require(&[Role::OrgAdmin])?;
    let st = ctx.statistics.for_org_admin(id).await?;
    Ok(HttpResponse::Ok().json(StatisticsView {
        registrations_by_month: months(&st.registrations),
        matches_by_state: st
            .matches_by_state
            .iter()
            .map(|b| StateCount {
                state: b.key.clone(),
                count: count_json(b.count),
            })
            .collect(),
        reunions_by_month: months(&st.reunions),
    }))
}
