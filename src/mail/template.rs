//! The only messages kinlink sends. Subjects and bodies come from the Fluent files (`mail-*`),
//! so each goes out in the recipient's language.

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// "There is an update. Please sign in." — for anything that needs attention.
    Update,
    /// A short code to confirm an email address.
    VerifyCode,
    /// A short code to set a new passphrase.
    RecoveryCode,
}

impl Template {
    pub fn name(self) -> &'static str {
        match self {
            Template::Update => "update",
            Template::VerifyCode => "verify_code",
            Template::RecoveryCode => "recovery_code",
        }
    }

    pub fn parse(name: &str) -> Option<Template> {
        match name {
            "update" => Some(Template::Update),
            "verify_code" => Some(Template::VerifyCode),
            "recovery_code" => Some(Template::RecoveryCode),
            _ => None,
        }
    }

    /// Subject and plain-text body. `code` is the one variable any template has.
    pub fn render(self, lang: Lang, code: Option<&str>) -> (String, String) {
        let key = self.name().replace('_', "-");
        let subject = lang.t(&format!("mail-{key}-subject"));
        let body = match code {
            Some(code) => lang.t_args(&format!("mail-{key}-body"), &[("code", code.to_string())]),
            None => lang.t(&format!("mail-{key}-body")),
        };
        // Fluent isolates arguments with bidi marks; a plain-text mail is better without them.
        let body = body.replace(['\u{2068}', '\u{2069}'], "");
        (subject, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_content_free() {
        for lang in Lang::ALL {
            for t in [
                Template::Update,
                Template::VerifyCode,
                Template::RecoveryCode,
            ] {
                let (subject, body) = t.render(lang, Some("12345678"));
                let all = format!("{subject}\n{body}").to_lowercase();
                assert!(!all.contains("kinlink"), "no service name: {all}");
                assert!(!all.contains("http"), "no links: {all}");
                assert!(!all.contains("match"), "nothing about matches: {all}");
                if t != Template::Update {
                    assert!(body.contains("12345678"), "the code is in the body");
                }
            }
        }
    }
}
