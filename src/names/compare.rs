//! Scoring two encoded names: parts compared in order (own name with own name, father's
//! with father's), best reading pair per part, affixes as a soft feature (names.md §2.2):
//! a name and the same name with -jan, -gül, -ay ... added score below equal names, and on
//! their own below the matching thresholds, so that birth year and place decide.
//!
//! Besides the score, [`compare_detailed`] tells the matcher what it needs to turn a name
//! similarity into a likelihood ratio: part-level similarities, which reading pair agreed
//! and how closely ([`MatchLevel`]), whether the parts differ only by an affix, and how
//! rare each name is.

use serde::Serialize;

use super::canonical::ReadingKind;
use super::clk::dice_of;
use super::encode::{EncodedName, EncodedPart, EncodedReading};
use super::frequency::Rarity;

/// The outcome of comparing two names.
#[derive(Clone, Copy, PartialEq, Debug, Serialize)]
pub enum Similarity {
    /// Score in [0, 1].
    Comparable(f64),
    /// One side had nothing canonicalisable; never a match.
    NotComparable,
}

impl Similarity {
    /// The score, or `None` when not comparable.
    pub fn score(self) -> Option<f64> {
        match self {
            Similarity::Comparable(s) => Some(s),
            Similarity::NotComparable => None,
        }
    }
}

/// How closely the best reading pair of two parts agreed, from the filters: equal
/// filters mean equal keys (up to a Bloom-filter collision).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash, Serialize)]
pub enum MatchLevel {
    /// Nothing equal: the score comes from shared bigrams.
    Partial,
    /// Same consonant skeleton, other vowels or folded letters (Sabit / Sebit).
    Skeleton,
    /// Same folded key: the same name up to the letter classes that scripts and
    /// Chinese confuse (Eysa / Ayshe are Folded, not Exact).
    Folded,
    /// Same fine key too: the same letters, written in another script.
    Exact,
}

/// Whether two parts differ by an affix (the stems are compared without it).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, Serialize)]
pub enum AffixDifference {
    /// Same affixes, or none on either side.
    Same,
    /// A soft affix (-jan, Russian -ov/-eva) on one side only or different.
    Soft,
    /// A hard affix (-ay, -gül, -nisa, -xan, -bek, -bay, -haji, -axun) differs: another
    /// registered name (Tursun / Tursunay).
    Hard,
}

/// The comparison of two name parts.
#[derive(Clone, Copy, PartialEq, Debug, Serialize)]
pub struct PartSimilarity {
    /// Similarity of the stems (affixes aside) in [0, 1]; 1.0 only when the parts as
    /// written have the same letters.
    pub stem: f64,
    pub level: MatchLevel,
    /// Kinds of the best reading pair (this side's, the other side's).
    pub kinds: (ReadingKind, ReadingKind),
    pub affix: AffixDifference,
    /// How common each side's name is (bundled table).
    pub rarity: (Rarity, Rarity),
}

impl PartSimilarity {
    /// The stem similarity with the affix penalty applied: the part score used in
    /// [`compare`].
    pub fn score(&self) -> f64 {
        self.stem * affix_factor(self.affix)
    }
}

/// The detailed comparison of two names.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct NameComparison {
    /// The overall score, as [`compare`] gives it.
    pub score: f64,
    /// Part comparisons in the order that gave the score (own name first).
    pub parts: Vec<PartSimilarity>,
    /// Own and father's names were compared crosswise (a weak candidate at most).
    pub swapped: bool,
    /// Parts present on one side only.
    pub missing_parts: usize,
}

/// Different gender/rank affixes (Tursun vs Tursunay, Tursunay vs Tursungül) make
/// different names.
const HARD_AFFIX_MISMATCH: f64 = 0.45;
/// -jan or a Russified -ov on one side only: a different registered name, possibly the
/// same person; below an equal name and, alone, below the matching thresholds.
const SOFT_AFFIX_MISMATCH: f64 = 0.55;
/// Weight of the weakest part against the mean: one clearly different part (another
/// father) must pull the score down.
const MIN_WEIGHT: f64 = 0.6;
/// Each part present on one side only (a father's name not given).
const MISSING_PART: f64 = 0.85;
/// Own and father's names swapped: at most a weak candidate, since Memet Tursun is
/// likely the father or son of Tursun Memet.
const SWAPPED: f64 = 0.6;

