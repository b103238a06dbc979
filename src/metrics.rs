//! Operational metrics in Prometheus text format: requests by route pattern (never a path,
//! which may hold ids) and status, latency, sign-in failures, job runs, matcher timings, and
//! at scrape time the depth of the matcher queue and the outbox. Nothing here names a person,
//! an account or a record. One registry per process context (not the global one), so several
//! instances in one test process do not mix their counts.

use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts,
    Registry, TextEncoder,
};

#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    sign_in_failures: IntCounter,
    job_runs: IntCounterVec,
    matcher_records: Histogram,
    queue_depth: IntGauge,
    outbox_depth: IntGauge,
}

/// The routes whose refusals are failed sign-ins (API and page).
const SIGN_IN_ROUTES: &[&str] = &["/api/v1/sessions", "/sign-in"];

impl Metrics {
    pub fn new() -> Metrics {
        let registry = Registry::new_custom(Some("kinlink".into()), None).expect("a registry");
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by route pattern and status",
            ),
            &["route", "method", "status"],
        )
        .expect("a metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_seconds",
                "HTTP request latency by route pattern",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["route"],
        )
        .expect("a metric");
        let sign_in_failures = IntCounter::new(
            "sign_in_failures_total",
            "Sign-ins refused (wrong passphrase, throttled or unknown account alike)",
        )
        .expect("a metric");
        let job_runs = IntCounterVec::new(
            Opts::new("job_runs_total", "Background job runs by job and outcome"),
            &["job", "outcome"],
        )
        .expect("a metric");
        let matcher_records = Histogram::with_opts(
            HistogramOpts::new(
                "matcher_record_seconds",
                "Time the matcher took per queued record (score, write candidates)",
            )
            .buckets(vec![
                0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
            ]),
        )
        .expect("a metric");
        let queue_depth = IntGauge::new("match_queue_depth", "Records waiting for the matcher")
            .expect("a metric");
        let outbox_depth =
            IntGauge::new("outbox_depth", "Mails waiting to be sent").expect("a metric");
        for c in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(sign_in_failures.clone()),
            Box::new(job_runs.clone()),
            Box::new(matcher_records.clone()),
            Box::new(queue_depth.clone()),
            Box::new(outbox_depth.clone()),
        ] {
            registry.register(c).expect("metric names are unique");
        }
        Metrics {
            registry,
            requests,
            latency,
            sign_in_failures,
            job_runs,
            matcher_records,
            queue_depth,
            outbox_depth,
        }
    }

    /// One answered request. `route` is the matched pattern.
    pub fn request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        self.requests
            .with_label_values(&[route, method, &status.to_string()])
            .inc();
        self.latency.with_label_values(&[route]).observe(seconds);
        if method == "POST" && SIGN_IN_ROUTES.contains(&route) && (400..500).contains(&status) {
            self.sign_in_failures.inc();
        }
    }

    pub fn job_run(&self, job: &str, ok: bool) {
        self.job_runs
            .with_label_values(&[job, if ok { "ok" } else { "error" }])
            .inc();
    }

    pub fn matcher_record(&self, seconds: f64) {
        self.matcher_records.observe(seconds);
    }

    /// A scrape: the text exposition, with the matcher queue's and the outbox's depth read
    /// from the database now.
    pub async fn scrape(&self, db: &crate::db::Db) -> crate::error::AppResult<String> {
        let (queue, outbox) = db
            .run(|conn| {
                use crate::db::schema::{match_queue, outbox};
                use diesel::{QueryDsl, RunQueryDsl};
                let queue: i64 = match_queue::table.count().get_result(conn)?;
                let outbox: i64 = outbox::table.count().get_result(conn)?;
                Ok((queue, outbox))
            })
            .await?;
        Ok(self.render(queue, outbox))
    }

    /// The text exposition, with the depths read just now.
    fn render(&self, queue_depth: i64, outbox_depth: i64) -> String {
        self.queue_depth.set(queue_depth);
        self.outbox_depth.set(outbox_depth);
        let mut out = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .expect("text encoding does not fail");
        String::from_utf8(out).expect("the text format is UTF-8")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_pattern_and_status_and_failed_sign_ins() {
        let m = Metrics::new();
        m.request("/api/v1/me/searches/{id}", "GET", 404, 0.002);
        m.request("/api/v1/sessions", "POST", 401, 0.03);
        m.request("/api/v1/sessions", "POST", 200, 0.03);
        m.job_run("outbox", true);
        let text = m.render(3, 1);
        assert!(text.contains(
            "kinlink_http_requests_total{method=\"GET\",route=\"/api/v1/me/searches/{id}\",status=\"404\"} 1"
        ), "{text}");
        assert!(text.contains("kinlink_sign_in_failures_total 1"), "{text}");
        assert!(text.contains("kinlink_match_queue_depth 3"), "{text}");
        assert!(text.contains("kinlink_outbox_depth 1"), "{text}");
        assert!(
            text.contains("kinlink_job_runs_total{job=\"outbox\",outcome=\"ok\"} 1"),
            "{text}"
        );
    }
}
