//! Integration tests through real HTTP. One binary; one module per area.

mod account_pages;
mod accounts;
mod audit;
mod cli;
mod concurrency;
mod consent;
mod encryption;
mod errors;
mod headers;
mod helpers;
mod instances;
mod layering;
mod limits;
mod match_pages;
mod matcher_lock;
mod matching;
mod migrations;
mod names;
mod pages;
mod registration_pages;
mod registrations;
mod retention;
mod staff;
mod stolen_database;
mod synth;
mod throttles;
