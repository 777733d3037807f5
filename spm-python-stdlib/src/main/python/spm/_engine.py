"""The one place where spm's Python meets the Java engine (DESIGN §1): every object the engine
puts in the polyglot bindings is imported here and nowhere else, bytes cross the boundary here,
and the engine's codes (a task's status) are derived here from their one definition in Java
(org.spmpython.bridge.wire.TaskStatus). The rest of spm calls these functions and gets plain
Python values back; what Java reads from Python (a request, a task's outcome) is made here too,
as dicts whose keys Java reads by name (org.spmpython.bridge.python.FromPython).

Java's strings, booleans and numbers arrive as Python's str, bool, int and float: they need no
conversion. The per-task paths make no object they do not need (dict and tuple displays, not
class calls): on a cold hub every call of a class counts towards compiling `type.__call__`,
which takes the one compiler thread seconds on 2 cores (docs/DESIGN-NOTES.md).

Only `polyglot`, `types` and spm's exceptions (loaded already) at import: every context (the
hub's, each spoke's) loads this module as it boots."""

from types import SimpleNamespace

import polyglot

from spm import exceptions

_state = polyglot.import_value("spm.state")
_runtime = polyglot.import_value("spm.runtime")
_codes = polyglot.import_value("spm.codes")
_coprocesses = polyglot.import_value("spm.coprocesses")
_native = polyglot.import_value("spm.native")
#: The hub's engine; None on a spoke.
_hub = polyglot.import_value("spm.hub")
#: A spoke's engine; None at the hub.
_spoke = polyglot.import_value("spm.spoke")


# --- bytes: they cross as Latin-1 text, one char a byte (Latin1.java) ------------------------------

def _to_java(data):
    return data.decode("latin-1")


def _from_java(text):
    return text.encode("latin-1")


def from_engine(text):
    """Bytes the engine handed Python as text (a task's payload, on a spoke)."""
    return _from_java(text)


# --- task statuses, from TaskStatus.java --------------------------------------------------------

#: The label of each status by its Java name: status.DONE == "done", and LOAD, EVAL, DROPPED.
status = SimpleNamespace(**{s.name(): s.label() for s in _codes.taskStatuses()})
#: The label of each status by its code on the wire (RunHandle.packed).
_LABEL_OF_CODE = {s.code: s.label() for s in _codes.taskStatuses()}
#: The spm exception each failed status is reported with (None for done).
_EXCEPTIONS = {s.label(): None if s.exception() is None else getattr(exceptions, s.exception())
               for s in _codes.taskStatuses()}


def failure_exception(label):
    """The exception stage1's tie() raises for a task with this status; None for done."""
    return _EXCEPTIONS[label]


# --- this resource: its role and serial state (SessionState.java) ---------------------------------

def is_hub():
    return _state.isHub()


def is_spoke():
    return _state.isSpoke()


def is_online():
    return _state.isOnline()


def is_preloading():
    return _state.isPreloading()


def set_preloading(flag):
    _state.setPreloading(bool(flag))


def runtime_facts():
    """What runs underneath (RuntimeInfo.java), as plain values."""
    return SimpleNamespace(version=_runtime.spmVersion(), jit=_runtime.jit(), engine=_runtime.engineName(),
                           graalpy=_runtime.graalpyVersion(), java=_runtime.javaVersion(),
                           java_home=_runtime.javaHome(), legacy_mode=_runtime.legacyMode())


# --- co-processes (CoprocessGroups.java) and native probes (NativeProbes.java) ---------------------

def coprocess_guard():
    """The program every co-process runs under (spm-coproc-guard)."""
    return _coprocesses.guard()


def coprocess_started(pgid):
    _coprocesses.started(pgid)


def coprocess_ended(pgid):
    _coprocesses.ended(pgid)


def cuda_driver_version():
    return _native.cudaDriverVersion()


def glibc_version():
    return _native.glibcVersion()


def cpu_flags():
    return tuple(_native.cpuFlags())


def elf_needed(path):
    """(names, None, None), or (None, failure kind, failure message)."""
    answer = _native.elfNeeded(path)
    if answer.failure() is not None:
        return None, answer.failureKind(), answer.failure()
    return list(answer.value()), None, None


# --- the hub: its tracker, pools, runs and evaluations (HubServices.java) ---------------------------

def at_hub():
    """True in the hub's context (the tracker is here)."""
    return _hub is not None


def hub_server_name():
    return _hub.serverName()


