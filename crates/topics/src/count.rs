//! An explicit range of theme counts (`--themes 5..15`), narrowed to what a
//! matrix supports, and the grid of counts compared on a sample. `auto`
//! finds the count from the data instead (`crate::dimension`).

use crate::params::ThemeCount;

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
    fn count_grids_keep_both_ends() {
        assert_eq!(count_grid(10, 25, 6), [10, 13, 16, 19, 22, 25]);
        assert_eq!(count_grid(3, 8, 6), [3, 4, 5, 6, 7, 8]);
        assert_eq!(count_grid(5, 15, 6), [5, 7, 9, 11, 13, 15]);
    }
}
