//! Readable theme labels from surface forms, scored by class-based TF-IDF.

use std::collections::{BTreeMap, HashSet};

use ndarray::Array2;

/// Indices of the `n` largest values of `row`, ties broken by index.
pub(crate) fn top_indices(row: ndarray::ArrayView1<'_, f64>, n: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..row.len()).filter(|&j| row[j] > 0.0).collect();
    idx.sort_by(|&a, &b| row[b].total_cmp(&row[a]).then(a.cmp(&b)));
    idx.truncate(n);
    idx
}

/// Whether label `a` contains a form of every word of `b` ("general
/// election / voters" contains "election", "nuclear-weapon" contains
/// "nuclear weapons"; see [`related`]), or is a near duplicate of it.
fn contains_label(a: &str, b: &str) -> bool {
    near_duplicate(a, b) || forms_of(b, a)
}

/// Whether every word of label `a` is a form of a word of label `b`
/// ("nuclear weapons" of "nuclear-weapon"; see [`related`]).
fn forms_of(a: &str, b: &str) -> bool {
    let (ta, tb) = (tokens(a), tokens(b));
    !ta.is_empty() && ta.iter().all(|w| tb.iter().any(|v| related(v, w)))
}

/// Lower-cased word tokens of a label, for the near-duplicate check.
fn tokens(label: &str) -> HashSet<String> {
    label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether two labels share at least half of their tokens (Jaccard ≥ 0.5),
/// or are one compound written two ways ("peace-keeping operations",
/// "peacekeeping operations"; see [`run_together`]).
pub(crate) fn near_duplicate(a: &str, b: &str) -> bool {
    let joined = run_together(a);
    if !joined.is_empty() && joined == run_together(b) {
        return true;
    }
    let (ta, tb) = (tokens(a), tokens(b));
    if ta.is_empty() || tb.is_empty() {
        return a.eq_ignore_ascii_case(b);
    }
    let inter = ta.intersection(&tb).count() as f64;
    let union = ta.union(&tb).count() as f64;
    inter / union >= 0.5
}

/// The words of a feature: its whitespace-separated parts, lower-cased and
/// stripped of surrounding punctuation. A hyphenated compound
/// ("counter-terrorism", "Indo-Pacific") is one word.
fn words(feature: &str) -> Vec<String> {
    feature
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether a feature reads as a phrase: several words ("defence
/// industry", "free and open Indo-Pacific").
pub(crate) fn is_phrase(feature: &str) -> bool {
    words(feature).len() >= 2
}

/// Characters of a lower-cased word that name its family: inflected and
/// derived forms ("terrorism", "terrorist"; "industry", "industrial") share
/// a family.
const FAMILY_PREFIX: usize = 7;

/// Whether two lower-cased words look like forms of one word, by a test
/// looser than the family key, for telling two themes apart: they share
/// [`FAMILY_PREFIX`] characters, or all but at most two characters of the
/// shorter ("game", "gamers"; "economy", "economic").
fn related(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    common >= FAMILY_PREFIX.min(shorter) || (common >= 4 && shorter - common <= 2)
}

/// A word family among a theme's label candidates.
struct Family {
    /// The family's key (see [`FAMILY_PREFIX`]).
    key: String,
    /// Summed weight of the single-word candidates of the family.
    score: f64,
    /// The candidates containing one of its words (phrases too), strongest
    /// first.
    members: Vec<usize>,
}

/// The family keys of every candidate's words.
fn families_of(cands: &[usize], features: &[String]) -> Vec<HashSet<String>> {
    cands
        .iter()
        .map(|&j| {
            features.get(j).map_or_else(HashSet::new, |f| {
                words(f)
                    .into_iter()
                    .map(|w| w.chars().take(FAMILY_PREFIX).collect())
                    .collect()
            })
        })
        .collect()
}

/// The label candidates of theme `t` grouped by word family, strongest
/// family first. A family's score is the summed weight of its single-word
/// candidates, so a theme spoken of in several forms ("terrorism",
/// "terrorist") outranks a single word of the same weight; phrases add
/// nothing, so a word is not counted again for every phrase it is in.
fn word_families(
    weights: &Array2<f64>,
    t: usize,
    cands: &[usize],
    features: &[String],
) -> Vec<Family> {
    let keys = families_of(cands, features);
    let mut families: BTreeMap<&str, f64> = BTreeMap::new();
    for (&j, ks) in cands.iter().zip(&keys) {
        let single = ks.len() == 1 && features.get(j).is_some_and(|f| !is_phrase(f));
        for k in ks {
            let score = families.entry(k.as_str()).or_default();
            if single {
                *score += weights[[t, j]];
            }
        }
    }
    let mut order: Vec<(&str, f64)> = families.into_iter().collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    order
        .into_iter()
        .map(|(key, score)| Family {
            key: key.to_string(),
            score,
            members: cands
                .iter()
                .zip(&keys)
                .filter(|(_, ks)| ks.contains(key))
                .map(|(&j, _)| j)
                .collect(),
        })
        .collect()
}

/// Key terms shown beside a label: two or three, as the issue asks; three
/// fills a table cell without crowding it.
pub(crate) const KEY_TERMS: usize = 3;

/// Label settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LabelConfig {
    /// Terms considered per theme: its strongest terms by weight.
    pub(crate) candidates: usize,
    /// A multiword phrase wins when the weakest family among its words
    /// scores at least this share of the strongest family.
    pub(crate) phrase_ratio: f64,
    /// Key terms shown beside each label.
    pub(crate) key_terms: usize,
    /// Whether the themes named are broad ones (see [`choose_names`]).
    pub(crate) broad: bool,
}

/// A theme's name: its label and the key terms shown beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ThemeName {
    /// The label: a seeded theme's name, or the theme's best-weighted
    /// phrase or word.
    pub(crate) label: String,
    /// Strong terms of other word families than the label's, strongest
    /// first.
    pub(crate) key_terms: Vec<String>,
}

/// The candidates of theme `t`: its strongest `n` allowed terms by weight,
/// ties broken by exclusivity, then by index.
fn candidates(
    weights: &Array2<f64>,
    exclusivity: &Array2<f64>,
    t: usize,
    n: usize,
    allowed: &[bool],
) -> Vec<usize> {
    let row = weights.row(t);
    let mut idx: Vec<usize> = (0..row.len())
        .filter(|&j| row[j] > 0.0 && allowed.get(j).copied().unwrap_or(true))
        .collect();
    let excl = |j: usize| exclusivity.get([t, j]).copied().unwrap_or(0.0);
    idx.sort_by(|&a, &b| {
        row[b]
            .total_cmp(&row[a])
            .then(excl(b).total_cmp(&excl(a)))
            .then(a.cmp(&b))
    });
    idx.truncate(n);
    idx
}

/// Whether a feature's surface form is a proper name: every word starts
/// with an upper-case letter ("Emmanuel Macron", "Middle East").
fn is_proper_name(feature: &str) -> bool {
    let mut words = feature
        .split([' ', '-'])
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .peekable();
    words.peek().is_some()
        && words.all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
}

/// Names every theme from its term weights (`weights`: themes × features,
/// the fitted components). `fixed[t]` holds the names of seeded themes,
/// which are kept as they are and reserved first. Terms with
/// `allowed[j] == false` (general language) never name a theme; an empty
/// `allowed` allows every term.
///
/// The label names the theme's substance, not a rare exclusive phrase: the
/// candidates are the theme's strongest terms by weight, the written forms
/// of one compound counted as one ("civil service", "civil-service"; see
/// [`merge_compound_forms`]), grouped into word families ("terrorism",
/// "terrorist", "counter-terrorism") whose score is the summed weight of
/// their members. The label is the theme's
/// best-weighted term when that is a phrase outweighing every family
/// ("human rights"); else the best-weighted word of the strongest family,
/// or a phrase that contains that family and whose every word belongs to
/// a strong family ("defence industry"). Exclusivity
/// (FREX's share of a term's weight that falls in the theme) only breaks
/// ties between equal weights. A proper name ("Emmanuel Macron") is subject
/// to the same rule, so a person names a theme only when the theme is about
/// that person. No two themes share a label: a theme whose substance another
/// has is named by it and a second, exclusive term ("Middle East / Israel").
///
/// With [`LabelConfig::broad`], the unnamed rows are broad themes and the
/// named ones (`fixed`) their fine themes: a broad theme is named by its
/// subject even when a fine theme has that name ("rugby / Six Nations", not
/// the weaker "coach"), except that a proper name a fine theme has does not
/// name the whole ("doping", not "Victor Conte").
pub(crate) fn choose_names(
    weights: &Array2<f64>,
    features: &[String],
    fixed: &[Option<String>],
    allowed: &[bool],
    cfg: LabelConfig,
) -> Vec<ThemeName> {
    let weights = merge_compound_forms(weights, features, allowed);
    choose_names_reserving(&weights, features, fixed, allowed, cfg, &[])
}

/// The key that tells the written forms of one compound apart from other
/// terms: the lower-cased letters and digits, without the spaces and
/// hyphens between them ("civil service", "civil-service"; "peace-keeping",
/// "peacekeeping"). `None` for a term without a space or hyphen inside.
fn compound_key(feature: &str) -> Option<String> {
    let inner = feature.trim_matches(|c: char| !c.is_alphanumeric());
    inner.contains([' ', '-']).then(|| run_together(inner))
}

/// A term's letters and digits run together, lower-cased: its
/// [`compound_key`] whether or not it is written as a compound.
fn run_together(feature: &str) -> String {
    feature
        .trim_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .filter(|c| *c != ' ' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// `weights` with the written forms of one compound counted as one term: a
/// writer spells "civil service" and "civil-service", "peace-keeping" and
/// "peacekeeping", and a vectorizer makes a feature of each, splitting the
/// compound's weight between them. See [`compound_forms`] for which
/// features are forms of one compound and [`merge_forms`] for the merge.
/// Only labels read the merged weights; a theme's terms are its own.
fn merge_compound_forms<'w>(
    weights: &'w Array2<f64>,
    features: &[String],
    allowed: &[bool],
) -> std::borrow::Cow<'w, Array2<f64>> {
    merge_forms(weights, &compound_forms(features, allowed))
}

/// The features that are written forms of one compound, in groups of two
/// or more: their lower-cased letters and digits are the same once spaces
/// and hyphens are dropped ([`run_together`]), and at least one of them has
/// a space or a hyphen inside ([`compound_key`]), so they differ in nothing
/// else. Terms not `allowed` are left out.
fn compound_forms(features: &[String], allowed: &[bool]) -> Vec<Vec<usize>> {
    let mut forms: BTreeMap<String, (Vec<usize>, bool)> = BTreeMap::new();
    for (j, f) in features.iter().enumerate() {
        if !allowed.get(j).copied().unwrap_or(true) {
            continue;
        }
        let key = run_together(f);
        if key.is_empty() {
            continue;
        }
        let (js, spaced) = forms.entry(key).or_default();
        js.push(j);
        *spaced |= compound_key(f).is_some();
    }
    forms
        .into_values()
        .filter(|(js, spaced)| *spaced && js.len() > 1)
        .map(|(js, _)| js)
        .collect()
}

/// `weights` with every group of `forms` counted as one term: in every
/// row, the group's weights are summed onto its best-weighted form (the
/// first of equals) and the others set to zero, so that the compound
/// competes for the label with its whole weight, under the form the theme
/// uses most.
fn merge_forms<'w>(
    weights: &'w Array2<f64>,
    forms: &[Vec<usize>],
) -> std::borrow::Cow<'w, Array2<f64>> {
    let ncols = weights.ncols();
    let forms: Vec<&Vec<usize>> = forms
        .iter()
        .filter(|js| js.iter().all(|&j| j < ncols))
        .collect();
    if forms.is_empty() {
        return std::borrow::Cow::Borrowed(weights);
    }
    let mut merged = weights.clone();
    for mut row in merged.rows_mut() {
        for js in &forms {
            let total: f64 = js.iter().map(|&j| row[j]).sum();
            let best = js
                .iter()
                .copied()
                .reduce(|a, b| if row[b] > row[a] { b } else { a });
            if let Some(best) = best {
                for &j in js.iter() {
                    row[j] = if j == best { total } else { 0.0 };
                }
            }
        }
    }
    std::borrow::Cow::Owned(merged)
}

