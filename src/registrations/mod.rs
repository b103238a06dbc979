//! Registrations: "about me", the people sought, the contact and pre-consent cards,
//! verification facts and privacy settings; export and delete-everything; assisted
//! registrations held by an organization until claimed.
//!
//! Values arrive validated (see `domain`) as JSON and are stored sealed: the registration's
//! cards under its data key, each sought person under its own. Every change to what the
//! matcher reads is queued in `match_queue`.

pub mod store;

use actix_web::web;
use chrono::NaiveDateTime;
use serde::Serialize;
use serde_json::Value;

use self::store::{RegistrationRow, SoughtRow};
use crate::accounts::{Identity, Role, now};
use crate::audit::{Actor, Event};
use crate::crypto::{Encrypted, RecordCipher};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::startup::AppState;
use crate::vault::DecryptFailed;

pub const TABLE: &str = "registrations";
pub const SOUGHT_TABLE: &str = "sought_persons";

/// The sealed parts of a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Card {
    Profile,
    ContactCard,
    Preconsent,
    Facts,
    Settings,
}

impl Card {
    fn column(self) -> &'static str {
        match self {
            Card::Profile => "profile",
            Card::ContactCard => "contact_card",
            Card::Preconsent => "preconsent",
            Card::Facts => "facts",
            Card::Settings => "settings",
        }
    }
}

fn seal(cipher: &RecordCipher, column: &'static str, value: &Value) -> AppResult<Vec<u8>> {
    Ok(cipher
        .seal_value(column, value)
        .map_err(AppError::internal)?
        .into_bytes())
}

fn open(cipher: &RecordCipher, column: &'static str, blob: &[u8]) -> AppResult<Value> {
    cipher
        .open_value(column, &Encrypted::<Value>::from_stored(blob.to_vec()))
        .map_err(DecryptFailed::of(cipher))
}

/// The caller's registration, made (with its data key) on first use.
fn ensure(state: &AppState, conn: &mut DbConn, account_id: &str) -> AppResult<RegistrationRow> {
    if let Some(row) = store::find_by_owner(conn, account_id)? {
        return Ok(row);
    }
    let at = now();
    let row = RegistrationRow {
        id: uuid::Uuid::new_v4().to_string(),
        owner_account_id: Some(account_id.to_string()),
        owner_org_id: None,
        created_by: None,
        claim_digest: None,
        profile_ct: None,
        contact_card_ct: None,
        preconsent_ct: None,
        facts_ct: None,
        settings_ct: None,
        created_at: at,
        updated_at: at,
    };
    state.vault.create(conn, TABLE, &row.id)?;
    store::insert(conn, &row)?;
    Ok(row)
}

