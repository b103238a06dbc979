//! Bar charts drawn on the server as plain SVG (no script, no styles of their own beyond the
//! page's stylesheet), so statistics read with JavaScript off. Each chart names itself for
//! screen readers; the page puts a table with the same numbers beside it.

/// One bar: its label and its value, `None` for a count given only as "fewer than 5".
pub struct Bar {
    pub label: String,
    pub value: Option<i64>,
}

const LABEL_W: i64 = 130;
const BAR_W: i64 = 190;
const VALUE_W: i64 = 80;
const ROW_H: i64 = 22;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A horizontal bar chart. A suppressed count is drawn as a dashed outline as long as 5
/// would be (all it says is "fewer than this"), labelled with `fewer` (e.g. "fewer than 5").
pub fn bar_chart(id: &str, title: &str, bars: &[Bar], fewer: &str) -> String {
    let max = bars
        .iter()
        .filter_map(|b| b.value)
        .max()
        .unwrap_or(0)
        .max(crate::statistics::SUPPRESS_BELOW);
    let width = LABEL_W + BAR_W + VALUE_W;
    let height = ROW_H * bars.len() as i64 + 8;
    let mut svg = format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         role=\"img\" aria-labelledby=\"{id}-title\"><title id=\"{id}-title\">{}</title>",
        escape(title)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = 4 + ROW_H * i as i64;
        let mid = y + ROW_H / 2 + 4;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{mid}\" text-anchor=\"end\">{}</text>",
            LABEL_W - 6,
            escape(&bar.label)
        ));
        let (class, value, text) = match bar.value {
            Some(n) => ("bar", n, n.to_string()),
            None => (
                "suppressed",
                crate::statistics::SUPPRESS_BELOW,
                fewer.to_string(),
            ),
        };
        let w = (value * BAR_W / max).max(1);
        svg.push_str(&format!(
            "<rect class=\"{class}\" x=\"{LABEL_W}\" y=\"{}\" width=\"{w}\" height=\"{}\"/>",
            y + 3,
            ROW_H - 6
        ));
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{mid}\">{}</text>",
            LABEL_W + w + 4,
            escape(&text)
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_suppressed_ones_say_so() {
        let svg = bar_chart(
            "c",
            "Registrations <by month>",
            &[
                Bar {
                    label: "2026-11".into(),
                    value: Some(10),
                },
                Bar {
                    label: "2026-12".into(),
                    value: None,
                },
            ],
            "fewer than 5",
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("Registrations &lt;by month&gt;"), "escaped");
        assert!(
            svg.contains("width=\"190\""),
            "the largest bar is full width"
        );
        assert!(svg.contains("class=\"suppressed\"") && svg.contains("fewer than 5"));
        assert!(
            svg.contains("width=\"95\""),
            "a suppressed bar is as long as 5"
        );
        assert!(!svg.contains("<script") && !svg.contains("style="));
    }
}
