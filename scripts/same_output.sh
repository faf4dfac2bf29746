#!/usr/bin/env bash
# Compares the CLI output of two tidings binaries byte for byte: `themes`
# and `report` in every format, on the seed news and the UN sample (and
# `themes --model-kind kmeans` when both binaries have the flag).
#
#   scripts/same_output.sh OLD_BINARY NEW_BINARY
#   scripts/same_output.sh --build-old REF NEW_BINARY   # builds REF in a temporary worktree
#
# Exits 0 when every output is identical; lists each difference otherwise.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ ${1:-} == --build-old ]]; then
    ref=$2
    shift 2
    tmp=$(mktemp -d)
    git -C "$root" worktree add --detach "$tmp/src" "$ref" >/dev/null
    cargo build --release -q -p tidings-cli --manifest-path "$tmp/src/Cargo.toml" \
        --target-dir "$root/target/same-output-old"
    cp "$root/target/same-output-old/release/tidings" "$tmp/tidings-old"
    git -C "$root" worktree remove --force "$tmp/src"
    set -- "$tmp/tidings-old" "$@"
fi
old=$1
new=$2
out=$(mktemp -d)
status=0
run() {
    local name=$1
    shift
    "$old" "$@" >"$out/$name.old" 2>/dev/null || echo "exit $?" >>"$out/$name.old"
    "$new" "$@" >"$out/$name.new" 2>/dev/null || echo "exit $?" >>"$out/$name.new"
    if cmp -s "$out/$name.old" "$out/$name.new"; then
        echo "same      $name"
    else
        echo "DIFFERENT $name ($out/$name.old vs $out/$name.new)"
        status=1
    fi
}
for corpus in seed-news ungdc-sample; do
    for f in table json; do
        run "themes-$corpus-$f" themes "$root/corpus/$corpus" --format "$f"
    done
    for f in table json csv markdown html; do
        run "report-$corpus-$f" report "$root/corpus/$corpus" --format "$f"
    done
done
run "themes-seeded-json" themes "$root/corpus/seed-news" --theme-file "$root/corpus/themes-example.toml" --format json
"$new" fit "$root/corpus/seed-news" --output "$out/model.json" --force -q
run "report-saved-model-json" report --model "$out/model.json" "$root/corpus/seed-news" --format json
exit $status
