//! Timestamps in API answers: RFC 3339 in UTC with a `Z` (`2026-11-29T13:40:00Z`), so no
//! client has to guess the time zone. The service keeps every time in UTC.

use chrono::{NaiveDateTime, SecondsFormat};
use serde::Serializer;

/// For `#[serde(serialize_with = "crate::api::time::rfc3339")]`.
pub fn rfc3339<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde::Serialize;

    #[derive(Serialize)]
    struct At {
        #[serde(serialize_with = "super::rfc3339")]
        at: chrono::NaiveDateTime,
    }

    #[test]
    fn utc_with_z_in_whole_seconds() {
        let at = NaiveDate::from_ymd_opt(2026, 11, 29)
            .unwrap()
            .and_hms_milli_opt(13, 40, 5, 250)
            .unwrap();
        assert_eq!(
            serde_json::to_string(&At { at }).unwrap(),
            r#"{"at":"2026-11-29T13:40:05Z"}"#
        );
    }
}
