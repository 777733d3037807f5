#!/usr/bin/env python3
"""Trivial-task throughput: N empty tasks through one run on 2 local spokes — spm-python on spoke
processes (`--spokes local:2`) and spoke threads (`--spokes threads:2`) — beside CPython's
multiprocessing.Pool(2).apply_async, on the same machine in the same run; the median of R
interleaved rounds. Prints a table.

    python3 bench/tasks.py [N [R]]        # N=10000, R=3

SPM_DIST names another distribution to measure (bin/spm-python's own variable), e.g. one built
from an earlier commit, to compare two builds in one session. Read the ratios, not the rates:
the machines are shared and noisy."""

import os
import sys

from _bench import BENCH, SPM, json_line, median

WORKERS = 2


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    spm_side = os.path.join(BENCH, "tasks_spm.py")
    commands = {
        "spm-python processes": [SPM, "--spokes", "local:%d" % WORKERS, spm_side, str(n), str(WORKERS)],
        "spm-python threads": [SPM, "--spokes", "threads:%d" % WORKERS, spm_side, str(n), str(WORKERS)],
        "CPython mp.Pool": [sys.executable, os.path.join(BENCH, "tasks_mp.py"), str(n), str(WORKERS)],
    }
    runs = {name: [] for name in commands}
    for _ in range(rounds):
        for name, argv in commands.items():
            runs[name].append(json_line(argv))
    pool = median(r["run"] for r in runs["CPython mp.Pool"])
    print("%d trivial tasks, %d spokes / workers, median of %d interleaved rounds (python3 = %s%s)"
          % (n, WORKERS, rounds, sys.executable,
             ", SPM_DIST = " + os.environ["SPM_DIST"] if os.environ.get("SPM_DIST") else ""))
    print("| %-22s | %14s | %13s | %13s |" % ("what", "pushed tasks/s", "ran tasks/s", "vs mp.Pool"))
    print("|%s|%s|%s|%s|" % ("-" * 24, "-" * 16, "-" * 15, "-" * 15))
    for name, results in runs.items():
        ran = median(r["run"] for r in results)
        print("| %-22s | %14.0f | %13.0f | %12.3fx |" % (name, median(r["push"] for r in results), ran, ran / pool))


if __name__ == "__main__":
    main()
