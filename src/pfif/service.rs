//! PFIF export and import of an organization's assisted registrations, each under a one-time
//! approval code an admin of that organization issued. Below the HTTP layer: the command line
//! (`kinlink export pfif`, `kinlink import pfif`) calls these.
//!
//! An export reads every unclaimed, unexpired assisted registration of the organization in one
//! transaction that also uses the code and writes one audit entry with the count. An import
//! parses and validates the whole file first; then, in one transaction, it uses the code,
//! makes the registrations (sealed like every other, queued for the matcher, each with a new
//! claim code) and writes the audit entries. A family with any error is never written; by
//! default one error stops the whole import.

use hmac::{KeyInit, Mac};

use super::mapping::{self, FamilyIn, FamilyOut, RecordError};
use crate::accounts::Accounts;
use crate::accounts::approvals::ApprovalPurpose;
use crate::audit::{Actor, Audit, Event};
use crate::clock::Clock;
use crate::crypto::SecretKey;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::registrations::Registrations;

#[derive(Clone)]
pub struct Interchange {
    db: Db,
    audit: Audit,
    clock: Clock,
    accounts: Accounts,
    registrations: Registrations,
    /// Keys the pseudonyms of record ids in exports.
    id_key: std::sync::Arc<SecretKey>,
    max_sought: usize,
}

/// A written export.
pub struct Exported {
    pub xml: String,
    /// Registrations exported.
    pub families: usize,
    /// PFIF person records written.
    pub records: usize,
}

/// One family an import made.
pub struct ImportedFamily {
    pub registration_id: String,
    /// The claim code to hand to the family (shown once).
    pub claim_code: String,
    /// The person_record_ids it came from.
    pub records: Vec<String>,
}

/// What an import did.
pub struct ImportReport {
    pub imported: Vec<ImportedFamily>,
    /// Families (or records) not imported, and why.
    pub errors: Vec<RecordError>,
    /// Whether anything was written (nothing is when errors stop the import).
    pub written: bool,
}

impl Interchange {
    pub fn new(
        db: Db,
        audit: Audit,
        clock: Clock,
        accounts: Accounts,
        registrations: Registrations,
        id_key: SecretKey,
        max_sought: u32,
    ) -> Self {
        Interchange {
            db,
            audit,
            clock,
            accounts,
            registrations,
            id_key: std::sync::Arc::new(id_key),
            max_sought: max_sought as usize,
        }
    }

