"""The spm-python side of bench/dag.py (run by it under bin/spm-python --spokes ...:2): the same
N trivial pinterp tasks as a list and as a DAG (task i takes task i-2's result: two chains that
keep both spokes busy), alternately, R times each, in one session. Prints one JSON line: the
median seconds of manage for each."""

import json
import os
import sys
import time

import pool
import typedefs_spm


done = [0]


def taskEval(pc):
    hdl = pc.stage2.payload.tie()
    hdl.spm.stat.returnValue = (hdl.x or 0) + 1
    return pc.stage2.event.done()


def _count(pc):
    pc.stage1.payload.tie()
    done[0] += 1
    return pc.stage1.event.done()


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)
def _declare():
    return {"list": spm.pclosure.macro.pinterp.list.grainCoarse.policyA.defun(signature="bench:list", stage1Cb=_count),
            "dag": spm.pclosure.macro.pinterp.dag.grainCoarse.policyA.defun(signature="bench:dag", stage1Cb=_count)}


_pcs = _declare()


def once(kind, n):
    pc = _pcs[kind]
    pc.stage0.init.main(typedef=typedefs_spm.task(kind, "x::scalar<auto> = None;"))
    hdl = pc.stage0.payload.tie()
    here = os.path.dirname(os.path.abspath(__file__))
    refs = []
    for i in range(n):
        hdl.spm.meta.path = (here,)
        hdl.spm.meta.modulePreload = ("dag_spm",)
        hdl.spm.meta.module = "dag_spm"
        hdl.x = refs[i - 2] if kind == "dag" and i >= 2 else None
        refs.append(hdl.Push())
    done[0] = 0
    t = time.perf_counter()
    pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,
                           nSpokesMax=spm.env.const.default,
                           timeoutWaitForSpokes=spm.util.timeout.after(seconds=60),
                           timeoutExecution=spm.util.timeout.after(seconds=3600))
    took = time.perf_counter() - t
    if done[0] != n:
        sys.exit("%d of %d tasks were reported" % (done[0], n))
    return took


if __name__ == "__main__":
    n, rounds = int(sys.argv[1]), int(sys.argv[2])
    while len(spm.sys.tracker.spokes(("idle",))) < 2:
        time.sleep(0.1)
    once("list", min(n, 200))  # warm-up
    times = {"list": [], "dag": []}
    for _ in range(rounds):
        for kind in ("list", "dag"):
            times[kind].append(once(kind, n))
    print(json.dumps({k: sorted(v)[len(v) // 2] for k, v in times.items()}))
