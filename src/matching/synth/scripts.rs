//! Writing one name in the seven script conventions of the name sets (names.md §2; the
//! labels of `tests/data/names-dev.tsv`): `uey`, `uly`, `usy`, `latin_informal`, `turkish`,
//! `chinese`, `pinyin`. Every form draws its own spelling habits ([`Style`]), so one person's
//! name comes out differently from different relatives, as it does in real life.

use super::data::{Ethnicity, NAMES, NameEntry, Sex};
use super::hanzi::{self, PinyinStyle, Syllable};
use super::letters::{self, L, capitalise};
use super::rng::Rng;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    Uey,
    Uly,
    Usy,
    LatinInformal,
    Turkish,
    Chinese,
    Pinyin,
}

impl Label {
    pub const ALL: [Label; 7] = [
        Label::Uey,
        Label::Uly,
        Label::Usy,
        Label::LatinInformal,
        Label::Turkish,
        Label::Chinese,
        Label::Pinyin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Uey => "uey",
            Label::Uly => "uly",
            Label::Usy => "usy",
            Label::LatinInformal => "latin_informal",
            Label::Turkish => "turkish",
            Label::Chinese => "chinese",
            Label::Pinyin => "pinyin",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// An affix that is part of how a name is used: affective -jan (men) or -xan (women).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Affix {
    None,
    Jan,
    Xan,
}

impl Affix {
    fn letters(self) -> &'static [L] {
        match self {
            Affix::None => &[],
            Affix::Jan => &[L::J, L::A, L::N],
            Affix::Xan => &[L::X, L::A, L::N],
        }
    }

    fn cyrillic(self) -> &'static str {
        match self {
            Affix::None => "",
            Affix::Jan => "жан",
            Affix::Xan => "хан",
        }
    }
}

/// A given name as someone carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    pub name: u16,
    pub affix: Affix,
}

impl Token {
    pub fn plain(name: u16) -> Self {
        Token {
            name,
            affix: Affix::None,
        }
    }

    pub fn entry(self) -> &'static NameEntry {
        NAMES.get(self.name)
    }

    pub fn letters(self) -> Vec<L> {
        let mut letters = self.entry().letters.clone();
        letters.extend_from_slice(self.affix.letters());
        letters
    }
}

/// How the father's name is attached to one's own in a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Patronym {
    /// As Uyghurs and PRC documents write it: just the father's given name.
    Plain,
    /// Kazakh -ұлы / -қызы, Kyrgyz уулу / кызы.
    Child(Sex),
    /// A Russian-style surname from the father's name: -ov / -ova.
    Surname(Sex),
}

/// The spelling habits of one written form, drawn afresh for each form.
pub struct Style {
    ee: &'static str,
    ee_latin: &'static str,
    russian: bool,
    ru_e: &'static str,
    ru_j: &'static str,
    soft_l: bool,
    final_ya: bool,
    x: &'static str,
    q: &'static str,
    gh: &'static str,
    j: &'static str,
    w: &'static str,
    oe: &'static str,
    ue: &'static str,
    e_to_a: f64,
    y_as_i: bool,
    standard_form: bool,
    tr_gh: &'static str,
    tr_ee: &'static str,
    ng: &'static str,
    kk_zh: &'static str,
    kk_q: &'static str,
    kk_gh: &'static str,
    kk_x: &'static str,
    kk_y: &'static str,
    kk_ye: bool,
    kk_ae: &'static str,
    separator: &'static str,
    pinyin: PinyinStyle,
    fused_patronym: bool,
    add_a: bool,
}

