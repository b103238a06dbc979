//! Arbitrary bytes (as lossy UTF-8) through canonicalisation, encoding and comparison:
//! nothing may panic, canonicalisation must be idempotent, and scores stay in [0, 1].
#![no_main]

use kinlink::names::{EncodedName, NameEncoder, Similarity, canonicalise, compare};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// Built once: constructing an encoder derives every bigram's hash positions.
fn encoder() -> &'static NameEncoder {
    static ENCODER: OnceLock<NameEncoder> = OnceLock::new();
    ENCODER.get_or_init(|| NameEncoder::new(&[0x5a; 32], 20))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let canonical = canonicalise(&text);
    let once = canonical.canonical_string();
    assert_eq!(canonicalise(&once).canonical_string(), once);

    let encoder = encoder();
    let encoded = encoder.encode_canonical(&canonical);
    assert_eq!(
        EncodedName::from_bytes(&encoded.to_bytes()).as_ref(),
        Ok(&encoded)
    );
    let other = encoder.encode("Abdurehim Tursun");
    let ab = compare(&encoded, &other);
    assert_eq!(ab, compare(&other, &encoded));
    if let Similarity::Comparable(s) = ab {
        assert!((0.0..=1.0).contains(&s));
    }
    let _ = EncodedName::from_bytes(data);
});
