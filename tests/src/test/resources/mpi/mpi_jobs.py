"""The fault tests' side of an MPI job at the hub: `run(app, options, ...)` runs the openMPI
closure once and prints one line per report: REPORT <done|exception name> <spoke> <text>, where
text is the first line of spm.stat.exception, or the ranks' ends for a done report; the full
exception follows on EXCEPTION lines."""

import spm

reports = []


def _stat(pc):
    try:
        hdl = pc.stage1.payload.tie()
        value = hdl.spm.stat.returnValue
        reports.append(("done", value.spoke, " ".join("rank%d:%s%s" % (r.rank, r.how, r.exitStatus if r.how == "exit"
                                                                          else r.signal) for r in value.ranks), ""))
    except (SPMTaskDropped, SPMTaskLoad, SPMTaskEval) as e:
        hdl = e.args[0]
        value = hdl.spm.stat.returnValue
        spoke = value.spoke if value is not None else "?"
        text = hdl.spm.stat.exception or ""
        reports.append((type(e).__name__, spoke, text.splitlines()[0] if text else "", text))
    return pc.stage1.event.done()


_pc = spm.pclosure.macro.papply.template.openMPI.policyA.defun(signature="mpi-jobs", stage1Cb=_stat)

TYPEDEF = r"""
task<template> ::struct {
  spm ::struct {
    meta ::struct {
      label   ::scalar<stringSnippet> = deferred;
      apiArgs ::dict<string,mixed>   = deferred;
      timeout ::scalar<timeout>      = deferred;
    };
    stat ::struct {
      exception   ::scalar<auto>   = None;
      returnValue ::scalar<record> = None;
    };
  };
};
"""


def run(app, options="", timeout=60, pool_name="intraAll", deadlock=None):
    import pool
    del reports[:]
    _pc.stage0.init.main(typedef=TYPEDEF)
    hdl = _pc.stage0.payload.tie()
    hdl.spm.meta.label = "job"
    args = dict(app=app, appOptions=options)
    if deadlock is not None:
        args["deadlockSeconds"] = deadlock
    hdl.spm.meta.apiArgs = args
    hdl.spm.meta.timeout = spm.util.timeout.after(seconds=timeout)
    try:
        _pc.stage0.event.manage(getattr(pool, pool_name)(), nSpokesMin=spm.env.const.default,
                                nSpokesMax=spm.env.const.default,
                                timeoutWaitForSpokes=spm.util.timeout.after(seconds=120),
                                timeoutExecution=spm.util.timeout.after(seconds=300))
    except spm.SPMException as e:
        print("MANAGE %s: %s" % (type(e).__name__, e))
    for kind, spoke, first, text in reports:
        print("REPORT %s %s %s" % (kind, spoke, first))
        for line in text.splitlines()[1:]:
            print("EXCEPTION " + line)
    print("REPORTS %d" % len(reports))
