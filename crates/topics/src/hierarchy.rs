//! Broader themes over the fine ones: a tree by agglomerative clustering.
//!
//! The fine themes (as many as parallel analysis finds) are merged bottom-up
//! with average linkage on the cosine similarity of their term vectors, as
//! BERTopic's `hierarchical_topics` does on class-based TF-IDF (Grootendorst
//! 2022). Every merge makes a broader theme that is the union of its
//! children. The tree is cut where its merges stop standing out: a merge
//! is kept while the similarity of the two groups it joins is an outlier
//! among the similarities of all pairs of fine themes, above Tukey's upper
//! fence Q3 + 1.5 · IQR (Tukey 1977, *Exploratory Data Analysis*).
//! With dozens of themes, most pairs are unrelated, so their similarities
//! describe what unrelated themes share (common words); a merge above the
//! fence joins themes more alike than nearly any unrelated pair. Average
//! linkage never merges at a higher similarity than an earlier merge, so
//! the kept merges are a prefix of the tree: a level of it. The 1.5 is
//! Tukey's convention for an outlier, not a value fitted to a corpus.
//! The rule needs most pairs unrelated: when a quarter of the pairs or
//! more are related (two or three large groups of themes; four at the
//! edge), no merge stands out from pairs so often related, and the themes
//! are not grouped. One group of every theme says nothing, so the last
//! merge is never kept.
//!
//! Two earlier rules moved with the seed. The largest step in merge
//! distance (Everitt et al. 2011, §4.4.4): a pair of near-twin themes
//! merging far below the rest made that first step the largest and left
//! one group of two (BBC News: 12 groups at one seed, 1 at three others).
//! The highest mean silhouette (Rousseeuw 1987): its curve over the levels
//! is flat on topic vectors (0.05 ± 0.005 from 15 to 36 groups on the UN
//! corpus), so the level it picked jumped (State of the Union: 2 groups at
//! two seeds, 8–10 at three), and it put 14 of the UN corpus's 48 themes in
//! one loose group. The fence gives 9–12 groups on BBC News and 6–9 on
//! the State of the Union at every seed tried (seeds 0–4; BENCHMARKS.md).

use ndarray::Array2;

/// One agglomeration step: clusters `a` and `b` (ids: `0..k` are the fine
/// themes, `k + s` the cluster made by step `s`) merged at `similarity`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Merge {
    pub(crate) a: usize,
    pub(crate) b: usize,
    pub(crate) similarity: f64,
}

/// Cosine similarity of the rows of `h`: what [`average_linkage`] merges
/// on and [`fence_cut`] measures the merges against.
pub(crate) fn cosine(h: &Array2<f64>) -> Array2<f64> {
    let mut hn = h.clone();
    for mut row in hn.rows_mut() {
        let n = row.dot(&row).sqrt();
        if n > 0.0 {
            row /= n;
        }
    }
    hn.dot(&hn.t())
}

/// Average-linkage agglomeration of `k` items with pairwise similarities
/// `sim` (k × k; k − 1 merges, most similar first; ties go to the lowest
/// cluster ids).
pub(crate) fn average_linkage(sim: &Array2<f64>) -> Vec<Merge> {
    let k = sim.nrows();
    // Active clusters: id, members.
    let mut active: Vec<(usize, Vec<usize>)> = (0..k).map(|i| (i, vec![i])).collect();
    let mut merges = Vec::with_capacity(k.saturating_sub(1));
    let link = |a: &[usize], b: &[usize]| -> f64 {
        let total: f64 = a
            .iter()
            .flat_map(|&i| b.iter().map(move |&j| (i, j)))
            .map(|(i, j)| sim[[i, j]])
            .sum();
        total / (a.len() * b.len()) as f64
    };
    while active.len() > 1 {
        let mut best: Option<(f64, usize, usize)> = None;
        for x in 0..active.len() {
            for y in (x + 1)..active.len() {
                let s = link(&active[x].1, &active[y].1);
                if best.is_none_or(|(bs, _, _)| s > bs) {
                    best = Some((s, x, y));
                }
            }
        }
        let Some((s, x, y)) = best else { break };
        let (id_y, members_y) = active.remove(y);
        let (id_x, members_x) = active.remove(x);
        merges.push(Merge {
            a: id_x,
            b: id_y,
            similarity: s,
        });
        let mut members = members_x;
        members.extend(members_y);
        members.sort_unstable();
        active.push((k + merges.len() - 1, members));
    }
    merges
}

