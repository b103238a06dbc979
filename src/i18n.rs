//! Languages and translations (Fluent files under `locales/`, compiled into the binary). Which
//! language a request gets is decided in `http::locale`.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::{Loader, fluent_bundle::FluentValue};
use unic_langid::{LanguageIdentifier, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Names typed by people are wrapped by Fluent's bidi isolation marks when they are
        // arguments, which keeps Latin names readable inside right-to-left sentences.
        customise: |bundle| bundle.set_use_isolating(true),
    };
}

/// Every variable any message uses (see `has`).
const MESSAGE_VARIABLES: &[&str] = &["code", "months", "name", "count", "date", "n"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    /// Uyghur in Arabic script, right to left.
    Ug,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ug];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ug => "ug",
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Lang::En => "ltr",
            Lang::Ug => "rtl",
        }
    }

    /// The language's own name, shown in the language form.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ug => "ئۇيغۇرچە",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ug" => Some(Lang::Ug),
            _ => None,
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::En => langid!("en"),
            Lang::Ug => langid!("ug"),
        }
    }

    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(&self.langid(), key)
    }

    pub fn t_args(self, key: &str, args: &[(&'static str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
            .collect();
        LOCALES.lookup_with_args(&self.langid(), key, &map)
    }

    /// A message with one number `$n`, so plural forms are chosen by it.
    pub fn t_n(self, key: &str, n: u64) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> =
            HashMap::from([(Cow::Borrowed("n"), FluentValue::from(n))]);
        LOCALES.lookup_with_args(&self.langid(), key, &map)
    }

    /// "Please wait N seconds (minutes, hours), then try again.", rounded up: what every page
    /// says for a limit, whoever asks and whatever account they name.
    pub fn wait(self, wait: std::time::Duration) -> String {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let secs = secs.max(1);
        if secs <= 90 {
            self.t_n("wait-seconds", secs)
        } else if secs <= 90 * 60 {
            self.t_n("wait-minutes", secs.div_ceil(60))
        } else {
            self.t_n("wait-hours", secs.div_ceil(3600))
        }
    }

    /// Whether a message exists in this language (no fallback). Messages are formatted with
    /// a value for every variable the service uses, so those needing arguments count too.
    pub fn has(self, key: &str) -> bool {
        let args: HashMap<&str, FluentValue> = MESSAGE_VARIABLES
            .iter()
            .map(|v| (*v, FluentValue::from("0")))
            .collect();
        LOCALES
            .lookup_single_language(&self.langid(), key, Some(&args))
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_said_in_whole_units_rounded_up() {
        use std::time::Duration;
        let en = |ms: u64| Lang::En.wait(Duration::from_millis(ms));
        assert_eq!(en(300), "Please wait 1 second, then try again.");
        assert_eq!(
            en(1500),
            "Please wait \u{2068}2\u{2069} seconds, then try again."
        );
        assert_eq!(
            en(90_000),
            "Please wait \u{2068}90\u{2069} seconds, then try again."
        );
        assert_eq!(
            en(91_000),
            "Please wait \u{2068}2\u{2069} minutes, then try again."
        );
        assert_eq!(
            en(3_600_000),
            "Please wait \u{2068}60\u{2069} minutes, then try again."
        );
        assert_eq!(
            en(6 * 3_600_000),
            "Please wait \u{2068}6\u{2069} hours, then try again."
        );
        let ug = Lang::Ug.wait(Duration::from_secs(42));
        assert!(ug.contains("42") && ug.contains("سېكۇنت"), "{ug}");
    }

    /// The review page names every field of the matcher's explanation and every level.
    #[test]
    fn every_explained_field_and_level_has_words() {
        use crate::matching::model::Field;
        for lang in [Lang::En, Lang::Ug] {
            for field in Field::ALL {
                let key = format!("explain-field-{}", field.name());
                assert!(lang.has(&key), "{key}");
                for level in field.levels() {
                    let key = format!("explain-level-{level}");
                    assert!(lang.has(&key), "{key}");
                }
            }
        }
    }

    /// Both languages are complete: every message in one exists in the other.
    #[test]
    fn every_locale_has_every_message() {
        let keys = |lang: &str| -> std::collections::BTreeSet<String> {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(lang);
            let mut keys = std::collections::BTreeSet::new();
            for entry in std::fs::read_dir(dir).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                for line in text.lines() {
                    if let Some((k, _)) = line.split_once(" =")
                        && !k.starts_with([' ', '#', '.', '*', '['])
                        && !k.is_empty()
                    {
                        keys.insert(k.trim().to_string());
                    }
                }
            }
            keys
        };
        let en = keys("en");
        let ug = keys("ug");
        assert!(en.len() > 20, "English messages are missing");
        let missing_ug: Vec<_> = en.difference(&ug).collect();
        let missing_en: Vec<_> = ug.difference(&en).collect();
        assert!(missing_ug.is_empty(), "missing in ug: {missing_ug:?}");
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
        for k in &en {
            assert!(Lang::Ug.has(k), "ug cannot resolve {k}");
            assert!(Lang::En.has(k), "en cannot resolve {k}");
        }
    }
}
