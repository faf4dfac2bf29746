//! The HTML rendering: one self-contained page (inline CSS and SVG, no
//! scripts, no fonts or images from the network).

use std::fmt::Write as _;
use std::io::Write;

use super::{bursts_text, p_text, shares, trend_text};
use crate::report::{Report, ReportTheme};

/// Line colours: the 20 of d3's `category20` (Tableau's), dark and light of
/// ten hues. Beyond 20 themes they repeat with a dashed line (see [`dash`]).
const PALETTE: [&str; 20] = [
    "#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896",
    "#9467bd", "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7",
    "#bcbd22", "#dbdb8d", "#17becf", "#9edae5",
];

/// The dash pattern of a theme's line: solid for the first 20 themes, then
/// dashed, then dotted, so that no two of 60 themes look alike.
fn dash(id: usize) -> &'static str {
    match id / PALETTE.len() {
        0 => "",
        1 => " stroke-dasharray=\"6 3\"",
        _ => " stroke-dasharray=\"2 2\"",
    }
}

/// A round upper end for a percentage axis and its tick step: the step is
/// 1, 2 or 5 times a power of ten giving at most 5 intervals (the "nice
/// numbers" of P. S. Heckbert, *Graphics Gems*, 1990).
fn nice_axis(max: f64) -> (f64, f64) {
    let max = max.max(1e-4);
    let raw = max / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * magnitude);
    ((max / step - 1e-9).ceil() * step, step)
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222;line-height:1.45}\
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}\
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{padding:.3rem .5rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}\
td.n{text-align:right;font-variant-numeric:tabular-nums}.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.4em}\
.theme{margin:1.5rem 0}.meta{color:#555;font-size:.9rem}blockquote{margin:.5rem 0;padding:.3rem .8rem;border-left:3px solid #ccc;color:#333;font-size:.92rem}\
svg{max-width:100%;height:auto}.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;font-size:.85rem}.legend svg{margin-right:.3em}svg text{font-size:11px;fill:#555}.rising{color:#2ca02c}.fading{color:#d62728}";

/// Escapes text for HTML content and attribute values.
fn esc(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            _ => s.push(c),
        }
    }
    s
}

fn colour(id: usize) -> &'static str {
    PALETTE[id % PALETTE.len()]
}

/// Chart geometry.
struct Frame {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    periods: usize,
    max: f64,
    step: f64,
}

impl Frame {
    fn x(&self, i: usize) -> f64 {
        let span = (self.periods.max(2) - 1) as f64;
        let inner = self.width - self.left - self.right;
        if self.periods <= 1 {
            self.left + inner / 2.0
        } else {
            self.left + inner * i as f64 / span
        }
    }

    fn y(&self, v: f64) -> f64 {
        let inner = self.height - self.top - self.bottom;
        let v = if self.max > 0.0 { v / self.max } else { 0.0 };
        self.top + inner * (1.0 - v.clamp(0.0, 1.0))
    }
}

/// Axes, grid lines and period labels.
fn axes(svg: &mut String, f: &Frame, r: &Report) {
    let bottom = f.height - f.bottom;
    let ticks = (f.max / f.step).round() as usize;
    // Steps below one point carry their decimals (0.5%, 0.02%).
    let decimals = (-(f.step * 100.0).log10().floor()).max(0.0) as usize;
    for k in 0..=ticks {
        let v = f.step * k as f64;
        let y = f.y(v);
        let _ = write!(
            svg,
            "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#e5e5e5\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{:.*}%</text>",
            f.left,
            f.width - f.right,
            f.left - 4.0,
            y + 4.0,
            decimals,
            v * 100.0
        );
    }
    let periods = &r.timeline.periods;
    let n = periods.len();
    let mut ticks: Vec<usize> = if n <= 8 {
        (0..n).collect()
    } else {
        (0..6).map(|i| i * (n - 1) / 5).collect()
    };
    ticks.dedup();
    for i in ticks {
        if let Some(p) = periods.get(i) {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                f.x(i),
                bottom + 14.0,
                esc(&p.period)
            );
        }
    }
    let _ = write!(
        svg,
        "<line x1=\"{:.1}\" y1=\"{bottom:.1}\" x2=\"{:.1}\" y2=\"{bottom:.1}\" stroke=\"#999\"/>",
        f.left,
        f.width - f.right
    );
}