/// [`choose_names`], with `reserved` labels that no theme may take (nor a
/// near duplicate of them): the names broader themes claim from their own
/// fine themes (see [`natural_broad_labels`]).
fn choose_names_reserving(
    weights: &Array2<f64>,
    features: &[String],
    fixed: &[Option<String>],
    allowed: &[bool],
    cfg: LabelConfig,
    reserved: &[String],
) -> Vec<ThemeName> {
    let k = weights.nrows();
    let exclusivity = exclusivity_for(weights, fixed, cfg);
    let mut taken: Vec<String> = fixed.iter().flatten().cloned().collect();
    taken.extend(reserved.iter().cloned());
    let mut names = Vec::with_capacity(k);
    for t in 0..k {
        let c = candidates_of(weights, &exclusivity, t, features, allowed, cfg);
        let label = match fixed.get(t) {
            Some(Some(fixed)) => fixed.clone(),
            _ => {
                let label = discovered_label(&c, features, &taken, cfg);
                // Exact repeats are impossible by construction, but the
                // fallback can meet a seeded name: number it apart.
                let mut unique = label.clone();
                let mut n = 2;
                while taken.iter().any(|u| u.eq_ignore_ascii_case(&unique)) {
                    unique = format!("{label} ({n})");
                    n += 1;
                }
                unique
            }
        };
        let key_terms = key_terms_beside(&label, &c.cands, &c.keys, features, cfg.key_terms);
        taken.push(label.clone());
        names.push(ThemeName { label, key_terms });
    }
    names
}

