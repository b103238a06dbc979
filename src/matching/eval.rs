//! Measuring and fitting the matcher on labelled records (synthetic families), in memory, with
//! the real features, index, scorer and bands and no database: `kinlink eval-matching` and
//! `kinlink fit-matching`.
//!
//! Input: one JSON object per line, `{"id","account","kind":"self"|"sought","relation"?,
//! "person":{…},"truth"}`. Records with the same `truth` describe the same human; a true pair is
//! two records of different accounts with the same truth, at least one of them sought. Counts
//! are per record pair (a reciprocal candidate counts its two record pairs).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::candidates::{PairKind, base_kind, collect_pairs};
use super::features::Features;
use super::index::{Index, Slot};
use super::model::{Band, Counts, Field, Model, Thresholds};
use crate::domain::{PersonInput, SoughtInput};
use crate::names::{DEFAULT_K, NameEncoder};

#[derive(Deserialize)]
struct Line {
    id: String,
    account: String,
    kind: String,
    relation: Option<String>,
    person: PersonInput,
    truth: String,
    #[serde(default)]
    #[allow(dead_code)]
    scripts: Option<serde_json::Value>,
}

/// Labelled records, indexed.
pub struct Labelled {
    pub index: Index,
    truth: Vec<String>,
    kind_sought: Vec<bool>,
    account: Vec<String>,
    slot_of_line: Vec<Slot>,
}

/// The key of a run: a fixed key from a seed, so two runs give the same numbers.
pub fn encoder(seed: u64) -> NameEncoder {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(b"matching");
    NameEncoder::new(&key, DEFAULT_K)
}

/// Parse and index the records of a JSONL file.
pub fn load(text: &str, seed: u64) -> anyhow::Result<Labelled> {
    let enc = encoder(seed);
    let today = chrono::NaiveDate::from_ymd_opt(2100, 1, 1).expect("a date");
    // Sought records need their seeker's "about me", which may come later in the file.
    let mut lines = Vec::new();
    let mut own: HashMap<String, crate::domain::Person> = HashMap::new();
    for (n, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let line: Line =
            serde_json::from_str(raw).map_err(|e| anyhow::anyhow!("line {}: {}", n + 1, e))?;
        if line.kind == "self" {
            let p = line
                .person
                .validate_at(today)
                .map_err(|e| anyhow::anyhow!("line {}: {e}", n + 1))?;
            own.insert(line.account.clone(), p);
        }
        lines.push((n + 1, line));
    }
    let mut index = Index::default();
    let mut labelled = Labelled {
        index: Index::default(),
        truth: Vec::new(),
        kind_sought: Vec::new(),
        account: Vec::new(),
        slot_of_line: Vec::new(),
    };
    for (n, line) in lines {
        let features = match line.kind.as_str() {
            "self" => Features::own(
                &enc,
                &line
                    .person
                    .validate_at(today)
                    .map_err(|e| anyhow::anyhow!("line {n}: {e}"))?,
            ),
            "sought" => {
                let p = line.person;
                let input = SoughtInput {
                    relation: line.relation.clone(),
                    names: p.names,
                    name_scripts: None,
                    nicknames: p.nicknames,
                    father_name: p.father_name,
                    mother_name: p.mother_name,
                    gender: p.gender,
                    birth: p.birth,
                    birthplace: p.birthplace,
                    ..Default::default()
                };
                let sought = input
                    .validate_at(today)
                    .map_err(|e| anyhow::anyhow!("line {n}: {e}"))?;
                Features::sought(&enc, &sought, own.get(&line.account))
            }
            other => anyhow::bail!("line {n}: kind must be self or sought, not {other}"),
        };
        let slot = index.upsert(&line.id, &line.account, &features);
        let slot_u = slot as usize;
        if labelled.truth.len() <= slot_u {
            labelled.truth.resize(slot_u + 1, String::new());
            labelled.kind_sought.resize(slot_u + 1, false);
            labelled.account.resize(slot_u + 1, String::new());
        }
        labelled.truth[slot_u] = line.truth;
        labelled.kind_sought[slot_u] = line.kind == "sought";
        labelled.account[slot_u] = line.account;
        labelled.slot_of_line.push(slot);
    }
    labelled.index = index;
    Ok(labelled)
}

impl Labelled {
    fn is_true(&self, a: Slot, b: Slot) -> bool {
        self.truth[a as usize] == self.truth[b as usize]
    }

