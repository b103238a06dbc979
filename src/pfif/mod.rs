//! PFIF 1.4, the People Finder Interchange Format (http://zesty.ca/pfif/1.4): the document
//! model, a writer, and a parser that refuses what the specification's RELAX NG schema refuses
//! (`docs/pfif/pfif-1.4.rnc`). Pure: bytes in, records out, no I/O, so a fuzz target can reach
//! [`parse`] directly. [`mapping`] turns records into kinlink's validated values and back;
//! [`service`] holds the export and import of an organization's assisted registrations.
//!
//! The parser is built for hostile files: a size cap before anything is read, no DTD at all
//! (so no entity expansion, "billion laughs", or external entity), a node cap, and a walk that
//! only descends the three levels PFIF has.

pub mod mapping;
pub mod service;

use std::collections::BTreeMap;
use std::fmt;

/// The PFIF 1.4 XML namespace.
pub const NAMESPACE: &str = "http://zesty.ca/pfif/1.4";
/// Largest document accepted, in bytes (about 5,000 full records).
pub const MAX_BYTES: usize = 16 * 1024 * 1024;
/// Most XML nodes (elements, text, comments) accepted; a record is well under 100.
pub const MAX_NODES: u32 = 1_000_000;
/// Most person records in one document.
pub const MAX_PERSONS: usize = 10_000;

/// What a field's text must look like (the schema's named patterns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `.+/.+`: a domain, a slash, a local id.
    RecordId,
    /// UTC `YYYY-MM-DDThh:mm:ss(.s+)?Z`, a real date and time.
    Time,
    /// `.+@.+`
    Email,
    /// `[-+()\d ]+`
    Phone,
    Text,
    /// `female`, `male`, `other`.
    Sex,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    ApproxDate,
    /// `N` or `N-M`.
    ApproxAge,
    /// Two capital letters.
    CountryCode,
    /// `true` or `false`.
    Boolean,
    /// One of [`STATUSES`].
    Status,
}

/// The values of a note's `status`.
pub const STATUSES: [&str; 5] = [
    "information_sought",
    "is_note_author",
    "believed_alive",
    "believed_missing",
    "believed_dead",
];

/// The fields of a person record, in the order the writer puts them, with whether required.
const PERSON_FIELDS: &[(&str, Kind, bool)] = &[
    ("person_record_id", Kind::RecordId, true),
    ("entry_date", Kind::Time, false),
    ("expiry_date", Kind::Time, false),
    ("author_name", Kind::Text, false),
    ("author_email", Kind::Email, false),
    ("author_phone", Kind::Phone, false),
    ("source_name", Kind::Text, false),
    ("source_date", Kind::Time, true),
    ("source_url", Kind::Text, false),
    ("full_name", Kind::Text, true),
    ("given_name", Kind::Text, false),
    ("family_name", Kind::Text, false),
    ("alternate_names", Kind::Text, false),
    ("description", Kind::Text, false),
    ("sex", Kind::Sex, false),
    ("date_of_birth", Kind::ApproxDate, false),
    ("age", Kind::ApproxAge, false),
    ("home_street", Kind::Text, false),
    ("home_neighborhood", Kind::Text, false),
    ("home_city", Kind::Text, false),
    ("home_state", Kind::Text, false),
    ("home_postal_code", Kind::Text, false),
    ("home_country", Kind::CountryCode, false),
    ("photo_url", Kind::Text, false),
    ("profile_urls", Kind::Text, false),
];

/// The fields of a note record.
const NOTE_FIELDS: &[(&str, Kind, bool)] = &[
    ("note_record_id", Kind::RecordId, true),
    ("person_record_id", Kind::RecordId, false),
    ("linked_person_record_id", Kind::RecordId, false),
    ("entry_date", Kind::Time, false),
    ("author_name", Kind::Text, true),
    ("author_email", Kind::Email, false),
    ("author_phone", Kind::Phone, false),
    ("source_date", Kind::Time, true),
    ("author_made_contact", Kind::Boolean, false),
    ("status", Kind::Status, false),
    ("email_of_found_person", Kind::Email, false),
    ("phone_of_found_person", Kind::Phone, false),
    ("last_known_location", Kind::Text, false),
    ("text", Kind::Text, true),
    ("photo_url", Kind::Text, false),
];

