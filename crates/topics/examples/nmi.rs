//! Dominant-theme NMI of tidings' NMF and LSA + k-means on a labelled
//! corpus, on the exact TF-IDF matrix written by `scripts/nmi_sklearn.py`.
//!
//! ```text
//! python3 scripts/nmi_sklearn.py brown DIR /tmp/brown
//! cargo run --release -p tidings-topics --example nmi -- /tmp/brown [seeds]
//! ```

use std::error::Error;
use std::time::Instant;

use tidings_topics::{
    normalized_mutual_info, ModelKind, NmfInit, NmfParams, ThemeCount, ThemeData, ThemesParams,
};

fn read_mtx(path: &str) -> Result<sprs::CsMat<f64>, Box<dyn Error>> {
    let text = std::fs::read_to_string(path)?;
    let mut lines = text.lines().filter(|l| !l.starts_with('%'));
    let dims: Vec<usize> = lines
        .next()
        .ok_or("empty mtx")?
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let (rows, cols) = (dims[0], dims[1]);
    let mut tri = sprs::TriMat::new((rows, cols));
    for line in lines {
        let mut it = line.split_whitespace();
        let (Some(i), Some(j), Some(v)) = (it.next(), it.next(), it.next()) else {
            continue;
        };
        tri.add_triplet(
            i.parse::<usize>()? - 1,
            j.parse::<usize>()? - 1,
            v.parse::<f64>()?,
        );
    }
    Ok(tri.to_csr())
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let prefix = args.get(1).ok_or("usage: nmi PREFIX [seeds]")?;
    let n_seeds: u64 = args.get(2).map_or(Ok(5), |s| s.parse())?;
    let x = read_mtx(&format!("{prefix}.mtx"))?;
    let features: Vec<String> = std::fs::read_to_string(format!("{prefix}.features"))?
        .lines()
        .map(String::from)
        .collect();
    let labels: Vec<usize> = std::fs::read_to_string(format!("{prefix}.labels"))?
        .lines()
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let k = labels.iter().max().map_or(1, |m| m + 1);
    println!(
        "{prefix}: {} docs, {} features, {} nnz, k={k}, threads={}",
        x.rows(),
        x.cols(),
        x.nnz(),
        rayon::current_num_threads()
    );
    let data = ThemeData::new(x.view(), &features);
    let configs: Vec<(&str, ThemesParams)> = vec![
        ("tidings NMF (HALS, nndsvda)", ThemesParams::new()),
        (
            "tidings NMF (HALS, nndsvd)",
            ThemesParams::new().model(NmfParams::new().init(NmfInit::Nndsvd)),
        ),
        (
            "tidings NMF (HALS, nndsvda, tol 1e-5)",
            ThemesParams::new().model(NmfParams::new().tol(1e-5)),
        ),
        (
            "tidings LSA100+KMeans(n_runs=10)",
            ThemesParams::new().model(ModelKind::KMeans),
        ),
    ];
    for (name, params) in configs {
        let mut scores = Vec::new();
        let mut secs = Vec::new();
        let mut iters = Vec::new();
        for seed in 0..n_seeds {
            let start = Instant::now();
            let fit = params
                .clone()
                .themes(ThemeCount::Fixed(k))
                .seed(seed)
                .check()?
                .fit(&data)?;
            secs.push(start.elapsed().as_secs_f64());
            iters.push(fit.report.model.iterations.unwrap_or(0));
            let pred: Vec<usize> = fit
                .passage_weights
                .rows()
                .into_iter()
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .fold(
                            (0, f64::NEG_INFINITY),
                            |b, (i, &v)| if v > b.1 { (i, v) } else { b },
                        )
                        .0
                })
                .collect();
            scores.push(normalized_mutual_info(&labels, &pred));
        }
        let mean = scores.iter().sum::<f64>() / scores.len() as f64;
        let min = scores.iter().copied().fold(f64::INFINITY, f64::min);
        let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        println!(
            "{name}: NMI mean {mean:.3} min {min:.3} max {max:.3} spread {:.3} time {:.2}s/fit iters {:?}",
            max - min,
            secs.iter().sum::<f64>() / secs.len() as f64,
            iters
        );
    }
    Ok(())
}
