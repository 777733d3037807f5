"""The CPython side of bench/tasks.py: N trivial multiprocessing.Pool.apply_async calls on a
warm pool, all submitted, then all waited for. Prints one JSON line like tasks_spm.py."""

import json
import multiprocessing
import sys
import time


def nothing():
    return None


if __name__ == "__main__":
    n, workers = int(sys.argv[1]), int(sys.argv[2])
    with multiprocessing.Pool(workers) as p:
        p.apply(nothing)  # the workers are up
        t = time.perf_counter()
        results = [p.apply_async(nothing) for _ in range(n)]
        pushed = time.perf_counter() - t
        for r in results:
            r.get()
        ran = time.perf_counter() - t
    print(json.dumps({"push": n / pushed, "run": n / ran}))
