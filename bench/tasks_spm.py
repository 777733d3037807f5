"""The spm-python side of bench/tasks.py (run by it under bin/spm-python --spokes ...): N empty
pinterp tasks through one run, once the spokes joined. Prints one JSON line: tasks pushed per
second and tasks run per second (manage, first dispatch to last report and callback)."""

import json
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
    n, n_spokes = int(sys.argv[1]), int(sys.argv[2])
    while len(spm.sys.tracker.spokes(("idle",))) < n_spokes:
        time.sleep(0.1)
    here = os.path.dirname(os.path.abspath(__file__))
    _pc.stage0.init.main(typedef=TYPEDEF)
    hdl = _pc.stage0.payload.tie()
    t = time.perf_counter()
    for _ in range(n):
        hdl.spm.meta.path = (here,)
        hdl.spm.meta.modulePreload = ("tasks_spm",)
        hdl.spm.meta.module = "tasks_spm"
        hdl.Push()
    pushed = time.perf_counter() - t
    t = time.perf_counter()
    _pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,
                            nSpokesMax=spm.env.const.default,
                            timeoutWaitForSpokes=spm.util.timeout.after(seconds=60),
                            timeoutExecution=spm.util.timeout.after(seconds=3600))
    ran = time.perf_counter() - t
    if done[0] != n:
        sys.exit("%d of %d tasks were reported" % (done[0], n))
    print(json.dumps({"push": n / pushed, "run": n / ran}))