/// Dice is raised to this power when both readings are in exact scripts: two spellings
/// of the same Uyghur letters agree almost fully, so a Dice of 0.8 between them
/// (Sabit/Sabir) is weaker evidence than the same Dice against a Chinese reading.
const EXACT_EXPONENT: f64 = 2.0;
/// ... when one side is an informal, Turkish or Russian-keyboard spelling, whose letters
/// vary between writers (Mihrigul / Mehrigul, Abdurrahim / Abdurehim) ...
const LOOSE_EXPONENT: f64 = 1.5;
/// ... and when one side is read from Chinese characters or pinyin.
const LOSSY_EXPONENT: f64 = 1.0;
/// Ceiling for every agreement except the same letters in the parts as written: two
/// different names never score 1.0, even when a lossy or alternative reading of one
/// equals the other (加马力 read ga-ma-l = 卡马力). Each rank of alternative lowers it by
/// [`ALTERNATIVE_STEP`], so that agreeing through a less likely reading ranks lower.
const NOT_IDENTICAL_CAP: f64 = 0.99;
const ALTERNATIVE_STEP: f64 = 0.01;

fn affix_factor(a: AffixDifference) -> f64 {
    match a {
        AffixDifference::Same => 1.0,
        AffixDifference::Soft => SOFT_AFFIX_MISMATCH,
        AffixDifference::Hard => HARD_AFFIX_MISMATCH,
    }
}

/// Two lossy readings (Chinese against pinyin or Chinese) are compared as loosely as
/// informal spellings: the same name gets the same characters, so different characters
/// (古丽娜尔 / 古丽努尔, Gülnar / Gülnur) are a difference, not transcription noise.
fn exponent(a: ReadingKind, b: ReadingKind) -> f64 {
    if a.is_lossy() && b.is_lossy() {
        LOOSE_EXPONENT
    } else if a.is_lossy() || b.is_lossy() {
        LOSSY_EXPONENT
    } else if a.is_exact() && b.is_exact() {
        EXACT_EXPONENT
    } else {
        LOOSE_EXPONENT
    }
}

/// (stem score, level, affix difference) of one reading pair.
fn reading_similarity(
    a: &EncodedReading,
    b: &EncodedReading,
) -> (f64, MatchLevel, AffixDifference) {
    let lossy = a.is_lossy() || b.is_lossy();
    if (a.kind.only_against_lossy() || b.kind.only_against_lossy()) && !lossy {
        return (0.0, MatchLevel::Partial, AffixDifference::Same);
    }
    let (c1, t1) = a.folded.overlap(&b.folded);
    let (c2, t2) = a.skeleton.overlap(&b.skeleton);
    let same_f = a.folded == b.folded;
    let same_s = a.skeleton == b.skeleton;
    let same_fine = a.fine == b.fine;
    // Two non-lossy readings are also compared on the fine key.
    let dice = if lossy {
        dice_of((c1 + c2, t1 + t2))
    } else {
        let (c3, t3) = a.fine.overlap(&b.fine);
        dice_of((c1 + c2 + c3, t1 + t2 + t3))
    };
    let level = match (same_f && same_s, same_fine, same_s) {
        (true, true, _) => MatchLevel::Exact,
        (true, false, _) => MatchLevel::Folded,
        (false, _, true) => MatchLevel::Skeleton,
        _ => MatchLevel::Partial,
    };
    // The three exponents written out: `powf` was a tenth of the matcher's index build.
    let e = exponent(a.kind, b.kind);
    let mut s = if e == EXACT_EXPONENT {
        dice * dice
    } else if e == LOOSE_EXPONENT {
        dice * dice.sqrt()
    } else if e == LOSSY_EXPONENT {
        dice
    } else {
        dice.powf(e)
    };
    let identical = level == MatchLevel::Exact && a.rank == 0 && b.rank == 0;
    if !identical {
        let ranks = f64::from(a.rank) + f64::from(b.rank);
        s = s.min(NOT_IDENTICAL_CAP - ALTERNATIVE_STEP * ranks);
    }
    let affix = if a.hard != b.hard {
        AffixDifference::Hard
    } else if a.soft != b.soft {
        AffixDifference::Soft
    } else {
        AffixDifference::Same
    };
    (s, level, affix)
}

/// Compares two name parts: the best reading pair (by score with the affix penalty).
pub fn part_similarity(a: &EncodedPart, b: &EncodedPart) -> PartSimilarity {
    let mut best = PartSimilarity {
        stem: 0.0,
        level: MatchLevel::Partial,
        kinds: (ReadingKind::Exact, ReadingKind::Exact),
        affix: AffixDifference::Same,
        rarity: (a.rarity, b.rarity),
    };
    let mut best_key = (-1.0_f64, MatchLevel::Partial);
    for ra in &a.readings {
        for rb in &b.readings {
            let (stem, level, affix) = reading_similarity(ra, rb);
            let key = (stem * affix_factor(affix), level);
            if key.0 > best_key.0 || (key.0 == best_key.0 && key.1 > best_key.1) {
                best_key = key;
                best = PartSimilarity {
                    stem,
                    level,
                    kinds: (ra.kind, rb.kind),
                    affix,
                    rarity: (a.rarity, b.rarity),
                };
            }
        }
    }
    best
}

