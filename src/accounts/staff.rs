//! Staff: organizations, invitations, the first admin, and the mandatory second factor.

use super::sessions::NewSession;
use super::signin::actor_of;
use super::signup::NewAccount;
use super::{Accounts, INVITE_TTL, Identity, Role, store};
use crate::audit::{Actor, Event};
use crate::auth::{generate_recovery_codes, normalize_recovery_code, totp};
use crate::clock::chrono_duration;
use crate::crypto::Sensitive;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

pub struct NewInvite {
    pub code: String,
    pub expires_at: chrono::NaiveDateTime,
}

pub struct Enrolment {
    pub secret_base32: String,
    pub otpauth_uri: String,
    pub qr_svg: String,
}

pub struct OrganizationView {
    pub id: String,
    pub name: String,
}

pub struct InviteView {
    pub role: String,
    pub created_at: chrono::NaiveDateTime,
    pub expires_at: chrono::NaiveDateTime,
    pub used: bool,
}

impl Accounts {
    pub async fn create_organization(&self, admin: &Identity, name: &str) -> AppResult<String> {
        let name = name.trim().to_string();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(AppError::invalid(
                "invalid_name",
                "An organization needs a name of at most 200 characters.",
            ));
        }
        let (this, admin) = (self.clone(), admin.clone());
        self.db
            .write(move |conn| {
                let id = uuid::Uuid::new_v4().to_string();
                let sealer = this.vault.create(conn, store::ORGANIZATIONS, &id)?;
                let name_ct = sealer.seal(store::ORGANIZATION_NAME, &name)?;
                store::insert_organization(
                    conn,
                    &id,
                    &name_ct,
                    crate::db::coarse_date(this.now()),
                )?;
                this.audit.record(
                    conn,
                    &Event::new(admin.actor(), "organization.create", "organization").object(&id),
                )?;
                Ok(id)
            })
            .await
    }

    /// An admin invites org admins (to an organization), admins and auditors; an org admin
    /// invites caseworkers to their own organization.
    pub async fn create_invite(
        &self,
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
        let digest = self.keys.invite_digest(
            &normalize_recovery_code(&code).expect("generated codes are well-formed"),
        );
        let expires_at = self.now() + chrono_duration(INVITE_TTL);
        let (this, by) = (self.clone(), by.clone());
        self.db
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
                        created_at: crate::db::coarse_date(this.now()),
                        expires_at,
                        used_at: None,
                    },
                )?;
                this.audit
                    .record(conn, &Event::new(by.actor(), "invite.create", "invite"))
            })
            .await?;
        Ok(NewInvite { code, expires_at })
    }

    /// Accept an invite: a new staff account with a generated handle. Unknown, used and
    /// expired codes all answer 404.
    pub async fn accept_invite(
        &self,
        code: &str,
        passphrase: Sensitive<String>,
        lang: Lang,
    ) -> AppResult<NewAccount> {
        let credentials = self.new_credentials(&passphrase).await?;
        let digest = normalize_recovery_code(code)
            .map(|c| self.keys.invite_digest(&c))
            .ok_or(AppError::NotFound)?;
        let codes = credentials.codes.clone();
        let this = self.clone();
        let (account_id, handle) = self
            .db
            .write(move |conn| {
                let invite = store::find_invite(conn, &digest)?.ok_or(AppError::NotFound)?;
                if !store::use_invite(conn, &digest, this.now())? {
                    return Err(AppError::NotFound);
                }
                let role = Role::parse(&invite.role).ok_or(AppError::NotFound)?;
                let (id, handle) = this.insert_account(
                    conn,
                    role,
                    invite.organization_id.as_deref(),
                    &credentials,
                    lang,
                )?;
                this.audit.record(
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
    pub async fn create_admin(&self, passphrase: Sensitive<String>) -> AppResult<NewAccount> {
        let credentials = self.new_credentials(&passphrase).await?;
        let codes = credentials.codes.clone();
        let this = self.clone();
        let (account_id, handle) = self
            .db
            .write(move |conn| {
                let (id, handle) =
                    this.insert_account(conn, Role::Admin, None, &credentials, Lang::En)?;
                this.audit.record(
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

    /// Start (or restart, before confirmation) second-factor enrolment.
    pub async fn totp_enrol(&self, id: &Identity) -> AppResult<Enrolment> {
        if !id.role.is_staff() {
            return Err(AppError::NotFound);
        }
        let (this, account_id) = (self.clone(), id.account_id.clone());
        self.db
            .write(move |conn| {
                let account = store::find(conn, &account_id)?.ok_or(AppError::Unauthorized)?;
                if account.totp_confirmed {
                    return Err(AppError::invalid(
                        "totp_already_confirmed",
                        "A second factor is already set up.",
                    ));
                }
                let secret = totp::new_secret();
                let sealer = this.vault.open(conn, store::ACCOUNTS, &account_id)?;
                let ct = sealer.seal(store::TOTP_SECRET, &secret)?;
                store::set_totp(conn, &account_id, Some(&ct), false, None)?;
                let handle = sealer.open(store::HANDLE, &account.handle_ct)?;
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
    pub async fn totp_confirm(&self, id: &Identity, code: &str) -> AppResult<NewSession> {
        if !id.role.is_staff() {
            return Err(AppError::NotFound);
        }
        let key = self.limits.key("totp", &id.account_id);
        if let Err(wait) = self.limits.take(key, self.rules.totp).await? {
            return Err(AppError::rate_limited(Some(wait)));
        }
        let (this, account_id, code) = (self.clone(), id.account_id.clone(), code.to_string());
        self.db
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
                let sealer = this.vault.open(conn, store::ACCOUNTS, &account_id)?;
                let secret = sealer.open(store::TOTP_SECRET, &ct)?;
                let step = totp::check(&secret, &code, this.clock.unix() as u64, None)
                    .map_err(|_| AppError::invalid("invalid_code", "The code is not right."))?;
                store::set_totp(conn, &account_id, Some(&ct), true, Some(step as i64))?;
                store::delete_sessions_of(conn, &account_id)?;
                this.audit.record(
                    conn,
                    &Event::new(actor_of(&account), "account.totp_confirm", "account"),
                )?;
                this.create_session(conn, &account)
            })
            .await
    }

    /// Organizations, for admins choosing where an org admin belongs.
    pub async fn organizations(&self, admin: &Identity) -> AppResult<Vec<OrganizationView>> {
        if admin.role != Role::Admin {
            return Err(AppError::NotFound);
        }
        let this = self.clone();
        self.db
            .run(move |conn| {
                let mut out = Vec::new();
                for row in store::list_organizations(conn)? {
                    let sealer = this.vault.open(conn, store::ORGANIZATIONS, &row.id)?;
                    let name = sealer.open(store::ORGANIZATION_NAME, &row.name_ct)?;
                    out.push(OrganizationView { id: row.id, name });
                }
                Ok(out)
            })
            .await
    }

    /// The invitations this staff member made (codes are never shown again).
    pub async fn my_invites(&self, by: &Identity) -> AppResult<Vec<InviteView>> {
        let account_id = by.account_id.clone();
        self.db
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
}
