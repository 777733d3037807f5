"""Fine grain (limited) end to end (FineLimitedMatrix and its placements): tasks that talk to the
hub while they run through a communication closure, and the misuses it refuses. Each run prints
one line per report, sorted: (label, outcome, detail)."""

import os
import time

import pool
import typedefs

reports = []
heard = []
acks = []

TYPEDEF = typedefs.task("list", typedefs.PINTERP_SPM, "mode::scalar<auto> = deferred;")


def _stage5(mc):
    value = mc.stage5.payload.tie()
    hdl, rank = mc.stage5.payload.origin()
    heard.append((hdl.spm.meta.label, rank, value))
    if value == "slow":
        time.sleep(3)  # longer than the sender waits
        mc.stage5.event.reply("late answer")
    elif value == "raise":
        raise RuntimeError("stage5Cb failed on purpose")
    elif isinstance(value, str) and value.startswith("progress"):
        mc.stage5.event.reply("ack " + value)
    else:
        mc.stage5.event.reply((value, rank, hdl.spm.meta.label))


def _stage2(mc):
    acks.append(mc.stage2.payload.tie())


mc = spm.pclosure.micro.aggregateRank.policyA.defun(signature="limited:mc", stage2Cb=_stage2, stage5Cb=_stage5)  # noqa: F821


def _stat(pc):
    try:
        hdl = pc.stage1.payload.tie()
        reports.append((hdl.spm.meta.label, "done", hdl.spm.stat.returnValue))
    except (SPMTaskDropped, SPMTaskLoad, SPMTaskEval) as e:  # noqa: F821 - builtins
        (hdl,) = e.args
        reason = (hdl.spm.stat.exception or "").strip().splitlines()
        reports.append((hdl.spm.meta.label, type(e).__name__, reason[-1] if reason else ""))
    return pc.stage1.event.done()


def _raising_stat(pc):
    raise AssertionError("not reached")


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)  # noqa: F821
def _closures():
    fine = spm.pclosure.macro.pinterp.list.grainFineLimited.policyA.defun(signature="limited:list", stage1Cb=_stat)  # noqa: F821
    template = spm.pclosure.macro.pinterp.template.grainFineLimited.policyA.defun(  # noqa: F821
        signature="limited:template", stage1Cb=_stat)
    coarse = spm.pclosure.macro.pinterp.list.grainCoarse.policyA.defun(signature="limited:coarse", stage1Cb=_stat)  # noqa: F821
    return fine, template, coarse


_pcs = _closures()


def taskEval(pc):
    hdl = pc.stage2.payload.tie()
    mode = hdl.mode
    after = spm.util.timeout.after  # noqa: F821
    if mode == "talk":
        got = [mc.send(i, timeout=after(seconds=60)) for i in range(3)]
        mc.post("progress 1")
        mc.post("progress 2")
        hdl.spm.stat.returnValue = got
    elif mode == "posts":
        del acks[:]
        mc.post("progress a")
        mc.post("progress b")
        mc.send("sync", timeout=after(seconds=60))  # the hub answers in order: a's and b's replies came first
        seen = list(acks)  # stage2Cb runs at the next call, not inside send
        mc.post("progress c")
        hdl.spm.stat.returnValue = (seen, sorted(acks[:2]))
    elif mode == "stale":
        try:
            mc.send("slow", timeout=after(seconds=1))
            hdl.spm.stat.returnValue = "answered?"
        except spm.exceptions.SPMMessageTimeout as e:  # noqa: F821
            hdl.spm.stat.returnValue = "timed out: " + str(e)
    elif mode == "fast":
        hdl.spm.stat.returnValue = mc.send("fast", timeout=after(seconds=30))
    elif mode == "raise-at-hub":
        mc.send("raise", timeout=after(seconds=30))
    elif mode == "big":
        try:
            mc.send(b"x" * (9 * 1024 * 1024), timeout=after(seconds=30))
        except spm.exceptions.SPMMessageTooLarge as e:  # noqa: F821
            hdl.spm.stat.returnValue = "refused: " + str(e)
    elif mode == "caught":
        try:
            mc.send("from a coarse task")
        except BaseException as e:  # noqa: B902 - the violation is recorded all the same
            hdl.spm.stat.returnValue = "caught " + type(e).__name__
    elif mode == "recv":
        mc.recv(timeout=after(seconds=1))
    elif mode == "who":
        hdl.spm.stat.returnValue = mc.send(str(hdl.spm.core.whoAmI), timeout=after(seconds=60))
    return pc.stage2.event.done()


def run(modes, which=0, most=None, template=False):
    pc = _pcs[which]
    del reports[:]
    del heard[:]
    typedef = TYPEDEF.replace("task<list>", "task<template>") if template else TYPEDEF
    pc.stage0.init.main(typedef=typedef)
    hdl = pc.stage0.payload.tie()
    for i, mode in enumerate(modes):
        hdl.spm.meta.path = (os.path.dirname(os.path.abspath(__file__)),)
        hdl.spm.meta.modulePreload = ("limited",)
        hdl.spm.meta.module = "limited"
        hdl.spm.meta.timeout = spm.util.timeout.after(seconds=60)  # noqa: F821
        hdl.spm.meta.label = "%d-%s" % (i, mode)
        hdl.mode = mode
        if not template:
            hdl.Push()
    pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,  # noqa: F821
                           nSpokesMax=most if most else spm.env.const.default,  # noqa: F821
                           timeoutWaitForSpokes=spm.util.timeout.after(seconds=60),  # noqa: F821
                           timeoutExecution=spm.util.timeout.after(seconds=300))  # noqa: F821
    for r in sorted(reports):
        print(r)


def at_hub():
    """The misuses at the hub: sending, and stage5's API outside stage5Cb."""
    for attempt in (lambda: mc.send(1), lambda: mc.post(1), lambda: mc.stage5.payload.tie()):
        try:
            attempt()
            print("accepted")
        except BaseException as e:  # noqa: B902 - SPMInvariantViolation is a BaseException
            print(type(e).__name__, "|", e)
    try:
        spm.pclosure.micro.aggregateRank.policyA.defun(signature="limited:list")  # noqa: F821
    except Exception as e:
        print(type(e).__name__, "|", e)
