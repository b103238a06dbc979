//! Privacy settings, plus the two "about me" facts that describe the registrant rather than a
//! person to match: coarse country of residence and spoken languages.
//!
//! product.md also lists the notification email, the interface language and the duress
//! passphrase under privacy settings; those belong to the account (secrets and delivery), not
//! to the sealed registration, and are not here.

use serde::{Deserialize, Serialize};

use super::text::{char_len, clean_line};
use super::{DomainError, codes};

/// Retention bounds and default, in months (product.md, "Lifecycle").
pub const MIN_RETENTION_MONTHS: u8 = 6;
pub const MAX_RETENTION_MONTHS: u8 = 60;
pub const DEFAULT_RETENTION_MONTHS: u8 = 24;
/// The retention periods a registrant may choose, in months: the page offers exactly these
/// and the API accepts exactly these, so both say the same thing.
pub const RETENTION_CHOICES: [u8; 6] = [6, 12, 24, 36, 48, 60];
/// Most characters in the country of residence.
pub const MAX_COUNTRY_CHARS: usize = 100;
/// Most spoken languages listed.
pub const MAX_LANGUAGES: usize = 5;
/// Longest language tag: room for language, script and region (`ug-Arab-CN`) and a variant.
pub const MAX_LANGUAGE_TAG_CHARS: usize = 20;

/// A short BCP 47 language tag such as `ug`, `kk-Cyrl` or `ug-Arab-CN`, in canonical case.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LanguageTag(String);

impl LanguageTag {
    /// Checks the shape (a 2–3 letter language, then subtags of 1–8 letters or digits) and
    /// puts it in the case RFC 5646 recommends (`uG-arab-cn` becomes `ug-Arab-CN`), so equal
    /// tags compare equal. Whether the language exists is not checked.
    pub fn parse(raw: &str, field: &str) -> Result<Self, DomainError> {
        let invalid = || DomainError::new(codes::INVALID_LANGUAGE, field, "not a language tag");
        let raw = raw.trim();
        if raw.len() > MAX_LANGUAGE_TAG_CHARS {
            return Err(invalid());
        }
        let mut parts = raw.split('-');
        let language = parts.next().unwrap_or_default();
        if !(2..=3).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_alphabetic())
        {
            return Err(invalid());
        }
        let mut tag = language.to_ascii_lowercase();
        // After a singleton (`x-...` private use, extensions) subtags keep lowercase.
        let mut after_singleton = false;
        for part in parts {
            if part.is_empty() || part.len() > 8 || !part.bytes().all(|b| b.is_ascii_alphanumeric())
            {
                return Err(invalid());
            }
            let alpha = part.bytes().all(|b| b.is_ascii_alphabetic());
            let cased = match (after_singleton, part.len(), alpha) {
                (false, 4, true) => {
                    let (first, rest) = part.split_at(1);
                    first.to_ascii_uppercase() + &rest.to_ascii_lowercase()
                }
                (false, 2, true) => part.to_ascii_uppercase(),
                _ => part.to_ascii_lowercase(),
            };
            after_singleton |= part.len() == 1;
            tag.push('-');
            tag.push_str(&cased);
        }
        Ok(LanguageTag(tag))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LanguageTag {
    type Error = DomainError;

    fn try_from(raw: String) -> Result<Self, DomainError> {
        LanguageTag::parse(&raw, "language")
    }
}

impl From<LanguageTag> for String {
    fn from(tag: LanguageTag) -> String {
        tag.0
    }
}

/// The API document's schema of `retention_months`: one of [`RETENTION_CHOICES`].
fn retention_schema() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Integer)
        .enum_values(Some(RETENTION_CHOICES.map(i64::from)))
        .default(Some(default_retention().into()))
        .build()
}

fn default_retention() -> i64 {
    DEFAULT_RETENTION_MONTHS.into()
}

/// `{"matching_paused": false, "retention_months": 24, "country": "Türkiye",
/// "languages": ["ug", "tr"]}`; every field optional, defaults as in [`PrivacySettings`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsInput {
    #[serde(default)]
    pub matching_paused: bool,
    /// Months kept after the last sign-in or renewal (else 400 `invalid_retention`).
    #[serde(default = "default_retention")]
    #[schema(schema_with = retention_schema)]
    pub retention_months: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 100)]
    pub country: Option<String>,
    /// Language tags such as `ug` or `tr` (at most 5, each at most 20 characters).
    #[serde(default)]
    #[schema(max_items = 5)]
    pub languages: Vec<String>,
}

impl Default for SettingsInput {
    fn default() -> Self {
        SettingsInput {
            matching_paused: false,
            retention_months: default_retention(),
            country: None,
            languages: Vec::new(),
        }
    }
}

