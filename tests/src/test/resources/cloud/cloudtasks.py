"""Tasks for CloudTest: sessions that borrow a persistent cloud's spokes. One pinterp list task
per mode; the run prints one sorted line per report: (name, outcome, detail)."""

import os
import sys

import pool
import typedefs

reports = []

#: A module global: set by a "taint" task on the spoke, unseen by the next session.
TAINT = None


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
        signature="cloudtasks:interp", stage1Cb=_stat)


_pc = _closure()

TYPEDEF = typedefs.task("list", typedefs.PINTERP_SPM, "name::scalar<auto> = deferred;",
                        "mode::scalar<auto> = deferred;")


def _seen():
    import builtins
    import json
    return sorted(k for k, v in (("builtin", getattr(builtins, "spm_cloud_taint", None)),
                                 ("global", TAINT),
                                 ("json-attr", getattr(json, "spm_cloud_taint", None)),
                                 ("environ", os.environ.get("SPM_CLOUD_TAINT")),
                                 ("cwd", os.getcwd() == "/tmp" or None),
                                 ("module", sys.modules.get("cloudtaint"))) if v is not None)


@spm.util.dassert(predicateCb=spm.sys.pstat.amSpoke)  # noqa: F821
def taskEval(pc):
    global TAINT
    hdl = pc.stage2.payload.tie()
    mode = hdl.mode
    if mode == "taint":
        import builtins
        import json
        import time
        builtins.spm_cloud_taint = 1
        json.spm_cloud_taint = 1
        TAINT = 1
        os.environ["SPM_CLOUD_TAINT"] = "1"
        os.chdir("/tmp")
        sys.modules["cloudtaint"] = type(sys)("cloudtaint")
        time.sleep(1)  # so that both spokes get a task
        hdl.spm.stat.returnValue = (os.getpid(), _seen())
    elif mode == "look":
        import time
        print("cloud-look-output of %d" % os.getpid(), flush=True)  # shown at the session's hub
        time.sleep(1)
        hdl.spm.stat.returnValue = (os.getpid(), _seen())
    elif mode == "marked":
        # Says it runs (a file beside this module), then runs for long.
        import time
        open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "running-%d" % os.getpid()), "w").close()
        time.sleep(600)
    elif mode.startswith("sleep"):
        import time
        time.sleep(float(mode[len("sleep"):]))
        hdl.spm.stat.returnValue = os.getpid()
    elif mode == "coprocess":
        # A co-process that outlives nothing: its session killed, its spoke ends it.
        hdl.spm.stat.returnValue = spm.util.coprocess.shell.policyA(  # noqa: F821
            cmd="sleep 7791", timeout=spm.util.timeout.after(seconds=600)).exitStatus  # noqa: F821
    elif mode == "warm":
        # Modules the test writes beside this one: an unchanged one keeps its code object across
        # sessions (a fresh module all the same: LOADS holds one load), an edited one does not.
        import time
        import warm_edited
        import warm_same
        warm_same.LOADS.append(os.getpid())
        time.sleep(1)  # so that both spokes get a task
        hdl.spm.stat.returnValue = (os.getpid(), id(warm_same.f.__code__), len(warm_same.LOADS), warm_same.f(),
                                    id(warm_edited.f.__code__), warm_edited.f())
    elif mode == "kill":
        os.kill(os.getpid(), 9)
    return pc.stage2.event.done()


def interp(modes, timeout=60, wait=60):
    """Runs one task per mode on the spokes there are; prints the sorted reports."""
    del reports[:]
    _pc.stage0.init.main(typedef=TYPEDEF)
    hdl = _pc.stage0.payload.tie()
    for i, mode in enumerate(modes):
        hdl.spm.meta.path = (os.path.dirname(os.path.abspath(__file__)),)
        hdl.spm.meta.modulePreload = ("cloudtasks",)
        hdl.spm.meta.module = "cloudtasks"
        hdl.spm.meta.timeout = spm.util.timeout.after(seconds=timeout)  # noqa: F821
        hdl.name = "%d-%s" % (i, mode)
        hdl.mode = mode
        hdl.Push()
    _pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,  # noqa: F821
                            nSpokesMax=spm.env.const.default,  # noqa: F821
                            timeoutWaitForSpokes=spm.util.timeout.after(seconds=wait),  # noqa: F821
                            timeoutExecution=spm.util.timeout.after(seconds=300))  # noqa: F821
    for r in sorted(reports):
        print(r, flush=True)
