//! One-time approval codes: an organization admin approves one PFIF export or import of their
//! organization's assisted registrations, which an operator then runs from the command line
//! (`kinlink export pfif` / `kinlink import pfif`). Two people, then: the admin who approves
//! and the operator who runs it. A code is short-lived, stored as a keyed digest, scoped to
//! one organization and one purpose, and used once: consuming it is a conditional update, so
//! two instances (or two commands) racing with one code cannot both succeed.

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Accounts, Identity, Role};
use crate::audit::Event;
use crate::auth::{generate_recovery_codes, normalize_recovery_code};
use crate::clock::chrono_duration;
use crate::db::DbConn;
use crate::db::schema::approval_codes;
use crate::error::{AppError, AppResult};

/// How long an approval code stays valid.
pub const APPROVAL_TTL: Duration = Duration::from_secs(30 * 60);

/// What an approval code allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalPurpose {
    PfifExport,
    PfifImport,
}

impl ApprovalPurpose {
    pub const ALL: [ApprovalPurpose; 2] =
        [ApprovalPurpose::PfifExport, ApprovalPurpose::PfifImport];

    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalPurpose::PfifExport => "pfif_export",
            ApprovalPurpose::PfifImport => "pfif_import",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == code)
    }
}

pub struct NewApproval {
    pub code: String,
    pub purpose: ApprovalPurpose,
    pub expires_at: NaiveDateTime,
}

/// An approval code's row as a past or open approval (the code itself is never kept).
pub struct ApprovalView {
    pub purpose: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used: bool,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = approval_codes)]
struct ApprovalRow {
    id: String,
    digest: Vec<u8>,
    organization_id: String,
    purpose: String,
    created_by: String,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    used_at: Option<NaiveDateTime>,
}

/// Why a code was refused, in words an operator can act on. Codes are long random secrets and
/// the command line runs on the server, so naming the reason tells an attacker nothing useful.
fn refusal(
    row: Option<&ApprovalRow>,
    org: &str,
    purpose: ApprovalPurpose,
    now: NaiveDateTime,
) -> AppError {
    let (code, message) = match row {
        None => (
            "approval_unknown",
            "The approval code is not known: check it, or ask an organization admin for a new one.",
        ),
        Some(r) if r.used_at.is_some() => (
            "approval_used",
            "The approval code was used already: each code allows one export or import.",
        ),
        Some(r) if r.organization_id != org => (
            "approval_other_organization",
            "The approval code was issued for another organization.",
        ),
        Some(r) if r.purpose != purpose.as_str() => (
            "approval_wrong_purpose",
            match purpose {
                ApprovalPurpose::PfifExport => "The approval code allows an import, not an export.",
                ApprovalPurpose::PfifImport => "The approval code allows an export, not an import.",
            },
        ),
        Some(r) if r.expires_at <= now => (
            "approval_expired",
            "The approval code has expired: ask an organization admin for a new one.",
        ),
        Some(_) => (
            "approval_used",
            "The approval code was used already: each code allows one export or import.",
        ),
    };
    AppError::forbidden(code, message)
}

impl Accounts {
    fn approval_digest(&self, code: &str) -> Option<[u8; 32]> {
        let normalized = normalize_recovery_code(code)?;
        Some(crate::auth::recovery_code_digest(
            self.keys.invite_key.expose_secret(),
            &format!("approval:{normalized}"),
        ))
    }

    /// An organization admin approves one export or import of their organization's assisted
    /// registrations. The code is shown once; only its digest is kept. Audited.
    pub async fn issue_approval(
        &self,
        by: &Identity,
        purpose: ApprovalPurpose,
    ) -> AppResult<NewApproval> {
        let org = match (by.role, &by.organization_id) {
            (Role::OrgAdmin, Some(org)) => org.clone(),
            _ => return Err(AppError::NotFound),
        };
        let code = generate_recovery_codes(1).remove(0);
        let digest = self
            .approval_digest(&code)
            .expect("generated codes are well-formed");
        let now = self.now();
        let expires_at = now + chrono_duration(APPROVAL_TTL);
        let (this, by) = (self.clone(), by.clone());
        self.db
            .write(move |conn| {
                let id = uuid::Uuid::new_v4().to_string();
                diesel::insert_into(approval_codes::table)
                    .values(&ApprovalRow {
                        id: id.clone(),
                        digest: digest.to_vec(),
                        organization_id: org,
                        purpose: purpose.as_str().to_string(),
                        created_by: by.account_id.clone(),
                        created_at: now,
                        expires_at,
                        used_at: None,
                    })
                    .execute(conn)?;
                this.audit.record(
                    conn,
                    &Event::new(by.actor(), "approval.issue", "approval")
                        .object(&id)
                        .reason(purpose.as_str()),
                )?;
                Ok(())
            })
            .await?;
        Ok(NewApproval {
            code,
            purpose,
            expires_at,
        })
    }

