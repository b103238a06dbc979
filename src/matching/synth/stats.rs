//! Counts over generated records, including the true pairs the matcher should find.
//!
//! A true pair is two records of different accounts with the same truth where at least one
//! is `sought` (issue 11, "Evaluation"). Kinds, per record pair:
//! - `co_seekers`: both records are `sought`;
//! - `reciprocal`: a `sought` and a `self` record where the two accounts also seek each
//!   other the other way round (each such candidate has two record pairs, both counted);
//! - `sought_self`: every other `sought` and `self` pair.

use std::collections::BTreeMap;

use serde::Serialize;

use super::record::{Kind, Record};
use super::scripts::Label;

#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Stats {
    pub records: u64,
    pub self_records: u64,
    pub sought_records: u64,
    pub accounts: u64,
    pub truths: u64,
    pub true_pairs: u64,
    pub sought_self: u64,
    pub reciprocal: u64,
    pub co_seekers: u64,
    /// Name forms (entries of `names`) by script convention.
    pub scripts: BTreeMap<&'static str, u64>,
    /// Sought records by relation.
    pub relations: BTreeMap<&'static str, u64>,
}

impl Stats {
    /// Adds one family's records. Truths and accounts never span families, so pairs can be
    /// counted family by family while the file streams.
    pub fn add_family(&mut self, records: &[Record]) {
        self.records += records.len() as u64;
        let mut accounts: Vec<u64> = records.iter().map(|r| r.account).collect();
        accounts.sort_unstable();
        accounts.dedup();
        self.accounts += accounts.len() as u64;
        let mut truths: Vec<u64> = records.iter().map(|r| r.truth).collect();
        truths.sort_unstable();
        truths.dedup();
        self.truths += truths.len() as u64;
        for r in records {
            match r.kind {
                Kind::SelfRecord => self.self_records += 1,
                Kind::Sought => {
                    self.sought_records += 1;
                    let relation = r.relation.expect("sought records have a relation");
                    *self.relations.entry(relation.as_str()).or_default() += 1;
                }
            }
            for label in &r.labels {
                *self.scripts.entry(label.as_str()).or_default() += 1;
            }
        }
        let self_truth = |account: u64| {
            records
                .iter()
                .find(|r| r.account == account && r.kind == Kind::SelfRecord)
                .map(|r| r.truth)
        };
        let seeks = |account: u64, truth: u64| {
            records
                .iter()
                .any(|r| r.account == account && r.kind == Kind::Sought && r.truth == truth)
        };
        for (i, a) in records.iter().enumerate() {
            for b in &records[i + 1..] {
                if a.truth != b.truth || a.account == b.account {
                    continue;
                }
                match (a.kind, b.kind) {
                    (Kind::SelfRecord, Kind::SelfRecord) => continue,
                    (Kind::Sought, Kind::Sought) => self.co_seekers += 1,
                    _ => {
                        let (seeker, found) = if a.kind == Kind::Sought {
                            (a, b)
                        } else {
                            (b, a)
                        };
                        let reciprocal =
                            self_truth(seeker.account).is_some_and(|t| seeks(found.account, t));
                        if reciprocal {
                            self.reciprocal += 1;
                        } else {
                            self.sought_self += 1;
                        }
                    }
                }
                self.true_pairs += 1;
            }
        }
    }

    /// Share of name forms in `label`.
    pub fn script_share(&self, label: Label) -> f64 {
        let total: u64 = self.scripts.values().sum();
        let n = self.scripts.get(label.as_str()).copied().unwrap_or(0);
        n as f64 / total.max(1) as f64
    }

    /// One line for the terminal.
    pub fn summary(&self) -> String {
        format!(
            "records {} ({} self, {} sought), accounts {}, truths {}, true pairs {} \
             (sought_self {}, reciprocal {}, co_seekers {})",
            self.records,
            self.self_records,
            self.sought_records,
            self.accounts,
            self.truths,
            self.true_pairs,
            self.sought_self,
            self.reciprocal,
            self.co_seekers
        )
    }
}
