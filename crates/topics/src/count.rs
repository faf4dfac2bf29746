//! The range of theme counts `auto` tries, and the grid of counts compared
//! on a sample.

use crate::params::ThemeCount;

/// The range tried by `auto` for a corpus of `n_documents`: a handful of
/// themes for a handful of documents, more for larger corpora.
///
/// 3–8 up to 50 documents, 5–15 up to 2,000; beyond that the lower end is
/// √n / 3.5 (13 themes at 2,001 documents, 30 at 11,000, capped at 40 from
/// about 19,600) and the upper end half as much again.
///
/// ```
/// use tidings_topics::{auto_theme_range, ThemeCount};
/// assert_eq!(auto_theme_range(5), ThemeCount::Auto { min: 3, max: 8 });
/// assert_eq!(auto_theme_range(10_952), ThemeCount::Auto { min: 30, max: 45 });
/// ```
pub fn auto_theme_range(n_documents: usize) -> ThemeCount {
    match n_documents {
        0..=50 => ThemeCount::Auto { min: 3, max: 8 },
        51..=2000 => ThemeCount::Auto { min: 5, max: 15 },
        n => {
            // Above 2,000 documents the lower end is √n / 3.5 = √(n / 12.25):
            // it grows with the square root of the corpus as the classic
            // rule of thumb k ≈ √(n/2) for the number of clusters (Mardia,
            // Kent & Bibby, 1979) does, but is √(12.25 / 2) ≈ 2.5 times
            // smaller. It reaches its cap of 40 at about 19,600 documents.
            let min = ((n as f64).sqrt() / 3.5).round().clamp(10.0, 40.0) as usize;
            ThemeCount::Auto {
                min,
                max: min + min / 2,
            }
        }
    }
}

/// An `auto` range narrowed to what a matrix with `limit = min(rows,
/// columns)` supports (a tiny corpus gets fewer themes, not an error); a
/// fixed count is left as asked, so that too many themes is an error.
pub(crate) fn fit_auto_range(count: ThemeCount, limit: usize) -> ThemeCount {
    match count {
        ThemeCount::Auto { min, max } => {
            let max = max.min(limit);
            if max < 2 {
                ThemeCount::Fixed(max.max(1))
            } else {
                ThemeCount::Auto {
                    min: min.clamp(2, max),
                    max,
                }
            }
        }
        fixed => fixed,
    }
}

/// At most `n` counts spread evenly over `min..=max`, both ends included.
pub(crate) fn count_grid(min: usize, max: usize, n: usize) -> Vec<usize> {
    let span = max.saturating_sub(min);
    if span < n || n < 2 {
        return (min..=max).collect();
    }
    let mut grid: Vec<usize> = (0..n)
        .map(|i| min + (i * span + (n - 1) / 2) / (n - 1))
        .collect();
    grid.dedup();
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_ranges_fit_small_matrices() {
        let auto = ThemeCount::Auto { min: 3, max: 8 };
        assert_eq!(fit_auto_range(auto, 100), auto);
        assert_eq!(fit_auto_range(auto, 5), ThemeCount::Auto { min: 3, max: 5 });
        assert_eq!(fit_auto_range(auto, 2), ThemeCount::Auto { min: 2, max: 2 });
        assert_eq!(fit_auto_range(auto, 1), ThemeCount::Fixed(1));
        assert_eq!(
            fit_auto_range(ThemeCount::Fixed(9), 1),
            ThemeCount::Fixed(9)
        );
    }

    #[test]
    fn auto_ranges_grow_with_the_corpus() {
        let range = |n| match auto_theme_range(n) {
            ThemeCount::Auto { min, max } => (min, max),
            ThemeCount::Fixed(k) => (k, k),
        };
        assert_eq!(range(5), (3, 8));
        assert_eq!(range(2000), (5, 15));
        assert_eq!(range(2001), (13, 19));
        assert_eq!(range(10_952), (30, 45));
        assert_eq!(range(10_000_000), (40, 60));
        let mut last = (0, 0);
        for n in (0..200_000).step_by(997) {
            let r = range(n);
            assert!(r.0 >= last.0 && r.1 >= last.1 && r.0 < r.1, "{n}: {r:?}");
            last = r;
        }
    }

    #[test]
    fn count_grids_keep_both_ends() {
        assert_eq!(count_grid(10, 25, 6), [10, 13, 16, 19, 22, 25]);
        assert_eq!(count_grid(3, 8, 6), [3, 4, 5, 6, 7, 8]);
        assert_eq!(count_grid(5, 15, 6), [5, 7, 9, 11, 13, 15]);
    }
}
