//! The staff lifecycle: list, disable, enable and remove staff accounts, and reset a lost
//! second factor with two admins (one asks, another approves).
//!
//! Who may act on whom: the operator admin on every staff account, an organization admin on
//! the caseworkers of their own organization, nobody on their own account. Anyone else's
//! account answers "not found", like an id that does not exist. Every action is audited in the
//! same transaction as the change.

use std::time::Duration;

use chrono::NaiveDateTime;

use super::store::{self, AccountRow};
use super::{Accounts, Identity, Role};
use crate::audit::Event;
use crate::clock::chrono_duration;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};

/// How long a request to reset a second factor waits for a second admin's approval.
pub const TOTP_RESET_TTL: Duration = Duration::from_secs(24 * 3600);

/// Where a staff account stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffState {
    Active,
    Disabled,
    Removed,
}

impl StaffState {
    pub const ALL: [StaffState; 3] = [
        StaffState::Active,
        StaffState::Disabled,
        StaffState::Removed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StaffState::Active => "active",
            StaffState::Disabled => "disabled",
            StaffState::Removed => "removed",
        }
    }

    fn of(row: &AccountRow) -> StaffState {
        if row.removed_at.is_some() {
            StaffState::Removed
        } else if row.disabled_at.is_some() {
            StaffState::Disabled
        } else {
            StaffState::Active
        }
    }
}

/// A pending second-factor reset, as the staff list shows it.
#[derive(Debug, Clone)]
pub struct PendingReset {
    pub expires_at: NaiveDateTime,
    /// The viewer asked for it (so they cannot approve it).
    pub requested_by_me: bool,
}

/// One staff account as an admin sees it: no record contents, no email.
#[derive(Debug, Clone)]
pub struct StaffMember {
    pub id: String,
    pub handle: String,
    pub role: Role,
    pub organization_id: Option<String>,
    pub state: StaffState,
    pub second_factor: bool,
    pub created_at: NaiveDateTime,
    pub last_sign_in_at: Option<NaiveDateTime>,
    pub reset: Option<PendingReset>,
    /// The viewer's own account (listed, but not theirs to act on).
    pub is_me: bool,
}

/// What an admin does to a staff account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffAction {
    Disable,
    Enable,
    Remove,
    RequestTotpReset,
    ApproveTotpReset,
}

impl StaffAction {
    pub fn parse(s: &str) -> Option<StaffAction> {
        Some(match s {
            "disable" => StaffAction::Disable,
            "enable" => StaffAction::Enable,
            "remove" => StaffAction::Remove,
            "second-factor-reset" => StaffAction::RequestTotpReset,
            "second-factor-reset-approve" => StaffAction::ApproveTotpReset,
            _ => return None,
        })
    }
}

/// The admins who may act on staff accounts; everyone else does not see these routes.
fn admin(actor: &Identity) -> AppResult<()> {
    match actor.role {
        Role::Admin => Ok(()),
        Role::OrgAdmin if actor.organization_id.is_some() => Ok(()),
        _ => Err(AppError::NotFound),
    }
}

/// Whether `actor` may act on `target` (never on themselves; see [`Accounts::staff_target`]).
fn manages(actor: &Identity, target: &AccountRow) -> bool {
    let Some(role) = Role::parse(&target.role) else {
        return false;
    };
    match actor.role {
        Role::Admin => role.is_staff(),
        Role::OrgAdmin => {
            role == Role::Caseworker
                && actor.organization_id.is_some()
                && target.organization_id == actor.organization_id
        }
        _ => false,
    }
}

impl Accounts {
    /// The staff accounts `actor` manages: every staff account for the operator admin, the
    /// caseworkers of their organization (and themselves) for an organization admin.
    pub async fn staff_list(&self, actor: &Identity) -> AppResult<Vec<StaffMember>> {
        admin(actor)?;
        let (this, actor) = (self.clone(), actor.clone());
        self.db
            .run(move |conn| {
                let rows = match (actor.role, actor.organization_id.as_deref()) {
                    (Role::OrgAdmin, Some(org)) => {
                        let mut rows = store::staff_accounts(conn, Some((org, "caseworker")))?;
                        if let Some(me) = store::find(conn, &actor.account_id)? {
                            rows.insert(0, me);
                        }
                        rows
                    }
                    _ => store::staff_accounts(conn, None)?,
                };
                let resets = store::totp_resets(conn)?;
                let now = this.now();
                let mut out = Vec::with_capacity(rows.len());
                for row in rows {
                    let is_me = row.id == actor.account_id;
                    if !is_me && !manages(&actor, &row) {
                        continue;
                    }
                    let reset = resets
                        .iter()
                        .find(|r| r.account_id == row.id && r.expires_at > now)
                        .map(|r| PendingReset {
                            expires_at: r.expires_at,
                            requested_by_me: r.requested_by == actor.account_id,
                        });
                    out.push(StaffMember {
                        handle: this.open_handle(conn, &row)?,
                        role: Role::parse(&row.role).unwrap_or(Role::Caseworker),
                        state: StaffState::of(&row),
                        second_factor: row.totp_confirmed,
                        created_at: row.created_at,
                        last_sign_in_at: row.last_sign_in_at,
                        organization_id: row.organization_id,
                        id: row.id,
                        reset,
                        is_me,
                    });
                }
                Ok(out)
            })
            .await
    }

