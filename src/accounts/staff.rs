//! Staff: organizations, invitations, the first admin, and the mandatory second factor.

use actix_web::web;

use super::sessions::{self, NewSession};
use super::signin::actor_of;
use super::signup::{Credentials, NewAccount, insert_account, new_credentials};
use super::{INVITE_TTL, Identity, Role, chrono_duration, cipher, now, store};
use crate::audit::{Actor, Event};
use crate::auth::{generate_recovery_codes, normalize_recovery_code, totp};
use crate::crypto::{Encrypted, Sensitive};
use crate::error::{AppError, AppResult};
use crate::startup::AppState;
use crate::web::i18n::Lang;

const ORG_TABLE: &str = "organizations";

pub async fn create_organization(
    state: &web::Data<AppState>,
    admin: &Identity,
    name: &str,
) -> AppResult<String> {
    let name = name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid(
            "invalid_name",
            "An organization needs a name of at most 200 characters.",
        ));
    }
    let (st, admin) = (state.clone(), admin.clone());
    state
        .db
        .write(move |conn| {
            let id = uuid::Uuid::new_v4().to_string();
            let cipher = st.vault.create(conn, ORG_TABLE, &id)?;
            let name_ct = cipher.seal_str("name", &name).map_err(AppError::internal)?;
            store::insert_organization(conn, &id, name_ct.as_bytes(), now())?;
            st.audit.record(
                conn,
                &Event::new(admin.actor(), "organization.create", "organization").object(&id),
            )?;
            Ok(id)
        })
        .await
}

pub struct NewInvite {
    pub code: String,
    pub expires_at: chrono::NaiveDateTime,
}

/// An admin invites org admins (to an organization), admins and auditors; an org admin invites
/// caseworkers to their own organization.
pub async fn create_invite(
    state: &web::Data<AppState>,
    by: &Identity,
    role: Role,
    organization_id: Option<String>,
) -> AppResult<NewInvite> {
    if !by.role.may_invite(role) {
        return Err(AppError::forbidden(
            "role_not_allowed",
            "You cannot invite that role.",
        ));
    }
    let organization_id = match (by.role, role) {
        (Role::OrgAdmin, _) => by.organization_id.clone(),
        (_, Role::OrgAdmin) => Some(organization_id.ok_or_else(|| {
            AppError::invalid(
                "organization_required",
                "An organization admin belongs to an organization.",
            )
        })?),
        _ => None,
    };
    let code = generate_recovery_codes(1).remove(0);
    let digest = state
        .auth
        .invite_digest(&normalize_recovery_code(&code).expect("generated codes are well-formed"));
    let expires_at = now() + chrono_duration(INVITE_TTL);
    let (st, by) = (state.clone(), by.clone());
    state
        .db
        .write(move |conn| {
            if let Some(org) = &organization_id
                && !store::organization_exists(conn, org)?
            {
                return Err(AppError::NotFound);
            }
            store::insert_invite(
                conn,
                &store::InviteRow {
                    code_digest: digest.to_vec(),
                    organization_id,
                    role: role.as_str().to_string(),
                    created_by: by.account_id.clone(),
                    created_at: now(),
                    expires_at,
                    used_at: None,
                },
            )?;
            st.audit
                .record(conn, &Event::new(by.actor(), "invite.create", "invite"))
        })
        .await?;
    Ok(NewInvite { code, expires_at })
}

/// Accept an invite: a new staff account with a generated handle. Unknown, used and expired
/// codes all answer 404.
pub async fn accept_invite(
    state: &web::Data<AppState>,
    code: &str,
    passphrase: Sensitive<String>,
    lang: Lang,
) -> AppResult<NewAccount> {
    let Credentials {
        phc,
        codes,
        digests,
    } = new_credentials(state, &passphrase).await?;
    let digest = normalize_recovery_code(code)
        .map(|c| state.auth.invite_digest(&c))
        .ok_or(AppError::NotFound)?;
    let st = state.clone();
    let (account_id, handle) = state
        .db
        .write(move |conn| {
            let invite = store::find_invite(conn, &digest)?.ok_or(AppError::NotFound)?;
            if !store::use_invite(conn, &digest, now())? {
                return Err(AppError::NotFound);
            }
            let role = Role::parse(&invite.role).ok_or(AppError::NotFound)?;
            let (id, handle) = insert_account(
                &st,
                conn,
                role,
                invite.organization_id.as_deref(),
                &phc,
                lang,
                &digests,
            )?;
            st.audit.record(
                conn,
                &Event::new(
                    Actor::Staff {
                        id: &id,
                        role: role.as_str(),
                    },
                    "invite.accept",
                    "account",
                )
                .object(&id),
            )?;
            Ok((id, handle))
        })
        .await?;
    Ok(NewAccount {
        handle,
        recovery_codes: codes,
        account_id,
    })
}

/// `kinlink admin create-admin`: the first operator account.
pub async fn create_admin(
    state: &web::Data<AppState>,
    passphrase: Sensitive<String>,
) -> AppResult<NewAccount> {
    let Credentials {
        phc,
        codes,
        digests,
    } = new_credentials(state, &passphrase).await?;
    let st = state.clone();
    let (account_id, handle) = state
        .db
        .write(move |conn| {
            let (id, handle) =
                insert_account(&st, conn, Role::Admin, None, &phc, Lang::En, &digests)?;
            st.audit.record(
                conn,
                &Event::new(Actor::Operator, "admin.create", "account").object(&id),
            )?;
            Ok((id, handle))
        })
        .await?;
    Ok(NewAccount {
        handle,
        recovery_codes: codes,
        account_id,
    })
}

