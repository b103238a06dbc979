//! The Fellegi–Sunter model (Splink style): for each field, each level of agreement has a
//! weight log2(m/u), m the chance of that level among true pairs, u among false ones; a pair's
//! score is the sum of its fields' weights, a missing field adds nothing. Exact and near-exact
//! given names are adjusted for how common the name is (term frequency): two people called
//! Memet agree on weak evidence. Three bands cut the score.
//!
//! Nothing here is set by hand: `kinlink fit-matching` estimates m and u from labelled synthetic
//! families and picks the band thresholds, and writes `model.json`, which is bundled.

use serde::{Deserialize, Serialize};

/// The fields compared, in the order of the weight table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Given,
    Father,
    Mother,
    Birth,
    Place,
    Gender,
    Relation,
    Kin,
    SeekersPlace,
    Family,
}

impl Field {
    pub const ALL: [Field; FIELDS] = [
        Field::Given,
        Field::Father,
        Field::Mother,
        Field::Birth,
        Field::Place,
        Field::Gender,
        Field::Relation,
        Field::Kin,
        Field::SeekersPlace,
        Field::Family,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        match self {
            Field::Given => "given",
            Field::Father => "father",
            Field::Mother => "mother",
            Field::Birth => "birth",
            Field::Place => "place",
            Field::Gender => "gender",
            Field::Relation => "relation",
            Field::Kin => "kin",
            Field::SeekersPlace => "seekers_place",
            Field::Family => "family",
        }
    }

    /// The names of this field's levels; level 0 is always "missing" (no weight).
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            Field::Given | Field::Father | Field::Mother => &[
                "missing",
                "different",
                "weak",
                "medium",
                "affix",
                "high",
                "exact",
            ],
            // A range that contains the other side's year is weaker evidence than two people
            // naming the same year, and that weaker than the same full date.
            Field::Birth => &[
                "missing",
                "more_than_5_years",
                "3_to_5_years",
                "2_years",
                "1_year",
                "within_range",
                "same_year",
                "same_date",
            ],
            // The seekers' own birthplaces for two people seeking one person, who are family.
            Field::Place | Field::SeekersPlace => {
                &["missing", "different", "same_prefecture", "same_place"]
            }
            Field::Gender => &["missing", "different", "same"],
            Field::Relation => &["not_checked", "implausible", "plausible"],
            // The seekers' own family names, where the relations say they should agree (a
            // sought brother has the seeker's father; two people seeking their father have one).
            Field::Kin => &["not_checked", "different", "similar", "same"],
            // Whether another record of one account also matches another record of the other
            // (two siblings who both seek father and mother; two accounts seeking each other).
            // Checked only for pairs that already agree on something.
            Field::Family => &["not_checked", "no_other_match", "another_match"],
        }
    }
}

pub const FIELDS: usize = 10;
pub const MAX_LEVELS: usize = 8;

impl Field {
    /// The level from which this field's agreement is weighed by how common the agreeing value
    /// is (Splink's term-frequency adjustment): names from "affix" up, birthplaces at "same
    /// place" (a shared small county says more than a shared Kashgar).
    pub fn frequency_from(self) -> Option<u8> {
        match self {
            Field::Given | Field::Father => Some(4),
            Field::Place => Some(3),
            _ => None,
        }
    }
}

/// The three bands, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Possible,
    Likely,
    Strong,
}

