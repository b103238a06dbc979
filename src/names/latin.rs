//! Latin-script names to letters: ULY (with ë/é, ö, ü and the separating apostrophe),
//! informal ASCII Uyghur, Turkish (ş ç ğ ı, c = j), Kazakh Latin 2021, Kyrgyz practical
//! Latin, Russian-passport style (kh, zh, dzh) and Azerbaijani/Uzbek letters (ə, oʻ).

use smallvec::SmallVec;

use super::letters::Letter;

/// Apostrophe-like characters: ULY separators or hamza marks, never letters.
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | '`' | '´' | 'ʹ' | 'ʿ' | 'ʾ' | '′'
    )
}

/// One lower-case character, diacritics resolved to a letter where they decide it.
enum Item {
    Letter(Letter),
    Ascii(u8),
    Break,
}

fn classify(c: char) -> Option<Item> {
    use Letter as L;
    let l = match c {
        'á' | 'à' | 'â' | 'ā' | 'ã' | 'å' | 'ą' | 'ǎ' => L::A,
        'ä' | 'ə' | 'ǝ' | 'æ' => L::E,
        'ë' | 'é' | 'è' | 'ê' | 'ē' | 'ė' | 'ę' | 'ě' => L::Ee,
        'ı' | 'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ɨ' | 'ǐ' => L::I,
        'ó' | 'ò' | 'ô' | 'ō' | 'õ' | 'ǒ' => L::O,
        'ö' | 'ø' | 'ő' | 'œ' => L::Oe,
        'ú' | 'ù' | 'û' | 'ū' | 'ů' | 'ǔ' => L::U,
        'ü' | 'ű' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => L::Ue,
        'ş' | 'ș' | 'š' | 'ś' => L::Sh,
        'ç' | 'č' | 'ć' => L::Ch,
        'ğ' | 'ǵ' | 'ġ' | 'ǧ' => L::Gh,
        'ñ' | 'ń' | 'ŋ' | 'ň' => L::Ng,
        'ž' | 'ż' | 'ź' => L::Zh,
        'ý' | 'ÿ' => L::Y,
        'ḥ' | 'ħ' => L::H,
        'ḫ' | 'ẖ' => L::X,
        'ţ' | 'ț' | 'ť' => L::T,
        'ď' | 'đ' => L::D,
        'ł' | 'ľ' => L::L,
        'ř' => L::R,
        c if c.is_ascii_lowercase() => return Some(Item::Ascii(c as u8)),
        c if is_apostrophe(c) => return Some(Item::Break),
        _ => return None,
    };
    Some(Item::Letter(l))
}

fn is_ascii_vowel(b: Option<u8>) -> bool {
    matches!(b, Some(b'a' | b'e' | b'i' | b'o' | b'u'))
}

/// Lower-cases a Latin run char by char (no string is built), dotted/dotless I handled
/// so that Turkish İ/I and plain I all give a vowel i.
pub fn for_each_lower(run: &str, mut f: impl FnMut(char)) {
    for c in run.chars() {
        match c {
            // ASCII lower-cases to one ASCII char (I to the vowel i).
            c if c.is_ascii() => f(c.to_ascii_lowercase()),
            'İ' => f('i'),
            '\u{0307}' => {}
            c => c
                .to_lowercase()
                .filter(|&c| c != '\u{0307}')
                .for_each(&mut f),
        }
    }
}

/// How a Latin word is written, from the letters it uses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LatinStyle {
    /// Standard Uyghur Latin (ULY): ë/é, or ö/ü (which informal writing drops).
    Uly,
    /// Turkish orthography: ş ç ğ ı İ.
    Turkish,
    /// Anything else: ASCII with English habits (kh, sh, ee), passport style, typed
    /// without diacritics.
    Informal,
}

