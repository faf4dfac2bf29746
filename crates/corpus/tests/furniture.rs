//! Corpus-level furniture and mail conventions on real text: UN speeches with
//! injected signatures, quoted replies and a promotion line, and whole
//! articles repeated across documents (issue 14: syndicated copies are
//! content and must never be emptied).

mod common;

use std::path::{Path, PathBuf};

use common::{read_with, write, TestResult};
use tidings_corpus::{read, Cleaner, Corpus, FurnitureRule, Input, ReadOptions, Warning};

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/ungdc-sample")
}

/// The sample's speeches, by path relative to the sample folder, sorted.
fn speeches() -> std::io::Result<Vec<(PathBuf, String)>> {
    let mut out = Vec::new();
    for session in std::fs::read_dir(sample())? {
        let session = session?.path();
        if !session.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&session)? {
            let file = file?.path();
            if file.extension().is_some_and(|e| e == "txt") {
                let rel = file.strip_prefix(sample()).map(Path::to_path_buf);
                let rel = rel.map_err(std::io::Error::other)?;
                out.push((rel, std::fs::read_to_string(&file)?));
            }
        }
    }
    out.sort();
    Ok(out)
}

const PROMOTION: &str =
    "Learn more about this year's General Debate in our live coverage, and share it with friends.";

/// Every `step`-th speech gets a quoted reply with its attribution, a
/// promotion line and a signature (a few of them with the separator's space
/// lost in transit).
fn inject(text: &str, i: usize) -> String {
    let quote = format!(
        "On 3 October, delegate {i} wrote:\n> We must act together against the scourge of war.\n> Peace is a choice we make every day.\n\n"
    );
    let separator = if i % 3 == 0 { "--" } else { "-- " };
    let signature = format!(
        "\n{separator}\nJohn Doe, Press Office {i}\njohn.doe{i}@example.org | +1 555 0100\n"
    );
    let text = text.trim_start_matches('\u{feff}').trim_end();
    format!("{quote}{PROMOTION}\n\n{text}\n{signature}")
}

fn texts_by_id(corpus: &Corpus) -> Vec<(String, String)> {
    corpus
        .documents
        .iter()
        .map(|d| (d.id.clone(), d.text.clone()))
        .collect()
}

