//! Session JWTs (security.md §5 "Sessions", RFC 8725; threat T11).
//!
//! - One pinned algorithm, HS256, with one static 256-bit key derived for
//!   this purpose; the token header never chooses the algorithm or the key.
//! - The header must be exactly what we issue (`{"typ":"JWT","alg":"HS256"}`):
//!   `kid`, `jku`, `jwk`, `x5u`, `x5c`, `crit` and anything else are refused,
//!   since we never issue them and honouring them is how key-confusion
//!   attacks work.
//! - Required claims `iss`, `aud`, `sub`, `sid`, `iat`, `exp`, `typ`; exact
//!   issuer, audience and type; lifetime at most 15 minutes; 30 s leeway.
//! - Time is passed in, so expiry is checked against the caller's clock.
//!
//! A valid token is not enough: the caller must also find `sid` in the
//! session table, so revocation takes effect at once.

use std::fmt;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Longest lifetime a session token may have, in seconds.
pub const MAX_TTL_SECS: i64 = 900;
/// Clock skew tolerated on `exp` and `iat`, in seconds.
pub const LEEWAY_SECS: i64 = 30;
/// Value of the `typ` claim; keeps any other JWT we might one day sign with
/// a related key from passing as a session.
pub const SESSION_TYP: &str = "session";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// Account id.
    pub sub: String,
    /// Session id: opaque random text, looked up in the session table.
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
    pub typ: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("malformed token")]
    Malformed,
    #[error("token header is not the one we issue")]
    BadHeader,
    #[error("algorithm not allowed")]
    WrongAlgorithm,
    #[error("bad signature")]
    BadSignature,
    #[error("required claim missing or invalid")]
    MissingClaim,
    #[error("wrong issuer")]
    WrongIssuer,
    #[error("wrong audience")]
    WrongAudience,
    #[error("wrong token type")]
    WrongType,
    #[error("token expired")]
    Expired,
    #[error("token issued in the future")]
    NotYetValid,
    #[error("token lifetime too long")]
    LifetimeTooLong,
}

impl TokenError {
    /// Stable code for logs and metrics; clients get a plain 401 whatever it is.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed => "token_malformed",
            Self::BadHeader => "token_bad_header",
            Self::WrongAlgorithm => "token_wrong_algorithm",
            Self::BadSignature => "token_bad_signature",
            Self::MissingClaim => "token_missing_claim",
            Self::WrongIssuer => "token_wrong_issuer",
            Self::WrongAudience => "token_wrong_audience",
            Self::WrongType => "token_wrong_type",
            Self::Expired => "token_expired",
            Self::NotYetValid => "token_not_yet_valid",
            Self::LifetimeTooLong => "token_lifetime_too_long",
        }
    }
}

/// Issues and verifies session tokens with one HS256 key.
pub struct TokenSigner {
    key: Zeroizing<[u8; 32]>,
    issuer: String,
    audience: String,
    /// Built once: every authenticated request verifies a token, and building these (the
    /// claim and audience sets, a copy of the key) was a third of the verification's time.
    /// The decoding key's copy of the secret is not zeroized on drop; a signer lives as long
    /// as the process.
    validation: Validation,
    decoding: DecodingKey,
}

impl fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSigner")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

