"""Task managers under faults (FaultMatrix and its placements TaskManagerTest and
ThreadSpokesTest; TaskManagerEdgesTest): a pinterp closure whose tasks misbehave on purpose, and
a papply closure running shell commands; typedefs.py beside it holds their typedefs. Each run
prints one sorted line per task's report: (name, outcome, detail)."""

import os

import pool
import typedefs

reports = []


def _stat(pc):
    try:
        hdl = pc.stage1.payload.tie()
        value = hdl.spm.stat.returnValue
        if isinstance(value, str) and len(value) > 1000:  # 'heavy': its size, not its text
            value = "%d chars" % len(value)
        reports.append((hdl.name, "done", value))
    except (SPMTaskDropped, SPMTaskLoad, SPMTaskEval) as e:  # noqa: F821 - builtins
        (hdl,) = e.args
        reason = (hdl.spm.stat.exception or "").strip().splitlines()
        detail = reason[-1] if reason else ""
        kept = hdl.spm.stat.returnValue
        if hasattr(kept, "Has") and kept.Has(attr="stdOut"):
            detail += " | stdOut=%r exitStatus=%r" % (kept.stdOut, kept.exitStatus)
        reports.append((hdl.name, type(e).__name__, detail))
    return pc.stage1.event.done()


def _raising_stat(pc):
    raise RuntimeError("the callback failed on purpose")


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)  # noqa: F821
def _closures():
    interp = spm.pclosure.macro.pinterp.list.grainCoarse.policyA.defun(  # noqa: F821
        signature="faults:interp", stage1Cb=_stat)
    shell = spm.pclosure.macro.papply.list.grainCoarse.policyA.defun(  # noqa: F821
        signature="faults:shell", stage1Cb=_stat)
    template = spm.pClosure.macro.pinterp.template.grainCoarse.policyA.defun(  # noqa: F821
        signature="faults:template", stageCb=_stat)
    return interp, shell, template


_pcs = _closures()

INTERP_TYPEDEF = typedefs.task("list", typedefs.PINTERP_SPM,
                               "name::scalar<auto> = deferred;", "mode::scalar<auto> = deferred;")

SHELL_TYPEDEF = typedefs.task("list", typedefs.PAPPLY_SPM, "name::scalar<auto> = deferred;")


@spm.util.dassert(predicateCb=spm.sys.pstat.amSpoke)  # noqa: F821
def taskEval(pc):
    hdl = pc.stage2.payload.tie()
    mode = hdl.mode
    if mode.startswith("counted-"):
        # Notes each run of the task in a file of its own (runs() counts them), then does the rest.
        os.makedirs(_RUNS, exist_ok=True)
        with open(os.path.join(_RUNS, "%s.%d.%s" % (hdl.name, os.getpid(), os.urandom(8).hex())), "w"):
            pass
        mode = mode[len("counted-"):]
    if mode == "ok":
        hdl.spm.stat.returnValue = "ran on " + str(hdl.spm.core.nameHost)
    elif mode == "raise":
        raise ValueError("task raised on purpose")
    elif mode == "hang":
        while True:
            pass
    elif mode == "exit":
        os._exit(3)
    elif mode == "kill":
        os.kill(os.getpid(), 9)
    elif mode == "block":
        # A blocking system call: an interrupt of the context cannot reach it.
        r, _ = os.pipe()
        os.read(r, 1)
    elif mode == "print":
        print("printed by a task on its spoke")
        hdl.spm.stat.returnValue = "printed"
    elif mode == "flood":
        # 200,000 lines, and one on stderr in two writes: the hub shows each whole, never waits.
        for i in range(200000):
            print("flood line %d of 200000" % i)
        import sys
        sys.stderr.write("and one half-")
        sys.stderr.flush()
        sys.stderr.write("line on stderr\n")
        hdl.spm.stat.returnValue = "flooded"
    elif mode.startswith("mp-"):
        # multiprocessing from a task: spawn (processes) or GraalPy's own method (contexts).
        import concurrent.futures
        import multiprocessing
        method = mode[3:]
        if method == "graalpy":  # GraalPy's wait() needs it as the default method, not a context
            multiprocessing.set_start_method("graalpy", force=True)
        context = multiprocessing.get_context(method)
        with context.Pool(1) as p:
            mapped = p.map(abs, [-1, -2])
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as ex:
            powers = list(ex.map(pow, [2, 3], [2, 2]))
        hdl.spm.stat.returnValue = "%s %r %r" % (method, mapped, powers)
    elif mode == "trickle":
        import time
        for i in range(8):  # slowly: the hub's progress line is on show between the lines
            print("trickle %d" % i)
            time.sleep(0.6)
        hdl.spm.stat.returnValue = "trickled"
    elif mode == "big":
        hdl.spm.stat.returnValue = "x" * (17 * 1024 * 1024)  # more than a message to the hub may carry
    elif mode in ("heavy", "heavy-narrow"):
        # 6 MiB of report. Narrowed (a spoke process only: a spoke thread would narrow the hub's
        # own connections), it goes through a send buffer of 8 KiB: on loopback its write takes
        # about a second, well within the hub's 5 s of silence (each small window waits for a delayed ACK).
        if mode == "heavy-narrow":
            _narrow_sockets()
        hdl.spm.stat.returnValue = "h" * (6 * 1024 * 1024)
    elif mode == "nap":
        import time
        time.sleep(2)
        hdl.spm.stat.returnValue = "napped"
    elif mode == "popen":
        # A process started by other means than a co-process, left running.
        import subprocess
        hdl.spm.stat.returnValue = subprocess.Popen(["sleep", "7781"]).pid
    elif mode == "orphan":
        # A process left running by a spoke that is then killed: it cannot end it itself.
        import subprocess
        subprocess.Popen(["sleep", "7782"])
        os.kill(os.getpid(), 9)
    elif mode == "detach":
        # A daemon: the shell is gone at once, its child in a session of its own.
        os.system("setsid sleep 7778 < /dev/null > /dev/null 2>&1 &")
        hdl.spm.stat.returnValue = "detached"
    elif mode == "who":
        hdl.spm.stat.returnValue = hdl.spm.core.whoAmI
    return pc.stage2.event.done()