/// Tukey's multiple of the interquartile range above the upper quartile
/// beyond which a value is an outlier (Tukey 1977).
const TUKEY_FENCE: f64 = 1.5;

/// The fewest fine themes whose pairs can describe unrelated themes: with
/// three there are three pairs, and their quartiles are the pairs
/// themselves.
const MIN_THEMES: usize = 4;

/// How many of `merges` (in order) to apply: those whose similarity is
/// above Tukey's upper fence of the similarities `sim` of all pairs of
/// fine themes (the matrix the merges were made on), the last merge (one
/// group of all) excepted. Fewer than [`MIN_THEMES`] themes are not
/// grouped.
pub(crate) fn fence_cut(sim: &Array2<f64>, merges: &[Merge]) -> usize {
    let k = sim.nrows();
    if k < MIN_THEMES {
        return 0;
    }
    let mut pairs: Vec<f64> = (0..k)
        .flat_map(|i| ((i + 1)..k).map(move |j| (i, j)))
        .map(|(i, j)| sim[[i, j]])
        .collect();
    pairs.sort_by(f64::total_cmp);
    let (q1, q3) = (quantile(&pairs, 0.25), quantile(&pairs, 0.75));
    let fence = q3 + TUKEY_FENCE * (q3 - q1);
    merges
        .iter()
        .take(merges.len().saturating_sub(1))
        .take_while(|m| m.similarity > fence)
        .count()
}

/// The `q` quantile of ascending `sorted` values, interpolated linearly
/// between the two nearest ranks (Hyndman & Fan 1996, definition 7; numpy's
/// and R's default). `sorted` must not be empty.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let last = sorted.len().saturating_sub(1);
    let pos = q * last as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(last);
    let (a, b) = (
        sorted.get(lo).copied().unwrap_or(0.0),
        sorted.get(hi).copied().unwrap_or(0.0),
    );
    a + (pos - lo as f64) * (b - a)
}

