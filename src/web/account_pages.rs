//! Account pages (JavaScript off): sign up, sign in, sign out, recovery, account settings, the
//! staff second factor, invitations. Each form carries the synchronizer token; each handler
//! parses the form, calls one service, and renders or redirects.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::page::{FormError, PageCtx, render, see_other};
use crate::accounts::recovery::Proof;
use crate::accounts::sessions::NewSession;
use crate::accounts::staff;
use crate::accounts::{Identity, NewAccount, Role, Staff};
use crate::api::accounts::{Me, SessionView};
use crate::context::Context;
use crate::crypto::Sensitive;
use crate::error::{AppError, AppResult};
use crate::http::identity::{clear_session_cookie, device_cookie, device_token_of, session_cookie};
use crate::limits::Source;

/// The message key of a form error; `None` for errors that are not a form's to show.
fn form_error_key(code: &str) -> Option<&'static str> {
    Some(match code {
        "invalid_credentials" => "form-error-invalid_credentials",
        "passphrase_mismatch" => "form-error-passphrase_mismatch",
        "passphrase_too_short" => "form-error-passphrase_too_short",
        "passphrase_too_long" => "form-error-passphrase_too_long",
        "passphrase_breached" => "form-error-passphrase_breached",
        "invalid_email" => "form-error-invalid_email",
        "email_unavailable" => "form-error-email_unavailable",
        "totp_required" => "form-error-totp_required",
        "wrong_passphrase" => "form-error-wrong_passphrase",
        "invalid_code" => "form-error-invalid_code",
        "invalid_recovery" => "form-error-invalid_recovery",
        "duress_same_as_passphrase" => "form-error-duress_same_as_passphrase",
        "role_not_allowed" => "form-error-role_not_allowed",
        "organization_required" => "form-error-organization_required",
        "invalid_name" => "form-error-invalid_name",
        "unknown_role" => "form-error-role_not_allowed",
        "totp_not_started" => "form-error-invalid_code",
        "totp_already_confirmed" => "totp-already",
        "account_disabled" => "form-error-account_disabled",
        _ => return None,
    })
}

/// What a form says for `e`; anything a form cannot show propagates. A limit says why in the
/// words of `limited` (the form's own situation) and how long to wait, the same for every
/// account name, so it tells nothing about accounts.
fn form_error(c: &PageCtx, e: AppError, limited: &'static str) -> AppResult<FormError> {
    if e.code() == "rate_limited" {
        return Ok(FormError::limited(c, limited, &e));
    }
    let Some(key) = form_error_key(e.code()) else {
        return Err(e);
    };
    let status = match key {
        "form-error-invalid_credentials" => StatusCode::UNAUTHORIZED,
        "form-error-account_disabled" => StatusCode::FORBIDDEN,
        _ => StatusCode::BAD_REQUEST,
    };
    Ok(FormError::new(c.t(key), status))
}

fn signed_in_redirect(session: &NewSession, to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .cookie(session_cookie(&session.token))
        .insert_header((header::LOCATION, to.to_string()))
        .finish()
}

fn mismatch() -> AppError {
    AppError::invalid("passphrase_mismatch", "The two passphrases differ.")
}

/// `?done=<key>` notices after a redirect: only known keys are shown.
fn notice(req: &HttpRequest) -> Option<&'static str> {
    Some(match super::page::done_key(req)? {
        "recovered" => "notice-recovered",
        "passphrase" => "notice-passphrase",
        "email_sent" => "notice-email-sent",
        "email_verified" => "notice-email-verified",
        "email_removed" => "notice-email-removed",
        "duress" => "notice-duress",
        "second_factor" => "notice-second-factor",
        "organization" => "notice-organization",
        "signed_out" => "notice-signed-out",
        _ => return None,
    })
}

// Sign up.

#[derive(Template)]
#[template(path = "account/sign_up.html")]
struct SignUpPage<'a> {
    c: &'a PageCtx,
    error: Option<&'a FormError>,
}

#[derive(Template)]
#[template(path = "account/created.html")]
struct CreatedPage<'a> {
    c: &'a PageCtx,
    handle: String,
    recovery_codes: Vec<String>,
}

