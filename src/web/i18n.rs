//! Languages and translations (Fluent files under `locales/`, compiled into the binary).
//!
//! The locale is chosen by: `?lang=` on the request, then the remembered choice (cookie), then
//! `Accept-Language`, then English.

use std::borrow::Cow;
use std::collections::HashMap;

use actix_web::HttpRequest;
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
const MESSAGE_VARIABLES: &[&str] = &["code", "months"];

/// The cookie that remembers an explicit language choice.
pub const LANG_COOKIE: &str = "kinlink_lang";

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

/// Pick the best supported language from an `Accept-Language` header, honouring q-values.
pub fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    for part in header.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim();
        let q = pieces
            .find_map(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|v| v.parse::<f32>().ok())
            })
            .unwrap_or(1.0);
        if let Some(lang) = Lang::parse(tag)
            && q > 0.0
            && best.is_none_or(|(bq, _)| q > bq)
        {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l)
}

/// The locale for this request.
pub fn negotiate(req: &HttpRequest) -> Lang {
    let from_query = req.query_string().split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == "lang").then(|| Lang::parse(v)).flatten()
    });
    from_query
        .or_else(|| req.cookie(LANG_COOKIE).and_then(|c| Lang::parse(c.value())))
        .or_else(|| {
            req.headers()
                .get(actix_web::http::header::ACCEPT_LANGUAGE)
                .and_then(|h| h.to_str().ok())
                .and_then(from_accept_language)
        })
        .unwrap_or(Lang::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_respects_quality() {
        assert_eq!(
            from_accept_language("ug-CN,ug;q=0.9,en;q=0.8"),
            Some(Lang::Ug)
        );
        assert_eq!(from_accept_language("en;q=0.5, ug;q=0.9"), Some(Lang::Ug));
        assert_eq!(from_accept_language("fr, de;q=0.8"), None);
        assert_eq!(from_accept_language("ug;q=0"), None);
        assert_eq!(from_accept_language("tr, en-GB;q=0.7"), Some(Lang::En));
    }

    #[test]
    fn query_beats_cookie_beats_header() {
        use actix_web::cookie::Cookie;
        use actix_web::test::TestRequest;
        let req = TestRequest::get()
            .uri("/?lang=ug")
            .cookie(Cookie::new(LANG_COOKIE, "en"))
            .to_http_request();
        assert_eq!(negotiate(&req), Lang::Ug);
        let req = TestRequest::get()
            .uri("/")
            .cookie(Cookie::new(LANG_COOKIE, "ug"))
            .insert_header(("Accept-Language", "en"))
            .to_http_request();
        assert_eq!(negotiate(&req), Lang::Ug);
        let req = TestRequest::get()
            .uri("/")
            .insert_header(("Accept-Language", "ug"))
            .to_http_request();
        assert_eq!(negotiate(&req), Lang::Ug);
        let req = TestRequest::get().uri("/?lang=xx").to_http_request();
        assert_eq!(negotiate(&req), Lang::En);
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
