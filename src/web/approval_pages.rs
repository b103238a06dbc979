//! The approval page of organization admins: issue a one-time code for one PFIF export or
//! import of their organization's assisted registrations (the command line runs it), and see
//! the approvals issued. JavaScript off; the code is shown once.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::page::{PageCtx, render};
use crate::accounts::approvals::{ApprovalPurpose, ApprovalView};
use crate::accounts::{Identity, Role, Staff};
use crate::context::Context;
use crate::error::{AppError, AppResult};

#[derive(Template)]
#[template(path = "account/approvals.html")]
struct ApprovalsPage<'a> {
    c: &'a PageCtx,
    purposes: Vec<&'static str>,
    approvals: Vec<ApprovalView>,
    new_code: Option<String>,
}

async fn page(
    ctx: &web::Data<Context>,
    c: &PageCtx,
    id: &Identity,
    new_code: Option<String>,
) -> AppResult<HttpResponse> {
    let approvals = ctx.accounts.my_approvals(id).await?;
    render(&ApprovalsPage {
        c,
        purposes: ApprovalPurpose::ALL.iter().map(|p| p.as_str()).collect(),
        approvals,
        new_code,
    })
}

pub async fn approvals(ctx: web::Data<Context>, c: PageCtx, s: Staff) -> AppResult<HttpResponse> {
    let id = s.require(&[Role::OrgAdmin])?;
    page(&ctx, &c, id, None).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalForm {
    csrf: String,
    purpose: String,
}

pub async fn issue(
    ctx: web::Data<Context>,
    c: PageCtx,
    s: Staff,
    form: web::Form<ApprovalForm>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    let id = s.require(&[Role::OrgAdmin])?;
    let purpose = ApprovalPurpose::from_code(&form.purpose).ok_or_else(invalid_purpose)?;
    let issued = ctx.accounts.issue_approval(id, purpose).await?;
    page(&ctx, &c, id, Some(issued.code)).await
}

/// The error of a purpose outside the closed list, naming every allowed value.
pub fn invalid_purpose() -> AppError {
    AppError::invalid(
        "invalid_purpose",
        "purpose: not one of the allowed values: pfif_export, pfif_import",
    )
}
