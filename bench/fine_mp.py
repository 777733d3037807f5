"""The CPython side of bench/fine.py: N round trips over a multiprocessing.Pipe to a child that
echoes, and N waits on a multiprocessing.Barrier of 2 processes. Prints one JSON line like
fine_spm.py."""

import json
import multiprocessing
import sys
import time


def echo(conn):
    while True:
        value = conn.recv()
        if value is None:
            return
        conn.send(value)


def waiter(barrier, n):
    for _ in range(n):
        barrier.wait()


def percentiles(samples):
    samples = sorted(samples)
    return samples[len(samples) // 2] * 1e6, samples[min(len(samples) - 1, int(len(samples) * 0.99))] * 1e6


if __name__ == "__main__":
    n = int(sys.argv[1])
    total = n + n // 10
    here, there = multiprocessing.Pipe()
    child = multiprocessing.Process(target=echo, args=(there,))
    child.start()
    sends = []
    for i in range(total):
        t = time.perf_counter()
        here.send(i)
        here.recv()
        sends.append(time.perf_counter() - t)
    here.send(None)
    child.join()
    barrier = multiprocessing.Barrier(2)
    other = multiprocessing.Process(target=waiter, args=(barrier, total))
    other.start()
    waits = []
    for _ in range(total):
        t = time.perf_counter()
        barrier.wait()
        waits.append(time.perf_counter() - t)
    other.join()
    s50, s99 = percentiles(sends[n // 10:])
    a50, a99 = percentiles(waits[n // 10:])
    print(json.dumps({"send_p50": s50, "send_p99": s99, "aggregate_p50": a50, "aggregate_p99": a99}))
