//! Where a request comes from, for per-source budgets: the peer address, or the client address a
//! configured reverse proxy vouches for in `X-Forwarded-For`. Nobody else's forwarding headers
//! are believed. Clients of the onion service (arriving from the local Tor daemon) have no
//! source of their own. The address is only ever hashed, never logged.

use std::future::{Ready, ready};
use std::net::IpAddr;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use super::identity::context;
use crate::config::Settings;
use crate::limits::Source;

fn forwarded_client(req: &HttpRequest, settings: &Settings) -> Option<IpAddr> {
    let header = req.headers().get("x-forwarded-for")?.to_str().ok()?;
    // The right-most address that is not one of our proxies is the one they saw.
    header
        .rsplit(',')
        .filter_map(|part| part.trim().parse::<IpAddr>().ok())
        .find(|ip| !settings.trusted_proxies.contains(ip))
}

/// Whether the request came through one of the configured proxies.
pub fn via_trusted_proxy(req: &HttpRequest, settings: &Settings) -> bool {
    req.peer_addr()
        .is_some_and(|p| settings.trusted_proxies.contains(&p.ip()))
}

pub fn source_of(req: &HttpRequest, settings: &Settings) -> Source {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return Source::unknown();
    };
    if settings.trusted_proxies.contains(&peer) {
        return forwarded_client(req, settings).map_or_else(Source::unknown, Source::network);
    }
    if settings.onion_address.is_some() && peer.is_loopback() {
        return Source::unknown();
    }
    Source::network(peer)
}

/// Whether the request reached us over TLS: directly, or through a trusted proxy that says so
/// (`X-Forwarded-Proto` from anyone else is ignored), or because the operator says a TLS proxy
/// is always in front.
pub fn is_https(req: &HttpRequest, settings: &Settings) -> bool {
    settings.behind_tls
        || req.app_config().secure()
        || (via_trusted_proxy(req, settings)
            && req
                .headers()
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("https")))
}

impl FromRequest for Source {
    type Error = crate::error::AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(context(req).map(|ctx| source_of(req, &ctx.settings)))
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn settings(proxies: &[&str], onion: bool) -> Settings {
        let mut s = Settings::for_dir(std::path::Path::new("/tmp"));
        s.trusted_proxies = proxies.iter().map(|p| p.parse().unwrap()).collect();
        s.onion_address = onion.then(|| "exampleexampleexample.onion".to_string());
        s
    }

    #[test]
    fn forwarding_headers_count_only_from_trusted_proxies() {
        let direct = TestRequest::default()
            .peer_addr("203.0.113.7:4000".parse().unwrap())
            .insert_header(("x-forwarded-for", "198.51.100.1"))
            .insert_header(("x-forwarded-proto", "https"))
            .to_http_request();
        let s = settings(&["10.0.0.2"], false);
        assert_eq!(
            source_of(&direct, &s),
            Source::network("203.0.113.7".parse().unwrap())
        );
        assert!(!is_https(&direct, &s), "a client cannot turn on HSTS");

        let proxied = TestRequest::default()
            .peer_addr("10.0.0.2:4000".parse().unwrap())
            .insert_header(("x-forwarded-for", "198.51.100.9, 198.51.100.1, 10.0.0.2"))
            .insert_header(("x-forwarded-proto", "https"))
            .to_http_request();
        assert_eq!(
            source_of(&proxied, &s),
            Source::network("198.51.100.1".parse().unwrap()),
            "the address the proxy saw, not what the client claimed before it"
        );
        assert!(is_https(&proxied, &s));
    }

    #[test]
    fn onion_clients_and_ipv6_prefixes() {
        let local = TestRequest::default()
            .peer_addr("127.0.0.1:4000".parse().unwrap())
            .to_http_request();
        assert_eq!(source_of(&local, &settings(&[], true)), Source::unknown());
        assert_ne!(source_of(&local, &settings(&[], false)), Source::unknown());
        let a = TestRequest::default()
            .peer_addr("[2001:db8:1:2:aaaa::1]:4000".parse().unwrap())
            .to_http_request();
        let b = TestRequest::default()
            .peer_addr("[2001:db8:1:2:bbbb::9]:4000".parse().unwrap())
            .to_http_request();
        let s = settings(&[], false);
        assert_eq!(source_of(&a, &s), source_of(&b, &s), "one /64, one source");
    }
}