    /// The account `actor` acts on: not found unless they manage it; their own is refused
    /// with a reason, and so is a removed one.
    fn staff_target(
        &self,
        conn: &mut DbConn,
        actor: &Identity,
        target_id: &str,
    ) -> AppResult<AccountRow> {
        let row = store::find(conn, target_id)?.ok_or(AppError::NotFound)?;
        if row.id == actor.account_id {
            return Err(AppError::conflict(
                "own_account",
                "You cannot do this to your own account; ask another administrator.",
            ));
        }
        if !manages(actor, &row) {
            return Err(AppError::NotFound);
        }
        if row.removed_at.is_some() {
            return Err(AppError::conflict(
                "account_removed",
                "This account was removed; nothing more can be done with it.",
            ));
        }
        Ok(row)
    }

    /// Do `action` to the staff account `target_id`.
    pub async fn staff_act(
        &self,
        actor: &Identity,
        target_id: &str,
        action: StaffAction,
    ) -> AppResult<()> {
        admin(actor)?;
        let (this, actor, target_id) = (self.clone(), actor.clone(), target_id.to_string());
        self.db
            .write(move |conn| {
                let target = this.staff_target(conn, &actor, &target_id)?;
                match action {
                    StaffAction::Disable => this.disable_in(conn, &actor, &target),
                    StaffAction::Enable => this.enable_in(conn, &actor, &target),
                    StaffAction::Remove => this.remove_in(conn, &actor, &target),
                    StaffAction::RequestTotpReset => this.request_reset_in(conn, &actor, &target),
                    StaffAction::ApproveTotpReset => this.approve_reset_in(conn, &actor, &target),
                }
            })
            .await
    }

    /// Disabling ends every session at once (they are rows, shared by every instance) and
    /// voids the invitations the account made that nobody used.
    fn disable_in(
        &self,
        conn: &mut DbConn,
        actor: &Identity,
        target: &AccountRow,
    ) -> AppResult<()> {
        if store::set_disabled(conn, &target.id, Some(crate::db::coarse_date(self.now())))? {
            store::delete_sessions_of(conn, &target.id)?;
            store::delete_open_invites_by(conn, &target.id)?;
            self.audit.record(
                conn,
                &Event::new(actor.actor(), "staff.disable", "account").object(&target.id),
            )?;
        }
        // Reviews they held go back to the queue (nothing, when they held none).
        crate::consent::holder_left(conn, &self.audit, actor.actor(), &target.id, self.now())?;
        Ok(())
    }

    fn enable_in(&self, conn: &mut DbConn, actor: &Identity, target: &AccountRow) -> AppResult<()> {
        if store::set_disabled(conn, &target.id, None)? {
            self.audit.record(
                conn,
                &Event::new(actor.actor(), "staff.enable", "account").object(&target.id),
            )?;
        }
        Ok(())
    }

    /// Removal keeps the row's id, role and organization, so the audit trail (which names
    /// staff by id) stays verifiable and its entries still say whose they were.
    fn remove_in(&self, conn: &mut DbConn, actor: &Identity, target: &AccountRow) -> AppResult<()> {
        let unmatchable = self.keys.hasher.unmatchable_phc();
        if store::mark_removed(
            conn,
            &target.id,
            crate::db::coarse_date(self.now()),
            &unmatchable,
        )? {
            self.audit.record(
                conn,
                &Event::new(actor.actor(), "staff.remove", "account").object(&target.id),
            )?;
        }
        crate::consent::holder_left(conn, &self.audit, actor.actor(), &target.id, self.now())?;
        Ok(())
    }

