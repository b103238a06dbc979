//! Which region of the bundled list a typed birthplace names: "Ghulja", "غۇلجا شەھىرى",
//! "Ғулҗа, Или", "伊宁市" and a chosen 654002 are one place, and "Guma" lies in the Hotan
//! prefecture someone else chose. Without this a place typed in one script and a region
//! picked from the list compared as two different places. Pure: no I/O.
//!
//! Each comma-separated piece of the text (for Chinese, each region name found in it) is
//! compared with the names of every region, as names are (the name engine's readings of
//! every script); a piece that names several regions stands for what they share (both
//! "Ghulja" are in Ili). Pieces that name a county and its prefecture give the county;
//! pieces that disagree give nothing, and the text is compared as text.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::names::{EncodedName, NameEncoder, Script, canonicalise, compare, detect_script};
use crate::regions::Region;

/// A name engine score from which a piece names a region (the engine's "high").
const SAME_NAME: f64 = 0.85;

/// Words that say what kind of place a name is, not which (lower case, every script the
/// list and people use): dropped from a piece before it is compared.
const KIND_WORDS: &[&str] = &[
    // Uyghur Latin, Turkish, informal.
    "shehiri",
    "şehiri",
    "şehri",
    "nahiyisi",
    "nahiyesi",
    "naxiyisi",
    "nahiye",
    "wilayiti",
    "vilayiti",
    "vilayeti",
    "vilayet",
    "rayoni",
    "rayonu",
    "oblasti",
    "oblast",
    "aptonom",
    "özerk",
    "ilçesi",
    // English, pinyin.
    "city",
    "county",
    "prefecture",
    "district",
    "region",
    "autonomous",
    "shi",
    "xian",
    "qu",
    "diqu",
    "zhou",
    "zizhizhou",
    "zizhixian",
    // Uyghur Arabic script.
    "شەھىرى",
    "ناھىيىسى",
    "ۋىلايىتى",
    "رايونى",
    "ئوبلاستى",
    "ئاپتونوم",
    // Cyrillic (Uyghur, Kazakh, Kyrgyz, Russian).
    "шәһири",
    "шаһири",
    "наһийиси",
    "вилайити",
    "райони",
    "қаласы",
    "ауданы",
    "аудан",
    "облысы",
    "району",
    "шаары",
    "облусу",
    "город",
    "уезд",
    "район",
    "область",
    "округ",
];

/// Names of peoples in autonomous place names ("Ili Kazakh Autonomous Prefecture"): part of
/// the official name, rarely of the name people write.
const PEOPLE_WORDS: &[&str] = &[
    "qazaq",
    "kazakh",
    "mongghul",
    "mongol",
    "xuyzu",
    "hui",
    "tajik",
    "shibe",
    "xibe",
    "qirghiz",
    "kirghiz",
    "kyrgyz",
    "قازاق",
    "موڭغۇل",
    "خۇيزۇ",
    "تاجىك",
    "شىبە",
    "قىرغىز",
];

/// Chinese endings that say what kind of place it is, longest first, with the peoples'
/// names autonomous places carry before them (伊犁哈萨克自治州 -> 伊犁).
pub const HAN_ENDINGS: &[&str] = &["自治州", "自治县", "地区", "市", "县", "区"];
const HAN_PEOPLES: &[&str] = &["哈萨克", "蒙古", "回族", "柯尔克孜", "塔吉克", "锡伯"];

struct Gazetteer {
    regions: Vec<&'static Region>,
    /// (region index, a name of it as people write it, encoded).
    names: Vec<(usize, EncodedName)>,
    /// The regions of each name's canonical form: a piece written as a listed name in any
    /// exact script is found without comparing it with every name (a tenth of the time).
    exact: HashMap<String, Vec<usize>>,
    /// (region index, Chinese name without its ending, full Chinese name).
    han: Vec<(usize, String, &'static str)>,
}

/// The list's names are public and so is this key: nothing encoded with it is stored.
fn encoder() -> &'static NameEncoder {
    static ENCODER: LazyLock<NameEncoder> =
        LazyLock::new(|| NameEncoder::new(&[0x67; 32], crate::names::DEFAULT_K));
    &ENCODER
}