impl Style {
    pub fn draw(rng: &mut Rng) -> Style {
        let pick = |rng: &mut Rng, options: &[(&'static str, u32)]| rng.pick_weighted(options);
        Style {
            ee: pick(rng, &[("ë", 45), ("é", 35), ("e", 20)]),
            ee_latin: pick(rng, &[("e", 70), ("i", 30)]),
            russian: rng.chance(0.55),
            ru_e: pick(rng, &[("е", 55), ("а", 45)]),
            ru_j: pick(rng, &[("ж", 80), ("дж", 20)]),
            soft_l: rng.chance(0.5),
            final_ya: rng.chance(0.6),
            x: pick(rng, &[("kh", 45), ("h", 45), ("x", 10)]),
            q: pick(rng, &[("k", 65), ("q", 35)]),
            gh: pick(rng, &[("gh", 50), ("g", 50)]),
            j: pick(rng, &[("j", 85), ("zh", 10), ("dj", 5)]),
            w: pick(rng, &[("w", 60), ("v", 40)]),
            oe: pick(rng, &[("o", 80), ("u", 10), ("oe", 10)]),
            ue: pick(rng, &[("u", 85), ("ue", 10), ("yu", 5)]),
            e_to_a: if rng.chance(0.4) { 0.35 } else { 0.0 },
            y_as_i: rng.chance(0.3),
            standard_form: rng.chance(0.3),
            tr_gh: pick(rng, &[("ğ", 70), ("g", 30)]),
            tr_ee: pick(rng, &[("e", 75), ("i", 25)]),
            ng: pick(rng, &[("ng", 70), ("n", 30)]),
            kk_zh: pick(rng, &[("zh", 70), ("j", 25), ("dzh", 5)]),
            kk_q: pick(rng, &[("k", 80), ("q", 20)]),
            kk_gh: pick(rng, &[("g", 70), ("gh", 30)]),
            kk_x: pick(rng, &[("kh", 60), ("h", 40)]),
            kk_y: pick(rng, &[("y", 60), ("i", 40)]),
            kk_ye: rng.chance(0.4),
            kk_ae: pick(rng, &[("a", 85), ("ae", 5), ("e", 10)]),
            separator: pick(
                rng,
                &[
                    ("·", 80),
                    ("•", 4),
                    ("・", 4),
                    (".", 4),
                    (" ", 4),
                    ("-", 2),
                    (" · ", 2),
                ],
            ),
            pinyin: match rng.weighted(&[70, 8, 4, 18]) {
                0 => PinyinStyle::Plain,
                1 => PinyinStyle::Apostrophes,
                2 => PinyinStyle::Tones,
                _ => PinyinStyle::Passport,
            },
            fused_patronym: rng.chance(0.7),
            add_a: rng.chance(0.3),
        }
    }

    pub fn separator(&self) -> &'static str {
        self.separator
    }

    pub fn pinyin(&self) -> PinyinStyle {
        self.pinyin
    }
}

fn is_kk(entry: &NameEntry) -> bool {
    entry.ethnicity != Ethnicity::Uyghur
}

// ---- Uyghur letters in each convention -------------------------------------------------

fn informal_letters(rng: &mut Rng, word: &[L], st: &Style) -> String {
    let mut out = String::new();
    for (i, &l) in word.iter().enumerate() {
        let prev_vowel = i > 0 && word[i - 1].is_vowel();
        let next_consonant_or_end = word.get(i + 1).is_none_or(|n| !n.is_vowel());
        out.push_str(match l {
            L::E if rng.chance(st.e_to_a) => "a",
            L::Ee => st.ee_latin,
            L::Oe => st.oe,
            L::Ue => st.ue,
            L::X => st.x,
            L::Q => st.q,
            L::Gh => st.gh,
            L::J => st.j,
            L::W => st.w,
            L::Y if st.y_as_i && prev_vowel && next_consonant_or_end => "i",
            L::Sep => "",
            other => other.uly(),
        });
    }
    out
}

fn turkish_letters(word: &[L], st: &Style) -> String {
    let mut out = String::new();
    for (i, &l) in word.iter().enumerate() {
        let last = i + 1 == word.len();
        out.push_str(match l {
            L::Ee => st.tr_ee,
            L::J => "c",
            L::Ch => "ç",
            L::X | L::H => "h",
            L::D if last => "t",
            L::B if last => "p",
            L::G if last => "k",
            L::Zh => "j",
            L::Sh => "ş",
            L::Gh => st.tr_gh,
            L::Q => "k",
            L::Ng => st.ng,
            L::W => "v",
            L::Sep => "",
            other => other.uly(),
        });
    }
    out
}

/// Uyghur in Cyrillic as typed on a Russian keyboard: Ильхам, Абдурехим, Рахиля.
fn russian_letters(word: &[L], st: &Style) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < word.len() {
        let l = word[i];
        let next = word.get(i + 1).copied();
        let last = next.is_none();
        match (l, next) {
            (L::Y, Some(L::A)) => {
                out.push('я');
                i += 1;
            }
            (L::Y, Some(L::U | L::Ue)) => {
                out.push('ю');
                i += 1;
            }
            (L::E, _) if i == 0 => out.push('э'),
            (L::E, _) if last && i > 0 && word[i - 1] == L::L && st.final_ya => {
                // Рахиля: л + final ә is written ля, with no soft sign.
                out.push('я');
            }
            (L::E, _) => out.push_str(st.ru_e),
            (L::Ee, _) => out.push('е'),
            (L::Oe, _) => out.push('о'),
            (L::Ue, _) => out.push('у'),
            (L::J, _) => out.push_str(st.ru_j),
            (L::X | L::H, _) => out.push('х'),
            (L::Gh | L::G, _) => out.push('г'),
            (L::Q | L::K, _) => out.push('к'),
            (L::Ng, _) => out.push_str(if st.ng == "ng" { "нг" } else { "н" }),
            (L::L, n) => {
                out.push('л');
                let soft = match n {
                    Some(n) => n.is_consonant(),
                    None => true,
                };
                if st.soft_l && soft && !(last && word.len() > 1 && st.final_ya) {
                    out.push('ь');
                }
            }
            (L::Sep, _) => {}
            (other, _) => out.push_str(other.cyrillic()),
        }
        i += 1;
    }
    out
}