/// The style of a Latin word (see [`LatinStyle`]).
pub fn style(run: &str) -> LatinStyle {
    let mut uly = false;
    for c in run.chars() {
        match c {
            'ş' | 'Ş' | 'ç' | 'Ç' | 'ğ' | 'Ğ' | 'ı' | 'İ' => return LatinStyle::Turkish,
            'ë' | 'é' | 'Ë' | 'É' | 'ö' | 'ü' | 'Ö' | 'Ü' => uly = true,
            _ => {}
        }
    }
    if uly {
        LatinStyle::Uly
    } else {
        LatinStyle::Informal
    }
}

/// The Uyghur form of an Arabic-origin name as Turkish and English write it, if it
/// differs: the article of Abd-al- before a consonant (Abdulkadir, Abdülkerim =
/// Abduqadir, Abdukërim) and -eddin/-ettin/-uddin (Celaleddin, Nurettin = Jalalidin,
/// Nuridin), which Uyghur writes -idin.
pub fn name_form(letters: &[Letter]) -> Option<Vec<Letter>> {
    use Letter as L;
    // Neither rule can apply (the usual case): no copy.
    if !matches!(letters.first(), Some(L::A)) && !letters.ends_with(&[L::I, L::N]) {
        return None;
    }
    let mut out = letters.to_vec();
    let mut changed = false;
    if out.len() > 6
        && matches!(
            out[..5],
            [L::A, L::B | L::P, L::D | L::T, L::U | L::Ue, L::L]
        )
        && !out[5].is_vowel()
        && out[5] != L::L
    {
        out.remove(4);
        changed = true;
    }
    let n = out.len();
    if n >= 7 && matches!(out[n - 2..], [L::I, L::N]) {
        let dental = |l: &L| matches!(l, L::D | L::T);
        let doubled = dental(&out[n - 3]) && dental(&out[n - 4]) && out[n - 5].is_vowel();
        let single = dental(&out[n - 3]) && out[n - 4].is_vowel() && out[n - 4] != L::I;
        if doubled {
            out.splice(n - 5..n - 2, [L::I, L::D]);
            changed = true;
        } else if single {
            out[n - 4] = L::I;
            out[n - 3] = L::D;
            changed = true;
        }
    }
    changed.then_some(out)
}