/// The broad theme of every fine theme after applying the first `applied`
/// merges: `groups[g]` lists the fine themes (ascending) of broad theme `g`
/// for every cluster with at least two members, ordered by their smallest
/// member; `parent[i]` is the group of fine theme `i`, or `None` when it
/// stands alone.
pub(crate) fn groups(
    k: usize,
    merges: &[Merge],
    applied: usize,
) -> (Vec<Vec<usize>>, Vec<Option<usize>>) {
    let mut members: Vec<Vec<usize>> = (0..k).map(|i| vec![i]).collect();
    let mut alive = vec![true; k];
    for m in merges.iter().take(applied) {
        let (Some(a), Some(b)) = (members.get(m.a).cloned(), members.get(m.b).cloned()) else {
            continue;
        };
        let mut joined = a;
        joined.extend(b);
        joined.sort_unstable();
        if let Some(x) = alive.get_mut(m.a) {
            *x = false;
        }
        if let Some(x) = alive.get_mut(m.b) {
            *x = false;
        }
        members.push(joined);
        alive.push(true);
    }
    let mut out: Vec<Vec<usize>> = members
        .into_iter()
        .zip(alive)
        .filter(|(m, a)| *a && m.len() >= 2)
        .map(|(m, _)| m)
        .collect();
    out.sort_by_key(|m| m.first().copied().unwrap_or(usize::MAX));
    let mut parent = vec![None; k];
    for (g, m) in out.iter().enumerate() {
        for &i in m {
            if let Some(p) = parent.get_mut(i) {
                *p = Some(g);
            }
        }
    }
    (out, parent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_themes_merge_first_and_the_cut_keeps_families() {
        // Two families of three themes over disjoint terms, plus noise.
        let h = Array2::from_shape_vec(
            (6, 6),
            vec![
                1.0, 0.8, 0.1, 0.0, 0.0, 0.0, //
                0.9, 1.0, 0.0, 0.0, 0.0, 0.1, //
                0.7, 0.6, 0.5, 0.0, 0.0, 0.0, //
                0.0, 0.0, 0.0, 1.0, 0.9, 0.0, //
                0.0, 0.1, 0.0, 0.8, 1.0, 0.2, //
                0.0, 0.0, 0.0, 0.7, 0.7, 0.6, //
            ],
        )
        .unwrap_or_default();
        let sim = cosine(&h);
        let merges = average_linkage(&sim);
        assert_eq!(merges.len(), 5);
        assert_eq!((merges[0].a, merges[0].b), (0, 1));
        // The last merge joins the two families, far below the others.
        assert!(merges[4].similarity < 0.1);
        let (g, parent) = groups(6, &merges, 4);
        assert_eq!(g, vec![vec![0, 1, 2], vec![3, 4, 5]]);
        assert_eq!(
            parent,
            [Some(0), Some(0), Some(0), Some(1), Some(1), Some(1)]
        );
        // The fence's limit: 6 of the 15 pairs are related, too many to
        // stand out from the unrelated ones, so it groups nothing. It
        // needs fewer than a quarter of the pairs related.
        assert_eq!(fence_cut(&sim, &merges), 0);
    }

    /// `families` families of `size` themes: each theme has its family's
    /// term and two of its own (cosine 1/3 within a family, 0 across).
    fn families(families: usize, size: usize) -> Array2<f64> {
        let width = 1 + 2 * size;
        let mut h = Array2::<f64>::zeros((families * size, families * width));
        for f in 0..families {
            for m in 0..size {
                let t = size * f + m;
                h[[t, width * f]] = 1.0;
                h[[t, width * f + 1 + 2 * m]] = 1.0;
                h[[t, width * f + 2 + 2 * m]] = 1.0;
            }
        }
        h
    }

    #[test]
    fn the_fence_keeps_the_merges_within_families() {
        // Five families of three: 15 of the 105 pairs are related.
        let h = families(5, 3);
        let sim = cosine(&h);
        let merges = average_linkage(&sim);
        let (g, _) = groups(15, &merges, fence_cut(&sim, &merges));
        let expected: Vec<Vec<usize>> = (0..5).map(|f| vec![3 * f, 3 * f + 1, 3 * f + 2]).collect();
        assert_eq!(g, expected);
    }

    #[test]
    fn a_pair_of_near_twins_does_not_hide_the_families() {
        // Five families of three themes, and theme 1 a near twin of theme
        // 0. Their merge sits so far below every other that the largest
        // step in merge distance comes right after it (one group of two).
        // Against the similarities of all pairs, every merge inside a
        // family stands out.
        let mut h = families(5, 3);
        let twin = h.row(0).to_owned();
        h.row_mut(1).assign(&twin);
        h[[1, 3]] = 0.1;
        let sim = cosine(&h);
        let merges = average_linkage(&sim);
        assert_eq!((merges[0].a, merges[0].b), (0, 1));
        let d: Vec<f64> = merges.iter().map(|m| 1.0 - m.similarity).collect();
        let steps: Vec<f64> = d.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(steps.iter().all(|&s| s <= steps[0]));
        let (g, _) = groups(15, &merges, fence_cut(&sim, &merges));
        let expected: Vec<Vec<usize>> = (0..5).map(|f| vec![3 * f, 3 * f + 1, 3 * f + 2]).collect();
        assert_eq!(g, expected);
    }

    #[test]
    fn quantiles_interpolate_as_numpy_does() {
        // numpy.percentile([1, 2, 4, 8, 16], [25, 75]) == [2.0, 8.0];
        // numpy.percentile([0, 1, 3, 10], [25, 75]) == [0.75, 4.75].
        assert_eq!(quantile(&[1.0, 2.0, 4.0, 8.0, 16.0], 0.25), 2.0);
        assert_eq!(quantile(&[1.0, 2.0, 4.0, 8.0, 16.0], 0.75), 8.0);
        assert!((quantile(&[0.0, 1.0, 3.0, 10.0], 0.25) - 0.75).abs() < 1e-12);
        assert!((quantile(&[0.0, 1.0, 3.0, 10.0], 0.75) - 4.75).abs() < 1e-12);
        assert_eq!(quantile(&[5.0], 0.75), 5.0);
    }

    #[test]
    fn too_few_merges_make_no_groups() {
        let h = Array2::from_shape_vec((2, 2), vec![1.0, 0.0, 0.9, 0.1]).unwrap_or_default();
        let sim = cosine(&h);
        let merges = average_linkage(&sim);
        assert_eq!(fence_cut(&sim, &merges), 0);
        let (g, parent) = groups(2, &merges, 0);
        assert!(g.is_empty());
        assert_eq!(parent, [None, None]);
    }
}
