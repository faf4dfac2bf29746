//! Seeded themes: the TOML theme file and matching seeds to features.
//!
//! A theme file lists named themes with seed terms or phrases:
//!
//! ```toml
//! [[theme]]
//! name  = "Counter-terrorism"
//! seeds = ["terrorism", "terrorist", "radicalization"]
//! ```

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::ThemeFileError;

/// A named theme with its seed terms or phrases, as written by the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedTheme {
    /// Display name; also the theme's label.
    pub name: String,
    /// Seed terms or phrases, in the user's spelling.
    pub seeds: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    theme: Vec<RawTheme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    name: String,
    #[serde(default)]
    seeds: Vec<String>,
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Lines on which each `[[theme]]` header appears, in order.
fn theme_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            t.starts_with("[[theme]]")
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// Parses a theme file's text. `origin` names the source in errors (a path,
/// or `<input>`).
///
/// Errors: TOML syntax (with line and column), no themes, an empty name, a
/// theme without seeds, or two themes with the same name (case-insensitive).
///
/// ```
/// let themes = tidings_topics::parse_theme_file(
///     "[[theme]]\nname = \"Ports\"\nseeds = [\"harbour\", \"container ship\"]\n",
///     "<input>",
/// )?;
/// assert_eq!(themes[0].name, "Ports");
/// assert_eq!(themes[0].seeds.len(), 2);
/// # Ok::<(), tidings_topics::ThemeFileError>(())
/// ```
pub fn parse_theme_file(text: &str, origin: &str) -> Result<Vec<SeedTheme>, ThemeFileError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((0, 0), |s| line_col(text, s.start));
        ThemeFileError::Syntax {
            origin: origin.to_string(),
            line,
            column,
            message: e.message().to_string(),
        }
    })?;
    if raw.theme.is_empty() {
        return Err(ThemeFileError::NoThemes {
            origin: origin.to_string(),
        });
    }
    let lines = theme_lines(text);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(raw.theme.len());
    for (index, t) in raw.theme.into_iter().enumerate() {
        let line = lines.get(index).copied().unwrap_or(0);
        let name = t.name.trim().to_string();
        if name.is_empty() {
            return Err(ThemeFileError::EmptyName {
                origin: origin.to_string(),
                line,
                index: index + 1,
            });
        }
        let seeds: Vec<String> = t
            .seeds
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if seeds.is_empty() {
            return Err(ThemeFileError::NoSeeds {
                origin: origin.to_string(),
                line,
                name,
            });
        }
        if let Some(&first_line) = seen.get(&name.to_lowercase()) {
            return Err(ThemeFileError::DuplicateName {
                origin: origin.to_string(),
                line,
                first_line,
                name,
            });
        }
        seen.insert(name.to_lowercase(), line);
        out.push(SeedTheme { name, seeds });
    }
    Ok(out)
}

/// Reads and parses a theme file; see [`parse_theme_file`].
pub fn read_theme_file(path: &Path) -> Result<Vec<SeedTheme>, ThemeFileError> {
    let text = std::fs::read_to_string(path).map_err(|source| ThemeFileError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_theme_file(&text, &path.display().to_string())
}

/// A seed that matched no feature of the matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedSeed {
    /// The seeded theme's name.
    pub theme: String,
    /// The seed as the user wrote it.
    pub seed: String,
    /// In how many passages (rows) the seed's words occur together, when
    /// the caller counted them ([`explain_unmatched`]): 0 means the seed is
    /// absent from the corpus, more means it was pruned from the vocabulary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passages: Option<usize>,
    /// The vocabulary's `min_df`, when the caller gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_df: Option<u64>,
    /// Whether no seed of the theme matched, so that the theme was dropped
    /// ([`drop_unmatched_themes`]) rather than named over unrelated terms.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub theme_dropped: bool,
}

impl std::fmt::Display for UnmatchedSeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "seed {:?} of theme {:?} ", self.seed, self.theme)?;
        match (self.passages, self.min_df) {
            (Some(0), _) => write!(f, "does not occur in the corpus")?,
            (Some(n), Some(min_df)) if n < min_df as usize => write!(
                f,
                "occurs in {n} passage{}, fewer than min_df = {min_df}, so it was pruned from the vocabulary",
                if n == 1 { "" } else { "s" }
            )?,
            (Some(n), _) => write!(
                f,
                "occurs in {n} passage{} but was pruned from the vocabulary (max_df or the vocabulary cap)",
                if n == 1 { "" } else { "s" }
            )?,
            (None, _) => write!(f, "matches no term of the vocabulary")?,
        }
        if self.theme_dropped {
            write!(f, "; no seed of the theme is left, so the theme is dropped")?;
        }
        Ok(())
    }
}

