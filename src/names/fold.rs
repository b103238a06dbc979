//! Phonetic folding of a letter sequence into the keys that get encoded (names.md §4.1
//! steps 4–6): the folded string F, the consonant skeleton S, and the affix feature.
//!
//! F merges what the scripts and the Chinese transcription confuse: three vowel classes
//! (ULY e is typed for both ە and ې and Russian keyboards type а for ә, so a/e/ë share a
//! class), q/k/g/gh, x/h, p/b/f, t/d (final devoicing: Mehmud/Mehmut), z/zh/j, s/sh, and
//! doubled letters. S keeps only consonants, merges r/l and drops h and y, which absorbs
//! Chinese epenthesis and dropped segments (Abdurëhim → ptrm = 阿不都热依木).

use serde::Serialize;
use smallvec::SmallVec;

use super::letters::Letter;

/// Affixes that usually stay on a name: they mark gender or rank (Tursun ≠ Tursunay).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, Serialize)]
pub enum HardAffix {
    Ay,
    Gul,
    Xan,
    Nisa,
    Bek,
    Bay,
    Haji,
    Axun,
    /// A final -e/-a after a consonant: the feminine form of a name (Halime, Adile,
    /// Emine = Halim, Adil, Emin + -e).
    Feminine,
}

/// Affixes that come and go on the same person: affective -jan, Russified -ov/-eva.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, Serialize)]
pub enum SoftAffix {
    Jan,
    Russian,
}

/// The affix feature of one reading, kept out of the core keys.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Hash, Serialize)]
pub struct Affixes {
    pub soft: Option<SoftAffix>,
    /// The outermost hard affix.
    pub hard: Option<HardAffix>,
    /// A second hard affix under a -xan (Reyhan-gül-xan, Patim-e-xan): the stem is what both
    /// leave, so Reyhangülxan meets Reyhangül as the same stem with another affix.
    pub inner: Option<HardAffix>,
}

/// Keys of one reading of one name part.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Keys {
    /// Folded string of the stem, over the alphabet [`F_ALPHABET`].
    pub folded: String,
    /// Consonant skeleton of the stem, over [`S_ALPHABET`].
    pub skeleton: String,
    /// F with the distinctions every exact script keeps (s/sh, o/u, z/j, h between
    /// vowels); compared only between two exact transliterations.
    pub fine: String,
    pub affixes: Affixes,
}

/// Symbols that can occur in F.
#[cfg(test)]
pub const F_ALPHABET: &str = "aiuptkhwjscrlmny";
/// Symbols that can occur in S.
#[cfg(test)]
pub const S_ALPHABET: &str = "ptkhwjscrmn";
/// Symbols that can occur in the fine key.
#[cfg(test)]
pub const FINE_ALPHABET: &str = "aiuoptkhwjzsxcrlmny";

/// The fine symbol: F's, except for distinctions that Arabic, Cyrillic (even typed on a
/// Russian keyboard), ULY, Turkish and informal Latin all keep: sh (ş, ш, ش) is not s
/// (Ayshe ≠ Eysa), o is not u, z is not j.
fn fine_letter(l: Letter) -> u8 {
    match l {
        Letter::Sh => b'x',
        Letter::O | Letter::Oe => b'o',
        Letter::Z => b'z',
        l => fold_letter(l),
    }
}

fn fold_letter(l: Letter) -> u8 {
    use Letter as L;
    match l {
        L::A | L::E | L::Ee => b'a',
        L::I => b'i',
        L::O | L::U | L::Oe | L::Ue => b'u',
        L::B | L::P | L::F => b'p',
        L::T | L::D => b't',
        L::Q | L::K | L::G | L::Gh => b'k',
        L::X | L::H => b'h',
        L::W => b'w',
        L::J | L::Z | L::Zh => b'j',
        L::S | L::Sh => b's',
        L::Ch => b'c',
        L::R => b'r',
        L::L => b'l',
        L::M => b'm',
        L::N | L::Ng => b'n',
        L::Y => b'y',
    }
}

/// The F symbols of a letter sequence, letter by letter (no context rules).
pub fn signature(letters: &[Letter]) -> Vec<u8> {
    letters.iter().map(|&l| fold_letter(l)).collect()
}