fn uey_noise(rng: &mut Rng, word: String) -> String {
    let mut w = word;
    // Old keyboards and fonts: ه for final ە, Persian ی for ى, a missing initial hamza.
    if w.ends_with('ە') && rng.chance(0.08) {
        w.pop();
        w.push('ه');
    }
    if rng.chance(0.03) {
        w = w.replace('ى', "ی");
    }
    if w.starts_with(letters::HAMZA) && rng.chance(0.04) {
        w = w.chars().skip(1).collect();
    }
    w
}

// ---- Kazakh and Kyrgyz Cyrillic in each convention ----------------------------------

fn russian_from_kk(word: &str, st: &Style, female: bool) -> String {
    let chars: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let mapped = match c {
            'ә' => 'а',
            'ғ' => 'г',
            'қ' => 'к',
            'ң' => 'н',
            'ө' => 'о',
            'ұ' | 'ү' => 'у',
            'һ' => 'х',
            'і' => 'и',
            other => other,
        };
        out.push(mapped);
        if mapped == 'л' && st.soft_l && next.is_none_or(|n| !"аәеёиоөуұүыіэюя".contains(n))
        {
            out.push('ь');
        }
    }
    if female && st.add_a && out.ends_with(['р', 'л', 'н', 'т', 'з']) {
        out.push('а');
    }
    out
}

fn latin_from_kk(word: &str, st: &Style) -> String {
    let chars: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev_vowel = i > 0 && "аәеёиоөуұүыіэюя".contains(chars[i - 1]);
        out.push_str(match c {
            'а' => "a",
            'ә' => st.kk_ae,
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'ғ' => st.kk_gh,
            'д' => "d",
            'е' if i == 0 && st.kk_ye => "ye",
            'е' | 'э' => "e",
            'ё' => "yo",
            'ж' => st.kk_zh,
            'з' => "z",
            'и' | 'і' => "i",
            'й' if prev_vowel => st.kk_y,
            'й' => "y",
            'к' => "k",
            'қ' => st.kk_q,
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'ң' => st.ng,
            'о' => "o",
            'ө' => st.oe,
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' | 'ұ' => "u",
            'ү' => st.ue,
            'ф' => "f",
            'х' | 'һ' => st.kk_x,
            'ц' => "ts",
            'ч' => "ch",
            'ш' | 'щ' => "sh",
            'ы' => st.kk_y,
            'ю' => "yu",
            'я' => "ya",
            _ => "",
        });
    }
    out
}

