"""The spm-python side of bench/fine.py (run by it under bin/spm-python --spokes ...:2): a
limited run of one task timing N `mc.send` round trips (spoke -> hub's stage5Cb -> spoke), and a
general run on 2 spokes timing N `mc.aggregate` barriers. Prints one JSON line: the round trips'
and the aggregates' p50 and p99 in microseconds."""

import json
import os
import sys
import time

import pool
import typedefs_spm


def _echo(mc):
    mc.stage5.event.reply(mc.stage5.payload.tie())


mc = spm.pclosure.micro.aggregateRank.policyA.defun(signature="bench:fine:mc", stage5Cb=_echo)
results = []


def percentiles(samples):
    samples = sorted(samples)
    return samples[len(samples) // 2] * 1e6, samples[min(len(samples) - 1, int(len(samples) * 0.99))] * 1e6


def taskEval(pc):
    hdl = pc.stage2.payload.tie()
    times = []
    for i in range(hdl.n + hdl.n // 10):  # the first tenth warms up
        t = time.perf_counter()
        if _general[0]:
            mc.aggregate(i)
        else:
            mc.send(i, timeout=spm.util.timeout.after(seconds=60))
        times.append(time.perf_counter() - t)
    hdl.spm.stat.returnValue = times[hdl.n // 10:]
    return pc.stage2.event.done()


#: Set on the spoke from the task's module name: the general run's module is fine_spm_general.
_general = [False]


def _stat(pc):
    results.append(pc.stage1.payload.tie().spm.stat.returnValue)
    return pc.stage1.event.done()


def _run(path, kind, module, n):
    pc = path.defun(signature="bench:fine:" + kind + module, stage1Cb=_stat)
    pc.stage0.init.main(typedef=typedefs_spm.task(kind, "n::scalar<auto> = deferred;"))
    hdl = pc.stage0.payload.tie()
    hdl.spm.meta.path = (os.path.dirname(os.path.abspath(__file__)),)
    hdl.spm.meta.modulePreload = (module,)
    hdl.spm.meta.module = module
    hdl.n = n
    if kind == "list":
        hdl.Push()
    del results[:]
    pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,
                           nSpokesMax=spm.env.const.default,
                           timeoutWaitForSpokes=spm.util.timeout.after(seconds=60),
                           timeoutExecution=spm.util.timeout.after(seconds=3600))
    return [t for r in results for t in r]


if __name__ == "__main__":
    n = int(sys.argv[1])
    while len(spm.sys.tracker.spokes(("idle",))) < 2:
        time.sleep(0.1)
    sends = _run(spm.pclosure.macro.pinterp.list.grainFineLimited.policyA, "list", "fine_spm", n)
    aggregates = _run(spm.pclosure.macro.pinterp.template.grainFineGeneral.policyA, "template",
                      "fine_spm_general", n)
    s50, s99 = percentiles(sends)
    a50, a99 = percentiles(aggregates)
    print(json.dumps({"send_p50": s50, "send_p99": s99, "aggregate_p50": a50, "aggregate_p99": a99}))