    /// Every true record pair, by kind.
    fn true_pairs(&self) -> HashMap<(Slot, Slot), PairKind> {
        let mut by_truth: HashMap<&str, Vec<Slot>> = HashMap::new();
        for &s in &self.slot_of_line {
            by_truth.entry(&self.truth[s as usize]).or_default().push(s);
        }
        // Directed account pairs with a true sought→own pair, to find reciprocals.
        let mut seeks: HashSet<(&str, &str)> = HashSet::new();
        for slots in by_truth.values() {
            for &a in slots {
                for &b in slots {
                    if self.kind_sought[a as usize]
                        && !self.kind_sought[b as usize]
                        && self.account[a as usize] != self.account[b as usize]
                    {
                        seeks.insert((&self.account[a as usize], &self.account[b as usize]));
                    }
                }
            }
        }
        let mut out = HashMap::new();
        for slots in by_truth.values() {
            for (i, &a) in slots.iter().enumerate() {
                for &b in &slots[i + 1..] {
                    let (sa, sb) = (self.kind_sought[a as usize], self.kind_sought[b as usize]);
                    let (xa, xb) = (&self.account[a as usize], &self.account[b as usize]);
                    if xa == xb || (!sa && !sb) {
                        continue;
                    }
                    let kind = if sa && sb {
                        PairKind::CoSeekers
                    } else {
                        let (seeker, own) = if sa { (xa, xb) } else { (xb, xa) };
                        if seeks.contains(&(own.as_str(), seeker.as_str())) {
                            PairKind::Reciprocal
                        } else {
                            PairKind::SoughtSelf
                        }
                    };
                    out.insert((a.min(b), a.max(b)), kind);
                }
            }
        }
        out
    }
}

#[derive(Serialize, Default, Clone, Copy)]
pub struct BandCount {
    pub candidates: u64,
    pub r#true: u64,
}

#[derive(Serialize, Default, Clone, Copy)]
pub struct KindCount {
    pub true_pairs: u64,
    pub found: u64,
    pub recall: f64,
    pub candidates: u64,
    pub precision: f64,
}

