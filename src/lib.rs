//! kinlink: a registry where exiled families register relatives they have lost contact with,
//! matched across scripts and disclosed only with both sides' consent.

pub mod api;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod startup;
pub mod telemetry;
pub mod web;
