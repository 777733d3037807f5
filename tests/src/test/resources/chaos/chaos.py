"""The chaos suite (ChaosTest in CI, bench/chaos.py as a soak): runs after runs in ONE hub
session, each with faults drawn from a seed, and after every run checks the promise: exactly one
report per task (policyA), every task done under policyB when each task meets fewer faults than
its retries, the run concluded within its bound, no co-process left, and the session usable for
the next run (it is: the next run is the check).

Faults, by kind (counted only when they happened):
- in a task: raise, hang (past its 1 s timeout), os._exit, block in a system call (past its
  timeout: its spoke is ended), kill -9 of its own spoke, a co-process that ignores SIGTERM (past
  its co-process timeout), under policyB kill/exit of its spoke on its first try;
- at the hub, from the status callback: kill -9 of a random busy spoke, SIGSTOP then SIGCONT of
  a random busy spoke (0.3-1 s, below --lost-after), a callback that raises (the run aborts);
- at the tracker's port, on a thread while the run goes: garbage bytes, a half-open connection
  (connects, says nothing), a slow-loris (a byte every 0.2 s).

`soak(seed, faults, runs, budget)` prints one line per run and a last line `chaos: ...` with the
totals (faults by kind, tasks, reports, problems); `problems` lists every broken promise."""

import collections
import os
import random
import signal
import socket
import sys
import threading
import time

import pool
import typedefs

#: A run concludes within this (its tasks' timeouts, a spoke death's relaunch on a loaded machine).
RUN_BOUND_SECONDS = 120
#: Tasks' own timeout (hang, block); a co-process's.
TASK_TIMEOUT = 1.5
COPROC_TIMEOUT = 0.3
MARK = "4242%d" % (os.getpid() % 1000)  # a co-process's sleep names this session: sleep 4242NNN

FIELDS = ("name::scalar<auto> = deferred;", "mode::scalar<auto> = deferred;", "marker::scalar<auto> = None;")
SPM = (typedefs.PINTERP_SPM
       .replace("timeout::scalar<timeout> = None;", "timeout::scalar<timeout> = None;\n      retries::scalar<auto> = None;")
       .replace("returnValue::scalar<auto> = None;", "returnValue::scalar<auto> = None;\n      tries::scalar<auto> = None;"))

faults = collections.Counter()
problems = []
_run = {}


class _CallbackFault(Exception):
    pass


def _busy_spoke(rng):
    busy = [s for s in spm.sys.tracker.spokes(("busy",)) if s.local and s.pid > 0]  # noqa: F821
    return rng.choice(busy) if busy else None


def _stat(pc):
    r = _run
    try:
        hdl = pc.stage1.payload.tie()
        outcome = "done"
    except (SPMTaskDropped, SPMTaskLoad, SPMTaskEval) as e:  # noqa: F821 - builtins
        (hdl,) = e.args
        outcome = type(e).__name__
    r["reports"][hdl.name].append((outcome, hdl.spm.stat.tries))
    r["count"] += 1
    # The hub's own faults, at the report that draws them.
    hub = r["hub"].pop(r["count"], None)
    if hub == "killspoke":
        s = _busy_spoke(r["rng"])
        if s is not None:
            os.kill(s.pid, signal.SIGKILL)
            faults["kill -9 of a busy spoke"] += 1
            r["external"] += 1
    elif hub == "stop":
        s = _busy_spoke(r["rng"])
        if s is not None:
            os.kill(s.pid, signal.SIGSTOP)
            threading.Timer(r["rng"].uniform(0.3, 1.0), os.kill, (s.pid, signal.SIGCONT)).start()
            faults["SIGSTOP/SIGCONT of a busy spoke"] += 1
    elif hub == "raise":
        faults["a status callback that raises"] += 1
        raise _CallbackFault("the callback raised on purpose")
    return pc.stage1.event.done()


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)  # noqa: F821
def _closures():
    macro = spm.pclosure.macro.pinterp.list.grainCoarse  # noqa: F821
    return {"A": macro.policyA.defun(signature="chaos:A", stage1Cb=_stat),
            "B": macro.policyB.defun(signature="chaos:B", stage1Cb=_stat)}


_pcs = _closures()


@spm.util.dassert(predicateCb=spm.sys.pstat.amSpoke)  # noqa: F821
def taskEval(pc):
    hdl = pc.stage2.payload.tie()
    mode = hdl.mode
    if mode == "ok":
        hdl.spm.stat.returnValue = "ok"
    elif mode == "nap":
        time.sleep(0.3)
        hdl.spm.stat.returnValue = "napped"
    elif mode == "raise":
        raise ValueError("raised on purpose")
    elif mode == "hang":
        while True:
            pass
    elif mode == "exit":
        os._exit(3)
    elif mode == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif mode == "block":
        r, _ = os.pipe()
        os.read(r, 1)
    elif mode == "coproc":
        spm.util.coprocess.shell.policyA(cmd="trap '' TERM; sleep " + MARK,  # noqa: F821
                                         timeout=spm.util.timeout.after(seconds=COPROC_TIMEOUT))  # noqa: F821
    elif mode in ("killonce", "exitonce"):  # policyB: the first try's spoke dies, a later try finds the marker
        if os.path.exists(hdl.marker):
            hdl.spm.stat.returnValue = "ok"
        else:
            open(hdl.marker, "w").close()
            if mode == "killonce":
                os.kill(os.getpid(), signal.SIGKILL)
            os._exit(3)
    return pc.stage2.event.done()


