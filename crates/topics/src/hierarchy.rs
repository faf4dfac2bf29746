//! Broader themes over the fine ones: a tree by agglomerative clustering.
//!
//! The fine themes (as many as parallel analysis finds) are merged bottom-up
//! with average linkage on the cosine similarity of their term vectors, as
//! BERTopic's `hierarchical_topics` does on class-based TF-IDF (Grootendorst
//! 2022). Every merge makes a broader theme that is the union of its
//! children. The tree is cut into broad themes at the level whose groups
//! are best separated: the one with the highest mean silhouette
//! (Rousseeuw 1987, "Silhouettes: a graphical aid to the interpretation and
//! validation of cluster analysis", *J. Comput. Appl. Math.* 20), which
//! weighs how close each theme is to the others of its group against how
//! close it is to the nearest other group. The rule has no constant: the
//! cut follows the themes' distances.
//!
//! An earlier rule cut before the largest step in merge distance (Everitt
//! et al. 2011, §4.4.4). It moved with the seed: one pair of near-twin
//! themes merging far below the rest made that first step the largest,
//! and left one group of two (BBC News: 12 groups at one seed, 1 at three
//! others; the silhouette gives 8 to 12 at every seed).

use ndarray::Array2;

/// One agglomeration step: clusters `a` and `b` (ids: `0..k` are the fine
/// themes, `k + s` the cluster made by step `s`) merged at `similarity`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Merge {
    pub(crate) a: usize,
    pub(crate) b: usize,
    pub(crate) similarity: f64,
}

/// Cosine similarity of the rows of `h`.
fn cosine(h: &Array2<f64>) -> Array2<f64> {
    let mut hn = h.clone();
    for mut row in hn.rows_mut() {
        let n = row.dot(&row).sqrt();
        if n > 0.0 {
            row /= n;
        }
    }
    hn.dot(&hn.t())
}