impl Band {
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Strong => "strong",
            Band::Likely => "likely",
            Band::Possible => "possible",
        }
    }

    pub fn parse(s: &str) -> Option<Band> {
        match s {
            "strong" => Some(Band::Strong),
            "likely" => Some(Band::Likely),
            "possible" => Some(Band::Possible),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    pub strong: f64,
    pub likely: f64,
    pub possible: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// m per field and level (level 0 unused).
    pub m: Vec<Vec<f64>>,
    /// u per field and level.
    pub u: Vec<Vec<f64>>,
    /// The bands of a person sought against an "about me" (and so of reciprocal candidates).
    pub thresholds: Thresholds,
    /// The bands of two people sought (co-seekers): fitted apart, because at one score the
    /// share of true pairs differs by kind (look-alike strangers meet searches, not each other).
    #[serde(default)]
    pub co_seekers: Option<Thresholds>,
    /// How the model was made: command, data, counts (for the README and a reviewer).
    pub fitted_on: String,
    /// Each field's level names when it was fitted: `m` and `u` are indexed by level, so a
    /// model fitted before the levels changed must not be read with the new ones.
    #[serde(default)]
    pub levels: Vec<Vec<String>>,
}

/// Term-frequency floor: no value is taken as rarer than this share of records.
const TF_FLOOR: f64 = 1e-5;
/// How many records' worth of the level's average frequency a value's own count is blended
/// with: in a small or young database one registration would otherwise make its name (or
/// place) look common, or a count of zero look unique.
pub const TF_PRIOR_RECORDS: f64 = 1000.0;
/// Bounds of one field's weight, so one freak estimate cannot decide alone.
const WEIGHT_CAP: f64 = 14.0;

impl Model {
    /// The bundled model.
    pub fn bundled() -> &'static Model {
        static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            Model::parse(include_str!("model.json")).expect("the bundled model fits these levels")
        })
    }

    /// A model from its JSON, refused unless it was fitted with today's levels.
    pub fn parse(json: &str) -> anyhow::Result<Model> {
        let model: Model = serde_json::from_str(json)?;
        anyhow::ensure!(
            model.levels == Model::current_levels(),
            "the model was fitted with other agreement levels than this build's: fit it again \
             (kinlink fit-matching)"
        );
        Ok(model)
    }

    /// Each field's level names, as a model records them.
    pub fn current_levels() -> Vec<Vec<String>> {
        Field::ALL
            .iter()
            .map(|f| f.levels().iter().map(|l| l.to_string()).collect())
            .collect()
    }

    /// The weight of `level` of `field`: log2(m/u), 0 for a missing field.
    pub fn weight(&self, field: Field, level: u8) -> f64 {
        if level == 0 {
            return 0.0;
        }
        let (m, u) = (
            self.m[field.index()][level as usize],
            self.u[field.index()][level as usize],
        );
        (m / u).log2().clamp(-WEIGHT_CAP, WEIGHT_CAP)
    }

    /// A value's frequency from its count among `records` (those with the field), blended
    /// with the level's average (`u`) as if [`TF_PRIOR_RECORDS`] more records had it at that
    /// rate.
    pub fn frequency(&self, field: Field, level: u8, uses: u64, records: usize) -> f64 {
        let u = self.u[field.index()][level as usize];
        (uses as f64 + u * TF_PRIOR_RECORDS) / (records as f64 + TF_PRIOR_RECORDS)
    }

    /// The weight of an agreement adjusted for the agreeing value's frequency `tf` (share of
    /// records carrying a name this close, or born in that place): log2(m / tf) in place of
    /// log2(m / u), from the field's [`Field::frequency_from`] level up.
    pub fn frequency_weight(&self, field: Field, level: u8, tf: Option<f64>) -> f64 {
        match tf {
            Some(tf) if field.frequency_from().is_some_and(|from| level >= from) => {
                let m = self.m[field.index()][level as usize];
                let u = self.u[field.index()][level as usize];
                // Splink's adjustment: the level's own u replaced by the value's frequency, but
                // never claiming more rarity than the level's u allows ten times over.
                let tf = tf.max(TF_FLOOR).max(u / 10.0);
                (m / tf).log2().clamp(-WEIGHT_CAP, WEIGHT_CAP)
            }
            _ => self.weight(field, level),
        }
    }

    pub fn band(&self, score: f64) -> Option<Band> {
        self.band_of(false, score)
    }

    /// The thresholds of a pair of two people sought (`co_seekers`) or not.
    pub fn thresholds_of(&self, co_seekers: bool) -> &Thresholds {
        match (&self.co_seekers, co_seekers) {
            (Some(t), true) => t,
            _ => &self.thresholds,
        }
    }

    /// The band of a pair of two people sought (`co_seekers`) or not.
    pub fn band_of(&self, co_seekers: bool, score: f64) -> Option<Band> {
        let t = self.thresholds_of(co_seekers);
        if score >= t.strong {
            Some(Band::Strong)
        } else if score >= t.likely {
            Some(Band::Likely)
        } else if score >= t.possible {
            Some(Band::Possible)
        } else {
            None
        }
    }
}

