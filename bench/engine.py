#!/usr/bin/env python3
"""The hub/spoke engine beside CPython's multiprocessing, on the same machine in the same run:
time from launch to a spoke ready for work (an authenticated idle spoke; for multiprocessing, a
Pool's first answer), and trivial round trips through the hub (sequential, one at a time).

    python3 bench/engine.py [ROUND_TRIPS]

Read the ratios, not the seconds: the machines are shared and noisy."""

import os
import sys

from _bench import BENCH, SPM, json_line

WORKERS = 2


def main():
    round_trips = sys.argv[1] if len(sys.argv) > 1 else "2000"
    spm_result = json_line([SPM, "--spokes", "local:%d" % WORKERS, os.path.join(BENCH, "engine_spm.py"), str(WORKERS),
                            round_trips])
    mp_result = json_line([sys.executable, os.path.join(BENCH, "engine_mp.py"), str(WORKERS), round_trips])
    rows = [
        ("launch to a ready spoke/worker (s)", max(spm_result["join"]), max(mp_result["join"])),
        ("trivial round trip, median (ms)", spm_result["latency"] * 1000, mp_result["latency"] * 1000),
        ("trivial round trips per second", spm_result["per_second"], mp_result["per_second"]),
    ]
    print("engine, %d local spokes vs multiprocessing.Pool(%d), %s round trips (python3 = %s)"
          % (WORKERS, WORKERS, round_trips, sys.executable))
    print("| %-36s | %12s | %18s | %7s |" % ("what", "spm-python", "CPython mp.Pool", "ratio"))
    print("|%s|%s|%s|%s|" % ("-" * 38, "-" * 14, "-" * 20, "-" * 9))
    for name, s, c in rows:
        print("| %-36s | %12.3f | %18.3f | %6.2fx |" % (name, s, c, s / c))


if __name__ == "__main__":
    main()
