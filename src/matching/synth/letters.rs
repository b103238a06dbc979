//! Names as sequences of Uyghur letters (names.md §2.1), parsed from ULY or from Kazakh and
//! Kyrgyz Cyrillic, and written back in Arabic script (UEY), ULY and Uyghur Cyrillic (USY).
//!
//! Our own small table rather than `crate::names`: the generator must not share code, or
//! mistakes, with the engine it is used to measure.

/// One letter; `Sep` is a ULY apostrophe: a hamza before a vowel (Tursun'ay) or a separator
/// between letters that would otherwise read as a digraph (Tursun'gül).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[allow(clippy::enum_variant_names)] // L::L is the letter l
pub enum L {
    A,
    E,
    B,
    P,
    T,
    J,
    Ch,
    X,
    D,
    R,
    Z,
    Zh,
    S,
    Sh,
    Gh,
    F,
    Q,
    K,
    G,
    Ng,
    L,
    M,
    N,
    H,
    O,
    U,
    Oe,
    Ue,
    W,
    Ee,
    I,
    Y,
    Sep,
}

/// (letter, UEY, ULY, USY)
const TABLE: [(L, char, &str, &str); 32] = [
    (L::A, 'ا', "a", "а"),
    (L::E, 'ە', "e", "ә"),
    (L::B, 'ب', "b", "б"),
    (L::P, 'پ', "p", "п"),
    (L::T, 'ت', "t", "т"),
    (L::J, 'ج', "j", "җ"),
    (L::Ch, 'چ', "ch", "ч"),
    (L::X, 'خ', "x", "х"),
    (L::D, 'د', "d", "д"),
    (L::R, 'ر', "r", "р"),
    (L::Z, 'ز', "z", "з"),
    (L::Zh, 'ژ', "zh", "ж"),
    (L::S, 'س', "s", "с"),
    (L::Sh, 'ش', "sh", "ш"),
    (L::Gh, 'غ', "gh", "ғ"),
    (L::F, 'ف', "f", "ф"),
    (L::Q, 'ق', "q", "қ"),
    (L::K, 'ك', "k", "к"),
    (L::G, 'گ', "g", "г"),
    (L::Ng, 'ڭ', "ng", "ң"),
    (L::L, 'ل', "l", "л"),
    (L::M, 'م', "m", "м"),
    (L::N, 'ن', "n", "н"),
    (L::H, 'ھ', "h", "һ"),
    (L::O, 'و', "o", "о"),
    (L::U, 'ۇ', "u", "у"),
    (L::Oe, 'ۆ', "ö", "ө"),
    (L::Ue, 'ۈ', "ü", "ү"),
    (L::W, 'ۋ', "w", "в"),
    (L::Ee, 'ې', "ë", "е"),
    (L::I, 'ى', "i", "и"),
    (L::Y, 'ي', "y", "й"),
];

pub const HAMZA: char = 'ئ';

impl L {
    fn row(self) -> &'static (L, char, &'static str, &'static str) {
        // The table lists the letters in declaration order; Sep, last, has no row.
        let row = TABLE
            .get(self as usize)
            .expect("Sep has no row; callers handle it");
        debug_assert_eq!(row.0, self);
        row
    }

    pub fn is_vowel(self) -> bool {
        matches!(
            self,
            L::A | L::E | L::O | L::U | L::Oe | L::Ue | L::Ee | L::I
        )
    }

    pub fn is_consonant(self) -> bool {
        !self.is_vowel() && self != L::Sep
    }

    pub fn arabic(self) -> char {
        self.row().1
    }

    pub fn uly(self) -> &'static str {
        self.row().2
    }

    pub fn cyrillic(self) -> &'static str {
        self.row().3
    }
}

