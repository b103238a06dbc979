//! Integration tests through real HTTP. One binary; one module per area.

mod cli;
mod errors;
mod headers;
mod helpers;
mod limits;
mod migrations;
mod pages;
