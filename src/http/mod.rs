//! The HTTP side of the services: extractors (`Identity`, `Staff`), the mapping of service
//! errors to responses, middleware and locale negotiation. Pages (`web`) and the JSON API (`api`)
//! build on it; nothing below imports it.

pub mod error;
pub mod identity;
pub mod locale;
pub mod metrics_listener;
pub mod middleware;
pub mod source;