fn turkish_from_kk(word: &str, st: &Style) -> String {
    let chars: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::new();
    for &c in &chars {
        out.push_str(match c {
            'а' => "a",
            'ә' => "e",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'ғ' => st.tr_gh,
            'д' => "d",
            'е' | 'э' => "e",
            'ё' => "yo",
            'ж' => "c",
            'з' => "z",
            'и' | 'і' => "i",
            'й' => "y",
            'к' | 'қ' => "k",
            'л' => "l",
            'м' => "m",
            'н' | 'ң' => "n",
            'о' => "o",
            'ө' => "ö",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' | 'ұ' => "u",
            'ү' => "ü",
            'ф' => "f",
            'х' | 'һ' => "h",
            'ц' => "ts",
            'ч' => "ç",
            'ш' | 'щ' => "ş",
            'ы' => "ı",
            'ю' => "yu",
            'я' => "ya",
            _ => "",
        });
    }
    out
}

// ---- Whole words -------------------------------------------------------------------------

/// One given name (with its affix) in a Latin, Arabic or Cyrillic convention, lower case
/// unless the convention capitalises.
fn base_word(rng: &mut Rng, label: Label, token: Token, st: &Style) -> String {
    let entry = token.entry();
    let female = entry.sex == Sex::Female;
    if let Some(cyr) = entry.cyrillic {
        let native = format!("{}{}", cyr.to_lowercase(), token.affix.cyrillic());
        return match label {
            Label::Usy if st.russian => capitalise(&russian_from_kk(&native, st, female), false),
            Label::Usy => capitalise(&native, false),
            Label::LatinInformal => capitalise(&latin_from_kk(&native, st), false),
            Label::Turkish => capitalise(&turkish_from_kk(&native, st), true),
            Label::Uly => capitalise(&letters::uly(&token.letters(), st.ee), false),
            _ => uey_noise(rng, letters::arabic(&token.letters())),
        };
    }
    let affix_free = token.affix == Affix::None;
    match label {
        Label::Uey => uey_noise(rng, letters::arabic(&token.letters())),
        Label::Uly => capitalise(&letters::uly(&token.letters(), st.ee), false),
        Label::Usy if st.russian => capitalise(&russian_letters(&token.letters(), st), false),
        Label::Usy => capitalise(&letters::cyrillic(&token.letters()), false),
        Label::LatinInformal if st.standard_form && !entry.intl.is_empty() => {
            let base = *rng.pick(&entry.intl);
            match token.affix {
                Affix::None => base.to_owned(),
                affix => format!("{base}{}", informal_letters(rng, affix.letters(), st)),
            }
        }
        Label::LatinInformal => capitalise(&informal_letters(rng, &token.letters(), st), false),
        Label::Turkish if !entry.turkish.is_empty() && (st.standard_form || rng.chance(0.4)) => {
            let base = *rng.mostly_first(&entry.turkish, 0.8);
            if affix_free {
                base.to_owned()
            } else {
                format!("{base}{}", turkish_letters(token.affix.letters(), st))
            }
        }
        Label::Turkish => capitalise(&turkish_letters(&token.letters(), st), true),
        Label::Chinese | Label::Pinyin => unreachable!("Chinese forms are built from syllables"),
    }
}

