"""Trivial-task throughput: 10,000 empty pinterp tasks through one run on local spokes.
Run by spm-python itself:  bin/spm-python --spokes local:2 bench/tasks.py [N]
Prints tasks per second (after the spokes joined), and the same count of trivial
multiprocessing.Pool.apply_async calls is the CPython side (bench/tasks_mp.py)."""

import os
import sys
import time

import pool

TYPEDEF = r"""
task<list>::struct {
  spm::struct {
    meta::struct {
      label::scalar<stringSnippet> = '***';
      path::tuple<string> = deferred;
      modulePreload::tuple<string> = deferred;
      module::scalar<stringSnippet> = deferred;
      timeout::scalar<timeout> = None;
    };
    stat::struct { exception::scalar<auto> = None; returnValue::scalar<auto> = None; };
  };
};
"""

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

if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    while len(spm.sys.tracker.spokes(("idle",))) < 2:
        time.sleep(0.1)
    here = os.path.dirname(os.path.abspath(__file__))
    _pc.stage0.init.main(typedef=TYPEDEF)
    hdl = _pc.stage0.payload.tie()
    t = time.perf_counter()
    for _ in range(n):
        hdl.spm.meta.path = (here,)
        hdl.spm.meta.modulePreload = ("tasks",)
        hdl.spm.meta.module = "tasks"
        hdl.Push()
    pushed = time.perf_counter() - t
    t = time.perf_counter()
    _pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,
                            nSpokesMax=spm.env.const.default,
                            timeoutWaitForSpokes=spm.util.timeout.after(seconds=60),
                            timeoutExecution=spm.util.timeout.after(seconds=3600))
    ran = time.perf_counter() - t
    print("TASKS %d reported; push %.0f tasks/s; run %.0f tasks/s" % (done[0], n / pushed, n / ran))
