//! What the other side may see: the contact card (after mutual consent), the pre-consent card
//! (before deciding), and the verification facts (the reviewing caseworker only).

use serde::{Deserialize, Serialize};

use super::text::{char_len, clean_line, clean_text};
use super::{DomainError, codes};

/// Most channels on a contact card.
pub const MAX_CHANNELS: usize = 7;
/// Most characters in one channel value.
pub const MAX_CHANNEL_VALUE_CHARS: usize = 300;
/// Most characters in the contact card's message.
pub const MAX_CONTACT_MESSAGE_CHARS: usize = 2000;
/// Most characters in the pre-consent card's message.
pub const MAX_PRECONSENT_MESSAGE_CHARS: usize = 500;
/// Fewest and most verification facts.
pub const MIN_FACTS: usize = 1;
pub const MAX_FACTS: usize = 3;
/// Most characters in a fact's question or answer.
pub const MAX_FACT_CHARS: usize = 300;

/// A narrative message of at most `max` characters (line breaks kept).
fn message(raw: &str, max: usize, field: &str) -> Result<String, DomainError> {
    let text = clean_text(raw);
    if char_len(&text) > max {
        let message = format!("message is longer than {max} characters");
        return Err(DomainError::new(codes::MESSAGE_TOO_LONG, field, message));
    }
    Ok(text)
}

code_enum! {
    /// How the other side can reach the registrant.
    pub enum ChannelKind {
        Email = "email",
        Phone = "phone",
        Signal = "signal",
        Telegram = "telegram",
        Whatsapp = "whatsapp",
        Postal = "postal",
        /// "Through my caseworker": the value, if any, says whom to ask.
        Caseworker = "caseworker",
    }
}

/// One validated channel.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Channel {
    kind: ChannelKind,
    value: String,
}

impl Channel {
    pub fn kind(&self) -> ChannelKind {
        self.kind
    }

