#!/usr/bin/env python3
"""Golden fixtures for the CLI's `vectorize --preset sklearn` acceptance test.

Runs scikit-learn's TfidfVectorizer() with its defaults on
  1. the raw contents of corpus/seed-news/*.txt (sorted by file name, as tidings reads them);
  2. the `text` fields of crates/cli/tests/fixtures/seed-news.jsonl (written here from the same files);
  3. the `text` fields of crates/cli/tests/fixtures/paragraphs-with-empty.jsonl: the paragraphs of
     the same files, one record each, with records whose text is "- -", "" and "  \n " among them
     (scikit-learn keeps them as all-zero rows and counts them in the idf).
and stores the vocabulary and CSR matrix as JSON.

Usage: python3 scripts/gen_cli_fixtures.py   (from the repository root)
Generated with scikit-learn 1.9.1 (see scripts/requirements.txt).
"""
import json
import pathlib

import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

root = pathlib.Path(__file__).resolve().parent.parent
out = root / "crates/cli/tests/fixtures"
out.mkdir(parents=True, exist_ok=True)

files = sorted((root / "corpus/seed-news").glob("*.txt"), key=lambda p: p.name.encode())
texts = [p.read_text(encoding="utf-8") for p in files]

# JSON Lines version: reversed order and extra fields, to check field selection.
jsonl = out / "seed-news.jsonl"
with jsonl.open("w", encoding="utf-8") as f:
    for p, t in reversed(list(zip(files, texts))):
        f.write(json.dumps({"id": p.stem, "source": "seed", "text": t}, ensure_ascii=False) + "\n")
jsonl_texts = [json.loads(line)["text"] for line in jsonl.read_text(encoding="utf-8").splitlines()]


def golden(docs):
    v = TfidfVectorizer()
    m = v.fit_transform(docs).tocsr()
    m.sort_indices()
    return {
        "sklearn_version": sklearn.__version__,
        "shape": list(m.shape),
        "vocabulary": v.get_feature_names_out().tolist(),
        "indptr": m.indptr.tolist(),
        "indices": m.indices.tolist(),
        "data": m.data.tolist(),
    }


# One record per paragraph, with three records without usable text.
paragraphs = [p.strip() for t in texts for p in t.split("\n\n") if p.strip()]
for at, empty in ((3, "- -"), (10, ""), (len(paragraphs) // 2, "  \n ")):
    paragraphs.insert(at, empty)
with_empty = out / "paragraphs-with-empty.jsonl"
with with_empty.open("w", encoding="utf-8") as f:
    for i, t in enumerate(paragraphs):
        f.write(json.dumps({"id": f"p{i}", "text": t}, ensure_ascii=False) + "\n")

(out / "paragraphs-with-empty.sklearn.json").write_text(json.dumps(golden(paragraphs)))
(out / "seed-news.sklearn.json").write_text(json.dumps(golden(texts)))
(out / "seed-news-jsonl.sklearn.json").write_text(json.dumps(golden(jsonl_texts)))
print("wrote", out)
