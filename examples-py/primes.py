"""Counts the primes below N in buckets, one task per bucket on the local spokes, with a rolling
count per finished task, and checks the total. The README's main job: the paper's is_prime in
this project's own Python 3, on a coarse-grain pinterp list task manager.

usage: spm-python examples-py/primes.py [N] [BUCKETS]
"""

import os
import sys
import time

import pool

#: Known counts of the odd primes from 3 up to N (what the paper's ctRange counts).
KNOWN = {502347: 41714, 3000000: 216815}

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
        core::struct {
            relaunchPre::scalar<bool> = None;
            relaunchPost::scalar<bool> = None;
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

total = 0
failures = []


def is_prime(n):
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def count_odd_primes(lo, hi):
    """Odd primes in [lo, hi), counting from 3."""
    if lo % 2 == 0:
        lo += 1
    count = 0
    while hi > lo:
        if is_prime(lo):
            count += 1
        lo += 2
    return count


@spm.util.dassert(predicateCb=spm.sys.pstat.amSpoke)
def taskEval(pc):
    """On a spoke: count one bucket."""
    hdl = pc.stage2.payload.tie()
    hdl.spm.stat.returnValue = count_odd_primes(hdl.lo, hdl.hi)
    return pc.stage2.event.done()


def _report(pc):
    """At the hub: one call per finished task."""
    global total
    try:
        hdl = pc.stage1.payload.tie()
        total += hdl.spm.stat.returnValue
        print(" --> Rolling count of (# of prime numbers) :: %d" % total, flush=True)
    except (SPMTaskDropped, SPMTaskLoad, SPMTaskEval) as e:
        (hdl,) = e.args
        failures.append((hdl.lo, hdl.hi, hdl.spm.stat.exception))
    return pc.stage1.event.done()


@spm.util.dassert(predicateCb=spm.sys.pstat.amHub)
def _declare():
    return spm.pclosure.macro.pinterp.list.grainCoarse.policyA.defun(signature="primes:buckets", stage1Cb=_report)


_pc = _declare()


def main(n=502347, buckets=10, on=None):
    global total
    total = 0
    del failures[:]
    _pc.stage0.init.main(typedef=TYPEDEF)
    hdl = _pc.stage0.payload.tie()
    edges = [2 + (n - 2) * i // buckets for i in range(buckets + 1)]
    for lo, hi in zip(edges[:-1], edges[1:]):
        hdl.spm.meta.path = (os.path.dirname(_pc.meta.module.srcDir),)
        hdl.spm.meta.modulePreload = ("primes",)
        hdl.spm.meta.module = "primes"
        hdl.spm.meta.timeout = spm.util.timeout.after(seconds=600)
        hdl.lo, hdl.hi = lo, hi
        hdl.Push()
    _pc.stage0.event.manage(pool=on if on is not None else pool.intraAll(),
                            nSpokesMin=spm.env.const.default,
                            nSpokesMax=spm.env.const.default,
                            timeoutWaitForSpokes=spm.util.timeout.after(seconds=2),
                            timeoutExecution=spm.util.timeout.after(seconds=1800))
    return total


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 502347
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    start = time.time()
    found = main(n, k)
    print("primes in [3, %d): %d in %.2f s on %s" % (n, found, time.time() - start, spm.sys.tracker))
    if failures:
        sys.exit("%d bucket(s) failed: %r" % (len(failures), failures))
    if n in KNOWN and found != KNOWN[n]:
        sys.exit("WRONG: expected %d" % KNOWN[n])
