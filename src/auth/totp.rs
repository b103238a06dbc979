//! TOTP second factor for staff (security.md §5 "TOTP"; ASVS 6.3.3, 6.5.1).
//!
//! RFC 6238 with SHA-1, 6 digits, 30 s steps and a skew of one step: the
//! settings every authenticator app supports (some silently ignore SHA-256).
//! Each time step is accepted at most once: the caller persists the step
//! [`check`] returns and passes it back as `last_used_step`, so a code seen
//! over a shoulder or phished cannot be replayed (RFC 6238 §5.2).

use totp_rs::{Algorithm, Builder, Secret, Totp};

/// Bytes of a new secret: 160 bits, RFC 4226's recommendation.
pub const SECRET_LEN: usize = 20;
const DIGITS: u8 = 6;
const STEP_SECS: u64 = 30;
const SKEW: u16 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TotpError {
    #[error("code must be 6 digits")]
    Malformed,
    #[error("wrong code")]
    Invalid,
    #[error("code already used")]
    Replayed,
    #[error("TOTP secret too short")]
    BadSecret,
}

impl TotpError {
    /// Stable code for logs and audit; users see one message for all.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed => "totp_malformed",
            Self::Invalid => "totp_invalid",
            Self::Replayed => "totp_replayed",
            Self::BadSecret => "totp_bad_secret",
        }
    }
}

/// A fresh 160-bit secret from the OS CSPRNG (store it AEAD-encrypted).
pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; SECRET_LEN];
    getrandom::fill(&mut secret).expect("OS random number generator failed");
    secret
}

/// Base32 (RFC 4648, no padding) for typing the secret into an app by hand.
pub fn secret_base32(secret: &[u8]) -> String {
    Secret::from(secret).to_base32()
}

/// `otpauth://totp/Issuer:label?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30`
/// (Key URI format). Colons, which would split the label, become spaces.
pub fn otpauth_uri(secret: &[u8], account_label: &str, issuer: &str) -> String {
    let issuer = percent_encode(&issuer.replace(':', " "));
    let label = percent_encode(&account_label.replace(':', " "));
    format!(
        "otpauth://totp/{issuer}:{label}?secret={}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        secret_base32(secret)
    )
}

/// RFC 3986 percent-encoding of everything but unreserved characters.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The URI as a QR code in plain SVG markup: one `<rect>` and one `<path>`,
/// no XML prolog, scripts, styles, links or event handlers, so it can be
/// inlined in a page or served same-origin under a strict CSP.
pub fn qr_svg(uri: &str) -> String {
    use qrcode::render::svg;
    use qrcode::{EcLevel, QrCode};

    // An otpauth URI is well under the 2,331-byte capacity at level M; a
    // failure here means a caller bug, so show no code rather than panic.
    let Ok(code) = QrCode::with_error_correction_level(uri.as_bytes(), EcLevel::M) else {
        return String::new();
    };
    let svg = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    // The renderer starts with an XML declaration, which is invalid inside HTML.
    match svg.find("<svg") {
        Some(i) => svg[i..].to_owned(),
        None => String::new(),
    }
}

fn totp(secret: &[u8]) -> Result<Totp, TotpError> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(DIGITS)
        .with_step_duration(STEP_SECS)
        .with_skew(SKEW)
        .with_secret(secret.to_vec())
        .build()
        .map_err(|_| TotpError::BadSecret)
}

