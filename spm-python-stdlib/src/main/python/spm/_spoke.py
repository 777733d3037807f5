"""A spoke's Python, as its engine (org.spmpython.bridge.spoke.SpokeWorker) calls it. A task's
steps are driven from Java one at a time — accept, preload, evaluate, report — so that the engine
starts the task's clock between preload and evaluation, and keeps the spoke's serial state
(preloading, online) itself. Evaluations for spm.sys.tracker.evaluate answer the same way: an
outcome object made by spm._engine, which Java reads by name."""

import importlib
import pickle
import sys
import traceback
from types import SimpleNamespace

# The task machinery loads with this module, as the spoke boots (only a spoke imports it), so
# that a spoke's first task does not pay for it.
from spm import _engine, _shipping, _state, typedef
from spm._main import _flush
from spm.exceptions import SPMCoprocessFailed, SPMPackageUnresolved
from spm.pclosure import _dag, _payload, communication
from spm.util import coprocess

_namespace = {"__name__": "__spoke__", "__builtins__": __builtins__}


def _traceback(exc):
    # Our own frame is not the user's business.
    tb = exc.__traceback__.tb_next if exc.__traceback__ else None
    return "".join(traceback.format_exception(type(exc), exc, tb))


def _warm_traceback():
    """Formats one traceback as the spoke boots: the first one loads and warms traceback's
    machinery (linecache, reading source lines), which on a loaded machine took a failing
    task's clock of 3 s in its first task (TaskManagerTest's raise)."""
    try:
        raise ValueError("warm-up")
    except ValueError as e:
        _traceback(e)


_warm_traceback()


def evaluate(source):
    """Runs source from the hub: an expression's value (pickled), or statements' None."""
    try:
        try:
            code = compile(source, "<hub>", "eval")
        except SyntaxError:
            code = compile(source, "<hub>", "exec")
        value = eval(code, _namespace)
        try:
            data = pickle.dumps(value)
        except Exception as e:  # an unpicklable value is reported, not lost
            data = pickle.dumps("<unpicklable %s: %s>" % (type(value).__name__, e))
        return _engine.evaluation_outcome(True, data, "")
    except BaseException as e:  # noqa: B902 - every outcome goes back to the hub
        return _engine.evaluation_outcome(False, b"", _traceback(e))
    finally:
        _flush()


# Tasks of the task managers ------------------------------------------------------------------

_identity = {"id": -1, "server": ""}


def write_output_to(path):
    """A spoke in the hub's JVM shares its fds 0-2: its Python writes to its slot's log instead,
    as a spoke process's output does."""
    sys.stdout = sys.stderr = open(path, "a", buffering=1, encoding="utf-8", errors="backslashreplace")


def identify(spoke_id, server_name):
    """Who this spoke is: the engine fills core.whoAmI and core.nameHost from it."""
    _identity["id"] = int(spoke_id)
    _identity["server"] = str(server_name)


class SpokeClosure:
    """What a task's evaluator gets as `pc` on a spoke: `pc.stage2.payload.tie()` is the task's
    handle, `pc.stage2.event.done()` says it is done."""

    def __init__(self, handle):
        self.stage2 = SimpleNamespace(payload=SimpleNamespace(tie=lambda: handle),
                                      event=SimpleNamespace(done=lambda: None))


def accept(payload):
    """Step 1: the task the hub sent (packed by spm.pclosure), unpacked into its handle."""
    return Task(_engine.from_engine(payload))


