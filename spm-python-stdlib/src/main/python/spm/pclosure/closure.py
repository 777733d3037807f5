"""A declared parallel closure and its stages: stage0 (set-up and `manage` at the hub), stage1
(the hub's status callback, once per task) and stage2 (the task on a spoke)."""

import itertools
import os
import sys
import time
from types import SimpleNamespace

from spm import _engine, _state
from spm.exceptions import SPMException, SPMInvariantViolation, SPMNoSpokes, SPMRunTimeout
from spm.pclosure import _dag, _payload, communication
from spm.pclosure._progress import Progress
from spm.typedef.taskref import TaskRef

#: (module, signature) -> where it was declared: a signature is unique within its module.
_declared = {}
#: Numbers the runs of every closure: a task reference names its run (spm.typedef.taskref).
_runs = itertools.count(1)
#: How the engine names a fine-grain manager: "<kind>_<suffix>" (Manager.java).
_MANAGER_SUFFIX = {"fineLimited": "fine_limited", "fineGeneral": "fine_general"}
#: The kinds whose handle takes tasks with Push (a template's handle is its one task).
_PUSHED = ("list", "dag")
#: policyB: how many times a task goes again after its spoke is lost, unless spm.meta.retries says.
DEFAULT_RETRIES = 2
#: The fields of policyB's that a typedef may declare, and the type each must have.
_RETRY_FIELDS = {"spm.meta.retries": "scalar<auto>", "spm.stat.tries": "scalar<auto>"}


def _seconds(timeout, what):
    if timeout is None:
        return 0.0
    seconds = getattr(timeout, "seconds", None)
    if seconds is None:
        raise TypeError("%s takes spm.util.timeout.after(seconds = ...), not %r" % (what, timeout))
    return float(seconds)


def _count(value, what):
    """nSpokesMin / nSpokesMax: a positive int, or spm.env.const.default (0 here: the runtime's choice)."""
    from spm.env import const
    if value is const.default or value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("%s takes a whole number of spokes (1 or more) or spm.env.const.default, not %r"
                         % (what, value))
    return value


def claim(signature, frame):
    """Declares `signature` in the calling module (offline): (module name, its folder). A
    signature is unique within its module, whatever the closure (macro or micro)."""
    if _state.is_online():
        raise SPMInvariantViolation("defun: closures are declared offline, not while a task manager is online")
    if not isinstance(signature, str) or not signature:
        raise TypeError("defun(signature = ...) takes a non-empty str, not %r" % (signature,))
    module = frame.f_globals.get("__name__", "__main__")
    file = frame.f_globals.get("__file__")
    where = "%s:%d" % (file or "<%s>" % module, frame.f_lineno)
    key = (module, signature)
    earlier = _declared.get(key)
    if earlier is not None and earlier != where:
        raise SPMException("signature %r is declared twice in module %s: at %s and at %s"
                           % (signature, module, earlier, where))
    _declared[key] = where
    return module, os.path.dirname(os.path.abspath(file)) if file else os.getcwd()


def _say_how_long_it_waited(since, wait):
    """timeoutWaitForSpokes does not run out while a local spoke of the pool boots (it will come):
    when the wait went past it, say so on stderr, rather than leave "for up to 2 secs" unexplained."""
    waited = time.monotonic() - since
    if wait and waited > wait + 0.5:
        print("spm-python: run: waited %.1f s for spokes, past timeoutWaitForSpokes (%g s): it does not run"
              " out while a local spoke of the pool is still booting" % (waited, wait), file=sys.stderr, flush=True)


class _ModuleMeta:
    def __init__(self, name, src_dir):
        self.name = name
        #: The module's folder with a trailing separator (Fig. 16 takes its dirname).
        self.srcDir = src_dir


class _Meta:
    def __init__(self, signature, module):
        self.signature = signature
        self.module = module