pub async fn sign_up_page(c: PageCtx) -> AppResult<HttpResponse> {
    render(&SignUpPage { c: &c, error: None })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignUpForm {
    csrf: String,
    passphrase: Sensitive<String>,
    passphrase_again: Sensitive<String>,
    email: Option<String>,
}

pub async fn sign_up(
    ctx: web::Data<Context>,
    source: Source,
    c: PageCtx,
    form: web::Form<SignUpForm>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    let form = form.into_inner();
    let result = if form.passphrase.expose() != form.passphrase_again.expose() {
        Err(mismatch())
    } else {
        ctx.accounts
            .sign_up(form.passphrase, form.email, c.lang, &source)
            .await
    };
    match result {
        Ok(created) => created_page(&ctx, c, created).await,
        Err(e) => {
            let e = form_error(&c, e, "form-error-signup-limited")?;
            let res = render(&SignUpPage {
                c: &c,
                error: Some(&e),
            });
            e.answer(res)
        }
    }
}

/// The new account's handle and recovery codes, shown once, and a session for it. The page
/// already belongs to the signed-in person: its menu is the signed-in menu.
async fn created_page(
    ctx: &web::Data<Context>,
    mut c: PageCtx,
    created: NewAccount,
) -> AppResult<HttpResponse> {
    let session = ctx.accounts.start_session_for(&created.account_id).await?;
    c.signed_in = true;
    let mut res = render(&CreatedPage {
        c: &c,
        handle: created.handle,
        recovery_codes: created.recovery_codes,
    })?;
    res.add_cookie(&session_cookie(&session.token))
        .map_err(AppError::internal)?;
    Ok(res)
}

// Sign in and out.

/// The sign-in page: the registrants' (`/sign-in`) or the staff's (`/staff/sign-in`, which
/// alone asks for the second-factor code).
#[derive(Template)]
#[template(path = "account/sign_in.html")]
struct SignInPage<'a> {
    c: &'a PageCtx,
    error: Option<&'a FormError>,
    notice: Option<&'static str>,
    login: String,
    staff: bool,
}

pub async fn sign_in_page(c: PageCtx, req: HttpRequest) -> AppResult<HttpResponse> {
    render(&SignInPage {
        c: &c,
        error: None,
        notice: notice(&req),
        login: String::new(),
        staff: false,
    })
}

