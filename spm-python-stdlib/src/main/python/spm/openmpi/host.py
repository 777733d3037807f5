"""A spoke's part of an MPI job (DESIGN §11): `spm-mpi-host` as a co-process of the task (under
the co-process guard, so it, its orted and the ranks die with the spoke), and its outcome read
into the task's returnValue: a Record with the spoke, its orted's end and its ranks' ends."""

import os
import shlex

from spm.exceptions import SPMException
from spm.typedef import Record
from spm.util import coprocess


def token(spoke_id):
    """The made-up host name mpirun knows this spoke by (the hostfile's line, the agent's word)."""
    return "spm-s%d" % spoke_id


def run(job, spoke_id, server):
    """Hosts this spoke's orted for the job until it ends; the outcome Record."""
    folder = job["dir"]
    if not os.path.isdir(folder):
        raise SPMException("the MPI job's folder %s is not on this spoke's machine (%s): an MPI job's spokes "
                           "run on the hub's machine (docs/openmpi.md)" % (folder, server))
    command = shlex.join([job["host"], folder, token(spoke_id)])
    record, _ = coprocess._run(command, None, merge=False)
    if record.exitStatus != 0:
        raise SPMException("spm-mpi-host ended with status %s: %s" % (record.exitStatus, record.stdErr.strip()))
    return parse(record.stdOut, "spoke-%d@%s" % (spoke_id, server), server, _orted_log(folder, spoke_id))


def _orted_log(folder, spoke_id):
    try:
        with open(os.path.join(folder, token(spoke_id) + ".log"), encoding="utf-8", errors="replace") as f:
            return f.read()[-4000:]
    except OSError:
        return ""


def parse(text, spoke, server, log=""):
    """spm-mpi-host's outcome lines (see spm_mpi_host.c) as a Record."""
    orted = None
    ranks = {}
    for line in text.splitlines():
        words = line.split("\t")
        if words[0] == "orted" and len(words) >= 6:
            how, value = words[1], int(words[2])
            if how == "exit" and 128 < value < 160:  # sh -c ran it: 128+N is its signal N
                how, value = "signal", value - 128
            orted = Record(how=how, value=value, at=int(words[3]) / 1000.0,
                           agentGone=words[4] == "1", endedByHub=words[5] == "1")
        elif words[0] == "rank" and len(words) >= 6:
            ranks[int(words[1])] = _rank(int(words[1]), int(words[2]), int(words[3]) / 1000.0, words[4], words[5])
        elif words[0] == "bt" and len(words) >= 3 and int(words[1]) in ranks:
            ranks[int(words[1])].backtrace.append(words[2])
    return Record(spoke=spoke, server=server, orted=orted, ranks=[ranks[r] for r in sorted(ranks)], ortedLog=log)


def _rank(rank, pid, at, call, end):
    """One rank's end: `end` is the wrapper's END fields, or 'lost' (its wrapper vanished)."""
    fields = end.split()
    if len(fields) != 9:
        return Record(rank=rank, pid=pid, at=at, how="lost", exitStatus=None, signal=None, init=None,
                      finalize=None, aborted=None, call=None if call == "-" else call, backtrace=[])
    init, finalize, aborted, abort_code, _seen, _exited, _code, how, value = fields
    return Record(rank=rank, pid=pid, at=at, how=how,
                  exitStatus=int(value) if how == "exit" else None,
                  signal=int(value) if how == "signal" else None,
                  init=None if init == "-1" else init == "1",  # -1: no shim, unknown
                  finalize=None if finalize == "-1" else finalize == "1",
                  aborted=int(abort_code) if aborted == "1" else None,
                  call=None if call == "-" or finalize == "1" else call, backtrace=[])