fn registrant_only(id: &Identity) -> AppResult<()> {
    // Staff accounts hold no registration of their own.
    if id.role == Role::Registrant {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

fn read_card(
    state: &AppState,
    conn: &mut DbConn,
    row: &RegistrationRow,
    card: Card,
) -> AppResult<Option<Value>> {
    match store::blob(row, card.column()) {
        Some(blob) => {
            let cipher = state.vault.open(conn, TABLE, &row.id)?;
            Ok(Some(open(&cipher, card.column(), blob)?))
        }
        None => Ok(None),
    }
}

fn write_card(
    state: &AppState,
    conn: &mut DbConn,
    row: &RegistrationRow,
    card: Card,
    value: &Value,
) -> AppResult<()> {
    let cipher = state.vault.open(conn, TABLE, &row.id)?;
    let at = now();
    store::set_blob(
        conn,
        &row.id,
        card.column(),
        &seal(&cipher, card.column(), value)?,
        at,
    )?;
    if matches!(card, Card::Profile | Card::Settings) {
        store::enqueue_match(conn, "registration", &row.id, "edit", at)?;
    }
    Ok(())
}

pub async fn get_card(
    state: &web::Data<AppState>,
    id: &Identity,
    card: Card,
) -> AppResult<Option<Value>> {
    registrant_only(id)?;
    let (st, account_id) = (state.clone(), id.account_id.clone());
    state
        .db
        .run(move |conn| match store::find_by_owner(conn, &account_id)? {
            Some(row) => read_card(&st, conn, &row, card),
            None => Ok(None),
        })
        .await
}

pub async fn put_card(
    state: &web::Data<AppState>,
    id: &Identity,
    card: Card,
    value: Value,
) -> AppResult<()> {
    registrant_only(id)?;
    let (st, account_id) = (state.clone(), id.account_id.clone());
    state
        .db
        .write(move |conn| {
            let row = ensure(&st, conn, &account_id)?;
            write_card(&st, conn, &row, card, &value)
        })
        .await
}

/// A sought person as the owner sees it.
#[derive(Serialize, Clone)]
pub struct Search {
    pub id: String,
    pub paused: bool,
    pub person: Value,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

fn open_search(state: &AppState, conn: &mut DbConn, row: SoughtRow) -> AppResult<Search> {
    let cipher = state.vault.open(conn, SOUGHT_TABLE, &row.id)?;
    Ok(Search {
        person: open(&cipher, "person", &row.data_ct)?,
        id: row.id,
        paused: row.paused,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn own_registration(conn: &mut DbConn, account_id: &str) -> AppResult<RegistrationRow> {
    store::find_by_owner(conn, account_id)?.ok_or(AppError::NotFound)
}

pub async fn list_searches(state: &web::Data<AppState>, id: &Identity) -> AppResult<Vec<Search>> {
    registrant_only(id)?;
    let (st, account_id) = (state.clone(), id.account_id.clone());
    state
        .db
        .run(move |conn| {
            let Some(reg) = store::find_by_owner(conn, &account_id)? else {
                return Ok(Vec::new());
            };
            store::sought_of(conn, &reg.id)?
                .into_iter()
                .map(|row| open_search(&st, conn, row))
                .collect()
        })
        .await
}

fn insert_search(
    state: &AppState,
    conn: &mut DbConn,
    reg: &RegistrationRow,
    person: &Value,
) -> AppResult<String> {
    let cap = i64::from(state.settings.max_sought_persons);
    if store::count_sought(conn, &reg.id)? >= cap {
        return Err(AppError::invalid(
            "sought_limit_reached",
            format!("A registration can look for at most {cap} people."),
        ));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let cipher = state.vault.create(conn, SOUGHT_TABLE, &id)?;
    let at = now();
    store::insert_sought(
        conn,
        &SoughtRow {
            id: id.clone(),
            registration_id: reg.id.clone(),
            paused: false,
            data_ct: seal(&cipher, "person", person)?,
            created_at: at,
            updated_at: at,
        },
    )?;
    store::enqueue_match(conn, "sought_person", &id, "create", at)?;
    Ok(id)
}

pub async fn create_search(
    state: &web::Data<AppState>,
    id: &Identity,
    person: Value,
) -> AppResult<String> {
    registrant_only(id)?;
    let (st, account_id) = (state.clone(), id.account_id.clone());
    state
        .db
        .write(move |conn| {
            let reg = ensure(&st, conn, &account_id)?;
            insert_search(&st, conn, &reg, &person)
        })
        .await
}

pub async fn get_search(
    state: &web::Data<AppState>,
    id: &Identity,
    search_id: &str,
) -> AppResult<Search> {
    registrant_only(id)?;
    let (st, account_id, sid) = (state.clone(), id.account_id.clone(), search_id.to_string());
    state
        .db
        .run(move |conn| {
            let reg = own_registration(conn, &account_id)?;
            let row = store::find_sought(conn, &reg.id, &sid)?.ok_or(AppError::NotFound)?;
            open_search(&st, conn, row)
        })
        .await
}

/// The parts of a person description that identify them by name.
fn name_fields(person: &Value) -> (Value, Value) {
    (person["names"].clone(), person["nicknames"].clone())
}

pub async fn update_search(
    state: &web::Data<AppState>,
    id: &Identity,
    search_id: &str,
    person: Value,
) -> AppResult<()> {
    registrant_only(id)?;
    let (st, account_id, sid) = (state.clone(), id.account_id.clone(), search_id.to_string());
    state
        .db
        .write(move |conn| {
            let reg = own_registration(conn, &account_id)?;
            let row = store::find_sought(conn, &reg.id, &sid)?.ok_or(AppError::NotFound)?;
            let cipher = st.vault.open(conn, SOUGHT_TABLE, &sid)?;
            let old = open(&cipher, "person", &row.data_ct)?;
            let at = now();
            if name_fields(&old) != name_fields(&person) {
                // Editing names again and again is how a planted registrant would probe who is
                // registered; a few changes a day are plenty for honest corrections.
                let limit = i64::from(st.settings.name_edits_per_day);
                if store::name_edits_since(conn, &sid, at - chrono::Duration::hours(24))? >= limit {
                    return Err(AppError::RateLimited);
                }
                store::record_name_edit(conn, &sid, at)?;
            }
            store::update_sought(conn, &sid, &seal(&cipher, "person", &person)?, at)?;
            store::enqueue_match(conn, "sought_person", &sid, "edit", at)?;
            Ok(())
        })
        .await
}

pub async fn set_paused(
    state: &web::Data<AppState>,
    id: &Identity,
    search_id: &str,
    paused: bool,
) -> AppResult<()> {
    registrant_only(id)?;
    let (account_id, sid) = (id.account_id.clone(), search_id.to_string());
    state
        .db
        .write(move |conn| {
            let reg = own_registration(conn, &account_id)?;
            store::find_sought(conn, &reg.id, &sid)?.ok_or(AppError::NotFound)?;
            let at = now();
            store::set_paused(conn, &sid, paused, at)?;
            store::enqueue_match(
                conn,
                "sought_person",
                &sid,
                if paused { "pause" } else { "resume" },
                at,
            )?;
            Ok(())
        })
        .await
}

fn shred_search(state: &AppState, conn: &mut DbConn, search_id: &str) -> AppResult<()> {
    store::delete_sought(conn, search_id)?;
    state.vault.shred(conn, search_id)?;
    store::enqueue_match(conn, "sought_person", search_id, "delete", now())?;
    Ok(())
}

pub async fn delete_search(
    state: &web::Data<AppState>,
    id: &Identity,
    search_id: &str,
) -> AppResult<()> {
    registrant_only(id)?;
    let (st, account_id, sid) = (state.clone(), id.account_id.clone(), search_id.to_string());
    state
        .db
        .write(move |conn| {
            let reg = own_registration(conn, &account_id)?;
            store::find_sought(conn, &reg.id, &sid)?.ok_or(AppError::NotFound)?;
            shred_search(&st, conn, &sid)
        })
        .await
}

/// Everything the account holds, decrypted: the registrant's copy of their data.
#[derive(Serialize)]
pub struct Export {
    pub account: crate::api::accounts::Me,
    pub profile: Option<Value>,
    pub searches: Vec<Search>,
    pub contact_card: Option<Value>,
    pub preconsent_card: Option<Value>,
    pub verification_facts: Option<Value>,
    pub settings: Option<Value>,
    pub exported_at: NaiveDateTime,
}

pub async fn export(state: &web::Data<AppState>, id: &Identity) -> AppResult<Export> {
    let account = crate::api::accounts::me_view(state, id).await?;
    let (st, account_id) = (state.clone(), id.account_id.clone());
    let (profile, contact_card, preconsent_card, verification_facts, settings, searches) = state
        .db
        .run(move |conn| {
            let Some(reg) = store::find_by_owner(conn, &account_id)? else {
                return Ok((None, None, None, None, None, Vec::new()));
            };
            let searches = store::sought_of(conn, &reg.id)?
                .into_iter()
                .map(|row| open_search(&st, conn, row))
                .collect::<AppResult<Vec<_>>>()?;
            Ok((
                read_card(&st, conn, &reg, Card::Profile)?,
                read_card(&st, conn, &reg, Card::ContactCard)?,
                read_card(&st, conn, &reg, Card::Preconsent)?,
                read_card(&st, conn, &reg, Card::Facts)?,
                read_card(&st, conn, &reg, Card::Settings)?,
                searches,
            ))
        })
        .await?;
    Ok(Export {
        account,
        profile,
        searches,
        contact_card,
        preconsent_card,
        verification_facts,
        settings,
        exported_at: now(),
    })
}

/// Delete the registration and every sought person, shredding their keys (inside the caller's
/// transaction). Nothing of them stays, not even queued work: the matcher treats a queued
/// record that no longer exists as deleted. Only the pseudonymous audit entries remain.
pub fn delete_registration_of(
    state: &AppState,
    conn: &mut DbConn,
    account_id: &str,
) -> AppResult<()> {
    if let Some(reg) = store::find_by_owner(conn, account_id)? {
        for s in store::sought_of(conn, &reg.id)? {
            store::delete_sought(conn, &s.id)?;
            state.vault.shred(conn, &s.id)?;
            store::purge_queue(conn, &s.id)?;
        }
        store::delete(conn, &reg.id)?;
        state.vault.shred(conn, &reg.id)?;
        store::purge_queue(conn, &reg.id)?;
    }
    Ok(())
}

pub async fn delete_everything(state: &web::Data<AppState>, id: &Identity) -> AppResult<()> {
    let (st, account_id) = (state.clone(), id.account_id.clone());
    state
        .db
        .write(move |conn| crate::accounts::settings::delete_account(&st, conn, &account_id))
        .await
}

// Assisted registration: a caseworker registers a family member who has no account.

pub struct Assisted {
    pub id: String,
    pub claim_code: String,
}

fn caseworker_org(id: &Identity) -> AppResult<String> {
    match (id.role, &id.organization_id) {
        (Role::Caseworker, Some(org)) => Ok(org.clone()),
        _ => Err(AppError::NotFound),
    }
}

pub async fn create_assisted(
    state: &web::Data<AppState>,
    staff: &Identity,
    profile: Option<Value>,
    searches: Vec<Value>,
) -> AppResult<Assisted> {
    let org = caseworker_org(staff)?;
    let code = crate::auth::generate_recovery_codes(1).remove(0);
    let digest = claim_digest(state, &code)?;
    let (st, staff) = (state.clone(), staff.clone());
    let id = state
        .db
        .write(move |conn| {
            let at = now();
            let row = RegistrationRow {
                id: uuid::Uuid::new_v4().to_string(),
                owner_account_id: None,
                owner_org_id: Some(org),
                created_by: Some(staff.account_id.clone()),
                claim_digest: Some(digest.to_vec()),
                profile_ct: None,
                contact_card_ct: None,
                preconsent_ct: None,
                facts_ct: None,
                settings_ct: None,
                created_at: at,
                updated_at: at,
            };
            st.vault.create(conn, TABLE, &row.id)?;
            store::insert(conn, &row)?;
            if let Some(p) = &profile {
                write_card(&st, conn, &row, Card::Profile, p)?;
            }
            for s in &searches {
                insert_search(&st, conn, &row, s)?;
            }
            st.audit.record(
                conn,
                &Event::new(
                    staff.actor(),
                    "registration.assisted_create",
                    "registration",
                )
                .object(&row.id)
                .reason("assisted_registration"),
            )?;
            Ok(row.id)
        })
        .await?;
    Ok(Assisted {
        id,
        claim_code: code,
    })
}

/// What a caseworker sees of an assisted registration of their organization; every view is
/// audited with its reason.
#[derive(Serialize)]
pub struct AssistedView {
    pub id: String,
    pub claimed: bool,
    pub profile: Option<Value>,
    pub searches: Vec<Search>,
}

pub async fn view_assisted(
    state: &web::Data<AppState>,
    staff: &Identity,
    reg_id: &str,
) -> AppResult<AssistedView> {
    let org = caseworker_org(staff)?;
    let (st, staff, rid) = (state.clone(), staff.clone(), reg_id.to_string());
    state
        .db
        .write(move |conn| {
            let reg = store::find_for_org(conn, &rid, &org)?.ok_or(AppError::NotFound)?;
            st.audit.record(
                conn,
                &Event::new(staff.actor(), "registration.view", "registration")
                    .object(&reg.id)
                    .reason("assisted_registration"),
            )?;
            let searches = store::sought_of(conn, &reg.id)?
                .into_iter()
                .map(|row| open_search(&st, conn, row))
                .collect::<AppResult<Vec<_>>>()?;
            Ok(AssistedView {
                claimed: reg.owner_account_id.is_some(),
                profile: read_card(&st, conn, &reg, Card::Profile)?,
                id: reg.id,
                searches,
            })
        })
        .await
}

fn claim_digest(state: &AppState, code: &str) -> AppResult<[u8; 32]> {
    let normalized = crate::auth::normalize_recovery_code(code).ok_or(AppError::NotFound)?;
    Ok(state.auth.invite_digest(&format!("claim:{normalized}")))
}

/// Claim an assisted registration: a new account (like sign-up) that becomes its owner.
pub async fn claim(
    state: &web::Data<AppState>,
    code: &str,
    passphrase: crate::crypto::Sensitive<String>,
    lang: crate::web::i18n::Lang,
) -> AppResult<crate::accounts::signup::NewAccount> {
    use crate::accounts::signup::{Credentials, insert_account, new_credentials};
    let Credentials {
        phc,
        codes,
        digests,
    } = new_credentials(state, &passphrase).await?;
    let digest = claim_digest(state, code)?;
    let st = state.clone();
    let (account_id, handle) = state
        .db
        .write(move |conn| {
            let reg = store::find_by_claim(conn, &digest)?.ok_or(AppError::NotFound)?;
            let (id, handle) =
                insert_account(&st, conn, Role::Registrant, None, &phc, lang, &digests)?;
            if store::claim(conn, &reg.id, &id, now())? != 1 {
                return Err(AppError::NotFound);
            }
            st.audit.record(
                conn,
                &Event::new(
                    Actor::Registrant { account_id: &id },
                    "registration.claim",
                    "registration",
                ),
            )?;
            Ok((id, handle))
        })
        .await?;
    Ok(crate::accounts::signup::NewAccount {
        handle,
        recovery_codes: codes,
        account_id,
    })
}
