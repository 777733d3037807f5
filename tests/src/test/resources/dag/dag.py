"""DAG managers end to end (DagMatrix and its placements): a pinterp DAG closure whose tasks
compute from their upstream results, and a papply DAG closure of shell commands ordered with
`after`. Each run prints one line per report, in report order: (label, outcome, detail)."""

import os

import pool
import typedefs

reports = []

INTERP_TYPEDEF = typedefs.task("dag", typedefs.PINTERP_SPM,
                               "op::scalar<auto> = deferred;", "args::scalar<auto> = None;")
SHELL_TYPEDEF = typedefs.task("dag", typedefs.PAPPLY_SPM)


def _stat(pc):
    try:
        hdl = pc.stage1.payload.tie()
        reports.append((hdl.spm.meta.label, "done", hdl.spm.stat.returnValue))
    except (SPMTaskDropped, SPMTaskLoad, SPMTaskEval) as e:  # noqa: F821 - builtins
        (hdl,) = e.args
        reason = (hdl.spm.stat.exception or "").strip().splitlines()
        reports.append((hdl.spm.meta.label, type(e).__name__, reason[-1] if reason else ""))
    return pc.stage1.event.done()


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)  # noqa: F821
def _closures():
    interp = spm.pclosure.macro.pinterp.dag.grainCoarse.policyA.defun(signature="dag:interp", stage1Cb=_stat)  # noqa: F821
    shell = spm.pclosure.macro.papply.dag.grainCoarse.policyA.defun(signature="dag:shell", stage1Cb=_stat)  # noqa: F821
    other = spm.pclosure.macro.pinterp.dag.grainCoarse.policyA.defun(signature="dag:other", stage1Cb=_stat)  # noqa: F821
    return interp, shell, other


_pcs = _closures()


@spm.util.dassert(predicateCb=spm.sys.pstat.amSpoke)  # noqa: F821
def taskEval(pc):
    hdl = pc.stage2.payload.tie()
    op, args = hdl.op, hdl.args
    if op == "value":
        hdl.spm.stat.returnValue = args
    elif op == "sum":
        hdl.spm.stat.returnValue = sum(args)
    elif op == "show":  # what the task saw in its field, upstream results in place
        hdl.spm.stat.returnValue = repr(args)
    elif op == "raise":
        raise ValueError("task %s raised on purpose" % hdl.spm.meta.label)
    elif op == "exit":
        os._exit(3)
    elif op == "mapsum":  # a map task: the sum of its chunk's squares
        hdl.spm.stat.returnValue = sum(x * x for x in args)
    return pc.stage2.event.done()


def start(pc=None, typedef=INTERP_TYPEDEF):
    pc = pc or _pcs[0]
    del reports[:]
    pc.stage0.init.main(typedef=typedef)
    return pc, pc.stage0.payload.tie()


def push(hdl, label, op, args=None, after=None):
    hdl.spm.meta.path = (os.path.dirname(os.path.abspath(__file__)),)
    hdl.spm.meta.modulePreload = ("dag",)
    hdl.spm.meta.module = "dag"
    hdl.spm.meta.timeout = spm.util.timeout.after(seconds=60)  # noqa: F821
    hdl.spm.meta.label = label
    hdl.op = op
    hdl.args = args
    return hdl.Push(after=after)


def manage(pc):
    pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,  # noqa: F821
                           nSpokesMax=spm.env.const.default,  # noqa: F821
                           timeoutWaitForSpokes=spm.util.timeout.after(seconds=60),  # noqa: F821
                           timeoutExecution=spm.util.timeout.after(seconds=600))  # noqa: F821


def show():
    for r in reports:
        print(r)


def nested():
    """References inside lists, tuples and dicts, nested: each stands for its task's result."""
    pc, hdl = start()
    a = push(hdl, "a", "value", 1)
    b = push(hdl, "b", "value", "two")
    c = push(hdl, "c", "value", [3])
    push(hdl, "n", "show", {"list": [a, (b, {"deep": c})], "plain": 7, "again": a})
    manage(pc)
    show()


