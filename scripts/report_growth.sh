#!/usr/bin/env bash
# Time and peak memory of `tidings report` (default settings, JSON to a file)
# over corpora of growing size, one line per corpus:
#   scripts/report_growth.sh target/release/tidings DIR...
# e.g. scripts/report_growth.sh target/release/tidings /tmp/un-subsets/25MB \
#        /tmp/un-subsets/50MB /tmp/un-subsets/100MB /tmp/un/TXT /tmp/un-1g
# (subsets: scripts/make_un_subsets.py; 1 GB: examples/scale_corpus.rs).
# Prints: corpus, MB, wall s, MB/s, CPU s, peak RSS MiB, load average.
set -euo pipefail
bin="$1"; shift
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
printf '| corpus | MB | wall | MB/s | CPU s | peak RSS | load |\n|---|---|---|---|---|---|---|\n'
for dir in "$@"; do
    mb=$(du -sLb "$dir" | awk '{printf "%.1f", $1/1e6}')
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f '%e %U %S %M' -o "$out/time" \
        "$bin" report "$dir" --format json --output "$out/report.json" --force -q
    read -r wall user sys kb < "$out/time"
    awk -v d="$dir" -v mb="$mb" -v w="$wall" -v u="$user" -v s="$sys" -v kb="$kb" -v l="$load" \
        'BEGIN { printf "| %s | %s | %.1f s | %.1f | %.1f | %.0f MiB | %s |\n", d, mb, w, mb / w, u + s, kb / 1024, l }'
done
