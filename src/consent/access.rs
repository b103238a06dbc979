//! A registrant's access history: which caseworker (a pseudonym, and their organization) viewed
//! their records, when and why, read from the audit trail. Anti-fishing comes first: a view
//! made while reviewing a candidate that was never put to this registrant is not shown (it
//! would tell them a possible match exists); auditors see every view in the audit log itself.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::Matches;
use super::store;
use crate::auth::Identity;
use crate::crypto::{Purpose, staff_pseudonym};
use crate::db::DbConn;
use crate::error::AppResult;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AccessEntry {
    /// RFC 3339, UTC.
    #[schema(format = DateTime)]
    pub at: String,
    /// A stable pseudonym of the caseworker.
    pub who: String,
    pub organization: Option<String>,
    /// Why, as a reason code (`match_review`, `follow_up`, ...).
    pub reason: Option<String>,
}

fn rfc3339(at: NaiveDateTime) -> String {
    at.and_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

impl Matches {
    pub async fn access_log(&self, id: &Identity) -> AppResult<Vec<AccessEntry>> {
        id.require_registrant()?;
        let (this, account_id) = (self.clone(), id.account_id.clone());
        self.db
            .run(move |conn| {
                let Some(reg) = crate::registrations::store::find_by_owner(conn, &account_id)?
                else {
                    return Ok(Vec::new());
                };
                let key = this.keys.current().derive(Purpose::RegistrantPseudonym);
                let mut out = Vec::new();
                for view in crate::audit::views_of(conn, &reg.id)? {
                    if let Some(case) = &view.case_id
                        && !put_to(conn, case, &reg.id)?
                    {
                        continue;
                    }
                    out.push(AccessEntry {
                        at: rfc3339(view.at),
                        who: staff_pseudonym(&key, &view.staff_id),
                        organization: this.organization_of(conn, &view.staff_id)?,
                        reason: view.reason,
                    });
                }
                Ok(out)
            })
            .await
    }

    /// The name of a staff member's organization, if any.
    fn organization_of(&self, conn: &mut DbConn, staff_id: &str) -> AppResult<Option<String>> {
        use crate::accounts::store as accounts;
        let Some(org) = accounts::find(conn, staff_id)?.and_then(|a| a.organization_id) else {
            return Ok(None);
        };
        let Some(row) = accounts::find_organization(conn, &org)? else {
            return Ok(None);
        };
        let name = self
            .vault
            .open(conn, accounts::ORGANIZATIONS, &row.id)?
            .open(accounts::ORGANIZATION_NAME, &row.name_ct)?;
        Ok(Some(name))
    }
}

/// Whether the candidate `case` was ever put to registration `reg` (it asked them). A
/// candidate that no longer exists shows nothing: nothing proves it was.
fn put_to(conn: &mut DbConn, case: &str, reg: &str) -> AppResult<bool> {
    Ok(store::find(conn, case)?.is_some_and(|row| {
        row.side_of(reg).is_some_and(|side| match side {
            super::Side::A => row.asked_a_at.is_some(),
            super::Side::B => row.asked_b_at.is_some(),
        })
    }))
}
