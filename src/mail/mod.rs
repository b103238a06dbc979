//! Email: an outbox table (recipient and code sealed), content-free templates, and a sender
//! that delivers through SMTP or, by default, writes private `.eml` files to the outbox
//! directory.
//!
//! A message never names the service, a person or a match, and carries no link with a token.

pub mod outbox;
pub mod template;
pub mod transport;

pub use outbox::{Outbox, SendReport, Sender};
pub use template::Template;
