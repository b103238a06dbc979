//! Roles. Deny by default: each route names the roles it admits.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Registrant,
    Caseworker,
    OrgAdmin,
    /// The operator: manages organizations and accounts, never reads records.
    Admin,
    Auditor,
}

impl Role {
    /// Every role, for the API document's list of allowed values.
    pub const ALL: &'static [Role] = &[
        Role::Registrant,
        Role::Caseworker,
        Role::OrgAdmin,
        Role::Admin,
        Role::Auditor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Registrant => "registrant",
            Role::Caseworker => "caseworker",
            Role::OrgAdmin => "org_admin",
            Role::Admin => "admin",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "registrant" => Role::Registrant,
            "caseworker" => Role::Caseworker,
            "org_admin" => Role::OrgAdmin,
            "admin" => Role::Admin,
            "auditor" => Role::Auditor,
            _ => return None,
        })
    }

    /// Staff must confirm a second factor before any staff page or API works.
    pub fn is_staff(self) -> bool {
        self != Role::Registrant
    }

    /// Which roles this role may invite, and whether the invite binds to an organization.
    pub fn may_invite(self, invited: Role) -> bool {
        matches!(
            (self, invited),
            (Role::Admin, Role::OrgAdmin | Role::Admin | Role::Auditor)
                | (Role::OrgAdmin, Role::Caseworker)
        )
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_invitations() {
        for r in [
            Role::Registrant,
            Role::Caseworker,
            Role::OrgAdmin,
            Role::Admin,
            Role::Auditor,
        ] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert!(Role::Admin.may_invite(Role::OrgAdmin));
        assert!(Role::OrgAdmin.may_invite(Role::Caseworker));
        assert!(!Role::OrgAdmin.may_invite(Role::Admin));
        assert!(!Role::Caseworker.may_invite(Role::Caseworker));
        assert!(!Role::Registrant.may_invite(Role::Caseworker));
        assert!(!Role::Admin.may_invite(Role::Registrant));
    }
}