pub async fn staff_sign_in_page(c: PageCtx) -> AppResult<HttpResponse> {
    render(&SignInPage {
        c: &c,
        error: None,
        notice: None,
        login: String::new(),
        staff: true,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInForm {
    csrf: String,
    login: String,
    passphrase: Sensitive<String>,
    totp: Option<String>,
}

pub async fn sign_in(
    ctx: web::Data<Context>,
    req: HttpRequest,
    source: Source,
    c: PageCtx,
    form: web::Form<SignInForm>,
) -> AppResult<HttpResponse> {
    sign_in_with(ctx, req, source, c, form, false).await
}

pub async fn staff_sign_in(
    ctx: web::Data<Context>,
    req: HttpRequest,
    source: Source,
    c: PageCtx,
    form: web::Form<SignInForm>,
) -> AppResult<HttpResponse> {
    sign_in_with(ctx, req, source, c, form, true).await
}

/// Both sign-in forms call the same service with the same answers for unknown accounts and
/// wrong passphrases. Only a staff member who gave the right passphrase on the registrants'
/// page (which has no code field) is sent on to the staff page to add the code: someone who
/// knows the passphrase learns nothing new from that.
async fn sign_in_with(
    ctx: web::Data<Context>,
    req: HttpRequest,
    source: Source,
    c: PageCtx,
    form: web::Form<SignInForm>,
    staff: bool,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    let form = form.into_inner();
    let device = device_token_of(&req);
    let result = ctx
        .accounts
        .sign_in(
            &form.login,
            form.passphrase,
            form.totp,
            &source,
            device.as_deref(),
        )
        .await;
    match result {
        Ok(signed_in) => {
            let mut res = signed_in_redirect(&signed_in.session, "/dashboard");
            res.add_cookie(&device_cookie(&signed_in.device_token))
                .map_err(AppError::internal)?;
            Ok(res)
        }
        Err(e) => {
            let needs_code = e.code() == "totp_required";
            let e = form_error(&c, e, "form-error-signin-limited")?;
            let res = render(&SignInPage {
                c: &c,
                error: Some(&e),
                notice: None,
                login: form.login,
                staff: staff || needs_code,
            });
            e.answer(res)
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsrfOnly {
    csrf: String,
}

/// Sign out this device. Works even when the session already ended.
pub async fn sign_out(
    ctx: web::Data<Context>,
    c: PageCtx,
    req: HttpRequest,
    form: web::Form<CsrfOnly>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    use actix_web::FromRequest;
    if let Ok(id) = Identity::extract(&req).await {
        ctx.accounts.sign_out(&id).await?;
    }
    Ok(HttpResponse::SeeOther()
        .cookie(clear_session_cookie())
        .insert_header(("Clear-Site-Data", "\"cache\""))
        .insert_header((header::LOCATION, "/sign-in?done=signed_out"))
        .finish())
}

// Recovery.

#[derive(Template)]
#[template(path = "account/recover.html")]
struct RecoverPage<'a> {
    c: &'a PageCtx,
    error: Option<&'a FormError>,
    notice: Option<&'static str>,
    login: String,
    /// `recovery_code` or `email_code`.
    kind: &'static str,
    code_label: String,
}

impl<'a> RecoverPage<'a> {
    fn new(c: &'a PageCtx, kind: &'static str, login: String) -> Self {
        let code_label = c.t(if kind == "email_code" {
            "field-email-code"
        } else {
            "field-recovery-code"
        });
        RecoverPage {
            c,
            error: None,
            notice: None,
            login,
            kind,
            code_label,
        }
    }
}

pub async fn recover_page(c: PageCtx) -> AppResult<HttpResponse> {
    render(&RecoverPage::new(&c, "recovery_code", String::new()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoverForm {
    csrf: String,
    login: String,
    code: String,
    kind: String,
    new_passphrase: Sensitive<String>,
    new_passphrase_again: Sensitive<String>,
}

pub async fn recover(
    ctx: web::Data<Context>,
    source: Source,
    c: PageCtx,
    form: web::Form<RecoverForm>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    let form = form.into_inner();
    let kind = if form.kind == "email_code" {
        "email_code"
    } else {
        "recovery_code"
    };
    let result = if form.new_passphrase.expose() != form.new_passphrase_again.expose() {
        Err(mismatch())
    } else {
        let proof = if kind == "email_code" {
            Proof::EmailCode(form.code)
        } else {
            Proof::RecoveryCode(form.code)
        };
        ctx.accounts
            .recover(&form.login, proof, form.new_passphrase, &source)
            .await
    };
    match result {
        Ok(()) => Ok(see_other("/sign-in?done=recovered")),
        Err(e) => {
            let e = form_error(&c, e, "form-error-recover-limited")?;
            let mut page = RecoverPage::new(&c, kind, form.login);
            page.error = Some(&e);
            e.answer(render(&page))
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoverEmailForm {
    csrf: String,
    login: String,
}

/// Ask for a code by email; the next page looks the same whether or not one was sent.
pub async fn recover_email(
    ctx: web::Data<Context>,
    source: Source,
    c: PageCtx,
    form: web::Form<RecoverEmailForm>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    let form = form.into_inner();
    let mut page = RecoverPage::new(&c, "email_code", form.login.clone());
    match ctx
        .accounts
        .request_recovery_code(&form.login, &source)
        .await
    {
        Ok(()) => {
            page.notice = Some("notice-recovery-email");
            render(&page)
        }
        Err(e) => {
            let e = form_error(&c, e, "form-error-recover-limited")?;
            page.error = Some(&e);
            e.answer(render(&page))
        }
    }
}

// Account settings.

#[derive(Template)]
#[template(path = "account/account.html")]
struct AccountPage<'a> {
    c: &'a PageCtx,
    me: Me,
    sessions: Vec<SessionView>,
    notice: Option<&'static str>,
    error: Option<&'a FormError>,
    is_staff: bool,
    role: &'static str,
    staff_needs_second_factor: bool,
    /// Admins are warned when no organization reviews registrations of no organization.
    nobody_serves_unaffiliated: bool,
}

async fn account_page(
    ctx: &web::Data<Context>,
    c: &PageCtx,
    id: &Identity,
    notice: Option<&'static str>,
    error: Option<&FormError>,
) -> AppResult<HttpResponse> {
    let me = Me::from(ctx.accounts.summary(id).await?);
    let sessions = ctx
        .accounts
        .sessions(id)
        .await?
        .into_iter()
        .map(SessionView::from)
        .collect();
    let nobody_serves_unaffiliated = matches!(id.role, Role::Admin | Role::OrgAdmin)
        && !ctx.matches.anyone_serves_unaffiliated().await?;
    let res = render(&AccountPage {
        c,
        nobody_serves_unaffiliated,
        staff_needs_second_factor: id.role.is_staff() && !me.second_factor,
        is_staff: id.role.is_staff(),
        role: id.role.as_str(),
        me,
        sessions,
        notice,
        error,
    });
    match error {
        Some(e) => e.answer(res),
        None => res,
    }
}

pub async fn account(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    account_page(&ctx, &c, &id, notice(&req), None).await
}

/// Run a settings change: on success redirect with a notice, on a form error show the page.
async fn settings_result(
    ctx: &web::Data<Context>,
    c: &PageCtx,
    id: &Identity,
    result: AppResult<()>,
    done: &str,
) -> AppResult<HttpResponse> {
    match result {
        Ok(()) => Ok(see_other(&format!("/account?done={done}"))),
        Err(e) => {
            let e = form_error(c, e, "form-error-limited")?;
            account_page(ctx, c, id, None, Some(&e)).await
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassphraseForm {
    csrf: String,
    current: Sensitive<String>,
    new: Sensitive<String>,
    new_again: Sensitive<String>,
}

pub async fn change_passphrase(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: web::Form<PassphraseForm>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    let form = form.into_inner();
    if form.new.expose() != form.new_again.expose() {
        return settings_result(&ctx, &c, &id, Err(mismatch()), "").await;
    }
    match ctx
        .accounts
        .change_passphrase(&id, form.current, form.new)
        .await
    {
        Ok(session) => Ok(signed_in_redirect(&session, "/account?done=passphrase")),
        Err(e) => settings_result(&ctx, &c, &id, Err(e), "").await,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailForm {
    csrf: String,
    email: String,
}

pub async fn set_email(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: web::Form<EmailForm>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    let result = ctx.accounts.set_email(&id, &form.email, c.lang).await;
    settings_result(&ctx, &c, &id, result, "email_sent").await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeForm {
    csrf: String,
    code: String,
}

pub async fn verify_email(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: web::Form<CodeForm>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    let result = ctx.accounts.verify_email(&id, &form.code).await;
    settings_result(&ctx, &c, &id, result, "email_verified").await
}

pub async fn remove_email(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: web::Form<CsrfOnly>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    let result = ctx.accounts.remove_email(&id).await;
    settings_result(&ctx, &c, &id, result, "email_removed").await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuressForm {
    csrf: String,
    current: Sensitive<String>,
    duress: Option<Sensitive<String>>,
}

pub async fn set_duress(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: web::Form<DuressForm>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    let form = form.into_inner();
    let duress = form.duress.filter(|d| !d.expose().is_empty());
    let result = ctx.accounts.set_duress(&id, form.current, duress).await;
    settings_result(&ctx, &c, &id, result, "duress").await
}

pub async fn sign_out_everywhere(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: web::Form<CsrfOnly>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    ctx.accounts.sign_out_everywhere(&id).await?;
    Ok(HttpResponse::SeeOther()
        .cookie(clear_session_cookie())
        .insert_header(("Clear-Site-Data", "\"cache\""))
        .insert_header((header::LOCATION, "/sign-in?done=signed_out"))
        .finish())
}

// Staff: second factor.

#[derive(Template)]
#[template(path = "account/second_factor.html")]
struct SecondFactorPage<'a> {
    c: &'a PageCtx,
    confirmed: bool,
    enrolment: Option<staff::Enrolment>,
    error: Option<&'a FormError>,
}

fn staff_only(id: &Identity) -> AppResult<()> {
    if id.role.is_staff() {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn second_factor_page(c: PageCtx, id: Identity) -> AppResult<HttpResponse> {
    staff_only(&id)?;
    render(&SecondFactorPage {
        c: &c,
        confirmed: id.totp_confirmed,
        enrolment: None,
        error: None,
    })
}

pub async fn second_factor_start(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: web::Form<CsrfOnly>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    staff_only(&id)?;
    let enrolment = ctx.accounts.totp_enrol(&id).await?;
    render(&SecondFactorPage {
        c: &c,
        confirmed: false,
        enrolment: Some(enrolment),
        error: None,
    })
}

pub async fn second_factor_confirm(
    ctx: web::Data<Context>,
    c: PageCtx,
    id: Identity,
    form: web::Form<CodeForm>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    staff_only(&id)?;
    match ctx.accounts.totp_confirm(&id, &form.code).await {
        Ok(session) => Ok(signed_in_redirect(&session, "/account?done=second_factor")),
        Err(e) => {
            let e = form_error(&c, e, "form-error-limited")?;
            let res = render(&SecondFactorPage {
                c: &c,
                confirmed: false,
                enrolment: None,
                error: Some(&e),
            });
            e.answer(res)
        }
    }
}

// Staff: invitations and organizations.

#[derive(Template)]
#[template(path = "account/invites.html")]
struct InvitesPage<'a> {
    c: &'a PageCtx,
    roles: Vec<&'static str>,
    is_admin: bool,
    organizations: Vec<staff::OrganizationView>,
    invites: Vec<staff::InviteView>,
    new_code: Option<String>,
    notice: Option<&'static str>,
    error: Option<&'a FormError>,
}

async fn invites_page(
    ctx: &web::Data<Context>,
    c: &PageCtx,
    id: &Identity,
    new_code: Option<String>,
    notice: Option<&'static str>,
    error: Option<&FormError>,
) -> AppResult<HttpResponse> {
    let is_admin = id.role == Role::Admin;
    let roles = [Role::OrgAdmin, Role::Caseworker, Role::Admin, Role::Auditor]
        .into_iter()
        .filter(|r| id.role.may_invite(*r))
        .map(Role::as_str)
        .collect();
    let organizations = if is_admin {
        ctx.accounts.organizations(id).await?
    } else {
        Vec::new()
    };
    let invites = ctx.accounts.my_invites(id).await?;
    let res = render(&InvitesPage {
        c,
        roles,
        is_admin,
        organizations,
        invites,
        new_code,
        notice,
        error,
    });
    match error {
        Some(e) => e.answer(res),
        None => res,
    }
}

pub async fn invites(
    ctx: web::Data<Context>,
    c: PageCtx,
    s: Staff,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let id = s.require(&[Role::Admin, Role::OrgAdmin])?;
    invites_page(&ctx, &c, id, None, notice(&req), None).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteForm {
    csrf: String,
    role: String,
    organization_id: Option<String>,
}

pub async fn create_invite(
    ctx: web::Data<Context>,
    c: PageCtx,
    s: Staff,
    form: web::Form<InviteForm>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    let id = s.require(&[Role::Admin, Role::OrgAdmin])?;
    let form = form.into_inner();
    let result = match Role::parse(&form.role) {
        Some(role) => {
            ctx.accounts
                .create_invite(id, role, form.organization_id.filter(|o| !o.is_empty()))
                .await
        }
        None => Err(AppError::invalid("unknown_role", "Unknown role.")),
    };
    match result {
        Ok(invite) => invites_page(&ctx, &c, id, Some(invite.code), None, None).await,
        Err(e) => {
            let e = form_error(&c, e, "form-error-limited")?;
            invites_page(&ctx, &c, id, None, None, Some(&e)).await
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationForm {
    csrf: String,
    name: String,
}

pub async fn create_organization(
    ctx: web::Data<Context>,
    c: PageCtx,
    s: Staff,
    form: web::Form<OrganizationForm>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    let id = s.require(&[Role::Admin])?;
    match ctx.accounts.create_organization(id, &form.name).await {
        Ok(_) => Ok(see_other("/staff/invites?done=organization")),
        Err(e) => {
            let e = form_error(&c, e, "form-error-limited")?;
            invites_page(&ctx, &c, id, None, None, Some(&e)).await
        }
    }
}

// Accepting an invitation.

#[derive(Template)]
#[template(path = "account/accept_invite.html")]
struct AcceptPage<'a> {
    c: &'a PageCtx,
    error: Option<&'a FormError>,
}

pub async fn accept_invite_page(c: PageCtx) -> AppResult<HttpResponse> {
    render(&AcceptPage { c: &c, error: None })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptForm {
    csrf: String,
    code: String,
    passphrase: Sensitive<String>,
    passphrase_again: Sensitive<String>,
}

pub async fn accept_invite(
    ctx: web::Data<Context>,
    c: PageCtx,
    form: web::Form<AcceptForm>,
) -> AppResult<HttpResponse> {
    c.check_csrf(&form.csrf)?;
    let form = form.into_inner();
    let result = if form.passphrase.expose() != form.passphrase_again.expose() {
        Err(mismatch())
    } else {
        ctx.accounts
            .accept_invite(&form.code, form.passphrase, c.lang)
            .await
    };
    match result {
        Ok(created) => created_page(&ctx, c, created).await,
        Err(e) => {
            let e = match e {
                AppError::NotFound => {
                    FormError::new(c.t("form-error-invite"), StatusCode::BAD_REQUEST)
                }
                e => form_error(&c, e, "form-error-limited")?,
            };
            let res = render(&AcceptPage {
                c: &c,
                error: Some(&e),
            });
            e.answer(res)
        }
    }
}
