//! Uyghur Arabic script (UEY) to letters. Input has passed `unicode::tokens`, so
//! presentation forms, heh and Persian yeh are already base Uyghur letters.

use super::letters::Letter;

/// Converts one UEY run. Hamza (ئ ء ٴ) only marks a vowel onset and is dropped (names.md
/// §2.1); letters of Arabic loanword spelling map to their Uyghur sound.
pub fn to_letters(run: &str, out: &mut Vec<Letter>) {
    for c in run.chars() {
        if let Some(l) = Letter::from_arabic(c) {
            out.push(l);
            continue;
        }
        match c {
            'أ' | 'آ' => out.push(Letter::A),
            'إ' => out.push(Letter::I),
            'ؤ' => out.push(Letter::U),
            'ة' => out.push(Letter::E),
            'ث' | 'ص' => out.push(Letter::S),
            'ذ' | 'ض' | 'ظ' => out.push(Letter::Z),
            'ح' => out.push(Letter::H),
            'ط' => out.push(Letter::T),
            'ڤ' => out.push(Letter::W),
            // Kazakh/Kyrgyz Arabic script extras.
            'ٵ' => out.push(Letter::A),
            'ٶ' => out.push(Letter::W),
            'ٷ' => out.push(Letter::Ue),
            'ٸ' => out.push(Letter::Y),
            _ => {} // hamza, ain and anything unknown carry no letter
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::letters::to_uly;
    use super::*;

    fn uly(s: &str) -> String {
        let mut v = Vec::new();
        to_letters(s, &mut v);
        to_uly(&v)
    }

    #[test]
    fn converts_names() {
        assert_eq!(uly("ئابدۇرېھىم"), "abdurëhim");
        assert_eq!(uly("تۇرسۇن"), "tursun");
        assert_eq!(uly("ئەيسا"), "eysa");
        assert_eq!(uly("ئىسمائىل"), "isma'il");
        // The hamza of تۇرسۇنئاي (ULY Tursun'ay) is not a letter: both spellings agree.
        assert_eq!(uly("تۇرسۇنئاي"), "tursunay");
        assert_eq!(uly("تۇرسۇناي"), "tursunay");
        assert_eq!(uly("مۇھەممەد"), "muhemmed");
        assert_eq!(uly("رابىيە"), "rabiye");
    }
}