#[test]
fn injected_mail_and_promotion_are_removed_and_speeches_kept() -> TestResult {
    let speeches = speeches()?;
    assert!(speeches.len() > 200);
    let (clean_dir, injected_dir) = (tempfile::tempdir()?, tempfile::tempdir()?);
    let step = 20; // 5 % of the speeches
    let mut injected = Vec::new();
    for (i, (rel, text)) in speeches.iter().enumerate() {
        write(clean_dir.path(), &rel.to_string_lossy(), text)?;
        let text = if i % step == 0 {
            injected.push(rel.with_extension(""));
            inject(text, i)
        } else {
            text.clone()
        };
        write(injected_dir.path(), &rel.to_string_lossy(), text)?;
    }
    assert!(injected.len() >= 10);

    let options = ReadOptions::default();
    let clean = read_with(clean_dir.path(), &options)?;
    let dirty = read_with(injected_dir.path(), &options)?;
    // Every speech has exactly the words it has without the injected text.
    // (Its paragraph breaks may differ: an added line changes the wrap width
    // that rejoining hard-wrapped lines estimates.)
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let (clean_texts, dirty_texts) = (texts_by_id(&clean), texts_by_id(&dirty));
    assert_eq!(clean_texts.len(), dirty_texts.len());
    for ((id, want), (_, got)) in clean_texts.iter().zip(&dirty_texts) {
        let (want, got) = (words(want), words(got));
        if want != got {
            let at = want
                .bytes()
                .zip(got.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            let around = |t: &str| {
                t.get(at.saturating_sub(80)..(at + 160).min(t.len()))
                    .map(str::to_string)
            };
            panic!(
                "{id} differs at byte {at}: want {:?}, got {:?}",
                around(&want),
                around(&got)
            );
        }
    }
    for d in &dirty.documents {
        for needle in [
            PROMOTION,
            "On 3 October, delegate",
            "Peace is a choice",
            "Press Office",
            "john.doe",
        ] {
            assert!(!d.text.contains(needle), "{} keeps {needle:?}", d.id);
        }
    }
    // What was removed is reported.
    let n = injected.len();
    let mail = dirty.removed.mail;
    assert_eq!(mail.documents_changed, n);
    assert_eq!(mail.signature_lines, 3 * n);
    // Quotes are removed by their marker only from hard-wrapped (mail-like)
    // speeches; in the others, the quoted reply recurs in different
    // surroundings and goes as furniture.
    assert!(mail.quoted_lines < 2 * n);
    let furniture = &dirty.removed.furniture;
    let clean_furniture = &clean.removed.furniture;
    assert!(furniture.lines_removed >= clean_furniture.lines_removed + n);
    let promotion = furniture.examples.iter().find(|e| e.text == PROMOTION);
    assert_eq!(promotion.map(|e| e.documents), Some(n));

    // The speeches alone lose very little to furniture.
    let bytes: usize = clean.documents.iter().map(|d| d.text.len()).sum();
    assert!(
        clean_furniture.bytes_removed * 1000 < bytes,
        "{clean_furniture:?}"
    );

    // Turned off, the injected text stays.
    let off = ReadOptions::default().cleaner(Cleaner {
        furniture: None,
        mail: None,
        ..Cleaner::default()
    });
    let kept = read_with(injected_dir.path(), &off)?;
    assert_eq!(kept.removed.furniture.min_documents, None);
    let first = injected.first().map(|p| p.to_string_lossy().into_owned());
    let doc = kept
        .documents
        .iter()
        .find(|d| Some(&d.id) == first.as_ref());
    assert!(doc.is_some_and(|d| d.text.contains(PROMOTION) && d.text.contains("wrote:")));
    Ok(())
}

fn csv_field(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

const ARTICLE: &str = "The central bank raised its main rate by half a point on Tuesday, the largest rise in two decades.\n\nMarkets fell after the announcement, and the currency rose against the dollar.\n\nSource: Wire and agencies";

/// Other documents, each its own text, some with the agency's source line.
fn others(n: usize) -> Vec<String> {
    let topics = [
        "harvest",
        "railways",
        "schools",
        "fisheries",
        "elections",
        "bridges",
        "vaccines",
        "orchestras",
        "forests",
        "shipyards",
        "museums",
        "rivers",
    ];
    (0..n)
        .map(|i| {
            let (a, b) = (topics[i % topics.len()], topics[(i / topics.len() + i + 1) % topics.len()]);
            format!("A report on {a} and {b}, written for this page alone and long enough to be its main text.\n\nSource: Wire and agencies")
        })
        .collect()
}

#[test]
fn repeated_articles_survive_intact() -> TestResult {
    let others = others(12);
    let short = "One short text. It has two sentences.";
    for copies in [5, 20, 50] {
        let dir = tempfile::tempdir()?;
        let mut csv = String::from("id,text\n");
        for i in 0..copies {
            csv.push_str(&format!("copy{i},{}\n", csv_field(ARTICLE)));
            csv.push_str(&format!("short{i},{}\n", csv_field(short)));
        }
        for (i, t) in others.iter().enumerate() {
            csv.push_str(&format!("other{i},{}\n", csv_field(t)));
        }
        write(dir.path(), "news.csv", csv)?;
        let corpus = read(
            &[Input::from(dir.path().join("news.csv"))],
            &ReadOptions::default(),
        )?;
        assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
        assert_eq!(corpus.documents.len(), 2 * copies + others.len());
        for d in &corpus.documents {
            if d.id.starts_with("copy") {
                // The source line is furniture (it recurs around twelve
                // different texts); the article itself is content.
                assert_eq!(
                    d.text,
                    ARTICLE.trim_end_matches("\n\nSource: Wire and agencies"),
                    "{copies} copies"
                );
            } else if d.id.starts_with("short") {
                assert_eq!(d.text, short);
            } else {
                assert!(!d.text.contains("Source:"), "{}", d.text);
            }
        }
        let f = &corpus.removed.furniture;
        assert_eq!(f.distinct_lines, 1, "{f:?}");
        let d = &corpus.duplicates;
        assert_eq!((d.sets, d.documents), (2, 2 * copies));
        assert_eq!(f.examples[0].text, "Source: Wire and agencies");
        assert!(!corpus
            .warnings
            .iter()
            .any(|w| matches!(w, Warning::Empty { .. })));
    }
    Ok(())
}

#[test]
fn syndicated_copies_with_their_own_bylines_are_content() -> TestResult {
    let dir = tempfile::tempdir()?;
    let outlets = [
        "Daily A",
        "Herald B",
        "Times C",
        "Post D",
        "Courier E",
        "Star F",
    ];
    for o in outlets {
        write(
            dir.path(),
            &format!("{o}.txt"),
            format!("By the {o} desk\n\n{ARTICLE}"),
        )?;
    }
    let corpus = read_with(dir.path(), &ReadOptions::default())?;
    assert_eq!(corpus.documents.len(), outlets.len());
    for d in &corpus.documents {
        assert_eq!(d.text, format!("By the {} desk\n\n{ARTICLE}", d.id));
    }
    assert_eq!(corpus.removed.furniture.lines_removed, 0);
    Ok(())
}

#[test]
fn the_threshold_is_an_absolute_count() -> TestResult {
    let dir = tempfile::tempdir()?;
    let texts = others(12);
    // 6 of 12 documents carry a signature-like line: furniture at 5 and 6,
    // not at 7.
    for (i, t) in texts.iter().enumerate() {
        let t = if i % 2 == 0 {
            format!("{t}\n\nAnn Example, KB1XYZ")
        } else {
            t.clone()
        };
        write(dir.path(), &format!("{i:02}.txt"), t)?;
    }
    let with = |n: usize| -> Result<usize, Box<dyn std::error::Error>> {
        let cleaner = Cleaner {
            furniture: Some(FurnitureRule::new(n)?),
            ..Cleaner::default()
        };
        let corpus = read_with(dir.path(), &ReadOptions::default().cleaner(cleaner))?;
        Ok(corpus
            .documents
            .iter()
            .filter(|d| d.text.contains("KB1XYZ"))
            .count())
    };
    assert_eq!(with(5)?, 0);
    assert_eq!(with(6)?, 0);
    assert_eq!(with(7)?, 6);
    Ok(())
}