/// Parses ULY (also é for ë and common informal letters); unknown characters are skipped.
pub fn parse_uly(word: &str) -> Vec<L> {
    let chars: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        let (letter, width) = match (chars[i], next) {
            ('c', Some('h')) => (Some(L::Ch), 2),
            ('g', Some('h')) => (Some(L::Gh), 2),
            ('n', Some('g')) => (Some(L::Ng), 2),
            ('s', Some('h')) => (Some(L::Sh), 2),
            ('z', Some('h')) => (Some(L::Zh), 2),
            ('a', _) => (Some(L::A), 1),
            ('e', _) => (Some(L::E), 1),
            ('b', _) => (Some(L::B), 1),
            ('p', _) => (Some(L::P), 1),
            ('t', _) => (Some(L::T), 1),
            ('j', _) => (Some(L::J), 1),
            ('x', _) => (Some(L::X), 1),
            ('d', _) => (Some(L::D), 1),
            ('r', _) => (Some(L::R), 1),
            ('z', _) => (Some(L::Z), 1),
            ('s', _) => (Some(L::S), 1),
            ('f', _) => (Some(L::F), 1),
            ('q', _) => (Some(L::Q), 1),
            ('k', _) => (Some(L::K), 1),
            ('g', _) => (Some(L::G), 1),
            ('l', _) => (Some(L::L), 1),
            ('m', _) => (Some(L::M), 1),
            ('n', _) => (Some(L::N), 1),
            ('h', _) => (Some(L::H), 1),
            ('o', _) => (Some(L::O), 1),
            ('u', _) => (Some(L::U), 1),
            ('ö', _) => (Some(L::Oe), 1),
            ('ü', _) => (Some(L::Ue), 1),
            ('w' | 'v', _) => (Some(L::W), 1),
            ('ë' | 'é', _) => (Some(L::Ee), 1),
            ('i', _) => (Some(L::I), 1),
            ('y', _) => (Some(L::Y), 1),
            ('\'' | '’' | 'ʼ', _) => (Some(L::Sep), 1),
            _ => (None, 1),
        };
        out.extend(letter);
        i += width;
    }
    out
}

/// Letters of a Kazakh or Kyrgyz Cyrillic word, as a Uyghur would spell it: long vowels of
/// Kyrgyz (аа, ээ, уу) written once, у after a vowel as w, ы/і as i.
pub fn parse_kk_cyrillic(word: &str) -> Vec<L> {
    let mut out: Vec<L> = Vec::new();
    for c in word.chars().flat_map(char::to_lowercase) {
        let prev_vowel = out.last().is_some_and(|l| l.is_vowel());
        let letters: &[L] = match c {
            'а' => &[L::A],
            'ә' | 'э' | 'е' => &[L::E],
            'б' => &[L::B],
            'в' => &[L::W],
            'г' => &[L::G],
            'ғ' => &[L::Gh],
            'д' => &[L::D],
            'ё' => &[L::Y, L::O],
            'ж' => &[L::J],
            'з' => &[L::Z],
            'и' | 'ы' | 'і' => &[L::I],
            'й' => &[L::Y],
            'к' => &[L::K],
            'қ' => &[L::Q],
            'л' => &[L::L],
            'м' => &[L::M],
            'н' => &[L::N],
            'ң' => &[L::Ng],
            'о' => &[L::O],
            'ө' => &[L::Oe],
            'п' => &[L::P],
            'р' => &[L::R],
            'с' => &[L::S],
            'т' => &[L::T],
            'у' if out.last() == Some(&L::U) => &[],
            'у' if prev_vowel => &[L::W],
            'у' | 'ұ' => &[L::U],
            'ү' => &[L::Ue],
            'ф' => &[L::F],
            'х' => &[L::X],
            'һ' => &[L::H],
            'ц' => &[L::T, L::S],
            'ч' => &[L::Ch],
            'ш' | 'щ' => &[L::Sh],
            'ю' => &[L::Y, L::U],
            'я' => &[L::Y, L::A],
            _ => &[],
        };
        for &l in letters {
            // Kyrgyz long vowels (Таалай, Мээрим, Айсулуу) are one vowel for a Uyghur.
            if l.is_vowel() && out.last() == Some(&l) {
                continue;
            }
            out.push(l);
        }
    }
    out
}

/// UEY spelling: hamza before a vowel at the start, after a vowel, or where ULY has `'`.
pub fn arabic(word: &[L]) -> String {
    let mut out = String::new();
    let mut after_vowel_or_start = true;
    for &l in word {
        if l == L::Sep {
            after_vowel_or_start = true;
            continue;
        }
        if l.is_vowel() && after_vowel_or_start {
            out.push(HAMZA);
        }
        out.push(l.arabic());
        after_vowel_or_start = l.is_vowel();
    }
    out
}