/// Completes two-word proper names cut from a longer one. Phrases are at most
/// two words (the vectorizer's default n-grams), so "Papua New Guinea" is
/// the features "Papua New" and "New Guinea", and "Millennium Development
/// Goals" is "Millennium Development" and "Development Goals": a label
/// "Papua New" is a fragment a reader has to complete. When a theme's label
/// is a two-word proper name and one of its candidates (its strongest
/// allowed terms) is a two-word proper name that overlaps it by a word
/// ("New Guinea" after "Papua New"), and the two occur together
/// (`together`: in most of the passages that have either), the label is the
/// three words, and its key terms are chosen again beside it. Only proper
/// names are joined: a name is written whole every time, while a phrase
/// that shares a word and the passages with a name ("Straw said" with "Mr
/// Straw"), or two terms of a table ("cts oper", "oper net"), are seldom
/// one phrase with it. The strongest such candidate is taken; none is taken
/// when the longer label would repeat (see [`near_duplicate`]) another
/// theme's label or one of `reserved`. `weights`, `fixed`, `allowed` and
/// `cfg` are those the names were chosen with ([`choose_names`]), so the
/// candidates are the same; rows with a `fixed` name (seeded themes) are
/// kept as they are.
#[allow(clippy::too_many_arguments)]
pub(crate) fn complete_phrases<F>(
    names: &mut [ThemeName],
    weights: &Array2<f64>,
    features: &[String],
    fixed: &[Option<String>],
    allowed: &[bool],
    cfg: LabelConfig,
    reserved: &[String],
    together: F,
) where
    F: Fn(usize, usize) -> bool,
{
    // The candidates `choose_names` read: the compound forms merged, ties
    // broken by the same exclusivity.
    let weights = &*merge_compound_forms(weights, features, allowed);
    let exclusivity = exclusivity_for(weights, fixed, cfg);
    for t in 0..names.len().min(weights.nrows()) {
        if fixed.get(t).is_some_and(Option::is_some) {
            continue;
        }
        let label = names[t].label.clone();
        let label_words: Vec<&str> = label.split_whitespace().collect();
        let [first, last] = label_words[..] else {
            continue;
        };
        if !is_proper_name(&label) {
            continue;
        }
        let c = candidates_of(weights, &exclusivity, t, features, allowed, cfg);
        let cands = &c.cands;
        let Some(&own) = cands.iter().find(|&&j| features.get(j) == Some(&label)) else {
            continue;
        };
        let same = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
        let longer = cands.iter().find_map(|&j| {
            let f = features.get(j)?;
            let w: Vec<&str> = f.split_whitespace().collect();
            let [a, b] = w[..] else { return None };
            if !is_proper_name(f) {
                return None;
            }
            let longer = if same(a, last) && !same(b, first) {
                format!("{label} {b}")
            } else if same(b, first) && !same(a, last) {
                format!("{a} {label}")
            } else {
                return None;
            };
            let repeats = names
                .iter()
                .enumerate()
                .filter(|&(o, _)| o != t)
                .map(|(_, n)| n.label.as_str())
                .chain(reserved.iter().map(String::as_str))
                .any(|o| near_duplicate(o, &longer));
            (!repeats && together(own, j)).then_some(longer)
        });
        if let Some(longer) = longer {
            // The key terms are chosen again: those the longer label now
            // names go ("Guinea"), and the next ones come in.
            names[t].key_terms = key_terms_beside(&longer, cands, &c.keys, features, cfg.key_terms);
            names[t].label = longer;
        }
    }
}

