//! What the matcher knows of a person description: keyed encodings of every name form, and the
//! coarse facts that separate namesakes (gender, birth years, birthplace, and for a person
//! sought the relation and the seeker's own gender and birth years). Built where the plaintext
//! is (the service that stores the record), sealed for the matcher (`store`), compared in
//! memory (`score`). Pure: no I/O.
//!
//! The byte form is versioned and carries the name encoding's version; each stored row also
//! says in the clear which [`BUILD`] made it, so the web tier's `features` job rebuilds rows an
//! older engine made (the matcher cannot: it never sees the records).

use chrono::Datelike;

use crate::domain::{Birth, Gender, Person, Relation, SoughtPerson};
use crate::names::{ENCODING_VERSION, EncodedName, NameEncoder};

/// Version of the byte form (bump with any change of layout or meaning). Version 1 (read still)
/// lacks the birth day: such features compare birth years only until the record is next
/// rebuilt. Version 2 (read still) took the region only from the list, not from a typed place.
/// Version 3 (read still) lacks the seeker's own birthplace.
pub const FEATURES_VERSION: u8 = 4;

/// The build of features this engine makes: layout and name encoding versions together.
pub const BUILD: i32 = (FEATURES_VERSION as i32) << 8 | ENCODING_VERSION as i32;

/// The names of a region of the bundled list as people write them: the Uyghur (both
/// scripts), Chinese and English names without the words for city, county or district.
pub fn region_names(code: &str) -> Vec<String> {
    let Some(r) = crate::regions::find(code) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let first = |s: &str| s.split_whitespace().next().map(str::to_string);
    out.extend(first(r.uly));
    out.extend(first(r.uey));
    let zh = super::gazetteer::HAN_ENDINGS
        .iter()
        .find_map(|suffix| r.zh.strip_suffix(suffix))
        .unwrap_or(r.zh);
    if zh.chars().count() >= 2 {
        out.push(zh.to_string());
    }
    let (en, aside) = match r.en.split_once(" (") {
        Some((e, a)) => (e, Some(a.trim_end_matches(')'))),
        None => (r.en, None),
    };
    let en = en
        .split_whitespace()
        .take_while(|w| !["City", "County", "Prefecture", "District"].contains(w))
        .collect::<Vec<_>>()
        .join(" ");
    if !en.is_empty() {
        out.push(en);
    }
    out.extend(aside.map(str::to_string));
    out.sort();
    out.dedup();
    out
}

/// The region of a birthplace: the one chosen from the list, or the one the typed place
/// names (`gazetteer`), the typed one when it is a county of the prefecture chosen.
fn birthplace_region(chosen: Option<&str>, typed: Option<&str>) -> Option<String> {
    let typed = typed.and_then(super::gazetteer::resolve);
    match (chosen, typed) {
        (Some(c), Some(t)) if t.parent == Some(c) => Some(t.code.to_string()),
        (Some(c), _) => Some(c.to_string()),
        (None, t) => t.map(|t| t.code.to_string()),
    }
}

/// Whose description this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// A registrant's "about me".
    Own,
    /// A person a registrant is looking for.
    Sought,
}

/// The seeker's own facts, carried with a person sought so a relation can be checked (a
/// sought "father" is male and at least 15 years older than the seeker) and kin compared (a
/// sought brother has the seeker's father; two people seeking their father have one).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Seeker {
    pub gender: Option<Gender>,
    pub birth: Option<(i32, i32)>,
    /// The seeker's own full names (own name, then father's name).
    pub names: Vec<EncodedName>,
    /// The seeker's father's name as given.
    pub father: Option<EncodedName>,
    /// The seeker's own birthplace, as [`Features::region`] and [`Features::place`]: two
    /// people seeking one relative are family, and families share birthplaces.
    pub region: Option<String>,
    pub place: Vec<EncodedName>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Features {
    pub kind: RecordKind,
    /// Full names as written (own name, then father's name).
    pub names: Vec<EncodedName>,
    pub nicknames: Vec<EncodedName>,
    pub father: Option<EncodedName>,
    pub mother: Option<EncodedName>,
    pub gender: Option<Gender>,
    /// First and last possible birth year.
    pub birth: Option<(i32, i32)>,
    /// Month and day, when the full date of birth is given.
    pub birth_day: Option<(u8, u8)>,
    /// A code from the bundled list of prefectures and counties: the one chosen, or the one
    /// the typed place names (`birthplace_region`).
    pub region: Option<String>,
    /// The birthplace as written, and the names of its region if one was chosen, encoded like
    /// names (keyed, never stored plain), so a place typed in one script meets a region chosen
    /// from the list.
    pub place: Vec<EncodedName>,
    /// For a person sought: what they are to the seeker.
    pub relation: Option<Relation>,
    pub seeker: Option<Seeker>,
}

