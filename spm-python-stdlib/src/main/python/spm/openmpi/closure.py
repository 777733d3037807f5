"""`manage` of `spm.pclosure.macro.papply.template.openMPI.policyA` (DESIGN §11): the template's
`spm.meta.apiArgs = dict(app = PATH, appOptions = "...")` run as one MPI job over the pool's
spokes, one rank per spoke; the task's `spm.meta.timeout` is the job's. The ranks' output
streams as it comes; when every spoke has reported, the job's verdict gives each spoke its one
report, and the closure's stage1 callback sees them in spoke order. Also the engine of
`spm-python mpirun` (spm.openmpi.mpirun), which passes `quiet` and mpirun's own options."""

import sys

from spm import _engine
from spm.exceptions import SPMException, SPMNoSpokes, SPMRunTimeout
from spm.openmpi import host, verdict
from spm.openmpi.job import DEADLOCK_SECONDS, Job, split_options
from spm.pclosure import _payload

_STATUS = {verdict.DONE: "DONE", verdict.EVAL: "EVAL", verdict.DROPPED: "DROPPED"}


def _label(status):
    return getattr(_engine.status, _STATUS[status]) if status in _STATUS else status


def job_of(snapshot, mpirun_options=(), timeout=None):
    """The Job a template's snapshot asks for (apiArgs: app, appOptions, deadlockSeconds)."""
    args = _payload.get_value(snapshot, "spm.meta.apiArgs") or {}
    unknown = set(args) - {"app", "appOptions", "deadlockSeconds"}
    if unknown:
        raise SPMException("spm.meta.apiArgs: the openMPI closure takes app, appOptions and deadlockSeconds, not %s"
                           % ", ".join(sorted(unknown)))
    if "app" not in args:
        raise SPMException("spm.meta.apiArgs: the openMPI closure needs app (the MPI program's path)")
    return Job(args["app"], split_options(args.get("appOptions")), timeout=timeout,
               deadlock_seconds=args.get("deadlockSeconds", DEADLOCK_SECONDS), mpirun_options=mpirun_options)


def manage(pc, pool, minimum, maximum, wait, execution, quiet=False, mpirun_options=(), on_verdict=None):
    """Runs the job; `pc` is the declared closure (spm.pclosure.closure.Closure)."""
    from spm.pclosure.closure import _seconds
    snapshot = pc._snapshots()[0]
    timeout = _seconds(_payload.get_value(snapshot, "spm.meta.timeout"), "spm.meta.timeout")
    job = job_of(snapshot, mpirun_options, timeout).open()
    say = (lambda text: None) if quiet else (lambda text: print(text, flush=True))
    try:
        tasks = [_engine.task_spec(job.spoke_payload("openmpi", pc._typedef, snapshot), job.engine_timeout(),
                                   _payload.get_value(snapshot, "spm.core.relaunchPre"),
                                   _payload.get_value(snapshot, "spm.core.relaunchPost"))]
        say("#: MetaStatus (hub): Waiting - ForSpokes [ for up to %g secs ]" % wait)
        run = _engine.start_run("template", pool, minimum, maximum, wait, execution, tasks)
        outcomes, lost, handles = {}, {}, {}
        announced = []

        def on_started():
            if not announced:
                say("#: MetaStatus (hub): Tasks - Eval")
                announced.append(True)

        def on_report(task, status, payload, error):
            handle = pc._schema.handle_from(_payload.unpack(payload)["snapshot"] if payload else snapshot)
            handles[task] = handle
            value = _payload.get_value(_payload.unpack(payload)["snapshot"], "spm.stat.returnValue") if payload else None
            if status == _engine.status.DONE and value is not None and hasattr(value, "ranks"):
                outcomes[task] = value
            else:
                lost[task] = (status, error or "the spoke's task did not finish (%s)" % status)

        try:
            job.drive(run, on_report, on_started)
        except BaseException as e:
            job.end()
            run.abort("manage was interrupted by %s" % type(e).__name__)
            raise
        finally:
            job.close()
        ruling = job.decide(outcomes, lost) if handles else None
        if on_verdict is not None:
            on_verdict(ruling, run)
        try:
            for task in sorted(handles):
                status, error = ruling.reports[task]
                if task in lost and status == lost[task][0] and error == lost[task][1]:
                    status = lost[task][0]
                _deliver(pc, handles[task], _label(status), error, outcomes.get(task))
        finally:
            run.close()
    finally:
        job.close()
    say("#: MetaStatus (hub): Tasks - EvalDone")
    from spm.pclosure.closure import _raise_if_ended_from_outside
    _raise_if_ended_from_outside(run)
    if run.failure() is not None:
        raise SPMNoSpokes("%r: %s; its %d task(s) were reported dropped" % (pc, run.failure(), run.size))
    if run.expired():
        raise SPMRunTimeout("%r: the run passed its timeoutExecution of %g s; every task was reported"
                            % (pc, execution))
    return ruling


def _deliver(pc, handle, status, error, outcome):
    if outcome is not None:
        _payload.set_if_declared(pc._schema, handle, "spm.stat.returnValue", outcome)
    failure = _engine.failure_exception(status)
    if failure is not None:
        _payload.set_if_declared(pc._schema, handle, "spm.stat.exception", error)
    pc._report_handle = handle
    pc._report_error = failure
    try:
        if pc._callback is not None:
            pc._callback(pc)
    finally:
        pc._report_handle = None
        sys.stdout.flush()
