"""A progressive aggregation in fine grain (limited): each task counts primes in its bucket in
slices, posts each slice's count to the hub as it goes (the hub's stage5Cb keeps a running
total and prints it), and at the end sends its bucket's count and gets back the hub's running
total at that moment. The hub learns of progress long before any task finishes.

usage: spm-python examples-py/progressive.py [N] [BUCKETS]
"""

import os
import sys

import pool

TYPEDEF = r"""
task<list>::struct {
    spm::struct {
        meta::struct {
            label::scalar<stringSnippet> = '***';
            path::tuple<string> = deferred;
            modulePreload::tuple<string> = deferred;
            module::scalar<stringSnippet> = deferred;
            timeout::scalar<timeout> = deferred;
        };
        stat::struct {
            exception::scalar<auto> = None;
            returnValue::scalar<auto> = None;
        };
    };
    lo::scalar<auto> = deferred;
    hi::scalar<auto> = deferred;
};
"""

SLICES = 4
running = {"total": 0, "posts": 0}
finals = []


def _stage5(mc):
    """At the hub, once per message, on the interpreter thread."""
    kind, count = mc.stage5.payload.tie()
    hdl, rank = mc.stage5.payload.origin()
    if kind == "slice":
        running["total"] += count
        running["posts"] += 1
        print(" --> task %d [%d, %d): +%d, running total %d" % (rank, hdl.lo, hdl.hi, count, running["total"]),
              flush=True)
    else:  # "final": the task's own count; it gets the running total back
        mc.stage5.event.reply(running["total"])


mc = spm.pclosure.micro.aggregateRank.policyA.defun(signature="progressive:counts", stage5Cb=_stage5)


def is_prime(n):
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return n >= 2


@spm.util.dassert(predicateCb=spm.sys.pstat.amSpoke)
def taskEval(pc):
    hdl = pc.stage2.payload.tie()
    mine = 0
    edges = [hdl.lo + (hdl.hi - hdl.lo) * i // SLICES for i in range(SLICES + 1)]
    for lo, hi in zip(edges, edges[1:]):
        count = sum(1 for x in range(lo, hi) if is_prime(x))
        mine += count
        mc.post(("slice", count))
    seen = mc.send(("final", mine), timeout=spm.util.timeout.after(seconds=60))
    hdl.spm.stat.returnValue = (mine, seen)
    return pc.stage2.event.done()


def _report(pc):
    try:
        hdl = pc.stage1.payload.tie()
        finals.append(hdl.spm.stat.returnValue[0])
    except (SPMTaskDropped, SPMTaskLoad, SPMTaskEval) as e:
        (hdl,) = e.args
        finals.append("FAILED: %s" % (hdl.spm.stat.exception,))
    return pc.stage1.event.done()


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)
def _declare():
    return spm.pclosure.macro.pinterp.list.grainFineLimited.policyA.defun(signature="progressive:run",
                                                                          stage1Cb=_report)


_pc = _declare()


def main(n=200000, buckets=4):
    running.update(total=0, posts=0)
    del finals[:]
    _pc.stage0.init.main(typedef=TYPEDEF)
    hdl = _pc.stage0.payload.tie()
    edges = [n * i // buckets for i in range(buckets + 1)]
    for lo, hi in zip(edges, edges[1:]):
        hdl.spm.meta.path = (os.path.dirname(_pc.meta.module.srcDir),)
        hdl.spm.meta.modulePreload = ("progressive",)
        hdl.spm.meta.module = "progressive"
        hdl.spm.meta.timeout = spm.util.timeout.after(seconds=600)
        hdl.lo, hdl.hi = lo, hi
        hdl.Push()
    _pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,
                            nSpokesMax=spm.env.const.default,
                            timeoutWaitForSpokes=spm.util.timeout.after(seconds=60),
                            timeoutExecution=spm.util.timeout.after(seconds=1800))


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    main(n, k)
    expected = sum(1 for x in range(n) if is_prime(x))
    print("primes below %d: running total %d from %d posts; tasks' own counts sum to %s"
          % (n, running["total"], running["posts"], sum(f for f in finals if isinstance(f, int))))
    if running["total"] != expected or running["posts"] != k * SLICES or sum(finals) != expected:
        sys.exit("WRONG: expected %d" % expected)
    print("OK")
