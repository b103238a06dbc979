//! Evaluation of the matcher on a labelled TSV (`cluster_id script name [note]`): every
//! unordered pair of rows is scored; same cluster = positive. The script column is used
//! only for the per-script-pair breakdown, never for scoring.

use std::collections::BTreeMap;
use std::fmt;

use rand::Rng;
use serde_json::{Value, json};
use thiserror::Error;

use super::DEFAULT_K;
use super::baseline;
use super::compare::compare;
use super::encode::NameEncoder;

/// One labelled row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalRow {
    /// 1-based line number in the file.
    pub line: usize,
    pub cluster_id: String,
    pub script: String,
    pub name: String,
    pub note: Option<String>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum EvalError {
    #[error(
        "line {line}: expected at least 3 tab-separated columns (cluster_id, script, name), found {found}"
    )]
    Columns { line: usize, found: usize },
    #[error("line {line}: empty {column}")]
    Empty { line: usize, column: &'static str },
    #[error("no rows")]
    NoRows,
}

/// Parses the evaluation TSV. `#` lines and blank lines are skipped; a header line
/// starting with `cluster_id` is optional; the `note` column is optional.
pub fn parse_tsv(text: &str) -> Result<Vec<EvalRow>, EvalError> {
    let mut rows = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = raw.split('\t').collect();
        if cols[0].trim() == "cluster_id" {
            continue;
        }
        if cols.len() < 3 {
            return Err(EvalError::Columns {
                line,
                found: cols.len(),
            });
        }
        for (col, column) in [(0, "cluster_id"), (1, "script"), (2, "name")] {
            if cols[col].trim().is_empty() {
                return Err(EvalError::Empty { line, column });
            }
        }
        rows.push(EvalRow {
            line,
            cluster_id: cols[0].trim().to_string(),
            script: cols[1].trim().to_string(),
            name: cols[2].trim().to_string(),
            note: cols
                .get(3)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
        });
    }
    if rows.is_empty() {
        return Err(EvalError::NoRows);
    }
    Ok(rows)
}

/// Scoring method.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Method {
    /// The keyed engine, with a fresh random key for each run.
    Engine,
    /// Generic ASCII transliteration plus Jaro–Winkler.
    Baseline,
}

/// One scored pair, for the false-positive list.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoredPair {
    pub score: f64,
    pub a: EvalRow,
    pub b: EvalRow,
}

/// Counts for one unordered script pair at the precision-0.90 threshold.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ScriptPairStats {
    pub positives: usize,
    pub negatives: usize,
    pub true_positives: usize,
    pub false_positives: usize,
}

impl ScriptPairStats {
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.positives)
    }
}

/// Evaluation results.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub method: Method,
    pub rows: usize,
    pub pairs: usize,
    pub positives: usize,
    /// Pairs where a side was not comparable (never counted as found).
    pub not_comparable: usize,
    pub r_at_p90: f64,
    pub r_at_p95: f64,
    pub p_at_r80: f64,
    pub p_at_r90: f64,
    pub pr_auc: f64,
    /// Lowest score threshold reaching precision 0.90 with the most recall; `None` if
    /// precision 0.90 is never reached.
    pub threshold_p90: Option<f64>,
    /// Keyed by "script/script", names sorted.
    pub by_script_pair: BTreeMap<String, ScriptPairStats>,
    pub top_false_positives: Vec<ScoredPair>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// A point of the precision–recall curve, after including all pairs scoring ≥ `score`.
struct CurvePoint {
    score: f64,
    precision: f64,
    recall: f64,
}

/// The PR curve with ties taken together (pessimistic: a tied group enters at once).
fn curve(scored: &[(f64, bool)], positives: usize) -> Vec<CurvePoint> {
    let mut points = Vec::new();
    let (mut tp, mut fp) = (0usize, 0usize);
    let mut i = 0;
    while i < scored.len() {
        let s = scored[i].0;
        while i < scored.len() && scored[i].0 == s {
            if scored[i].1 {
                tp += 1;
            } else {
                fp += 1;
            }
            i += 1;
        }
        points.push(CurvePoint {
            score: s,
            precision: ratio(tp, tp + fp),
            recall: ratio(tp, positives),
        });
    }
    points
}

/// Best recall with precision ≥ p, and the threshold that gives it.
fn recall_at_precision(points: &[CurvePoint], p: f64) -> (f64, Option<f64>) {
    let mut best = (0.0, None);
    for pt in points.iter().filter(|pt| pt.precision >= p) {
        if best.1.is_none() || pt.recall >= best.0 {
            best = (pt.recall, Some(pt.score));
        }
    }
    best
}

fn precision_at_recall(points: &[CurvePoint], r: f64) -> f64 {
    points
        .iter()
        .filter(|pt| pt.recall >= r)
        .map(|pt| pt.precision)
        .fold(0.0, f64::max)
}

fn average_precision(points: &[CurvePoint]) -> f64 {
    let mut area = 0.0;
    let mut prev_recall = 0.0;
    for pt in points {
        area += (pt.recall - prev_recall) * pt.precision;
        prev_recall = pt.recall;
    }
    area
}

