"""The CPython side of bench/engine.py: multiprocessing.Pool's start and trivial round trips.
Prints one JSON line like engine_spm.py."""

import json
import multiprocessing
import statistics
import sys
import time


def nothing():
    return None


if __name__ == "__main__":
    n_workers = int(sys.argv[1])
    round_trips = int(sys.argv[2])
    t = time.perf_counter()
    with multiprocessing.Pool(n_workers) as pool:
        pool.apply(nothing)
        ready = time.perf_counter() - t
        for _ in range(200):
            pool.apply(nothing)
        latencies = []
        start = time.perf_counter()
        for _ in range(round_trips):
            t = time.perf_counter()
            pool.apply(nothing)
            latencies.append(time.perf_counter() - t)
        elapsed = time.perf_counter() - start
    print(json.dumps({"join": [ready], "latency": statistics.median(latencies), "per_second": round_trips / elapsed}))