/// A Russian-style surname from a father's name written in `label`: Сериков, Tursunova.
fn surname(base: &str, label: Label, sex: Sex) -> String {
    let cyrillic = label == Label::Usy;
    let ends_vowel = base.ends_with(['а', 'е', 'и', 'о', 'у', 'ы', 'a', 'e', 'i', 'o', 'u']);
    let stem = base.trim_end_matches(['й', 'y']);
    let ends_y = stem.len() != base.len();
    let suffix = match (cyrillic, ends_vowel || ends_y) {
        (true, true) => "ев",
        (true, false) => "ов",
        (false, true) => "ev",
        (false, false) => "ov",
    };
    let feminine = match (sex, cyrillic) {
        (Sex::Female, true) => "а",
        (Sex::Female, false) => "a",
        _ => "",
    };
    format!("{stem}{suffix}{feminine}")
}

fn child_suffix(label: Label, ethnicity: Ethnicity, sex: Sex, st: &Style) -> (&'static str, bool) {
    let kyrgyz = ethnicity == Ethnicity::Kyrgyz;
    let text = match (label, kyrgyz, sex) {
        (Label::Usy, false, Sex::Male) if st.russian => "улы",
        (Label::Usy, false, Sex::Female) if st.russian => "кызы",
        (Label::Usy, false, Sex::Male) => "ұлы",
        (Label::Usy, false, Sex::Female) => "қызы",
        (Label::Usy, true, Sex::Male) => "уулу",
        (Label::Usy, true, Sex::Female) => "кызы",
        (Label::Turkish, true, Sex::Male) => "uulu",
        (Label::Turkish, _, Sex::Female) => "kızı",
        (Label::Turkish, false, Sex::Male) => "uly",
        (_, true, Sex::Male) => "uulu",
        (_, false, Sex::Male) => "uly",
        (_, _, Sex::Female) => "kyzy",
    };
    // Kyrgyz write the word apart; Kazakh mostly join it to the name.
    (text, !kyrgyz && st.fused_patronym)
}

/// The father's name as it appears after one's own in a form.
fn father_word(
    rng: &mut Rng,
    label: Label,
    father: Token,
    patronym: Patronym,
    st: &Style,
) -> String {
    let base = base_word(rng, label, father, st);
    let latin_or_cyrillic = matches!(label, Label::Usy | Label::LatinInformal | Label::Turkish);
    match patronym {
        Patronym::Child(sex) if latin_or_cyrillic => {
            let ethnicity = father.entry().ethnicity;
            let (suffix, fused) = child_suffix(label, ethnicity, sex, st);
            if fused {
                format!("{base}{suffix}")
            } else {
                format!("{base} {suffix}")
            }
        }
        Patronym::Surname(sex) if latin_or_cyrillic => {
            let base = if label == Label::Usy && father.entry().cyrillic.is_none() {
                // Uyghur surnames of Kazakhstan are Russian-keyboard words: Турсунов.
                let mut russian = Style::draw(rng);
                russian.russian = true;
                capitalise(&russian_letters(&father.letters(), &russian), false)
            } else {
                base
            };
            surname(&base, label, sex)
        }
        _ => base,
    }
}

/// One word in Chinese characters: an attested form when there is one, else constructed.
pub fn hanzi_word(rng: &mut Rng, token: Token) -> Vec<Syllable> {
    let entry = token.entry();
    let female = entry.sex == Sex::Female;
    if !entry.hanzi.is_empty() && rng.chance(0.85) {
        let form: &'static str = entry.hanzi[if rng.chance(0.8) {
            0
        } else {
            rng.index(entry.hanzi.len())
        }];
        let mut syllables = hanzi::attested(form);
        match token.affix {
            Affix::None => {}
            Affix::Jan => syllables.push(("江", "jiāng")),
            Affix::Xan => syllables.push(*rng.pick(&[("汗", "hàn"), ("罕", "hǎn")])),
        }
        return syllables;
    }
    hanzi::construct(rng, &token.letters(), female, is_kk(entry))
}