fn encode_all<'a>(enc: &NameEncoder, names: impl Iterator<Item = &'a str>) -> Vec<EncodedName> {
    names
        .map(|n| enc.encode(n))
        .filter(EncodedName::is_comparable)
        .collect()
}

fn encode_one(enc: &NameEncoder, name: Option<&str>) -> Option<EncodedName> {
    name.map(|n| enc.encode(n))
        .filter(EncodedName::is_comparable)
}

/// The region a person's birthplace is or names.
fn region_of(p: &Person) -> Option<String> {
    birthplace_region(
        p.birthplace().and_then(|b| b.region()).map(|r| r.as_str()),
        p.birthplace().and_then(|b| b.text()),
    )
}

/// A person's birthplace as typed and the names of the region chosen, encoded like names.
fn place_of(enc: &NameEncoder, p: &Person) -> Vec<EncodedName> {
    let text = p.birthplace().and_then(|b| b.text()).map(str::to_string);
    let region = p
        .birthplace()
        .and_then(|b| b.region())
        .map(|r| region_names(r.as_str()))
        .unwrap_or_default();
    encode_all(
        enc,
        text.iter()
            .map(String::as_str)
            .chain(region.iter().map(String::as_str)),
    )
}

fn known_gender(g: Option<Gender>) -> Option<Gender> {
    g.filter(|g| *g != Gender::Unknown)
}

impl Features {
    fn of_person(enc: &NameEncoder, p: &Person, kind: RecordKind) -> Features {
        Features {
            kind,
            names: encode_all(enc, p.names().iter().map(|n| n.as_str())),
            nicknames: encode_all(enc, p.nicknames().iter().map(|n| n.as_str())),
            father: encode_one(enc, p.father_name().map(|n| n.as_str())),
            mother: encode_one(enc, p.mother_name().map(|n| n.as_str())),
            gender: known_gender(p.gender()),
            birth: p.birth().map(|b| b.years()),
            birth_day: match p.birth() {
                Some(Birth::Date(d)) => Some((d.month() as u8, d.day() as u8)),
                _ => None,
            },
            region: region_of(p),
            place: place_of(enc, p),
            relation: None,
            seeker: None,
        }
    }

    /// The features of a registrant's "about me".
    pub fn own(enc: &NameEncoder, person: &Person) -> Features {
        Self::of_person(enc, person, RecordKind::Own)
    }

    /// The features of a person sought by a registrant whose "about me" is `seeker` (if given).
    pub fn sought(enc: &NameEncoder, sought: &SoughtPerson, seeker: Option<&Person>) -> Features {
        let mut f = Self::of_person(enc, sought.person(), RecordKind::Sought);
        f.relation = Some(sought.relation());
        f.seeker = seeker.map(|s| Seeker {
            gender: known_gender(s.gender()),
            birth: s.birth().map(|b| b.years()),
            names: encode_all(enc, s.names().iter().map(|n| n.as_str())),
            father: encode_one(enc, s.father_name().map(|n| n.as_str())),
            region: region_of(s),
            place: place_of(enc, s),
        });
        f
    }

    /// Whether anything here can be matched at all (a name form to compare).
    pub fn is_matchable(&self) -> bool {
        !self.names.is_empty() || !self.nicknames.is_empty()
    }

