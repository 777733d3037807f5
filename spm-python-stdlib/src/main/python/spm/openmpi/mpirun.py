"""`spm-python mpirun [mpirun options] ./app args`: a drop-in for mpirun whose job inherits
spm-python's fault tolerance (DESIGN §11, docs/openmpi.md). The launcher's `mpirun` subcommand
(org.spmpython.launcher.MpirunCommand) checks the command line, starts a hub with the spokes it
needs and calls `main` with the words it parsed:

    NP TIMEOUT POOL DEADLOCK N_OPTIONS OPTION... APP ARG...

(NP 0: every spoke of the pool; TIMEOUT and DEADLOCK in seconds, 0 for none). The job runs as the
openMPI closure's does; the ranks' output streams as it comes. The exit status is mpirun's: 0, the
failing rank's status (128+N for a signal N, MPI_Abort's code), 124 when the timeout or the
deadlock watch ended the job; on failure one line on stderr names the rank, what happened and where."""

import sys

from spm.exceptions import SPMException
from spm.openmpi import closure as job_closure

_TYPEDEF = """
task<template> ::struct {
  spm ::struct {
    meta ::struct {
      label   ::scalar<stringSnippet> = deferred;
      apiArgs ::dict<string,mixed>   = deferred;
      timeout ::scalar<timeout>      = None;
    };
    stat ::struct {
      exception   ::scalar<auto>   = None;
      returnValue ::scalar<record> = None;
    };
  };
};
"""

#: Seconds mpirun waits for the spokes it asked for.
WAIT_FOR_SPOKES = 120


def main(argv=None):
    words = list(sys.argv[1:] if argv is None else argv)
    try:
        np, timeout, pool_name, deadlock, count = int(words[0]), float(words[1]), words[2], float(words[3]), \
            int(words[4])
        options, rest = words[5:5 + count], words[5 + count:]
        app, app_args = rest[0], rest[1:]
    except (IndexError, ValueError):
        print("spm-python mpirun: internal: bad words from the launcher: %r" % (words,), file=sys.stderr)
        return 2
    import pool as pools
    import spm
    from spm.pclosure.closure import Closure, _ModuleMeta
    make = getattr(pools, pool_name, None)
    if not callable(make) or pool_name.startswith("_") or pool_name == "Pool":
        print("spm-python mpirun: --pool %s: no such pool (intraAll, intraOnePerServer, inter, interOnePerServer)"
              % pool_name, file=sys.stderr)
        return 2
    pc = Closure("macro.papply.template.openMPI.policyA", "openmpi", "template", "spm-python mpirun", None,
                 _ModuleMeta("spm.openmpi.mpirun", ""))
    pc._init_main(_TYPEDEF)
    hdl = pc._stage0_tie()
    hdl.spm.meta.label = "mpirun"
    hdl.spm.meta.apiArgs = dict(app=app, appOptions=app_args, deadlockSeconds=deadlock)
    if timeout > 0:
        hdl.spm.meta.timeout = spm.util.timeout.after(seconds=timeout)
    try:
        ruling = job_closure.manage(pc, make(), np, np, WAIT_FOR_SPOKES, 0.0, quiet=True, mpirun_options=options)
    except SPMException as e:
        print("spm-python mpirun: %s" % e, file=sys.stderr)
        return 1
    sys.stdout.flush()
    if ruling is None:
        print("spm-python mpirun: no spoke ran the job", file=sys.stderr)
        return 1
    if not ruling.ok:
        print("spm-python mpirun: %s" % ruling.cause, file=sys.stderr)
    return ruling.exit_code