#[derive(Serialize)]
pub struct Report {
    pub records: usize,
    pub true_pairs: u64,
    pub candidates: u64,
    pub by_band: BTreeMap<&'static str, BandCount>,
    /// Strong and likely together.
    pub recall: f64,
    pub precision: f64,
    pub recall_any: f64,
    pub precision_any: f64,
    pub by_kind: BTreeMap<&'static str, KindCount>,
    /// Distinct name parts held, and the index's memory, roughly.
    pub parts: usize,
    pub index_bytes: usize,
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Score every candidate the index proposes and count against the truth.
pub fn evaluate(data: &Labelled, model: &Model) -> Report {
    let truth = data.true_pairs();
    let pairs = collect_pairs(&data.index, model, false);
    let mut by_band: BTreeMap<&'static str, BandCount> = BTreeMap::new();
    for b in [Band::Strong, Band::Likely, Band::Possible] {
        by_band.insert(b.as_str(), BandCount::default());
    }
    let mut by_kind: BTreeMap<&'static str, KindCount> = BTreeMap::new();
    for k in [
        PairKind::SoughtSelf,
        PairKind::Reciprocal,
        PairKind::CoSeekers,
    ] {
        by_kind.insert(k.as_str(), KindCount::default());
    }
    for kind in truth.values() {
        by_kind.get_mut(kind.as_str()).expect("a kind").true_pairs += 1;
    }
    let (mut found, mut proposed, mut found_any, mut proposed_any) = (0, 0, 0, 0);
    for p in &pairs {
        let Some(band) = p.band else { continue };
        let is_true = data.is_true(p.a, p.b);
        let c = by_band.get_mut(band.as_str()).expect("a band");
        c.candidates += 1;
        c.r#true += u64::from(is_true);
        proposed_any += 1;
        found_any += u64::from(is_true);
        let confident = band >= Band::Likely;
        if confident {
            proposed += 1;
            found += u64::from(is_true);
        }
        let kind = by_kind.get_mut(p.kind.as_str()).expect("a kind");
        if confident {
            kind.candidates += 1;
        }
        if is_true && confident {
            // Counted under the true pair's own kind.
            if let Some(true_kind) = truth.get(&(p.a.min(p.b), p.a.max(p.b))) {
                by_kind.get_mut(true_kind.as_str()).expect("a kind").found += 1;
            }
        }
    }
    let kinds: Vec<&'static str> = by_kind.keys().copied().collect();
    for k in kinds {
        let c = by_kind.get_mut(k).expect("a kind");
        c.recall = ratio(c.found, c.true_pairs);
        // Precision by the kind the matcher proposed (found counts by true kind; close enough
        // per kind, exact in total).
        c.precision = ratio(c.found.min(c.candidates), c.candidates);
    }
    let true_pairs = truth.len() as u64;
    Report {
        records: data.index.len(),
        true_pairs,
        candidates: proposed_any,
        by_band,
        recall: ratio(found, true_pairs),
        precision: ratio(found, proposed),
        recall_any: ratio(found_any, true_pairs),
        precision_any: ratio(found_any, proposed_any),
        by_kind,
        parts: data.index.parts.len(),
        index_bytes: data.index.heap_bytes(),
    }
}

/// What each band means, as the share of pairs at that score that are the same person (the
/// calibrated probability, fitted on the training records): strong, likely, possible.
pub const STRONG_PRECISION: f64 = 0.9;
pub const LIKELY_PRECISION: f64 = 0.6;
pub const POSSIBLE_PRECISION: f64 = 0.15;

/// Random pairs the u probabilities are estimated from.
pub const RANDOM_PAIRS: usize = 2_000_000;

/// Estimate m from the true pairs among the candidates and u from random pairs of records (as
/// Splink does: u is how often two unrelated records agree by chance, not how often the
/// blocking's look-alikes do), then choose the band thresholds on the candidates: the share of
/// true pairs as a non-decreasing function of the score (isotonic regression, pool adjacent
/// violators) is each band's probability, and a band starts at the lowest score where it
/// reaches the band's target. `start` blocks the pairs and weighs the family field (which asks
/// whether other pairs of the two accounts match).
pub fn fit(data: &Labelled, description: &str, start: &Model) -> Model {
    let pairs = collect_pairs(&data.index, start, true);
    let mut counts = Counts::new();
    for p in &pairs {
        if data.is_true(p.a, p.b) {
            counts.add(&p.levels, true);
        }
    }
    // A fixed generator, so a fit repeats exactly.
    let slots: Vec<Slot> = data.index.slots().collect();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut sampled = 0;
    while sampled < RANDOM_PAIRS && slots.len() > 1 {
        let a = slots[(next() % slots.len() as u64) as usize];
        let b = slots[(next() % slots.len() as u64) as usize];
        if a == b || data.is_true(a, b) || base_kind(&data.index, a, b).is_none() {
            continue;
        }
        let (Some(ea), Some(eb)) = (data.index.entry(a), data.index.entry(b)) else {
            continue;
        };
        if ea.account == eb.account {
            continue;
        }
        let scored = super::score::compare(&data.index, start, ea, eb);
        counts.add(&scored.levels, false);
        sampled += 1;
    }
    let (m, u) = counts.estimate();
    let mut model = Model {
        m,
        u,
        thresholds: Thresholds {
            strong: f64::INFINITY,
            likely: f64::INFINITY,
            possible: f64::INFINITY,
        },
        co_seekers: None,
        fitted_on: String::new(),
        levels: Model::current_levels(),
    };
    // Rescore with the new weights, every pair (no band cut yet); the bands of co-seekers
    // and of the rest are fitted apart.
    let rescored = collect_pairs(&data.index, &model, true);
    let fit_bands = |co: bool| -> Thresholds {
        let mut scored: Vec<(f64, bool)> = rescored
            .iter()
            .filter(|p| (p.kind == PairKind::CoSeekers) == co)
            .map(|p| (p.score, data.is_true(p.a, p.b)))
            .collect();
        scored.sort_by(|a, b| a.0.total_cmp(&b.0));
        let calibrated = isotonic(&scored);
        let threshold = |target: f64| -> f64 {
            calibrated
                .iter()
                .find(|(_, p)| *p >= target)
                .map_or(f64::INFINITY, |(score, _)| *score)
        };
        let strong = threshold(STRONG_PRECISION);
        let likely = threshold(LIKELY_PRECISION).min(strong);
        let possible = threshold(POSSIBLE_PRECISION).min(likely);
        // Strictly ordered bands.
        Thresholds {
            strong: strong.max(likely + 0.5),
            likely,
            possible: possible.min(likely - 0.5),
        }
    };
    model.thresholds = fit_bands(false);
    model.co_seekers = Some(fit_bands(true));
    let mut scored: Vec<(f64, bool)> = rescored
        .iter()
        .map(|p| (p.score, data.is_true(p.a, p.b)))
        .collect();
    scored.reverse();
    let trues = scored.iter().filter(|s| s.1).count();
    model.fitted_on = format!(
        "{description}: {} records, {} candidate pairs ({} true); band probability targets {}/{}/{}",
        data.index.len(),
        scored.len(),
        trues,
        STRONG_PRECISION,
        LIKELY_PRECISION,
        POSSIBLE_PRECISION
    );
    model
}

/// Every candidate pair with its levels, score, band, kind and truth, as TSV (for analysis).
pub fn dump(data: &Labelled, model: &Model) -> String {
    let truth = data.true_pairs();
    // One column per field, named by the model's fields (a hand-written list fell behind once).
    let mut out = String::from("a\tb\tkind\ttrue_kind\tis_true\tscore\tband");
    for field in Field::ALL {
        out.push('\t');
        out.push_str(field.name());
    }
    out.push('\n');
    let pairs = collect_pairs(&data.index, model, true);
    let mut seen = HashSet::new();
    for p in &pairs {
        let is_true = data.is_true(p.a, p.b);
        seen.insert((p.a, p.b));
        if !is_true && p.band.is_none() {
            continue;
        }
        let tk = truth.get(&(p.a, p.b)).map_or("-", |k| k.as_str());
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{:.2}\t{}\t{}\n",
            p.a,
            p.b,
            p.kind.as_str(),
            tk,
            u8::from(is_true),
            p.score,
            p.band.map_or("-", |b| b.as_str()),
            p.levels
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join("\t")
        ));
    }
    for ((a, b), k) in &truth {
        if !seen.contains(&(*a, *b)) {
            out.push_str(&format!("{a}\t{b}\tunblocked\t{}\t1\t-\t-\n", k.as_str()));
        }
    }
    out
}