/// The key terms shown beside `label`: the strongest candidates (`cands`,
/// whose family keys are `keys`) of families the label does not already
/// name, one per family, at most `n`.
fn key_terms_beside(
    label: &str,
    cands: &[usize],
    keys: &[HashSet<String>],
    features: &[String],
    n: usize,
) -> Vec<String> {
    let mut used: HashSet<String> = words(label)
        .into_iter()
        .map(|w| w.chars().take(FAMILY_PREFIX).collect())
        .collect();
    let mut key_terms = Vec::new();
    for (&j, ks) in cands.iter().zip(keys) {
        if key_terms.len() >= n {
            break;
        }
        if ks.is_empty() || ks.iter().any(|k| used.contains(k)) {
            continue;
        }
        used.extend(ks.iter().cloned());
        key_terms.push(features.get(j).cloned().unwrap_or_default());
    }
    key_terms
}

/// The FREX exclusivity the labels of `weights`' rows are scored with.
/// Broad themes are told apart from one another, not from the fine themes
/// they are made of (the named rows): against those, the terms of one child
/// would look the most exclusive.
fn exclusivity_for(
    weights: &Array2<f64>,
    fixed: &[Option<String>],
    cfg: LabelConfig,
) -> Array2<f64> {
    if cfg.broad {
        let k = weights.nrows();
        let open: Vec<usize> = (0..k)
            .filter(|&t| fixed.get(t).is_none_or(Option::is_none))
            .collect();
        let sub = crate::quality::exclusivity_matrix(&weights.select(ndarray::Axis(0), &open));
        let mut all = Array2::zeros(weights.raw_dim());
        for (row, &t) in sub.rows().into_iter().zip(&open) {
            all.row_mut(t).assign(&row);
        }
        all
    } else {
        crate::quality::exclusivity_matrix(weights)
    }
}

/// Row `t`'s label candidates, their word families and family keys.
fn candidates_of<'a>(
    weights: &'a Array2<f64>,
    exclusivity: &'a Array2<f64>,
    t: usize,
    features: &[String],
    allowed: &[bool],
    cfg: LabelConfig,
) -> Candidates<'a> {
    let cands = candidates(weights, exclusivity, t, cfg.candidates, allowed);
    Candidates {
        weights,
        exclusivity,
        t,
        families: word_families(weights, t, &cands, features),
        keys: families_of(&cands, features),
        cands,
    }
}

/// The name each broad theme (the rows of `weights` without a `fixed`
/// name, as in [`choose_names`] with [`LabelConfig::broad`]) goes by when
/// no other theme's name is in the way: its profile's label with nothing
/// taken. `None` for a named row, and for a proper name, which names one
/// fine theme and not the whole (see [`choose_names`]).
fn natural_broad_labels(
    weights: &Array2<f64>,
    features: &[String],
    fixed: &[Option<String>],
    allowed: &[bool],
    cfg: LabelConfig,
) -> Vec<Option<String>> {
    let exclusivity = exclusivity_for(weights, fixed, cfg);
    let fine = LabelConfig {
        broad: false,
        ..cfg
    };
    (0..weights.nrows())
        .map(|t| {
            if fixed.get(t).is_some_and(Option::is_some) {
                return None;
            }
            let c = candidates_of(weights, &exclusivity, t, features, allowed, cfg);
            let natural = discovered_label(&c, features, &[], fine);
            (!is_proper_name(&natural)).then_some(natural)
        })
        .collect()
}

/// The fine themes' names (`names`, of the rows of `fine`), renamed where
/// a broad theme claims a name from its own fine themes. `weights` holds
/// the broad themes' profiles (one row per `members` entry) above `fine`.
///
/// The name a subject goes by belongs to the broadest theme about it, as a
/// reader names a section "rugby" and its parts "Six Nations" and "Lions":
/// when a broad theme's natural name ([`natural_broad_labels`]) is held
/// only by discovered fine themes among its `members`, those are named
/// again with it reserved ([`choose_names_reserving`]), which leaves it to
/// the broad theme; every other fine theme keeps its name.
///
/// Not claimed: a name held by a fine theme of another broad theme, or by
/// a seeded one (`fixed[t]`, never renamed); a name two broad themes go by;
/// a name a fine theme holds within a phrase ("prime rate" under "rate"),
/// which is narrower than the broad theme. A claim is dropped when a fine
/// theme finds no other name of its own and keeps the claimed one, or its
/// old one, with a second term ("film / festival" under "film" would tell
/// nothing apart). Then the broad theme is told apart as before.
#[allow(clippy::too_many_arguments)]
pub(crate) fn claim_broad_names(
    weights: &Array2<f64>,
    fine: &Array2<f64>,
    members: &[Vec<usize>],
    names: Vec<ThemeName>,
    features: &[String],
    fixed: &[Option<String>],
    allowed: &[bool],
    cfg: LabelConfig,
) -> Vec<ThemeName> {
    let groups = members.len();
    if weights.nrows() != groups + names.len() || fine.nrows() != names.len() {
        return names;
    }
    let forms = compound_forms(features, allowed);
    let (weights, fine) = (merge_forms(weights, &forms), merge_forms(fine, &forms));
    let (weights, fine) = (&*weights, &*fine);
    let mut named: Vec<Option<String>> = vec![None; groups];
    named.extend(names.iter().map(|n| Some(n.label.clone())));
    let broad = LabelConfig { broad: true, ..cfg };
    let natural = natural_broad_labels(weights, features, &named, allowed, broad);
    let mut claimed: Vec<String> = Vec::new();
    for (g, name) in natural.iter().enumerate().take(groups) {
        let Some(name) = name else { continue };
        // Another broad theme goes by the same name: whichever claimed it,
        // the first one named would take it.
        let contested =
            natural.iter().enumerate().take(groups).any(|(o, other)| {
                o != g && other.as_ref().is_some_and(|o| near_duplicate(o, name))
            });
        if contested || claimed.iter().any(|c| near_duplicate(c, name)) {
            continue;
        }
        let own = members.get(g).map_or(&[][..], Vec::as_slice);
        let mut holders = names
            .iter()
            .enumerate()
            .filter(|(_, n)| near_duplicate(&n.label, name))
            .map(|(t, _)| t)
            .peekable();
        let discovered = |t: usize| fixed.get(t).is_none_or(Option::is_none);
        // A fine theme named by a phrase with the word ("prime rate" for
        // "rate") is more specific than the broad theme, and keeps it.
        let no_narrower = |t: usize| names.get(t).is_some_and(|n| forms_of(&n.label, name));
        if holders.peek().is_some()
            && holders.all(|t| discovered(t) && no_narrower(t) && own.contains(&t))
        {
            claimed.push(name.clone());
        }
    }
    while !claimed.is_empty() {
        // Only the fine themes holding a claimed name are named again; every
        // other keeps its name (as if fixed), so none is pushed off it.
        let holds = |label: &str| claimed.iter().any(|c| near_duplicate(label, c));
        let locked: Vec<Option<String>> = names
            .iter()
            .enumerate()
            .map(|(t, n)| match fixed.get(t) {
                Some(Some(f)) => Some(f.clone()),
                _ if !holds(&n.label) => Some(n.label.clone()),
                _ => None,
            })
            .collect();
        let again = choose_names_reserving(fine, features, &locked, allowed, cfg, &claimed);
        // A holder renamed to the claimed name, or to its old one, with a
        // second term has no other name of its own.
        let before = claimed.len();
        claimed.retain(|c| {
            !names.iter().zip(&again).any(|(old, new)| {
                near_duplicate(&old.label, c)
                    && (contains_label(&new.label, c) || forms_of(&old.label, &new.label))
            })
        });
        if claimed.len() == before {
            return again;
        }
    }
    names
}

