"""Fine grain (general) end to end (FineGeneralMatrix and its placements): one copy of a
template per spoke, ranks that talk to each other, fail as one unit and whose deadlocks the hub
detects. Each run prints one line per report, by rank: (rank, outcome, detail)."""

import os
import time

import pool
import typedefs

reports = []

TYPEDEF = typedefs.task("template", typedefs.PINTERP_SPM, "mode::scalar<auto> = deferred;")

mc = spm.pclosure.micro.aggregateRank.policyA.defun(signature="general:mc")  # noqa: F821


def _stat(pc):
    try:
        hdl = pc.stage1.payload.tie()
        reports.append((hdl.spm.stat.returnValue[0], "done", hdl.spm.stat.returnValue[1]))
    except (SPMTaskDropped, SPMTaskLoad, SPMTaskEval) as e:  # noqa: F821 - builtins
        (hdl,) = e.args
        reason = (hdl.spm.stat.exception or "").strip().splitlines()
        reports.append(("?", type(e).__name__, reason[-1] if reason else ""))
    return pc.stage1.event.done()


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)  # noqa: F821
def _closure():
    return spm.pclosure.macro.pinterp.template.grainFineGeneral.policyA.defun(signature="general:run", stage1Cb=_stat)  # noqa: F821


_pc = _closure()


def taskEval(pc):
    hdl = pc.stage2.payload.tie()
    mode, rank, size = hdl.mode, mc.rank(), mc.size()
    after = spm.util.timeout.after  # noqa: F821
    if mode == "aggregate":
        hdl.spm.stat.returnValue = (rank, (size, mc.aggregate(rank * 10)))
    elif mode == "ring":
        mc.send("hello from %d" % rank, rank=(rank + 1) % size)
        hdl.spm.stat.returnValue = (rank, mc.recv(timeout=after(seconds=60)))
    elif mode.startswith("fail-"):  # rank 1 fails in its own way; the others wait in aggregate
        if rank == 1:
            how = mode[len("fail-"):]
            if how == "raise":
                raise ValueError("rank 1 raised on purpose")
            if how == "hang":
                while True:
                    pass
            if how == "kill":
                os.kill(os.getpid(), 9)
            if how == "exit":
                os._exit(3)
        mc.aggregate(rank)
        hdl.spm.stat.returnValue = (rank, "not reached")
    elif mode == "deadlock":  # rank 0 waits for a message nobody sends; the others in aggregate
        if rank == 0:
            mc.recv()
        else:
            mc.aggregate(rank)
        hdl.spm.stat.returnValue = (rank, "not reached")
    elif mode == "recv-timeout":
        try:
            mc.recv(timeout=after(seconds=1))
        except spm.exceptions.SPMMessageTimeout as e:  # noqa: F821
            hdl.spm.stat.returnValue = (rank, str(e))
    elif mode == "post":
        mc.post("not in a general run")
    return pc.stage2.event.done()


def run(mode, timeout=60):
    del reports[:]
    _pc.stage0.init.main(typedef=TYPEDEF)
    hdl = _pc.stage0.payload.tie()
    hdl.spm.meta.path = (os.path.dirname(os.path.abspath(__file__)),)
    hdl.spm.meta.modulePreload = ("general",)
    hdl.spm.meta.module = "general"
    hdl.spm.meta.timeout = spm.util.timeout.after(seconds=timeout)  # noqa: F821
    hdl.mode = mode
    start = time.monotonic()
    _pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,  # noqa: F821
                            nSpokesMax=spm.env.const.default,  # noqa: F821
                            timeoutWaitForSpokes=spm.util.timeout.after(seconds=60),  # noqa: F821
                            timeoutExecution=spm.util.timeout.after(seconds=300))  # noqa: F821
    took = time.monotonic() - start
    for r in sorted(reports, key=repr):
        print(r)
    print("took %.0f s" % took if took > 20 else "took under 20 s")