pub struct Enrolment {
    pub secret_base32: String,
    pub otpauth_uri: String,
    pub qr_svg: String,
}

/// Start (or restart, before confirmation) second-factor enrolment.
pub async fn totp_enrol(state: &web::Data<AppState>, id: &Identity) -> AppResult<Enrolment> {
    if !id.role.is_staff() {
        return Err(AppError::NotFound);
    }
    let (st, account_id) = (state.clone(), id.account_id.clone());
    state
        .db
        .write(move |conn| {
            let account = store::find(conn, &account_id)?.ok_or(AppError::Unauthorized)?;
            if account.totp_confirmed {
                return Err(AppError::invalid(
                    "totp_already_confirmed",
                    "A second factor is already set up.",
                ));
            }
            let secret = totp::new_secret();
            let cipher = cipher(&st.vault, conn, &account_id)?;
            let ct = cipher
                .seal_value("totp_secret", &secret)
                .map_err(AppError::internal)?;
            store::set_totp(conn, &account_id, Some(ct.as_bytes()), false, None)?;
            let handle = super::open_handle(&st.vault, conn, &account)?;
            let uri = totp::otpauth_uri(&secret, &handle, "kinlink");
            Ok(Enrolment {
                secret_base32: totp::secret_base32(&secret),
                qr_svg: totp::qr_svg(&uri),
                otpauth_uri: uri,
            })
        })
        .await
}

/// Confirm enrolment with a first code. A change of second factor ends every session; this
/// device gets a new one.
pub async fn totp_confirm(
    state: &web::Data<AppState>,
    id: &Identity,
    code: &str,
) -> AppResult<NewSession> {
    if !id.role.is_staff() {
        return Err(AppError::NotFound);
    }
    let key = state.auth.throttle_key(&format!("totp:{}", id.account_id));
    if !state
        .auth
        .throttles
        .totp()
        .allow(&key, std::time::Instant::now())
    {
        return Err(AppError::RateLimited);
    }
    let (st, account_id, code) = (state.clone(), id.account_id.clone(), code.to_string());
    state
        .db
        .write(move |conn| {
            let account = store::find(conn, &account_id)?.ok_or(AppError::Unauthorized)?;
            let ct = account
                .totp_secret_ct
                .clone()
                .filter(|_| !account.totp_confirmed)
                .ok_or_else(|| {
                    AppError::invalid(
                        "totp_not_started",
                        "Start setting up the second factor first.",
                    )
                })?;
            let cipher = cipher(&st.vault, conn, &account_id)?;
            let secret: Vec<u8> = cipher
                .open_value("totp_secret", &Encrypted::from_stored(ct.clone()))
                .map_err(crate::vault::DecryptFailed::of(&cipher))?;
            let step = totp::check(&secret, &code, chrono::Utc::now().timestamp() as u64, None)
                .map_err(|_| AppError::invalid("invalid_code", "The code is not right."))?;
            store::set_totp(conn, &account_id, Some(&ct), true, Some(step as i64))?;
            sessions::revoke_all(conn, &account_id)?;
            st.audit.record(
                conn,
                &Event::new(actor_of(&account), "account.totp_confirm", "account"),
            )?;
            sessions::create(&st.auth, conn, &account)
        })
        .await
}

pub struct OrganizationView {
    pub id: String,
    pub name: String,
}

/// Organizations, for admins choosing where an org admin belongs.
pub async fn organizations(
    state: &web::Data<AppState>,
    admin: &Identity,
) -> AppResult<Vec<OrganizationView>> {
    if admin.role != Role::Admin {
        return Err(AppError::NotFound);
    }
    let st = state.clone();
    state
        .db
        .run(move |conn| {
            let mut out = Vec::new();
            for row in store::list_organizations(conn)? {
                let cipher = st.vault.open(conn, ORG_TABLE, &row.id)?;
                let name = cipher
                    .open_str("name", &Encrypted::from_stored(row.name_ct))
                    .map_err(crate::vault::DecryptFailed::of(&cipher))?
                    .expose()
                    .clone();
                out.push(OrganizationView { id: row.id, name });
            }
            Ok(out)
        })
        .await
}

pub struct InviteView {
    pub role: String,
    pub created_at: chrono::NaiveDateTime,
    pub expires_at: chrono::NaiveDateTime,
    pub used: bool,
}

/// The invitations this staff member made (codes are never shown again).
pub async fn my_invites(state: &web::Data<AppState>, by: &Identity) -> AppResult<Vec<InviteView>> {
    let account_id = by.account_id.clone();
    state
        .db
        .run(move |conn| {
            Ok(store::invites_by(conn, &account_id)?
                .into_iter()
                .map(|i| InviteView {
                    role: i.role,
                    created_at: i.created_at,
                    expires_at: i.expires_at,
                    used: i.used_at.is_some(),
                })
                .collect())
        })
        .await
}