/// One theme's label candidates: their indices (strongest first), their
/// words' family keys, and the families.
struct Candidates<'a> {
    weights: &'a Array2<f64>,
    /// FREX exclusivity of every theme's terms.
    exclusivity: &'a Array2<f64>,
    t: usize,
    cands: Vec<usize>,
    keys: Vec<HashSet<String>>,
    families: Vec<Family>,
}

/// The label of a discovered theme (see [`choose_names`]).
fn discovered_label(
    c: &Candidates<'_>,
    features: &[String],
    taken: &[String],
    cfg: LabelConfig,
) -> String {
    let Candidates {
        weights,
        t,
        cands,
        keys,
        families,
        ..
    } = c;
    let t = *t;
    let name = |j: usize| features.get(j).cloned().unwrap_or_default();
    let free = |label: &str| !taken.iter().any(|u| near_duplicate(u, label));
    let Some(top) = families.first() else {
        return format!("theme {}", t + 1);
    };
    let fine = LabelConfig {
        broad: false,
        ..cfg
    };
    if cfg.broad {
        // A broad theme keeps the name its subject goes by, told apart
        // from the fine theme that has it by a second term, rather than
        // falling back on a weaker word of its profile ("coach" for rugby).
        // A proper name is the exception: a broad theme spans several fine
        // ones, so a name one of them has ("Victor Conte") is not what the
        // whole is about, and a common word of the profile ("doping") is.
        let natural = discovered_label(c, features, &[], fine);
        if free(&natural) {
            return natural;
        }
        if !is_proper_name(&natural) {
            return told_apart(c, features, &natural, taken, cfg);
        }
        return discovered_label(c, features, taken, fine);
    }
    let family_score = |key: &String| {
        families
            .iter()
            .find(|fam| &fam.key == key)
            .map_or(0.0, |fam| fam.score)
    };
    // The theme's best-weighted term, when it is a phrase that outweighs
    // even the strongest family: then the phrase is the substance, and its
    // words rarely stand alone among the candidates ("human rights", whose
    // words score next to nothing as single words, beside a family such
    // as "Commissioner, Commission" that only names an office).
    if let Some(&first) = cands.first() {
        let f = name(first);
        if is_phrase(&f) && weights[[t, first]] > top.score && free(&f) {
            return f;
        }
    }
    // A phrase that names the main family, when each of its words belongs
    // to a strong family ("defence industrial"; not "statement said"), or
    // when the phrase is itself strong, the usual form of the main word in
    // this theme ("Emmanuel Macron" where "Macron" is the main word). Both
    // use the phrase rule's share of the main family.
    let phrase = cands.iter().zip(keys).find_map(|(&j, ks)| {
        let f = name(j);
        let weakest = ks.iter().map(family_score).fold(f64::INFINITY, f64::min);
        let strong_words = weakest.is_finite() && weakest >= cfg.phrase_ratio * top.score;
        let strong_phrase = weights[[t, j]] >= cfg.phrase_ratio * top.score;
        (is_phrase(&f) && ks.contains(&top.key) && (strong_words || strong_phrase) && free(&f))
            .then_some(f)
    });
    if let Some(phrase) = phrase {
        return phrase;
    }
    // The best-weighted word of the strongest family whose words are free.
    // A weaker family may name the theme only while it is still strong (the
    // phrase rule's share of the main family); a proper name only when its
    // family is the main one.
    for fam in families {
        if fam.score < cfg.phrase_ratio * top.score {
            break;
        }
        let word = fam
            .members
            .iter()
            .map(|&j| name(j))
            .find(|f| !is_phrase(f) && free(f) && (fam.key == top.key || !is_proper_name(f)));
        if let Some(word) = word {
            return word;
        }
    }
    // The substance is taken by another theme.
    let head = discovered_label(c, features, &[], cfg);
    told_apart(c, features, &head, taken, cfg)
}

