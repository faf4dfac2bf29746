#!/usr/bin/env python3
"""Generate the golden TF-IDF fixtures for crates/tfidf/tests/golden.rs.

Pinned: scikit-learn==1.9.1 (see scripts/requirements.txt); the version that
actually ran is recorded in every fixture file and checked below.

Documents (deterministic, no randomness):
  * paragraphs and whole articles from the seed articles (/work/shared/seeds),
  * short passages (two hard-wrapped lines) from UN General Debate speeches
    (/work/data/TXT, every 7th session, a few countries each),
  * hand-written non-ASCII sentences (accents, NFD combining marks, Greek,
    Cyrillic, Turkish dotted I, CJK, Arabic, German sharp s, typographic quotes),
  * documents with heavily repeated terms.

Usage: python3 scripts/gen_tfidf_fixtures.py [--seeds DIR] [--un DIR] [--out DIR]
Writes documents.json and one JSON file per TfidfVectorizer variant with the
vocabulary (in column order) and the CSR matrix (indptr/indices/data).
"""
import argparse
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

PINNED_SKLEARN = "1.9.1"

NON_ASCII = [
    "Le ministre français a rencontré la délégation à Genève; l'été dernier, coopération.",
    "Café, café, CAFÉ et cafe\u0301 (décomposé) ne sont pas le même mot pour tout le monde.",
    "Die Straße führt zur Großstadt; STRASSE und Straße, Übermaß an Äpfeln.",
    "El niño comió piñas en Córdoba; la pequeña ciudad de Añasco está lejos.",
    "Организация Объединённых Наций приняла резолюцию о безопасности и сотрудничестве.",
    "ΟΔΟΣ και οδός: η Ελλάδα στηρίζει τη συνεργασία ΑΣΦΑΛΕΙΑΣ στην περιοχή.",
    "İstanbul ve IĞDIR şehirleri; Türkiye'nin ılık iklimi ve İzmir limanı.",
    "联合国 安全理事会 讨论了 和平与安全 问题，中国代表 发言。",
    "الأمم المتحدة تدعو إلى السلام والأمن في المنطقة",
    "“Smart quotes” and ‘single ones’ — dashes – and ellipses… naïve coöperation.",
    "Numbers 2023, 1.7 million, 3rd place, ½ and ² or ₂ and 10km and x².",
    "Emoji 🙂 peace ☮ and the snake_case_identifier plus under_score words.",
    "Ñandú ÅNGSTRÖM øre Þórr Œuvre ﬁnance (ligature) and ǅemal.",
    "Việt Nam và Hàn Quốc tăng cường hợp tác quốc phòng.",
    "हिंदी भाषा में शांति और सुरक्षा पर चर्चा।",
]

REPEATED = [
    "security security security security cooperation",
    "peace peace peace peace peace peace peace peace peace peace development",
    "terrorism terrorism counter-terrorism Terrorism TERRORISM",
    "the the the the the the the the the the the the the the the the the the",
    "nations united nations united nations united nations",
]

# (file name, TfidfVectorizer keyword arguments)
VARIANTS = [
    ("default", {}),
    ("min_df_2", {"min_df": 2}),
    ("max_df_0_5", {"max_df": 0.5}),
    ("min_df_3_max_df_40_counts", {"min_df": 3, "max_df": 40}),
    ("min_df_fraction_0_01", {"min_df": 0.01}),
    ("sublinear_tf", {"sublinear_tf": True}),
    ("norm_l1", {"norm": "l1"}),
    ("norm_none", {"norm": None}),
    ("no_idf", {"use_idf": False}),
    ("plain_idf", {"smooth_idf": False}),
    ("ngram_1_2", {"ngram_range": (1, 2)}),
    ("max_features_500", {"max_features": 500}),
    ("binary", {"binary": True}),
    ("binary_max_features_300", {"binary": True, "max_features": 300}),
]


