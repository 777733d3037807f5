"""A map-reduce as a DAG (the Partition/DAG pattern): map tasks square-and-sum chunks of a range,
two partial reductions each take half the maps' results (task references in their fields), and
a final reduction takes both partials. The hub only pushes the graph; the engine runs each task
once what it waits for is done, and hands it the upstream results in place of the references.

usage: spm-python examples-py/dag_mapreduce.py [N] [CHUNKS]
"""

import os
import sys
import time

import pool

TYPEDEF = r"""
task<dag>::struct {
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
    op::scalar<auto> = deferred;
    data::scalar<auto> = deferred;   # a chunk (lo, hi), or a list of task references
};
"""

results = {}


@spm.util.dassert(predicateCb=spm.sys.pstat.amSpoke)
def taskEval(pc):
    hdl = pc.stage2.payload.tie()
    if hdl.op == "map":
        lo, hi = hdl.data
        hdl.spm.stat.returnValue = sum(x * x for x in range(lo, hi))
    else:  # reduce: the references arrived as their tasks' results
        hdl.spm.stat.returnValue = sum(hdl.data)
    return pc.stage2.event.done()


def _report(pc):
    try:
        hdl = pc.stage1.payload.tie()
        results[hdl.spm.meta.label] = hdl.spm.stat.returnValue
    except (SPMTaskDropped, SPMTaskLoad, SPMTaskEval) as e:
        (hdl,) = e.args
        results[hdl.spm.meta.label] = "FAILED: %s" % (hdl.spm.stat.exception,)
    return pc.stage1.event.done()


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)
def _declare():
    return spm.pclosure.macro.pinterp.dag.grainCoarse.policyA.defun(signature="dag_mapreduce", stage1Cb=_report)


_pc = _declare()


def main(n=2000000, chunks=8):
    results.clear()
    _pc.stage0.init.main(typedef=TYPEDEF)
    hdl = _pc.stage0.payload.tie()
    hdl.spm.meta.path = (os.path.dirname(_pc.meta.module.srcDir),)
    hdl.spm.meta.modulePreload = ("dag_mapreduce",)
    hdl.spm.meta.module = "dag_mapreduce"
    hdl.spm.meta.timeout = spm.util.timeout.after(seconds=600)

    def push(label, op, data):
        hdl.spm.meta.label, hdl.op, hdl.data = label, op, data
        return hdl.Push()

    edges = [n * i // chunks for i in range(chunks + 1)]
    maps = [push("map%d" % i, "map", (lo, hi)) for i, (lo, hi) in enumerate(zip(edges, edges[1:]))]
    half = len(maps) // 2
    left = push("left", "reduce", maps[:half])
    right = push("right", "reduce", maps[half:])
    push("total", "reduce", [left, right])
    _pc.stage0.event.manage(pool=pool.intraAll(), nSpokesMin=spm.env.const.default,
                            nSpokesMax=spm.env.const.default,
                            timeoutWaitForSpokes=spm.util.timeout.after(seconds=60),
                            timeoutExecution=spm.util.timeout.after(seconds=1800))
    return results.get("total")


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000000
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    start = time.time()
    total = main(n, k)
    expected = (n - 1) * n * (2 * n - 1) // 6
    print("sum of squares below %d: %s in %.2f s (%d tasks)" % (n, total, time.time() - start, len(results)))
    if total != expected:
        sys.exit("WRONG: expected %d; reports: %r" % (expected, results))
    print("OK")
