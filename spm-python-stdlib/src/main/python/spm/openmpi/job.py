"""The hub's part of an MPI job (DESIGN §11): one template run over the pool's spokes, the spokes
of each server sharing one orted, hosted by the first of them (spm.openmpi.host); mpirun started once every spoke is ready, under the
co-process guard in a group of its own, with spm-python's launch agent, `routed direct`, the rank
wrapper and the shim; the ranks' output streamed to the hub's stdout/stderr as it comes; the
hub's own clock (the task's timeout) and deadlock watch; and, once every spoke has reported,
the job's one-unit verdict (spm.openmpi.verdict). Whatever ended the job, nothing of it is left:
mpirun's group is ended and reaped, every spoke's host ends its orted (and the wrappers' parent-
death signal takes the ranks)."""

import glob
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from spm import _engine
from spm.openmpi import host, install, verdict
from spm.pclosure import _payload
from spm.util import coprocess

#: Seconds every rank must be blocked with no progress before the job is a deadlock.
DEADLOCK_SECONDS = 3.0
#: Seconds between SIGTERM and SIGKILL when mpirun's group is ended.
GRACE_SECONDS = 2.0
#: After mpirun ended, seconds the spokes' hosts have to report before the hub ends them.
SETTLE_SECONDS = 5.0
#: The spokes' own engine clock, past the job's timeout: a backstop if the hub's fails.
BACKSTOP_SECONDS = 20.0


