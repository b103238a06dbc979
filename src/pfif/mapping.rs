//! kinlink's assisted registrations as PFIF records, and PFIF records as kinlink's validated
//! values. Pure.
//!
//! **Export.** A registration is a family: the family member it was made for ("about me") and
//! the people they seek. Each becomes a PFIF person record: "about me" with a note of status
//! `is_note_author`, each person sought with a note of status `information_sought`. PFIF's
//! own fields carry what they can (full_name, given_name, family_name, alternate_names, sex,
//! date_of_birth or age, description, last_known_location, source and dates). What PFIF has no
//! field for (father's and mother's names, a birth range, a region code, the relation, the
//! circumstances, the caseworker's notes, which names are nicknames) is written in words in
//! `description` and the note's text, and exactly, as one line of JSON after the marker
//! [`MARKER`], at the end of the note's text: so a PFIF reader sees the record, and kinlink
//! reads back exactly what it wrote. Record ids are keyed pseudonyms of kinlink's ids, so an
//! export cannot be joined to a stolen database.
//!
//! **Import.** A record carrying the marker is read from its JSON (its full_name must agree);
//! records of one family become one registration. Any other PFIF person becomes a registration
//! of its own that seeks that person, with relation `other`, from PFIF's fields (README says
//! which).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{Document, Note, Person as PfifPerson, format_time, parse_time};
use crate::domain::person::{Birth, BirthInput};
use crate::domain::{DomainError, Person, PersonInput, SoughtInput, SoughtPerson};

/// Starts the line of a note's text that holds kinlink's exact record.
pub const MARKER: &str = "kinlink-record-v1: ";

/// What a note's JSON line holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Block {
    /// The family's pseudonymous id: records with the same one are one registration.
    family: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    about_me: Option<PersonInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sought: Option<SoughtInput>,
}

/// One family to export.
pub struct FamilyOut<'a> {
    /// Keyed pseudonym of the registration.
    pub key: String,
    pub created_at: NaiveDateTime,
    /// When the record's retention runs out (PFIF's expiry_date).
    pub expires_at: Option<NaiveDateTime>,
    pub about_me: Option<&'a Person>,
    /// Keyed pseudonym of each search, and the search.
    pub searches: Vec<(String, &'a SoughtPerson)>,
}

/// One family read from a document, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyIn {
    /// The person_record_ids it came from.
    pub records: Vec<String>,
    pub about_me: Option<Person>,
    pub searches: Vec<SoughtPerson>,
}

/// A family (or record) that cannot be imported, and why. Never holds a value of the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub records: Vec<String>,
    pub message: String,
}

fn primary_name(p: &Person) -> String {
    p.names()
        .first()
        .or_else(|| p.nicknames().first())
        .map(|n| n.as_str().to_string())
        .unwrap_or_default()
}

fn birth_fields(birth: Option<Birth>, source_year: i32) -> (Option<String>, Option<String>) {
    match birth {
        Some(Birth::Date(d)) => (Some(d.format("%Y-%m-%d").to_string()), None),
        Some(Birth::Year(y)) => (Some(format!("{y:04}")), None),
        // PFIF has no range of birth years; an age range as of source_date says the same.
        Some(Birth::Range { from, to }) => {
            let young = (source_year - to - 1).max(0);
            let old = (source_year - from).max(0);
            (None, Some(format!("{young}-{old}")))
        }
        None => (None, None),
    }
}

/// Words for what PFIF has no field for, for people reading the record elsewhere.
fn describe(p: &Person) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(f) = p.father_name() {
        lines.push(format!("Father's name: {f}"));
    }
    if let Some(m) = p.mother_name() {
        lines.push(format!("Mother's name: {m}"));
    }
    if let Some(Birth::Range { from, to }) = p.birth() {
        lines.push(format!("Born between {from} and {to}"));
    }
    if let Some(place) = p.birthplace() {
        let region = place
            .region()
            .and_then(|r| crate::regions::find(r.as_str()))
            .map(|r| format!("{} ({} {})", r.en, r.uey, r.zh));
        let text = [place.text().map(str::to_string), region]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; ");
        lines.push(format!("Birthplace: {text}"));
    }
    lines
}