#: What each task fault is counted as.
TASK_FAULTS = {"raise": "a task that raises", "hang": "a task that hangs", "exit": "a task that calls os._exit",
               "kill": "a task that kills its spoke", "block": "a task blocked in a system call",
               "coproc": "a co-process that ignores SIGTERM", "killonce": "policyB: a spoke killed mid-task",
               "exitonce": "policyB: a spoke that exits mid-task"}
#: What each mode's report must be (policyA): a set of outcomes; a task on a spoke killed by the hub may be dropped.
EXPECTED = {"ok": {"done"}, "nap": {"done"}, "raise": {"SPMTaskEval"}, "hang": {"SPMTaskDropped"},
            "exit": {"SPMTaskDropped"}, "kill": {"SPMTaskDropped"}, "block": {"SPMTaskDropped"},
            "coproc": {"SPMTaskEval", "SPMTaskDropped"}}


def _tracker_ports():
    """The hub's listening TCP ports (the tracker's among them), from /proc: this process's sockets."""
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink("/proc/self/fd/" + fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = []
    for table in ("/proc/self/net/tcp", "/proc/self/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    if parts[3] == "0A" and parts[9] in inodes:
                        ports.append(int(parts[1].rsplit(":", 1)[1], 16))
        except OSError:
            pass
    return sorted(set(ports))


def _network_faults(rng, kinds, stop):
    """Garbage, half-open and slow-loris connections at the hub's ports while the run goes."""
    ports = _tracker_ports()
    if not ports:
        problems.append("no listening port of the hub found in /proc")
        return
    held = []
    for kind in kinds:
        port = rng.choice(ports)
        try:
            c = socket.create_connection(("127.0.0.1", port), timeout=2)
        except OSError:
            continue
        if kind == "garbage":
            try:
                c.sendall(bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 3000))))
            except OSError:
                pass
            faults["garbage at the tracker's port"] += 1
            held.append(c)
        elif kind == "halfopen":
            faults["a half-open connection at the tracker's port"] += 1
            held.append(c)
        else:
            faults["a slow-loris connection at the tracker's port"] += 1
            held.append(c)

            def trickle(sock=c):
                while not stop.is_set():
                    try:
                        sock.send(b"\x00")
                    except OSError:
                        return
                    stop.wait(0.2)
            threading.Thread(target=trickle, daemon=True).start()
    stop.wait(RUN_BOUND_SECONDS)
    for c in held:
        try:
            c.close()
        except OSError:
            pass


#: Each run carries one of these in turn (besides its raises and connections), so that every kind
#: of fault comes within len(ROTATION) runs: a task's mode, or a hub fault.
ROTATION = ("hang", "exit", "stop", "killonce", "coproc", "kill", "raisecb", "block", "killspoke", "exitonce")


