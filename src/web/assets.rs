//! Static files, embedded in the binary and served under content-hashed names with long cache
//! lifetimes, so a new release never meets a stale cached file.

use std::collections::HashMap;
use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use rust_embed::RustEmbed;
use sha2::{Digest, Sha256};

use crate::error::AppError;

#[derive(RustEmbed)]
#[folder = "static/"]
struct Static;

struct Asset {
    hashed_name: String,
    bytes: &'static [u8],
    content_type: &'static str,
}

struct Catalogue {
    by_logical: HashMap<String, usize>,
    by_hashed: HashMap<String, usize>,
    assets: Vec<Asset>,
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    let mut cat = Catalogue {
        by_logical: HashMap::new(),
        by_hashed: HashMap::new(),
        assets: Vec::new(),
    };
    for name in Static::iter() {
        let file = Static::get(&name).expect("listed asset exists");
        // Embedded data lives for the whole program; leak once so responses can borrow it.
        let bytes: &'static [u8] = match file.data {
            std::borrow::Cow::Borrowed(b) => b,
            std::borrow::Cow::Owned(v) => Box::leak(v.into_boxed_slice()),
        };
        let digest = Sha256::digest(bytes);
        let short = hex::encode(&digest[..6]);
        let hashed_name = match name.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}.{short}.{ext}"),
            None => format!("{name}.{short}"),
        };
        let idx = cat.assets.len();
        cat.by_logical.insert(name.to_string(), idx);
        cat.by_hashed.insert(hashed_name.clone(), idx);
        cat.assets.push(Asset {
            hashed_name,
            bytes,
            content_type: content_type(&name),
        });
    }
    cat
});

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The URL of a static file by its logical name (`app.css` -> `/static/app.1a2b3c4d5e6f.css`).
/// Panics on an unknown name, which a test of every template catches.
pub fn url(logical: &str) -> String {
    let cat = &*CATALOGUE;
    let idx = cat
        .by_logical
        .get(logical)
        .unwrap_or_else(|| panic!("unknown static asset {logical}"));
    format!("/static/{}", cat.assets[*idx].hashed_name)
}

/// `GET /static/{name}`: only hashed names are served.
pub async fn serve(name: web::Path<String>) -> Result<HttpResponse, AppError> {
    let cat = &*CATALOGUE;
    let asset = cat
        .by_hashed
        .get(name.as_str())
        .map(|i| &cat.assets[*i])
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, asset.content_type))
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(asset.bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_stable_and_content_derived() {
        let css = url("app.css");
        assert!(
            css.starts_with("/static/app.") && css.ends_with(".css"),
            "{css}"
        );
        assert_eq!(css, url("app.css"));
        assert_ne!(url("app.css"), url("app.js"));
    }
}
