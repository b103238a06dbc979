//! Scoring two encoded names: parts compared in order (own name with own name, father's
//! with father's), best reading pair per part, affixes as a soft feature.

use serde::Serialize;

use super::clk::dice_of;
use super::encode::{EncodedName, EncodedPart, EncodedReading};

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

/// Different gender/rank affixes (Tursun vs Tursunay, Tursunay vs Tursungül)
/// make different names.
const HARD_AFFIX_MISMATCH: f64 = 0.5;
/// -jan or a Russified -ov on one side only: often the same person.
const SOFT_AFFIX_MISMATCH: f64 = 0.95;
/// Weight of the weakest part against the mean: one clearly different part (another
/// father) must pull the score down.
const MIN_WEIGHT: f64 = 0.6;
/// Each part present on one side only (a father's name not given).
const MISSING_PART: f64 = 0.85;
/// Own and father's names swapped: at most a weak candidate, since Memet Tursun is
/// likely the father or son of Tursun Memet.
const SWAPPED: f64 = 0.6;

/// Dice is raised to this power when both readings are exact transliterations: two
/// spellings of the same Uyghur letters agree almost fully, so a Dice of 0.8 between them
/// (Sabit/Sabir) is weaker evidence than the same Dice against a Chinese reading.
const EXACT_EXPONENT: f64 = 2.0;
/// ... and to this power when one side is read from Chinese characters or pinyin.
const LOSSY_EXPONENT: f64 = 1.0;

fn reading_similarity(a: &EncodedReading, b: &EncodedReading) -> f64 {
    let exact = !a.lossy && !b.lossy;
    // Two exact transliterations are also compared on the fine key.
    let mut s = if exact {
        let (c1, t1) = a.bloom.overlap(&b.bloom);
        let (c2, t2) = a.fine.overlap(&b.fine);
        dice_of((c1 + c2, t1 + t2))
    } else {
        a.bloom.dice(&b.bloom)
    };
    if a.hard != b.hard {
        s *= HARD_AFFIX_MISMATCH;
    }
    if a.soft != b.soft {
        s *= SOFT_AFFIX_MISMATCH;
    }
    let exponent = if exact {
        EXACT_EXPONENT
    } else {
        LOSSY_EXPONENT
    };
    s.powf(exponent)
}

/// Best similarity over all reading pairs of two parts.
pub fn part_similarity(a: &EncodedPart, b: &EncodedPart) -> f64 {
    let mut best = 0.0_f64;
    for ra in &a.readings {
        for rb in &b.readings {
            best = best.max(reading_similarity(ra, rb));
        }
    }
    best
}

fn combine(sims: &[f64]) -> f64 {
    if sims.is_empty() {
        return 0.0;
    }
    let min = sims.iter().copied().fold(f64::INFINITY, f64::min);
    let mean = sims.iter().sum::<f64>() / sims.len() as f64;
    MIN_WEIGHT * min + (1.0 - MIN_WEIGHT) * mean
}

/// Compares two encoded names.
pub fn compare(a: &EncodedName, b: &EncodedName) -> Similarity {
    if !a.is_comparable() || !b.is_comparable() {
        return Similarity::NotComparable;
    }
    let (pa, pb) = (&a.parts, &b.parts);
    let n = pa.len().min(pb.len());
    let missing = pa.len().abs_diff(pb.len());
    let in_order: Vec<f64> = (0..n).map(|i| part_similarity(&pa[i], &pb[i])).collect();
    let mut score = combine(&in_order) * MISSING_PART.powi(missing as i32);
    if n >= 2 {
        let mut swapped = vec![
            part_similarity(&pa[0], &pb[1]),
            part_similarity(&pa[1], &pb[0]),
        ];
        swapped.extend_from_slice(&in_order[2..]);
        score = score.max(combine(&swapped) * SWAPPED * MISSING_PART.powi(missing as i32));
    }
    Similarity::Comparable(score.clamp(0.0, 1.0))
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
    }
}