impl TokenSigner {
    pub fn new(key: &[u8; 32], issuer: impl Into<String>, audience: impl Into<String>) -> Self {
        let (issuer, audience) = (issuer.into(), audience.into());
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_required_spec_claims(&["iss", "aud", "sub", "exp"]);
        validation.set_issuer(&[&issuer]);
        validation.set_audience(&[&audience]);
        // The library checks expiry against the system clock; `verify` checks it against
        // the `now` it is given.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        Self {
            key: Zeroizing::new(*key),
            issuer,
            audience,
            validation,
            decoding: DecodingKey::from_secret(key),
        }
    }

    /// A token for account `sub` and session `sid`, valid from `now` for
    /// `ttl_secs`, clamped to 1..=[`MAX_TTL_SECS`].
    pub fn issue(&self, sub: &str, sid: &str, now: i64, ttl_secs: i64) -> String {
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: sub.to_owned(),
            sid: sid.to_owned(),
            iat: now,
            exp: now.saturating_add(ttl_secs.clamp(1, MAX_TTL_SECS)),
            typ: SESSION_TYP.to_owned(),
        };
        // HS256 with a byte key and a plain struct cannot fail to encode.
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(self.key.as_ref()),
        )
        .expect("HS256 encoding of session claims")
    }

    /// Verifies a token at time `now` (Unix seconds).
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, TokenError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|e| map_error(e.kind()))?;

        if data.header != Header::new(Algorithm::HS256) {
            return Err(TokenError::BadHeader);
        }
        let c = data.claims;
        // Belt and braces: the library compared these already.
        if c.iss != self.issuer {
            return Err(TokenError::WrongIssuer);
        }
        if c.aud != self.audience {
            return Err(TokenError::WrongAudience);
        }
        if c.typ != SESSION_TYP {
            return Err(TokenError::WrongType);
        }
        if c.sub.is_empty() || c.sid.is_empty() {
            return Err(TokenError::MissingClaim);
        }
        if c.exp <= c.iat {
            return Err(TokenError::MissingClaim);
        }
        if c.exp - c.iat > MAX_TTL_SECS {
            return Err(TokenError::LifetimeTooLong);
        }
        if c.iat > now.saturating_add(LEEWAY_SECS) {
            return Err(TokenError::NotYetValid);
        }
        if now > c.exp.saturating_add(LEEWAY_SECS) {
            return Err(TokenError::Expired);
        }
        Ok(c)
    }
}