class Task:
    """One task on this spoke, between accept and report. Its status is done until a step fails."""

    def __init__(self, data):
        self.rank, self.size, data = communication.split_rank(data)  # a general run's copy: its rank
        upstream, data = _dag.split(data)  # a DAG task comes with its upstream tasks' results
        task = _payload.unpack(data)
        self.style = task["style"]
        self.grain = task.get("grain", "coarse")
        self.schema = _payload.schema_of(task["typedef"])
        snapshot = task["snapshot"] if upstream is None else _dag.substitute(self.schema, task["snapshot"], upstream)
        self.handle = self.schema.handle_from(snapshot)
        self.job = task.get("job")  # an MPI job's folder and helper (spm.openmpi)
        self.status = _engine.status.DONE
        self.error = ""
        _payload.set_if_declared(self.schema, self.handle, "spm.core.nameHost", _identity["server"])
        _payload.set_if_declared(self.schema, self.handle, "spm.core.whoAmI",
                                 "spoke-%d@%s" % (_identity["id"], _identity["server"]))
        del _state.violations[:]

    def _field(self, path):
        return typedef.get_field(self.handle, path)

    def _fail(self, status, error):
        self.status = status
        self.error = error

    def _violated(self):
        """An uncatchable violation was recorded (even if user code caught it): the first one
        decides. A package that no probe accepts here failed the task's load (SPMTaskLoad); any
        other violation failed its evaluation (SPMTaskEval)."""
        first = _state.violations[0]
        load = isinstance(first, SPMPackageUnresolved)
        self._fail(_engine.status.LOAD if load else _engine.status.EVAL, "%s: %s" % (type(first).__name__, first))

    def preload(self):
        """Step 2, while the engine says this spoke preloads: pinterp's folders on sys.path (or
        shipped from the hub) and its modules imported. False when that failed."""
        if self.style != "pinterp":
            return True
        try:
            _preload(self._field("spm.meta.path"), self._field("spm.meta.modulePreload"))
        except BaseException as e:  # noqa: B902 - a failed preload is the task's report
            self._fail(_engine.status.LOAD, _traceback(e))
            return False
        if _state.violations:  # the module caught what should have ended its load
            self._violated()
            return False
        return True

    def evaluate(self):
        """Step 3, online, on the task's clock: the evaluator, or the API with its arguments."""
        communication.task_started(self.grain, self.rank, self.size)
        try:
            if self.style == "pinterp":
                module = sys.modules[self._field("spm.meta.module")]
                module.taskEval(SpokeClosure(self.handle))
            elif self.style == "openmpi":
                from spm.openmpi import host
                value = host.run(self.job, _identity["id"], _identity["server"])
                _payload.set_if_declared(self.schema, self.handle, "spm.stat.returnValue", value)
            else:
                api = self._field("spm.meta.api")
                args = self._field("spm.meta.apiArgs") or {}
                value = api(**args)
                _payload.set_if_declared(self.schema, self.handle, "spm.stat.returnValue", value)
            communication.task_ended()  # replies to its posts go to stage2Cb before the report
            if _state.violations:
                self._violated()
        except SPMCoprocessFailed as e:
            _payload.set_if_declared(self.schema, self.handle, "spm.stat.returnValue", e.record)
            self._fail(_engine.status.EVAL, _traceback(e))
        except BaseException as e:  # noqa: B902 - every outcome goes back to the hub
            if _state.violations:  # SPMPackageUnresolved is recorded as it is raised: it lands here
                self._violated()
            else:
                self._fail(_engine.status.EVAL, _traceback(e))
        finally:
            communication.task_abandoned()

    def report(self):
        """Step 4: the task's outcome, its handle packed; what it left running is ended."""
        try:
            if self.status != _engine.status.DONE:
                _payload.set_if_declared(self.schema, self.handle, "spm.stat.exception", self.error)
            try:
                packed = _payload.pack({"snapshot": _payload.snapshot(self.handle)})
            except Exception as e:  # an unpicklable result fails the task; the hub keeps the handle as pushed
                return _engine.task_outcome(_engine.status.EVAL, b"", "its handle cannot be sent back: "
                                            + _traceback(e))
            return _engine.task_outcome(self.status, packed, self.error)
        finally:
            coprocess.end_all()
            _flush()