/// Suffixes in folded form: -ay, -ayi and 阿依 all fold to `ai`, -gül and 古丽 to `kul(i)`.
/// -xan comes first, so that [`XAN`] is its own entry (no other suffix ends like it, so the
/// order does not change which one matches).
const HARD: &[(&str, HardAffix)] = &[
    ("han", HardAffix::Xan),
    ("kuli", HardAffix::Gul),
    ("kul", HardAffix::Gul),
    ("ai", HardAffix::Ay),
    ("nisa", HardAffix::Nisa),
    ("pak", HardAffix::Bek),
    ("pai", HardAffix::Bay),
    ("haji", HardAffix::Haji),
    ("ahun", HardAffix::Axun),
];

const XAN: &[(&str, HardAffix)] = HARD.split_at(1).0;

const SOFT: &[(&str, SoftAffix)] = &[
    ("jan", SoftAffix::Jan),
    ("uwic", SoftAffix::Russian),
    ("awic", SoftAffix::Russian),
    ("uwna", SoftAffix::Russian),
    ("awna", SoftAffix::Russian),
    ("uwa", SoftAffix::Russian),
    ("awa", SoftAffix::Russian),
    ("uw", SoftAffix::Russian),
    ("aw", SoftAffix::Russian),
];

/// A stem must keep at least this many symbols, one of them a vowel, for a suffix to be
/// split off. Two, because Chinese drops segments: 阿孜古丽 az+gül = Arzigül.
const MIN_STEM: usize = 2;

/// Symbols of one key on the stack: every candidate reading is folded, and most are then
/// dropped as duplicates, so the heap is only used for the readings that are kept.
type Buf = SmallVec<[u8; 32]>;

/// Splits a suffix of `table` off `f`. `merged[i]` says that symbol i of F stands for two
/// different letters (F writes z and j as one j): where the suffix starts with such a
/// symbol, the first letter belongs to the stem (Niyaz-jan folds to nia·j·an; the stem
/// keeps the j, so Niyazjan meets Niyaz).
fn strip<T: Copy>(f: &mut Buf, merged: &[bool], table: &[(&str, T)]) -> Option<T> {
    for (suffix, affix) in table {
        let s = suffix.as_bytes();
        // Compared byte by byte from the end, inline: most suffixes differ in the last
        // byte, and a `memcmp` call per suffix and candidate reading was a tenth of the
        // encoder's time.
        if f.len() >= s.len() + MIN_STEM && s.iter().rev().zip(f.iter().rev()).all(|(a, b)| a == b)
        {
            let start = f.len() - s.len();
            let stem = &f[..start + usize::from(merged.get(start) == Some(&true))];
            if stem.iter().any(|b| b"aiu".contains(b)) {
                f.truncate(stem.len());
                return Some(*affix);
            }
        }
    }
    None
}

/// A final vowel of the a-class after a consonant, with a stem of at least [`MIN_STEM`]
/// symbols one of which is a vowel: the feminine ending (Halim / Halime, Adil / Adile).
/// Not after k or t, where a final e is more often the epenthetic vowel of a Chinese
/// transcription (克 ke, 特 te, 德 de) than a feminine ending, nor -ulla (Abdulla, Obulla:
/// Allah's name, masculine).
fn strip_feminine(f: &mut Buf) -> Option<HardAffix> {
    let n = f.len();
    let vowel = |b: u8| b"aiu".contains(&b);
    if n > MIN_STEM
        && f[n - 1] == b'a'
        && !b"aiukt".contains(&f[n - 2])
        && f[..n - 1].iter().any(|&b| vowel(b))
        && !f.ends_with(b"ula")
    {
        f.truncate(n - 1);
        return Some(HardAffix::Feminine);
    }
    None
}

/// The keys of one reading before they become [`Keys`].
pub struct Folded {
    folded: Buf,
    skeleton: Buf,
    fine: Buf,
    pub affixes: Affixes,
}

impl Folded {
    /// Same keys as `keys`, without building them.
    pub fn matches(&self, keys: &Keys) -> bool {
        keys.folded.as_bytes() == &self.folded[..]
            && keys.skeleton.as_bytes() == &self.skeleton[..]
            && keys.fine.as_bytes() == &self.fine[..]
            && keys.affixes == self.affixes
    }