    /// The approvals this admin issued, newest first (codes are never shown again).
    pub async fn my_approvals(&self, by: &Identity) -> AppResult<Vec<ApprovalView>> {
        if by.role != Role::OrgAdmin {
            return Err(AppError::NotFound);
        }
        let account_id = by.account_id.clone();
        self.db
            .run(move |conn| {
                let rows: Vec<ApprovalRow> = approval_codes::table
                    .filter(approval_codes::created_by.eq(&account_id))
                    .order((approval_codes::created_at.desc(), approval_codes::id))
                    .limit(50)
                    .select(ApprovalRow::as_select())
                    .load(conn)?;
                Ok(rows
                    .into_iter()
                    .map(|r| ApprovalView {
                        purpose: r.purpose,
                        created_at: r.created_at,
                        expires_at: r.expires_at,
                        used: r.used_at.is_some(),
                    })
                    .collect())
            })
            .await
    }

    /// Use an approval code inside the caller's transaction: it must be this organization's,
    /// for this purpose, unexpired and unused; afterwards it is used. Returns the approval's id
    /// (for the audit entry). One conditional update decides, so of two racing uses one wins.
    pub(crate) fn consume_approval_in(
        &self,
        conn: &mut DbConn,
        code: &str,
        org: &str,
        purpose: ApprovalPurpose,
    ) -> AppResult<String> {
        let now = self.now();
        let digest = self
            .approval_digest(code)
            .ok_or_else(|| refusal(None, org, purpose, now))?;
        let id: Option<String> = diesel::update(
            approval_codes::table
                .filter(approval_codes::digest.eq(digest.to_vec()))
                .filter(approval_codes::organization_id.eq(org))
                .filter(approval_codes::purpose.eq(purpose.as_str()))
                .filter(approval_codes::used_at.is_null())
                .filter(approval_codes::expires_at.gt(now)),
        )
        .set(approval_codes::used_at.eq(Some(now)))
        .returning(approval_codes::id)
        .get_result(conn)
        .optional()?;
        match id {
            Some(id) => Ok(id),
            None => Err(self.approval_refusal_in(conn, &digest, org, purpose)?),
        }
    }

    /// Check an approval code without using it: the same refusals as
    /// [`Accounts::consume_approval_in`], before a long import is parsed.
    pub async fn check_approval(
        &self,
        code: &str,
        org: &str,
        purpose: ApprovalPurpose,
    ) -> AppResult<()> {
        let now = self.now();
        let Some(digest) = self.approval_digest(code) else {
            return Err(refusal(None, org, purpose, now));
        };
        let (this, org) = (self.clone(), org.to_string());
        self.db
            .run(move |conn| {
                let row = find(conn, &digest)?;
                match &row {
                    Some(r)
                        if r.used_at.is_none()
                            && r.organization_id == org
                            && r.purpose == purpose.as_str()
                            && r.expires_at > now =>
                    {
                        Ok(())
                    }
                    _ => Err(refusal(row.as_ref(), &org, purpose, this.now())),
                }
            })
            .await
    }

    fn approval_refusal_in(
        &self,
        conn: &mut DbConn,
        digest: &[u8],
        org: &str,
        purpose: ApprovalPurpose,
    ) -> AppResult<AppError> {
        let row = find(conn, digest)?;
        Ok(refusal(row.as_ref(), org, purpose, self.now()))
    }

    /// Forget approval codes a day after they expired (a periodic purge).
    pub(crate) fn purge_approvals(&self, conn: &mut DbConn) -> AppResult<usize> {
        let before = self.now() - chrono::Duration::days(1);
        Ok(
            diesel::delete(approval_codes::table.filter(approval_codes::expires_at.lt(before)))
                .execute(conn)?,
        )
    }
}

fn find(conn: &mut DbConn, digest: &[u8]) -> QueryResult<Option<ApprovalRow>> {
    approval_codes::table
        .filter(approval_codes::digest.eq(digest))
        .select(ApprovalRow::as_select())
        .first(conn)
        .optional()
}
