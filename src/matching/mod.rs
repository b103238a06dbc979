//! Matching registrations against each other (issue 11): the features of each person
//! description (`features`, built and sealed by the web tier in `ingest`, a typed birthplace read
//! against the list of regions by `gazetteer`), an in-memory index
//! with blocking on name-part neighbours (`index`, `dice`), the Fellegi–Sunter scorer (`score`,
//! `model`), candidates of three kinds (`candidates`), the matcher that turns the queue into
//! stored candidates (`matcher`, `store`, one at a time by `lock`); measuring and fitting on
//! synthetic families (`eval`, `synth`).

pub mod candidates;
pub mod dice;
pub mod eval;
pub mod features;
pub mod gazetteer;
pub mod index;
pub mod ingest;
pub mod lock;
pub mod matcher;
pub mod model;
pub mod score;
pub mod store;
pub mod synth;