def _preload(folders, modules):
    """pinterp: the task's folders on sys.path (or shipped), its modules imported."""
    for folder in folders or ():
        if not _shipping.sees(folder):
            _shipping.ship(folder)
        elif folder not in sys.path:
            sys.path.insert(0, folder)
    for name in modules or ():
        importlib.import_module(name)


def after_interrupt():
    """A task was stopped (it passed its timeout): end what it left running."""
    communication.task_abandoned()
    coprocess.end_all()
    _flush()


# A persistent cloud's spoke serves one session after another (docs/CLOUD.md) -----------------

# The engine's own registries that a session fills: restored to their state before it.
_session_registries = (
    (_shipping, "_known"), (_shipping, "_finders"), (_payload, "_schemas"), (communication, "_closures"),
    (_state, "violations"),
)
_clean = None


def session_begins():
    """Remembers this spoke's state before a session uses it: what session_ends goes back to.
    Taken before the first session only: session_ends puts the spoke back to that very state, so
    the snapshot holds for every later one (and a warm session's start does not wait for it)."""
    global _clean
    if _clean is not None:
        return
    import builtins
    import os
    from spm import _warmcode
    _warmcode.enabled = True  # before the snapshot: it stays on for every later session
    main = sys.modules.get("__main__")
    from spm.pclosure import closure
    registries = _session_registries + ((closure, "_declared"),)
    # Every loaded module's globals, builtins and sys among them: what a session sets on os or
    # json, or rebinds in them, goes too. A shallow copy: a module's own objects keep their state.
    loaded = {name: (m, dict(vars(m))) for name, m in list(sys.modules.items())
              if m is not None and name != __name__ and hasattr(m, "__dict__")}
    _clean = SimpleNamespace(
        modules=set(sys.modules), loaded=loaded, builtins=dict(vars(builtins)), environ=dict(os.environ), cwd=os.getcwd(),
        path=list(sys.path), meta_path=list(sys.meta_path), path_hooks=list(sys.path_hooks),
        namespace=dict(_namespace), main=dict(vars(main)) if main is not None else None,
        registries=[(module, name, _copy(getattr(module, name))) for module, name in registries],
    )


def _copy(value):
    return dict(value) if isinstance(value, dict) else list(value)


def _restore(target, saved):
    """In place, never empty on the way (the builtins' own dict is restored this way too)."""
    if isinstance(target, dict):
        for key in [k for k in target if k not in saved]:
            del target[key]
        # Only what changed is written back: GraalPy's compiled code assumes a module's globals
        # stay as they are, and a write (even of the same value) would throw that code away.
        for key, value in saved.items():
            if target.get(key, _restore) is not value:
                target[key] = value
    else:
        target[:] = saved


def session_ends():
    """Drops what the session left: modules it imported, globals, builtins it set or changed,
    os.environ, the working folder, import hooks and the engine's registries of its closures."""
    import builtins
    import os
    clean = _clean
    if clean is None:
        return
    for name in [m for m in sys.modules if m not in clean.modules]:
        del sys.modules[name]
    for module, saved in clean.loaded.values():
        _restore(vars(module), saved)
    _restore(vars(builtins), clean.builtins)
    if os.environ != clean.environ:
        os.environ.clear()
        os.environ.update(clean.environ)
    try:
        os.chdir(clean.cwd)
    except OSError:
        pass
    sys.path[:] = clean.path
    sys.meta_path[:] = clean.meta_path
    sys.path_hooks[:] = clean.path_hooks
    # Not importlib.invalidate_caches() nor gc.collect(): 6 s and 2 s on GraalPy (measured), and
    # the path finders' caches go with sys.path_importer_cache.
    sys.path_importer_cache.clear()
    _restore(_namespace, clean.namespace)
    main = sys.modules.get("__main__")
    if main is not None and clean.main is not None:
        _restore(vars(main), clean.main)
    for module, name, saved in clean.registries:
        _restore(getattr(module, name), saved)
    _identity.update(id=-1, server="")
