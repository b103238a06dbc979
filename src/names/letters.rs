//! The 32 letters of the Uyghur alphabet and their UEY (Arabic), ULY (Latin) and USY
//! (Cyrillic) forms (names.md §2.1). Every script is converted into a sequence of
//! [`Letter`]s; the strict renderers and parsers here are the exact letter tables, and
//! round-trip by construction (see the tests and `proptests.rs`).

/// One Uyghur letter. `E` is ە (ULY e, USY ә); `Ee` is ې (ULY ë, USY е).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub enum Letter {
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
}

/// (letter, UEY, ULY, USY) in alphabetical order of the UEY alphabet.
const TABLE: [(Letter, char, &str, char); 32] = [
    (Letter::A, 'ا', "a", 'а'),
    (Letter::E, 'ە', "e", 'ә'),
    (Letter::B, 'ب', "b", 'б'),
    (Letter::P, 'پ', "p", 'п'),
    (Letter::T, 'ت', "t", 'т'),
    (Letter::J, 'ج', "j", 'җ'),
    (Letter::Ch, 'چ', "ch", 'ч'),
    (Letter::X, 'خ', "x", 'х'),
    (Letter::D, 'د', "d", 'д'),
    (Letter::R, 'ر', "r", 'р'),
    (Letter::Z, 'ز', "z", 'з'),
    (Letter::Zh, 'ژ', "zh", 'ж'),
    (Letter::S, 'س', "s", 'с'),
    (Letter::Sh, 'ش', "sh", 'ш'),
    (Letter::Gh, 'غ', "gh", 'ғ'),
    (Letter::F, 'ف', "f", 'ф'),
    (Letter::Q, 'ق', "q", 'қ'),
    (Letter::K, 'ك', "k", 'к'),
    (Letter::G, 'گ', "g", 'г'),
    (Letter::Ng, 'ڭ', "ng", 'ң'),
    (Letter::L, 'ل', "l", 'л'),
    (Letter::M, 'م', "m", 'м'),
    (Letter::N, 'ن', "n", 'н'),
    (Letter::H, 'ھ', "h", 'һ'),
    (Letter::O, 'و', "o", 'о'),
    (Letter::U, 'ۇ', "u", 'у'),
    (Letter::Oe, 'ۆ', "ö", 'ө'),
    (Letter::Ue, 'ۈ', "ü", 'ү'),
    (Letter::W, 'ۋ', "w", 'в'),
    (Letter::Ee, 'ې', "ë", 'е'),
    (Letter::I, 'ى', "i", 'и'),
    (Letter::Y, 'ي', "y", 'й'),
];

/// UEY hamza carrier, written before a vowel that starts a word or follows a vowel.
pub const HAMZA: char = 'ئ';

/// Every letter, in table order.
pub fn all() -> impl Iterator<Item = Letter> {
    TABLE.iter().map(|row| row.0)
}

impl Letter {
    fn row(self) -> &'static (Letter, char, &'static str, char) {
        &TABLE[self as usize]
    }

    pub fn arabic(self) -> char {
        self.row().1
    }

    pub fn latin(self) -> &'static str {
        self.row().2
    }

    pub fn cyrillic(self) -> char {
        self.row().3
    }

    pub fn is_vowel(self) -> bool {
        matches!(
            self,
            Letter::A
                | Letter::E
                | Letter::O
                | Letter::U
                | Letter::Oe
                | Letter::Ue
                | Letter::Ee
                | Letter::I
        )
    }

    /// Exact UEY letter (after Unicode hygiene), without the hamza carrier.
    pub fn from_arabic(c: char) -> Option<Letter> {
        TABLE.iter().find(|row| row.1 == c).map(|row| row.0)
    }

    /// Exact USY letter, lower case.
    pub fn from_cyrillic(c: char) -> Option<Letter> {
        TABLE.iter().find(|row| row.3 == c).map(|row| row.0)
    }
}

/// UEY spelling of one word: hamza before a word-initial vowel or a vowel after a vowel.
pub fn to_arabic(word: &[Letter]) -> String {
    let mut out = String::new();
    let mut prev_vowel = true;
    for &l in word {
        if l.is_vowel() && prev_vowel {
            out.push(HAMZA);
        }
        out.push(l.arabic());
        prev_vowel = l.is_vowel();
    }
    out
}

/// Strict UEY parse: the inverse of [`to_arabic`]. Unknown characters are skipped.
pub fn from_arabic(word: &str) -> Vec<Letter> {
    word.chars().filter_map(Letter::from_arabic).collect()
}

/// USY spelling: я/ю for y+a and y+u.
pub fn to_cyrillic(word: &[Letter]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < word.len() {
        match (word[i], word.get(i + 1)) {
            (Letter::Y, Some(Letter::A)) => {
                out.push('я');
                i += 2;
            }
            (Letter::Y, Some(Letter::U)) => {
                out.push('ю');
                i += 2;
            }
            (l, _) => {
                out.push(l.cyrillic());
                i += 1;
            }
        }
    }
    out
}

