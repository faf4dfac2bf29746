#!/usr/bin/env bash
# Builds corpus/ungdc-sample/ from the extracted UN General Debate Corpus.
#
# Usage: scripts/make_ungdc_sample.sh [SRC_TXT_DIR] [DEST_DIR]
#   SRC_TXT_DIR  the TXT/ folder of ungdc-1946-2024.tar.zst (default /work/data/TXT)
#   DEST_DIR     output folder (default corpus/ungdc-sample, relative to the repo root)
#
# Selection: the five permanent members of the Security Council (USA, GBR, FRA,
# RUS — the corpus files Soviet speeches under RUS — and CHN) plus India (IND),
# for every odd year 1947–2023 (39 sessions, about 6 MB). Files are copied byte
# for byte, keeping the corpus's own layout `Session NN - YYYY/ISO3_NN_YYYY.txt`,
# so the year stays in the file name. Years in which a country gave no speech in
# the corpus are simply absent (FRA 1961 and 1963), giving 232 files.
set -euo pipefail

src="${1:-/work/data/TXT}"
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${2:-$repo_root/corpus/ungdc-sample}"
countries=(USA GBR FRA RUS CHN IND)

if [[ ! -d "$src" ]]; then
    echo "error: source folder not found: $src" >&2
    exit 2
fi

rm -rf "$dest"
mkdir -p "$dest"
count=0
for year in $(seq 1947 2 2023); do
    session=$(printf '%02d' $((year - 1945)))
    folder="Session $session - $year"
    for c in "${countries[@]}"; do
        f="$src/$folder/${c}_${session}_${year}.txt"
        if [[ -f "$f" ]]; then
            mkdir -p "$dest/$folder"
            cp -p "$f" "$dest/$folder/"
            count=$((count + 1))
        fi
    done
done
echo "copied $count speeches into $dest ($(du -sh "$dest" | cut -f1))"