def _narrow_sockets():
    """Gives every TCP connection of this process (a spoke's: to its hub) a send buffer of 8 KiB."""
    import socket
    for fd in os.listdir("/proc/self/fd"):
        try:
            if not os.readlink("/proc/self/fd/" + fd).startswith("socket:"):
                continue
            s = socket.socket(fileno=os.dup(int(fd)))
        except OSError:
            continue
        try:
            if s.type == socket.SOCK_STREAM and s.family in (socket.AF_INET, socket.AF_INET6):
                s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8192)
        except OSError:
            pass
        finally:
            s.close()


_RUNS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "runs")


def runs(name):
    """How many times the task of that name ran (its 'counted-' mode noted each run)."""
    return len([f for f in os.listdir(_RUNS) if f.split(".")[0] == name]) if os.path.isdir(_RUNS) else 0


def _manage(pc, timeout_seconds=120, on=None, most=None, wait=60, least=None):
    pc.stage0.event.manage(pool=on if on is not None else pool.intraAll(),
                           nSpokesMin=least if least is not None else spm.env.const.default,  # noqa: F821
                           nSpokesMax=most if most is not None else spm.env.const.default,  # noqa: F821
                           timeoutWaitForSpokes=spm.util.timeout.after(seconds=wait),  # noqa: F821
                           timeoutExecution=spm.util.timeout.after(seconds=timeout_seconds))  # noqa: F821


def interp(modes, timeout=3, callback=None, pre=None, post=None, on=None, most=None, run_timeout=120, wait=60,
           least=None):
    """Runs one pinterp task per mode; prints the reports."""
    pc = _pcs[0]
    del reports[:]
    pc.stage0.init.main(typedef=INTERP_TYPEDEF)
    hdl = pc.stage0.payload.tie()
    for i, mode in enumerate(modes):
        hdl.spm.meta.path = (os.path.dirname(os.path.abspath(__file__)),)
        hdl.spm.meta.modulePreload = ("no_such_module_here",) if mode == "load" else ("faults",)
        hdl.spm.meta.module = "faults"
        hdl.spm.meta.timeout = spm.util.timeout.after(seconds=timeout)  # noqa: F821
        hdl.name = "%d-%s" % (i, mode)
        hdl.mode = mode
        hdl.spm.core.relaunchPre = pre
        hdl.spm.core.relaunchPost = post
        hdl.Push()
    if callback is not None:
        pc._callback = callback
    try:
        _manage(pc, run_timeout, on, most, wait, least)
    finally:
        pc._callback = _stat
    for r in sorted(reports):
        print(r)


def template(mode="who"):
    """Runs the template closure (one copy per spoke of the pool); prints the reports."""
    pc = _pcs[2]
    del reports[:]
    pc.stage0.init.main(typedef=INTERP_TYPEDEF.replace("task<list>", "task<template>"))
    hdl = pc.stage0.payload.tie()
    hdl.spm.meta.path = (os.path.dirname(os.path.abspath(__file__)),)
    hdl.spm.meta.modulePreload = ("faults",)
    hdl.spm.meta.module = "faults"
    hdl.spm.meta.timeout = spm.util.timeout.after(seconds=30)  # noqa: F821
    hdl.name = "copy"
    hdl.mode = mode
    _manage(pc)
    for r in sorted(reports):
        print(r)


def shell(commands, task_timeout=20):
    """Runs one shell.policyA task per (command, co-process timeout); prints the reports."""
    pc = _pcs[1]
    del reports[:]
    pc.stage0.init.main(typedef=SHELL_TYPEDEF)
    hdl = pc.stage0.payload.tie()
    for i, (command, seconds) in enumerate(commands):
        hdl.spm.meta.api = spm.util.coprocess.shell.policyA  # noqa: F821
        hdl.spm.meta.apiArgs = dict(cmd=command, timeout=spm.util.timeout.after(seconds=seconds))  # noqa: F821
        hdl.spm.meta.timeout = spm.util.timeout.after(seconds=task_timeout)  # noqa: F821
        hdl.name = "%d-%s" % (i, command)
        hdl.Push()
    _manage(pc)
    for r in sorted(reports):
        print(r)
