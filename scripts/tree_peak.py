"""Runs a command and reports its wall time and the peak resident memory of
its whole process tree (the sum over every descendant, sampled every 0.1 s
from /proc), and of its largest single process.

farm-bench counts only the processes a command waits for; a Spark job's
JVM and its Python workers are not all waited for, so this samples the
tree instead (issue 16, BENCHMARKS.md "The whole UN corpus on Spark").
The sum counts pages shared between forked workers once per process, so it
is an upper bound.

    python3 scripts/tree_peak.py -- spark-submit --master 'local[2]' job.py
"""

import os
import subprocess
import sys
import time


def tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.exit("usage: tree_peak.py -- COMMAND [ARG ...]")
    started = time.monotonic()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL if os.environ.get("QUIET") else None)
    peak_sum = peak_one = 0
    while child.poll() is None:
        sizes = [rss_kib(p) for p in tree(child.pid)]
        peak_sum = max(peak_sum, sum(sizes))
        peak_one = max(peak_one, max(sizes, default=0))
        time.sleep(0.1)
    wall = time.monotonic() - started
    print(
        f"exit {child.returncode}, wall {wall:.1f} s, peak tree RSS {peak_sum / 1024:.0f} MiB, "
        f"largest process {peak_one / 1024:.0f} MiB",
        file=sys.stderr,
    )
    sys.exit(child.returncode)


if __name__ == "__main__":
    main()
