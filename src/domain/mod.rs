//! Validated registration values (product.md, "What a registration holds").
//!
//! Untrusted JSON is deserialized into plain input DTOs (`*Input`, every one with
//! `deny_unknown_fields`), then turned into validated values by `validate`/`validate_at` or
//! `TryFrom`. The validated values have private fields, so holding one is proof that it passed
//! every rule. They serialize to the same JSON shape as their input (see `PersonInput` for
//! the one addition, `name_scripts`) and deserialize through the same validation, so sealed
//! records and API responses cannot carry a value the rules would refuse.
//!
//! Every refusal is a [`DomainError`] with a stable snake_case code (listed in [`codes`]) and
//! the JSON path of the offending field. Error messages never repeat the submitted value: they
//! may end up in logs, and the values are names of people at risk.
//!
//! Pure: no I/O and no clock except in the `validate` conveniences that read today's date.

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Defines a closed set of string codes: the enum, `ALL`, `as_str`, `from_code`, `Display`
/// and serde as the code. Inputs carry these as plain strings and convert with `from_code`,
/// so an unknown value gets a stable error code instead of a serde error.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $code:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The JSON code of this value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// Every JSON code, as "a, b, c": what an error says is allowed.
            pub fn allowed() -> String {
                [$($code,)+].join(", ")
            }

            /// The API document's schema of this list: a string, one of the codes.
            pub fn schema() -> utoipa::openapi::schema::Object {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code,)+]))
                    .build()
            }

            /// The value with this exact JSON code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod cards;
pub mod person;
pub mod settings;
pub mod text;

pub use cards::{
    Channel, ChannelInput, ChannelKind, ContactCard, ContactCardInput, Fact, FactInput, FactsInput,
    PreconsentCard, PreconsentInput, ShowItem, VerificationFacts,
};
pub use person::{
    Birth, BirthInput, Birthplace, BirthplaceInput, Circumstances, Gender, LastContact,
    LastContactInput, Person, PersonInput, PersonName, RegionCode, Relation, SoughtInput,
    SoughtPerson, script_code,
};
pub use settings::{LanguageTag, PrivacySettings, SettingsInput};

/// `schema` or null, for the API document's optional closed lists.
pub fn nullable(schema: impl Into<utoipa::openapi::Schema>) -> utoipa::openapi::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
    utoipa::openapi::Schema::OneOf(
        OneOfBuilder::new()
            .item(schema.into())
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .build(),
    )
}

/// The stable error codes. Clients and templates key their messages on these.
pub mod codes {
    pub const INVALID_JSON: &str = "invalid_json";
    pub const NAME_REQUIRED: &str = "name_required";
    pub const NAME_EMPTY: &str = "name_empty";
    pub const NAME_TOO_LONG: &str = "name_too_long";
    pub const NAME_WITHOUT_LETTERS: &str = "name_without_letters";
    pub const NAME_SCRIPTS_COMPUTED: &str = "name_scripts_computed";
    pub const TOO_MANY_NAMES: &str = "too_many_names";
    pub const PLACE_TOO_LONG: &str = "place_too_long";
    pub const INVALID_REGION: &str = "invalid_region";
    pub const NOTES_TOO_LONG: &str = "notes_too_long";
    pub const INVALID_BIRTH: &str = "invalid_birth";
    pub const INVALID_LAST_CONTACT: &str = "invalid_last_contact";
    pub const INVALID_GENDER: &str = "invalid_gender";
    pub const INVALID_RELATION: &str = "invalid_relation";
    pub const RELATION_REQUIRED: &str = "relation_required";
    pub const INVALID_CIRCUMSTANCES: &str = "invalid_circumstances";
    pub const INVALID_CHANNEL: &str = "invalid_channel";
    pub const TOO_MANY_CHANNELS: &str = "too_many_channels";
    pub const VALUE_TOO_LONG: &str = "value_too_long";
    pub const INVALID_CHANNEL_VALUE: &str = "invalid_channel_value";
    pub const MESSAGE_TOO_LONG: &str = "message_too_long";
    pub const INVALID_SHOW: &str = "invalid_show";
    pub const FACTS_COUNT: &str = "facts_count";
    pub const FACT_EMPTY: &str = "fact_empty";
    pub const FACT_TOO_LONG: &str = "fact_too_long";
    pub const INVALID_RETENTION: &str = "invalid_retention";
    pub const COUNTRY_TOO_LONG: &str = "country_too_long";
    pub const INVALID_LANGUAGE: &str = "invalid_language";
    pub const TOO_MANY_LANGUAGES: &str = "too_many_languages";
}

/// Why an input was refused. Nothing is ever partially accepted: one error refuses the whole
/// input, and it is the first problem in field order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DomainError {
    /// Stable snake_case code, one of [`codes`].
    pub code: &'static str,
    /// JSON path of the field, e.g. `names[1]` or `birth.from`; empty for the whole document.
    pub field: String,
    /// English explanation for developers; never contains the submitted value.
    pub message: String,
}