/// Pool adjacent violators over (score, truth) sorted by score: blocks as (lowest score of the
/// block, share of true pairs in it), the shares non-decreasing.
pub fn isotonic(sorted: &[(f64, bool)]) -> Vec<(f64, f64)> {
    // (lowest score, trues, count)
    let mut blocks: Vec<(f64, f64, f64)> = Vec::new();
    for (score, is_true) in sorted {
        blocks.push((*score, f64::from(u8::from(*is_true)), 1.0));
        while blocks.len() > 1 {
            let (_, t1, n1) = blocks[blocks.len() - 1];
            let (s0, t0, n0) = blocks[blocks.len() - 2];
            if t0 / n0 < t1 / n1 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (s0, t0 + t1, n0 + n1);
        }
    }
    blocks.into_iter().map(|(s, t, n)| (s, t / n)).collect()
}

#[cfg(test)]
mod dump_tests {
    use super::*;
    use crate::matching::synth::{Config, Generator};

    #[test]
    fn the_dump_has_a_named_column_for_every_field() {
        let text: String = Generator::new(Config {
            records: 400,
            seed: 3,
        })
        .map(|r| r.to_json(false) + "\n")
        .collect();
        let data = load(&text, 1).unwrap();
        let dump = dump(&data, Model::bundled());
        let mut lines = dump.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        assert_eq!(header.len(), 7 + crate::matching::model::FIELDS);
        assert_eq!(header[7..], Field::ALL.map(Field::name));
        let mut scored = 0;
        for line in lines {
            let columns = line.split('\t').count();
            if line.split('\t').nth(2) == Some("unblocked") {
                assert_eq!(columns, 7, "{line}");
            } else {
                assert_eq!(columns, header.len(), "{line}");
                scored += 1;
            }
        }
        assert!(scored > 10, "{scored} scored pairs");
    }
}

#[cfg(test)]
mod isotonic_tests {
    use super::isotonic;

    #[test]
    fn shares_never_fall_as_the_score_rises() {
        let data = [
            (1.0, false),
            (2.0, true),
            (3.0, false),
            (4.0, true),
            (5.0, true),
        ];
        let blocks = isotonic(&data);
        assert_eq!(blocks, vec![(1.0, 0.0), (2.0, 0.5), (4.0, 1.0)]);
        assert!(blocks.windows(2).all(|w| w[0].1 <= w[1].1));
    }
}
