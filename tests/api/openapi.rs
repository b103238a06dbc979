//! `/api/v1/openapi.json`: a valid OpenAPI 3.1 document that lists exactly the routes the
//! server answers. The router is built from the document (`api::routes`), so these tests check
//! that construction from outside: every documented operation is served, every other method
//! of a documented path is 405, and no route under `/api` is registered any other way.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::helpers::spawn_app;

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

async fn document() -> (crate::helpers::TestApp, Value) {
    let app = spawn_app().await;
    let res = app.get("/api/v1/openapi.json").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let doc: Value = res.json().await.unwrap();
    (app, doc)
}

/// Every operation as (method, path, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("a path item") {
            assert!(
                METHODS.contains(&method.as_str()),
                "{path}: unexpected key {method}"
            );
            out.push((method.clone(), path.clone(), op.clone()));
        }
    }
    out
}

/// Every `$ref` anywhere in `v`.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r.clone());
            }
            m.values().for_each(|v| refs(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_holds_together() {
    let (_app, doc) = document().await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1."));
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());

    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    assert_eq!(schemes["session_token"]["type"], "http");
    assert_eq!(schemes["session_token"]["scheme"], "bearer");

    let ops = operations(&doc);
    assert!(ops.len() >= 55, "only {} operations", ops.len());
    let mut ids = HashSet::new();
    for (method, path, op) in &ops {
        let at = format!("{} {path}", method.to_uppercase());
        assert!(path.starts_with("/api/v1/"), "{at}");
        let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{at}"));
        assert!(ids.insert(id.to_string()), "{at}: operation id {id} twice");
        assert!(op["summary"].is_string(), "{at}: no summary");
        let responses = op["responses"].as_object().unwrap();
        assert!(
            responses.keys().any(|k| k.starts_with('2')),
            "{at}: no success answer"
        );
        assert_eq!(
            responses["default"]["$ref"], "#/components/responses/Error",
            "{at}"
        );
        // Declared path parameters are exactly the template's.
        let template: BTreeSet<String> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .map(str::to_string)
            .collect();
        let declared: BTreeSet<String> = op["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .filter(|p| p["in"] == "path")
                    .map(|p| p["name"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(template, declared, "{at}: path parameters");
        // Security names a defined scheme, or is the explicit "no session" of public routes.
        for req in op["security"].as_array().unwrap_or_else(|| panic!("{at}")) {
            for name in req.as_object().unwrap().keys() {
                assert!(schemes.contains_key(name), "{at}: unknown scheme {name}");
            }
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        assert!(resolve(&doc, &r).is_some(), "{r} does not resolve");
    }
    let error = &doc["components"]["schemas"]["ErrorBody"];
    assert_eq!(error["required"], serde_json::json!(["error"]));
    assert_eq!(
        error["properties"]["error"]["required"],
        serde_json::json!(["code", "message"])
    );
}

/// The closed lists in the document are the code's, value for value.
#[tokio::test]
async fn closed_lists_come_from_the_code() {
    use kinlink::consent::{ANSWER_REASONS, Answer, OPEN_REASONS, Outcome, State};
    use kinlink::domain::cards::{ChannelKind, ShowItem};
    use kinlink::domain::person::{Circumstances, Gender, Relation};
    let (_app, doc) = document().await;
    let schemas = &doc["components"]["schemas"];
    let list = |v: &Value| -> Vec<String> {
        v["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("no enum in {v}"))
            .iter()
            .map(|x| x.to_string().trim_matches('"').to_string())
            .collect()
    };
    let codes = |all: Vec<&str>| all.into_iter().map(String::from).collect::<Vec<_>>();
    let sought = &schemas["SoughtInput"]["properties"];
    assert_eq!(
        list(&sought["relation"]),
        codes(Relation::ALL.iter().map(|v| v.as_str()).collect())
    );
    assert_eq!(
        list(&sought["gender"]),
        codes(Gender::ALL.iter().map(|v| v.as_str()).collect())
    );
    assert_eq!(
        list(&sought["circumstances"]),
        codes(Circumstances::ALL.iter().map(|v| v.as_str()).collect())
    );
    assert_eq!(
        list(&schemas["ChannelInput"]["properties"]["kind"]),
        codes(ChannelKind::ALL.iter().map(|v| v.as_str()).collect())
    );
    assert_eq!(
        list(&schemas["PreconsentInput"]["properties"]["show"]["items"]),
        codes(ShowItem::ALL.iter().map(|v| v.as_str()).collect())
    );
    assert_eq!(
        list(&schemas["SettingsInput"]["properties"]["retention_months"]),
        kinlink::domain::settings::RETENTION_CHOICES
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        list(&schemas["AnswerBody"]["properties"]["answer"]),
        codes(Answer::ALL.iter().map(|v| v.as_str()).collect())
    );
    assert_eq!(
        list(&schemas["CloseBody"]["properties"]["outcome"]),
        codes(Outcome::ALL.iter().map(|v| v.as_str()).collect())
    );
    assert_eq!(
        list(&schemas["OpenBody"]["properties"]["reason"]),
        codes(OPEN_REASONS.to_vec())
    );
    assert_eq!(
        list(&schemas["FamilyAnswerBody"]["properties"]["reason"]),
        codes(ANSWER_REASONS.to_vec())
    );
    assert_eq!(
        list(&schemas["StateBody"]["properties"]["state"]),
        codes(State::ALL.iter().map(|v| v.as_str()).collect())
    );
    // Unknown fields are refused, and the document says so.
    assert_eq!(schemas["SoughtInput"]["additionalProperties"], false);
}

/// Every documented operation reaches its handler, and every other method of a documented
/// path answers 405: the server's routes under `/api/v1` are the document's.
#[tokio::test]
async fn the_server_answers_exactly_the_documented_routes() {
    let (app, doc) = document().await;
    let ops = operations(&doc);
    let documented: HashSet<(String, String)> =
        ops.iter().map(|(m, p, _)| (m.clone(), p.clone())).collect();
    for (method, path, op) in &ops {
        let url = app.url(&path.replace(['{', '}'], ""));
        let method_ = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let res = app.client.request(method_, url).send().await.unwrap();
        let status = res.status().as_u16();
        let at = format!("{} {path}", method.to_uppercase());
        let public = op["security"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_object().unwrap().is_empty());
        if public {
            // Routed: the handler's extractors answer (no body: 415), never the router.
            assert!(status != 404 && status != 405, "{at}: {status}");
        } else {
            // Routed: the session extractor refuses a request without a token.
            assert_eq!(status, 401, "{at}");
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["error"]["code"], "unauthorized", "{at}");
        }
    }
    let paths: BTreeSet<&String> = ops.iter().map(|(_, p, _)| p).collect();
    for path in paths {
        for method in METHODS {
            if documented.contains(&(method.to_string(), path.clone())) {
                continue;
            }
            let url = app.url(&path.replace(['{', '}'], ""));
            let method_ = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let res = app.client.request(method_, url).send().await.unwrap();
            assert_eq!(
                res.status(),
                405,
                "{} {path} is not documented but answers",
                method.to_uppercase()
            );
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Routes are registered from the document only: no resource, scope, route or route macro
/// anywhere in `src/` names a path under `/api` (so an undocumented API route cannot be added
/// beside the document), and `api::routes` registers the document's paths.
#[test]
fn no_api_route_is_registered_outside_the_document() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let registration = regex::Regex::new(
        r#"(?:web::(?:resource|scope|route)|\.route|\.service|#\[(?:get|post|put|delete|patch|route))\(\s*"([^"]*)""#,
    )
    .unwrap();
    let mut outside = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for cap in registration.captures_iter(&text) {
            if cap[1].starts_with("/api") {
                outside.push(format!("{}: {}", file.display(), &cap[0]));
            }
        }
    }
    assert!(
        outside.is_empty(),
        "API routes registered by hand (add them to `api!` in src/api/mod.rs): {outside:?}"
    );
    let api = std::fs::read_to_string(src.join("api/mod.rs")).unwrap();
    assert!(api.contains("for (path, item) in &document().paths.paths"));
}
