//! Which language a request gets: `?lang=` on the request, then the remembered choice (cookie),
//! then `Accept-Language`, then English.

use actix_web::HttpRequest;

use crate::i18n::Lang;

/// The cookie that remembers an explicit language choice.
pub const LANG_COOKIE: &str = "kinlink_lang";

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
        assert_eq!(from_accept_language("ky, en-GB;q=0.7"), Some(Lang::En));
        assert_eq!(from_accept_language("tr, en-GB;q=0.7"), Some(Lang::Tr));
        // Traditional Chinese is not simplified Chinese: the next language asked for wins.
        assert_eq!(
            from_accept_language("zh-TW, ru;q=0.8, zh-CN;q=0.5"),
            Some(Lang::Ru)
        );
        assert_eq!(from_accept_language("ug-Latn"), Some(Lang::UgLatn));
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
}
