#!/usr/bin/env python3
"""Trivial-task throughput and latency: N empty tasks through one run on 2 local spokes — spm-python
on spoke processes (`--spokes local:2`) and spoke threads (`--spokes threads:2`) — beside CPython's
multiprocessing.Pool(2) (apply_async; map with chunksize 1 and with its default), on the same
machine in the same run; the median of R interleaved rounds. Then one task's round trip (p50 and
p99 of L one-task runs after 20 warm-up ones) beside Pool.apply. Prints one table.

    python3 bench/tasks.py [N [R [L]]]        # N=10000, R=3, L=200; N may be a list: 10000,100000

SPM_DIST names another distribution to measure (bin/spm-python's own variable), e.g. one built
from an earlier commit; SPM_JAVA_OPTS=-Dspm.run.maxQueue=1 turns pipelining off (docs/PIPELINING.md).
Read the ratios, not the rates: the machines are shared and noisy."""

import os
import sys

from _bench import BENCH, SPM, json_line, median

WORKERS = 2


def main():
    sizes = [int(s) for s in (sys.argv[1] if len(sys.argv) > 1 else "10000").split(",")]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    calls = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    spm_side = os.path.join(BENCH, "tasks_spm.py")
    mp_side = os.path.join(BENCH, "tasks_mp.py")

    def sides(n, latency=False):
        tail = ["latency"] if latency else []
        return {
            "spm-python processes": [SPM, "--spokes", "local:%d" % WORKERS, spm_side, str(n), str(WORKERS)] + tail,
            "spm-python threads": [SPM, "--spokes", "threads:%d" % WORKERS, spm_side, str(n), str(WORKERS)] + tail,
            "mp.Pool apply_async" if not latency else "mp.Pool apply":
                [sys.executable, mp_side, str(n), str(WORKERS), "latency" if latency else "apply_async"],
        } | ({} if latency else {
            "mp.Pool map chunksize=1": [sys.executable, mp_side, str(n), str(WORKERS), "map1"],
            "mp.Pool map default chunksize": [sys.executable, mp_side, str(n), str(WORKERS), "map"],
        })

    print("trivial tasks, %d spokes / workers, median of %d interleaved rounds (python3 = %s%s%s)"
          % (WORKERS, rounds, sys.executable,
             ", SPM_DIST = " + os.environ["SPM_DIST"] if os.environ.get("SPM_DIST") else "",
             ", SPM_JAVA_OPTS = " + os.environ["SPM_JAVA_OPTS"] if os.environ.get("SPM_JAVA_OPTS") else ""))
    print()
    print("| tasks | what | pushed tasks/s | ran tasks/s | vs mp.Pool apply_async | hub RSS growth at push (MB) |")
    print("|---|---|---|---|---|---|")
    for n in sizes:
        commands = sides(n)
        runs = {name: [] for name in commands}
        for _ in range(rounds):
            for name, argv in commands.items():
                runs[name].append(json_line(argv))
        pool = median(r["run"] for r in runs["mp.Pool apply_async"])
        for name, results in runs.items():
            ran = median(r["run"] for r in results)
            push = median(r["push"] for r in results)
            rss = ("%.0f" % median(r["rss_mb"] for r in results)) if "rss_mb" in results[0] else "-"
            print("| %d | %s | %s | %.0f | %.3fx | %s |" % (n, name, "%.0f" % push if push else "-", ran, ran / pool, rss))
    print()
    print("| one task's round trip (%d calls) | p50 (ms) | p99 (ms) |" % calls)
    print("|---|---|---|")
    for name, argv in sides(calls, latency=True).items():
        r = json_line(argv)
        print("| %s | %.2f | %.2f |" % (name, r["p50"], r["p99"]))


if __name__ == "__main__":
    main()