/// One complete name form: own name, then (optionally) the father's name.
///
/// `official` draws the Chinese characters: seeded per person, so the characters on one
/// person's documents stay the same whoever copies them.
pub fn form(
    rng: &mut Rng,
    official: &mut Rng,
    label: Label,
    own: Token,
    father: Option<(Token, Patronym)>,
    surname_first: bool,
) -> String {
    let st = Style::draw(rng);
    match label {
        Label::Chinese | Label::Pinyin => {
            let mut words = vec![hanzi_word(official, own)];
            if let Some((father, _)) = father {
                words.push(hanzi_word(official, father));
            }
            if label == Label::Chinese {
                let words: Vec<String> = words
                    .iter()
                    .map(|w| w.iter().map(|s| s.0).collect())
                    .collect();
                words.join(st.separator())
            } else {
                let words: Vec<String> = words
                    .iter()
                    .map(|w| hanzi::pinyin_word(w, st.pinyin()))
                    .collect();
                words.join(" ")
            }
        }
        _ => {
            let own_word = base_word(rng, label, own, &st);
            match father {
                None => own_word,
                Some((father, patronym)) => {
                    let father_word = father_word(rng, label, father, patronym, &st);
                    if surname_first {
                        format!("{father_word} {own_word}")
                    } else {
                        format!("{own_word} {father_word}")
                    }
                }
            }
        }
    }
}

/// A single name word (a father's or mother's name field, a nickname) in `label`.
pub fn single(rng: &mut Rng, official: &mut Rng, label: Label, token: Token) -> String {
    form(rng, official, label, token, None, false)
}

// ---- Typing mistakes ---------------------------------------------------------------------

const SIMILAR: [&str; 24] = [
    "ae", "ei", "ou", "iy", "kq", "sz", "mn", "bp", "dt", "gk", "lr", "vw", "аo", "еи", "уо", "кг",
    "нм", "сз", "тд", "лр", "ىې", "ەا", "ۇۈ", "تد",
];

fn similar_to(c: char) -> Option<char> {
    let lower = c.to_lowercase().next()?;
    SIMILAR.iter().find_map(|pair| {
        let mut it = pair.chars();
        let (a, b) = (it.next()?, it.next()?);
        if lower == a {
            Some(b)
        } else if lower == b {
            Some(a)
        } else {
            None
        }
    })
}

/// One typing mistake in one word: a letter left out, doubled, swapped with its neighbour
/// or replaced by a similar one. Chinese characters are left alone.
pub fn typo(rng: &mut Rng, text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let candidates: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().count() >= 4 && words[i].chars().all(|c| !is_han(c)))
        .collect();
    if candidates.is_empty() {
        return text.to_owned();
    }
    let w = *rng.pick(&candidates);
    let mut chars: Vec<char> = words[w].chars().collect();
    // Keep the first letter: people rarely mistype it.
    let at = 1 + rng.index(chars.len() - 1);
    match rng.below(4) {
        0 => {
            chars.remove(at);
        }
        1 => chars.insert(at, chars[at]),
        2 if at + 1 < chars.len() => chars.swap(at, at + 1),
        _ => match similar_to(chars[at]) {
            Some(c) => chars[at] = c,
            None => {
                chars.remove(at);
            }
        },
    }
    let replaced: String = chars.into_iter().collect();
    let mut out: Vec<String> = words.iter().map(|s| (*s).to_owned()).collect();
    out[w] = replaced;
    out.join(" ")
}

