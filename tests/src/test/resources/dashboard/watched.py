"""A run to watch in the dashboard (DashboardTest): one pinterp task per (seconds, failure) pair,
which sleeps that long on its spoke and then raises ValueError(failure) when failure is given;
typedefs.py beside it holds the typedef's parts. Prints one sorted line per report:
(name, outcome, detail)."""

import os
import time

import pool
import typedefs

reports = []


def _stat(pc):
    try:
        hdl = pc.stage1.payload.tie()
        reports.append((hdl.name, "done", hdl.spm.stat.returnValue))
    except (SPMTaskDropped, SPMTaskLoad, SPMTaskEval) as e:  # noqa: F821 - builtins
        (hdl,) = e.args
        reason = (hdl.spm.stat.exception or "").strip().splitlines()
        reports.append((hdl.name, type(e).__name__, reason[-1] if reason else ""))
    return pc.stage1.event.done()


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)  # noqa: F821
def _closure():
    return spm.pclosure.macro.pinterp.list.grainCoarse.policyA.defun(  # noqa: F821
        signature="watched:run", stage1Cb=_stat)


_pc = _closure()

TYPEDEF = typedefs.task("list", typedefs.PINTERP_SPM, "name::scalar<auto> = deferred;",
                        "seconds::scalar<auto> = deferred;", "failure::scalar<auto> = deferred;")


@spm.util.dassert(predicateCb=spm.sys.pstat.amSpoke)  # noqa: F821
def taskEval(pc):
    hdl = pc.stage2.payload.tie()
    time.sleep(hdl.seconds)
    if hdl.failure:
        raise ValueError(hdl.failure)
    hdl.spm.stat.returnValue = "slept %s s" % hdl.seconds
    return pc.stage2.event.done()


def run(tasks):
    """Runs one task per (seconds, failure or None) on every spoke; prints the reports."""
    del reports[:]
    _pc.stage0.init.main(typedef=TYPEDEF)
    hdl = _pc.stage0.payload.tie()
    for i, (seconds, failure) in enumerate(tasks):
        hdl.spm.meta.path = (os.path.dirname(os.path.abspath(__file__)),)
        hdl.spm.meta.modulePreload = ("watched",)
        hdl.spm.meta.module = "watched"
        hdl.spm.meta.timeout = spm.util.timeout.after(seconds=60)  # noqa: F821
        hdl.name = "%02d" % i
        hdl.seconds = seconds
        hdl.failure = failure
        hdl.Push()
    _pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,  # noqa: F821
                            nSpokesMax=spm.env.const.default,  # noqa: F821
                            timeoutWaitForSpokes=spm.util.timeout.after(seconds=120),  # noqa: F821
                            timeoutExecution=spm.util.timeout.after(seconds=300))  # noqa: F821
    for r in sorted(reports):
        print(r)
