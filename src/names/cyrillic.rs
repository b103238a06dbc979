//! Uyghur (USY), Kazakh, Kyrgyz and Russian Cyrillic to letters.
//!
//! Russian keyboards lack һ ң ғ қ җ ә ө ү, so people type х н г к ж а о у: those are
//! left as the letters they are and the folding (fold.rs) merges the classes.

use super::letters::Letter;

/// Converts one Cyrillic run (any case).
pub fn to_letters(run: &str, out: &mut Vec<Letter>) {
    for c in run.chars().flat_map(char::to_lowercase) {
        if let Some(l) = Letter::from_cyrillic(c) {
            out.push(l);
            continue;
        }
        match c {
            'я' => out.extend([Letter::Y, Letter::A]),
            'ю' => out.extend([Letter::Y, Letter::U]),
            'ё' => out.extend([Letter::Y, Letter::O]),
            'э' | 'є' => out.push(Letter::E),
            'ы' | 'і' | 'ї' => out.push(Letter::I),
            'ұ' => out.push(Letter::U),
            'ц' => out.extend([Letter::T, Letter::S]),
            'щ' => out.push(Letter::Sh),
            // Kazakh һ written with the Abkhaz/Bashkir look-alike.
            'ҳ' | 'ҕ' => out.push(Letter::H),
            'ҙ' => out.push(Letter::Z),
            'ҫ' => out.push(Letter::S),
            'ӯ' => out.push(Letter::U),
            'ӣ' => out.push(Letter::I),
            'ҷ' => out.push(Letter::J),
            'ӊ' | 'ӈ' => out.push(Letter::Ng),
            'ӂ' => out.push(Letter::J),
            'ў' => out.push(Letter::W),
            _ => {} // ъ, ь and anything unknown carry no sound of their own
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
    fn converts_uyghur_kazakh_kyrgyz_and_russian_keyboard_forms() {
        assert_eq!(uly("Абдурехим"), "abdurëxim");
        assert_eq!(uly("Абдурәһим"), "abdurehim");
        assert_eq!(uly("Турсунай"), "tursunay");
        assert_eq!(uly("Юсуп"), "yusup");
        assert_eq!(uly("Нұрсұлтан"), "nursultan");
        assert_eq!(uly("Ерғали"), "ërghali");
        assert_eq!(uly("Мырзабек"), "mirzabëk");
    }
}