/// Converts one Latin run (any case) to letters.
pub fn to_letters(run: &str, out: &mut Vec<Letter>) {
    use Letter as L;
    let mut items: SmallVec<[Item; 32]> = SmallVec::new();
    for_each_lower(run, |c| items.extend(classify(c)));
    let ascii = |i: usize| match items.get(i) {
        Some(Item::Ascii(b)) => Some(*b),
        _ => None,
    };
    let vowel_at = |i: usize| match items.get(i) {
        Some(Item::Ascii(b)) => is_ascii_vowel(Some(*b)),
        Some(Item::Letter(l)) => l.is_vowel(),
        _ => false,
    };
    let mut i = 0;
    while i < items.len() {
        let b = match items[i] {
            Item::Letter(l) => {
                out.push(l);
                i += 1;
                continue;
            }
            Item::Break => {
                i += 1;
                continue;
            }
            Item::Ascii(b) => b,
        };
        let next = ascii(i + 1);
        let (letters, used): (&[Letter], usize) = match (b, next) {
            // English habits: ee = i (Kadeer = Qadir), oo = u.
            (b'e', Some(b'e')) => (&[L::I], 2),
            (b'o', Some(b'o')) => (&[L::U], 2),
            (b'd', Some(b'z')) if ascii(i + 2) == Some(b'h') => (&[L::J], 3),
            (b'd', Some(b'j')) => (&[L::J], 2),
            (b'c', Some(b'h')) => (&[L::Ch], 2),
            (b's', Some(b'h')) => (&[L::Sh], 2),
            (b'z', Some(b'h')) => (&[L::Zh], 2),
            (b'g', Some(b'h')) => (&[L::Gh], 2),
            (b'k', Some(b'h')) => (&[L::X], 2),
            // Informal writing drops the ULY n'g apostrophe: before a vowel, n+g is the
            // usual reading in names (Tursungul = Tursun'gül), ng otherwise (Mengli).
            (b'n', Some(b'g')) if !vowel_at(i + 2) => (&[L::Ng], 2),
            (b'o', Some(b'u')) => (&[L::U], 2),
            (b'a', _) => (&[L::A], 1),
            (b'b', _) => (&[L::B], 1),
            // Turkish and Common Turkic c is the sound j (Cemile = Jemile).
            (b'c', _) => (&[L::J], 1),
            (b'd', _) => (&[L::D], 1),
            (b'e', _) => (&[L::E], 1),
            (b'f', _) => (&[L::F], 1),
            (b'g', _) => (&[L::G], 1),
            (b'h', _) => (&[L::H], 1),
            (b'i', _) => (&[L::I], 1),
            (b'j', _) => (&[L::J], 1),
            (b'k', _) => (&[L::K], 1),
            (b'l', _) => (&[L::L], 1),
            (b'm', _) => (&[L::M], 1),
            (b'n', _) => (&[L::N], 1),
            (b'o', _) => (&[L::O], 1),
            (b'p', _) => (&[L::P], 1),
            (b'q', _) => (&[L::Q], 1),
            (b'r', _) => (&[L::R], 1),
            (b's', _) => (&[L::S], 1),
            (b't', _) => (&[L::T], 1),
            (b'u', _) => (&[L::U], 1),
            (b'v' | b'w', _) => (&[L::W], 1),
            (b'x', _) => (&[L::X], 1),
            (b'y', _) => (&[L::Y], 1),
            (b'z', _) => (&[L::Z], 1),
            _ => (&[], 1),
        };
        out.extend_from_slice(letters);
        i += used;
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
    fn uly_and_informal() {
        assert_eq!(uly("Abdurëhim"), "abdurëhim");
        assert_eq!(uly("Abdurehim"), "abdurehim");
        assert_eq!(uly("Tursun'gül"), "tursun'gül");
        assert_eq!(uly("Tursungul"), "tursun'gul");
        assert_eq!(uly("Tursungül"), "tursun'gül");
        assert_eq!(uly("Mengli"), "mengli");
        assert_eq!(uly("Isma'il"), "isma'il");
        assert_eq!(uly("SHOHRET"), "shohret");
    }

    #[test]
    fn english_habits() {
        assert_eq!(uly("Kadeer"), "kadir");
        assert_eq!(uly("Yusup"), "yusup");
        assert_eq!(uly("Ayshe"), "ayshe");
    }

    #[test]
    fn styles() {
        assert_eq!(style("Abdurëhim"), LatinStyle::Uly);
        assert_eq!(style("Tursun'gül"), LatinStyle::Uly);
        assert_eq!(style("Abdureşit"), LatinStyle::Turkish);
        assert_eq!(style("İlham"), LatinStyle::Turkish);
        assert_eq!(style("Abdurehim"), LatinStyle::Informal);
    }

    #[test]
    fn arabic_name_forms() {
        let form = |s: &str| {
            let mut v = Vec::new();
            to_letters(s, &mut v);
            name_form(&v).map(|f| to_uly(&f))
        };
        assert_eq!(form("Abdulkadir").as_deref(), Some("abdukadir"));
        assert_eq!(form("Abdülkerim").as_deref(), Some("abdükerim"));
        assert_eq!(form("Celaleddin").as_deref(), Some("jelalidin"));
        assert_eq!(form("Nurettin").as_deref(), Some("nuridin"));
        // Abdulla keeps its l (it is Allah's), short names and -idin are left alone.
        assert_eq!(form("Abdulla"), None);
        assert_eq!(form("Jalalidin"), None);
        assert_eq!(form("Tursun"), None);
    }

    #[test]
    fn turkish_and_passport_forms() {
        assert_eq!(uly("Şükrü"), "shükrü");
        assert_eq!(uly("Cemile"), "jemile");
        assert_eq!(uly("İLHAM"), "ilham");
        assert_eq!(uly("Dzhusup"), "jusup");
        assert_eq!(uly("Khadicha"), "xadicha");
        assert_eq!(uly("Ömer"), "ömer");
        assert_eq!(uly("Nursəltan"), "nurseltan");
    }
}