pub fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(uly: &str) -> Token {
        let letters = letters::parse_uly(uly);
        let id = NAMES
            .entries
            .iter()
            .position(|e| e.letters == letters && e.ethnicity == Ethnicity::Uyghur)
            .unwrap_or_else(|| panic!("{uly}"));
        Token::plain(id as u16)
    }

    fn kk(cyr: &str) -> Token {
        let id = NAMES
            .entries
            .iter()
            .position(|e| e.cyrillic == Some(cyr))
            .unwrap_or_else(|| panic!("{cyr}"));
        Token::plain(id as u16)
    }

    fn forms(label: Label, own: Token, father: Option<(Token, Patronym)>) -> Vec<String> {
        (0..300)
            .map(|seed| {
                let mut rng = Rng::new(seed);
                let mut official = Rng::new(seed + 1000);
                form(&mut rng, &mut official, label, own, father, false)
            })
            .collect()
    }

    #[test]
    fn each_convention_writes_what_people_write() {
        let abdurehim = token("abdurëhim");
        let tursun = token("tursun");
        let f = Some((tursun, Patronym::Plain));
        let has = |label: Label, wanted: &str| {
            let all = forms(label, abdurehim, f);
            assert!(
                all.iter().any(|s| s == wanted),
                "{label:?} {wanted}: {all:?}"
            );
        };
        has(Label::Uey, "ئابدۇرېھىم تۇرسۇن");
        has(Label::Uly, "Abdurëhim Tursun");
        has(Label::Uly, "Abduréhim Tursun");
        has(Label::Usy, "Абдурейим Турсун".replace('й', "һ").as_str());
        has(Label::Usy, "Абдурехим Турсун");
        has(Label::LatinInformal, "Abdurehim Tursun");
        has(Label::LatinInformal, "Abdurahim Tursun");
        has(Label::Turkish, "Abdurrahim Tursun");
        has(Label::Chinese, "阿不都热依木·吐尔逊");
        has(Label::Pinyin, "Abudureyimu Tuerxun");
        has(Label::Pinyin, "ABUDUREYIMU TUERXUN");
    }

    #[test]
    fn kazakh_and_kyrgyz_forms_and_patronyms() {
        let nurlan = kk("Нұрлан");
        let serik = kk("Серік");
        let child = Some((serik, Patronym::Child(Sex::Male)));
        let all = forms(Label::Usy, nurlan, child);
        assert!(all.iter().any(|s| s == "Нұрлан Серікұлы"), "{all:?}");
        assert!(all.iter().any(|s| s == "Нурлан Серикулы"), "{all:?}");
        let all = forms(
            Label::Usy,
            nurlan,
            Some((serik, Patronym::Surname(Sex::Male))),
        );
        assert!(all.iter().any(|s| s == "Нурлан Сериков"), "{all:?}");
        let all = forms(Label::LatinInformal, kk("Қайрат"), None);
        assert!(all.iter().any(|s| s == "Kairat"), "{all:?}");
        assert!(all.iter().any(|s| s == "Kayrat"), "{all:?}");
        let mirlan = kk("Мирлан");
        let bolot = kk("Болот");
        let all = forms(
            Label::Usy,
            mirlan,
            Some((bolot, Patronym::Child(Sex::Male))),
        );
        assert!(all.iter().any(|s| s == "Мирлан Болот уулу"), "{all:?}");
        let all = forms(Label::Chinese, kk("Ерлан"), None);
        assert!(all.iter().any(|s| s == "叶尔兰"), "{all:?}");
    }

    #[test]
    fn surnames_follow_russian_endings() {
        assert_eq!(surname("Серик", Label::Usy, Sex::Male), "Сериков");
        assert_eq!(surname("Абай", Label::Usy, Sex::Female), "Абаева");
        assert_eq!(
            surname("Tursun", Label::LatinInformal, Sex::Female),
            "Tursunova"
        );
        assert_eq!(surname("Ali", Label::LatinInformal, Sex::Male), "Aliev");
    }

    #[test]
    fn typos_change_one_letter_and_spare_hanzi() {
        let mut rng = Rng::new(5);
        for _ in 0..200 {
            let t = typo(&mut rng, "Abdurehim Tursun");
            assert_ne!(t, "Abdurehim Tursun");
            let diff = t.chars().count() as i64 - "Abdurehim Tursun".chars().count() as i64;
            assert!(diff.abs() <= 1, "{t}");
            assert!(t.starts_with('A') && t.contains(' '), "{t}");
        }
        assert_eq!(typo(&mut rng, "阿不都热依木·吐尔逊"), "阿不都热依木·吐尔逊");
    }
}