    pub fn into_keys(self) -> Option<Keys> {
        let text = |b: &Buf| std::str::from_utf8(b).ok().map(str::to_owned);
        Some(Keys {
            folded: text(&self.folded)?,
            skeleton: text(&self.skeleton)?,
            fine: text(&self.fine)?,
            affixes: self.affixes,
        })
    }
}

/// Folds one reading. `None` if nothing is left to compare.
#[cfg(test)]
pub fn fold(letters: &[Letter]) -> Option<Keys> {
    fold_keys(letters)?.into_keys()
}

/// Folds one reading into stack buffers. `None` if nothing is left to compare.
pub fn fold_keys(letters: &[Letter]) -> Option<Folded> {
    // Word-initial y before a front vowel is a spelling of the vowel onset in Russian and
    // pinyin (Yerlan = Erlan, 叶尔兰).
    let start = usize::from(
        letters.first() == Some(&Letter::Y)
            && matches!(letters.get(1), Some(Letter::E | Letter::Ee | Letter::I)),
    );
    let raw: Buf = letters[start..].iter().map(|&l| fold_letter(l)).collect();
    let is_vowel = |b: Option<&u8>| b.is_some_and(|b| b"aiu".contains(b));
    // F and the fine key are built in step, so that a suffix split off F can be split
    // off the fine key by length.
    let mut f = Buf::new();
    let mut merged: SmallVec<[bool; 32]> = SmallVec::new();
    let mut fine = Buf::new();
    let last = raw.len().saturating_sub(1);
    for (i, (&b, &l)) in raw.iter().zip(&letters[start..]).enumerate() {
        let after_vowel = i > 0 && is_vowel(raw.get(i - 1));
        let before_vowel = is_vowel(raw.get(i + 1));
        let (b, fb) = match b {
            // A word-final h after a vowel is Arabic spelling that Uyghur does not write
            // (Abdullah = Abdulla, Hebibullah = Hebibulla): dropped from every key.
            b'h' if i == last && i > 0 && after_vowel => continue,
            // Between vowels h, y and w are the least stable segments: Chinese writes
            // 依 for -rëhim and 吾 for -wut, Russian я/ю hide y, hamza hides nothing.
            // Exact scripts do write h there (Rahile = Раһилә), so the fine key keeps it.
            // Not the h of a final -xan (-xana), which stays an affix (Elixan = 艾力汗 el-xan).
            b'h' if after_vowel && before_vowel && !matches!(&raw[i..], b"han" | b"hana") => {
                (None, Some(b'h'))
            }
            b'y' | b'w' if after_vowel && before_vowel => continue,
            // A glide closing a syllable is a diphthong: Ayshe = 阿依夏 a-i-sha,
            // Shawket = 夏吾开提 sha-u-ke-t.
            b'y' if after_vowel => (Some(b'i'), Some(b'i')),
            b'w' if after_vowel => (Some(b'u'), Some(b'u')),
            b => (Some(b), Some(fine_letter(l))),
        };
        if let Some(b) = b {
            if f.last() == Some(&b) {
                // Two letters that F merges but the fine key tells apart (z and j); a
                // doubled letter (Abbas, or a typo: Ayggül) is one.
                if let Some(m) = merged.last_mut() {
                    *m |= fb.is_some_and(|fb| fine.last() != Some(&fb));
                }
                continue;
            }
            f.push(b);
            merged.push(false);
        }
        if let Some(fb) = fb
            && fine.last() != Some(&fb)
        {
            fine.push(fb);
        }
    }
    let f_len = f.len();
    let soft = strip(&mut f, &merged, SOFT);
    // -xan is added to names that already carry an affix (Reyhangül-xan, Patime-xan,
    // Gülnisa-xan); other stacks are rarer than stems that end like an affix (Reyhan).
    let under_xan = |f: &mut Buf| strip(f, &merged, HARD).or_else(|| strip_feminine(f));
    let (hard, inner) = match strip(&mut f, &merged, HARD) {
        Some(HardAffix::Xan) => (Some(HardAffix::Xan), under_xan(&mut f)),
        Some(h) => (Some(h), None),
        None => match strip_feminine(&mut f) {
            // Russian adds its feminine -a to a final -xan too (Асельхана, Майрахана): the
            // -xan is then the outer affix, and the -a a mark under it where nothing else is.
            Some(feminine) => match strip(&mut f, &merged, XAN) {
                Some(xan) => (Some(xan), under_xan(&mut f).or(Some(feminine))),
                None => (Some(feminine), None),
            },
            None => (None, None),
        },
    };
    fine.truncate(fine.len().saturating_sub(f_len - f.len()));
    if f.is_empty() {
        return None;
    }
    let mut s = Buf::new();
    for (i, &b) in f.iter().enumerate() {
        let b = match b {
            // A word-initial h is kept in every script, Chinese included (哈力木 Halim
            // ≠ 阿力木 Alim); elsewhere Chinese drops it (米日古丽 Mihrigül).
            b'h' if i == 0 => b'h',
            b'a' | b'i' | b'u' | b'h' | b'y' => continue,
            b'l' => b'r',
            b => b,
        };
        if s.last() != Some(&b) {
            s.push(b);
        }
    }
    Some(Folded {
        folded: f,
        skeleton: s,
        fine,
        affixes: Affixes { soft, hard, inner },
    })
}