/// The polylines through `values`, one per run of periods that have a
/// share: an empty period is a gap in the line, never a drop to 0. A run of
/// one period (between two gaps, as in a corpus with only odd years) is a
/// dot, since a one-point line draws nothing.
fn polylines(f: &Frame, values: &[Option<f64>], attributes: &str, title: &str) -> String {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut pts: Vec<(f64, f64)> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => pts.push((f.x(i), f.y(*v))),
            None if !pts.is_empty() => runs.push(std::mem::take(&mut pts)),
            None => {}
        }
    }
    if !pts.is_empty() {
        runs.push(pts);
    }
    runs.iter()
        .map(|run| match run.as_slice() {
            [(x, y)] => format!(
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"1.5\" fill=\"none\" stroke-width=\"2\"{attributes}>{title}</circle>"
            ),
            _ => {
                let pts: String = run.iter().map(|(x, y)| format!("{x:.1},{y:.1} ")).collect();
                format!(
                    "<polyline fill=\"none\" stroke-width=\"2\"{attributes} points=\"{pts}\">{title}</polyline>"
                )
            }
        })
        .collect()
}

/// The overview chart: every theme's share over time.
fn overview(r: &Report) -> String {
    let series: Vec<Vec<Option<f64>>> = r.themes.iter().map(|t| shares(r, t.id)).collect();
    let (max, step) = nice_axis(
        series
            .iter()
            .flatten()
            .flatten()
            .copied()
            .fold(0.0f64, f64::max),
    );
    let f = Frame {
        width: 960.0,
        height: 320.0,
        left: 44.0,
        right: 28.0,
        top: 10.0,
        bottom: 24.0,
        periods: r.timeline.periods.len(),
        max,
        step,
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg id=\"overview\" class=\"chart\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"Share of every theme per period\" xmlns=\"http://www.w3.org/2000/svg\">",
        f.width, f.height, f.width, f.height
    );
    let _ = write!(
        svg,
        "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#fff\"/>",
        f.width, f.height
    );
    axes(&mut svg, &f, r);
    for (t, values) in r.themes.iter().zip(&series) {
        let attributes = format!(" stroke=\"{}\"{}", colour(t.id), dash(t.id));
        let title = format!("<title>{}</title>", esc(&t.label));
        svg.push_str(&polylines(&f, values, &attributes, &title));
    }
    svg.push_str("</svg>");
    svg
}

/// The legend of the overview chart: each theme's line and label.
fn legend(r: &Report) -> String {
    let mut h = String::from("<ul id=\"legend\" class=\"legend\">");
    for t in &r.themes {
        let _ = write!(
            h,
            "<li><svg width=\"24\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" x2=\"24\" y2=\"5\" stroke=\"{}\" stroke-width=\"3\"{}/></svg>{}. {}</li>",
            colour(t.id),
            dash(t.id),
            t.id,
            esc(&t.label)
        );
    }
    h.push_str("</ul>");
    h
}

