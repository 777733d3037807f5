"""The spm-python side of bench/tasks.py (run by it under bin/spm-python --spokes ...).

    tasks_spm.py N SPOKES            N empty pinterp tasks through one run, once the spokes joined
    tasks_spm.py N SPOKES latency    N runs of one empty task each, one after the other

Prints one JSON line: tasks pushed per second, tasks run per second (manage: first dispatch to
last report and callback), and the hub's resident memory growth while pushing (MB); or, for
latency, the p50 and p99 of one task's round trip (manage of a one-task run) in ms."""

import json
import os
import sys
import time

import pool
import typedefs_spm

TYPEDEF = typedefs_spm.task("list")

done = [0]


@spm.util.dassert(predicateCb=spm.sys.pstat.amSpoke)
def taskEval(pc):
    return pc.stage2.event.done()


def _count(pc):
    pc.stage1.payload.tie()
    done[0] += 1
    return pc.stage1.event.done()


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)
def _declare():
    return spm.pclosure.macro.pinterp.list.grainCoarse.policyA.defun(signature="bench:tasks", stage1Cb=_count)


_pc = _declare()


def _rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def _push(n, here):
    _pc.stage0.init.main(typedef=TYPEDEF)
    hdl = _pc.stage0.payload.tie()
    for _ in range(n):
        hdl.spm.meta.path = (here,)
        hdl.spm.meta.modulePreload = ("tasks_spm",)
        hdl.spm.meta.module = "tasks_spm"
        hdl.Push()


def _manage():
    _pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,
                            nSpokesMax=spm.env.const.default,
                            timeoutWaitForSpokes=spm.util.timeout.after(seconds=60),
                            timeoutExecution=spm.util.timeout.after(seconds=3600))


def _percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100.0 * len(values)))]


if __name__ == "__main__":
    n, n_spokes = int(sys.argv[1]), int(sys.argv[2])
    latency = len(sys.argv) > 3 and sys.argv[3] == "latency"
    while len(spm.sys.tracker.spokes(("idle",))) < n_spokes:
        time.sleep(0.1)
    here = os.path.dirname(os.path.abspath(__file__))
    if latency:
        took = []
        devnull = open(os.devnull, "w")
        for i in range(n + 20):  # the first 20 warm up
            _push(1, here)
            out, sys.stdout = sys.stdout, devnull  # manage's status lines
            t = time.perf_counter()
            try:
                _manage()
            finally:
                sys.stdout = out
            if i >= 20:
                took.append((time.perf_counter() - t) * 1000)
        print(json.dumps({"p50": _percentile(took, 50), "p99": _percentile(took, 99)}))
        sys.exit(0)
    before = _rss_mb()
    t = time.perf_counter()
    _push(n, here)
    pushed = time.perf_counter() - t
    grown = _rss_mb() - before
    t = time.perf_counter()
    _manage()
    ran = time.perf_counter() - t
    if done[0] != n:
        sys.exit("%d of %d tasks were reported" % (done[0], n))
    print(json.dumps({"push": n / pushed, "run": n / ran, "rss_mb": grown}))
