"""Many trivial tasks through one run (FaultMatrix: issue 16): each task carries its index, the
status callback notes each reported index; many() prints how many reports came, how many distinct
indices, and whether they are exactly 0..n-1 with every one done."""

import os

import pool
import typedefs

seen = []
statuses = set()
failures = []


def _count(pc):
    try:
        seen.append(pc.stage1.payload.tie().i)
        statuses.add("done")
    except (SPMTaskDropped, SPMTaskLoad, SPMTaskEval) as e:  # noqa: F821 - builtins
        seen.append(e.args[0].i)
        statuses.add(type(e).__name__)
        if len(failures) < 3:  # why, for the test's message
            failures.append("%d: %s" % (e.args[0].i, (e.args[0].spm.stat.exception or "").strip()[-300:]))
    return pc.stage1.event.done()


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)  # noqa: F821
def _declare():
    return spm.pclosure.macro.pinterp.list.grainCoarse.policyA.defun(  # noqa: F821
        signature="many:tasks", stage1Cb=_count)


_pc = _declare()

TYPEDEF = typedefs.task("list", typedefs.PINTERP_SPM, "i::scalar<auto> = deferred;")


@spm.util.dassert(predicateCb=spm.sys.pstat.amSpoke)  # noqa: F821
def taskEval(pc):
    return pc.stage2.event.done()


def many(n):
    del seen[:]
    del failures[:]
    statuses.clear()
    _pc.stage0.init.main(typedef=TYPEDEF)
    hdl = _pc.stage0.payload.tie()
    here = (os.path.dirname(os.path.abspath(__file__)),)
    for i in range(n):
        hdl.spm.meta.path = here
        hdl.spm.meta.modulePreload = ("many",)
        hdl.spm.meta.module = "many"
        hdl.i = i
        hdl.Push()
    _pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,  # noqa: F821
                            nSpokesMax=spm.env.const.default,  # noqa: F821
                            timeoutWaitForSpokes=spm.util.timeout.after(seconds=60),  # noqa: F821
                            timeoutExecution=spm.util.timeout.after(seconds=3600))  # noqa: F821
    print("reports", len(seen), "distinct", len(set(seen)), "exact", sorted(seen) == list(range(n)),
          "statuses", sorted(statuses))
    for f in failures:
        print("not done:", f)