def _plan(rng, forced):
    """A run's policy, tasks (modes) and the hub's faults (report number -> fault), drawn from rng.
    Cheap faults (raises, connections) make the bulk; a spoke's death costs its relaunch, so a run
    has one at most besides an outside kill (policyB: fewer faults per task than its 2 retries)."""
    n = rng.randint(20, 40)
    hub = {}
    if forced in ("killonce", "exitonce"):
        modes = ["ok"] * n
        modes[rng.randrange(n)] = forced
        if rng.random() < 0.3:
            hub[rng.randint(1, n)] = "killspoke"
        return "B", modes, hub
    cheap = ["raise"] * 16 + ["ok"] * 3 + ["nap"]
    modes = [rng.choice(cheap) for _ in range(n)]
    if forced in ("hang", "exit", "coproc", "kill", "block"):
        modes[rng.randrange(n)] = forced
    elif forced == "raisecb":  # late in the run, so that most of its tasks are reported
        hub[rng.randint(n * 3 // 4, n)] = "raise"
    else:  # stop, killspoke: early, while there is work for the spokes
        hub[rng.randint(1, n // 2)] = forced
    if rng.random() < 0.3 and "stop" not in hub.values():
        hub[rng.randint(1, n)] = "stop"
    return "A", modes, hub


def one_run(seed, index, scratch):
    """One run of the soak; returns its line."""
    rng = random.Random(seed * 1000003 + index)
    policy, modes, hub = _plan(rng, ROTATION[index % len(ROTATION)])
    net = [rng.choice(("garbage", "halfopen", "slowloris")) for _ in range(rng.randint(10, 30))]
    pc = _pcs[policy]
    _run.clear()
    _run.update(rng=rng, hub=dict(hub), reports=collections.defaultdict(list), count=0, external=0)
    pc.stage0.init.main(typedef=typedefs.task("list", SPM, *FIELDS))
    hdl = pc.stage0.payload.tie()
    here = (os.path.dirname(os.path.abspath(__file__)),)
    names = []
    for i, mode in enumerate(modes):
        hdl.spm.meta.path = here
        hdl.spm.meta.modulePreload = ("chaos",)
        hdl.spm.meta.module = "chaos"
        # Only the tasks meant to pass it get the short timeout: a loaded machine is slow to start a task.
        seconds = TASK_TIMEOUT if mode in ("hang", "block") else 60
        hdl.spm.meta.timeout = spm.util.timeout.after(seconds=seconds)  # noqa: F821
        hdl.name = "%d-%s" % (i, mode)
        hdl.mode = mode
        hdl.marker = os.path.join(scratch, "run%d-%d" % (index, i))
        hdl.Push()
        names.append(hdl.name)
    stop = threading.Event()
    netting = threading.Thread(target=_network_faults, args=(rng, net, stop), daemon=True)
    netting.start()
    started = time.monotonic()
    aborted = False
    try:
        pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,  # noqa: F821
                               nSpokesMax=spm.env.const.default,  # noqa: F821
                               timeoutWaitForSpokes=spm.util.timeout.after(seconds=60),  # noqa: F821
                               timeoutExecution=spm.util.timeout.after(seconds=RUN_BOUND_SECONDS))  # noqa: F821
    except _CallbackFault:
        aborted = True
    except BaseException as e:  # SPMRunTimeout, SPMNoSpokes...: the promise is broken
        problems.append("run %d: manage raised %s: %s" % (index, type(e).__name__, e))
    took = time.monotonic() - started
    stop.set()
    netting.join(5)
    reports = _run["reports"]
    for mode, name in zip(modes, names):
        if mode in TASK_FAULTS and (reports.get(name) or not aborted):
            faults[TASK_FAULTS[mode]] += 1
    _check(index, policy, modes, names, reports, aborted, took)
    leftovers = _coprocesses_left()
    if leftovers:
        problems.append("run %d: co-processes left: %s" % (index, leftovers))
    n_reports = sum(len(v) for v in reports.values())
    return ("run %d policy%s: %d tasks, %d reports%s, %.1f s" % (index, policy, len(modes), n_reports,
                                                                 " (aborted by its callback)" if aborted else "", took),
            len(modes), n_reports, took)


def _check(index, policy, modes, names, reports, aborted, took):
    if took > RUN_BOUND_SECONDS:
        problems.append("run %d took %.1f s, more than its bound of %d s" % (index, took, RUN_BOUND_SECONDS))
    for mode, name in zip(modes, names):
        got = reports.get(name, [])
        if len(got) > 1 or (not aborted and len(got) != 1):
            problems.append("run %d: task %s got %d reports: %s" % (index, name, len(got), got))
            continue
        if not got:
            continue
        outcome, tries = got[0]
        if policy == "B":
            if outcome != "done" or not 1 <= (tries or 0) <= 3:
                problems.append("run %d: policyB task %s ended %s after %s tries (each task met fewer faults "
                                "than its 2 retries)" % (index, name, outcome, tries))
        elif outcome not in EXPECTED[mode] and not (outcome == "SPMTaskDropped" and _run["external"]):
            problems.append("run %d: task %s ended %s, expected %s" % (index, name, outcome, sorted(EXPECTED[mode])))
        elif policy == "A" and tries not in (0, 1):
            problems.append("run %d: policyA task %s had %s tries" % (index, name, tries))


def _coprocesses_left(wait=10.0):
    """This session's co-processes still running after `wait` s (their group is ended with their task)."""
    deadline = time.monotonic() + wait
    while True:
        left = []
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if ("sleep " + MARK) in cmd and "trap" not in cmd:
                left.append(pid)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def soak(seed, n_faults=200, n_runs=1000, budget_seconds=150.0, scratch="/tmp"):
    """Runs until `n_faults` faults were injected and every kind came (len(ROTATION) runs), or
    `n_runs` runs, or `budget_seconds` went by (whichever first); prints each run and the totals;
    returns (faults, problems)."""
    print("chaos: seed %d" % seed, flush=True)
    faults.clear()
    del problems[:]
    tasks = reports = 0
    longest = 0.0
    started = time.monotonic()
    runs = 0
    while runs < n_runs and (sum(faults.values()) < n_faults or runs < len(ROTATION)) \
            and time.monotonic() - started < budget_seconds:
        line, n_tasks, n_reports, took = one_run(seed, runs, scratch)
        runs += 1
        tasks += n_tasks
        reports += n_reports
        longest = max(longest, took)
        print(line, flush=True)
    total = sum(faults.values())
    for kind, n in sorted(faults.items()):
        print("chaos:   %4d %s" % (n, kind))
    print("chaos: seed %d, %d runs, %d faults of %d kinds, %d tasks, %d reports, longest run %.1f s, %.0f s in all, "
          "%d problems" % (seed, runs, total, len(faults), tasks, reports, longest, time.monotonic() - started,
                           len(problems)), flush=True)
    for p in problems:
        print("chaos: problem: " + p, flush=True)
    return total, problems
