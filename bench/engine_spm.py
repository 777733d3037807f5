"""The spm-python side of bench/engine.py (run by it under bin/spm-python --spokes local:N).
Prints one JSON line: launch-to-idle seconds per spoke, and trivial evaluation round trips."""

import json
import statistics
import sys
import time

n_spokes = int(sys.argv[1])
round_trips = int(sys.argv[2])
tracker = spm.sys.tracker  # noqa: F821 - spm is a builtin

deadline = time.time() + 300
while len(tracker.spokes(("idle",))) < n_spokes:
    if time.time() > deadline:
        sys.exit("spokes did not join: %r" % tracker)
    time.sleep(0.05)
joins = [s.joinSeconds for s in tracker.spokes(("idle",))]

spoke = tracker.spokes(("idle",))[0]
for _ in range(200):  # warm both sides up
    tracker.evaluate(spoke, "None")
latencies = []
start = time.perf_counter()
for _ in range(round_trips):
    t = time.perf_counter()
    tracker.evaluate(spoke, "None")
    latencies.append(time.perf_counter() - t)
elapsed = time.perf_counter() - start
print(json.dumps({"join": joins, "latency": statistics.median(latencies), "per_second": round_trips / elapsed}))
