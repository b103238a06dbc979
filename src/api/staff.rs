//! Staff API: organizations, invites, and second-factor enrolment.

use actix_web::{HttpResponse, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::accounts::{SignUpResponse, session_response};
use crate::accounts::{Identity, Role, Staff};
use crate::api::input::Json;
use crate::context::Context;
use crate::crypto::Sensitive;
use crate::error::{AppError, AppResult};

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewApproval {
    purpose: String,
}

#[derive(Serialize)]
struct ApprovalIssued {
    code: String,
    purpose: &'static str,
    #[serde(serialize_with = "crate::api::time::rfc3339")]
    expires_at: NaiveDateTime,
}

/// An organization admin approves one PFIF export or import of their organization's assisted
/// registrations: 201 with a one-time code (shown once).
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
