//! The theme report of a corpus in one call, printed as the `tidings
//! report` terminal table (or any other format: json, csv, markdown, html).
//!
//! ```sh
//! cargo run --release -p tidings-examples --example report -- corpus/ungdc-sample markdown
//! ```

use std::error::Error;
use std::io::Write;

use tidings::report::{render, Format, Report, ReportParams};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "corpus/seed-news".to_string());
    let format: Format = args.next().as_deref().unwrap_or("table").parse()?;

    let report = Report::from_path(&path, &ReportParams::new()?)?;

    let mut out = std::io::stdout().lock();
    render(&report, format, &mut out)?;
    out.flush()?;
    Ok(())
}