fn is_kind_word(word: &str) -> bool {
    let w = word.to_lowercase();
    KIND_WORDS.contains(&w.as_str()) || PEOPLE_WORDS.contains(&w.as_str())
}

/// The words of a name before the first word for a kind of place or a people
/// ("Kona Sheher nahiyisi" -> "Kona Sheher").
fn leading_name(s: &str) -> String {
    s.split_whitespace()
        .take_while(|w| !is_kind_word(w))
        .collect::<Vec<_>>()
        .join(" ")
}

fn han_stem(zh: &str) -> String {
    let mut s = zh;
    if let Some(rest) = HAN_ENDINGS.iter().find_map(|e| s.strip_suffix(e)) {
        s = rest;
    }
    if let Some(rest) = HAN_PEOPLES.iter().find_map(|p| s.strip_suffix(p)) {
        s = rest;
    }
    s.to_string()
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let regions: Vec<&'static Region> = crate::regions::all().collect();
    let mut names = Vec::new();
    let mut exact: HashMap<String, Vec<usize>> = HashMap::new();
    let mut han = Vec::new();
    for (i, r) in regions.iter().enumerate() {
        let (en, aside) = match r.en.split_once(" (") {
            Some((e, a)) => (e, a.trim_end_matches(')')),
            None => (r.en, ""),
        };
        let mut forms = vec![leading_name(r.uly), leading_name(r.uey), leading_name(en)];
        forms.extend(aside.split(", ").map(leading_name));
        forms.retain(|f| !f.is_empty());
        forms.sort();
        forms.dedup();
        for form in forms {
            let canonical = canonicalise(&form);
            let encoded = encoder().encode_canonical(&canonical);
            if encoded.is_comparable() {
                names.push((i, encoded));
                let regions = exact.entry(canonical.canonical_string()).or_default();
                if !regions.contains(&i) {
                    regions.push(i);
                }
            }
        }
        let stem = han_stem(r.zh);
        if stem.chars().count() >= 2 {
            han.push((i, stem, r.zh));
        }
    }
    Gazetteer {
        regions,
        names,
        exact,
        han,
    }
});

