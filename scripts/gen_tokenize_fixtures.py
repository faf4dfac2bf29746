#!/usr/bin/env python3
"""Generate the scikit-learn analyzer fixtures for crates/tokenize/tests/sklearn_fixtures.rs.

Pinned: scikit-learn==1.9.1 (see scripts/requirements.txt); the version that ran
is recorded in the fixture file.

For every document the fixture stores what scikit-learn's default analyzer
produces:
  * "tokens":  TfidfVectorizer().build_analyzer()(text)
  * "bigrams": the part of TfidfVectorizer(ngram_range=(1, 2)).build_analyzer()(text)
               after the unigrams (scikit-learn emits all unigrams, then all bigrams).

Documents (deterministic, no randomness):
  * the 5 seed articles, whole (/work/shared/seeds),
  * about 300 passages of UN General Debate speeches (/work/data/TXT): every
    60th speech in sorted order, its first three passages of 200-1500 chars
    (paragraphs, or 10-line pieces of longer blocks; a quarter kept
    hard-wrapped, the rest rejoined into one line),
  * hand-written lines that exercise non-ASCII corner cases.

Usage: python3 scripts/gen_tokenize_fixtures.py [--seeds DIR] [--un DIR] [--out FILE]
"""
import argparse
import json
import os
import re
import sys

import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

PINNED_SKLEARN = "1.9.1"

HARD_LINES = [
    # Arabic (with harakat = combining marks, Mn) and Arabic-Indic digits.
    "الأمم المتحدة تدعم السلام والأمن الدوليين في عام ٢٠٢٤",
    "مَرْحَبًا بِكُمْ فِي الْجَمْعِيَّةِ الْعَامَّةِ",
    # Chinese (no spaces), full-width punctuation and digits.
    "联合国大会一般性辩论。我们支持多边主义！２０２４年",
    "ＡＢＣ　ｄｅｆ　１２３　Ｆ－３５　ＭＱ－９Ｂ",
    # Devanagari with combining vowel signs (Mc/Mn split Python's \\w runs).
    "भारत संयुक्त राष्ट्र में शांति और सुरक्षा का समर्थन करता है।",
    "हिन्दी किताबें पढ़ना",
    # Greek, including final sigma in different contexts.
    "ΟΔΟΣ ΣΟΦΟΣ ΟΔΟΣ. ΣΑΣ Σ ΑΣ1 ΑΣ_ΒΣ Σ.Σ ΑΣ'Σ",
    "Η Ελλάδα υποστηρίζει τον ΟΗΕ· ΔΙΕΘΝΗΣ ΑΣΦΑΛΕΙΑΣ",
    # Turkish dotted/dotless i.
    "İstanbul KİM İ İİ ıI Diyarbakır İZMİR",
    # German sharp s, capital sharp s.
    "Straße STRASSE GROẞE Maß Fußball",
    # Emoji, ZWJ sequences, flags, skin tones.
    "peace 🕊️ and 👍🏽 👨‍👩‍👧 🇫🇷🇩🇪 ok👌ok",
    # Underscores and digits.
    "snake_case __init__ _ __ a_ _b x_1 2024 3.14 1,000,000 007 9B",
    # Fractions, superscripts, subscripts, roman numerals, circled numbers.
    "½ ¼x x½ m² H₂O E=mc² Ⅻ ⅻ ① ②③ 10⁶",
    # Latin with combining marks (NFD) vs precomposed (NFC).
    "cafe\u0301 café naïve nai\u0308ve résumé",
    # Ligatures, titlecase digraphs, special casing.
    "ﬁnance ﬂow ǅemal ǈubljana ǋegoš",
    # Cyrillic, Armenian, Georgian, Cherokee, Deseret.
    "Организация Объединённых Наций ЁЛКА Երևան ՀԱՅԱՍՏԱՆ Საქართველო ᏣᎳᎩ 𐐔𐐯𐑅",
    # Typographic quotes, possessives, hyphens, dashes.
    "India’s ‘free and open’ Indo‑Pacific — counter-terrorism – F-35s “quoted”",
    # Mixed scripts inside one run.
    "abcабвαβγ123١٢٣",
    # Thai and Korean, Japanese kana.
    "ประเทศไทย 대한민국 カタカナ ひらがな",
    # Whitespace variety.
    "tab\there\nnew\r\nline\u00a0nbsp\u2003em\u2028ls\u2029ps",
    # Modifier letters and marks.
    "ʻokina ʼapostrophe ˈstress a\u0300\u0301b",
    # Empty-ish lines.
    "",
    " a b c ",
    "x",
]


def un_paragraphs(un_dir, every=60, per_doc=3):
    paths = []
    for root, _dirs, files in os.walk(un_dir):
        for name in files:
            if name.endswith(".txt"):
                paths.append(os.path.join(root, name))
    paths.sort()
    out = []
    for i, path in enumerate(paths[::every]):
        with open(path, encoding="utf-8-sig") as fh:
            text = fh.read()
        paras = []
        for block in re.split(r"\n\s*\n", text):
            lines = block.strip().splitlines()
            # Paragraphs are not always separated by blank lines: cut long blocks
            # into passages of 10 hard-wrapped lines.
            for k in range(0, len(lines), 10):
                para = "\n".join(lines[k : k + 10])
                if 200 <= len(para) <= 1500:
                    paras.append(para)
        for j, para in enumerate(paras[:per_doc]):
            if (i + j) % 4 != 0:
                para = " ".join(line.strip() for line in para.splitlines())
            name = os.path.relpath(path, un_dir)
            out.append((f"un:{name}#{j}", para))
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="/work/shared/seeds")
    ap.add_argument("--un", default="/work/data/TXT")
    ap.add_argument(
        "--out",
        default=os.path.join(repo, "crates/tokenize/tests/fixtures/sklearn_analyzer.json"),
    )
    args = ap.parse_args()
    if sklearn.__version__ != PINNED_SKLEARN:
        print(
            f"warning: scikit-learn {sklearn.__version__} != pinned {PINNED_SKLEARN}",
            file=sys.stderr,
        )

    docs = []
    for name in sorted(os.listdir(args.seeds)):
        if name.endswith(".txt"):
            with open(os.path.join(args.seeds, name), encoding="utf-8") as fh:
                docs.append((f"seed:{name}", fh.read()))
    docs.extend(un_paragraphs(args.un))
    docs.extend((f"hard:{i}", line) for i, line in enumerate(HARD_LINES))

    uni = TfidfVectorizer().build_analyzer()
    bi = TfidfVectorizer(ngram_range=(1, 2)).build_analyzer()
    cases = []
    for name, text in docs:
        tokens = uni(text)
        both = bi(text)
        assert both[: len(tokens)] == tokens, name
        cases.append({"name": name, "text": text, "tokens": tokens, "bigrams": both[len(tokens):]})

    fixture = {
        "generator": "scripts/gen_tokenize_fixtures.py",
        "sklearn_version": sklearn.__version__,
        "python_unicode_version": __import__("unicodedata").unidata_version,
        "analyzers": {
            "tokens": "TfidfVectorizer().build_analyzer()",
            "bigrams": "TfidfVectorizer(ngram_range=(1, 2)).build_analyzer(), after the unigrams",
        },
        "cases": cases,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(fixture, fh, ensure_ascii=False, indent=0)
        fh.write("\n")
    print(f"{len(cases)} cases -> {args.out} ({os.path.getsize(args.out)} bytes)")


if __name__ == "__main__":
    main()
