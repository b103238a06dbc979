//! kinlink: a registry where exiled families register relatives they have lost contact with,
//! matched across scripts and disclosed only with both sides' consent.
//!
//! Layers, from the bottom: pure code (`names`, `crypto`, `domain`, `auth`), storage (`db`,
//! `vault`, `audit`), services (`accounts`, `registrations`, `lifecycle`, `mail`, `limits`,
//! `jobs`, gathered in `context`), and the HTTP side (`http`, `web`, `api`, `startup`). Nothing
//! below the HTTP side imports it.

pub mod accounts;
pub mod api;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod consent;
pub mod context;
pub mod crypto;
pub mod db;
pub mod domain;
pub mod error;
pub mod http;
pub mod i18n;
pub mod jobs;
pub mod lifecycle;
pub mod limits;
pub mod mail;
pub mod matching;
pub mod metrics;
pub mod names;
pub mod pfif;
pub mod regions;
pub mod registrations;
pub mod startup;
pub mod statistics;
pub mod telemetry;
#[cfg(test)]
pub(crate) mod testing;
pub mod vault;
pub mod web;
