//! Arbitrary bytes as stored ciphertext: a field blob, a sealed box for the matcher or for review,
//! and a features blob. Opening must fail cleanly (never panic, never "succeed" on bytes that
//! were not sealed under the key), and what is sealed must open to the same bytes.
#![no_main]

use std::sync::OnceLock;

use kinlink::crypto::Keyring;
use kinlink::crypto::envelope::{self, DataKey, FieldContext};
use kinlink::matching::features::Features;
use libfuzzer_sys::fuzz_target;

fn keyring() -> &'static Keyring {
    static KEYS: OnceLock<Keyring> = OnceLock::new();
    KEYS.get_or_init(Keyring::generate)
}

fn dek() -> &'static DataKey {
    static DEK: OnceLock<DataKey> = OnceLock::new();
    DEK.get_or_init(DataKey::generate)
}

const CTX: FieldContext<'static> = FieldContext {
    table: "registrations",
    column: "profile",
    record_id: "00000000-0000-4000-8000-000000000000",
};

fuzz_target!(|data: &[u8]| {
    let keys = keyring();
    // Bytes nobody sealed open to nothing (forging a tag is the only way through).
    let _ = envelope::peek_key_id(data);
    assert!(envelope::open(dek(), &CTX, data).is_err());
    assert!(keys.open_for_matcher(1, "features", data).is_err());
    assert!(keys.open_review(1, "explanation", data).is_err());
    // Whatever the features parser accepts, it writes back the same way.
    if let Ok(f) = Features::from_bytes(data) {
        assert_eq!(Features::from_bytes(&f.to_bytes()).as_ref(), Ok(&f));
    }
    // Sealing round-trips, and any changed byte is refused.
    let sealed = envelope::seal(dek(), 7, &CTX, data);
    assert_eq!(envelope::peek_key_id(&sealed).ok(), Some(7));
    assert_eq!(envelope::open(dek(), &CTX, &sealed).unwrap().as_slice(), data);
    if let Some(&first) = data.first() {
        let mut flipped = sealed.clone();
        let at = usize::from(first) % flipped.len();
        flipped[at] ^= 0x01;
        assert!(envelope::open(dek(), &CTX, &flipped).is_err());
    }
    let (version, boxed) = keys.seal_for_matcher("features", data);
    assert_eq!(
        keys.open_for_matcher(version, "features", &boxed).unwrap().as_slice(),
        data
    );
    assert!(keys.open_for_matcher(version, "explanation", &boxed).is_err());
});