    /// A keyed pseudonym of a record id: stable from one export to the next, meaningless
    /// without the key file.
    fn pseudonym(&self, kind: &str, id: &str) -> String {
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(self.id_key.expose_secret())
            .expect("any key length");
        mac.update(kind.as_bytes());
        mac.update(b"|");
        mac.update(id.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }

    async fn require_organization(&self, org: &str) -> AppResult<()> {
        let org = org.to_string();
        let exists = self
            .db
            .run(move |conn| Ok(crate::accounts::store::organization_exists(conn, &org)?))
            .await?;
        if exists {
            Ok(())
        } else {
            Err(AppError::invalid(
                "organization_unknown",
                "There is no organization with this id.",
            ))
        }
    }

    /// Export the organization's assisted registrations as PFIF 1.4, using `approval` (an
    /// export code of that organization). `domain` starts every record id.
    pub async fn export(&self, org: &str, approval: &str, domain: &str) -> AppResult<Exported> {
        self.require_organization(org).await?;
        let (this, org, approval, domain) = (
            self.clone(),
            org.to_string(),
            approval.to_string(),
            domain.to_string(),
        );
        let result = self
            .db
            .write(move |conn| {
                let approval_id = this.accounts.consume_approval_in(
                    conn,
                    &approval,
                    &org,
                    ApprovalPurpose::PfifExport,
                )?;
                let families = this.registrations.families_of_org_in(conn, &org)?;
                let out: Vec<FamilyOut<'_>> = families
                    .iter()
                    .map(|f| FamilyOut {
                        key: this.pseudonym("registration", &f.id),
                        created_at: f.created_at,
                        expires_at: f.deadline,
                        about_me: f.profile.as_ref(),
                        searches: f
                            .searches
                            .iter()
                            .map(|s| (this.pseudonym("sought", &s.id), &s.person))
                            .collect(),
                    })
                    .collect();
                let doc = mapping::to_pfif(&domain, this.clock.now_naive(), &out);
                let records = doc.persons.len();
                let count = format!("records:{records}");
                this.audit.record(
                    conn,
                    &Event::new(Actor::Operator, "pfif.export", "approval")
                        .object(&approval_id)
                        .reason(&count),
                )?;
                Ok(Exported {
                    xml: super::write(&doc),
                    families: families.len(),
                    records,
                })
            })
            .await;
        if let Err(e @ AppError::Forbidden { .. }) = &result {
            self.audit_refusal("pfif.export", e.code()).await?;
        }
        result
    }

    /// A refused use of an approval code, audited (in its own transaction: the refused one
    /// rolled back).
    async fn audit_refusal(&self, action: &'static str, code: &'static str) -> AppResult<()> {
        let audit = self.audit.clone();
        self.db
            .write(move |conn| {
                audit.record(
                    conn,
                    &Event::new(Actor::Operator, action, "approval")
                        .reason(code)
                        .outcome("refused"),
                )?;
                Ok(())
            })
            .await
    }

    /// Import a PFIF 1.4 document into assisted registrations of the organization, using
    /// `approval` (an import code of that organization). With `skip_invalid`, families without
    /// errors are imported and the others reported; otherwise any error writes nothing (and
    /// leaves the code unused).
    pub async fn import(
        &self,
        org: &str,
        approval: &str,
        bytes: &[u8],
        skip_invalid: bool,
    ) -> AppResult<ImportReport> {
        self.require_organization(org).await?;
        // A wrong code is said before a long file is read; it is used only when writing.
        if let Err(e) = self
            .accounts
            .check_approval(approval, org, ApprovalPurpose::PfifImport)
            .await
        {
            self.audit_refusal("pfif.import", e.code()).await?;
            return Err(e);
        }
        let doc = match super::parse(bytes) {
            Ok(doc) => doc,
            Err(e) => {
                self.audit_refusal("pfif.import", "pfif_invalid").await?;
                return Err(AppError::invalid("pfif_invalid", e.message));
            }
        };
        let (families, errors) = mapping::from_pfif(&doc, self.clock.today(), self.max_sought);
        if (!errors.is_empty() && !skip_invalid) || families.is_empty() {
            let reason = format!("errors:{}", errors.len());
            let audit = self.audit.clone();
            self.db
                .write(move |conn| {
                    audit.record(
                        conn,
                        &Event::new(Actor::Operator, "pfif.import", "approval")
                            .reason(&reason)
                            .outcome("refused"),
                    )?;
                    Ok(())
                })
                .await?;
            return Ok(ImportReport {
                imported: Vec::new(),
                errors,
                written: false,
            });
        }
        let (this, org, approval) = (self.clone(), org.to_string(), approval.to_string());
        let result = self
            .db
            .write(move |conn| {
                let approval_id = this.accounts.consume_approval_in(
                    conn,
                    &approval,
                    &org,
                    ApprovalPurpose::PfifImport,
                )?;
                let mut imported = Vec::new();
                let mut records = 0;
                for FamilyIn {
                    records: ids,
                    about_me,
                    searches,
                } in &families
                {
                    let made = this.registrations.create_assisted_in(
                        conn,
                        &org,
                        None,
                        Actor::Operator,
                        "pfif_import",
                        about_me.as_ref(),
                        searches,
                    )?;
                    records += ids.len();
                    imported.push(ImportedFamily {
                        registration_id: made.id,
                        claim_code: made.claim_code,
                        records: ids.clone(),
                    });
                }
                let count = format!("records:{records}");
                this.audit.record(
                    conn,
                    &Event::new(Actor::Operator, "pfif.import", "approval")
                        .object(&approval_id)
                        .reason(&count),
                )?;
                Ok(imported)
            })
            .await;
        match result {
            Ok(imported) => Ok(ImportReport {
                imported,
                errors,
                written: true,
            }),
            Err(e) => {
                if let AppError::Forbidden { .. } = &e {
                    self.audit_refusal("pfif.import", e.code()).await?;
                }
                Err(e)
            }
        }
    }
}