fn map_error(kind: &ErrorKind) -> TokenError {
    match kind {
        ErrorKind::InvalidSignature => TokenError::BadSignature,
        ErrorKind::InvalidAlgorithm
        | ErrorKind::InvalidAlgorithmName
        | ErrorKind::MissingAlgorithm => TokenError::WrongAlgorithm,
        ErrorKind::InvalidIssuer => TokenError::WrongIssuer,
        ErrorKind::InvalidAudience => TokenError::WrongAudience,
        ErrorKind::MissingRequiredClaim(_) => TokenError::MissingClaim,
        ErrorKind::Json(_) => TokenError::MissingClaim,
        ErrorKind::ExpiredSignature => TokenError::Expired,
        _ => TokenError::Malformed,
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::json;

    use super::*;

    const KEY: [u8; 32] = [42; 32];
    const NOW: i64 = 1_800_000_000;

    fn signer() -> TokenSigner {
        TokenSigner::new(&KEY, "https://kinlink.example", "kinlink-web")
    }

    fn claims_json() -> serde_json::Value {
        json!({
            "iss": "https://kinlink.example",
            "aud": "kinlink-web",
            "sub": "acct-1",
            "sid": "s3ss10n",
            "iat": NOW,
            "exp": NOW + 600,
            "typ": "session",
        })
    }

    fn b64(v: &serde_json::Value) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    }

    /// Signs arbitrary claims with an arbitrary header via jsonwebtoken.
    fn sign(header: &Header, claims: &serde_json::Value, key: &[u8]) -> String {
        jsonwebtoken::encode(header, claims, &EncodingKey::from_secret(key)).unwrap()
    }

    /// Builds `header.payload.signature` with an HS256 MAC over raw JSON
    /// chosen by the test, for headers jsonwebtoken would not produce.
    fn forge(header: &serde_json::Value, claims: &serde_json::Value, key: &[u8]) -> String {
        use hmac::{Hmac, KeyInit, Mac};
        let msg = format!("{}.{}", b64(header), b64(claims));
        let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).unwrap();
        mac.update(msg.as_bytes());
        format!(
            "{msg}.{}",
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        )
    }

    #[test]
    fn round_trip() {
        let s = signer();
        let t = s.issue("acct-1", "s3ss10n", NOW, 600);
        let c = s.verify(&t, NOW + 1).unwrap();
        assert_eq!(c.sub, "acct-1");
        assert_eq!(c.sid, "s3ss10n");
        assert_eq!(c.iss, "https://kinlink.example");
        assert_eq!(c.aud, "kinlink-web");
        assert_eq!(c.typ, SESSION_TYP);
        assert_eq!((c.iat, c.exp), (NOW, NOW + 600));
    }

    #[test]
    fn ttl_is_clamped_to_fifteen_minutes() {
        let s = signer();
        let c = s.verify(&s.issue("a", "b", NOW, 86_400), NOW).unwrap();
        assert_eq!(c.exp - c.iat, MAX_TTL_SECS);
    }

    #[test]
    fn expiry_and_leeway() {
        let s = signer();
        let t = s.issue("a", "b", NOW, 300);
        assert!(s.verify(&t, NOW + 300 + LEEWAY_SECS).is_ok());
        assert_eq!(
            s.verify(&t, NOW + 301 + LEEWAY_SECS),
            Err(TokenError::Expired)
        );
        // Issued in the future beyond the leeway.
        assert_eq!(
            s.verify(&t, NOW - LEEWAY_SECS - 1),
            Err(TokenError::NotYetValid)
        );
        assert!(s.verify(&t, NOW - LEEWAY_SECS).is_ok());
    }

    #[test]
    fn alg_none_is_rejected() {
        for alg in ["none", "None", "NONE"] {
            let header = json!({"alg": alg, "typ": "JWT"});
            let unsigned = format!("{}.{}.", b64(&header), b64(&claims_json()));
            assert!(signer().verify(&unsigned, NOW).is_err(), "{alg}");
            let forged = forge(&header, &claims_json(), &KEY);
            assert!(signer().verify(&forged, NOW).is_err(), "{alg}");
        }
    }

    #[test]
    fn other_algorithms_are_rejected() {
        for alg in [Algorithm::HS384, Algorithm::HS512] {
            let t = sign(&Header::new(alg), &claims_json(), &KEY);
            assert_eq!(
                signer().verify(&t, NOW),
                Err(TokenError::WrongAlgorithm),
                "{alg:?}"
            );
        }
        // An asymmetric alg name in the header with an HMAC signature: the
        // classic key-confusion attempt.
        for alg in ["RS256", "ES256", "EdDSA", "PS256"] {
            let t = forge(&json!({"alg": alg, "typ": "JWT"}), &claims_json(), &KEY);
            assert_eq!(
                signer().verify(&t, NOW),
                Err(TokenError::WrongAlgorithm),
                "{alg}"
            );
        }
    }

    #[test]
    fn wrong_key_is_rejected() {
        let t = sign(&Header::new(Algorithm::HS256), &claims_json(), &[43; 32]);
        assert_eq!(signer().verify(&t, NOW), Err(TokenError::BadSignature));
        let other = TokenSigner::new(&[43; 32], "https://kinlink.example", "kinlink-web");
        let t = other.issue("acct-1", "s", NOW, 60);
        assert_eq!(signer().verify(&t, NOW), Err(TokenError::BadSignature));
    }

    #[test]
    fn tampered_payload_is_rejected() {
        let t = signer().issue("acct-1", "s", NOW, 60);
        let mut parts: Vec<&str> = t.split('.').collect();
        let mut claims = claims_json();
        claims["sub"] = json!("acct-2");
        let evil = b64(&claims);
        parts[1] = &evil;
        assert_eq!(
            signer().verify(&parts.join("."), NOW),
            Err(TokenError::BadSignature)
        );
    }

    #[test]
    fn wrong_audience_or_issuer_is_rejected() {
        let mut c = claims_json();
        c["aud"] = json!("kinlink-admin");
        let t = sign(&Header::new(Algorithm::HS256), &c, &KEY);
        assert_eq!(signer().verify(&t, NOW), Err(TokenError::WrongAudience));

        let mut c = claims_json();
        c["aud"] = json!(["kinlink-web", "other"]);
        let t = sign(&Header::new(Algorithm::HS256), &c, &KEY);
        assert!(signer().verify(&t, NOW).is_err());

        let mut c = claims_json();
        c["iss"] = json!("https://evil.example");
        let t = sign(&Header::new(Algorithm::HS256), &c, &KEY);
        assert_eq!(signer().verify(&t, NOW), Err(TokenError::WrongIssuer));

        let other = TokenSigner::new(&KEY, "https://kinlink.example", "kinlink-api");
        let t = other.issue("a", "b", NOW, 60);
        assert_eq!(signer().verify(&t, NOW), Err(TokenError::WrongAudience));
    }

    #[test]
    fn missing_claims_are_rejected() {
        for claim in ["sid", "sub", "iss", "aud", "iat", "exp", "typ"] {
            let mut c = claims_json();
            c.as_object_mut().unwrap().remove(claim);
            let t = sign(&Header::new(Algorithm::HS256), &c, &KEY);
            assert!(signer().verify(&t, NOW).is_err(), "{claim}");
        }
        let mut c = claims_json();
        c["sid"] = json!("");
        let t = sign(&Header::new(Algorithm::HS256), &c, &KEY);
        assert_eq!(signer().verify(&t, NOW), Err(TokenError::MissingClaim));
        let mut c = claims_json();
        c["sid"] = json!(12);
        let t = sign(&Header::new(Algorithm::HS256), &c, &KEY);
        assert!(signer().verify(&t, NOW).is_err());
    }

    #[test]
    fn wrong_type_and_long_lifetime_are_rejected() {
        let mut c = claims_json();
        c["typ"] = json!("email_verification");
        let t = sign(&Header::new(Algorithm::HS256), &c, &KEY);
        assert_eq!(signer().verify(&t, NOW), Err(TokenError::WrongType));

        let mut c = claims_json();
        c["exp"] = json!(NOW + 86_400);
        let t = sign(&Header::new(Algorithm::HS256), &c, &KEY);
        assert_eq!(signer().verify(&t, NOW), Err(TokenError::LifetimeTooLong));
    }

    #[test]
    fn foreign_key_headers_are_never_honoured() {
        let evil_key = [66u8; 32];
        let evil_k = URL_SAFE_NO_PAD.encode(evil_key);
        // Signed with the attacker's key, which the header points to or embeds.
        let mut h = Header::new(Algorithm::HS256);
        h.kid = Some("attacker".into());
        assert_eq!(
            signer().verify(&sign(&h, &claims_json(), &evil_key), NOW),
            Err(TokenError::BadSignature)
        );
        let mut h = Header::new(Algorithm::HS256);
        h.jku = Some("https://evil.example/jwks.json".into());
        assert_eq!(
            signer().verify(&sign(&h, &claims_json(), &evil_key), NOW),
            Err(TokenError::BadSignature)
        );
        let jwk_header = json!({
            "alg": "HS256", "typ": "JWT",
            "jwk": {"kty": "oct", "k": evil_k},
        });
        assert!(
            signer()
                .verify(&forge(&jwk_header, &claims_json(), &evil_key), NOW)
                .is_err()
        );

        // Even with our key, a header we never issue is refused.
        for extra in [
            json!({"kid": "../../dev/null"}),
            json!({"jku": "https://evil.example/jwks.json"}),
            json!({"x5u": "https://evil.example/cert.pem"}),
            json!({"crit": ["exp"]}),
            json!({"zip": "DEF"}),
            json!({"custom": 1}),
        ] {
            let mut header = json!({"alg": "HS256", "typ": "JWT"});
            for (k, v) in extra.as_object().unwrap() {
                header[k] = v.clone();
            }
            let t = forge(&header, &claims_json(), &KEY);
            assert!(signer().verify(&t, NOW).is_err(), "{extra}");
        }
        // Missing or different typ in the header.
        let t = forge(&json!({"alg": "HS256"}), &claims_json(), &KEY);
        assert_eq!(signer().verify(&t, NOW), Err(TokenError::BadHeader));
        // And the forge helper does produce tokens we accept when the header is right.
        let t = forge(&json!({"typ": "JWT", "alg": "HS256"}), &claims_json(), &KEY);
        assert!(signer().verify(&t, NOW).is_ok());
    }

    #[test]
    fn garbage_is_malformed() {
        for t in ["", "a", "a.b", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9..sig"] {
            assert!(signer().verify(t, NOW).is_err(), "{t:?}");
        }
    }
}