/// Average-linkage agglomeration of the rows of `h` (k − 1 merges, most
/// similar first; ties go to the lowest cluster ids).
pub(crate) fn average_linkage(h: &Array2<f64>) -> Vec<Merge> {
    let k = h.nrows();
    let sim = cosine(h);
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

/// How many of `merges` (in order) to apply: the number that gives the
/// highest mean silhouette over the fine themes (rows of `h`), with the
/// cosine distance (1 − similarity) the merges were made on. A theme alone
/// in its cluster scores 0, as Rousseeuw defines it, so leaving every theme
/// apart scores 0, and a level is cut only when its themes are on average
/// closer to their own group than to the next (a positive mean). Every
/// level from k − 1 clusters down to 2 is scored (the silhouette is
/// undefined for one cluster); ties go to the fewest merges. Fewer than
/// three themes leave no such level: no merge is applied.
pub(crate) fn silhouette_cut(h: &Array2<f64>, merges: &[Merge]) -> usize {
    let k = h.nrows();
    if k < 3 || merges.len() + 1 < k {
        return 0;
    }
    let sim = cosine(h);
    let dist = |i: usize, j: usize| (1.0 - sim[[i, j]]).max(0.0);
    // `cluster[i]`: the cluster of fine theme `i` after the merges so far;
    // `members[c]`: the fine themes of cluster id `c` (ids as in `Merge`).
    let mut cluster: Vec<usize> = (0..k).collect();
    let mut members: Vec<Vec<usize>> = (0..k).map(|i| vec![i]).collect();
    let mut best = (0.0, 0usize);
    for (s, m) in merges.iter().enumerate().take(k - 2) {
        let joined: Vec<usize> = [m.a, m.b]
            .iter()
            .flat_map(|&c| members.get(c).cloned().unwrap_or_default())
            .collect();
        for &i in &joined {
            cluster[i] = k + s;
        }
        members.push(joined);
        let score = mean_silhouette(k, &cluster, &dist);
        if score > best.0 {
            best = (score, s + 1);
        }
    }
    best.1
}

/// Mean silhouette of `k` points in clusters `cluster` (any ids), under
/// the distance `dist`; a point alone in its cluster scores 0.
fn mean_silhouette(k: usize, cluster: &[usize], dist: &impl Fn(usize, usize) -> f64) -> f64 {
    let mut ids: Vec<usize> = cluster.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut total = 0.0;
    for i in 0..k {
        // Mean distance from `i` to every cluster, itself left out.
        let mut sum = vec![0.0; ids.len()];
        let mut count = vec![0usize; ids.len()];
        for j in (0..k).filter(|&j| j != i) {
            if let Ok(c) = ids.binary_search(&cluster[j]) {
                sum[c] += dist(i, j);
                count[c] += 1;
            }
        }
        let Ok(own) = ids.binary_search(&cluster[i]) else {
            continue;
        };
        if count[own] == 0 {
            continue;
        }
        let a = sum[own] / count[own] as f64;
        let b = (0..ids.len())
            .filter(|&c| c != own && count[c] > 0)
            .map(|c| sum[c] / count[c] as f64)
            .fold(f64::INFINITY, f64::min);
        let scale = a.max(b);
        if b.is_finite() && scale > 0.0 {
            total += (b - a) / scale;
        }
    }
    total / k as f64
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
        let merges = average_linkage(&h);
        assert_eq!(merges.len(), 5);
        assert_eq!((merges[0].a, merges[0].b), (0, 1));
        // The last merge joins the two families, far below the others.
        assert!(merges[4].similarity < 0.1);
        let cut = silhouette_cut(&h, &merges);
        assert_eq!(cut, 4);
        let (g, parent) = groups(6, &merges, cut);
        assert_eq!(g, vec![vec![0, 1, 2], vec![3, 4, 5]]);
        assert_eq!(
            parent,
            [Some(0), Some(0), Some(0), Some(1), Some(1), Some(1)]
        );
    }

    #[test]
    fn a_pair_of_near_twins_does_not_hide_the_families() {
        // Three families of three themes over their own terms: each theme
        // has its family's term and two of its own (cosine 1/3 within a
        // family, 0 across), and theme 1 is a near twin of theme 0. Their
        // merge sits so far below every other that the largest step in
        // merge distance comes right after it (one group of two); the
        // silhouette still finds the other two families. Theme 2 stays
        // alone: joining it would lower the twins' near-perfect scores more
        // than it would raise its own.
        let mut h = Array2::<f64>::zeros((9, 21));
        for f in 0..3 {
            for m in 0..3 {
                let t = 3 * f + m;
                h[[t, 7 * f]] = 1.0;
                h[[t, 7 * f + 1 + 2 * m]] = 1.0;
                h[[t, 7 * f + 2 + 2 * m]] = 1.0;
            }
        }
        let twin = h.row(0).to_owned();
        h.row_mut(1).assign(&twin);
        h[[1, 3]] = 0.1;
        let merges = average_linkage(&h);
        assert_eq!((merges[0].a, merges[0].b), (0, 1));
        let d: Vec<f64> = merges.iter().map(|m| 1.0 - m.similarity).collect();
        assert!(d[1] - d[0] > d[8 - 1] - d[8 - 2]);
        let cut = silhouette_cut(&h, &merges);
        let (g, _) = groups(9, &merges, cut);
        assert_eq!(g, vec![vec![0, 1], vec![3, 4, 5], vec![6, 7, 8]]);
    }

    #[test]
    fn too_few_merges_make_no_groups() {
        let h = Array2::from_shape_vec((2, 2), vec![1.0, 0.0, 0.9, 0.1]).unwrap_or_default();
        let merges = average_linkage(&h);
        assert_eq!(silhouette_cut(&h, &merges), 0);
        let (g, parent) = groups(2, &merges, 0);
        assert!(g.is_empty());
        assert_eq!(parent, [None, None]);
    }
}