def hub_listening():
    return _hub.listening()


def hub_progress(line):
    """Shows a run's progress line on the hub's console (shared with the spokes' output lines)."""
    _hub.progress(line)


def hub_progress_clear():
    _hub.clearProgress()


def hub_recent_events():
    return list(_hub.recentEvents())


def _spoke_of(view):
    from spm.sys._tracker import Spoke
    return Spoke(view.id(), view.serverName(), view.core(), view.pid(), view.stateLabel(), view.ageSeconds(),
                 view.heartbeatAgeSeconds(), view.local(), view.joinSeconds(), view.tasksRun())


def spokes():
    """The tracker's spokes now, by id, as spm.sys._tracker.Spoke tuples."""
    return [_spoke_of(v) for v in _hub.spokes()]


def choose_pool(pool, states):
    """The spokes of `pool` among the tracker's spokes in `states` (the pool rule is Java's, Pool.java)."""
    return [_spoke_of(v) for v in _hub.choosePool(pool, list(states))]


def allow_folders(folders):
    """Spokes that cannot see the hub's files may fetch modules from these folders."""
    _hub.allowFolders(list(folders))


def evaluate(spoke_id, source, timeout):
    """Evaluates source on a spoke: kind ('ok', 'error', 'lost', 'timeout'), value (pickled bytes), error."""
    outcome = _hub.evaluate(int(spoke_id), str(source), float(timeout))
    return SimpleNamespace(kind=outcome.kind(), value=_from_java(outcome.pickled()), error=outcome.error())


def task_spec(payload, timeout, relaunch_pre, relaunch_post, links=None, retries=0):
    """One task of a run, as start_run takes it: its packed bytes, its timeout (seconds, 0: none),
    whether it wants a fresh spoke before it (True), whether its spoke is ended after it (True),
    a DAG task's links: {"label": str, "inputs": [task index], "after": [task index]}, and how many
    times it goes again after its spoke is lost while it runs (policyB; 0: at most once)."""
    spec = {"payload": _to_java(payload), "timeout": timeout, "relaunchPre": relaunch_pre is True,
            "relaunchPost": relaunch_post is True}
    if links is not None:
        spec["links"] = links
    if retries:
        spec["retries"] = retries
    return spec


def start_run(manager, pool, min_spokes, max_spokes, wait_for_spokes, timeout_execution, tasks):
    """Starts a task manager's run (the hub is online until it finishes); returns its Run.

    `manager` is "list", "dag" or "template"; `min_spokes` / `max_spokes` 0 for the runtime's choice;
    the timeouts in seconds, 0 for none; `tasks` made by task_spec (a template: one)."""
    request = {"manager": manager, "pool": pool, "minSpokes": min_spokes, "maxSpokes": max_spokes,
               "waitForSpokes": float(wait_for_spokes), "timeoutExecution": float(timeout_execution),
               "tasks": tasks}
    return Run(_hub.startRun(request))


_structs = []


def _reports(count, packed):
    """A poll's reports, packed by RunHandle.packed (one crossing for the batch): a list of (task,
    status label, payload bytes, error, tries)."""
    if not count:
        return []
    if not _structs:  # struct loads with the hub's first reports, not in every context that boots
        import struct
        _structs.extend((struct.Struct(">iBii"), struct.Struct(">i")))
    _REPORT_HEAD, _LENGTH = _structs
    data = _from_java(packed)
    labels = _LABEL_OF_CODE
    out = []
    at = 0
    for _ in range(count):
        task, code, tries, length = _REPORT_HEAD.unpack_from(data, at)
        at += 13
        payload = data[at:at + length]
        at += length
        (length,) = _LENGTH.unpack_from(data, at)
        at += 4
        out.append((task, labels[code], payload, data[at:at + length].decode("utf-8"), tries))
        at += length
    return out


