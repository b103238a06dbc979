//! Xinjiang's prefectures and counties, for picking a birthplace (`assets/regions/xinjiang.tsv`,
//! sources in its header). Loaded once; a code outside the list is refused.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::i18n::Lang;

#[derive(Debug, Clone)]
pub struct Region {
    pub code: &'static str,
    pub is_prefecture: bool,
    pub parent: Option<&'static str>,
    pub uey: &'static str,
    pub uly: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

impl Region {
    /// The name to show in a language: that language's form only, in the page's script, so a
    /// right-to-left list is not a jumble of four scripts in one line. The list has no Turkish,
    /// Russian or Kazakh column: those pages show the English name, the form closest to theirs
    /// (Kashgar, Кашгар). The other forms stay findable through `search_terms`.
    pub fn label(&self, lang: &Lang) -> &'static str {
        match lang {
            Lang::Ug => self.uey,
            Lang::UgLatn => self.uly,
            Lang::ZhHans => self.zh,
            Lang::En | Lang::Tr | Lang::Ru | Lang::Kk => self.en,
        }
    }

    /// Every form a person might type to find the region (Uyghur, Uyghur Latin, Chinese,
    /// English), for the list's optional search box; never shown.
    pub fn search_terms(&self) -> String {
        [self.uey, self.uly, self.zh, self.en].join(" ")
    }
}

/// A prefecture with its counties, in file order.
pub struct Prefecture {
    pub region: &'static Region,
    pub counties: Vec<&'static Region>,
}

struct Table {
    regions: Vec<Region>,
    by_code: HashMap<&'static str, usize>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let text: &'static str = include_str!("../assets/regions/xinjiang.tsv");
    let mut regions = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
    {
        let f: Vec<&'static str> = line.split('\t').collect();
        assert_eq!(f.len(), 7, "regions file: bad line {line}");
        regions.push(Region {
            code: f[0],
            is_prefecture: f[1] == "prefecture",
            parent: (!f[2].is_empty()).then_some(f[2]),
            uey: f[3],
            uly: f[4],
            zh: f[5],
            en: f[6],
        });
    }
    let by_code = regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code, i))
        .collect();
    Table { regions, by_code }
});

pub fn find(code: &str) -> Option<&'static Region> {
    TABLE.by_code.get(code).map(|i| &TABLE.regions[*i])
}

/// Every region, in file order.
pub fn all() -> impl Iterator<Item = &'static Region> {
    TABLE.regions.iter()
}

/// A region's place in the bundled list (a small number standing for its code).
pub fn position(code: &str) -> Option<usize> {
    TABLE.by_code.get(code).copied()
}

pub fn prefectures() -> Vec<Prefecture> {
    TABLE
        .regions
        .iter()
        .filter(|r| r.is_prefecture)
        .map(|p| Prefecture {
            region: p,
            counties: TABLE
                .regions
                .iter()
                .filter(|c| c.parent == Some(p.code))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_list_loads_and_links() {
        let prefs = prefectures();
        assert!(prefs.len() >= 14);
        let counties: usize = prefs.iter().map(|p| p.counties.len()).sum();
        assert!(counties >= 100, "{counties} counties");
        let kashgar_city = find("653101").expect("Kashgar city");
        assert_eq!(kashgar_city.parent, Some("653100"));
        assert!(kashgar_city.uey.contains("قەشقەر"));
        assert!(find("999999").is_none());
        assert_eq!(kashgar_city.label(&Lang::Ug), kashgar_city.uey);
        assert_eq!(kashgar_city.label(&Lang::En), kashgar_city.en);
        let terms = kashgar_city.search_terms();
        for form in [kashgar_city.uly, kashgar_city.zh, kashgar_city.en] {
            assert!(terms.contains(form), "{form}");
        }
        for p in &prefs {
            for c in &p.counties {
                assert_eq!(&c.code[..4], &p.region.code[..4], "{}", c.code);
            }
        }
    }
}