/// Checks `code` at `now_unix`. Accepts the current step or one either
/// side, but never a step at or before `last_used_step`. Returns the step
/// matched, which the caller must store as the new `last_used_step`.
pub fn check(
    secret: &[u8],
    code: &str,
    now_unix: u64,
    last_used_step: Option<u64>,
) -> Result<u64, TotpError> {
    // Apps show "123 456"; people copy the space.
    let code: String = code.chars().filter(|c| *c != ' ').collect();
    if code.len() != usize::from(DIGITS) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TotpError::Malformed);
    }
    let totp = totp(secret)?;
    let now_step = now_unix / STEP_SECS;
    let first = now_step.saturating_sub(u64::from(SKEW));
    let last = now_step.saturating_add(u64::from(SKEW));
    let mut replayed = false;
    let mut accepted = None;
    // Every step in the window is computed and compared, whatever matches,
    // so the time taken does not say which step (if any) matched.
    for step in first..=last {
        let expected = totp.generate(step.saturating_mul(STEP_SECS)).to_string();
        if constant_time_eq(expected.as_bytes(), code.as_bytes()) {
            if last_used_step.is_some_and(|used| step <= used) {
                replayed = true;
            } else if accepted.is_none() {
                accepted = Some(step);
            }
        }
    }
    match accepted {
        Some(step) => Ok(step),
        None if replayed => Err(TotpError::Replayed),
        None => Err(TotpError::Invalid),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && std::hint::black_box(a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y))) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B's SHA-1 secret.
    const RFC_SECRET: &[u8] = b"12345678901234567890";
    const T0: u64 = 1_800_000_010; // 10 s into a step

    fn code_at(secret: &[u8], t: u64) -> String {
        totp(secret).unwrap().generate(t).to_string()
    }

    #[test]
    fn rfc6238_vectors() {
        // RFC 6238 Appendix B, SHA-1, truncated to the last 6 of 8 digits.
        for (t, want) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(RFC_SECRET, t), want, "t={t}");
            assert_eq!(check(RFC_SECRET, want, t, None), Ok(t / 30));
        }
    }

    #[test]
    fn valid_code_is_accepted_and_returns_step() {
        let s = new_secret();
        let code = code_at(&s, T0);
        assert_eq!(check(&s, &code, T0, None), Ok(T0 / 30));
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(check(&s, &spaced, T0, None), Ok(T0 / 30));
    }

    #[test]
    fn skew_of_one_step_either_side() {
        let s = new_secret();
        let prev = code_at(&s, T0 - 30);
        let next = code_at(&s, T0 + 30);
        assert_eq!(check(&s, &prev, T0, None), Ok(T0 / 30 - 1));
        assert_eq!(check(&s, &next, T0, None), Ok(T0 / 30 + 1));
        let old = code_at(&s, T0 - 60);
        let future = code_at(&s, T0 + 60);
        // A 1-in-10⁶ coincidence with a window code would make these pass.
        if ![T0 - 30, T0, T0 + 30]
            .iter()
            .any(|&t| code_at(&s, t) == old)
        {
            assert_eq!(check(&s, &old, T0, None), Err(TotpError::Invalid));
        }
        if ![T0 - 30, T0, T0 + 30]
            .iter()
            .any(|&t| code_at(&s, t) == future)
        {
            assert_eq!(check(&s, &future, T0, None), Err(TotpError::Invalid));
        }
    }

    #[test]
    fn replay_of_same_code_is_rejected() {
        let s = new_secret();
        let code = code_at(&s, T0);
        let step = check(&s, &code, T0, None).unwrap();
        assert_eq!(
            check(&s, &code, T0 + 5, Some(step)),
            Err(TotpError::Replayed)
        );
    }

    #[test]
    fn older_step_rejected_after_newer_one() {
        let s = new_secret();
        let newer = code_at(&s, T0);
        let step = check(&s, &newer, T0, None).unwrap();
        // The previous step's code is still inside the skew window.
        let older = code_at(&s, T0 - 30);
        if older != newer {
            assert_eq!(check(&s, &older, T0, Some(step)), Err(TotpError::Replayed));
        }
        // The next step's code is fine.
        let next = code_at(&s, T0 + 30);
        assert_eq!(check(&s, &next, T0 + 30, Some(step)), Ok(step + 1));
    }

    #[test]
    fn wrong_code_is_rejected() {
        let s = new_secret();
        let window: Vec<String> = [T0 - 30, T0, T0 + 30]
            .iter()
            .map(|&t| code_at(&s, t))
            .collect();
        let wrong = (0..1_000_000)
            .map(|n| format!("{n:06}"))
            .find(|c| !window.contains(c))
            .unwrap();
        assert_eq!(check(&s, &wrong, T0, None), Err(TotpError::Invalid));
        // Right code, wrong secret.
        let other = new_secret();
        let code = code_at(&other, T0);
        if !window.contains(&code) {
            assert_eq!(check(&s, &code, T0, None), Err(TotpError::Invalid));
        }
    }

    #[test]
    fn non_digits_are_rejected() {
        let s = new_secret();
        for bad in [
            "",
            "12345",
            "1234567",
            "12a456",
            "12345x",
            "１２３４５６",
            "123-456",
            "+12345",
        ] {
            assert_eq!(
                check(&s, bad, T0, None),
                Err(TotpError::Malformed),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn short_secret_is_refused() {
        assert_eq!(
            check(&[1; 10], "123456", T0, None),
            Err(TotpError::BadSecret)
        );
    }

    #[test]
    fn secrets_are_160_bits_and_random() {
        let a = new_secret();
        assert_eq!(a.len(), 20);
        assert_ne!(a, new_secret());
    }

    #[test]
    fn base32_and_uri() {
        assert_eq!(
            secret_base32(RFC_SECRET),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        let uri = otpauth_uri(RFC_SECRET, "amber-river-4821", "Kinlink staff");
        assert_eq!(
            uri,
            "otpauth://totp/Kinlink%20staff:amber-river-4821?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=Kinlink%20staff&algorithm=SHA1&digits=6&period=30"
        );
        let uri = otpauth_uri(RFC_SECRET, "a:b&c=d", "x:y");
        assert!(
            uri.starts_with("otpauth://totp/x%20y:a%20b%26c%3Dd?"),
            "{uri}"
        );
    }

    #[test]
    fn svg_is_plain_markup() {
        let uri = otpauth_uri(&new_secret(), "amber-river-4821", "Kinlink");
        let svg = qr_svg(&uri);
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("<path"));
        let lower = svg.to_lowercase();
        for banned in [
            "<script",
            "<?xml",
            "href",
            "<style",
            "<image",
            "<foreignobject",
            "url(",
            "javascript:",
            "<a ",
        ] {
            assert!(!lower.contains(banned), "{banned}");
        }
        // No attribute that starts with "on" (event handlers).
        assert!(!lower.split_whitespace().any(|w| w.starts_with("on")));
        // The URI (and so the secret) is not copied into the markup as text.
        assert!(!svg.contains("otpauth"));
    }
}
