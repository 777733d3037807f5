"""The CPython side of bench/tasks.py: N trivial multiprocessing.Pool calls on a warm pool.

    tasks_mp.py N WORKERS [apply_async|map1|map|latency]

apply_async (the default): all submitted, then all waited for; map1: Pool.map with chunksize 1;
map: Pool.map with its default chunksize; latency: N Pool.apply calls one after the other. Prints
one JSON line like tasks_spm.py."""

import json
import multiprocessing
import sys
import time


def nothing(_=None):
    return None


def _percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100.0 * len(values)))]


if __name__ == "__main__":
    n, workers = int(sys.argv[1]), int(sys.argv[2])
    how = sys.argv[3] if len(sys.argv) > 3 else "apply_async"
    with multiprocessing.Pool(workers) as p:
        p.apply(nothing)  # the workers are up
        if how == "latency":
            took = []
            for i in range(n + 20):
                t = time.perf_counter()
                p.apply(nothing)
                if i >= 20:
                    took.append((time.perf_counter() - t) * 1000)
            print(json.dumps({"p50": _percentile(took, 50), "p99": _percentile(took, 99)}))
            sys.exit(0)
        t = time.perf_counter()
        if how == "apply_async":
            results = [p.apply_async(nothing) for _ in range(n)]
            pushed = time.perf_counter() - t
            for r in results:
                r.get()
        else:
            pushed = 0
            p.map(nothing, range(n), chunksize=1 if how == "map1" else None)
        ran = time.perf_counter() - t
    print(json.dumps({"push": n / pushed if pushed else 0, "run": n / ran}))