/// A note record: its fields by name (only names of [`NOTE_FIELDS`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Note {
    fields: BTreeMap<&'static str, String>,
}

/// A person record and the notes nested in it (or given beside it with its id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    fields: BTreeMap<&'static str, String>,
    pub notes: Vec<Note>,
}

/// A PFIF document: person records, and notes given outside any person whose person is not
/// in the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub persons: Vec<Person>,
    pub orphan_notes: Vec<Note>,
}

fn known(table: &[(&'static str, Kind, bool)], name: &str) -> Option<(&'static str, Kind)> {
    table
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(n, k, _)| (*n, *k))
}

macro_rules! record_accessors {
    ($t:ty, $table:expr) => {
        impl $t {
            /// A field's text, if present.
            pub fn get(&self, name: &str) -> Option<&str> {
                self.fields.get(name).map(String::as_str)
            }

            /// Set a field (`None` or an empty value removes it). Panics on a name PFIF does
            /// not have: callers name fields in code, never from input.
            pub fn set(&mut self, name: &str, value: Option<impl Into<String>>) {
                let (name, _) =
                    known($table, name).unwrap_or_else(|| panic!("no PFIF field {name}"));
                match value.map(Into::into).filter(|v: &String| !v.is_empty()) {
                    Some(v) => {
                        self.fields.insert(name, v);
                    }
                    None => {
                        self.fields.remove(name);
                    }
                }
            }
        }
    };
}

record_accessors!(Person, PERSON_FIELDS);
record_accessors!(Note, NOTE_FIELDS);

/// Why a document was refused: where, and what is wrong, in plain words. Never repeats a
/// field's value (it may be personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
}