fn combine(parts: &[PartSimilarity]) -> f64 {
    if parts.is_empty() {
        return 0.0;
    }
    let scores: Vec<f64> = parts.iter().map(|p| p.stem).collect();
    let min = scores.iter().copied().fold(f64::INFINITY, f64::min);
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    let affixes: f64 = parts.iter().map(|p| affix_factor(p.affix)).product();
    (MIN_WEIGHT * min + (1.0 - MIN_WEIGHT) * mean) * affixes
}

/// Compares two encoded names in detail; `None` when either is not comparable.
pub fn compare_detailed(a: &EncodedName, b: &EncodedName) -> Option<NameComparison> {
    if !a.is_comparable() || !b.is_comparable() {
        return None;
    }
    let (pa, pb) = (&a.parts, &b.parts);
    let n = pa.len().min(pb.len());
    let missing = pa.len().abs_diff(pb.len());
    let missing_factor = MISSING_PART.powi(missing as i32);
    let in_order: Vec<PartSimilarity> = (0..n).map(|i| part_similarity(&pa[i], &pb[i])).collect();
    let mut best = NameComparison {
        score: combine(&in_order) * missing_factor,
        parts: in_order,
        swapped: false,
        missing_parts: missing,
    };
    if n >= 2 {
        let mut swapped = vec![
            part_similarity(&pa[0], &pb[1]),
            part_similarity(&pa[1], &pb[0]),
        ];
        swapped.extend_from_slice(&best.parts[2..]);
        let score = combine(&swapped) * SWAPPED * missing_factor;
        if score > best.score {
            best = NameComparison {
                score,
                parts: swapped,
                swapped: true,
                missing_parts: missing,
            };
        }
    }
    best.score = best.score.clamp(0.0, 1.0);
    Some(best)
}

/// Compares two encoded names.
pub fn compare(a: &EncodedName, b: &EncodedName) -> Similarity {
    match compare_detailed(a, b) {
        Some(c) => Similarity::Comparable(c.score),
        None => Similarity::NotComparable,
    }
}

#[cfg(test)]
mod tests {
    use super::super::encode::NameEncoder;
    use super::*;

    fn score(a: &str, b: &str) -> f64 {
        let e = NameEncoder::new(&[5; 32], 20);
        compare(&e.encode(a), &e.encode(b)).score().unwrap()
    }

    #[test]
    fn cross_script_forms_score_high() {
        let base = "Abdurehim Tursun";
        for other in [
            "ئابدۇرېھىم تۇرسۇن",
            "阿不都热依木·吐尔逊",
            "Abudureyimu Tuerxun",
            "Абдурехим Турсун",
        ] {
            assert!(score(base, other) > 0.75, "{other}: {}", score(base, other));
        }
    }

    #[test]
    fn hard_negatives_score_lower() {
        let same = score("Abdurehim Tursun", "Абдурехим Турсун");
        assert!(score("Abdurehim Tursun", "Abdurehman Tursun") < same);
        assert!(score("Tursun Memet", "Tursunay Memet") < same);
        assert!(score("Memet Tursun", "Tursun Memet") < 0.7);
    }

    #[test]
    fn only_the_same_letters_score_one() {
        assert_eq!(score("Tursun", "Tursun"), 1.0);
        assert_eq!(score("Tursun", "تۇرسۇن"), 1.0);
        assert_eq!(score("阿不都热依木", "阿不都热依木"), 1.0);
        // The same folded key but other letters (s/sh): below 1.
        assert!(score("Eysa", "Ayshe") < 0.9);
        // Equal only through an alternative reading of a Chinese character (加 ja|ga).
        assert!(score("加马力", "卡马力") < 1.0);
    }

    #[test]
    fn affixes_score_below_equal_names() {
        let same = score("Ilham Tursun", "Ilham Tursun");
        let jan = score("Ilham Tursun", "Ilhamjan Tursun");
        let ay = score("Tursun Qasim", "Tursunay Qasim");
        assert!(jan < same && jan <= SOFT_AFFIX_MISMATCH, "{jan}");
        assert!(ay < jan, "{ay}");
        let e = NameEncoder::new(&[5; 32], 20);
        let d = compare_detailed(&e.encode("Ilhamjan"), &e.encode("伊力哈木")).unwrap();
        assert_eq!(d.parts[0].affix, AffixDifference::Soft);
        assert!(d.parts[0].stem > d.score);
        // -xan added over -gül: the same stem, another affix (below the thresholds alone).
        for (a, b) in [("رەيھانگۈل", "Reyhangülxan"), ("帕提古丽", "Patigülxan")] {
            let d = compare_detailed(&e.encode(a), &e.encode(b)).unwrap();
            assert_eq!(d.parts[0].affix, AffixDifference::Hard, "{a} / {b}");
            assert!(d.parts[0].stem >= 0.85, "{a} / {b}: {}", d.parts[0].stem);
            assert!(d.score <= HARD_AFFIX_MISMATCH, "{a} / {b}: {}", d.score);
        }
    }