/// Validated privacy settings. Default: matching on, 24 months, no country, no languages.
///
/// `country` is the registrant's coarse country of residence (an "about me" fact, kept here
/// because only the pre-consent card's `country` choice ever reveals it); `languages` are the
/// languages they speak, for caseworkers mediating contact.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "SettingsInput", into = "SettingsInput")]
pub struct PrivacySettings {
    matching_paused: bool,
    retention_months: u8,
    country: Option<String>,
    languages: Vec<LanguageTag>,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        PrivacySettings {
            matching_paused: false,
            retention_months: DEFAULT_RETENTION_MONTHS,
            country: None,
            languages: Vec::new(),
        }
    }
}

impl SettingsInput {
    /// Validates new input: the retention must be one of [`RETENTION_CHOICES`].
    pub fn validate(&self) -> Result<PrivacySettings, DomainError> {
        let settings = self.validate_stored()?;
        if !RETENTION_CHOICES.contains(&settings.retention_months) {
            let allowed: Vec<String> = RETENTION_CHOICES.iter().map(u8::to_string).collect();
            let message = format!(
                "retention is not one of the allowed values: {} months",
                allowed.join(", ")
            );
            return Err(DomainError::new(
                codes::INVALID_RETENTION,
                "retention_months",
                message,
            ));
        }
        Ok(settings)
    }

    /// The rules stored settings must still meet when opened (any period in the bounds, as
    /// the API once accepted).
    fn validate_stored(&self) -> Result<PrivacySettings, DomainError> {
        let retention_months = u8::try_from(self.retention_months)
            .ok()
            .filter(|m| (MIN_RETENTION_MONTHS..=MAX_RETENTION_MONTHS).contains(m))
            .ok_or_else(|| {
                let message = format!(
                    "retention must be {MIN_RETENTION_MONTHS} to {MAX_RETENTION_MONTHS} months"
                );
                DomainError::new(codes::INVALID_RETENTION, "retention_months", message)
            })?;
        let country = self
            .country
            .as_deref()
            .map(clean_line)
            .filter(|c| !c.is_empty());
        if country
            .as_deref()
            .is_some_and(|c| char_len(c) > MAX_COUNTRY_CHARS)
        {
            let message = format!("country is longer than {MAX_COUNTRY_CHARS} characters");
            return Err(DomainError::new(
                codes::COUNTRY_TOO_LONG,
                "country",
                message,
            ));
        }
        if self.languages.len() > MAX_LANGUAGES {
            let message = format!("more than {MAX_LANGUAGES} languages");
            return Err(DomainError::new(
                codes::TOO_MANY_LANGUAGES,
                "languages",
                message,
            ));
        }
        let mut languages: Vec<LanguageTag> = Vec::with_capacity(self.languages.len());
        for (i, raw) in self.languages.iter().enumerate() {
            let field = format!("languages[{i}]");
            let tag = LanguageTag::parse(raw, &field)?;
            if languages.contains(&tag) {
                let message = "language listed twice";
                return Err(DomainError::new(codes::INVALID_LANGUAGE, field, message));
            }
            languages.push(tag);
        }
        Ok(PrivacySettings {
            matching_paused: self.matching_paused,
            retention_months,
            country,
            languages,
        })
    }
}

impl TryFrom<SettingsInput> for PrivacySettings {
    type Error = DomainError;

    fn try_from(input: SettingsInput) -> Result<Self, DomainError> {
        input.validate_stored()
    }
}

impl From<PrivacySettings> for SettingsInput {
    fn from(s: PrivacySettings) -> Self {
        SettingsInput {
            matching_paused: s.matching_paused,
            retention_months: s.retention_months.into(),
            country: s.country,
            languages: s.languages.into_iter().map(String::from).collect(),
        }
    }
}

impl PrivacySettings {
    /// While paused the registration is kept but takes no part in matching.
    pub fn matching_paused(&self) -> bool {
        self.matching_paused
    }

    /// Pausing or resuming cannot break any rule, so it needs no revalidation.
    pub fn set_matching_paused(&mut self, paused: bool) {
        self.matching_paused = paused;
    }

    /// Months kept after the last sign-in or renewal, 6..=60.
    pub fn retention_months(&self) -> u8 {
        self.retention_months
    }

    /// Shown to the other side only if the pre-consent card includes `country`.
    pub fn country(&self) -> Option<&str> {
        self.country.as_deref()
    }