#[cfg(test)]
mod tests {
    use super::super::letters::from_uly;
    use super::*;

    fn keys(uly: &str) -> Keys {
        fold(&from_uly(uly)).unwrap()
    }

    #[test]
    fn skeleton_absorbs_epenthesis_and_vowels() {
        assert_eq!(keys("abdurëhim").skeleton, "ptrm");
        assert_eq!(keys("abudureyimu").skeleton, "ptrm");
        assert_eq!(keys("abdurëhim").folded, "apturaim");
        assert_eq!(keys("tahir").folded, keys("ta'ir").folded);
        assert_eq!(keys("shawket").folded, "saukat");
        assert_eq!(keys("abbas").folded, keys("abas").folded);
        assert_eq!(keys("muhemmed").folded, keys("muhemmet").folded);
    }

    #[test]
    fn gender_affixes_are_split_off() {
        let t = keys("tursun");
        let ta = keys("tursunay");
        assert_eq!(t.folded, ta.folded);
        assert_eq!(t.affixes.hard, None);
        assert_eq!(ta.affixes.hard, Some(HardAffix::Ay));
        assert_eq!(keys("mihrigül").affixes.hard, Some(HardAffix::Gul));
        assert_eq!(keys("ilhamjan").affixes.soft, Some(SoftAffix::Jan));
        assert_eq!(keys("ilhamjan").folded, keys("ilham").folded);
        // The h of -xan after a vowel is kept for the affix (Elixan = 艾力汗 el-xan).
        assert_eq!(keys("elixan").affixes.hard, Some(HardAffix::Xan));
        assert_eq!(keys("elixan").folded, "ali");
        assert_eq!(keys("rahile").folded, "rail");
    }

    fn assert_same_stem_other_affix(plain: &str, affixed: &str) {
        let (a, b) = (keys(plain), keys(affixed));
        assert_eq!(a.folded, b.folded, "{plain} / {affixed}");
        assert_ne!(a.affixes, b.affixes, "{plain} / {affixed}");
    }

    #[test]
    fn stacked_affixes_leave_one_stem() {
        for (plain, stacked) in [
            // ULY writes n'g where n and g meet (ng alone is one letter, ڭ).
            ("reyhan'gül", "reyhan'gülxan"),
            ("mihrigül", "mihrigülxan"),
            ("gülnisa", "gülnisaxan"),
            ("patime", "patimexan"),
        ] {
            assert_same_stem_other_affix(plain, stacked);
        }
        let k = keys("reyhan'gülxan");
        assert_eq!(
            (k.affixes.hard, k.affixes.inner),
            (Some(HardAffix::Xan), Some(HardAffix::Gul))
        );
        // One affix only where the stem would be too short.
        assert_eq!(keys("aygülxan").affixes.inner, Some(HardAffix::Gul));
        assert_eq!(keys("aygülxan").folded, "ai");
    }

    #[test]
    fn a_stem_keeps_the_letter_its_affix_repeats() {
        // F writes zj once; the stem keeps its own letter.
        for (plain, affixed) in [
            ("niyaz", "niyazjan"),
            ("eziz", "ezizjan"),
            ("hapiz", "hapizjan"),
        ] {
            assert_same_stem_other_affix(plain, affixed);
        }
        // A letter the affix alone brings stays with the affix, and so does a doubled one
        // (a typo as often as not).
        assert_eq!(keys("ilhamjan").folded, "ilham");
        assert_eq!(keys("ayggül"), keys("aygül"));
    }