fn script_pair_key(a: &str, b: &str) -> String {
    if a <= b {
        format!("{a}/{b}")
    } else {
        format!("{b}/{a}")
    }
}

/// Scores every unordered pair of rows; `None` = not comparable.
fn score_all(rows: &[EvalRow], method: Method) -> Vec<(usize, usize, Option<f64>)> {
    let mut out = Vec::with_capacity(rows.len() * rows.len().saturating_sub(1) / 2);
    match method {
        Method::Engine => {
            let mut key = [0u8; 32];
            rand::rng().fill(&mut key);
            let encoder = NameEncoder::new(&key, DEFAULT_K);
            let encoded: Vec<_> = rows.iter().map(|r| encoder.encode(&r.name)).collect();
            for i in 0..rows.len() {
                for j in i + 1..rows.len() {
                    out.push((i, j, compare(&encoded[i], &encoded[j]).score()));
                }
            }
        }
        Method::Baseline => {
            let ascii: Vec<String> = rows
                .iter()
                .map(|r| baseline::transliterate(&r.name))
                .collect();
            for i in 0..rows.len() {
                for j in i + 1..rows.len() {
                    let (a, b) = (&ascii[i], &ascii[j]);
                    let s = (!a.is_empty() && !b.is_empty()).then(|| baseline::jaro_winkler(a, b));
                    out.push((i, j, s));
                }
            }
        }
    }
    out
}

/// Runs the evaluation.
pub fn evaluate(rows: &[EvalRow], method: Method) -> Report {
    let all = score_all(rows, method);
    let is_pos = |i: usize, j: usize| rows[i].cluster_id == rows[j].cluster_id;
    let positives = all.iter().filter(|(i, j, _)| is_pos(*i, *j)).count();
    let not_comparable = all.iter().filter(|(_, _, s)| s.is_none()).count();

    let mut scored: Vec<(f64, bool)> = all
        .iter()
        .filter_map(|&(i, j, s)| s.map(|s| (s, is_pos(i, j))))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let points = curve(&scored, positives);
    let (r_at_p90, threshold_p90) = recall_at_precision(&points, 0.90);
    let (r_at_p95, _) = recall_at_precision(&points, 0.95);

    let mut by_script_pair: BTreeMap<String, ScriptPairStats> = BTreeMap::new();
    let mut negatives: Vec<(f64, usize, usize)> = Vec::new();
    for &(i, j, s) in &all {
        let stats = by_script_pair
            .entry(script_pair_key(&rows[i].script, &rows[j].script))
            .or_default();
        let found = matches!((s, threshold_p90), (Some(s), Some(t)) if s >= t);
        if is_pos(i, j) {
            stats.positives += 1;
            stats.true_positives += usize::from(found);
        } else {
            stats.negatives += 1;
            stats.false_positives += usize::from(found);
            if let Some(s) = s {
                negatives.push((s, i, j));
            }
        }
    }
    negatives.sort_by(|a, b| b.0.total_cmp(&a.0));
    let top_false_positives = negatives
        .iter()
        .take(20)
        .map(|&(score, i, j)| ScoredPair {
            score,
            a: rows[i].clone(),
            b: rows[j].clone(),
        })
        .collect();

    Report {
        method,
        rows: rows.len(),
        pairs: all.len(),
        positives,
        not_comparable,
        r_at_p90,
        r_at_p95,
        p_at_r80: precision_at_recall(&points, 0.80),
        p_at_r90: precision_at_recall(&points, 0.90),
        pr_auc: average_precision(&points),
        threshold_p90,
        by_script_pair,
        top_false_positives,
    }
}

fn row_json(r: &EvalRow) -> Value {
    json!({"cluster_id": r.cluster_id, "script": r.script, "name": r.name})
}