impl DomainError {
    pub fn new(code: &'static str, field: impl Into<String>, message: impl Into<String>) -> Self {
        DomainError {
            code,
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error with its path nested under `prefix`, e.g. `at("sought[2]")` turns
    /// `names[0]` into `sought[2].names[0]`, for services validating a list of inputs.
    pub fn at(mut self, prefix: &str) -> Self {
        self.field = match self.field.as_str() {
            "" => prefix.to_owned(),
            f if f.starts_with('[') => format!("{prefix}{f}"),
            f => format!("{prefix}.{f}"),
        };
        self
    }

    /// A serde_json failure (syntax, wrong type, unknown or duplicate field) as `invalid_json`.
    /// serde's own message is left out because it can quote the submitted value.
    pub fn invalid_json(err: &serde_json::Error) -> Self {
        use serde_json::error::Category;
        let what = match err.classify() {
            Category::Syntax | Category::Io => "malformed JSON",
            Category::Eof => "truncated JSON",
            Category::Data => "unexpected field, type or value in JSON",
        };
        let message = format!("{what} at line {} column {}", err.line(), err.column());
        DomainError::new(codes::INVALID_JSON, "", message)
    }
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{} ({})", self.message, self.code)
        } else {
            write!(f, "{}: {} ({})", self.field, self.message, self.code)
        }
    }
}

impl std::error::Error for DomainError {}

/// Deserializes an input DTO, mapping serde failures to `invalid_json`.
pub fn from_json<T: DeserializeOwned>(json: &str) -> Result<T, DomainError> {
    serde_json::from_str(json).map_err(|e| DomainError::invalid_json(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_nests_paths() {
        let e = DomainError::new(codes::NAME_EMPTY, "names[0]", "empty");
        assert_eq!(e.clone().at("sought[2]").field, "sought[2].names[0]");
        let e = DomainError::new(codes::NAME_EMPTY, "[0]", "empty");
        assert_eq!(e.at("names").field, "names[0]");
        let e = DomainError::new(codes::FACTS_COUNT, "", "none");
        assert_eq!(e.at("facts").field, "facts");
    }

    #[test]
    fn display_has_field_message_and_code() {
        let e = DomainError::new(codes::INVALID_BIRTH, "birth.from", "after `to`");
        assert_eq!(e.to_string(), "birth.from: after `to` (invalid_birth)");
        let e = DomainError::new(codes::INVALID_JSON, "", "malformed JSON");
        assert_eq!(e.to_string(), "malformed JSON (invalid_json)");
    }

    #[test]
    fn invalid_json_does_not_echo_the_value() {
        let err = from_json::<PersonInput>(r#"{"names": "Secret Name"}"#).unwrap_err();
        assert_eq!(err.code, codes::INVALID_JSON);
        assert!(!err.message.contains("Secret"), "{}", err.message);
        let err = from_json::<PersonInput>(r#"{"names": ["a"], "surname": "x"}"#).unwrap_err();
        assert_eq!(err.code, codes::INVALID_JSON);
        let err = from_json::<PersonInput>(r#"{"names": ["a""#).unwrap_err();
        assert_eq!(err.code, codes::INVALID_JSON);
    }

    #[test]
    fn every_code_is_snake_case_and_distinct() {
        let all = [
            codes::INVALID_JSON,
            codes::NAME_REQUIRED,
            codes::NAME_EMPTY,
            codes::NAME_TOO_LONG,
            codes::NAME_WITHOUT_LETTERS,
            codes::NAME_SCRIPTS_COMPUTED,
            codes::TOO_MANY_NAMES,
            codes::PLACE_TOO_LONG,
            codes::INVALID_REGION,
            codes::NOTES_TOO_LONG,
            codes::INVALID_BIRTH,
            codes::INVALID_LAST_CONTACT,
            codes::INVALID_GENDER,
            codes::INVALID_RELATION,
            codes::RELATION_REQUIRED,
            codes::INVALID_CIRCUMSTANCES,
            codes::INVALID_CHANNEL,
            codes::TOO_MANY_CHANNELS,
            codes::VALUE_TOO_LONG,
            codes::INVALID_CHANNEL_VALUE,
            codes::MESSAGE_TOO_LONG,
            codes::INVALID_SHOW,
            codes::FACTS_COUNT,
            codes::FACT_EMPTY,
            codes::FACT_TOO_LONG,
            codes::INVALID_RETENTION,
            codes::COUNTRY_TOO_LONG,
            codes::INVALID_LANGUAGE,
            codes::TOO_MANY_LANGUAGES,
        ];
        let distinct: std::collections::HashSet<_> = all.iter().collect();
        assert_eq!(distinct.len(), all.len());
        for code in all {
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}"
            );
        }
    }
}
