#!/usr/bin/env python3
"""Nested, deterministic subsets of a corpus folder, by size, for growth benchmarks.

    python3 scripts/make_un_subsets.py /tmp/un/TXT /tmp/un-subsets 25 50 100

writes /tmp/un-subsets/25MB, /tmp/un-subsets/50MB, /tmp/un-subsets/100MB. Every
subset keeps whole files, with their relative paths (`Session NN - YYYY/ISO3_NN_YYYY.txt`,
so dates still come from the file names), taken in one fixed order: sorted by the
SHA-256 of the relative path. That order mixes sessions and countries, so each
subset looks like the whole corpus (not only its earliest years), and every
subset contains the smaller ones. A subset stops before the file that would take
it past N * 1,000,000 bytes.

Files are hard-linked when the output is on the same file system, copied
otherwise. Existing subset folders are replaced. Standard library only.
"""
import hashlib
import os
import shutil
import sys


def text_files(root):
    """Relative paths of every .txt/.md file under root, in hashed order."""
    rels = []
    for d, _, files in os.walk(root):
        for f in files:
            if f.lower().endswith((".txt", ".md")) and not f.lower().startswith("readme"):
                rels.append(os.path.relpath(os.path.join(d, f), root))
    rels.sort(key=lambda r: (hashlib.sha256(r.encode("utf-8")).hexdigest(), r))
    return rels


def place(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    root, out, sizes = sys.argv[1], sys.argv[2], sorted(int(s) for s in sys.argv[3:])
    rels = text_files(root)
    for mb in sizes:
        target = os.path.join(out, f"{mb}MB")
        shutil.rmtree(target, ignore_errors=True)
        total, n = 0, 0
        for rel in rels:
            size = os.path.getsize(os.path.join(root, rel))
            if total + size > mb * 1_000_000:
                break
            place(os.path.join(root, rel), os.path.join(target, rel))
            total += size
            n += 1
        print(f"{target}: {n} files, {total:,} bytes")


if __name__ == "__main__":
    main()
