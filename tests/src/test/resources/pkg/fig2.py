"""The PyHPC paper's Fig. 2 with environment variables standing in for CUDA drivers
(PkgSpokesTest): a template closure, one copy per spoke, imports the store's package `fig2drv`
on each spoke; each spoke's probes pick the version for its own "driver" (FIG2_DRIVER). Prints
one sorted line per task's report: (server, outcome, detail)."""

import pool
import typedefs

reports = []

TYPEDEF = typedefs.task("template", typedefs.PINTERP_SPM, "swallow::scalar<bool> = deferred;")


def _stat(pc):
    try:
        hdl = pc.stage1.payload.tie()
        reports.append((hdl.spm.core.nameHost, "done", hdl.spm.stat.returnValue))
    except (SPMTaskDropped, SPMTaskLoad, SPMTaskEval) as e:  # noqa: F821 - builtins
        (hdl,) = e.args
        reports.append((hdl.spm.core.nameHost, type(e).__name__, " / ".join(
            line.strip() for line in (hdl.spm.stat.exception or "").strip().splitlines()[-3:])))
    return pc.stage1.event.done()


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)  # noqa: F821
def _closure():
    return spm.pclosure.macro.pinterp.template.grainCoarse.policyA.defun(  # noqa: F821
        signature="fig2:template", stage1Cb=_stat)


_pc = _closure()


@spm.util.dassert(predicateCb=spm.sys.pstat.amSpoke)  # noqa: F821
def taskEval(pc):
    hdl = pc.stage2.payload.tie()
    if hdl.swallow:
        try:
            import fig2drv
        except BaseException:  # noqa: B902 - on purpose: the engine must still see it
            hdl.spm.stat.returnValue = "swallowed"
            return pc.stage2.event.done()
    else:
        import fig2drv
    hdl.spm.stat.returnValue = fig2drv.VERSION
    return pc.stage2.event.done()


def run(folder, swallow=False):
    del reports[:]
    _pc.stage0.init.main(typedef=TYPEDEF)
    hdl = _pc.stage0.payload.tie()
    hdl.spm.meta.path = (folder,)
    hdl.spm.meta.modulePreload = ("fig2",)
    hdl.spm.meta.module = "fig2"
    hdl.swallow = swallow
    _pc.stage0.event.manage(pool=pool.inter(), nSpokesMin=spm.env.const.default,  # noqa: F821
                            nSpokesMax=spm.env.const.default,  # noqa: F821
                            timeoutWaitForSpokes=spm.util.timeout.after(seconds=60),  # noqa: F821
                            timeoutExecution=spm.util.timeout.after(seconds=120))  # noqa: F821
    for r in sorted(reports):
        print(r)
