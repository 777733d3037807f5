#!/usr/bin/env python3
"""A DAG's overhead: the same N trivial tasks as a list and as a DAG (each task takes the result
of the task pushed two before it), on 2 spoke processes and on 2 spoke threads; each side runs
both shapes alternately R times in one session and keeps the medians. Prints a table.

    python3 bench/dag.py [N [R]]        # N=2000, R=3

Read the ratios, not the seconds: the machines are shared and noisy."""

import os
import sys

from _bench import BENCH, SPM, json_line


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    side = os.path.join(BENCH, "dag_spm.py")
    print("%d trivial tasks as a list and as a DAG (task i takes task i-2's result), 2 spokes, median of %d "
          "alternate runs" % (n, rounds))
    print("| %-22s | %10s | %10s | %14s |" % ("spokes", "list (s)", "DAG (s)", "DAG / list"))
    print("|%s|%s|%s|%s|" % ("-" * 24, "-" * 12, "-" * 12, "-" * 16))
    for name, spokes in (("processes", "local:2"), ("threads", "threads:2")):
        r = json_line([SPM, "--spokes", spokes, side, str(n), str(rounds)])
        print("| %-22s | %10.2f | %10.2f | %13.2fx |" % (name, r["list"], r["dag"], r["dag"] / r["list"]))


if __name__ == "__main__":
    main()
