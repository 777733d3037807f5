"""spm.util.coprocess: shell commands as co-processes of a task (DESIGN §7).

Every co-process runs in its own process group (a new session); on timeout, at the end of its
task, or when its task is stopped, the whole group is ended: SIGTERM, then SIGKILL after a
grace, then reaped. It runs under spm-coproc-guard (native/src/main/c), which kills the group
if the spoke itself is killed. No zombies, no orphans.

The three policies differ in what they keep and what counts as failure:

| policy  | record fields                      | non-zero exit or timeout |
| ------- | ---------------------------------- | ------------------------ |
| policyA | stdOut, stdErr (apart), exitStatus | task fails (SPMTaskEval) |
| policyB | stdOutErr (merged, in order), exitStatus | task fails (SPMTaskEval) |
| policyC | stdOut, stdErr (apart), exitStatus | not a failure: the caller reads exitStatus |

A failed command's record (with its output) is the task's returnValue all the same.
"""

import os
import time

from spm import _engine
from spm.exceptions import SPMCoprocessFailed
from spm.typedef import Record

#: Seconds between SIGTERM and SIGKILL when a group is ended.
GRACE_SECONDS = 2.0

#: Process groups of the co-processes now running (pgid -> Popen). Java knows them too
#: (spm._engine.coprocess_started), and ends them when Python cannot.
_live = {}


def _spm_api(fn):
    fn._spm_api = True
    return fn


def _seconds(timeout):
    if timeout is None:
        return None
    return getattr(timeout, "seconds", timeout)


def end_group(pgid, grace=GRACE_SECONDS):
    """Ends a process group (a co-process's, an MPI job's mpirun): SIGTERM, then SIGKILL after
    `grace` if anything is left. A group that is gone, or no longer ours, is left alone."""
    import signal  # here: the module builds its enums at import, which a spoke's start-up can do without
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except (ProcessLookupError, PermissionError):
            return
        if sig == signal.SIGTERM:
            deadline = time.monotonic() + grace
            while time.monotonic() < deadline:
                try:
                    os.killpg(pgid, 0)
                except (ProcessLookupError, PermissionError):
                    return
                time.sleep(0.05)


def end_all():
    """Ends every co-process group still running (a task ended or was stopped)."""
    for pgid, proc in list(_live.items()):
        end_group(pgid)
        try:
            proc.wait(timeout=GRACE_SECONDS)
        except Exception:
            pass
        _live.pop(pgid, None)
        _engine.coprocess_ended(pgid)


def _run(cmd, timeout, merge):
    import subprocess  # here, not at the top: every spoke imports this module as it boots
    # The guard leads the group and ends it if this spoke is killed (it cannot do so itself).
    proc = subprocess.Popen([_engine.coprocess_guard(), "/bin/sh", "-c", cmd], start_new_session=True,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT if merge else subprocess.PIPE)
    _live[proc.pid] = proc
    _engine.coprocess_started(proc.pid)
    timed_out = False
    try:
        out, err = proc.communicate(timeout=_seconds(timeout))
    except subprocess.TimeoutExpired:
        timed_out = True
        end_group(proc.pid)
        out, err = proc.communicate()
    finally:
        # The command may have left children in its group: they go with it.
        end_group(proc.pid, grace=0.2)
        _live.pop(proc.pid, None)
        _engine.coprocess_ended(proc.pid)
    decode = lambda b: b.decode("utf-8", "replace") if b is not None else ""
    fields = {"exitStatus": proc.returncode, "timedOut": timed_out}
    if merge:
        fields["stdOutErr"] = decode(out)
    else:
        fields["stdOut"] = decode(out)
        fields["stdErr"] = decode(err)
    return Record(**fields), timed_out


def _fail_if_needed(cmd, timeout, record, timed_out):
    if timed_out:
        raise SPMCoprocessFailed("co-process %r passed its timeout of %s s and was ended"
                                 % (cmd, _seconds(timeout)), record)
    if record.exitStatus != 0:
        raise SPMCoprocessFailed("co-process %r exited with status %s" % (cmd, record.exitStatus), record)
    return record


class shell:
    """`spm.util.coprocess.shell.policyA/B/C(cmd = ..., timeout = ...)`."""

    @staticmethod
    @_spm_api
    def policyA(cmd, timeout=None):
        record, timed_out = _run(cmd, timeout, merge=False)
        return _fail_if_needed(cmd, timeout, record, timed_out)

    @staticmethod
    @_spm_api
    def policyB(cmd, timeout=None):
        record, timed_out = _run(cmd, timeout, merge=True)
        return _fail_if_needed(cmd, timeout, record, timed_out)

    @staticmethod
    @_spm_api
    def policyC(cmd, timeout=None):
        record, _ = _run(cmd, timeout, merge=False)
        return record
