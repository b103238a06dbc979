//! The auditor's read-only view of the audit trail: newest first, a page at a time, filtered by
//! action and time. Entries hold codes and ids only (staff ids, registrant pseudonyms), never
//! record contents. Each read is itself audited.

use chrono::{NaiveDate, NaiveDateTime};

use super::{Accounts, Identity, Role};
use crate::audit::{AuditEntry, AuditQuery, Event};
use crate::error::{AppError, AppResult};

pub const PAGE_DEFAULT: i64 = 50;
pub const PAGE_MAX: i64 = 200;

/// Filters as typed in the page's form or the API's query string.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    /// RFC 3339 or `YYYY-MM-DD` (the start of that day, UTC).
    pub from: Option<String>,
    /// RFC 3339 or `YYYY-MM-DD` (the end of that day, UTC).
    pub until: Option<String>,
    pub before: Option<i64>,
    pub limit: Option<i64>,
}

/// A page of entries, and the cursor of the next (older) page if there is one.
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next_before: Option<i64>,
}

fn time(field: &'static str, s: &str, end_of_day: bool) -> AppResult<NaiveDateTime> {
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.naive_utc());
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        let d = if end_of_day {
            d.succ_opt().unwrap_or(d)
        } else {
            d
        };
        return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default());
    }
    Err(AppError::invalid(
        "invalid_time",
        format!("{field}: a date (YYYY-MM-DD) or an RFC 3339 time."),
    ))
}

impl AuditFilter {
    fn parse(&self) -> AppResult<AuditQuery> {
        let action = match self.action.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(a)
                if a.len() <= 64
                    && a.chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.') =>
            {
                Some(a.to_string())
            }
            Some(_) => {
                return Err(AppError::invalid(
                    "invalid_action",
                    "action: an action code such as staff.disable (lower-case letters, dots and underscores).",
                ));
            }
        };
        let nonempty = |s: &Option<String>| {
            s.as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(str::to_string)
        };
        let from = nonempty(&self.from)
            .map(|s| time("from", &s, false))
            .transpose()?;
        let until = nonempty(&self.until)
            .map(|s| time("until", &s, true))
            .transpose()?;
        let limit = self.limit.unwrap_or(PAGE_DEFAULT);
        if !(1..=PAGE_MAX).contains(&limit) {
            return Err(AppError::invalid(
                "invalid_limit",
                format!("limit: a number from 1 to {PAGE_MAX}."),
            ));
        }
        if self.before.is_some_and(|b| b < 1) {
            return Err(AppError::invalid(
                "invalid_cursor",
                "before: a sequence number from an earlier page.",
            ));
        }
        Ok(AuditQuery {
            action,
            from,
            until,
            before_seq: self.before,
            limit,
        })
    }
}

impl Accounts {
    /// A page of the audit trail, for auditors only (everyone else: not found).
    pub async fn audit_trail(&self, id: &Identity, filter: &AuditFilter) -> AppResult<AuditPage> {
        if id.role != Role::Auditor {
            return Err(AppError::NotFound);
        }
        let mut query = filter.parse()?;
        let limit = query.limit;
        // One more than asked says whether an older page exists.
        query.limit += 1;
        let (this, id) = (self.clone(), id.clone());
        self.db
            .write(move |conn| {
                let mut entries = crate::audit::read_page(conn, &query)?;
                let more = entries.len() as i64 > limit;
                entries.truncate(limit as usize);
                this.audit
                    .record(conn, &Event::new(id.actor(), "audit.read", "audit_log"))?;
                Ok(AuditPage {
                    next_before: more.then(|| entries.last().map(|e| e.seq)).flatten(),
                    entries,
                })
            })
            .await
    }
}