class Closure:
    """A parallel closure declared with `defun`. `pc.stage0` at the hub before the run,
    `pc.stage1` in the hub's status callback."""

    @classmethod
    def declare(cls, path, style, kind, signature, callback, frame, grain="coarse", retrying=False):
        if callback is not None and not callable(callback):
            raise TypeError("defun(stage1Cb = ...) takes a callable, not %r" % (callback,))
        module, src_dir = claim(signature, frame)
        closure = cls(path, style, kind, signature, callback, _ModuleMeta(module, src_dir + os.sep))
        closure._grain = grain
        closure._retrying = retrying
        return closure

    def __init__(self, path, style, kind, signature, callback, module):
        self._path = path
        self._style = style
        self._kind = kind
        self._grain = "coarse"
        #: policyB: a task whose spoke is lost goes again (docs/POLICIES.md).
        self._retrying = False
        self._callback = callback
        self.meta = _Meta(signature, module)
        self._schema = None
        self._typedef = None
        self._handle = None
        self._tasks = []
        #: Per pushed task of a DAG: (inputs, after) as task indices.
        self._links = []
        self._run = None
        self._report_handle = None
        self._report_error = None
        self.stage0 = SimpleNamespace(
            init=SimpleNamespace(main=self._init_main),
            payload=SimpleNamespace(tie=self._stage0_tie),
            event=SimpleNamespace(manage=self._manage))
        self.stage1 = SimpleNamespace(
            payload=SimpleNamespace(tie=self._stage1_tie),
            event=SimpleNamespace(done=self._done))

    def __repr__(self):
        return "<spm.pclosure.%s %r of %s>" % (self._path, self.meta.signature, self.meta.module.name)

    # stage0 ---------------------------------------------------------------------------------

    def _init_main(self, typedef):
        self._offline_hub("stage0.init.main")
        self._handle = None  # a typedef that fails leaves no stale handle behind
        self._schema = _payload.parse(typedef, self._style, self._kind, who=repr(self))
        for path, wanted in _RETRY_FIELDS.items():
            if self._schema.has(path) and self._schema.type_of(path) != wanted:
                raise TypeError("%r: %s is %s in the typedef; it takes a whole number: declare it %s"
                                % (self, path, self._schema.type_of(path), wanted))
        self._typedef = typedef
        self._new_run()
        on_push = self._push if self._kind in _PUSHED else None
        self._handle = self._schema.new_handle(on_push=on_push)

    def _new_run(self):
        """No task yet, and references to the tasks before are foreign from now on."""
        self._tasks = []
        self._links = []
        self._run = "%r of %s run %d" % (self.meta.signature, self.meta.module.name, next(_runs))

    def _push(self, snapshot, after=None):
        """hdl.Push(): the task joins the run; its reference is returned (DESIGN §4b)."""
        links = _dag.links(self._schema, snapshot, after, self._run, len(self._tasks), self._kind)
        ref = TaskRef(self._run, len(self._tasks))
        self._tasks.append(snapshot)
        self._links.append(links)
        return ref

    def _stage0_tie(self):
        if self._handle is None:
            raise SPMException("%r: stage0.init.main(typedef = ...) comes before stage0.payload.tie()" % self)
        return self._handle

    def _manage(self, pool, nSpokesMin=None, nSpokesMax=None, timeoutWaitForSpokes=None, timeoutExecution=None):
        self._offline_hub("stage0.event.manage")
        import pool as pools
        if not isinstance(pool, pools.Pool):
            raise TypeError("manage(pool = ...) takes a pool (e.g. pool.intraAll()), not %r" % (pool,))
        minimum = _count(nSpokesMin, "nSpokesMin")
        maximum = _count(nSpokesMax, "nSpokesMax")
        if minimum and maximum and minimum > maximum:
            raise ValueError("nSpokesMin (%d) is more than nSpokesMax (%d)" % (minimum, maximum))
        wait = _seconds(timeoutWaitForSpokes, "timeoutWaitForSpokes")
        execution = _seconds(timeoutExecution, "timeoutExecution")
        if self._handle is None:
            raise SPMException("%r: stage0.init.main(typedef = ...) comes before stage0.event.manage()" % self)
        if self._style == "openmpi":  # one MPI job over the pool's spokes (DESIGN §11)
            from spm.openmpi import closure as openmpi
            openmpi.manage(self, pool, minimum, maximum, wait, execution)
            return
        snapshots = self._snapshots()
        tasks = [_engine.task_spec(_payload.pack({"style": self._style, "typedef": self._typedef, "snapshot": snap,
                                                  "grain": self._grain}),
                                   _seconds(_payload.get_value(snap, "spm.meta.timeout"), "spm.meta.timeout"),
                                   _payload.get_value(snap, "spm.core.relaunchPre"),
                                   _payload.get_value(snap, "spm.core.relaunchPost"),
                                   self._links_of(i, snap), self._retries_of(i, snap))
                 for i, snap in enumerate(snapshots)]
        _engine.allow_folders([folder for snap in snapshots
                               for folder in (_payload.get_value(snap, "spm.meta.path") or ())])
        print("#: MetaStatus (hub): Waiting - ForSpokes [ for up to %g secs ]" % wait, flush=True)
        manager = self._kind if self._grain == "coarse" else "%s_%s" % (self._kind, _MANAGER_SUFFIX[self._grain])
        waiting_since = time.monotonic()
        run = _engine.start_run(manager, pool, minimum, maximum, wait, execution, tasks)
        if self._kind == "template":  # the engine made its copies: one per spoke of the pool, booting ones too
            snapshots = snapshots * run.size
        progress = Progress(sys.stdout)
        announced = False
        finished = False
        reported = set()  # task indexes: an interrupt's reporting skips them
        try:
            while not finished:
                reports, started, finished = run.poll(0.25)
                messages = run.messages()
                if not announced and (started or reports or messages):
                    progress.clear()
                    print("#: MetaStatus (hub): Tasks - Eval", flush=True)
                    announced = True
                    _say_how_long_it_waited(waiting_since, wait)
                if messages:
                    progress.clear()
                    self._messages(run, messages, snapshots)
                if not reports:
                    progress.show(*run.progress())
                    continue
                progress.clear()
                for task, status, payload, error, tries in reports:
                    self._report(task, status, payload, error, snapshots, tries)
                    # Reported once its callback is called (never twice, even when an interrupt lands
                    # inside it); an interrupt before that replays the report.
                    reported.add(task)
                    try:
                        if self._callback is not None:
                            self._callback(self)
                    except KeyboardInterrupt:  # Ctrl-C, not the callback's failure: as anywhere in manage
                        raise
                    except BaseException as e:
                        run.abort("the hub's status callback raised %s" % type(e).__name__)
                        raise
                    finally:
                        self._report_handle = None
                        sys.stdout.flush()
            progress.clear()
        except KeyboardInterrupt:  # Ctrl-C: each unfinished task is reported dropped, then it goes on up
            self._interrupted(run, snapshots, progress, reported)
            raise
        except BaseException as e:  # nothing of the run may go on (a no-op once it is offline)
            run.abort("manage was interrupted by %s" % type(e).__name__)
            raise
        finally:
            run.close()
            if self._kind == "dag":  # its references belong to this run
                self._new_run()
        print("#: MetaStatus (hub): Tasks - EvalDone", flush=True)
        _raise_if_ended_from_outside(run)
        if run.failure() is not None:
            raise SPMNoSpokes("%r: %s; its %d task(s) were reported dropped" % (self, run.failure(), len(snapshots)))
        if run.expired():
            raise SPMRunTimeout("%r: the run passed its timeoutExecution of %g s; every task was reported"
                                % (self, execution))

    def _links_of(self, index, snapshot):
        """A DAG task's links for the engine (None for the other kinds)."""
        if self._kind != "dag":
            return None
        label = _payload.get_value(snapshot, "spm.meta.label")
        inputs, after = self._links[index]
        return {"label": label if isinstance(label, str) else "task %d" % index, "inputs": inputs, "after": after}

    def _retries_of(self, index, snapshot):
        """How many times the task goes again after a loss: policyA never; policyB as its
        spm.meta.retries says (a whole number, 0 or more), or DEFAULT_RETRIES without the field."""
        if not self._retrying:
            return 0
        if not self._schema.has("spm.meta.retries"):
            return DEFAULT_RETRIES
        value = _payload.get_value(snapshot, "spm.meta.retries")
        if value is None:
            return DEFAULT_RETRIES
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
            raise ValueError("%r: task %d: spm.meta.retries takes a whole number of retries from 0 to 1000, not %r"
                             % (self, index, value))
        return value

    def _interrupted(self, run, snapshots, progress, reported):
        """Ctrl-C in manage: the run ends at once (Java ends the spokes running a task), and each
        unfinished task gets its one report, SPMTaskDropped ("interrupted"), through the status
        callback as any other. A further Ctrl-C meanwhile does not cut the reporting short; a
        callback that raises does (the run is offline already: nothing of it goes on)."""
        run.interrupt("interrupted")
        progress.clear()
        # The last poll's reports first: the interrupt may have come before its result was read.
        unread = [r for r in run.last_reports() if r[0] not in reported]
        reports, _, _ = run.poll(0)
        for task, status, payload, error, tries in unread + reports:
            if task in reported:
                continue
            reported.add(task)
            self._report(task, status, payload, error, snapshots, tries)
            try:
                if self._callback is not None:
                    self._callback(self)
            except KeyboardInterrupt:
                pass  # the one on its way up says it already
            finally:
                self._report_handle = None
                sys.stdout.flush()

    def _snapshots(self):
        """The tasks' snapshots: a list's or a DAG's pushed tasks, or a template's one."""
        if self._kind in _PUSHED:
            if not self._tasks:
                raise SPMException("%r: no task was pushed (hdl.Push()) before manage" % self)
            return list(self._tasks)
        unset = _payload.missing(self._handle)
        if unset:
            raise SPMException("%r: the template task has deferred fields not set: %s" % (self, ", ".join(unset)))
        return [_payload.snapshot(self._handle)]

    def _messages(self, run, messages, snapshots):
        """Fine grain: each running task's message to its communication closure's stage5Cb, in
        order; one that raises is a hub callback that raises (DESIGN §6)."""
        for task, key, body in messages:
            try:
                communication.hand_to_stage5(run, task, key, body,
                                             lambda: self._schema.handle_from(snapshots[task]))
            except BaseException as e:
                run.abort("the hub's stage5Cb raised %s" % type(e).__name__)
                raise
            finally:
                sys.stdout.flush()

    # stage1 ---------------------------------------------------------------------------------

    def _report(self, task, status, payload, error, snapshots, tries):
        snapshot = _payload.unpack(payload)["snapshot"] if payload else snapshots[task]
        handle = self._schema.handle_from(snapshot)
        _payload.set_if_declared(self._schema, handle, "spm.stat.tries", tries)
        failure = _engine.failure_exception(status)
        if failure is not None:
            _payload.set_if_declared(self._schema, handle, "spm.stat.exception",
                                     error or "the task did not finish (%s)" % status)
        self._report_handle = handle
        self._report_error = failure

    def _stage1_tie(self):
        if self._report_handle is None:
            raise SPMInvariantViolation("stage1.payload.tie() is for the hub's status callback, while it reports a task")
        if self._report_error is not None:
            raise self._report_error(self._report_handle)
        return self._report_handle

    def _done(self):
        return None

    def _offline_hub(self, what):
        if not _state.is_hub():
            raise SPMInvariantViolation("%s runs at the hub, not on a spoke" % what)
        if _state.is_online():
            raise SPMInvariantViolation("%s runs offline: a task manager is online (at most one at a time)" % what)


def _raise_if_ended_from_outside(run):
    """The run's Slurm job ended while it ran: every task was reported, each callback called in
    full; now the script is interrupted as by Ctrl-C (docs/CLUSTER.md)."""
    why = run.ended_from_outside()
    if why:
        raise KeyboardInterrupt(why)