fn person_record(
    domain: &str,
    id: &str,
    p: &Person,
    family: &FamilyOut<'_>,
    exported_at: NaiveDateTime,
    description: Vec<String>,
) -> PfifPerson {
    let mut r = PfifPerson::default();
    let source_date = format_time(family.created_at);
    r.set("person_record_id", Some(format!("{domain}/{id}")));
    r.set("entry_date", Some(format_time(exported_at)));
    r.set("expiry_date", family.expires_at.map(format_time));
    r.set("source_name", Some(format!("kinlink ({domain})")));
    r.set("source_date", Some(source_date));
    let full = primary_name(p);
    if let Some(first) = p.names().first() {
        let given = first.first_part();
        let rest = first.as_str()[first.as_str().find(given).unwrap_or(0) + given.len()..]
            .trim_matches(|c: char| c.is_whitespace() || c == '-');
        r.set("given_name", Some(given));
        r.set("family_name", Some(rest));
    }
    let alternates: Vec<&str> = p
        .names()
        .iter()
        .skip(1)
        .chain(p.nicknames().iter().skip(usize::from(p.names().is_empty())))
        .map(|n| n.as_str())
        .collect();
    r.set("alternate_names", Some(alternates.join("\n")));
    r.set("full_name", Some(full));
    r.set(
        "sex",
        match p.gender() {
            Some(crate::domain::person::Gender::Male) => Some("male"),
            Some(crate::domain::person::Gender::Female) => Some("female"),
            // PFIF: "If the sex is unknown, omit this field."
            _ => None,
        },
    );
    let (dob, age) = birth_fields(p.birth(), family.created_at.year());
    r.set("date_of_birth", dob);
    r.set("age", age);
    r.set("description", Some(description.join("\n")));
    r
}

/// A family's note on a record; `record_id` is the person's, domain included.
fn note(
    record_id: &str,
    author: &str,
    status: &str,
    family: &FamilyOut<'_>,
    exported_at: NaiveDateTime,
    words: Vec<String>,
    block: &Block,
) -> Note {
    let mut n = Note::default();
    n.set("note_record_id", Some(format!("{record_id}.note")));
    n.set("entry_date", Some(format_time(exported_at)));
    n.set("author_name", Some(author));
    n.set("source_date", Some(format_time(family.created_at)));
    n.set("status", Some(status));
    let json = serde_json::to_string(block).expect("plain data serializes");
    let mut text = words.join("\n");
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(MARKER);
    text.push_str(&json);
    n.set("text", Some(text));
    n
}