impl ParseError {
    fn new(message: impl Into<String>) -> Self {
        ParseError {
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parse a PFIF 1.4 document. Refuses anything the specification's schema refuses (unknown or
/// repeated elements, missing required ones, attributes, values that break a field's pattern),
/// any DTD, documents over [`MAX_BYTES`] or [`MAX_NODES`], and other namespaces.
pub fn parse(bytes: &[u8]) -> Result<Document, ParseError> {
    if bytes.len() > MAX_BYTES {
        return Err(ParseError::new(format!(
            "the file is larger than {} MiB; split it",
            MAX_BYTES / (1024 * 1024)
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ParseError::new(format!("the file is not UTF-8 (byte {})", e.valid_up_to()))
    })?;
    let options = roxmltree::ParsingOptions {
        // A DTD is how entity bombs and external entities arrive; PFIF needs none.
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..Default::default()
    };
    let tree = roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => ParseError::new(
            "the file has a document type declaration (DTD); PFIF needs none, and entities are \
             not accepted",
        ),
        roxmltree::Error::NodesLimitReached => {
            ParseError::new("the file has too many XML nodes; split it")
        }
        other => ParseError::new(format!("the file is not well-formed XML: {other}")),
    })?;
    let root = tree.root_element();
    expect_pfif(root, "pfif", "the document")?;
    no_attributes(root, "the pfif element")?;
    let mut doc = Document::default();
    let mut top_notes = Vec::new();
    for child in content_elements(root, "the pfif element")? {
        match child.tag_name().name() {
            "person" if in_pfif(child) => {
                if doc.persons.len() >= MAX_PERSONS {
                    return Err(ParseError::new(format!(
                        "more than {MAX_PERSONS} person records; split the file"
                    )));
                }
                let at = format!("person record {}", doc.persons.len() + 1);
                doc.persons.push(parse_person(child, &at)?);
            }
            "note" if in_pfif(child) => {
                let at = format!("note {} outside a person", top_notes.len() + 1);
                let note = parse_note(child, &at)?;
                if note.get("person_record_id").is_none() {
                    return Err(ParseError::new(format!(
                        "{at}: a note outside a person must give person_record_id"
                    )));
                }
                top_notes.push(note);
            }
            _ => return Err(unexpected(child, "the pfif element")),
        }
    }
    // A note given beside its person belongs to it.
    for note in top_notes {
        let id = note.get("person_record_id").unwrap_or_default().to_string();
        match doc
            .persons
            .iter_mut()
            .find(|p| p.get("person_record_id") == Some(id.as_str()))
        {
            Some(person) => person.notes.push(note),
            None => doc.orphan_notes.push(note),
        }
    }
    Ok(doc)
}

fn in_pfif(node: roxmltree::Node<'_, '_>) -> bool {
    node.tag_name().namespace() == Some(NAMESPACE)
}

fn expect_pfif(node: roxmltree::Node<'_, '_>, name: &str, what: &str) -> Result<(), ParseError> {
    if node.tag_name().name() != name {
        return Err(ParseError::new(format!(
            "{what} must be a PFIF {name} element"
        )));
    }
    match node.tag_name().namespace() {
        Some(NAMESPACE) => Ok(()),
        Some(other) if other.starts_with("http://zesty.ca/pfif/") => Err(ParseError::new(format!(
            "{what} is in the namespace of another PFIF version ({other}); only PFIF 1.4 \
             ({NAMESPACE}) is read"
        ))),
        _ => Err(ParseError::new(format!(
            "{what} is not in the PFIF 1.4 namespace ({NAMESPACE})"
        ))),
    }
}

fn no_attributes(node: roxmltree::Node<'_, '_>, what: &str) -> Result<(), ParseError> {
    match node.attributes().next() {
        None => Ok(()),
        Some(a) => Err(ParseError::new(format!(
            "{what} has an attribute ({}); PFIF elements have none",
            a.name()
        ))),
    }
}

fn unexpected(node: roxmltree::Node<'_, '_>, parent: &str) -> ParseError {
    let name = node.tag_name().name();
    if in_pfif(node) {
        ParseError::new(format!("{parent}: PFIF 1.4 has no element {name} here"))
    } else {
        ParseError::new(format!(
            "{parent}: element {name} is not in the PFIF 1.4 namespace"
        ))
    }
}

/// The child elements of a container; text between them may only be white space.
fn content_elements<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    what: &str,
) -> Result<Vec<roxmltree::Node<'a, 'i>>, ParseError> {
    let mut out = Vec::new();
    for child in node.children() {
        if child.is_element() {
            out.push(child);
        } else if child.is_text() && !child.text().unwrap_or_default().trim().is_empty() {
            return Err(ParseError::new(format!(
                "{what} holds text outside its fields"
            )));
        }
    }
    Ok(out)
}

/// A field element's text: text only, no child elements, no attributes.
fn field_text(node: roxmltree::Node<'_, '_>, what: &str) -> Result<String, ParseError> {
    no_attributes(node, what)?;
    let mut text = String::new();
    for child in node.children() {
        if child.is_element() {
            return Err(ParseError::new(format!(
                "{what} holds an element; a field holds text only"
            )));
        }
        if child.is_text() {
            text.push_str(child.text().unwrap_or_default());
        }
    }
    Ok(text)
}

fn parse_fields(
    node: roxmltree::Node<'_, '_>,
    table: &[(&'static str, Kind, bool)],
    at: &str,
    mut nested_note: impl FnMut(roxmltree::Node<'_, '_>) -> Result<(), ParseError>,
) -> Result<BTreeMap<&'static str, String>, ParseError> {
    no_attributes(node, at)?;
    let mut fields = BTreeMap::new();
    for child in content_elements(node, at)? {
        let name = child.tag_name().name();
        if !in_pfif(child) {
            return Err(unexpected(child, at));
        }
        let Some((name, kind)) = known(table, name) else {
            if name == "note" {
                nested_note(child)?;
                continue;
            }
            return Err(unexpected(child, at));
        };
        let what = format!("{at}, field {name}");
        let value = field_text(child, &what)?;
        check_kind(kind, &value).map_err(|rule| ParseError::new(format!("{what}: {rule}")))?;
        if fields.insert(name, value).is_some() {
            return Err(ParseError::new(format!("{what} is given twice")));
        }
    }
    for (name, _, required) in table {
        if *required && !fields.contains_key(name) {
            return Err(ParseError::new(format!(
                "{at}: the required field {name} is missing"
            )));
        }
    }
    Ok(fields)
}

fn parse_person(node: roxmltree::Node<'_, '_>, at: &str) -> Result<Person, ParseError> {
    let mut notes = Vec::new();
    let fields = parse_fields(node, PERSON_FIELDS, at, |n| {
        let note_at = format!("{at}, note {}", notes.len() + 1);
        notes.push(parse_note(n, &note_at)?);
        Ok(())
    })?;
    let id = fields.get("person_record_id").cloned().unwrap_or_default();
    for (i, note) in notes.iter().enumerate() {
        if let Some(pid) = note.get("person_record_id")
            && pid != id
        {
            return Err(ParseError::new(format!(
                "{at}, note {}: its person_record_id is not its person's",
                i + 1
            )));
        }
    }
    Ok(Person { fields, notes })
}

fn parse_note(node: roxmltree::Node<'_, '_>, at: &str) -> Result<Note, ParseError> {
    let fields = parse_fields(node, NOTE_FIELDS, at, |n| Err(unexpected(n, at)))?;
    Ok(Note { fields })
}

/// Whether a value fits its field's kind; the rule it breaks otherwise.
fn check_kind(kind: Kind, value: &str) -> Result<(), &'static str> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let ok = match kind {
        Kind::Text => true,
        // `.` does not match line ends in the schema's patterns.
        Kind::RecordId => {
            value
                .split_once('/')
                .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
                && !value.contains(['\n', '\r'])
        }
        Kind::Email => {
            value
                .rsplit_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
                && !value.contains(['\n', '\r'])
        }
        Kind::Phone => {
            !value.is_empty()
                && value
                    .chars()
                    .all(|c| c.is_ascii_digit() || "-+() ".contains(c))
        }
        Kind::Time => parse_time(value).is_some(),
        Kind::Sex => ["female", "male", "other"].contains(&value.trim()),
        Kind::ApproxDate => {
            let parts: Vec<&str> = value.split('-').collect();
            match parts.as_slice() {
                [y] => y.len() == 4 && digits(y),
                [y, m] => y.len() == 4 && digits(y) && m.len() == 2 && digits(m),
                [y, m, d] => {
                    y.len() == 4
                        && digits(y)
                        && m.len() == 2
                        && digits(m)
                        && d.len() == 2
                        && digits(d)
                }
                _ => false,
            }
        }
        Kind::ApproxAge => match value.split_once('-') {
            None => digits(value),
            Some((a, b)) => digits(a) && digits(b),
        },
        Kind::CountryCode => value.len() == 2 && value.bytes().all(|b| b.is_ascii_uppercase()),
        Kind::Boolean => ["true", "false"].contains(&value.trim()),
        Kind::Status => STATUSES.contains(&value.trim()),
    };
    if ok {
        return Ok(());
    }
    Err(match kind {
        Kind::RecordId => "must be a domain, a slash and an id (example.org/123)",
        Kind::Time => "must be a UTC time as YYYY-MM-DDThh:mm:ssZ",
        Kind::Email => "must be an email address",
        Kind::Phone => "must hold only digits, spaces and + - ( )",
        Kind::Sex => "must be one of female, male, other",
        Kind::ApproxDate => "must be YYYY, YYYY-MM or YYYY-MM-DD",
        Kind::ApproxAge => "must be a number of years or a range such as 40-45",
        Kind::CountryCode => "must be a two-letter ISO 3166-1 code in capitals",
        Kind::Boolean => "must be true or false",
        Kind::Status => {
            "must be one of information_sought, is_note_author, believed_alive, \
             believed_missing, believed_dead"
        }
        Kind::Text => unreachable!("any text is allowed"),
    })
}

/// A PFIF time (`YYYY-MM-DDThh:mm:ss(.s+)?Z`, surrounding white space allowed as in
/// xsd:dateTime), as a naive UTC time.
pub fn parse_time(value: &str) -> Option<chrono::NaiveDateTime> {
    let v = value.trim();
    let b = v.as_bytes();
    let shape = b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[b.len() - 1] == b'Z'
        && [0..4, 5..7, 8..10, 11..13, 14..16, 17..19]
            .into_iter()
            .all(|r| b[r].iter().all(u8::is_ascii_digit))
        && match &b[19..b.len() - 1] {
            [] => true,
            [b'.', rest @ ..] => !rest.is_empty() && rest.iter().all(u8::is_ascii_digit),
            _ => false,
        };
    if !shape {
        return None;
    }
    chrono::NaiveDateTime::parse_from_str(&v[..19], "%Y-%m-%dT%H:%M:%S").ok()
}

/// A time as PFIF writes it.
pub fn format_time(at: chrono::NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Write a document. Fields go in the specification's order; notes nested in their person.
pub fn write(doc: &Document) -> String {
    let mut out = String::with_capacity(1024 + doc.persons.len() * 2048);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<pfif:pfif xmlns:pfif=\"{NAMESPACE}\">\n"));
    for person in &doc.persons {
        out.push_str("  <pfif:person>\n");
        write_fields(&mut out, PERSON_FIELDS, &person.fields, "    ");
        for note in &person.notes {
            out.push_str("    <pfif:note>\n");
            write_fields(&mut out, NOTE_FIELDS, &note.fields, "      ");
            out.push_str("    </pfif:note>\n");
        }
        out.push_str("  </pfif:person>\n");
    }
    for note in &doc.orphan_notes {
        out.push_str("  <pfif:note>\n");
        write_fields(&mut out, NOTE_FIELDS, &note.fields, "    ");
        out.push_str("  </pfif:note>\n");
    }
    out.push_str("</pfif:pfif>\n");
    out
}