    #[test]
    fn a_russian_a_after_xan_leaves_xan_outermost() {
        let k = keys("aselxana");
        assert_eq!(k.folded, keys("aselxan").folded);
        assert_eq!(
            (k.affixes.hard, k.affixes.inner),
            (Some(HardAffix::Xan), Some(HardAffix::Feminine))
        );
        // An -a under it is the inner affix, as in Mayraxan (Майрахана).
        assert_eq!(keys("mayraxana"), keys("mayraxan"));
        assert_eq!(keys("mayraxana").folded, keys("mayra").folded);
        // A stem too short for -xan keeps the feminine reading.
        assert_eq!(keys("xana").affixes.hard, Some(HardAffix::Feminine));
    }

    #[test]
    fn a_final_e_after_a_consonant_is_feminine() {
        for (m, f) in [("halim", "halime"), ("adil", "adile"), ("emin", "emine")] {
            assert_eq!(keys(m).folded, keys(f).folded, "{f}");
            assert_eq!(keys(m).affixes.hard, None);
            assert_eq!(keys(f).affixes.hard, Some(HardAffix::Feminine), "{f}");
        }
        // Both sides of a cross-script pair carry it alike.
        assert_eq!(keys("rahile").affixes, keys("rahila").affixes);
        // Not -ulla (Allah's name), nor after k or t (Chinese 克 ke, 特 te), nor after a
        // vowel, nor on a stem without a vowel.
        for s in ["abdulla", "obulla", "janbeke", "tilike", "aliya", "sha"] {
            assert_ne!(keys(s).affixes.hard, Some(HardAffix::Feminine), "{s}");
        }
    }

    #[test]
    fn short_names_keep_their_ending() {
        assert_eq!(keys("ajan").affixes, Affixes::default());
        assert_eq!(keys("gülnar").affixes, Affixes::default());
        assert_eq!(keys("aygül").affixes.hard, Some(HardAffix::Gul));
        assert_eq!(keys("aygül").affixes.inner, None);
        assert_eq!(keys("aygül").folded, "ai");
    }

    #[test]
    fn fine_key_keeps_exact_distinctions() {
        assert_eq!(keys("eysa").folded, keys("ayshe").folded);
        assert_ne!(keys("eysa").fine, keys("ayshe").fine);
        assert_eq!(keys("rahile").fine, "rahil");
        assert_eq!(keys("rahile").affixes.hard, Some(HardAffix::Feminine));
        assert_eq!(keys("tursun'gül").fine, "tursun");
        for k in [keys("shöhret"), keys("zhuzhup")] {
            assert!(k.folded.bytes().all(|b| F_ALPHABET.as_bytes().contains(&b)));
            assert!(
                k.skeleton
                    .bytes()
                    .all(|b| S_ALPHABET.as_bytes().contains(&b))
            );
            assert!(
                k.fine
                    .bytes()
                    .all(|b| FINE_ALPHABET.as_bytes().contains(&b))
            );
        }
    }

    #[test]
    fn near_names_stay_apart() {
        assert_ne!(keys("gulnar").folded, keys("gulnur").folded);
        assert_ne!(keys("memet").folded, keys("mehmut").folded);
        assert_ne!(keys("abdurëhim").skeleton, keys("abdurëhman").skeleton);
    }

    #[test]
    fn initial_y_before_front_vowel_is_dropped() {
        assert_eq!(keys("yërlan").folded, keys("erlan").folded);
        assert_eq!(keys("yusup").folded, "yusup");
    }

    #[test]
    fn final_h_after_a_vowel_is_not_a_letter() {
        assert_eq!(keys("abdullah").folded, keys("abdulla").folded);
        assert_eq!(keys("abdullah").fine, keys("abdulla").fine);
        assert_eq!(keys("hebibullah").folded, keys("hebibulla").folded);
        // Initial h stays (Halim is not Alim).
        assert_ne!(keys("halim").folded, keys("alim").folded);
    }

    #[test]
    fn nothing_left_is_none() {
        assert!(fold(&[]).is_none());
    }
}
