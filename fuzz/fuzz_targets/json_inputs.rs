//! Arbitrary bytes as the JSON body of every registrant input: parsing and validation answer
//! a value or a client error with a stable code; nothing panics and nothing is a server error.
#![no_main]

use chrono::NaiveDate;
use kinlink::api::input::parse;
use kinlink::domain::cards::{ContactCardInput, FactsInput, PreconsentInput};
use kinlink::domain::person::{PersonInput, SoughtInput};
use kinlink::domain::settings::SettingsInput;
use kinlink::error::AppError;
use libfuzzer_sys::fuzz_target;

fn client_error(e: &AppError) {
    assert!(
        matches!(e, AppError::InvalidJson(_) | AppError::Invalid { .. }),
        "not a client error: {e:?}"
    );
}

fn check<T: serde::de::DeserializeOwned, V, E: Into<AppError>>(
    data: &[u8],
    validate: impl Fn(&T) -> Result<V, E>,
) {
    match parse::<T>(data) {
        Ok(input) => {
            if let Err(e) = validate(&input) {
                client_error(&e.into());
            }
        }
        Err(e) => client_error(&e),
    }
}

fuzz_target!(|data: &[u8]| {
    let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
    check::<PersonInput, _, _>(data, |p| p.validate_at(today));
    check::<SoughtInput, _, _>(data, |s| s.validate_at(today));
    check::<ContactCardInput, _, _>(data, ContactCardInput::validate);
    check::<PreconsentInput, _, _>(data, PreconsentInput::validate);
    check::<FactsInput, _, _>(data, FactsInput::validate);
    check::<SettingsInput, _, _>(data, SettingsInput::validate);
});
