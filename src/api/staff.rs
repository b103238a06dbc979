//! Staff API: organizations, invites, and second-factor enrolment.

use actix_web::{HttpResponse, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::accounts::{SignUpResponse, session_response};
use crate::accounts::{Identity, Role, Staff};
use crate::api::input::Json;
use crate::context::Context;
use crate::crypto::Sensitive;
use crate::error::{AppError, AppResult};

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
