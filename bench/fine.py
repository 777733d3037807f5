#!/usr/bin/env python3
"""Fine-grain message costs: a task's `mc.send` round trip (spoke -> hub's stage5Cb -> spoke) and
an `mc.aggregate` barrier over 2 spokes — on spoke processes and spoke threads — beside a
multiprocessing.Pipe round trip and a multiprocessing.Barrier of 2 processes, on the same machine
in the same run; p50 and p99 of N each, the median of R interleaved rounds. Prints a table.

    python3 bench/fine.py [N [R]]        # N=2000, R=3

Read the ratios, not the microseconds: the machines are shared and noisy."""

import os
import sys

from _bench import BENCH, SPM, json_line, median


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    spm_side = os.path.join(BENCH, "fine_spm.py")
    commands = {
        "spm-python processes": [SPM, "--spokes", "local:2", spm_side, str(n)],
        "spm-python threads": [SPM, "--spokes", "threads:2", spm_side, str(n)],
        "CPython mp.Pipe/Barrier": [sys.executable, os.path.join(BENCH, "fine_mp.py"), str(n)],
    }
    runs = {name: [] for name in commands}
    for _ in range(rounds):
        for name, argv in commands.items():
            runs[name].append(json_line(argv))
    base = {k: median(r[k] for r in runs["CPython mp.Pipe/Barrier"]) for k in runs["CPython mp.Pipe/Barrier"][0]}
    print("%d sends / aggregates over 2 spokes or processes, median of %d interleaved rounds (python3 = %s)"
          % (n, rounds, sys.executable))
    print("| %-24s | %15s | %15s | %10s | %18s | %18s | %10s |" % (
        "what", "send p50 (us)", "send p99 (us)", "vs Pipe", "aggregate p50 (us)", "aggregate p99 (us)", "vs Barrier"))
    print("|%s|%s|%s|%s|%s|%s|%s|" % ("-" * 26, "-" * 17, "-" * 17, "-" * 12, "-" * 20, "-" * 20, "-" * 12))
    for name, results in runs.items():
        m = {k: median(r[k] for r in results) for k in results[0]}
        print("| %-24s | %15.0f | %15.0f | %9.1fx | %18.0f | %18.0f | %9.1fx |" % (
            name, m["send_p50"], m["send_p99"], m["send_p50"] / base["send_p50"], m["aggregate_p50"],
            m["aggregate_p99"], m["aggregate_p50"] / base["aggregate_p50"]))


if __name__ == "__main__":
    main()
