//! The HTML rendering: one self-contained page (inline CSS and SVG, no
//! scripts, no fonts or images from the network).

use std::fmt::Write as _;
use std::io::Write;

use super::{bursts_text, p_text, shares, trend_text};
use crate::report::{Report, ReportTheme};

/// Line colours, cycled.
const PALETTE: [&str; 10] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22",
];

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222;line-height:1.45}\
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}\
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{padding:.3rem .5rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}\
td.n{text-align:right;font-variant-numeric:tabular-nums}.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.4em}\
.theme{margin:1.5rem 0}.meta{color:#555;font-size:.9rem}blockquote{margin:.5rem 0;padding:.3rem .8rem;border-left:3px solid #ccc;color:#333;font-size:.92rem}\
svg{max-width:100%;height:auto}svg text{font-size:11px;fill:#555}.rising{color:#2ca02c}.fading{color:#d62728}";

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
    for frac in [0.0, 0.5, 1.0] {
        let v = f.max * frac;
        let y = f.y(v);
        let _ = write!(
            svg,
            "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#e5e5e5\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{:.0}%</text>",
            f.left,
            f.width - f.right,
            f.left - 4.0,
            y + 4.0,
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

/// Points of a polyline through `values`, skipping periods without documents.
fn polyline(f: &Frame, values: &[f64], r: &Report) -> String {
    let mut pts = String::new();
    for (i, v) in values.iter().enumerate() {
        if r.timeline.periods.get(i).is_some_and(|p| p.documents > 0) {
            let _ = write!(pts, "{:.1},{:.1} ", f.x(i), f.y(*v));
        }
    }
    pts
}

/// The overview chart: every theme's share over time.
fn overview(r: &Report) -> String {
    let series: Vec<Vec<f64>> = r.themes.iter().map(|t| shares(r, t.id)).collect();
    let max = series
        .iter()
        .flatten()
        .copied()
        .fold(0.0f64, f64::max)
        .max(0.01);
    let f = Frame {
        width: 960.0,
        height: 320.0,
        left: 44.0,
        right: 28.0,
        top: 10.0,
        bottom: 24.0,
        periods: r.timeline.periods.len(),
        max,
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
        let _ = write!(
            svg,
            "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"><title>{}</title></polyline>",
            colour(t.id),
            polyline(&f, values, r),
            esc(&t.label)
        );
    }
    svg.push_str("</svg>");
    svg
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
    let max = band
        .iter()
        .map(|b| b.2)
        .chain(values.iter().copied())
        .fold(0.0f64, f64::max)
        .max(0.01);
    let f = Frame {
        width: 640.0,
        height: 180.0,
        left: 44.0,
        right: 28.0,
        top: 10.0,
        bottom: 24.0,
        periods: periods.len(),
        max,
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
    if band.len() > 1 {
        let mut pts = String::new();
        for &(i, _, hi) in &band {
            let _ = write!(pts, "{:.1},{:.1} ", f.x(i), f.y(hi));
        }
        for &(i, lo, _) in band.iter().rev() {
            let _ = write!(pts, "{:.1},{:.1} ", f.x(i), f.y(lo));
        }
        let _ = write!(
            svg,
            "<polygon class=\"band\" points=\"{pts}\" fill=\"{}\" opacity=\"0.18\"/>",
            colour(t.id)
        );
    }
    let _ = write!(
        svg,
        "<polyline class=\"share\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>",
        colour(t.id),
        polyline(&f, &values, r)
    );
    for (i, v) in values.iter().enumerate() {
        if let Some(p) = periods.get(i).filter(|p| p.documents > 0) {
            let _ = write!(
                svg,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{}\"><title>{}: {:.1}%, {} documents</title></circle>",
                f.x(i),
                f.y(*v),
                colour(t.id),
                esc(&p.period),
                v * 100.0,
                p.documents
            );
        }
    }
    svg.push_str("</svg>");
    svg
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
    let _ = write!(
        h,
        "{} documents ({} dated, {} undated), {} passages, {} terms",
        c.documents, c.dated, c.undated, c.passages, c.features
    );
    if let (Some(from), Some(to)) = (&c.from, &c.to) {
        let _ = write!(
            h,
            "; dates {} to {}, {} periods by {}{}",
            esc(from),
            esc(to),
            tl.periods.len(),
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
        ". {} themes by {:?}; relative reconstruction error {:.3}. Written by tidings {}.</p>",
        r.model.n_themes,
        r.model.kind,
        r.model.relative_error,
        esc(r.generator.version)
    );
    if !tl.periods.is_empty() {
        h.push_str("<h2>Share of the corpus per period</h2>\n");
        h.push_str(&overview(r));
        h.push('\n');
    }
    h.push_str("<h2>Themes</h2>\n<table id=\"themes\"><thead><tr><th>id</th><th>theme</th><th>share</th><th>trend</th><th>p</th><th>bursts</th><th>peak</th><th>coherence</th><th>terms</th></tr></thead><tbody>\n");
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
            "<tr><td class=\"n\">{}</td><td>{}<span class=\"swatch\" style=\"background:{}\"></span>{}</td><td class=\"n\">{:.1}%</td><td class=\"{}\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{:+.3}</td><td>{}</td></tr>",
            t.id,
            "&nbsp;&nbsp;&nbsp;&nbsp;".repeat(depth),
            colour(t.id),
            name,
            t.share * 100.0,
            t.trend.direction,
            t.trend.direction,
            t.trend.p_value.map(p_text).unwrap_or_default(),
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
            "<p class=\"meta\">{} undated documents count in the themes but in no period.</p>",
            tl.undated.documents
        );
    }
    for t in &r.themes {
        let _ = write!(
            h,
            "<section class=\"theme\" id=\"theme-{}\"><h2>{}. {}</h2><p class=\"meta\">share {:.1}% · {}",
            t.id,
            t.id,
            esc(&t.label),
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
                "<blockquote>{}<br><span class=\"meta\">— {} ({}), bytes {}..{}</span></blockquote>",
                esc(&s.text),
                esc(&s.document),
                esc(s.date.as_deref().unwrap_or("undated")),
                s.start,
                s.end
            );
        }
        h.push_str("</section>\n");
    }
    h.push_str("</body></html>\n");
    out.write_all(h.as_bytes())
}
