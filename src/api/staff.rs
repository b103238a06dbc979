//! Staff API: organizations, invites, second-factor enrolment, the staff lifecycle, the
//! auditor's view of the audit trail and organization statistics.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::accounts::{SignUpResponse, session_response};
use crate::accounts::auditor::AuditFilter;
use crate::accounts::staff_admin::{StaffAction, StaffMember};
use crate::accounts::{Identity, Role, Staff};
use crate::api::input::Json;
use crate::context::Context;
use crate::crypto::Sensitive;
use crate::error::{AppError, AppResult};
use crate::statistics::{Bucket, Count};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOrganization {
    name: String,
}

#[derive(Serialize)]
struct Created {
    id: String,
}

pub async fn create_organization(
    ctx: web::Data<Context>,
    staff_id: Staff,
    body: Json<NewOrganization>,
) -> AppResult<HttpResponse> {
    let admin = staff_id.require(&[Role::Admin])?;
    let id = ctx.accounts.create_organization(admin, &body.name).await?;
    Ok(HttpResponse::Created().json(Created { id }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewInvite {
    role: String,
    organization_id: Option<String>,
}

#[derive(Serialize)]
struct InviteCreated {
    code: String,
    #[serde(serialize_with = "crate::api::time::rfc3339")]
    expires_at: NaiveDateTime,
}

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvite {
    passphrase: Sensitive<String>,
    locale: Option<String>,
}

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

#[derive(Serialize)]
struct EnrolmentView {
    secret: String,
    otpauth_uri: String,
    qr_svg: String,
}

pub async fn totp_enrol(ctx: web::Data<Context>, id: Identity) -> AppResult<HttpResponse> {
    let e = ctx.accounts.totp_enrol(&id).await?;
    Ok(HttpResponse::Ok().json(EnrolmentView {
        secret: e.secret_base32,
        otpauth_uri: e.otpauth_uri,
        qr_svg: e.qr_svg,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    code: String,
}

pub async fn totp_confirm(
    ctx: web::Data<Context>,
    id: Identity,
    body: Json<Code>,
) -> AppResult<HttpResponse> {
    let session = ctx.accounts.totp_confirm(&id, &body.code).await?;
    Ok(session_response(session))
}

// Staff lifecycle: admins list, disable, enable and remove staff accounts and reset a lost
// second factor (two admins); auditors read the audit trail; org admins read statistics.

#[derive(Serialize)]
pub struct PendingResetView {
    #[serde(serialize_with = "crate::api::time::rfc3339")]
    expires_at: NaiveDateTime,
    requested_by_me: bool,
}

#[derive(Serialize)]
pub struct StaffView {
    id: String,
    handle: String,
    role: &'static str,
    organization_id: Option<String>,
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

#[derive(Serialize)]
struct StaffList {
    staff: Vec<StaffView>,
}

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

pub async fn disable_staff(
    ctx: web::Data<Context>,
    s: Staff,
    target: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(&ctx, &s, &target, StaffAction::Disable).await
}

pub async fn enable_staff(
    ctx: web::Data<Context>,
    s: Staff,
    target: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(&ctx, &s, &target, StaffAction::Enable).await
}

pub async fn remove_staff(
    ctx: web::Data<Context>,
    s: Staff,
    target: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(&ctx, &s, &target, StaffAction::Remove).await
}

pub async fn request_totp_reset(
    ctx: web::Data<Context>,
    s: Staff,
    target: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(&ctx, &s, &target, StaffAction::RequestTotpReset).await
}

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

#[derive(Serialize)]
struct AuditEntryView {
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

#[derive(Serialize)]
struct AuditPageView {
    entries: Vec<AuditEntryView>,
    next_before: Option<i64>,
}

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
                at: e.at,
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

/// A count as published: a number, or `"fewer_than_5"`.
fn count_json(c: Count) -> serde_json::Value {
    match c {
        Count::Exact(n) => serde_json::Value::from(n),
        Count::FewerThan5 => serde_json::Value::from("fewer_than_5"),
    }
}

fn buckets_json(name: &str, buckets: &[Bucket]) -> serde_json::Value {
    serde_json::Value::Array(
        buckets
            .iter()
            .map(|b| {
                let mut m = serde_json::Map::new();
                m.insert(name.to_string(), serde_json::Value::from(b.key.clone()));
                m.insert("count".to_string(), count_json(b.count));
                serde_json::Value::Object(m)
            })
            .collect(),
    )
}

pub async fn statistics(ctx: web::Data<Context>, s: Staff) -> AppResult<HttpResponse> {
    let id = s.require(&[Role::OrgAdmin])?;
    let st = ctx.statistics.for_org_admin(id).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "registrations_by_month": buckets_json("month", &st.registrations),
        "matches_by_state": buckets_json("state", &st.matches_by_state),
        "reunions_by_month": buckets_json("month", &st.reunions),
    })))
}