/// The PFIF document of these families. `domain` prefixes every record id.
pub fn to_pfif(domain: &str, exported_at: NaiveDateTime, families: &[FamilyOut<'_>]) -> Document {
    let mut doc = Document::default();
    for family in families {
        let author = family
            .about_me
            .map(primary_name)
            .unwrap_or_else(|| "a family registered by a caseworker".to_string());
        if let Some(me) = family.about_me {
            let mut r = person_record(domain, &family.key, me, family, exported_at, describe(me));
            let block = Block {
                family: family.key.clone(),
                about_me: Some(PersonInput::from(me)),
                sought: None,
            };
            r.notes.push(note(
                &format!("{domain}/{}", family.key),
                &author,
                "is_note_author",
                family,
                exported_at,
                vec!["Registered with the help of a caseworker.".to_string()],
                &block,
            ));
            doc.persons.push(r);
        }
        for (skey, s) in &family.searches {
            let id = format!("{}.{skey}", family.key);
            let mut words = describe(s.person());
            words.push(format!(
                "Relation to the family member who registered: {}",
                s.relation().as_str()
            ));
            if let Some(c) = s.circumstances() {
                words.push(format!("Circumstances: {}", c.as_str()));
            }
            if let Some(last) = s.last_contact() {
                words.push(match last {
                    crate::domain::person::LastContact::Date(d) => format!("Last contact: {d}"),
                    crate::domain::person::LastContact::Year(y) => format!("Last contact: {y}"),
                });
            }
            let mut r = person_record(domain, &id, s.person(), family, exported_at, words.clone());
            let block = Block {
                family: family.key.clone(),
                about_me: None,
                sought: Some(SoughtInput::from(*s)),
            };
            let mut n = note(
                &format!("{domain}/{id}"),
                &author,
                "information_sought",
                family,
                exported_at,
                s.notes()
                    .map(|t| vec![format!("Notes for the caseworker: {t}")])
                    .unwrap_or_default(),
                &block,
            );
            n.set("last_known_location", s.last_known_place());
            r.notes.push(n);
            doc.persons.push(r);
        }
    }
    doc
}

/// A record read: "about me" or a person sought, or why it cannot be imported.
type Parsed = Result<(Option<Person>, Option<SoughtPerson>), String>;

fn domain_message(e: &DomainError) -> String {
    if e.field.is_empty() {
        format!("{} ({})", e.message, e.code)
    } else {
        format!("{}: {} ({})", e.field, e.message, e.code)
    }
}

/// kinlink's exact record in a person's notes, if one is there.
fn block_of(p: &PfifPerson) -> Result<Option<Block>, String> {
    let mut found = None;
    for n in &p.notes {
        let text = n.get("text").unwrap_or_default();
        let Some(line) = text.lines().rev().find_map(|l| l.strip_prefix(MARKER)) else {
            continue;
        };
        if found.is_some() {
            return Err("more than one note holds kinlink data".to_string());
        }
        let block: Block = serde_json::from_str(line).map_err(|e| {
            format!(
                "the kinlink data in its note is not valid (line {}, column {}): fix or remove it",
                e.line(),
                e.column()
            )
        })?;
        found = Some(block);
    }
    Ok(found)
}

/// A PFIF person from elsewhere, as a search of a family of its own.
fn foreign(p: &PfifPerson, today: NaiveDate) -> Result<SoughtPerson, String> {
    let mut full = p.get("full_name").unwrap_or_default().trim().to_string();
    if full.is_empty() {
        full = [p.get("given_name"), p.get("family_name")]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
    }
    let nicknames: Vec<String> = p
        .get("alternate_names")
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let source_year = p.get("source_date").and_then(parse_time).map(|t| t.year());
    let birth = match p.get("date_of_birth") {
        Some(d) if d.len() == 10 => Some(BirthInput {
            date: Some(d.to_string()),
            ..Default::default()
        }),
        Some(d) => d[..4].parse::<i64>().ok().map(|y| BirthInput {
            year: Some(y),
            ..Default::default()
        }),
        None => match (p.get("age"), source_year) {
            (Some(age), Some(year)) => {
                let (lo, hi) = age.split_once('-').unwrap_or((age, age));
                match (lo.parse::<i64>(), hi.parse::<i64>()) {
                    (Ok(lo), Ok(hi)) if lo <= hi => Some(BirthInput {
                        from: Some(i64::from(year) - hi - 1),
                        to: Some(i64::from(year) - lo),
                        ..Default::default()
                    }),
                    _ => None,
                }
            }
            _ => None,
        },
    };
    let home: Vec<&str> = [
        "home_street",
        "home_neighborhood",
        "home_city",
        "home_state",
        "home_postal_code",
        "home_country",
    ]
    .into_iter()
    .filter_map(|f| p.get(f))
    .map(str::trim)
    .filter(|s| !s.is_empty())
    .collect();
    let last_known_place = if home.is_empty() {
        p.notes
            .iter()
            .rev()
            .find_map(|n| n.get("last_known_location"))
            .map(str::to_string)
    } else {
        Some(home.join(", "))
    };
    let missing = p
        .notes
        .iter()
        .any(|n| n.get("status").map(str::trim) == Some("believed_missing"));
    let input = SoughtInput {
        relation: Some("other".into()),
        names: if full.is_empty() { vec![] } else { vec![full] },
        nicknames,
        gender: p.get("sex").map(|s| match s.trim() {
            "female" => "female".to_string(),
            "male" => "male".to_string(),
            _ => "unknown".to_string(),
        }),
        birth,
        last_known_place,
        circumstances: missing.then(|| "missing".to_string()),
        notes: p.get("description").map(str::to_string),
        ..Default::default()
    };
    input.validate_at(today).map_err(|e| domain_message(&e))
}

/// The families of a document, validated for import, and what cannot be imported. A family
/// is imported whole or not at all; `max_sought` is the cap on people one registration seeks.
pub fn from_pfif(
    doc: &Document,
    today: NaiveDate,
    max_sought: usize,
) -> (Vec<FamilyIn>, Vec<RecordError>) {
    // Families in the order their first record appears.
    let mut order: Vec<String> = Vec::new();
    let mut families: BTreeMap<String, (FamilyIn, Vec<String>)> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut seen_ids = std::collections::HashSet::new();
    for (i, p) in doc.persons.iter().enumerate() {
        let id = p.get("person_record_id").unwrap_or_default().to_string();
        if !seen_ids.insert(id.clone()) {
            errors.push(RecordError {
                records: vec![id],
                message: format!("person record {}: the same person_record_id twice", i + 1),
            });
            continue;
        }
        let key_and_result: (String, Parsed) = match block_of(p) {
            Err(message) => (format!("record:{id}"), Err(message)),
            Ok(None) => (
                format!("record:{id}"),
                foreign(p, today).map(|s| (None, Some(s))),
            ),
            Ok(Some(block)) => {
                let key = format!("family:{}", block.family);
                let result = match (block.about_me, block.sought) {
                    (Some(me), None) => me
                        .validate_at(today)
                        .map(|me| (Some(me), None))
                        .map_err(|e| domain_message(&e)),
                    (None, Some(s)) => s
                        .validate_at(today)
                        .map(|s| (None, Some(s)))
                        .map_err(|e| domain_message(&e)),
                    _ => Err("the kinlink data must hold either about_me or sought".to_string()),
                };
                // An edited full_name with stale kinlink data would import the stale one.
                let result = result.and_then(|(me, s)| {
                    let name = me
                        .as_ref()
                        .or(s.as_ref().map(SoughtPerson::person))
                        .map(primary_name)
                        .unwrap_or_default();
                    if p.get("full_name").map(str::trim) == Some(name.as_str()) {
                        Ok((me, s))
                    } else {
                        Err(
                            "full_name does not agree with the kinlink data in its note; \
                                 edit both or remove the kinlink line"
                                .to_string(),
                        )
                    }
                });
                (key, result)
            }
        };
        let (key, result) = key_and_result;
        if !families.contains_key(&key) {
            order.push(key.clone());
        }
        let (family, problems) = families.entry(key).or_insert_with(|| {
            (
                FamilyIn {
                    records: Vec::new(),
                    about_me: None,
                    searches: Vec::new(),
                },
                Vec::new(),
            )
        });
        family.records.push(id.clone());
        match result {
            Err(message) => problems.push(format!("{id}: {message}")),
            Ok((Some(_), _)) if family.about_me.is_some() => {
                problems.push(format!("{id}: a second \"about me\" record for one family"));
            }
            Ok((Some(me), _)) => family.about_me = Some(me),
            Ok((None, Some(s))) => family.searches.push(s),
            Ok((None, None)) => {}
        }
    }
    let mut out = Vec::new();
    for key in order {
        let (family, mut problems) = families.remove(&key).expect("ordered keys exist");
        if family.searches.len() > max_sought {
            problems.push(format!(
                "a registration can look for at most {max_sought} people; this family has {}",
                family.searches.len()
            ));
        }
        if family.about_me.is_none() && family.searches.is_empty() && problems.is_empty() {
            problems.push("nothing to import".to_string());
        }
        if problems.is_empty() {
            out.push(family);
        } else {
            errors.push(RecordError {
                records: family.records,
                message: problems.join("; "),
            });
        }
    }
    for n in &doc.orphan_notes {
        errors.push(RecordError {
            records: vec![n.get("note_record_id").unwrap_or_default().to_string()],
            message: "a note whose person is not in this file (notes are read only with their \
                      person)"
                .to_string(),
        });
    }
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pfif::{parse, write};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    fn person(v: serde_json::Value) -> Person {
        serde_json::from_value::<PersonInput>(v)
            .unwrap()
            .validate_at(today())
            .unwrap()
    }

    fn sought(v: serde_json::Value) -> SoughtPerson {
        serde_json::from_value::<SoughtInput>(v)
            .unwrap()
            .validate_at(today())
            .unwrap()
    }

    #[test]
    fn families_come_back_exactly() {
        let me = person(serde_json::json!({
            "names": ["Gülnur Abdukerim", "ئابدۇكېرىم گۈلنۇر"], "nicknames": ["Güli"],
            "father_name": "Abdukerim", "gender": "female", "birth": {"from": 1958, "to": 1963},
            "birthplace": {"text": "Keşker", "region": "653101"}
        }));
        let father = sought(serde_json::json!({
            "relation": "father", "names": ["阿不都克里木"], "gender": "male",
            "birth": {"year": 1935}, "last_known_place": "Ürümchi",
            "last_contact": {"date": "2017-05-01"}, "circumstances": "detained",
            "notes": "Line one\nline two & <three>"
        }));
        let brother = sought(serde_json::json!({"relation": "brother", "nicknames": ["Memetjan"]}));
        let at = NaiveDate::from_ymd_opt(2026, 11, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let families = vec![FamilyOut {
            key: "f1".into(),
            created_at: at,
            expires_at: Some(at + chrono::Duration::days(730)),
            about_me: Some(&me),
            searches: vec![("s1".into(), &father), ("s2".into(), &brother)],
        }];
        let doc = to_pfif("kinlink.example", at, &families);
        let doc = parse(write(&doc).as_bytes()).unwrap();
        assert_eq!(doc.persons[0].get("given_name"), Some("Gülnur"));
        assert_eq!(doc.persons[0].get("family_name"), Some("Abdukerim"));
        assert_eq!(doc.persons[0].get("age"), Some("62-68"));
        assert_eq!(doc.persons[1].get("date_of_birth"), Some("1935"));
        let (families, errors) = from_pfif(&doc, today(), 10);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            families,
            vec![FamilyIn {
                records: vec![
                    "kinlink.example/f1".into(),
                    "kinlink.example/f1.s1".into(),
                    "kinlink.example/f1.s2".into()
                ],
                about_me: Some(me),
                searches: vec![father, brother],
            }]
        );
    }

    fn foreign_doc(fields: &str, notes: &str) -> Document {
        parse(
            format!(
                "<pfif xmlns=\"http://zesty.ca/pfif/1.4\"><person>\
                 <person_record_id>pf.example/1</person_record_id>\
                 <source_date>2026-01-01T00:00:00Z</source_date>{fields}{notes}</person></pfif>"
            )
            .as_bytes(),
        )
        .unwrap()
    }

    #[test]
    fn a_record_from_elsewhere_becomes_a_search_of_its_own() {
        let doc = foreign_doc(
            "<full_name>Ilham Tursun</full_name><alternate_names>Ilhamjan\nИлham</alternate_names>\
             <sex>other</sex><age>40-45</age><home_city>Ghulja</home_city>\
             <home_country>CN</home_country><description>Taken in 2018</description>",
            "<note><note_record_id>pf.example/n</note_record_id><author_name>A</author_name>\
             <source_date>2026-01-01T00:00:00Z</source_date><status>believed_missing</status>\
             <text>t</text></note>",
        );
        let (families, errors) = from_pfif(&doc, today(), 10);
        assert!(errors.is_empty(), "{errors:?}");
        let s = &families[0].searches[0];
        assert_eq!(s.relation().as_str(), "other");
        assert_eq!(s.person().names()[0].as_str(), "Ilham Tursun");
        assert_eq!(s.person().nicknames().len(), 2);
        assert_eq!(
            s.person().birth(),
            Some(Birth::Range {
                from: 1980,
                to: 1986
            })
        );
        assert_eq!(s.last_known_place(), Some("Ghulja, CN"));
        assert_eq!(s.circumstances().map(|c| c.as_str()), Some("missing"));
        assert_eq!(s.notes(), Some("Taken in 2018"));
        assert!(families[0].about_me.is_none());
    }

    #[test]
    fn bad_records_are_named_and_never_half_imported() {
        let doc = foreign_doc("<full_name>12345</full_name>", "");
        let (families, errors) = from_pfif(&doc, today(), 10);
        assert!(families.is_empty());
        assert_eq!(errors[0].records, vec!["pf.example/1".to_string()]);
        assert!(
            errors[0].message.contains("name_without_letters"),
            "{errors:?}"
        );
        assert!(!errors[0].message.contains("12345"));
        // Edited name, stale kinlink data: refused rather than importing the stale name.
        let me = person(serde_json::json!({"names": ["Adil"]}));
        let at = today().and_hms_opt(0, 0, 0).unwrap();
        let out = to_pfif(
            "k.example",
            at,
            &[FamilyOut {
                key: "f".into(),
                created_at: at,
                expires_at: None,
                about_me: Some(&me),
                searches: vec![],
            }],
        );
        let edited = write(&out).replace(
            "<pfif:full_name>Adil</pfif:full_name>",
            "<pfif:full_name>Adile</pfif:full_name>",
        );
        let (families, errors) = from_pfif(&parse(edited.as_bytes()).unwrap(), today(), 10);
        assert!(families.is_empty());
        assert!(errors[0].message.contains("does not agree"), "{errors:?}");
    }

    #[test]
    fn a_family_over_the_cap_is_refused_whole() {
        let searches: Vec<SoughtPerson> = (0..3)
            .map(|i| {
                sought(serde_json::json!({"relation": "cousin", "names": [format!("Name{i}")]}))
            })
            .collect();
        let at = today().and_hms_opt(0, 0, 0).unwrap();
        let out = to_pfif(
            "k.example",
            at,
            &[FamilyOut {
                key: "f".into(),
                created_at: at,
                expires_at: None,
                about_me: None,
                searches: searches
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (format!("s{i}"), s))
                    .collect(),
            }],
        );
        let (families, errors) = from_pfif(&out, today(), 2);
        assert!(families.is_empty());
        assert_eq!(errors[0].records.len(), 3);
        assert!(errors[0].message.contains("at most 2"));
    }
}