    /// Empty only for [`ChannelKind::Caseworker`]. Multi-line only for postal addresses.
    pub fn value(&self) -> &str {
        &self.value
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelInput {
    #[schema(schema_with = ChannelKind::schema)]
    pub kind: String,
    #[serde(default)]
    #[schema(max_length = 300)]
    pub value: String,
}

/// Whether `value` looks like an email address: one `@` with text on both sides, no spaces.
/// Deliverability is not checked here: the address is only shown to the other side.
fn looks_like_email(value: &str) -> bool {
    match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !value.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

impl ChannelInput {
    pub fn validate(&self, field: &str) -> Result<Channel, DomainError> {
        let kind = ChannelKind::from_code(&self.kind).ok_or_else(|| {
            DomainError::new(
                codes::INVALID_CHANNEL,
                format!("{field}.kind"),
                format!("not one of the allowed values: {}", ChannelKind::allowed()),
            )
        })?;
        let value_field = format!("{field}.value");
        // A postal address is written on several lines; every other value is one line.
        let value = match kind {
            ChannelKind::Postal => clean_text(&self.value),
            _ => clean_line(&self.value),
        };
        if char_len(&value) > MAX_CHANNEL_VALUE_CHARS {
            let message = format!("value is longer than {MAX_CHANNEL_VALUE_CHARS} characters");
            return Err(DomainError::new(
                codes::VALUE_TOO_LONG,
                value_field,
                message,
            ));
        }
        if value.is_empty() && kind != ChannelKind::Caseworker {
            let message = "value is required for this channel";
            return Err(DomainError::new(
                codes::INVALID_CHANNEL_VALUE,
                value_field,
                message,
            ));
        }
        if kind == ChannelKind::Email && !looks_like_email(&value) {
            let message = "not an email address";
            return Err(DomainError::new(
                codes::INVALID_CHANNEL_VALUE,
                value_field,
                message,
            ));
        }
        Ok(Channel { kind, value })
    }
}

impl From<&Channel> for ChannelInput {
    fn from(channel: &Channel) -> Self {
        ChannelInput {
            kind: channel.kind.as_str().to_owned(),
            value: channel.value.clone(),
        }
    }
}

/// `{"channels": [{"kind": "signal", "value": "+90..."}], "message": "..."}`
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactCardInput {
    #[serde(default)]
    #[schema(max_items = 7)]
    pub channels: Vec<ChannelInput>,
    #[serde(default)]
    pub message: String,
}

/// What the other side receives after both consent. May hold no channel at all (the message
/// alone, or nothing yet); at most [`MAX_CHANNELS`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "ContactCardInput", into = "ContactCardInput")]
pub struct ContactCard {
    channels: Vec<Channel>,
    message: String,
}

impl ContactCardInput {
    pub fn validate(&self) -> Result<ContactCard, DomainError> {
        if self.channels.len() > MAX_CHANNELS {
            let message = format!("more than {MAX_CHANNELS} channels");
            return Err(DomainError::new(
                codes::TOO_MANY_CHANNELS,
                "channels",
                message,
            ));
        }
        let channels = self
            .channels
            .iter()
            .enumerate()
            .map(|(i, c)| c.validate(&format!("channels[{i}]")))
            .collect::<Result<_, _>>()?;
        let message = message(&self.message, MAX_CONTACT_MESSAGE_CHARS, "message")?;
        Ok(ContactCard { channels, message })
    }
}

impl TryFrom<ContactCardInput> for ContactCard {
    type Error = DomainError;

    fn try_from(input: ContactCardInput) -> Result<Self, DomainError> {
        input.validate()
    }
}

impl From<ContactCard> for ContactCardInput {
    fn from(card: ContactCard) -> Self {
        ContactCardInput {
            channels: card.channels.iter().map(ChannelInput::from).collect(),
            message: card.message,
        }
    }
}

impl ContactCard {
    pub fn channels(&self) -> &[Channel] {
        &self.channels
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

code_enum! {
    /// What the pre-consent card may reveal. The values themselves come from elsewhere: the
    /// relation from the sought person, the given name from "about me"
    /// ([`Person::given_name`](super::Person::given_name)), the country from the settings.
    pub enum ShowItem {
        Relation = "relation",
        GivenName = "given_name",
        Country = "country",
    }
}

/// The API document's schema of `show`: a list of [`ShowItem`] codes.
fn show_schema() -> utoipa::openapi::schema::Array {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(ShowItem::schema())
        .build()
}

fn default_show() -> Vec<String> {
    vec![ShowItem::Relation.as_str().to_owned()]
}

/// `{"show": ["relation", "given_name", "country"], "message": "..."}`; a missing `show`
/// means the default, relation only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreconsentInput {
    /// What the other side sees before consent; left out: `relation` only.
    #[serde(default = "default_show")]
    #[schema(schema_with = show_schema)]
    pub show: Vec<String>,
    #[serde(default)]
    pub message: String,
}

impl Default for PreconsentInput {
    fn default() -> Self {
        PreconsentInput {
            show: default_show(),
            message: String::new(),
        }
    }
}

/// What the other side sees before deciding. `show` is a set, kept in the order of
/// [`ShowItem::ALL`], so two cards with the same choices are equal.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PreconsentInput", into = "PreconsentInput")]
pub struct PreconsentCard {
    show: Vec<ShowItem>,
    message: String,
}

impl Default for PreconsentCard {
    /// Relation only, no message (product.md).
    fn default() -> Self {
        PreconsentCard {
            show: vec![ShowItem::Relation],
            message: String::new(),
        }
    }
}

impl PreconsentInput {
    pub fn validate(&self) -> Result<PreconsentCard, DomainError> {
        let mut show = Vec::with_capacity(self.show.len());
        for (i, code) in self.show.iter().enumerate() {
            let field = format!("show[{i}]");
            let item = ShowItem::from_code(code).ok_or_else(|| {
                DomainError::new(
                    codes::INVALID_SHOW,
                    &field,
                    format!("not one of the allowed values: {}", ShowItem::allowed()),
                )
            })?;
            if show.contains(&item) {
                return Err(DomainError::new(
                    codes::INVALID_SHOW,
                    field,
                    "item listed twice",
                ));
            }
            show.push(item);
        }
        show.sort_unstable();
        let message = message(&self.message, MAX_PRECONSENT_MESSAGE_CHARS, "message")?;
        Ok(PreconsentCard { show, message })
    }
}

impl TryFrom<PreconsentInput> for PreconsentCard {
    type Error = DomainError;

    fn try_from(input: PreconsentInput) -> Result<Self, DomainError> {
        input.validate()
    }
}

impl From<PreconsentCard> for PreconsentInput {
    fn from(card: PreconsentCard) -> Self {
        PreconsentInput {
            show: card.show.iter().map(|s| s.as_str().to_owned()).collect(),
            message: card.message,
        }
    }
}

impl PreconsentCard {
    pub fn shows(&self, item: ShowItem) -> bool {
        self.show.contains(&item)
    }

    pub fn show(&self) -> &[ShowItem] {
        &self.show
    }

    /// May be empty.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// One thing only the family would know, with its answer.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fact {
    question: String,
    answer: String,
}

impl Fact {
    pub fn question(&self) -> &str {
        &self.question
    }

    pub fn answer(&self) -> &str {
        &self.answer
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FactInput {
    #[serde(default)]
    pub question: String,
    #[serde(default)]
    pub answer: String,
}

/// A question or answer: narrative text, 1..=[`MAX_FACT_CHARS`] characters.
fn fact_text(raw: &str, field: String) -> Result<String, DomainError> {
    let text = clean_text(raw);
    if text.is_empty() {
        return Err(DomainError::new(
            codes::FACT_EMPTY,
            field,
            "must not be empty",
        ));
    }
    if char_len(&text) > MAX_FACT_CHARS {
        let message = format!("longer than {MAX_FACT_CHARS} characters");
        return Err(DomainError::new(codes::FACT_TOO_LONG, field, message));
    }
    Ok(text)
}

impl FactInput {
    pub fn validate(&self, field: &str) -> Result<Fact, DomainError> {
        let question = fact_text(&self.question, format!("{field}.question"))?;
        let answer = fact_text(&self.answer, format!("{field}.answer"))?;
        Ok(Fact { question, answer })
    }
}

/// `{"facts": [{"question": "...", "answer": "..."}]}`
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FactsInput {
    /// One to three (else 400 `facts_count`).
    #[serde(default)]
    #[schema(max_items = 3)]
    pub facts: Vec<FactInput>,
}

/// One to three verification facts. Only the reviewing caseworker sees them, to judge a
/// match; they never authenticate anyone (product.md).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "FactsInput", into = "FactsInput")]
pub struct VerificationFacts {
    facts: Vec<Fact>,
}

impl FactsInput {
    pub fn validate(&self) -> Result<VerificationFacts, DomainError> {
        if !(MIN_FACTS..=MAX_FACTS).contains(&self.facts.len()) {
            let message = format!("give {MIN_FACTS} to {MAX_FACTS} facts");
            return Err(DomainError::new(codes::FACTS_COUNT, "facts", message));
        }
        let facts = self
            .facts
            .iter()
            .enumerate()
            .map(|(i, f)| f.validate(&format!("facts[{i}]")))
            .collect::<Result<_, _>>()?;
        Ok(VerificationFacts { facts })
    }
}

impl TryFrom<FactsInput> for VerificationFacts {
    type Error = DomainError;

    fn try_from(input: FactsInput) -> Result<Self, DomainError> {
        input.validate()
    }
}

impl From<VerificationFacts> for FactsInput {
    fn from(v: VerificationFacts) -> Self {
        let facts = v
            .facts
            .into_iter()
            .map(|f| FactInput {
                question: f.question,
                answer: f.answer,
            })
            .collect();
        FactsInput { facts }
    }
}

impl VerificationFacts {
    pub fn facts(&self) -> &[Fact] {
        &self.facts
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::tests::{check_accepting, tricky_string};
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn contact(value: serde_json::Value) -> Result<ContactCard, DomainError> {
        serde_json::from_value::<ContactCardInput>(value)
            .unwrap()
            .validate()
    }

    fn preconsent(value: serde_json::Value) -> Result<PreconsentCard, DomainError> {
        serde_json::from_value::<PreconsentInput>(value)
            .unwrap()
            .validate()
    }

    fn facts(value: serde_json::Value) -> Result<VerificationFacts, DomainError> {
        serde_json::from_value::<FactsInput>(value)
            .unwrap()
            .validate()
    }

    fn err<T: std::fmt::Debug>(result: Result<T, DomainError>) -> (&'static str, String) {
        let e = result.unwrap_err();
        (e.code, e.field)
    }

    fn code_field(code: &'static str, field: &str) -> (&'static str, String) {
        (code, field.to_owned())
    }

    #[test]
    fn contact_card_accepts_every_kind() {
        let card = contact(json!({
            "channels": [
                {"kind": "email", "value": " ayse@example.org "},
                {"kind": "phone", "value": "+90 555 000 0000"},
                {"kind": "signal", "value": "ayse.01"},
                {"kind": "telegram", "value": "@ayse"},
                {"kind": "whatsapp", "value": "+90 555 000 0000"},
                {"kind": "postal", "value": "Street 1\r\nIstanbul"},
                {"kind": "caseworker", "value": ""}
            ],
            "message": "Please write.\nI am well."
        }))
        .unwrap();
        assert_eq!(card.channels().len(), 7);
        assert_eq!(card.channels()[0].value(), "ayse@example.org");
        assert_eq!(card.channels()[5].value(), "Street 1\nIstanbul");
        assert_eq!(card.channels()[6].kind(), ChannelKind::Caseworker);
        assert_eq!(card.message(), "Please write.\nI am well.");
        let back: ContactCard =
            serde_json::from_str(&serde_json::to_string(&card).unwrap()).unwrap();
        assert_eq!(back, card);
        assert_eq!(
            serde_json::to_value(&card).unwrap()["channels"][6],
            json!({
                "kind": "caseworker", "value": ""
            })
        );
    }

    #[test]
    fn contact_card_rules() {
        let one = |kind: &str, value: String| {
            contact(json!({"channels": [
                {"kind": "phone", "value": "1"},
                {"kind": kind, "value": value}
            ]}))
        };
        assert_eq!(
            err(one("pigeon", "x".into())),
            code_field(codes::INVALID_CHANNEL, "channels[1].kind")
        );
        assert_eq!(
            err(one("Email", "a@b".into())),
            code_field(codes::INVALID_CHANNEL, "channels[1].kind")
        );
        assert_eq!(
            err(one("phone", "1".repeat(301))),
            code_field(codes::VALUE_TOO_LONG, "channels[1].value")
        );
        assert!(one("phone", "1".repeat(300)).is_ok());
        assert_eq!(
            err(one("signal", " \u{200B} ".into())),
            code_field(codes::INVALID_CHANNEL_VALUE, "channels[1].value")
        );
        for bad in [
            "ayse",
            "@example.org",
            "ayse@",
            "ay se@example.org",
            "a@b@c",
        ] {
            assert_eq!(
                err(one("email", bad.into())),
                code_field(codes::INVALID_CHANNEL_VALUE, "channels[1].value"),
                "{bad}"
            );
        }
        let eight = vec![json!({"kind": "caseworker"}); 8];
        assert_eq!(
            err(contact(json!({"channels": eight}))),
            code_field(codes::TOO_MANY_CHANNELS, "channels")
        );
        assert_eq!(
            err(contact(json!({"message": "m".repeat(2001)}))),
            code_field(codes::MESSAGE_TOO_LONG, "message")
        );
        assert!(contact(json!({"message": "m".repeat(2000)})).is_ok());
        assert_eq!(contact(json!({})).unwrap(), ContactCard::default());
        let unknown = json!({"channels": [{"kind": "email", "value": "a@b", "note": "x"}]});
        assert!(serde_json::from_value::<ContactCardInput>(unknown).is_err());
    }

    #[test]
    fn preconsent_defaults_to_relation_only() {
        assert_eq!(preconsent(json!({})).unwrap(), PreconsentCard::default());
        assert!(PreconsentCard::default().shows(ShowItem::Relation));
        assert!(!PreconsentCard::default().shows(ShowItem::Country));
        assert_eq!(
            PreconsentInput::default().validate().unwrap(),
            PreconsentCard::default()
        );
        assert!(preconsent(json!({"show": []})).unwrap().show().is_empty());
    }

    #[test]
    fn preconsent_rules() {
        let card =
            preconsent(json!({"show": ["country", "relation", "given_name"], "message": "Hi"}))
                .unwrap();
        assert_eq!(card.show(), ShowItem::ALL);
        assert_eq!(card.message(), "Hi");
        assert_eq!(
            serde_json::to_value(&card).unwrap(),
            json!({"show": ["relation", "given_name", "country"], "message": "Hi"})
        );
        assert_eq!(
            err(preconsent(json!({"show": ["relation", "photo"]}))),
            code_field(codes::INVALID_SHOW, "show[1]")
        );
        assert_eq!(
            err(preconsent(json!({"show": ["country", "country"]}))),
            code_field(codes::INVALID_SHOW, "show[1]")
        );
        assert_eq!(
            err(preconsent(json!({"message": "m".repeat(501)}))),
            code_field(codes::MESSAGE_TOO_LONG, "message")
        );
        assert!(preconsent(json!({"message": "m".repeat(500)})).is_ok());
    }

    #[test]
    fn facts_rules() {
        let fact = json!({"question": "Name of our dog?", "answer": "Boz"});
        let v = facts(json!({"facts": [fact]})).unwrap();
        assert_eq!(v.facts()[0].question(), "Name of our dog?");
        assert_eq!(v.facts()[0].answer(), "Boz");
        assert!(facts(json!({"facts": [fact, fact, fact]})).is_ok());
        assert_eq!(
            err(facts(json!({"facts": []}))),
            code_field(codes::FACTS_COUNT, "facts")
        );
        assert_eq!(
            err(facts(json!({}))),
            code_field(codes::FACTS_COUNT, "facts")
        );
        assert_eq!(
            err(facts(json!({"facts": [fact, fact, fact, fact]}))),
            code_field(codes::FACTS_COUNT, "facts")
        );
        assert_eq!(
            err(facts(
                json!({"facts": [fact, {"question": "Q", "answer": " \u{200B}"}]})
            )),
            code_field(codes::FACT_EMPTY, "facts[1].answer")
        );
        assert_eq!(
            err(facts(json!({"facts": [{"answer": "A"}]}))),
            code_field(codes::FACT_EMPTY, "facts[0].question")
        );
        assert_eq!(
            err(facts(
                json!({"facts": [{"question": "q".repeat(301), "answer": "A"}]})
            )),
            code_field(codes::FACT_TOO_LONG, "facts[0].question")
        );
        assert_eq!(
            err(facts(
                json!({"facts": [{"question": "Q", "answer": "a".repeat(301)}]})
            )),
            code_field(codes::FACT_TOO_LONG, "facts[0].answer")
        );
        assert!(facts(json!({"facts": [{"question": "q".repeat(300), "answer": "a"}]})).is_ok());
        assert!(serde_json::from_value::<VerificationFacts>(json!({"facts": []})).is_err());
    }

    fn channel_input() -> impl Strategy<Value = ChannelInput> {
        (
            prop::sample::select(ChannelKind::ALL.to_vec()),
            tricky_string(40),
        )
            .prop_map(|(kind, value)| {
                let value = if kind == ChannelKind::Email {
                    format!("a{value}@b")
                } else {
                    value
                };
                ChannelInput {
                    kind: kind.as_str().to_owned(),
                    value,
                }
            })
    }

    #[test]
    fn contact_card_round_trips() {
        let inputs = (
            prop::collection::vec(channel_input(), 0..8),
            tricky_string(100),
        );
        check_accepting(inputs, 40, |(channels, message)| {
            let Ok(card) = (ContactCardInput { channels, message }).validate() else {
                return Ok(false);
            };
            let back: ContactCard =
                serde_json::from_str(&serde_json::to_string(&card).unwrap()).unwrap();
            prop_assert_eq!(back, card);
            Ok(true)
        });
    }

    #[test]
    fn facts_round_trip() {
        let pairs = prop::collection::vec((tricky_string(50), tricky_string(50)), 1..=3);
        check_accepting(pairs, 40, |pairs| {
            let facts = pairs
                .into_iter()
                .map(|(question, answer)| FactInput { question, answer })
                .collect();
            let Ok(v) = (FactsInput { facts }).validate() else {
                return Ok(false);
            };
            let back: VerificationFacts =
                serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
            prop_assert_eq!(back, v);
            Ok(true)
        });
    }

    proptest! {
        #[test]
        fn preconsent_round_trips(
            show in prop::sample::subsequence(vec!["relation", "given_name", "country"], 0..=3),
            message in tricky_string(100),
        ) {
            let show = show.into_iter().map(String::from).collect();
            let card = (PreconsentInput { show, message }).validate().unwrap();
            let back: PreconsentCard =
                serde_json::from_str(&serde_json::to_string(&card).unwrap()).unwrap();
            prop_assert_eq!(back, card);
        }
    }
}