impl Report {
    /// One JSON object with exactly the keys of issue 6.
    pub fn to_json(&self) -> Value {
        let by_pair: serde_json::Map<String, Value> = self
            .by_script_pair
            .iter()
            .map(|(k, s)| {
                (
                    k.clone(),
                    json!({
                        "positives": s.positives,
                        "negatives": s.negatives,
                        "true_positives": s.true_positives,
                        "recall": s.recall(),
                        "false_positives": s.false_positives,
                    }),
                )
            })
            .collect();
        let fps: Vec<Value> = self
            .top_false_positives
            .iter()
            .map(|p| json!({"score": p.score, "a": row_json(&p.a), "b": row_json(&p.b)}))
            .collect();
        json!({
            "pairs": self.pairs,
            "positives": self.positives,
            "r_at_p90": self.r_at_p90,
            "r_at_p95": self.r_at_p95,
            "p_at_r80": self.p_at_r80,
            "p_at_r90": self.p_at_r90,
            "pr_auc": self.pr_auc,
            "threshold_p90": self.threshold_p90,
            "by_script_pair": by_pair,
            "top_false_positives": fps,
        })
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let method = match self.method {
            Method::Engine => "engine (keyed CLK, fresh random key)",
            Method::Baseline => "baseline (ASCII transliteration + Jaro-Winkler)",
        };
        writeln!(f, "method: {method}")?;
        writeln!(
            f,
            "rows: {}  pairs: {}  positives: {}  not comparable: {}",
            self.rows, self.pairs, self.positives, self.not_comparable
        )?;
        writeln!(f, "recall at precision 0.90: {:.4}", self.r_at_p90)?;
        writeln!(f, "recall at precision 0.95: {:.4}", self.r_at_p95)?;
        writeln!(f, "precision at recall 0.80: {:.4}", self.p_at_r80)?;
        writeln!(f, "precision at recall 0.90: {:.4}", self.p_at_r90)?;
        writeln!(f, "PR-AUC: {:.4}", self.pr_auc)?;
        match self.threshold_p90 {
            Some(t) => writeln!(f, "threshold for precision 0.90: {t:.4}")?,
            None => writeln!(f, "threshold for precision 0.90: none (never reached)")?,
        }
        writeln!(f)?;
        writeln!(
            f,
            "{:<32} {:>9} {:>8} {:>9} {:>10}",
            "script pair", "positives", "recall", "negatives", "false pos"
        )?;
        for (k, s) in &self.by_script_pair {
            writeln!(
                f,
                "{:<32} {:>9} {:>8.4} {:>9} {:>10}",
                k,
                s.positives,
                s.recall(),
                s.negatives,
                s.false_positives
            )?;
        }
        writeln!(f)?;
        writeln!(f, "top {} false positives:", self.top_false_positives.len())?;
        for p in &self.top_false_positives {
            writeln!(
                f,
                "  {:.4}  [{} {}] {}  ~  [{} {}] {}",
                p.score, p.a.cluster_id, p.a.script, p.a.name, p.b.cluster_id, p.b.script, p.b.name
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = "cluster_id\tscript\tname\tnote\n\
        c1\tuly\tAbdurëhim Tursun\tissue example\n\
        c1\tuey\tئابدۇرېھىم تۇرسۇن\t\n\
        c1\tchinese\t阿不都热依木·吐尔逊\t\n\
        c1\tpinyin\tAbudureyimu Tuerxun\n\
        c1\tusy\tАбдурехим Турсун\t\n\
        c2\tuly\tGulnar Memet\t\n\
        c2\tchinese\t古丽娜尔·买买提\t\n\
        c3\tuly\tPerhat Tursun\t\n\
        c3\tchinese\t帕尔哈提·吐尔逊\t\n";

    #[test]
    fn parses_with_and_without_header_and_note() {
        let rows = parse_tsv(MINI).unwrap();
        assert_eq!(rows.len(), 9);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].note.as_deref(), Some("issue example"));
        assert_eq!(rows[3].note, None);
        let no_header = parse_tsv("# comment\nx\tuly\tIlham\n").unwrap();
        assert_eq!(no_header[0].line, 2);
    }

    #[test]
    fn errors_carry_line_numbers() {
        assert_eq!(
            parse_tsv("cluster_id\tscript\tname\nc1\tuly\n"),
            Err(EvalError::Columns { line: 2, found: 2 })
        );
        assert_eq!(
            parse_tsv("c1\t\tIlham\n"),
            Err(EvalError::Empty {
                line: 1,
                column: "script"
            })
        );
        assert_eq!(parse_tsv("# only\n"), Err(EvalError::NoRows));
    }

    #[test]
    fn ties_count_pessimistically() {
        // Two pairs tied at the top, one positive one negative: precision 0.5 there.
        let scored = vec![(0.9, true), (0.9, false), (0.5, true)];
        let pts = curve(&scored, 2);
        assert_eq!(pts.len(), 2);
        assert_eq!(pts[0].precision, 0.5);
        assert_eq!(recall_at_precision(&pts, 0.9), (0.0, None));
        assert!((average_precision(&pts) - (0.5 * 0.5 + 0.5 * (2.0 / 3.0))).abs() < 1e-12);
    }

    #[test]
    fn perfect_separation_metrics() {
        let scored = vec![(0.9, true), (0.8, true), (0.1, false)];
        let pts = curve(&scored, 2);
        assert_eq!(recall_at_precision(&pts, 0.95), (1.0, Some(0.8)));
        assert_eq!(precision_at_recall(&pts, 0.9), 1.0);
        assert_eq!(average_precision(&pts), 1.0);
    }

    #[test]
    fn report_has_exactly_the_issue_keys() {
        let rows = parse_tsv(MINI).unwrap();
        let report = evaluate(&rows, Method::Engine);
        assert_eq!(report.pairs, 36);
        assert_eq!(report.positives, 10 + 1 + 1);
        let json = report.to_json();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "by_script_pair",
                "p_at_r80",
                "p_at_r90",
                "pairs",
                "positives",
                "pr_auc",
                "r_at_p90",
                "r_at_p95",
                "threshold_p90",
                "top_false_positives"
            ]
        );
        assert!(report.to_string().contains("recall at precision 0.90"));
        let baseline = evaluate(&rows, Method::Baseline);
        assert_eq!(baseline.pairs, 36);
    }
}