    #[test]
    fn masculine_and_feminine_forms_are_different_names() {
        for (m, f) in [("Halim", "Halime"), ("Adil", "Adile"), ("Emin", "Әминә")] {
            let s = score(m, f);
            assert!(s <= HARD_AFFIX_MISMATCH, "{m} / {f}: {s}");
        }
        // The same feminine name across scripts is not penalised.
        assert!(score("Rahile", "Рахиля") > 0.75);
        assert!(
            score("Patime", "帕提曼") > 0.75,
            "{}",
            score("Patime", "帕提曼")
        );
    }

    #[test]
    fn informal_e_for_i_still_matches() {
        assert!(score("Kader", "Qadir") > 0.9, "{}", score("Kader", "Qadir"));
        assert!(score("Emin", "ئىمىن") > 0.9, "{}", score("Emin", "ئىمىن"));
        // Through an alternative reading: below the same letters.
        assert!(score("Kader", "Qadir") < 1.0);
    }

    #[test]
    fn a_dropped_closing_consonant_counts_only_against_chinese() {
        // 阿孜古丽 leaves out Arzigül's r; the reading without it meets the Chinese form...
        assert!(
            score("Arzigül", "阿孜古丽") > 0.8,
            "{}",
            score("Arzigül", "阿孜古丽")
        );
        assert!(score("Dilnigar", "Dinigeer") > 0.8);
        // ... but not another name written without it in a Latin or Arabic script.
        assert!(score("Arzigül", "Azigül") < score("Arzigül", "阿孜古丽"));
        assert!(score("Dilnigar", "دىنىگار") < 0.8);
    }

    #[test]
    fn details_name_the_agreement() {
        let e = NameEncoder::new(&[5; 32], 20);
        let d = |a: &str, b: &str| compare_detailed(&e.encode(a), &e.encode(b)).unwrap();
        let exact = d("Abdurëhim Tursun", "ئابدۇرېھىم تۇرسۇن");
        assert_eq!(exact.parts.len(), 2);
        assert!(exact.parts.iter().all(|p| p.level == MatchLevel::Exact));
        assert_eq!(
            exact.parts[0].kinds,
            (ReadingKind::Exact, ReadingKind::Exact)
        );
        let folded = d("Eysa", "Ayshe");
        assert_eq!(folded.parts[0].level, MatchLevel::Folded);
        let chinese = d("Abdurehim Tursun", "阿不都热依木·吐尔逊");
        assert_eq!(chinese.parts[0].kinds.1, ReadingKind::Hanzi);
        assert!(chinese.parts[0].level >= MatchLevel::Skeleton);
        let pinyin = d("Ilham", "Yilihamu");
        assert_eq!(pinyin.parts[0].kinds.1, ReadingKind::Pinyin);
        let swapped = d("Memet Tursun", "Tursun Memet");
        assert!(swapped.swapped);
        let missing = d("Ilham", "Ilham Tohti");
        assert_eq!(missing.missing_parts, 1);
        assert!(
            d("Tursun", "Dilnigar").parts[0].rarity.0.frequency()
                > d("Tursun", "Dilnigar").parts[0].rarity.1.frequency()
        );
    }

    #[test]
    fn two_chinese_forms_with_other_characters_differ_more() {
        let e = NameEncoder::new(&[5; 32], 20);
        let s = |a: &str, b: &str| compare(&e.encode(a), &e.encode(b)).score().unwrap();
        // Gülnar and Gülnur in characters: one character apart, a different name. Two
        // lossy readings are compared as strictly as informal spellings, so they stay
        // below what either scores against its own name in another script.
        let chinese = s("古丽娜尔", "古丽努尔");
        assert!(chinese < 0.8, "{chinese}");
        assert!(chinese < s("Gülnar", "古丽娜尔"));
        assert!(chinese < s("Gulinuer", "古丽努尔"));
    }

    #[test]
    fn not_comparable_never_matches() {
        let e = NameEncoder::new(&[5; 32], 20);
        assert_eq!(
            compare(&e.encode("···"), &e.encode("···")),
            Similarity::NotComparable
        );
        assert_eq!(
            compare(&e.encode("Ilham"), &e.encode("")),
            Similarity::NotComparable
        );
        assert!(compare_detailed(&e.encode("Ilham"), &e.encode("")).is_none());
    }
}
