//! kinlink: a registry where exiled families register relatives they have lost contact with,
//! matched across scripts and disclosed only with both sides' consent.

pub mod accounts;
pub mod api;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod db;
pub mod domain;
pub mod error;
pub mod mail;
pub mod matching;
pub mod names;
pub mod regions;
pub mod registrations;
pub mod startup;
pub mod telemetry;
pub mod vault;
pub mod web;