class Job:
    """One MPI job: `app` with `args` over a template run's spokes."""

    def __init__(self, app, args, timeout=None, deadlock_seconds=DEADLOCK_SECONDS, mpirun_options=(),
                 out=None, err=None):
        self.library = install.check_app(app)
        self.mpirun = install.mpirun_for(self.library)
        self.helpers = install.helpers()
        self.app = os.path.abspath(app)
        self.args = list(args)
        self.timeout = timeout if timeout else None
        self.deadlock_seconds = float(deadlock_seconds) if deadlock_seconds else None
        self.mpirun_options = list(mpirun_options)
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.dir = None
        self.proc = None
        self.relays = []
        self.ended_by_us = False
        self.timed_out = False
        self.deadlock = None
        self.not_started = None
        self.started_at = None

    def spoke_payload(self, style, typedef, snapshot):
        """The template task every spoke gets: the handle, and where the job's folder is."""
        return _payload.pack({"style": style, "typedef": typedef, "snapshot": snapshot,
                              "job": {"dir": self.dir, "host": self.helpers["spm-mpi-host"]}})

    def engine_timeout(self):
        return self.timeout + BACKSTOP_SECONDS if self.timeout else 0.0

    def open(self):
        # /tmp, not the session's folder: a socket's path is at most 107 bytes. Named by the hub's
        # pid, so that a later job sweeps the folders of hubs that were killed (nothing else is left).
        _sweep()
        self.dir = tempfile.mkdtemp(prefix="spm-mpi-%d-" % os.getpid(), dir=_FOLDERS)
        return self

    # while the run goes on ------------------------------------------------------------------

    def ready_spokes(self):
        """{spoke id: host pid} of the spokes whose host listens."""
        ready = {}
        for path in glob.glob(os.path.join(self.dir, "spm-s*.ready")):
            name = os.path.basename(path)[len("spm-s"):-len(".ready")]
            try:
                with open(path) as f:
                    ready[int(name)] = int(f.read().strip() or 0)
            except (OSError, ValueError):
                continue
        return ready

    def start_mpirun(self, spoke_ids):
        """mpirun over these spokes, one rank each. A server's spokes share one orted: one hostfile
        line per server (named by its first spoke, the leader, with a slot per spoke), so that its
        ranks talk through shared memory; JOB_DIR/<leader>.local names the server's spokes, whose
        hosts the ranks' wrappers connect to by local rank."""
        servers = {s.id: s.serverName for s in _engine.spokes()}
        by_server = {}
        for spoke_id in sorted(spoke_ids, key=lambda i: (servers.get(i, ""), i)):
            by_server.setdefault(servers.get(spoke_id, ""), []).append(spoke_id)
        hostfile = os.path.join(self.dir, "hostfile")
        with open(hostfile, "w") as f:
            for ids in by_server.values():
                f.write("%s slots=%d\n" % (host.token(ids[0]), len(ids)))
                with open(os.path.join(self.dir, host.token(ids[0]) + ".local"), "w") as local:
                    local.write(" ".join(host.token(i) for i in ids) + "\n")
        order = [i for ids in by_server.values() for i in ids]
        command = [self.mpirun, "--hostfile", hostfile, "-np", str(len(order)),
                   "--mca", "plm_rsh_agent", self.helpers["spm-mpi-agent"],
                   "--mca", "routed", "direct",
                   "--mca", "orte_fork_agent", self.helpers["spm-mpi-wrapper"],
                   # An orted writes its hwloc topology into shared memory at a "hole" of its
                   # address space; at times that hole is beside its stack and the orted dies of
                   # SIGSEGV in hwloc_shmem_topology_write (seen here, 1 job in ~50): not shared.
                   "--mca", "rtc_hwloc_vmhole", "none",
                   "--bind-to", "none"]
        if os.geteuid() == 0:
            command.append("--allow-run-as-root")
        if len(order) > (os.cpu_count() or 1):
            command.append("--oversubscribe")
        command += self.mpirun_options + [self.app] + self.args
        env = dict(os.environ, SPM_MPI_JOB_DIR=self.dir)
        self.out.flush()
        self.err.flush()
        self.proc = subprocess.Popen([_engine.coprocess_guard()] + command, start_new_session=True, env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _engine.coprocess_started(self.proc.pid)
        self.started_at = time.monotonic()
        self.relays = [_relay(self.proc.stdout, self.out, False), _relay(self.proc.stderr, self.err, True)]
        self.np = len(order)

    def watch(self):
        """Once mpirun runs: True when the hub's clock or the deadlock watch ended the job now."""
        if self.proc is None or self.proc.poll() is not None or self.ended_by_us:
            return False
        if self.timeout and time.monotonic() - self.started_at >= self.timeout:
            self.timed_out = True
            self.end()
            return True
        if self.deadlock_seconds:
            stuck = self._deadlocked()
            if stuck is not None:
                self.deadlock = stuck
                self.end()
                return True
        return False

    def _deadlocked(self):
        """Every rank blocked in an MPI call with no progress for deadlock_seconds: their calls; else None."""
        now = time.time() * 1000
        ranks = {}
        for path in glob.glob(os.path.join(self.dir, "spm-s*.state")):
            try:
                with open(path) as f:
                    for line in f:
                        rank, blocked, call, since, ended = line.split()
                        ranks[int(rank)] = (blocked == "1" and ended == "0", call, float(since))
            except (OSError, ValueError):
                return None
        if len(ranks) < self.np or not all(b for b, _, _ in ranks.values()):
            return None
        if any(call == "MPI_Finalize" for _, call, _ in ranks.values()):
            return None
        quiet = min(now - since for _, _, since in ranks.values()) / 1000.0
        if quiet < self.deadlock_seconds:
            return None
        return "every rank was blocked for %g s with no progress: %s" % (
            self.deadlock_seconds, ", ".join("rank %d in %s" % (r, ranks[r][1]) for r in sorted(ranks)))

    def mpirun_ended(self):
        return self.proc is not None and self.proc.poll() is not None

    def end(self):
        """Ends mpirun's group (TERM, then KILL after a grace) and every spoke's host."""
        self.ended_by_us = self.ended_by_us or (self.proc is not None and self.proc.poll() is None)
        if self.proc is not None:
            coprocess.end_group(self.proc.pid)
        self.end_hosts()

    def end_hosts(self):
        for pid in self.ready_spokes().values():
            try:
                os.kill(pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                pass

    def close(self):
        """Whatever happened: mpirun's group gone and reaped, its output relayed, the folder removed."""
        if self.proc is not None:
            coprocess.end_group(self.proc.pid, grace=0.2 if self.proc.poll() is not None else GRACE_SECONDS)
            try:
                self.proc.wait(timeout=GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                pass
            _engine.coprocess_ended(self.proc.pid)
            for relay in self.relays:
                relay.join(timeout=2.0)
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def mpirun_status(self):
        if self.proc is None:
            return None
        status = self.proc.returncode
        # The guard ends as mpirun did: a signal shows as 128+N only if it could not re-raise it.
        return status

    def drive(self, run, on_report, on_started=lambda: None):
        """Drives the run to its end: `on_started()` once its tasks are out, `on_report(task,
        status, payload, error)` for each report as it comes; mpirun started when every spoke is ready; the clocks watched. Returns when every
        spoke has reported."""
        settle_from = None
        finished = False
        while not finished:
            reports, started, finished = run.poll(0.1)
            if started or reports:
                on_started()
            for report in reports:
                on_report(*report[:4])  # an MPI job is never retried: its tries say nothing
                if self.proc is None and self.not_started is None:
                    self.not_started = "a spoke's task ended before every spoke was ready (%s)" % (
                        (report[3] or report[1]).strip().splitlines()[-1] if (report[3] or report[1]) else report[1])
                    self.end_hosts()
            if finished:
                break
            if self.proc is None and self.not_started is None:
                ready = self.ready_spokes()
                if ready and len(ready) == run.size:
                    self.start_mpirun(list(ready))
                continue
            if self.not_started is not None:
                self.end_hosts()
                continue
            self.watch()
            if reports and not self.mpirun_ended() and not self.ended_by_us:
                # A spoke's task ended while mpirun runs: its orted is gone; mpirun ends the job, or we do.
                settle_from = settle_from or time.monotonic()
            if self.mpirun_ended():
                settle_from = settle_from or time.monotonic()
            if settle_from is not None and time.monotonic() - settle_from > SETTLE_SECONDS:
                self.end()
                settle_from = time.monotonic() + 1e9  # once

    def decide(self, outcomes, lost):
        return verdict.decide(outcomes, lost, getattr(self, "np", 0), self.mpirun_status(), self.ended_by_us,
                              timeout=self.timeout if self.timed_out else None, deadlock=self.deadlock,
                              not_started=self.not_started)


_FOLDERS = "/tmp"


def _sweep():
    """Removes the job folders of hubs that are gone (killed before they could)."""
    for folder in glob.glob(os.path.join(_FOLDERS, "spm-mpi-*-*")):
        try:
            pid = int(os.path.basename(folder).split("-")[2])
            os.kill(pid, 0)
        except (ValueError, IndexError):
            continue
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            continue


def split_options(text):
    """appOptions split as a shell would: "-prefix='app'" gives ['-prefix=app']."""
    if text is None:
        return []
    if isinstance(text, (list, tuple)):
        return [str(word) for word in text]
    try:
        return shlex.split(str(text))
    except ValueError as e:
        from spm.exceptions import SPMException
        raise SPMException("apiArgs: appOptions %r does not split as a shell would: %s" % (text, e)) from None


_MPIRUN_CHATTER = "-" * 20


def _relay(stream, sink, drop_mpirun_blocks):
    """Copies mpirun's output to the hub's, a line as it comes. On stderr, mpirun's own boxed
    explanations of a failure (between dashed lines) are left out: the job's verdict says it once."""
    def copy():
        boxed = False
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace")
            if drop_mpirun_blocks and not os.environ.get("SPM_MPI_VERBOSE"):
                if line.startswith(_MPIRUN_CHATTER) and line.strip("-\n") == "":
                    boxed = not boxed
                    continue
                if boxed:
                    continue
            sink.write(line)
            sink.flush()
        stream.close()
    thread = threading.Thread(target=copy, name="spm-mpirun-relay", daemon=True)
    thread.start()
    return thread