class Run:
    """A run as `manage` drives it (RunHandle.java): poll it until it is finished."""

    def __init__(self, handle):
        self._handle = handle
        self._last = None
        #: How many tasks it has (a template: one copy per spoke of its pool).
        self.size = handle.size()

    def poll(self, wait):
        """(reports, started, finished): the reports that came since the last poll, each (task
        index, status label, the handle as the spoke packed it or b"", error, tries), waiting up to
        `wait` seconds for one; whether the run started; whether it is finished."""
        p = self._last = self._handle.poll(wait)
        return _reports(p.count(), p.reports()), p.started(), p.finished()

    def last_reports(self):
        """The reports of the last poll again, as poll gives them (an interrupt may have lost them)."""
        p = self._handle.lastPoll()
        return [] if p is None else _reports(p.count(), p.reports())

    def failure(self):
        """Why the run could not start, or None (as of the last poll)."""
        return self._last.failure() or None

    def expired(self):
        """True when its timeoutExecution ended it (as of the last poll)."""
        return self._last.expired()

    def progress(self):
        """(done, failed, running, spokes held) for the progress line (as of the last poll)."""
        p = self._last
        return p.done(), p.failed(), p.running(), p.spokes()

    def messages(self):
        """The running tasks' messages of the last poll (fine grain): (task index, key, body bytes)."""
        return [(m.task(), m.key(), _from_java(m.body())) for m in self._last.messages()]

    def reply(self, key, body):
        """The hub's reply to a message of dispatch `key` (dropped if that task no longer runs)."""
        self._handle.reply(key, _to_java(body))

    def abort(self, why):
        """A hub callback raised (or manage was interrupted): the run's spokes are ended, and its
        unreported tasks get no report. Nothing once the run is offline."""
        self._handle.callbackRaised(why)

    def interrupt(self, why):
        """Ctrl-C in manage: every unfinished task is reported dropped with `why` (the next
        poll has the reports), the spokes running one are ended, and the run goes offline."""
        self._handle.interrupted(why)

    def close(self):
        """The end of manage, whatever happened: the hub is offline again."""
        self._handle.close()

    def ended_from_outside(self):
        """Why something outside the session ended the run (its Slurm job ended), or "". Asked
        after close(): an end that came later interrupts the session's code instead."""
        return self._handle.endedFromOutside()


# --- a spoke: code shipping (SpokeServices.java) and its answers to the engine -----------------------

def shared_file_system():
    """False on a spoke started with --no-shared-fs: every folder of a task comes from the hub."""
    return _spoke.sharedFileSystem()


def fetch(folder, module, known_hash):
    """Asks the hub for a module's source: status ('found', 'unchanged', 'not_found', 'refused'),
    path (at the hub), hash, content (bytes)."""
    answer = _spoke.fetch(folder, module, known_hash)
    return SimpleNamespace(status=answer.status(), path=answer.path(), hash=answer.hash(),
                           content=_from_java(answer.content()))


def message_limit():
    """The largest message a task may send or the hub reply, in bytes (Protocol.java)."""
    return (_spoke if _spoke is not None else _hub).messageLimit()


def task_send(body):
    """Sends the hub a message from the running task (bytes); False when no task runs."""
    return _spoke.send(_to_java(body))


def task_receive(seconds):
    """The hub's next message for the running task (bytes), or None within `seconds`."""
    text = _spoke.receive(float(seconds))
    return None if text is None else _from_java(text)


def task_outcome(label, payload, error):
    """A task's outcome as the spoke's engine reads it (SpokeWorker.java): a status label, the
    packed handle, why it failed."""
    return {"status": label, "payload": _to_java(payload), "error": error}


def evaluation_outcome(ok, value, error):
    """An evaluation's outcome as the spoke's engine reads it: ok, the pickled value, the traceback."""
    return {"ok": ok, "value": _to_java(value), "error": error}


# --- CPython's interpreter flags of this context (InterpreterFlags.java) -------------------------

def interpreter_flags():
    """The command line's flags as plain values: {'flags': {field: value}, 'warn_options': [...],
    'x_options': [...], 'skip_first_line': bool}."""
    f = _runtime.flags()
    return {
        "flags": {
            "debug": f.debug(), "inspect": f.inspect(), "optimize": f.optimize(),
            "no_user_site": f.noUserSite(), "no_site": f.noSite(),
            "ignore_environment": f.ignoreEnvironment(), "verbose": max(f.verbose(), int(_runtime.verbose())),
            "dont_write_bytecode": int(not _runtime.writesBytecode()),
            "bytes_warning": f.bytesWarning(), "quiet": f.quiet(),
            "hash_randomization": f.hashRandomization(), "isolated": f.isolated(),
            "dev_mode": f.devMode(), "utf8_mode": f.utf8Mode(),
            "warn_default_encoding": f.warnDefaultEncoding(), "safe_path": f.safePath(),
            "int_max_str_digits": f.intMaxStrDigits(),
        },
        "warn_options": [str(w) for w in f.warnOptions()],
        "x_options": [str(x) for x in f.xOptions()],
        "skip_first_line": f.skipFirstLine(),
    }