/// Splits seeded themes into those with at least one seed among `features`
/// (matched as [`ThemesParams::seeded`](crate::ThemesParams::seeded) does)
/// and the seeds of the themes with none, marked
/// [`theme_dropped`](UnmatchedSeed::theme_dropped). A theme left without any
/// seed would otherwise be fitted as a free theme under the user's name,
/// over terms unrelated to it.
pub fn drop_unmatched_themes<F>(
    themes: &[SeedTheme],
    features: &[String],
    normalise: &F,
) -> (Vec<SeedTheme>, Vec<UnmatchedSeed>)
where
    F: Fn(&str) -> Vec<String>,
{
    let (columns, unmatched) = match_seeds(themes, features, normalise);
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for (theme, cols) in themes.iter().zip(&columns) {
        if cols.is_empty() {
            dropped.extend(
                unmatched
                    .iter()
                    .filter(|u| u.theme == theme.name)
                    .cloned()
                    .map(|u| UnmatchedSeed {
                        theme_dropped: true,
                        ..u
                    }),
            );
        } else {
            kept.push(theme.clone());
        }
    }
    (kept, dropped)
}

/// Counts, for each unmatched seed, the passages of `texts` in which all of
/// its words occur, and records `min_df`, so that its warning says why the
/// seed was lost: absent from the corpus, or pruned for being too rare.
/// `normalise` is the analyzer that made the vocabulary.
pub fn explain_unmatched<'a, F>(
    unmatched: &mut [UnmatchedSeed],
    texts: impl IntoIterator<Item = &'a str>,
    normalise: &F,
    min_df: u64,
) where
    F: Fn(&str) -> Vec<String>,
{
    if unmatched.is_empty() {
        return;
    }
    let wanted: Vec<Vec<String>> = unmatched.iter().map(|u| normalise(&u.seed)).collect();
    let mut counts = vec![0usize; unmatched.len()];
    for text in texts {
        let terms: std::collections::HashSet<String> = normalise(text).into_iter().collect();
        for (c, w) in counts.iter_mut().zip(&wanted) {
            if !w.is_empty() && w.iter().all(|t| terms.contains(t)) {
                *c += 1;
            }
        }
    }
    for (u, c) in unmatched.iter_mut().zip(counts) {
        u.passages = Some(c);
        u.min_df = Some(min_df);
    }
}

