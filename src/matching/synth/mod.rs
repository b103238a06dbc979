//! Synthetic families for fitting and measuring the matcher (issue 11, "Synthetic families").
//!
//! Pure: no I/O. [`Generator`] yields registration records, one JSON object per line when
//! written with [`Record::to_json`]:
//!
//! ```text
//! {"id":"r1","account":"a…","kind":"self","person":{…},"truth":"t…"}
//! {"id":"r2","account":"a…","kind":"sought","relation":"father","person":{…},"truth":"t…"}
//! ```
//!
//! `person` has exactly the shape of the API's person description ([`PersonInput`]) and every
//! record passes `PersonInput::validate_at` (and, for `sought`, `SoughtInput::validate_at`
//! with its `relation`) on any day from the end of [`LATEST_YEAR`] on. `relation` is the registrant's relation to the sought person. Records with
//! the same `truth` describe the same human. `id`s number the records in file order;
//! `account` and `truth` are opaque. The same `people` and `seed` give the same records, byte
//! for byte, on any machine.
//!
//! The world behind the records (see `family.rs`, `record.rs` and the README): Uyghur, Kazakh
//! and Kyrgyz extended families in Xinjiang drawn from the bundled name lists
//! (`assets/names/`); members abroad register and seek one to four relatives; names in the
//! seven script conventions people use; typing mistakes, missing fields, birth years off by
//! one or two, ranges, places as free text or a neighbouring county; and strangers planted to
//! look like people sought elsewhere.

mod data;
mod family;
mod hanzi;
mod letters;
mod places;
mod record;
mod rng;
mod scripts;
mod stats;

use std::collections::VecDeque;

use serde::Serialize;

pub use record::{Kind, LATEST_YEAR, Record};
pub use scripts::Label;
pub use stats::Stats;

use crate::domain::PersonInput;

/// Records are written in blocks shuffled internally, so that one family's records are not
/// next to each other in the file (generation stays streaming).
const BLOCK: usize = 4096;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// The number of records to write (self and sought together).
    pub records: u64,
    pub seed: u64,
}

/// A record with its place in the file.
pub struct Numbered {
    pub id: u64,
    pub record: Record,
}

#[derive(Serialize)]
struct Line<'a> {
    id: String,
    account: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    relation: Option<&'static str>,
    person: &'a PersonInput,
    truth: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    scripts: Option<Vec<&'static str>>,
}

impl Numbered {
    /// The record as one line of JSON (without the newline). `with_scripts` adds a
    /// `scripts` array: the convention of each entry of `person.names`.
    pub fn to_json(&self, with_scripts: bool) -> String {
        let r = &self.record;
        let line = Line {
            id: format!("r{}", self.id),
            account: format!("a{:016x}", r.account),
            kind: r.kind.as_str(),
            relation: r.relation.map(|x| x.as_str()),
            person: &r.person,
            truth: format!("t{:016x}", r.truth),
            scripts: with_scripts.then(|| r.labels.iter().map(|l| l.as_str()).collect()),
        };
        serde_json::to_string(&line).expect("records serialise")
    }
}

/// Yields exactly `config.records` records.
pub struct Generator {
    rng: rng::Rng,
    world: family::World,
    remaining: u64,
    next_id: u64,
    next_account: u64,
    account_key: u64,
    truth_key: u64,
    official_salt: u64,
    ready: VecDeque<Record>,
    stats: Stats,
}

impl Generator {
    pub fn new(config: Config) -> Self {
        let mut rng = rng::Rng::new(config.seed);
        let (account_key, truth_key, official_salt) =
            (rng.next_u64(), rng.next_u64(), rng.next_u64());
        Generator {
            rng,
            world: family::World::new(),
            remaining: config.records,
            next_id: 1,
            next_account: 0,
            account_key,
            truth_key,
            official_salt,
            ready: VecDeque::new(),
            stats: Stats::default(),
        }
    }

    /// Counts over the records yielded so far (complete once the generator is exhausted).
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    fn refill(&mut self) {
        let mut block = Vec::with_capacity(BLOCK + 64);
        while block.len() < BLOCK && self.remaining > 0 {
            let family = self.world.family(&mut self.rng);
            if family.registrants.is_empty() {
                continue;
            }
            let mut records = record::records(
                &mut self.rng,
                &family,
                self.next_account,
                self.official_salt,
            );
            self.next_account += family.registrants.len() as u64;
            let keep = records.len().min(self.remaining as usize);
            records.truncate(keep);
            self.remaining -= keep as u64;
            for r in &mut records {
                r.account = rng::scramble(r.account, self.account_key);
                r.truth = rng::scramble(r.truth, self.truth_key);
            }
            self.stats.add_family(&records);
            block.extend(records);
        }
        self.rng.shuffle(&mut block);
        self.ready.extend(block);
    }
}

impl Iterator for Generator {
    type Item = Numbered;

    fn next(&mut self) -> Option<Numbered> {
        if self.ready.is_empty() {
            self.refill();
        }
        let record = self.ready.pop_front()?;
        let id = self.next_id;
        self.next_id += 1;
        Some(Numbered { id, record })
    }
}

#[cfg(test)]
mod tests;
