//! Broader themes over the fine ones: a tree by agglomerative clustering.
//!
//! The fine themes (as many as parallel analysis finds) are merged bottom-up
//! with average linkage on the cosine similarity of their term vectors, as
//! BERTopic's `hierarchical_topics` does on class-based TF-IDF (Grootendorst
//! 2022). Every merge makes a broader theme that is the union of its
//! children. The tree is cut into broad themes where the fusion level
//! jumps most: before the merge whose distance (1 − similarity) exceeds
//! the previous merge's by the largest step (the "largest change in fusion
//! level" rule; Everitt, Landau, Leese & Stahl 2011, *Cluster Analysis*,
//! 5th ed., §4.4.4). Merges below the cut join themes about as close as
//! the themes inside a broad theme are; the first one above it joins
//! broad themes that are markedly further apart. The rule has no
//! constant: the cut follows the shape of the tree.

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

/// How many of `merges` (in order) to apply: all those before the largest
/// step in merge distance (ties go to the earliest step). Fewer than three
/// merges give no steps to compare: none is applied.
pub(crate) fn largest_step_cut(merges: &[Merge]) -> usize {
    if merges.len() < 3 {
        return 0;
    }
    let d: Vec<f64> = merges.iter().map(|m| 1.0 - m.similarity).collect();
    let mut best = (0.0f64, 0usize);
    for i in 1..d.len() {
        let step = d[i] - d[i - 1];
        if step > best.0 {
            best = (step, i);
        }
    }
    best.1
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
        let cut = largest_step_cut(&merges);
        assert_eq!(cut, 4);
        let (g, parent) = groups(6, &merges, cut);
        assert_eq!(g, vec![vec![0, 1, 2], vec![3, 4, 5]]);
        assert_eq!(
            parent,
            [Some(0), Some(0), Some(0), Some(1), Some(1), Some(1)]
        );
    }

    #[test]
    fn too_few_merges_make_no_groups() {
        let h = Array2::from_shape_vec((2, 2), vec![1.0, 0.0, 0.9, 0.1]).unwrap_or_default();
        let merges = average_linkage(&h);
        assert_eq!(largest_step_cut(&merges), 0);
        let (g, parent) = groups(2, &merges, 0);
        assert!(g.is_empty());
        assert_eq!(parent, [None, None]);
    }
}
