"""A spoke's side of the internal evaluation path: run source, return its outcome to Java
(SpokeMain.java) as (ok, pickled value as Latin-1 text, traceback text)."""

import pickle
import sys
from types import SimpleNamespace

from spm._main import _flush

_namespace = {"__name__": "__spoke__", "__builtins__": __builtins__}


def evaluate(source):
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
        return (True, data.decode("latin-1"), "")
    except BaseException as e:  # noqa: B902 - every outcome goes back to the hub
        import traceback
        # Our own frame is not the user's business.
        tb = e.__traceback__.tb_next if e.__traceback__ else None
        return (False, "", "".join(traceback.format_exception(type(e), e, tb)))
    finally:
        _flush()


# Tasks of the task managers ------------------------------------------------------------------

#: Task status codes (TaskStatus.java).
DONE, LOAD, EVAL, DROPPED = 0, 1, 2, 3

_identity = {"id": -1, "server": ""}
_clock = [None]


def prepare(clock):
    """At the spoke's start: keeps the task clock (SpokeWorker.TaskClock) and loads the task
    machinery, so that a spoke's first task does not pay for it."""
    _clock[0] = clock
    from spm.pclosure import _payload  # noqa: F401 - loaded for later
    from spm.util import coprocess  # noqa: F401
    from spm import _shipping  # noqa: F401


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


def _traceback(exc):
    import traceback
    tb = exc.__traceback__.tb_next if exc.__traceback__ else None
    return "".join(traceback.format_exception(type(exc), exc, tb))


def _preload(folders, modules):
    """pinterp: the task's folders on sys.path (or shipped), its modules imported (offline, preloading)."""
    import importlib
    from spm import _state
    from spm import _shipping
    for folder in folders or ():
        if not _shipping.sees(folder):
            _shipping.ship(folder)
        elif folder not in sys.path:
            sys.path.insert(0, folder)
    _state.set_preloading(True)
    try:
        for name in modules or ():
            importlib.import_module(name)
    finally:
        _state.set_preloading(False)


def run_task(text):
    """Runs one task (packed by spm.pclosure at the hub); returns (status, packed result, error)."""
    from spm import _state
    from spm.exceptions import SPMCoprocessFailed
    from spm import typedef
    from spm.pclosure import _payload
    from spm.util import coprocess

    task = _payload.unpack(text)
    schema = _payload.schema_of(task["typedef"])
    handle = schema.handle_from(task["snapshot"])
    _payload.set_if_declared(schema, handle, "spm.core.nameHost", _identity["server"])
    _payload.set_if_declared(schema, handle, "spm.core.whoAmI", "spoke-%d@%s" % (_identity["id"], _identity["server"]))
    del _state.violations[:]

    def result(status, error=""):
        if status != DONE:
            _payload.set_if_declared(schema, handle, "spm.stat.exception", error)
        return (status, _payload.pack({"snapshot": _payload.snapshot(handle)}), error)

    try:
        if task["style"] == "pinterp":
            try:
                _preload(typedef.get_field(handle, "spm.meta.path"), typedef.get_field(handle, "spm.meta.modulePreload"))
            except BaseException as e:  # noqa: B902 - a failed preload is the task's report
                return result(LOAD, _traceback(e))
            if _state.violations:  # the module caught what should have ended its load
                return _violated(result)
        # The evaluation starts here, and its timeout with it: loading (a first translation, a
        # module fetched from the hub) is the engine's, bounded by the hub's own deadline.
        if _clock[0] is not None:
            _clock[0].start()
        _state.set_online(True)
        try:
            if task["style"] == "pinterp":
                module = sys.modules[typedef.get_field(handle, "spm.meta.module")]
                module.taskEval(SpokeClosure(handle))
            else:
                api = typedef.get_field(handle, "spm.meta.api")
                args = typedef.get_field(handle, "spm.meta.apiArgs") or {}
                value = api(**args)
                _payload.set_if_declared(schema, handle, "spm.stat.returnValue", value)
        finally:
            _state.set_online(False)
        if _state.violations:
            return _violated(result)
        return result(DONE)
    except SPMCoprocessFailed as e:
        _payload.set_if_declared(schema, handle, "spm.stat.returnValue", e.record)
        return result(EVAL, _traceback(e))
    except BaseException as e:  # noqa: B902 - every outcome goes back to the hub
        if _state.violations:  # SPMPackageUnresolved is recorded as it is raised: it lands here
            return _violated(result)
        return result(EVAL, _traceback(e))
    finally:
        coprocess.end_all()
        _flush()


def _violated(result):
    """The report of a task during which an uncatchable violation was recorded (even if user code
    caught it), by the first one: a package that no probe accepts here failed the task's load
    (SPMTaskLoad); any other violation failed its evaluation (SPMTaskEval)."""
    from spm import _state
    from spm.exceptions import SPMPackageUnresolved
    first = _state.violations[0]
    status = LOAD if isinstance(first, SPMPackageUnresolved) else EVAL
    return result(status, "%s: %s" % (type(first).__name__, first))


def after_interrupt():
    """A task was stopped (it passed its timeout): end what it left running."""
    from spm import _state
    from spm.util import coprocess
    _state.set_online(False)
    _state.set_preloading(False)
    coprocess.end_all()
    _flush()