/// Counts per field and level among true and false pairs, for fitting.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    pub true_pairs: Vec<[u64; MAX_LEVELS]>,
    pub false_pairs: Vec<[u64; MAX_LEVELS]>,
}

impl Counts {
    pub fn new() -> Self {
        Counts {
            true_pairs: vec![[0; MAX_LEVELS]; FIELDS],
            false_pairs: vec![[0; MAX_LEVELS]; FIELDS],
        }
    }

    pub fn add(&mut self, levels: &[u8; FIELDS], is_true: bool) {
        let table = if is_true {
            &mut self.true_pairs
        } else {
            &mut self.false_pairs
        };
        for (f, level) in levels.iter().enumerate() {
            table[f][*level as usize] += 1;
        }
    }

    /// m and u with add-one smoothing over each field's levels (missing excluded: it carries
    /// no weight).
    pub fn estimate(&self) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let probs = |table: &Vec<[u64; MAX_LEVELS]>| -> Vec<Vec<f64>> {
            Field::ALL
                .iter()
                .map(|f| {
                    let n = f.levels().len();
                    let row = &table[f.index()];
                    let total: f64 = (1..n).map(|l| row[l] as f64 + 1.0).sum();
                    let mut out = vec![0.0; MAX_LEVELS];
                    for (l, slot) in out.iter_mut().enumerate().take(n).skip(1) {
                        *slot = (row[l] as f64 + 1.0) / total;
                    }
                    out[0] = 1.0;
                    out
                })
                .collect()
        };
        (probs(&self.true_pairs), probs(&self.false_pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_fitted_with_other_levels_is_refused() {
        let mut json: serde_json::Value = serde_json::from_str(include_str!("model.json")).unwrap();
        assert!(Model::parse(&json.to_string()).is_ok());
        // Before the "affix" level, "high" was level 4: read now, its weights would land on
        // the wrong agreements.
        json["levels"][0] =
            serde_json::json!(["missing", "different", "weak", "medium", "high", "exact"]);
        assert!(Model::parse(&json.to_string()).is_err());
        json.as_object_mut().unwrap().remove("levels");
        assert!(Model::parse(&json.to_string()).is_err());
    }

    #[test]
    fn the_bundled_model_is_complete_and_sensible() {
        let m = Model::bundled();
        assert_eq!(m.m.len(), FIELDS);
        assert_eq!(m.u.len(), FIELDS);
        let t = &m.thresholds;
        assert!(t.strong > t.likely && t.likely > t.possible, "{t:?}");
        // Agreement is evidence for, disagreement against.
        for f in [Field::Given, Field::Father, Field::Birth] {
            let top = f.levels().len() as u8 - 1;
            assert!(m.weight(f, top) > 0.0, "{f:?}");
            assert!(m.weight(f, 1) < 0.0, "{f:?}");
        }
        assert_eq!(m.weight(Field::Given, 0), 0.0);
        // A common name's exact agreement weighs less than a rare one's.
        let common = m.frequency_weight(Field::Given, 5, Some(0.05));
        let rare = m.frequency_weight(Field::Given, 5, Some(0.0001));
        assert!(common < rare, "{common} {rare}");
        // So is a common birthplace's, and below "same place" nothing is adjusted.
        let common = m.frequency_weight(Field::Place, 3, Some(0.05));
        let rare = m.frequency_weight(Field::Place, 3, Some(0.001));
        assert!(common < m.weight(Field::Place, 3) && m.weight(Field::Place, 3) < rare);
        let prefecture = m.frequency_weight(Field::Place, 2, Some(0.001));
        assert_eq!(prefecture, m.weight(Field::Place, 2));
        assert_eq!(m.band(t.strong), Some(Band::Strong));
        assert_eq!(m.band(t.possible - 0.01), None);
    }

    #[test]
    fn estimates_are_smoothed_probabilities() {
        let mut c = Counts::new();
        let mut levels = [0u8; FIELDS];
        levels[Field::Gender.index()] = 2;
        for _ in 0..9 {
            c.add(&levels, true);
        }
        levels[Field::Gender.index()] = 1;
        c.add(&levels, true);
        let (m, _) = c.estimate();
        let g = &m[Field::Gender.index()];
        assert!((g[1] + g[2] - 1.0).abs() < 1e-9);
        assert!((g[2] - 10.0 / 12.0).abs() < 1e-9);
    }
}