def seed_documents(seeds_dir):
    docs = []
    for name in sorted(os.listdir(seeds_dir)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(seeds_dir, name), encoding="utf-8") as f:
            text = f.read()
        docs.append(text)
        docs.extend(p for p in text.split("\n\n") if p.strip())
    return docs


def un_documents(un_dir, sessions_step=3, countries_per_session=4, lines=2, passages=3, max_chars=160):
    docs = []
    sessions = sorted(os.listdir(un_dir))
    for session in sessions[::sessions_step]:
        files = sorted(os.listdir(os.path.join(un_dir, session)))
        for name in files[:: max(1, len(files) // countries_per_session)][:countries_per_session]:
            with open(os.path.join(un_dir, session, name), encoding="utf-8-sig") as f:
                all_lines = [l for l in f.read().split("\n") if l.strip()]
            for p in range(passages):
                start = 10 + p * 40
                chunk = all_lines[start : start + lines]
                text = "\n".join(chunk)
                if len(text) > max_chars:
                    # Old sessions are not hard-wrapped: keep the passage short
                    # (cut at a space) so that the fixtures stay small.
                    text = text[: text.rfind(" ", 0, max_chars)]
                if text:
                    docs.append(text)
    return docs


def untied_limit(docs, kwargs):
    """The max_features value closest to the requested one whose boundary is not tied.

    scikit-learn ranks by corpus frequency with numpy's unstable argsort, so a tie
    at the boundary has no defined winner; an untied boundary gives one answer
    for every tie-break (the Rust side breaks ties by sorted term order).
    """
    rest = {k: v for k, v in kwargs.items() if k != "max_features"}
    counts = CountVectorizer(**rest).fit_transform(docs)
    ranked = sorted(np.asarray(counts.sum(axis=0)).ravel().tolist(), reverse=True)
    want = kwargs["max_features"]
    for delta in range(0, want):
        for n in (want - delta, want + delta):
            if 0 < n < len(ranked) and ranked[n - 1] != ranked[n]:
                return n
    return want


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="/work/shared/seeds")
    ap.add_argument("--un", default="/work/data/TXT")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "crates", "tfidf", "tests", "fixtures"))
    args = ap.parse_args()
    if sklearn.__version__ != PINNED_SKLEARN:
        sys.exit(f"scikit-learn {sklearn.__version__} found, fixtures are pinned to {PINNED_SKLEARN}")

    docs = seed_documents(args.seeds) + un_documents(args.un) + NON_ASCII + REPEATED
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "documents.json"), "w", encoding="utf-8") as f:
        json.dump({"sklearn_version": sklearn.__version__, "documents": docs}, f, ensure_ascii=False, indent=0)

    structures = {}  # (vocabulary, indptr, indices) -> first variant that had it
    for name, kwargs in VARIANTS:
        if "max_features" in kwargs:
            kwargs = dict(kwargs, max_features=untied_limit(docs, kwargs))
            name = f"{name.rsplit('_', 1)[0]}_{kwargs['max_features']}"
        vec = TfidfVectorizer(**kwargs)
        X = vec.fit_transform(docs).tocsr()
        X.sort_indices()
        vocab = vec.get_feature_names_out().tolist()
        out = {
            "sklearn_version": sklearn.__version__,
            "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in kwargs.items()},
            "shape": list(X.shape),
            "vocabulary": vocab,
            "indptr": X.indptr.tolist(),
            "indices": X.indices.tolist(),
            "data": [float(x) for x in X.data],
        }
        key = json.dumps([vocab, out["indptr"], out["indices"]])
        if key in structures:
            # Same vocabulary and sparsity pattern as an earlier variant: keep the
            # fixtures small by storing only the values.
            for field in ("vocabulary", "indptr", "indices"):
                del out[field]
            out["same_structure_as"] = structures[key]
        else:
            structures[key] = name
        with open(os.path.join(args.out, f"{name}.json"), "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
        print(f"{name}: shape {X.shape}, nnz {X.nnz}")


if __name__ == "__main__":
    main()
