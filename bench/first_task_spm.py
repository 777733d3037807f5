"""The spm-python side of bench/remote.py: one run of 2 trivial tasks as soon as the hub is up,
waiting for the spokes however they start. Prints one JSON line: the wall-clock time (time.time())
of the first task's report, for the driver to subtract its own start of the hub from."""

import json
import os
import sys
import time

import pool

from tasks_spm import TYPEDEF

first = []


def _first(pc):
    pc.stage1.payload.tie()
    if not first:
        first.append(time.time())
    return pc.stage1.event.done()


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)
def _declare():
    return spm.pclosure.macro.pinterp.list.grainCoarse.policyA.defun(signature="bench:first", stage1Cb=_first)


_pc = _declare()

if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    _pc.stage0.init.main(typedef=TYPEDEF)
    hdl = _pc.stage0.payload.tie()
    for _ in range(2):
        hdl.spm.meta.path = (here,)
        hdl.spm.meta.modulePreload = ("tasks_spm",)
        hdl.spm.meta.module = "tasks_spm"
        hdl.Push()
    _pc.stage0.event.manage(pool=pool.inter(), nSpokesMin=1, nSpokesMax=spm.env.const.default,
                            timeoutWaitForSpokes=spm.util.timeout.after(seconds=300),
                            timeoutExecution=spm.util.timeout.after(seconds=600))
    if not first:
        sys.exit("no task was reported")
    print(json.dumps({"first": first[0]}))
