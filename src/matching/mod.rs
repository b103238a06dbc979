//! Matching registrations against each other (issue 11); so far the synthetic families the matcher is fitted and evaluated on.

pub mod synth;