fn write_fields(
    out: &mut String,
    table: &[(&'static str, Kind, bool)],
    fields: &BTreeMap<&'static str, String>,
    indent: &str,
) {
    for (name, _, _) in table {
        if let Some(value) = fields.get(name) {
            out.push_str(&format!(
                "{indent}<pfif:{name}>{}</pfif:{name}>\n",
                escape(value)
            ));
        }
    }
}

/// Text escaped for XML content. Characters XML 1.0 cannot carry (validated values never hold
/// them) become U+FFFD rather than break the document; a carriage return is kept as a
/// reference, since parsers turn a literal one into a line feed.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal(extra: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<pfif:pfif xmlns:pfif=\"{NAMESPACE}\"><pfif:person>\
             <pfif:person_record_id>example.org/1</pfif:person_record_id>\
             <pfif:source_date>2026-01-02T03:04:05Z</pfif:source_date>\
             <pfif:full_name>Tursun &amp; Memet</pfif:full_name>{extra}\
             </pfif:person></pfif:pfif>"
        )
    }

    #[test]
    fn a_minimal_document_parses_and_writes_back_the_same() {
        let doc = parse(minimal("").as_bytes()).unwrap();
        assert_eq!(doc.persons.len(), 1);
        assert_eq!(doc.persons[0].get("full_name"), Some("Tursun & Memet"));
        let again = parse(write(&doc).as_bytes()).unwrap();
        assert_eq!(again, doc);
    }

    #[test]
    fn the_default_namespace_form_parses_too() {
        let text = format!(
            "<pfif xmlns=\"{NAMESPACE}\"><person><person_record_id>a/b</person_record_id>\
             <source_date>2026-01-02T03:04:05.25Z</source_date><full_name>X</full_name>\
             <note><note_record_id>a/n</note_record_id><author_name>Y</author_name>\
             <source_date>2026-01-02T03:04:05Z</source_date><text>t</text></note>\
             </person></pfif>"
        );
        let doc = parse(text.as_bytes()).unwrap();
        assert_eq!(doc.persons[0].notes.len(), 1);
    }

    #[test]
    fn what_the_schema_refuses_is_refused() {
        let cases = [
            ("<pfif:sex>m</pfif:sex>", "sex"),
            ("<pfif:age>forty</pfif:age>", "age"),
            (
                "<pfif:date_of_birth>1961-3</pfif:date_of_birth>",
                "date_of_birth",
            ),
            ("<pfif:home_country>cn</pfif:home_country>", "home_country"),
            (
                "<pfif:entry_date>2026-01-02 03:04:05</pfif:entry_date>",
                "entry_date",
            ),
            (
                "<pfif:entry_date>2026-02-30T03:04:05Z</pfif:entry_date>",
                "entry_date",
            ),
            ("<pfif:full_name>again</pfif:full_name>", "twice"),
            (
                "<pfif:favourite_colour>x</pfif:favourite_colour>",
                "no element",
            ),
            ("<other xmlns=\"urn:x\">x</other>", "namespace"),
            ("<pfif:description><b>x</b></pfif:description>", "text only"),
            ("loose text", "outside its fields"),
        ];
        for (extra, expected) in cases {
            let e = parse(minimal(extra).as_bytes()).unwrap_err();
            assert!(e.message.contains(expected), "{extra}: {e}");
        }
        let missing =
            minimal("").replace("<pfif:full_name>Tursun &amp; Memet</pfif:full_name>", "");
        let e = parse(missing.as_bytes()).unwrap_err();
        assert!(e.message.contains("required field full_name"), "{e}");
        let old = minimal("").replace("pfif/1.4", "pfif/1.2");
        let e = parse(old.as_bytes()).unwrap_err();
        assert!(e.message.contains("another PFIF version"), "{e}");
    }

    #[test]
    fn hostile_documents_are_refused_without_expanding_anything() {
        let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">\
            <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\
            <pfif:pfif xmlns:pfif=\"http://zesty.ca/pfif/1.4\">&lol2;</pfif:pfif>";
        assert!(
            parse(laughs.as_bytes())
                .unwrap_err()
                .message
                .contains("DTD")
        );
        let external = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \
            \"file:///etc/passwd\">]><pfif:pfif xmlns:pfif=\"http://zesty.ca/pfif/1.4\">&e;\
            </pfif:pfif>";
        assert!(
            parse(external.as_bytes())
                .unwrap_err()
                .message
                .contains("DTD")
        );
        let huge = vec![b' '; MAX_BYTES + 1];
        assert!(parse(&huge).unwrap_err().message.contains("larger"));
        let deep = format!(
            "<pfif:pfif xmlns:pfif=\"{NAMESPACE}\">{}{}</pfif:pfif>",
            "<a>".repeat(10_000),
            "</a>".repeat(10_000)
        );
        assert!(parse(deep.as_bytes()).is_err());
        assert!(parse(b"\xff\xfe<").unwrap_err().message.contains("UTF-8"));
    }

    #[test]
    fn notes_beside_their_person_are_attached_to_it() {
        let text = format!(
            "<pfif:pfif xmlns:pfif=\"{NAMESPACE}\"><pfif:note>\
             <pfif:note_record_id>a/n</pfif:note_record_id>\
             <pfif:person_record_id>a/1</pfif:person_record_id>\
             <pfif:author_name>Y</pfif:author_name>\
             <pfif:source_date>2026-01-02T03:04:05Z</pfif:source_date><pfif:text>t</pfif:text>\
             </pfif:note><pfif:person><pfif:person_record_id>a/1</pfif:person_record_id>\
             <pfif:source_date>2026-01-02T03:04:05Z</pfif:source_date>\
             <pfif:full_name>X</pfif:full_name></pfif:person></pfif:pfif>"
        );
        let doc = parse(text.as_bytes()).unwrap();
        assert_eq!(doc.persons[0].notes.len(), 1);
        assert!(doc.orphan_notes.is_empty());
    }

    #[test]
    fn escaping_keeps_every_character_that_matters() {
        let mut doc = Document::default();
        let mut p = Person::default();
        p.set("person_record_id", Some("a/1"));
        p.set("source_date", Some("2026-01-02T03:04:05Z"));
        p.set("full_name", Some("<ئابدۇكېرىم> & \"Ли\" 阿依"));
        p.set("description", Some("line one\nline two\r\nthree"));
        doc.persons.push(p);
        let again = parse(write(&doc).as_bytes()).unwrap();
        assert_eq!(again, doc);
    }
}