def diamond():
    pc, hdl = start()
    top = push(hdl, "top", "value", 10)
    left = push(hdl, "left", "sum", [top, 1])
    right = push(hdl, "right", "sum", [top, 2])
    push(hdl, "join", "sum", [left, right])
    manage(pc)
    show()


def failure(fault="raise"):
    """A failing task, a child and a grandchild of it, and an independent branch."""
    pc, hdl = start()
    bad = push(hdl, "bad", fault)
    child = push(hdl, "child", "sum", [bad, 1])
    push(hdl, "grandchild", "value", "x", after=(child,))
    free = push(hdl, "free", "value", 5)
    push(hdl, "free-child", "sum", [free, free])
    manage(pc)
    show()


def wide(n):
    """n tasks: n - 2 values, a sum of all of them, and a check of the sum; prints a summary."""
    pc, hdl = start()
    refs = [push(hdl, "v%d" % i, "value", i) for i in range(n - 2)]
    total = push(hdl, "total", "sum", refs)
    push(hdl, "check", "sum", [total, -sum(range(n - 2))])
    manage(pc)
    bad = [r for r in reports if r[1] != "done"]
    labels = [r[0] for r in reports]
    print("reports", len(reports), "distinct", len(set(labels)), "failed", len(bad), "last", reports[-1])


def shell_after(folder):
    """papply: three commands, each after the one before (order only); the last prints the file."""
    pc, hdl = start(_pcs[1], SHELL_TYPEDEF)
    path = os.path.join(folder, "order.txt")
    sh = spm.util.coprocess.shell.policyA  # noqa: F821
    refs = []
    for i, cmd in enumerate(["sleep 1; echo one > %s" % path, "echo two >> %s" % path, "cat %s" % path]):
        hdl.spm.meta.label = "cmd%d" % i
        hdl.spm.meta.api = sh
        hdl.spm.meta.apiArgs = {"cmd": cmd, "timeout": spm.util.timeout.after(seconds=30)}  # noqa: F821
        hdl.spm.meta.timeout = spm.util.timeout.after(seconds=60)  # noqa: F821
        refs.append(hdl.Push(after=tuple(refs[-1:])))
    manage(pc)
    for label, outcome, value in reports:
        print((label, outcome, value.stdOut if outcome == "done" else value))


def refused():
    """References that Push refuses, each with the field path it names."""
    pc, hdl = start()
    a = push(hdl, "a", "value", 1)
    _, other = start(_pcs[2])
    foreign = push(other, "f", "value", 1)
    pc, hdl = start()  # a new run of the first closure: `a` is of an earlier run now
    mine = push(hdl, "mine", "value", 2)
    for attempt in (lambda: push(hdl, "x", "show", {"k": [mine, foreign]}),
                    lambda: push(hdl, "y", "show", (a,)),
                    lambda: push(hdl, "z", "value", 1, after=(foreign,)),
                    lambda: push(hdl, "w", "value", 1, after="nope")):
        try:
            attempt()
            print("accepted")
        except Exception as e:
            print(type(e).__name__, "|", e)
    # A list closure takes no references, and no `after`.
    lst = spm.pclosure.macro.pinterp.list.grainCoarse.policyA.defun(signature="dag:list")  # noqa: F821
    lst.stage0.init.main(typedef=INTERP_TYPEDEF.replace("task<dag>", "task<list>"))
    lh = lst.stage0.payload.tie()
    r = push(lh, "l", "value", 1)
    print("list push returns", type(r).__name__, hash(r) == hash(r), r == r)
    for attempt in (lambda: push(lh, "l2", "value", r), lambda: push(lh, "l3", "value", 1, after=(r,))):
        try:
            attempt()
            print("accepted")
        except Exception as e:
            print(type(e).__name__, "|", e)
    import pickle
    print("pickles", pickle.loads(pickle.dumps(mine)) == mine)
    print("nothing pushed by a refused Push: %d task" % len(pc._tasks))