fn prefecture_of(r: &'static Region) -> &'static str {
    r.parent.unwrap_or(r.code)
}

/// What a set of regions named by one piece stand for: the region if one, their prefecture
/// if they share one, else nothing.
fn common(hits: &[&'static Region]) -> Option<&'static Region> {
    let first = *hits.first()?;
    if hits.iter().all(|r| r.code == first.code) {
        return Some(first);
    }
    let prefecture = prefecture_of(first);
    if hits.iter().all(|r| prefecture_of(r) == prefecture) {
        return crate::regions::find(prefecture);
    }
    None
}

/// The regions one non-Chinese piece of text names, best-named first.
fn named_by(piece: &str) -> Vec<&'static Region> {
    let name = piece
        .split_whitespace()
        .filter(|w| !is_kind_word(w))
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        return Vec::new();
    }
    let g = &*GAZETTEER;
    let canonical = canonicalise(&name);
    if let Some(regions) = g.exact.get(&canonical.canonical_string()) {
        return regions.iter().map(|&i| g.regions[i]).collect();
    }
    let encoded = encoder().encode_canonical(&canonical);
    if !encoded.is_comparable() {
        return Vec::new();
    }
    let mut best = SAME_NAME;
    let mut hits: Vec<usize> = Vec::new();
    for (i, form) in &g.names {
        let Some(score) = compare(&encoded, form).score() else {
            continue;
        };
        if score > best + 1e-9 {
            best = score;
            hits.clear();
        }
        if score >= best - 1e-9 && !hits.contains(i) {
            hits.push(*i);
        }
    }
    hits.into_iter().map(|i| g.regions[i]).collect()
}

/// The pieces of Chinese text: the longest region names found in it, each with the regions
/// it names (伊宁 names the city and the county, 伊宁市 the city).
fn han_pieces(text: &str) -> Vec<Vec<&'static Region>> {
    let g = &*GAZETTEER;
    let mut found: Vec<(&str, usize)> = Vec::new();
    for (i, stem, full) in &g.han {
        if text.contains(*full) {
            found.push((full, *i));
        } else if text.contains(stem.as_str()) {
            found.push((stem.as_str(), *i));
        }
    }
    let strings: Vec<&str> = found.iter().map(|(s, _)| *s).collect();
    let mut pieces: Vec<(&str, Vec<&'static Region>)> = Vec::new();
    for (s, i) in found {
        // A name inside a longer one found (伊宁 in 伊宁市) is that one's.
        if strings.iter().any(|o| o.len() > s.len() && o.contains(s)) {
            continue;
        }
        match pieces.iter_mut().find(|(p, _)| *p == s) {
            Some((_, regions)) => regions.push(g.regions[i]),
            None => pieces.push((s, vec![g.regions[i]])),
        }
    }
    pieces.into_iter().map(|(_, r)| r).collect()
}

/// The region of the bundled list a typed birthplace names, if it names one: a county, or a
/// prefecture when the text says no more (or names two counties of it).
pub fn resolve(text: &str) -> Option<&'static Region> {
    let pieces: Vec<Vec<&'static Region>> = if detect_script(text) == Script::Han {
        han_pieces(text)
    } else {
        text.split([',', '،', ';', '/', '(', ')', '、', '，'])
            .map(named_by)
            .filter(|hits| !hits.is_empty())
            .collect()
    };
    let mut place: Option<&'static Region> = None;
    for hits in pieces {
        let here = common(&hits)?;
        place = Some(match place {
            None => here,
            Some(p) if p.code == here.code => p,
            // A county and its prefecture: the county.
            Some(p) if p.is_prefecture && here.parent == Some(p.code) => here,
            Some(p) if here.is_prefecture && p.parent == Some(here.code) => p,
            Some(_) => return None,
        });
    }
    place
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<&'static str> {
        resolve(text).map(|r| r.code)
    }

    #[test]
    fn a_county_in_any_script() {
        for text in [
            "Yopurgha",
            "Yopurga",
            "يوپۇرغا ناھىيىسى",
            "Йопурға",
            "岳普湖县",
            "岳普湖",
        ] {
            assert_eq!(code(text), Some("653128"), "{text}");
        }
        assert_eq!(code("Maralbéshi"), Some("653130"));
        assert_eq!(code("Kona Sheher nahiyisi"), Some("653121"));
        assert_eq!(code("Keriya"), Some("653226"));
    }

    #[test]
    fn a_name_of_two_counties_stands_for_their_prefecture() {
        // The city and the county of Ghulja.
        assert_eq!(code("Ghulja"), Some("654000"));
        assert_eq!(code("Ғулҗа"), Some("654000"));
        assert_eq!(code("伊宁"), Some("654000"));
        assert_eq!(code("伊宁市"), Some("654002"));
        assert_eq!(code("غۇلجا شەھىرى"), Some("654000"));
    }

    #[test]
    fn a_county_with_its_prefecture_is_the_county() {
        assert_eq!(code("Yëngisar, Qeshqer wilayiti"), Some("653123"));
        assert_eq!(code("Текәс, Или"), Some("654027"));
        assert_eq!(code("喀什地区疏附县"), Some("653121"));
        assert_eq!(code("伊犁哈萨克自治州新源县"), Some("654025"));
        assert_eq!(code("伊犁"), Some("654000"));
    }

    #[test]
    fn unknown_or_contradictory_places_name_no_region() {
        assert_eq!(code("Almaty"), None);
        assert_eq!(code("a village near the river"), None);
        assert_eq!(code(""), None);
        // Two counties of two prefectures.
        assert_eq!(code("Yopurgha, Guma"), None);
    }
}