/// `head`, a name another theme has, joined with a free candidate of
/// another word, which tells the two themes apart ("Middle East /
/// Israel"): of the first [`LabelConfig::key_terms`] such candidates by
/// weight, the most exclusive to this theme, since telling apart is what
/// exclusivity measures ("congratulate / election", not the "Mr" of every
/// opening address).
fn told_apart(
    c: &Candidates<'_>,
    features: &[String],
    head: &str,
    taken: &[String],
    cfg: LabelConfig,
) -> String {
    let free = |label: &str| !taken.iter().any(|u| near_duplicate(u, label));
    let head_words = words(head);
    let apart = |f: &str| {
        words(f)
            .iter()
            .all(|w| head_words.iter().all(|h| !related(w, h)))
    };
    let excl = |j: usize| c.exclusivity.get([c.t, j]).copied().unwrap_or(0.0);
    c.cands
        .iter()
        .filter(|&&j| features.get(j).is_some_and(|f| apart(f) && free(f)))
        .take(cfg.key_terms.max(1))
        // The first of equals wins (`max_by` would keep the last).
        .fold(None, |best: Option<&usize>, j| match best {
            Some(b) if excl(*b) >= excl(*j) => Some(b),
            _ => Some(j),
        })
        .and_then(|&j| features.get(j))
        .map_or_else(
            || format!("{head} ({})", c.t + 1),
            |f| format!("{head} / {f}"),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    const CFG: LabelConfig = LabelConfig {
        candidates: 10,
        phrase_ratio: 0.5,
        key_terms: 3,
        broad: false,
    };

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn labels_name_the_substance_not_a_rare_phrase() {
        // An army-and-navy theme: "army" and "navy" carry the weight; the
        // exclusive phrase "enlisted men" is rare.
        let features = strings(&["army", "navy", "enlisted men", "officers", "military"]);
        let weights = array![[1.0, 0.9, 0.2, 0.6, 0.5], [0.0, 0.0, 0.0, 0.1, 0.0]];
        let names = choose_names(&weights, &features, &[None, None], &[], CFG);
        assert_eq!(names[0].label, "army");
        assert_eq!(names[0].key_terms, ["navy", "officers", "military"]);
    }

    #[test]
    fn the_written_forms_of_a_compound_count_as_one_term() {
        // "civil service" and "civil-service" split the compound's weight:
        // either alone weighs less than the family of "commissioners" and
        // "commission", together more.
        let features = strings(&[
            "civil service",
            "commissioners",
            "commission",
            "civil-service",
            "appointed",
        ]);
        let weights = array![[0.6, 0.5, 0.4, 0.5, 0.3]];
        let names = choose_names(&weights, &features, &[None], &[], CFG);
        assert_eq!(names[0].label, "civil service");
        // The other form is no key term of its own.
        assert_eq!(names[0].key_terms, ["commissioners", "appointed"]);
        // A general-language form is left alone.
        let names = choose_names(
            &weights,
            &features,
            &[None],
            &[true, true, true, false, true],
            CFG,
        );
        assert_eq!(names[0].label, "commissioners");
        assert_eq!(compound_key("peace-keeping"), Some("peacekeeping".into()));
        assert_eq!(compound_key("Civil Service"), Some("civilservice".into()));
        // A word with no space or hyphen is a compound's form only beside
        // a spaced or hyphenated one.
        assert_eq!(compound_key("peacekeeping"), None);
        assert_eq!(run_together("peacekeeping"), "peacekeeping");
    }

    #[test]
    fn two_themes_are_not_named_by_one_compound_written_two_ways() {
        // The older spelling names one theme, the newer another: they are
        // one name, so the second theme is named by its own next term.
        let features = strings(&[
            "peace-keeping operations",
            "peacekeeping operations",
            "peacebuilding",
            "troops",
        ]);
        let weights = array![[1.0, 0.0, 0.0, 0.5], [0.0, 1.0, 0.7, 0.2]];
        let names = choose_names(&weights, &features, &[None, None], &[], CFG);
        assert_eq!(names[0].label, "peace-keeping operations");
        assert!(
            !names[1].label.contains("peacekeeping operations"),
            "{}",
            names[1].label
        );
    }

    #[test]
    fn a_proper_name_cut_in_two_is_completed() {
        let features = strings(&[
            "Papua New",
            "New Guinea",
            "South Pacific",
            "Guinea",
            "Straw said",
            "Mr Straw",
        ]);
        let weights = array![
            [1.0, 0.9, 0.5, 0.4, 0.0, 0.0],
            [0.0, 0.0, 0.0, 0.0, 0.9, 1.0]
        ];
        let names = choose_names(&weights, &features, &[None, None], &[], CFG);
        assert_eq!(names[0].label, "Papua New");
        assert_eq!(names[1].label, "Mr Straw");
        // The labels after completion, with `reserved` names and the two
        // phrases occurring `together` or apart.
        let complete = |reserved: &[String], together: bool| {
            let mut joined = names.clone();
            let same_passages = |_: usize, _: usize| together;
            complete_phrases(
                &mut joined,
                &weights,
                &features,
                &[],
                &[],
                CFG,
                reserved,
                same_passages,
            );
            joined
        };
        let joined = complete(&[], true);
        // The name is completed, and its key terms are chosen again.
        assert_eq!(joined[0].label, "Papua New Guinea");
        assert_eq!(joined[0].key_terms, ["South Pacific"]);
        // "Straw said" is no name: it is not joined to one.
        assert_eq!(joined[1].label, "Mr Straw");
        // Not when the phrases occur apart, nor when the longer name is
        // another's.
        assert_eq!(complete(&[], false)[0].label, "Papua New");
        let reserved = ["Papua New Guinea".to_string()];
        assert_eq!(complete(&reserved, true)[0].label, "Papua New");
    }

    #[test]
    fn a_phrase_names_a_theme_when_each_word_is_strong() {
        let features = strings(&[
            "defence",
            "industry",
            "defence industry",
            "said",
            "statement said",
            "jets",
        ]);
        let weights = array![[1.0, 0.8, 0.5, 0.3, 0.2, 0.4]];
        let names = choose_names(&weights, &features, &[None], &[], CFG);
        assert_eq!(names[0].label, "defence industry");
        // One key term per family, none of the label's.
        assert_eq!(names[0].key_terms, ["jets", "said"]);
        // "statement said" shares a family with "said", already shown.
    }

    #[test]
    fn a_person_names_a_theme_only_when_it_is_about_them() {
        let features = strings(&[
            "France",
            "Emmanuel Macron",
            "French",
            "cooperation",
            "Macron",
        ]);
        // The name is strong but France is the substance.
        let weights = array![[1.0, 0.7, 0.6, 0.5, 0.6]];
        let names = choose_names(&weights, &features, &[None], &[], CFG);
        assert_eq!(names[0].label, "France");
        // A theme about the person is named after them.
        let weights = array![[0.3, 0.9, 0.2, 0.1, 1.0]];
        let names = choose_names(&weights, &features, &[None], &[], CFG);
        assert_eq!(names[0].label, "Emmanuel Macron");
    }

    #[test]
    fn no_two_themes_share_a_label() {
        let features = strings(&["Middle East", "East", "Middle", "Israel", "oil", "conflict"]);
        let weights = array![
            [0.9, 1.0, 1.0, 0.0, 0.6, 0.3],
            [0.9, 1.0, 1.0, 0.8, 0.0, 0.3],
            [0.9, 1.0, 1.0, 0.0, 0.0, 0.3],
        ];
        let fixed = [None, None, Some("Energy".to_string())];
        let names = choose_names(&weights, &features, &fixed, &[], CFG);
        let labels: Vec<&str> = names.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels[2], "Energy", "seeded names are kept");
        assert_eq!(labels[0], "Middle East");
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(!a.eq_ignore_ascii_case(b), "{labels:?}");
            }
        }
        // The second theme tells itself apart by its own substance.
        assert!(labels[1].contains("Israel"), "{labels:?}");
    }

    #[test]
    fn a_dominant_phrase_names_its_theme() {
        // The phrase carries the theme; its words are weak alone, and an
        // office's word family outscores every other single word.
        let features = strings(&[
            "human rights",
            "Commissioner",
            "women",
            "High Commissioner",
            "Commission",
            "human",
        ]);
        let weights = array![[0.56, 0.13, 0.17, 0.12, 0.07, 0.05]];
        let names = choose_names(&weights, &features, &[None], &[], CFG);
        assert_eq!(names[0].label, "human rights");
        assert_eq!(names[0].key_terms, ["women", "Commissioner"]);
    }

    #[test]
    fn general_language_never_names_a_theme() {
        let features = strings(&["like", "think", "hockey", "game", "season"]);
        let weights = array![[1.0, 0.9, 0.5, 0.4, 0.3]];
        let allowed = [false, false, true, true, true];
        let names = choose_names(&weights, &features, &[None], &allowed, CFG);
        assert_eq!(names[0].label, "hockey");
        assert_eq!(names[0].key_terms, ["game", "season"]);
    }

    #[test]
    fn a_broad_theme_keeps_its_subject_told_apart_from_its_child() {
        let features = strings(&["rugby", "coach", "Six Nations", "Wales", "England"]);
        // Row 0 is the broad theme; row 1, a fine theme already named.
        let weights = array![[1.0, 0.55, 0.6, 0.4, 0.3], [1.0, 0.3, 0.2, 0.3, 0.3]];
        let fixed = [None, Some("rugby".to_string())];
        let broad = LabelConfig { broad: true, ..CFG };
        let names = choose_names(&weights, &features, &fixed, &[], broad);
        // Not the weaker word "coach": the subject, and a second term.
        assert_eq!(names[0].label, "rugby / Six Nations");
        // Named as a fine theme, the broad one takes the next word.
        let names = choose_names(&weights, &features, &fixed, &[], CFG);
        assert_eq!(names[0].label, "coach");
        // Of the first three candidates, the one no other broad theme has
        // tells it apart best (the fine theme, row 2, does not count).
        let weights = array![
            [1.0, 0.55, 0.6, 0.4, 0.3],
            [0.0, 0.5, 0.3, 0.0, 1.0],
            [1.0, 0.0, 0.0, 0.4, 0.0]
        ];
        let fixed = [None, None, Some("rugby".to_string())];
        let names = choose_names(&weights, &features, &fixed, &[], broad);
        assert_eq!(names[0].label, "rugby / Wales");
    }

    /// The features of the rugby examples.
    fn rugby() -> Vec<String> {
        strings(&[
            "rugby",
            "league",
            "Six Nations",
            "Wales",
            "England",
            "coach",
        ])
    }

    /// Broad theme 0 over fine themes 0 and 1 (rows 1 and 2 of the
    /// weights), and the names of both levels after the claim.
    fn claimed(fine: Array2<f64>, fixed: &[Option<String>]) -> (String, Vec<String>) {
        claimed_with(&rugby(), fine, fixed)
    }

    fn claimed_with(
        features: &[String],
        fine: Array2<f64>,
        fixed: &[Option<String>],
    ) -> (String, Vec<String>) {
        let all: Vec<usize> = (0..fine.nrows()).collect();
        let (rows, names) = claim_in_groups(features, &fine, &[all], fixed);
        let mut named = vec![None];
        named.extend(names.iter().map(|n| Some(n.label.clone())));
        let broad = LabelConfig { broad: true, ..CFG };
        let broad = choose_names(&rows, features, &named, &[], broad);
        (
            broad[0].label.clone(),
            names.into_iter().map(|n| n.label).collect(),
        )
    }

    /// The rows of broad themes over the fine themes in `members` (each the
    /// sum of its members'), above the fine themes', and the fine themes'
    /// names after the claim.
    fn claim_in_groups(
        features: &[String],
        fine: &Array2<f64>,
        members: &[Vec<usize>],
        fixed: &[Option<String>],
    ) -> (Array2<f64>, Vec<ThemeName>) {
        let mut rows = Array2::zeros((members.len() + fine.nrows(), fine.ncols()));
        for (g, own) in members.iter().enumerate() {
            for &t in own {
                let mut row = rows.row_mut(g);
                row += &fine.row(t);
            }
        }
        for (t, row) in fine.rows().into_iter().enumerate() {
            rows.row_mut(members.len() + t).assign(&row);
        }
        let names = choose_names(fine, features, fixed, &[], CFG);
        let names = claim_broad_names(&rows, fine, members, names, features, fixed, &[], CFG);
        (rows, names)
    }

    #[test]
    fn a_broad_theme_claims_its_subject_from_its_own_fine_theme() {
        let fine = array![
            [1.0, 0.7, 0.0, 0.0, 0.0, 0.3],
            [0.4, 0.0, 0.8, 1.0, 0.3, 0.0]
        ];
        let (broad, fine_names) = claimed(fine, &[None, None]);
        assert_eq!(broad, "rugby");
        assert_eq!(fine_names, ["league", "Wales"]);
    }

    #[test]
    fn a_claim_is_dropped_when_the_fine_theme_has_no_other_name() {
        // The fine theme's other words are too weak to name it: it keeps
        // "rugby", and the broad theme is told apart from it as before.
        let fine = array![
            [1.0, 0.2, 0.0, 0.0, 0.0, 0.3],
            [0.4, 0.0, 0.8, 1.0, 0.3, 0.0]
        ];
        let (broad, fine_names) = claimed(fine, &[None, None]);
        assert_eq!(fine_names, ["rugby", "Wales"]);
        assert!(broad.starts_with("rugby / "), "{broad}");
    }

    #[test]
    fn a_fine_theme_named_by_a_narrower_phrase_keeps_it() {
        // "prime rate" is the fine theme's name; the broad theme's subject,
        // "rate", is broader and is not taken from it.
        let features = strings(&["rate", "prime rate", "prime", "dollar", "currency", "bank"]);
        let fine = array![
            [0.9, 1.0, 0.6, 0.0, 0.0, 0.4],
            [0.8, 0.0, 0.0, 1.0, 0.9, 0.3]
        ];
        let (broad, fine_names) = claimed_with(&features, fine, &[None, None]);
        assert_eq!(fine_names[0], "prime rate");
        assert_ne!(broad, "rate");
    }

    #[test]
    fn a_seeded_name_is_never_claimed() {
        let fine = array![
            [1.0, 0.7, 0.0, 0.0, 0.0, 0.3],
            [0.4, 0.0, 0.8, 1.0, 0.3, 0.0]
        ];
        let fixed = [Some("rugby".to_string()), None];
        let (broad, fine_names) = claimed(fine, &fixed);
        assert_eq!(fine_names, ["rugby", "Wales"]);
        assert_ne!(broad, "rugby");
    }

    /// The fine themes' names after the claim, with broad themes over the
    /// fine themes in `members`.
    fn claimed_in_groups(fine: &Array2<f64>, members: &[Vec<usize>]) -> Vec<String> {
        let fixed = vec![None; fine.nrows()];
        let (_, names) = claim_in_groups(&rugby(), fine, members, &fixed);
        names.into_iter().map(|n| n.label).collect()
    }

    #[test]
    fn a_name_held_in_another_broad_theme_is_not_claimed() {
        // Broad theme 0 (fine 0 and 1) goes by "rugby", but the fine theme
        // named "rugby" is fine 2, under broad theme 1: it keeps its name.
        let fine = array![
            [0.8, 1.0, 0.0, 0.0, 0.0, 0.0],
            [0.8, 0.0, 0.0, 1.0, 0.0, 0.0],
            [1.0, 0.0, 0.0, 0.0, 0.3, 0.5],
            [0.0, 0.0, 0.2, 0.0, 1.0, 0.4]
        ];
        let names = claimed_in_groups(&fine, &[vec![0, 1], vec![2, 3]]);
        assert_eq!(names[..3], ["league", "Wales", "rugby"]);
    }

    #[test]
    fn a_name_two_broad_themes_go_by_is_not_claimed() {
        // Both broad themes go by "rugby"; fine 0, under the first, holds
        // it and keeps it, whichever broad theme is named first, though it
        // has another name of its own ("league") to give it up for.
        let fine = array![
            [1.0, 0.8, 0.0, 0.0, 0.0, 0.0],
            [0.5, 0.0, 0.0, 1.0, 0.0, 0.0],
            [0.9, 0.0, 0.0, 0.0, 1.0, 0.0],
            [0.9, 0.0, 0.0, 0.0, 0.0, 1.0]
        ];
        let names = claimed_in_groups(&fine, &[vec![0, 1], vec![2, 3]]);
        assert_eq!(names[0], "rugby");
    }

    #[test]
    fn labels_contain_forms_of_a_name() {
        assert!(contains_label("general election / voters", "election"));
        assert!(contains_label("nuclear-weapon", "nuclear weapons"));
        assert!(!contains_label("economist", "economic growth"));
        assert!(!contains_label("league", "rugby"));
    }

    #[test]
    fn a_broad_theme_is_not_named_after_a_child_s_person() {
        let features = strings(&["Conte", "doping", "Balco", "athletes", "Kenteris"]);
        let weights = array![[1.0, 0.7, 0.6, 0.4, 0.3], [1.0, 0.3, 0.6, 0.0, 0.0]];
        let fixed = [None, Some("Conte".to_string())];
        let broad = LabelConfig { broad: true, ..CFG };
        let names = choose_names(&weights, &features, &fixed, &[], broad);
        assert_eq!(names[0].label, "doping");
    }

    #[test]
    fn forms_of_one_word_are_related() {
        assert!(related("game", "gamers") && related("economy", "economic"));
        assert!(related("terrorism", "terrorist"));
        assert!(!related("rugby", "nations") && !related("game", "gas"));
    }

    #[test]
    fn phrases_and_near_duplicates() {
        assert!(near_duplicate("Defence industry", "defence-industry"));
        assert!(near_duplicate(
            "peace-keeping operations",
            "peacekeeping operations"
        ));
        assert!(!near_duplicate("peacekeeping", "peace"));
        assert!(is_phrase("open Indo-Pacific") && is_phrase("defence (industry"));
        assert!(!is_phrase("security") && !is_phrase("counter-terrorism") && !is_phrase("- x"));
        assert!(!near_duplicate("trade deal", "security"));
        assert!(is_proper_name("Emmanuel Macron") && is_proper_name("Indo-Pacific"));
        assert!(!is_proper_name("defence industry") && !is_proper_name("U.S. forces"));
    }
}
