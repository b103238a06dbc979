//! Who is acting: an account signed in through a checked session. Built by the HTTP layer from
//! a session token (`http::identity`), by the command line for operators, and by tests.

use super::Role;
use crate::audit::Actor;
use crate::error::AppError;

#[derive(Debug, Clone)]
pub struct Identity {
    pub account_id: String,
    pub role: Role,
    pub organization_id: Option<String>,
    pub totp_confirmed: bool,
    /// The session's id, and its digest as stored.
    pub sid: String,
    pub sid_hash: Vec<u8>,
    /// The request authenticated by cookie (a browser), not by a bearer token.
    pub via_cookie: bool,
}

impl Identity {
    /// How this person appears in the audit log: staff by id, registrants by pseudonym.
    pub fn actor(&self) -> Actor<'_> {
        if self.role.is_staff() {
            Actor::Staff {
                id: &self.account_id,
                role: self.role.as_str(),
            }
        } else {
            Actor::Registrant {
                account_id: &self.account_id,
            }
        }
    }

    /// Only registrants hold a registration of their own; to anyone else such routes do not
    /// exist.
    pub fn require_registrant(&self) -> Result<(), AppError> {
        if self.role == Role::Registrant {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}

/// A staff member who has confirmed a second factor (the HTTP extractor refuses everyone else).
#[derive(Debug, Clone)]
pub struct Staff(pub Identity);

impl Staff {
    /// Admit only these roles; others get 404, as if the route did not exist.
    pub fn require(&self, roles: &[Role]) -> Result<&Identity, AppError> {
        if roles.contains(&self.0.role) {
            Ok(&self.0)
        } else {
            Err(AppError::NotFound)
        }
    }
}
