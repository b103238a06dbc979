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

    /// Whether it waits a random time before it is sent. Updates do, so when one arrives says
    /// little about when anything happened. A code answers what the person just did, is
    /// waited for on the screen and lasts only `EMAIL_CODE_TTL`: it goes at once (a delay up to
    /// the TTL could expire it).
    pub fn waits(self) -> bool {
        match self {
            Template::Update => true,
            Template::VerifyCode | Template::RecoveryCode => false,
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