/// ULY spelling, lower case; `ee` is how ë is written (ë, é or plain e). An apostrophe is
/// written where ULY needs one (a hamza, or n'g g'h s'h z'h c'h across letters).
pub fn uly(word: &[L], ee: &str) -> String {
    let mut out = String::new();
    let mut prev: Option<L> = None;
    for (i, &l) in word.iter().enumerate() {
        if l == L::Sep {
            let next = word.get(i + 1).copied();
            let needed = match (prev, next) {
                (Some(_), Some(n)) if n.is_vowel() => true,
                (Some(p), Some(n)) => digraph_clash(p, n),
                _ => false,
            };
            if needed {
                out.push('\'');
            }
            continue;
        }
        if let Some(p) = prev
            && word.get(i.wrapping_sub(1)) != Some(&L::Sep)
            && digraph_clash(p, l)
        {
            out.push('\'');
        }
        out.push_str(if l == L::Ee { ee } else { l.uly() });
        prev = Some(l);
    }
    out
}

/// Whether writing `a` then `b` in ULY would read as a digraph (n+g as ng, s+h as sh ...).
fn digraph_clash(a: L, b: L) -> bool {
    let last = a.uly().chars().last();
    let first = b.uly().chars().next();
    matches!(
        (last, first),
        (Some('n'), Some('g')) | (Some('g' | 's' | 'z' | 'c'), Some('h'))
    )
}

/// Uyghur Cyrillic (USY), lower case: я/ю for y+a and y+u.
pub fn cyrillic(word: &[L]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < word.len() {
        let l = word[i];
        match (l, word.get(i + 1)) {
            (L::Sep, _) => {}
            (L::Y, Some(L::A)) => {
                out.push('я');
                i += 1;
            }
            (L::Y, Some(L::U)) => {
                out.push('ю');
                i += 1;
            }
            _ => out.push_str(l.cyrillic()),
        }
        i += 1;
    }
    out
}

/// Upper-cases the first letter (Turkish rules turn i into İ when `turkish`).
pub fn capitalise(word: &str, turkish: bool) -> String {
    let mut chars = word.chars();
    match chars.next() {
        None => String::new(),
        Some('i') if turkish => format!("İ{}", chars.as_str()),
        Some(first) => first.to_uppercase().chain(chars).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uly_round_trips_with_apostrophes() {
        for name in [
            "abdurëhim",
            "tursun'gül",
            "tursun'ay",
            "ilham",
            "shöhret",
            "reyhan'gül",
            "nurmemet",
            "yüsüp",
        ] {
            assert_eq!(uly(&parse_uly(name), "ë"), name);
        }
        assert_eq!(uly(&parse_uly("Abdurëhim"), "é"), "abduréhim");
        // Without the apostrophe Tursun'gül would read as ...ng...
        assert_eq!(parse_uly("tursun'gül")[5], L::N);
        assert_eq!(parse_uly("tursungül")[5], L::Ng);
    }

    #[test]
    fn arabic_has_hamza_where_uey_writes_it() {
        assert_eq!(arabic(&parse_uly("ilham")), "ئىلھام");
        assert_eq!(arabic(&parse_uly("abdurëhim")), "ئابدۇرېھىم");
        assert_eq!(arabic(&parse_uly("tursun'ay")), "تۇرسۇنئاي");
        assert_eq!(arabic(&parse_uly("tursun'gül")), "تۇرسۇنگۈل");
        assert_eq!(arabic(&parse_uly("eysa")), "ئەيسا");
    }

    #[test]
    fn cyrillic_uses_ya_and_yu() {
        assert_eq!(cyrillic(&parse_uly("yasin")), "ясин");
        assert_eq!(cyrillic(&parse_uly("yüsüp")), "йүсүп");
        assert_eq!(cyrillic(&parse_uly("yunus")), "юнус");
        assert_eq!(
            cyrillic(&parse_uly("abdurëhim")),
            "абдурeһим".replace('e', "е")
        );
    }

    #[test]
    fn kazakh_and_kyrgyz_cyrillic_become_letters() {
        assert_eq!(uly(&parse_kk_cyrillic("Нұрлан"), "ë"), "nurlan");
        assert_eq!(uly(&parse_kk_cyrillic("Қайрат"), "ë"), "qayrat");
        assert_eq!(uly(&parse_kk_cyrillic("Дәурен"), "ë"), "dewren");
        assert_eq!(uly(&parse_kk_cyrillic("Таалай"), "ë"), "talay");
        assert_eq!(uly(&parse_kk_cyrillic("Айсулуу"), "ë"), "aysulu");
        assert_eq!(uly(&parse_kk_cyrillic("Жәнібек"), "ë"), "jenibek");
    }

    #[test]
    fn capitalise_knows_turkish_i() {
        assert_eq!(capitalise("ilham", true), "İlham");
        assert_eq!(capitalise("ilham", false), "Ilham");
        assert_eq!(capitalise("ömer", false), "Ömer");
    }
}
