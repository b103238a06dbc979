//! Birthplaces: region codes from `assets/regions/xinjiang.tsv` (through `crate::regions`),
//! neighbouring counties, and place names written as free text in each convention.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::letters::{self, capitalise, parse_uly};
use super::rng::Rng;
use super::scripts::Label;
use crate::regions::{self, Region};

/// Counties by prefecture code.
static COUNTIES: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    regions::prefectures()
        .into_iter()
        .map(|p| (p.region.code, p.counties.iter().map(|c| c.code).collect()))
        .collect()
});

pub fn region(code: &str) -> &'static Region {
    regions::find(code).unwrap_or_else(|| panic!("unknown region {code}"))
}

/// The prefecture a county belongs to.
pub fn prefecture(code: &str) -> &'static str {
    region(code).parent.unwrap_or(region(code).code)
}

/// Another county of the same prefecture (a neighbour, or one easily confused with it:
/// Ghulja City and Ghulja County, Kashgar City and Kona Sheher).
pub fn neighbour(rng: &mut Rng, code: &'static str) -> &'static str {
    let siblings = &COUNTIES[prefecture(code)];
    let others: Vec<&'static str> = siblings.iter().copied().filter(|c| *c != code).collect();
    if others.is_empty() {
        code
    } else {
        others[rng.index(others.len())]
    }
}

const ADMIN_WORDS: [&str; 13] = [
    "shehiri", "nahiyisi", "rayoni", "wilayiti", "oblasti", "aptonom", "qazaq", "mongghul",
    "xuyzu", "tajik", "shibe", "qirghiz", "rayon",
];

/// The place name without its administrative words: "Kona Sheher nahiyisi" -> Kona Sheher.
fn short_uly(region: &Region) -> Vec<&'static str> {
    region
        .uly
        .split(' ')
        .take_while(|w| !ADMIN_WORDS.contains(&w.to_lowercase().as_str()))
        .collect()
}

/// "Kashgar City (Qeshqer)" -> Kashgar, or the name in parentheses.
fn short_english(rng: &mut Rng, region: &Region) -> String {
    let (main, paren) = match region.en.split_once(" (") {
        Some((m, p)) => (m, Some(p.trim_end_matches(')'))),
        None => (region.en, None),
    };
    if let Some(p) = paren
        && rng.chance(0.4)
    {
        return p.split(", ").next().unwrap_or(p).to_owned();
    }
    main.split(' ')
        .take_while(|w| {
            !matches!(
                *w,
                "City" | "County" | "District" | "Prefecture" | "Autonomous" | "Kazakh" | "Mongol"
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn words_in(label: Label, words: &[&str], rng: &mut Rng) -> String {
    let rendered: Vec<String> = words
        .iter()
        .map(|w| {
            let l = parse_uly(w);
            match label {
                Label::Uey => letters::arabic(&l),
                Label::Usy => capitalise(&letters::cyrillic(&l), false),
                Label::Turkish => capitalise(
                    &letters::uly(&l, "e")
                        .replace("sh", "ş")
                        .replace("ch", "ç")
                        .replace("gh", "ğ")
                        .replace('q', "k")
                        .replace('x', "h")
                        .replace('w', "v")
                        .replace('j', "c"),
                    true,
                ),
                _ => capitalise(
                    &letters::uly(&l, if rng.chance(0.5) { "ë" } else { "e" }),
                    false,
                ),
            }
        })
        .collect();
    rendered.join(" ")
}

/// A place written as a registrant would type it in `label`.
fn place_name(rng: &mut Rng, code: &str, label: Label) -> String {
    let region = region(code);
    match label {
        Label::Chinese => {
            if rng.chance(0.5) {
                region.zh.to_owned()
            } else {
                region.zh.trim_end_matches(['市', '县', '区']).to_owned()
            }
        }
        Label::Uey if rng.chance(0.3) => region.uey.to_owned(),
        Label::Uly if rng.chance(0.3) => region.uly.to_owned(),
        Label::LatinInformal | Label::Pinyin => short_english(rng, region),
        _ => words_in(label, &short_uly(region), rng),
    }
}

/// Free text for a birthplace: the county, sometimes with its prefecture.
pub fn text(rng: &mut Rng, code: &str, label: Label) -> String {
    let county = place_name(rng, code, label);
    let pref = prefecture(code);
    if pref != code && rng.chance(0.2) {
        let prefecture = place_name(rng, pref, label);
        if prefecture != county {
            let sep = if label == Label::Chinese { "" } else { ", " };
            return if label == Label::Chinese {
                format!("{prefecture}{sep}{county}")
            } else {
                format!("{county}{sep}{prefecture}")
            };
        }
    }
    county
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_share_the_prefecture() {
        let mut rng = Rng::new(1);
        for _ in 0..100 {
            let n = neighbour(&mut rng, "653101");
            assert_ne!(n, "653101");
            assert_eq!(prefecture(n), "653100");
        }
    }

    #[test]
    fn place_names_in_each_convention() {
        let seen = |label: Label| -> Vec<String> {
            (0..200)
                .map(|s| text(&mut Rng::new(s), "653101", label))
                .collect()
        };
        assert!(seen(Label::Uey).iter().any(|t| t == "قەشقەر"));
        assert!(seen(Label::Uly).iter().any(|t| t == "Qeshqer"));
        assert!(seen(Label::Usy).iter().any(|t| t == "Қәшқәр"));
        assert!(seen(Label::LatinInformal).iter().any(|t| t == "Kashgar"));
        assert!(seen(Label::Turkish).iter().any(|t| t == "Keşker"));
        assert!(seen(Label::Chinese).iter().any(|t| t == "喀什市"));
        assert!(seen(Label::Chinese).iter().any(|t| t == "喀什"));
        let ghulja: Vec<String> = (0..200)
            .map(|s| text(&mut Rng::new(s), "654002", Label::LatinInformal))
            .collect();
        assert!(ghulja.iter().any(|t| t == "Yining") && ghulja.iter().any(|t| t == "Ghulja"));
        for label in Label::ALL {
            for t in seen(label) {
                assert!(!t.is_empty() && t.chars().count() <= 200, "{label:?} {t}");
            }
        }
    }
}