    pub fn languages(&self) -> &[LanguageTag] {
        &self.languages
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::tests::{check_accepting, tricky_string};
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn settings(value: serde_json::Value) -> Result<PrivacySettings, DomainError> {
        serde_json::from_value::<SettingsInput>(value)
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
    fn defaults() {
        let s = settings(json!({})).unwrap();
        assert_eq!(s, PrivacySettings::default());
        assert!(!s.matching_paused());
        assert_eq!(s.retention_months(), 24);
        assert_eq!(s.country(), None);
        assert!(s.languages().is_empty());
        assert_eq!(SettingsInput::default().validate().unwrap(), s);
    }

    #[test]
    fn full_settings_round_trip() {
        let s = settings(json!({
            "matching_paused": true,
            "retention_months": 60,
            "country": "  Türkiye\u{200F} ",
            "languages": ["ug", "UG-arab-cn", "kk-Cyrl", "en-x-ab"]
        }))
        .unwrap();
        assert!(s.matching_paused());
        assert_eq!(s.country(), Some("Türkiye"));
        let tags: Vec<_> = s.languages().iter().map(LanguageTag::as_str).collect();
        assert_eq!(tags, ["ug", "ug-Arab-CN", "kk-Cyrl", "en-x-ab"]);
        let value = serde_json::to_value(&s).unwrap();
        assert_eq!(
            value,
            json!({
                "matching_paused": true,
                "retention_months": 60,
                "country": "Türkiye",
                "languages": ["ug", "ug-Arab-CN", "kk-Cyrl", "en-x-ab"]
            })
        );
        assert_eq!(serde_json::from_value::<PrivacySettings>(value).unwrap(), s);
    }

    #[test]
    fn retention_is_one_of_the_offered_periods() {
        for months in RETENTION_CHOICES {
            let s = settings(json!({"retention_months": months})).unwrap();
            assert_eq!(s.retention_months(), months);
        }
        let e = settings(json!({"retention_months": 7})).unwrap_err();
        assert!(e.message.contains("6, 12, 24, 36, 48, 60"), "{}", e.message);
        // Stored before the list: still opens.
        let stored: PrivacySettings =
            serde_json::from_value(json!({"retention_months": 7})).unwrap();
        assert_eq!(stored.retention_months(), 7);
    }

    #[test]
    fn retention_bounds() {
        assert_eq!(
            settings(json!({"retention_months": 6}))
                .unwrap()
                .retention_months(),
            6
        );
        for bad in [5, 61, 0, -24, 256 + 24, 7, 13, 59] {
            assert_eq!(
                err(settings(json!({"retention_months": bad}))),
                code_field(codes::INVALID_RETENTION, "retention_months"),
                "{bad}"
            );
        }
    }

    #[test]
    fn country_and_languages_rules() {
        assert_eq!(
            err(settings(json!({"country": "x".repeat(101)}))),
            code_field(codes::COUNTRY_TOO_LONG, "country")
        );
        assert!(settings(json!({"country": "ü".repeat(100)})).is_ok());
        assert_eq!(settings(json!({"country": " "})).unwrap().country(), None);
        assert_eq!(
            err(settings(
                json!({"languages": ["ug", "tr", "en", "ru", "kk", "zh"]})
            )),
            code_field(codes::TOO_MANY_LANGUAGES, "languages")
        );
        for bad in [
            "",
            "u",
            "uygh",
            "ug_CN",
            "ug-",
            "ug--CN",
            "ئۇيغۇر",
            "ug-abcdefghi",
            "1g",
        ] {
            assert_eq!(
                err(settings(json!({"languages": ["tr", bad]}))),
                code_field(codes::INVALID_LANGUAGE, "languages[1]"),
                "{bad:?}"
            );
        }
        assert_eq!(
            err(settings(json!({"languages": ["ug", "UG"]}))),
            code_field(codes::INVALID_LANGUAGE, "languages[1]")
        );
        assert!(serde_json::from_value::<SettingsInput>(json!({"email": "a@b"})).is_err());
    }

    #[test]
    fn pausing_keeps_everything_else() {
        let mut s = settings(json!({"retention_months": 12})).unwrap();
        s.set_matching_paused(true);
        assert!(s.matching_paused());
        assert_eq!(s.retention_months(), 12);
    }

    #[test]
    fn settings_round_trip() {
        let inputs = (
            any::<bool>(),
            prop_oneof![
                prop::sample::select(RETENTION_CHOICES.to_vec()).prop_map(i64::from),
                0i64..70
            ],
            prop::option::of(tricky_string(120)),
            prop::collection::vec("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8}){0,2}", 0..6),
        );
        check_accepting(inputs, 20, |(paused, months, country, languages)| {
            let input = SettingsInput {
                matching_paused: paused,
                retention_months: months,
                country,
                languages,
            };
            let Ok(s) = input.validate() else {
                return Ok(false);
            };
            prop_assert!(s.country().is_none_or(|c| char_len(c) <= MAX_COUNTRY_CHARS));
            let back: PrivacySettings =
                serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
            prop_assert_eq!(back, s);
            Ok(true)
        });
    }
}