/// Strict USY parse: the inverse of [`to_cyrillic`].
pub fn from_cyrillic(word: &str) -> Vec<Letter> {
    let mut out = Vec::new();
    for c in word.chars() {
        match c {
            'я' => out.extend([Letter::Y, Letter::A]),
            'ю' => out.extend([Letter::Y, Letter::U]),
            _ => out.extend(Letter::from_cyrillic(c)),
        }
    }
    out
}

/// Would these two letters, written one after the other in ULY, read as a digraph?
fn uly_needs_apostrophe(a: Letter, b: Letter) -> bool {
    // The first letter's last char followed by the second's first char forms a digraph.
    let last = a.latin().chars().next_back();
    let first = b.latin().chars().next();
    matches!(
        (last, first),
        (Some('c' | 's' | 'g' | 'z' | 'k'), Some('h')) | (Some('n'), Some('g'))
    ) || matches!((a, b), (Letter::D, Letter::J | Letter::Zh))
        || (a.is_vowel() && b.is_vowel())
}

/// ULY spelling with the separating apostrophe (n'g, s'h, Tursun'ay-style vowel hiatus).
pub fn to_uly(word: &[Letter]) -> String {
    let mut out = String::new();
    for (i, &l) in word.iter().enumerate() {
        if i > 0 && uly_needs_apostrophe(word[i - 1], l) {
            out.push('\'');
        }
        out.push_str(l.latin());
    }
    out
}

/// The canonical Latin spelling of a part: ULY, except that ڭ before a vowel is `ñ`, so
/// that informal-Latin parsing (which reads `ng` + vowel as n+g) gives the same letters.
pub fn to_canonical_latin(word: &[Letter]) -> String {
    // Two bytes per letter covers every spelling but the rare apostrophe.
    let mut out = String::with_capacity(2 * word.len() + 2);
    for (i, &l) in word.iter().enumerate() {
        if i > 0 && uly_needs_apostrophe(word[i - 1], l) {
            out.push('\'');
        }
        if l == Letter::Ng && word.get(i + 1).is_some_and(|n| n.is_vowel()) {
            out.push('ñ');
        } else {
            out.push_str(l.latin());
        }
    }
    out
}

/// Strict ULY parse: longest match over the table; an apostrophe only separates.
pub fn from_uly(word: &str) -> Vec<Letter> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if i + 1 < chars.len() {
            let pair: String = chars[i..i + 2].iter().collect();
            if let Some(row) = TABLE.iter().find(|row| row.2 == pair) {
                out.push(row.0);
                i += 2;
                continue;
            }
        }
        let single = chars[i].to_string();
        if let Some(row) = TABLE.iter().find(|row| row.2 == single) {
            out.push(row.0);
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_indexed_by_discriminant() {
        for (i, row) in TABLE.iter().enumerate() {
            assert_eq!(row.0 as usize, i);
        }
    }

    #[test]
    fn every_letter_round_trips_through_each_script() {
        for l in all() {
            assert_eq!(Letter::from_arabic(l.arabic()), Some(l));
            assert_eq!(Letter::from_cyrillic(l.cyrillic()), Some(l));
            assert_eq!(from_uly(l.latin()), vec![l]);
        }
    }

    #[test]
    fn apostrophe_rule_matches_the_spelled_out_digraphs() {
        // The allocating formulation it replaced: the chars where the spellings meet.
        let spelled = |a: Letter, b: Letter| {
            let merged = format!("{}{}", a.latin(), b.latin());
            let first_two: String = merged
                .chars()
                .skip(a.latin().chars().count() - 1)
                .take(2)
                .collect();
            matches!(first_two.as_str(), "ch" | "sh" | "gh" | "ng" | "zh" | "kh")
                || matches!((a, b), (Letter::D, Letter::J | Letter::Zh))
                || (a.is_vowel() && b.is_vowel())
        };
        for a in all() {
            for b in all() {
                assert_eq!(uly_needs_apostrophe(a, b), spelled(a, b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn known_names() {
        let w = from_uly("abdurëhim");
        assert_eq!(to_arabic(&w), "ئابدۇرېھىم");
        assert_eq!(to_cyrillic(&w), "абдуреһим");
        assert_eq!(to_uly(&from_arabic("تۇرسۇنگۈل")), "tursun'gül");
        assert_eq!(to_uly(&from_arabic("ئىسمائىل")), "isma'il");
        assert_eq!(to_cyrillic(&from_uly("yüsüp")), "йүсүп");
        assert_eq!(to_cyrillic(&from_uly("yusup")), "юсуп");
    }
}