/// One theme's share with its confidence band.
fn theme_chart(r: &Report, t: &ReportTheme) -> String {
    let periods = &r.timeline.periods;
    let values = shares(r, t.id);
    let band: Vec<(usize, f64, f64)> = periods
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let s = p.shares.get(t.id)?;
            Some((i, s.ci_low?, s.ci_high?))
        })
        .collect();
    let (max, step) = nice_axis(
        band.iter()
            .map(|b| b.2)
            .chain(values.iter().flatten().copied())
            .fold(0.0f64, f64::max),
    );
    let f = Frame {
        width: 640.0,
        height: 180.0,
        left: 44.0,
        right: 28.0,
        top: 10.0,
        bottom: 24.0,
        periods: periods.len(),
        max,
        step,
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"Share of {} per period, with its confidence interval\" xmlns=\"http://www.w3.org/2000/svg\">",
        f.width, f.height, f.width, f.height, esc(&t.label)
    );
    let _ = write!(
        svg,
        "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#fff\"/>",
        f.width, f.height
    );
    axes(&mut svg, &f, r);
    for b in &t.bursts {
        let x0 = f.x(b.start_index) - 3.0;
        let x1 = f.x(b.end_index) + 3.0;
        let _ = write!(
            svg,
            "<rect class=\"burst\" x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#fdd\" opacity=\"0.6\"><title>burst {}–{}</title></rect>",
            f.top,
            (x1 - x0).max(1.0),
            f.height - f.top - f.bottom,
            esc(&b.start),
            esc(&b.end)
        );
    }
    // The interval as a band over each run of consecutive periods that have
    // one, and as a bar at a period whose neighbours have none.
    let mut runs: Vec<&[(usize, f64, f64)]> = Vec::new();
    let mut begin = 0;
    for k in 1..=band.len() {
        let joined = match (band.get(k), band.get(k - 1)) {
            (Some(b), Some(a)) => b.0 == a.0 + 1,
            _ => false,
        };
        if !joined {
            runs.extend(band.get(begin..k));
            begin = k;
        }
    }
    for run in runs {
        if let [(i, lo, hi)] = run {
            let _ = write!(
                svg,
                "<line class=\"band\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"6\" opacity=\"0.25\"/>",
                f.y(*hi),
                f.y(*lo),
                colour(t.id),
                x = f.x(*i)
            );
            continue;
        }
        let mut pts = String::new();
        for &(i, _, hi) in run {
            let _ = write!(pts, "{:.1},{:.1} ", f.x(i), f.y(hi));
        }
        for &(i, lo, _) in run.iter().rev() {
            let _ = write!(pts, "{:.1},{:.1} ", f.x(i), f.y(lo));
        }
        let _ = write!(
            svg,
            "<polygon class=\"band\" points=\"{pts}\" fill=\"{}\" opacity=\"0.18\"/>",
            colour(t.id)
        );
    }
    let attributes = format!(" class=\"share\" stroke=\"{}\"", colour(t.id));
    svg.push_str(&polylines(&f, &values, &attributes, ""));
    for (i, v) in values.iter().enumerate() {
        if let (Some(p), Some(v)) = (periods.get(i), v) {
            let _ = write!(
                svg,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{}\"><title>{}: {:.1}%, {}</title></circle>",
                f.x(i),
                f.y(*v),
                colour(t.id),
                esc(&p.period),
                v * 100.0,
                super::count(p.documents, "document")
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Every document with its period, length and theme weights in full
/// precision, folded, so that every share can be recomputed from the page.
fn documents(h: &mut String, r: &Report) {
    let _ = writeln!(
        h,
        "<details id=\"documents\"><summary>{}: period, length and theme weights</summary><p class=\"meta\">{}</p>",
        super::count(r.documents.len(), "document"),
        esc(super::RECOMPUTE_NOTE)
    );
    h.push_str("<table><thead><tr><th>document</th><th>date</th><th>period</th><th>length</th><th>theme weights</th></tr></thead><tbody>\n");
    for d in &r.documents {
        let weights = match &d.themes.reason {
            Some(reason) if d.themes.themes.is_empty() => format!("no themes: {reason}"),
            _ => super::weights_text(d),
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&d.themes.id),
            esc(d.themes.date.as_deref().unwrap_or("undated")),
            esc(d.period.as_deref().unwrap_or("")),
            d.length,
            esc(&weights)
        );
    }
    h.push_str("</tbody></table></details>\n");
}

pub(super) fn write(r: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let c = &r.corpus;
    let tl = &r.timeline;
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    h.push_str("<title>Themes over time — tidings</title><style>");
    h.push_str(CSS);
    h.push_str("</style></head><body>\n<h1>Themes over time</h1>\n<p class=\"meta\">");
    h.push_str(&super::corpus_line(r));
    if let (Some(from), Some(to)) = (&c.from, &c.to) {
        let _ = write!(
            h,
            "; dates {} to {}, {} by {}{}",
            esc(from),
            esc(to),
            super::count(tl.periods.len(), "period"),
            tl.granularity,
            if tl.auto {
                " (chosen automatically)"
            } else {
                ""
            }
        );
    }
    let _ = writeln!(
        h,
        ". {} by {}; relative reconstruction error {:.3}. Written by tidings {}.</p>",
        super::count(r.model.n_themes, "theme"),
        super::model_name(r.model.kind),
        r.model.relative_error,
        esc(r.generator.version)
    );
    if let Some(line) = super::labels_line(r) {
        let _ = writeln!(h, "<p class=\"meta\" id=\"labels\">{}.</p>", esc(&line));
    }
    if !tl.periods.is_empty() {
        h.push_str("<h2>Share of the corpus per period</h2>\n");
        h.push_str(&overview(r));
        h.push_str(&legend(r));
        h.push('\n');
    }
    h.push_str("<h2>Themes</h2>\n<table id=\"themes\"><thead><tr><th>id</th><th>theme</th><th>key terms</th><th>share</th><th>trend</th><th>p</th><th>bursts</th><th>peak</th><th>coherence</th><th>terms</th></tr></thead><tbody>\n");
    for (t, depth) in super::outline(r) {
        // A broader theme has no section of its own: its name is no link.
        let name = if t.children.is_empty() {
            format!(
                "<a href=\"#theme-{}\">{}</a>",
                t.id,
                esc(&super::outline_label(t, 0))
            )
        } else {
            format!("<b>{}</b>", esc(&super::outline_label(t, 0)))
        };
        let _ = writeln!(
            h,
            "<tr><td class=\"n\">{}</td><td>{}<span class=\"swatch\" style=\"background:{}\"></span>{}</td><td>{}</td><td class=\"n\">{:.1}%</td><td class=\"{}\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{:+.3}</td><td>{}</td></tr>",
            t.id,
            "&nbsp;&nbsp;&nbsp;&nbsp;".repeat(depth),
            colour(t.id),
            name,
            esc(&t.key_terms.join(", ")),
            t.share * 100.0,
            t.trend.direction,
            t.trend.direction,
            esc(&t.trend.p_value.map(p_text).unwrap_or_default()),
            esc(&bursts_text(t)),
            esc(t.peak_period.as_deref().unwrap_or("")),
            t.coherence,
            esc(&t.terms.join(", "))
        );
    }
    h.push_str("</tbody></table>\n");
    if let Some(line) = super::general_line(r) {
        let _ = writeln!(h, "<p class=\"meta\">{}</p>", esc(&line));
    }
    if tl.undated.documents > 0 {
        let _ = writeln!(
            h,
            "<p class=\"meta\">{} without a date count in the themes but in no period.</p>",
            super::count(tl.undated.documents, "document")
        );
    }
    if tl.outside.documents > 0 {
        let listed: Vec<String> = tl
            .outside
            .periods
            .iter()
            .map(|p| format!("{} {}", esc(&p.period), p.documents))
            .collect();
        let _ = writeln!(
            h,
            "<p class=\"meta\">{} with stray dates ({}) count in the themes but lie outside the range of the periods.</p>",
            super::count(tl.outside.documents, "document"),
            listed.join(", ")
        );
    }
    for t in &r.themes {
        let _ = write!(
            h,
            "<section class=\"theme\" id=\"theme-{}\"><h2>{}. {}</h2><p class=\"meta\">{}share {:.1}% · {}",
            t.id,
            t.id,
            esc(&t.label),
            if t.key_terms.is_empty() {
                String::new()
            } else {
                format!("{} · ", esc(&t.key_terms.join(", ")))
            },
            t.share * 100.0,
            esc(&trend_text(t))
        );
        if let Some(peak) = &t.peak_period {
            let _ = write!(h, " · peak {}", esc(peak));
        }
        let bursts = bursts_text(t);
        if !bursts.is_empty() {
            let _ = write!(h, " · bursts {}", esc(&bursts));
        }
        let _ = write!(h, "</p><p>Terms: {}</p>", esc(&t.terms.join(", ")));
        if !tl.periods.is_empty() {
            h.push_str(&theme_chart(r, t));
        }
        for s in &t.snippets {
            let _ = write!(
                h,
                // Byte offsets are for programs; they stay in the JSON.
                "<blockquote>{}<br><span class=\"meta\">— {}</span></blockquote>",
                esc(&s.text),
                esc(&s.citation())
            );
        }
        h.push_str("</section>\n");
    }
    documents(&mut h, r);
    h.push_str("</body></html>\n");
    out.write_all(h.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14: empty periods are gaps in the chart lines, never a drop to
    /// 0, and a period alone between gaps (odd years only) is still drawn.
    #[test]
    fn chart_lines_have_gaps_and_lone_periods_are_dots() {
        let f = Frame {
            width: 100.0,
            height: 100.0,
            left: 0.0,
            right: 0.0,
            top: 0.0,
            bottom: 0.0,
            periods: 6,
            max: 1.0,
            step: 0.5,
        };
        let odd_years = [None, Some(0.4), None, Some(0.4), None, Some(0.4)];
        let svg = polylines(&f, &odd_years, " stroke=\"#123456\"", "");
        assert_eq!(svg.matches("<circle").count(), 3, "{svg}");
        assert!(!svg.contains("<polyline"), "{svg}");
        assert!(!svg.contains(",100.0"), "no point at 0: {svg}");
        let runs = [Some(0.2), Some(0.4), None, Some(0.5), Some(0.5), Some(0.1)];
        let svg = polylines(&f, &runs, "", "");
        assert_eq!(svg.matches("<polyline").count(), 2, "{svg}");
        assert_eq!(svg.matches("<circle").count(), 0, "{svg}");
        assert!(svg.contains("points=\"0.0,80.0 20.0,60.0 \""), "{svg}");
    }
}