    /// The first step of a reset: recorded, to expire unless a second admin approves it.
    fn request_reset_in(
        &self,
        conn: &mut DbConn,
        actor: &Identity,
        target: &AccountRow,
    ) -> AppResult<()> {
        if !target.totp_confirmed {
            return Err(AppError::conflict(
                "no_second_factor",
                "This account has no second factor to reset.",
            ));
        }
        let now = self.now();
        if let Some(pending) = store::find_totp_reset(conn, &target.id)?
            && pending.expires_at > now
            && pending.requested_by != actor.account_id
        {
            return Err(AppError::conflict(
                "reset_already_requested",
                "Another administrator has already asked for this reset: approve it instead.",
            ));
        }
        store::put_totp_reset(
            conn,
            &store::TotpResetRow {
                account_id: target.id.clone(),
                requested_by: actor.account_id.clone(),
                created_at: now,
                expires_at: now + chrono_duration(TOTP_RESET_TTL),
            },
        )?;
        self.audit.record(
            conn,
            &Event::new(actor.actor(), "staff.totp_reset_request", "account").object(&target.id),
        )?;
        Ok(())
    }

    /// The second step: another admin approves before the request expires. The second factor
    /// is gone and every session ends; at the next sign-in the person enrols a new one before
    /// any staff page or API answers.
    fn approve_reset_in(
        &self,
        conn: &mut DbConn,
        actor: &Identity,
        target: &AccountRow,
    ) -> AppResult<()> {
        let pending = store::find_totp_reset(conn, &target.id)?.ok_or_else(|| {
            AppError::conflict(
                "no_reset_request",
                "Nobody has asked to reset this second factor.",
            )
        })?;
        if pending.expires_at <= self.now() {
            return Err(AppError::conflict(
                "reset_request_expired",
                "The request to reset this second factor expired; ask again.",
            ));
        }
        if pending.requested_by == actor.account_id {
            return Err(AppError::forbidden(
                "approver_is_requester",
                "Another administrator must approve a reset you asked for.",
            ));
        }
        if !store::take_totp_reset(conn, &pending)? {
            return Err(AppError::conflict(
                "no_reset_request",
                "Nobody has asked to reset this second factor.",
            ));
        }
        store::set_totp(conn, &target.id, None, false, None)?;
        store::delete_sessions_of(conn, &target.id)?;
        self.audit.record(
            conn,
            &Event::new(actor.actor(), "staff.totp_reset_approve", "account").object(&target.id),
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(role: Role, org: Option<&str>) -> Identity {
        Identity {
            account_id: "actor".into(),
            role,
            organization_id: org.map(str::to_string),
            totp_confirmed: true,
            sid: String::new(),
            sid_hash: Vec::new(),
            via_cookie: false,
        }
    }

    fn row(role: &str, org: Option<&str>) -> AccountRow {
        AccountRow {
            id: "target".into(),
            role: role.into(),
            organization_id: org.map(str::to_string),
            handle_bidx: None,
            handle_ct: Vec::new(),
            email_bidx: None,
            email_ct: None,
            email_verified: false,
            password_hash: String::new(),
            duress_hash: None,
            links_ct: None,
            totp_secret_ct: None,
            totp_confirmed: true,
            totp_last_step: None,
            locale: "en".into(),
            created_at: NaiveDateTime::default(),
            last_sign_in_at: None,
            disabled_at: None,
            removed_at: None,
        }
    }

    #[test]
    fn who_manages_whom() {
        let admin = identity(Role::Admin, None);
        let org_admin = identity(Role::OrgAdmin, Some("o1"));
        for role in ["caseworker", "org_admin", "admin", "auditor"] {
            assert!(manages(&admin, &row(role, Some("o1"))), "{role}");
        }
        assert!(!manages(&admin, &row("registrant", None)));
        assert!(manages(&org_admin, &row("caseworker", Some("o1"))));
        assert!(!manages(&org_admin, &row("caseworker", Some("o2"))));
        assert!(!manages(&org_admin, &row("caseworker", None)));
        assert!(!manages(&org_admin, &row("org_admin", Some("o1"))));
        assert!(!manages(&org_admin, &row("registrant", Some("o1"))));
        for role in [Role::Caseworker, Role::Auditor, Role::Registrant] {
            assert!(!manages(
                &identity(role, Some("o1")),
                &row("caseworker", Some("o1"))
            ));
            assert!(super::admin(&identity(role, Some("o1"))).is_err());
        }
    }
}