    /// `version, name encoding version, kind, fields...`, little-endian, length-prefixed.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![FEATURES_VERSION, ENCODING_VERSION];
        out.push(match self.kind {
            RecordKind::Own => 0,
            RecordKind::Sought => 1,
        });
        put_names(&mut out, &self.names);
        put_names(&mut out, &self.nicknames);
        put_names(&mut out, self.father.as_slice());
        put_names(&mut out, self.mother.as_slice());
        out.push(gender_byte(self.gender));
        put_years(&mut out, self.birth);
        put_str(&mut out, self.region.as_deref().unwrap_or(""));
        put_names(&mut out, &self.place);
        put_str(&mut out, self.relation.map_or("", |r| r.as_str()));
        match &self.seeker {
            None => out.push(0),
            Some(s) => {
                out.push(1);
                out.push(gender_byte(s.gender));
                put_years(&mut out, s.birth);
                put_names(&mut out, &s.names);
                put_names(&mut out, s.father.as_slice());
            }
        }
        let (month, day) = self.birth_day.unwrap_or((0, 0));
        out.extend_from_slice(&[month, day]);
        // Since version 4, after the birth day so that older forms are a prefix.
        if let Some(s) = &self.seeker {
            put_str(&mut out, s.region.as_deref().unwrap_or(""));
            put_names(&mut out, &s.place);
        }
        out
    }

    /// The features in `bytes`; `Err` for another version (of either layer) or a damaged blob,
    /// in which case they are rebuilt from the record.
    pub fn from_bytes(bytes: &[u8]) -> Result<Features, FeaturesError> {
        let mut r = Reader(bytes);
        let version = r.u8()?;
        if !(1..=FEATURES_VERSION).contains(&version) {
            return Err(FeaturesError::Version);
        }
        if r.u8()? != ENCODING_VERSION {
            return Err(FeaturesError::Version);
        }
        let kind = match r.u8()? {
            0 => RecordKind::Own,
            1 => RecordKind::Sought,
            _ => return Err(FeaturesError::Damaged),
        };
        let names = r.names()?;
        let nicknames = r.names()?;
        let father = r.names()?.into_iter().next();
        let mother = r.names()?.into_iter().next();
        let gender = gender_of(r.u8()?)?;
        let birth = r.years()?;
        let region = Some(r.str()?).filter(|s| !s.is_empty());
        let place = r.names()?;
        let relation = match r.str()? {
            "" => None,
            code => Some(Relation::from_code(code).ok_or(FeaturesError::Damaged)?),
        };
        let mut seeker = match r.u8()? {
            0 => None,
            1 => Some(Seeker {
                gender: gender_of(r.u8()?)?,
                birth: r.years()?,
                names: r.names()?,
                father: r.names()?.into_iter().next(),
                region: None,
                place: Vec::new(),
            }),
            _ => return Err(FeaturesError::Damaged),
        };
        let birth_day = match version {
            1 => None,
            _ => match (r.u8()?, r.u8()?) {
                (0, 0) => None,
                (m @ 1..=12, d @ 1..=31) => Some((m, d)),
                _ => return Err(FeaturesError::Damaged),
            },
        };
        if let Some(s) = seeker.as_mut().filter(|_| version >= 4) {
            s.region = Some(r.str()?).filter(|s| !s.is_empty()).map(str::to_string);
            s.place = r.names()?;
        }
        if !r.0.is_empty() {
            return Err(FeaturesError::Damaged);
        }
        Ok(Features {
            kind,
            names,
            nicknames,
            father,
            mother,
            gender,
            birth,
            birth_day,
            region: region.map(str::to_string),
            place,
            relation,
            seeker,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FeaturesError {
    #[error("features of another version")]
    Version,
    #[error("damaged features")]
    Damaged,
}

fn gender_byte(g: Option<Gender>) -> u8 {
    match g {
        None | Some(Gender::Unknown) => 0,
        Some(Gender::Male) => 1,
        Some(Gender::Female) => 2,
    }
}

fn gender_of(b: u8) -> Result<Option<Gender>, FeaturesError> {
    Ok(match b {
        0 => None,
        1 => Some(Gender::Male),
        2 => Some(Gender::Female),
        _ => return Err(FeaturesError::Damaged),
    })
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u32).to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn put_years(out: &mut Vec<u8>, years: Option<(i32, i32)>) {
    match years {
        None => out.push(0),
        Some((a, b)) => {
            out.push(1);
            out.extend_from_slice(&(a as i16).to_le_bytes());
            out.extend_from_slice(&(b as i16).to_le_bytes());
        }
    }
}

fn put_names(out: &mut Vec<u8>, names: &[EncodedName]) {
    put_u32(out, names.len());
    for n in names {
        let bytes = n.to_bytes();
        put_u32(out, bytes.len());
        out.extend_from_slice(&bytes);
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], FeaturesError> {
        if self.0.len() < n {
            return Err(FeaturesError::Damaged);
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, FeaturesError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<usize, FeaturesError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    fn str(&mut self) -> Result<&'a str, FeaturesError> {
        let n = self.u32()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| FeaturesError::Damaged)
    }

    fn years(&mut self) -> Result<Option<(i32, i32)>, FeaturesError> {
        Ok(match self.u8()? {
            0 => None,
            1 => {
                let b = self.take(4)?;
                Some((
                    i32::from(i16::from_le_bytes([b[0], b[1]])),
                    i32::from(i16::from_le_bytes([b[2], b[3]])),
                ))
            }
            _ => return Err(FeaturesError::Damaged),
        })
    }

    fn names(&mut self) -> Result<Vec<EncodedName>, FeaturesError> {
        let n = self.u32()?;
        if n > 64 {
            return Err(FeaturesError::Damaged);
        }
        (0..n)
            .map(|_| {
                let len = self.u32()?;
                EncodedName::from_bytes(self.take(len)?).map_err(|_| FeaturesError::Damaged)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{PersonInput, SoughtInput};

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
    }

    #[test]
    fn features_round_trip_through_bytes() {
        let enc = NameEncoder::new(&[9; 32], crate::names::DEFAULT_K);
        let seeker: PersonInput = serde_json::from_value(serde_json::json!({
            "names": ["Mihray Abdurehim"], "gender": "female", "birth": {"year": 1990},
            "birthplace": {"text": "Ghulja"}
        }))
        .unwrap();
        let seeker = seeker.validate_at(today()).unwrap();
        let sought: SoughtInput = serde_json::from_value(serde_json::json!({
            "relation": "father",
            "names": ["ئابدۇرېھىم تۇرسۇن", "阿不都热依木·吐尔逊"],
            "nicknames": ["Abdu"],
            "father_name": "Tursun",
            "gender": "male",
            "birth": {"year": 1961},
            "birthplace": {"text": "Ghulja", "region": "654002"}
        }))
        .unwrap();
        let sought = sought.validate_at(today()).unwrap();
        let f = Features::sought(&enc, &sought, Some(&seeker));
        assert_eq!(f.names.len(), 2);
        assert_eq!(f.relation, Some(Relation::Father));
        let seeker = f.seeker.as_ref().unwrap();
        assert_eq!(seeker.gender, Some(Gender::Female));
        assert_eq!(seeker.birth, Some((1990, 1990)));
        assert_eq!(seeker.names.len(), 1);
        assert_eq!(seeker.region.as_deref(), Some("654000"));
        assert!(!seeker.place.is_empty());
        // The place as typed, and the region's names in its scripts.
        assert!(f.place.len() >= 4, "{}", f.place.len());
        assert!(region_names("654002").contains(&"Ghulja".to_string()));
        assert!(region_names("654002").contains(&"伊宁".to_string()));
        assert_eq!(f.region.as_deref(), Some("654002"));
        let bytes = f.to_bytes();
        assert_eq!(Features::from_bytes(&bytes).unwrap(), f);
        // Another version, or a cut blob, is refused (and rebuilt by the caller).
        let mut other = bytes.clone();
        other[0] = FEATURES_VERSION + 1;
        assert_eq!(Features::from_bytes(&other), Err(FeaturesError::Version));
        assert!(Features::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        // Version 3 had no seeker's birthplace, version 1 no birth day either: both still
        // read, without them (the older forms are prefixes of the newer).
        let mut unplaced = f.clone();
        unplaced.seeker.as_mut().unwrap().region = None;
        unplaced.seeker.as_mut().unwrap().place.clear();
        let bytes_unplaced = unplaced.to_bytes();
        let mut v3 = bytes_unplaced[..bytes_unplaced.len() - 8].to_vec();
        v3[0] = 3;
        assert_eq!(Features::from_bytes(&v3).unwrap(), unplaced);
        let mut v1 = v3[..v3.len() - 2].to_vec();
        v1[0] = 1;
        let old = Features::from_bytes(&v1).unwrap();
        assert_eq!((old.birth, old.birth_day), (f.birth, None));
        // No name is in the bytes in the clear.
        assert!(!bytes.windows(5).any(|w| w == b"Ghulj" || w == b"Tursu"));
    }

    #[test]
    fn a_typed_birthplace_gives_the_region_it_names() {
        let enc = NameEncoder::new(&[9; 32], crate::names::DEFAULT_K);
        let region = |birthplace: serde_json::Value| {
            let p: PersonInput = serde_json::from_value(serde_json::json!({
                "names": ["Ayshem Qadir"], "birthplace": birthplace
            }))
            .unwrap();
            Features::own(&enc, &p.validate_at(today()).unwrap()).region
        };
        assert_eq!(
            region(serde_json::json!({"text": "گۇما ناھىيىسى"})).as_deref(),
            Some("653223")
        );
        // A county typed in the prefecture chosen is the county; a county chosen stays.
        assert_eq!(
            region(serde_json::json!({"text": "Guma", "region": "653200"})).as_deref(),
            Some("653223")
        );
        assert_eq!(
            region(serde_json::json!({"text": "Guma", "region": "653222"})).as_deref(),
            Some("653222")
        );
        assert_eq!(region(serde_json::json!({"text": "Almaty"})), None);
    }
}
