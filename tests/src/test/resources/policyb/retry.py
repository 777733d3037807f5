"""policyB (PolicyBTest): tasks that kill their own spoke process once or every time, raise or
hang, under the coarse list, template and DAG closures' policyB, and the list's policyA beside
them. Each run prints one sorted line per task's report: (name, outcome, detail, tries).
typedefs.py beside it holds the `spm` part."""

import os

import pool
import typedefs

reports = []

#: The `spm` part with policyB's two fields: meta.retries (None: the default, 2) and stat.tries.
SPM = (typedefs.PINTERP_SPM
       .replace("timeout::scalar<timeout> = None;", "timeout::scalar<timeout> = None;\n      retries::scalar<auto> = None;")
       .replace("returnValue::scalar<auto> = None;", "returnValue::scalar<auto> = None;\n      tries::scalar<auto> = None;"))
FIELDS = ("name::scalar<auto> = deferred;", "mode::scalar<auto> = deferred;", "marker::scalar<auto> = None;",
          "given::scalar<auto> = None;")


def _stat(pc):
    try:
        hdl = pc.stage1.payload.tie()
        reports.append((hdl.name, "done", hdl.spm.stat.returnValue, hdl.spm.stat.tries))
    except (SPMTaskDropped, SPMTaskLoad, SPMTaskEval) as e:  # noqa: F821 - builtins
        (hdl,) = e.args
        reason = (hdl.spm.stat.exception or "").strip().splitlines()
        reports.append((hdl.name, type(e).__name__, reason[-1] if reason else "", hdl.spm.stat.tries))
    return pc.stage1.event.done()


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)  # noqa: F821
def _closures():
    macro = spm.pclosure.macro.pinterp  # noqa: F821
    return {
        "listB": macro.list.grainCoarse.policyB.defun(signature="retry:listB", stage1Cb=_stat),
        "listA": macro.list.grainCoarse.policyA.defun(signature="retry:listA", stage1Cb=_stat),
        "templateB": macro.template.grainCoarse.policyB.defun(signature="retry:templateB", stage1Cb=_stat),
        "dagB": macro.dag.grainCoarse.policyB.defun(signature="retry:dagB", stage1Cb=_stat),
    }


_pcs = _closures()


@spm.util.dassert(predicateCb=spm.sys.pstat.amSpoke)  # noqa: F821
def taskEval(pc):
    hdl = pc.stage2.payload.tie()
    mode = hdl.mode
    if mode == "ok":
        hdl.spm.stat.returnValue = "ok"
    elif mode == "killonce":  # the first try kills its spoke; a later one finds the marker
        if os.path.exists(hdl.marker):
            hdl.spm.stat.returnValue = 21 if hdl.given is None else hdl.given * 2
        else:
            open(hdl.marker, "w").close()
            os.kill(os.getpid(), 9)
    elif mode == "kill":
        os.kill(os.getpid(), 9)
    elif mode == "raise":
        raise ValueError("raised on purpose")
    elif mode == "hang":
        while True:
            pass
    elif mode == "double":
        hdl.spm.stat.returnValue = hdl.given * 2
    return pc.stage2.event.done()


def _fill(hdl, name, mode, scratch, retries=None, timeout=60):
    hdl.spm.meta.path = (os.path.dirname(os.path.abspath(__file__)),)
    hdl.spm.meta.modulePreload = ("retry",)
    hdl.spm.meta.module = "retry"
    hdl.spm.meta.timeout = spm.util.timeout.after(seconds=timeout)  # noqa: F821
    hdl.spm.meta.retries = retries
    hdl.name = name
    hdl.mode = mode
    hdl.marker = os.path.join(scratch, name + ".marker")


def _manage(pc):
    pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,  # noqa: F821
                           nSpokesMax=spm.env.const.default,  # noqa: F821
                           timeoutWaitForSpokes=spm.util.timeout.after(seconds=60),  # noqa: F821
                           timeoutExecution=spm.util.timeout.after(seconds=180))  # noqa: F821


def _print():
    for r in sorted(reports):
        print(r)


def run_list(closure, tasks, scratch, timeout=60):
    """One list run: `tasks` is a list of (mode, retries); prints the reports. `timeout` is the
    hanging tasks' (the others get 60 s: a relaunched spoke may be slow to start on a loaded machine)."""
    pc = _pcs[closure]
    del reports[:]
    pc.stage0.init.main(typedef=typedefs.task("list", SPM, *FIELDS))
    hdl = pc.stage0.payload.tie()
    for i, (mode, retries) in enumerate(tasks):
        _fill(hdl, "%d-%s" % (i, mode), mode, scratch, retries, timeout if mode == "hang" else 60)
        hdl.Push()
    _manage(pc)
    _print()


def run_template(mode, scratch):
    pc = _pcs["templateB"]
    del reports[:]
    pc.stage0.init.main(typedef=typedefs.task("template", SPM, *FIELDS))
    _fill(pc.stage0.payload.tie(), "copy", mode, scratch)
    _manage(pc)
    _print()


def run_dag(scratch):
    """An upstream task that kills its spoke once, and a dependent given its result."""
    pc = _pcs["dagB"]
    del reports[:]
    pc.stage0.init.main(typedef=typedefs.task("dag", SPM, *FIELDS))
    hdl = pc.stage0.payload.tie()
    _fill(hdl, "0-up", "killonce", scratch)
    up = hdl.Push()
    _fill(hdl, "1-down", "double", scratch)
    hdl.given = up
    hdl.Push()
    _manage(pc)
    _print()


def init_with(closure, typedef_text):
    """A typedef error's type and message, or 'accepted'."""
    try:
        _pcs[closure].stage0.init.main(typedef=typedef_text)
        return "accepted"
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)
