#!/usr/bin/env python3
"""The theme tree's levels against known classes, seed by seed.

For each seed, runs `tidings themes CORPUS --seed S --format json` (defaults:
`auto` themes and the tree) and prints the number of fine themes, of broader
themes (groups) and of fine themes in no group, and the NMI of each
document's dominant node against its known class at two levels:
  * fine: the fine theme with the largest weight;
  * broad: the top-level node (a group, or a fine theme in none) whose
    children's weights sum largest.
Without labels (`--label-field none`) only the counts are printed, for
corpora with no classes (the UN speeches, the State of the Union).

Usage:
  tree_levels.py CORPUS --tidings target/release/tidings [--seeds 5]
                 [--label-field label]
CORPUS is a JSON Lines file with `id`, `text` and the class field, or any
path `tidings themes` reads when `--label-field none`.
"""
import argparse
import json
import subprocess

from sklearn.metrics import normalized_mutual_info_score


def dominant(doc, node_of):
    weights = {}
    for t in doc["themes"]:
        n = node_of[t["id"]]
        weights[n] = weights.get(n, 0.0) + t["weight"]
    if not weights:
        return None
    return max(sorted(weights), key=lambda n: weights[n])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--tidings", required=True)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--label-field", default="label")
    args = ap.parse_args()
    classes = {}
    if args.label_field != "none":
        with open(args.corpus, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                classes[str(row["id"])] = row[args.label_field]
    for seed in range(args.seeds):
        out = subprocess.run(
            [args.tidings, "themes", args.corpus, "--seed", str(seed), "-q", "--format", "json"],
            check=True,
            capture_output=True,
        ).stdout
        r = json.loads(out)
        themes, groups = r["themes"], r.get("groups", [])
        fine_of = {t["id"]: t["id"] for t in themes}
        top_of = {t["id"]: t["parent"] if t.get("parent") is not None else t["id"] for t in themes}
        alone = sum(1 for t in themes if t.get("parent") is None)
        sizes = sorted((len(g["children"]) for g in groups), reverse=True)
        line = f"seed {seed}: {len(themes)} themes, {len(groups)} groups {sizes}, {alone} alone"
        if classes:
            truth, fine, broad = [], [], []
            for d in r["documents"]:
                f_ = dominant(d, fine_of)
                if f_ is None or d["id"] not in classes:
                    continue
                truth.append(classes[d["id"]])
                fine.append(f_)
                broad.append(dominant(d, top_of))
            line += (
                f"; NMI fine {normalized_mutual_info_score(truth, fine):.3f},"
                f" broad {normalized_mutual_info_score(truth, broad):.3f}"
            )
        print(line, flush=True)


if __name__ == "__main__":
    main()
