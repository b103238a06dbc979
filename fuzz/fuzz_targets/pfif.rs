//! Arbitrary bytes through the PFIF parser and the import mapping: nothing may panic, and a
//! document that parses writes back to one that parses the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = kinlink::pfif::parse(data) {
        let again = kinlink::pfif::parse(kinlink::pfif::write(&doc).as_bytes())
            .expect("a written document parses");
        assert_eq!(again, doc);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let _ = kinlink::pfif::mapping::from_pfif(&doc, today, 10);
    }
});
