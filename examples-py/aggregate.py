"""Fine grain (general): one copy of a template per spoke, ranks 0..N-1 that talk to each other.
Each rank integrates 4/(1+x^2) over its own slice of [0, 1] (together: pi), `mc.aggregate`s its
part (a barrier: every rank gets every part, in rank order), then passes a token around the
ring with `mc.send(..., rank = ...)` / `mc.recv()`. The ranks fail as one unit: if any raised,
passed its timeout or lost its spoke, all would be reported at once and their spokes relaunched.

usage: spm-python examples-py/aggregate.py [STEPS]
"""

import math
import os
import sys

import pool

TYPEDEF = r"""
task<template>::struct {
    spm::struct {
        meta::struct {
            label::scalar<stringSnippet> = '***';
            path::tuple<string> = deferred;
            modulePreload::tuple<string> = deferred;
            module::scalar<stringSnippet> = deferred;
            timeout::scalar<timeout> = deferred;
        };
        stat::struct {
            exception::scalar<auto> = None;
            returnValue::scalar<auto> = None;
        };
    };
    steps::scalar<auto> = deferred;
};
"""

mc = spm.pclosure.micro.aggregateRank.policyA.defun(signature="aggregate:pi")
reports = []


@spm.util.dassert(predicateCb=spm.sys.pstat.amSpoke)
def taskEval(pc):
    hdl = pc.stage2.payload.tie()
    rank, size, steps = mc.rank(), mc.size(), hdl.steps
    h = 1.0 / steps
    part = sum(4.0 / (1.0 + ((i + 0.5) * h) ** 2) for i in range(rank, steps, size)) * h
    parts = mc.aggregate(part)
    # A token around the ring: each rank adds its rank; rank 0 starts it and gets the sum back.
    after = spm.util.timeout.after(seconds=60)
    if rank == 0:
        mc.send(0, rank=1 % size)
        _, token = mc.recv(timeout=after)
    else:
        _, token = mc.recv(timeout=after)
        mc.send(token + rank, rank=(rank + 1) % size)
    hdl.spm.stat.returnValue = (rank, size, sum(parts), token)
    return pc.stage2.event.done()


def _report(pc):
    try:
        reports.append(pc.stage1.payload.tie().spm.stat.returnValue)
    except (SPMTaskDropped, SPMTaskLoad, SPMTaskEval) as e:
        (hdl,) = e.args
        reports.append("FAILED: %s" % (hdl.spm.stat.exception,))
    return pc.stage1.event.done()


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)
def _declare():
    return spm.pclosure.macro.pinterp.template.grainFineGeneral.policyA.defun(signature="aggregate:run",
                                                                              stage1Cb=_report)


_pc = _declare()


def main(steps=1000000):
    del reports[:]
    _pc.stage0.init.main(typedef=TYPEDEF)
    hdl = _pc.stage0.payload.tie()
    hdl.spm.meta.path = (os.path.dirname(_pc.meta.module.srcDir),)
    hdl.spm.meta.modulePreload = ("aggregate",)
    hdl.spm.meta.module = "aggregate"
    hdl.spm.meta.timeout = spm.util.timeout.after(seconds=600)
    hdl.steps = steps
    _pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,
                            nSpokesMax=spm.env.const.default,
                            timeoutWaitForSpokes=spm.util.timeout.after(seconds=60),
                            timeoutExecution=spm.util.timeout.after(seconds=1800))
    return sorted(reports, key=repr)


if __name__ == "__main__":
    got = main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000000)
    for r in got:
        print(r)
    size = len(got)
    ok = all(isinstance(r, tuple) and abs(r[2] - math.pi) < 1e-6 and r[1] == size for r in got)
    if not ok or got[0][3] != size * (size - 1) // 2:
        sys.exit("WRONG: every rank should have pi, and rank 0 the ring's token %d" % (size * (size - 1) // 2))
    print("OK: %d ranks agree on pi = %.10f" % (size, got[0][2]))