/// Finds the feature columns of each seeded theme.
///
/// `features` are the matrix's feature names; `normalise` turns a seed phrase
/// into the analyzer's terms, which are joined by a space and looked up among
/// the features normalised the same way. A seed also matches through its
/// single terms when the whole phrase is not a feature (for a phrase), so
/// "defence industry" can anchor on "defence" and "industry" if the bigram
/// was not kept. Seeds matching nothing are returned as warnings.
pub(crate) fn match_seeds<F>(
    themes: &[SeedTheme],
    features: &[String],
    normalise: &F,
) -> (Vec<Vec<usize>>, Vec<UnmatchedSeed>)
where
    F: Fn(&str) -> Vec<String>,
{
    let mut index: HashMap<String, usize> = HashMap::with_capacity(features.len());
    for (j, f) in features.iter().enumerate() {
        index.entry(f.clone()).or_insert(j);
        index.entry(f.to_lowercase()).or_insert(j);
        let norm = normalise(f).join(" ");
        if !norm.is_empty() {
            index.entry(norm).or_insert(j);
        }
    }
    let mut columns = Vec::with_capacity(themes.len());
    let mut unmatched = Vec::new();
    for theme in themes {
        let mut cols: Vec<usize> = Vec::new();
        for seed in &theme.seeds {
            let terms = normalise(seed);
            let phrase = terms.join(" ");
            let direct = [phrase.as_str(), seed.as_str(), &seed.to_lowercase()]
                .iter()
                .find_map(|k| index.get(*k).copied());
            let found: Vec<usize> = match direct {
                Some(j) => vec![j],
                None if terms.len() > 1 => {
                    terms.iter().filter_map(|t| index.get(t).copied()).collect()
                }
                None => Vec::new(),
            };
            if found.is_empty() {
                unmatched.push(UnmatchedSeed {
                    theme: theme.name.clone(),
                    seed: seed.clone(),
                    passages: None,
                    min_df: None,
                    theme_dropped: false,
                });
            }
            for j in found {
                if !cols.contains(&j) {
                    cols.push(j);
                }
            }
        }
        columns.push(cols);
    }
    (columns, unmatched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_problem_and_line() {
        let dup = "[[theme]]\nname = \"A\"\nseeds = [\"x\"]\n\n[[theme]]\nname = \"a\"\nseeds = [\"y\"]\n";
        match parse_theme_file(dup, "t.toml") {
            Err(ThemeFileError::DuplicateName {
                line, first_line, ..
            }) => assert_eq!((line, first_line), (5, 1)),
            other => panic!("unexpected {other:?}"),
        }
        let no_seeds = "[[theme]]\nname = \"A\"\nseeds = [\"x\"]\n[[theme]]\nname = \"B\"\n";
        match parse_theme_file(no_seeds, "t.toml") {
            Err(ThemeFileError::NoSeeds { line, name, .. }) => {
                assert_eq!((line, name.as_str()), (4, "B"))
            }
            other => panic!("unexpected {other:?}"),
        }
        let syntax = "[[theme]]\nname = \"A\"\nseeds = [\"x\",\n";
        match parse_theme_file(syntax, "t.toml") {
            Err(ThemeFileError::Syntax { line, origin, .. }) => {
                assert!(line >= 3, "line {line}");
                assert_eq!(origin, "t.toml");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            parse_theme_file("", "t.toml"),
            Err(ThemeFileError::NoThemes { .. })
        ));
        assert!(matches!(
            parse_theme_file("[[theme]]\nname = \" \"\nseeds = [\"x\"]\n", "t.toml"),
            Err(ThemeFileError::EmptyName { index: 1, .. })
        ));
        assert!(matches!(
            parse_theme_file("[[theme]]\nname = \"A\"\nsedes = [\"x\"]\n", "t.toml"),
            Err(ThemeFileError::Syntax { .. })
        ));
    }

    #[test]
    fn seeds_match_through_the_normaliser() {
        let themes = vec![SeedTheme {
            name: "T".into(),
            seeds: vec![
                "Terrorists".into(),
                "missing".into(),
                "Defence Industry".into(),
            ],
        }];
        let features: Vec<String> = vec!["terrorist".into(), "defence".into(), "industry".into()];
        let norm = |s: &str| -> Vec<String> {
            s.split_whitespace()
                .map(|w| w.to_lowercase().trim_end_matches('s').to_string())
                .collect()
        };
        let (cols, unmatched) = match_seeds(&themes, &features, &norm);
        assert_eq!(cols, vec![vec![0, 1, 2]]);
        assert_eq!(unmatched.len(), 1);
        assert_eq!(unmatched[0].seed, "missing");
        assert!(unmatched[0].to_string().contains("\"missing\""));
    }

    /// Issue 14: a theme whose seeds were all pruned is dropped, and the
    /// warning says the seed occurs but was too rare.
    #[test]
    fn pruned_seeds_drop_their_theme_and_say_why() {
        let norm =
            |s: &str| -> Vec<String> { s.split_whitespace().map(|w| w.to_lowercase()).collect() };
        let themes = vec![
            SeedTheme {
                name: "Cyber security".into(),
                seeds: vec!["cyber".into(), "ransomware".into()],
            },
            SeedTheme {
                name: "Defence".into(),
                seeds: vec!["defence".into()],
            },
        ];
        let features = vec!["defence".to_string(), "france".to_string()];
        let (kept, mut dropped) = drop_unmatched_themes(&themes, &features, &norm);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].name, "Defence");
        assert_eq!(dropped.len(), 2);
        assert!(dropped.iter().all(|u| u.theme_dropped));
        let texts = ["cyber attacks on France", "a cyber summit", "defence talks"];
        explain_unmatched(&mut dropped, texts, &norm, 5);
        let cyber = dropped[0].to_string();
        assert!(
            cyber.contains("occurs in 2 passages, fewer than min_df = 5"),
            "{cyber}"
        );
        assert!(cyber.contains("the theme is dropped"), "{cyber}");
        assert!(!cyber.contains("matches no term"), "{cyber}");
        let ransomware = dropped[1].to_string();
        assert!(
            ransomware.contains("does not occur in the corpus"),
            "{ransomware}"
        );
    }
}
