//! Integration tests through real HTTP. One binary; one module per area.

mod account_pages;
mod accounts;
mod audit;
mod cli;
mod encryption;
mod errors;
mod headers;
mod helpers;
mod limits;
mod migrations;
mod names;
mod pages;
mod registration_pages;
mod registrations;
mod staff;
mod synth;
