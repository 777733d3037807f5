#!/usr/bin/env python3
"""What the preload shim costs an MPI call, in instructions (callgrind counts them whatever the
machine's load): the 10,000-message ping-pong of bench/mpi.py, two ranks under plain mpirun with
spm-python's rank wrapper as the fork agent (so the shim's state page is live, as under
spm-python) and each rank under `valgrind --tool=callgrind`; then the same without the shim.

    python3 bench/mpi_callgrind.py [N]        # N=10000

Prints, per rank, the shim's own instructions per wrapped call (MPI_Send, MPI_Recv), the
instructions of PMPI_Send per call, and each rank's whole count with and without the shim (the
whole count also holds the time a rank spins in MPI_Recv waiting for the other: it varies)."""

import glob
import os
import re
import subprocess
import sys
import tempfile

from _bench import ROOT

LIBEXEC = os.path.join(ROOT, "launcher", "target", "dist", "libexec")
ROOT_FLAGS = ["--allow-run-as-root"] if os.geteuid() == 0 else []


def annotate(path):
    """{function [object]: (self instructions, calls)} of a callgrind output."""
    text = subprocess.run(["callgrind_annotate", "--threshold=100", "--inclusive=no", path],
                          check=True, stdout=subprocess.PIPE, text=True).stdout
    counts = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+\S*?:?(\w+) \[(\S+)\]", line)
        if m:
            library = os.path.basename(m.group(3)).split(".so")[0]  # libmpi.so.40.30.4 -> libmpi
            counts[(m.group(2), library)] = counts.get((m.group(2), library), 0) + int(m.group(1).replace(",", ""))
    total = re.search(r"([\d,]+) \([^)]*\)\s+PROGRAM TOTALS", text)
    return counts, int(total.group(1).replace(",", "")) if total else 0


def run(folder, app, n, shim):
    job = tempfile.mkdtemp(prefix="cg-", dir=folder)
    host = subprocess.Popen([os.path.join(LIBEXEC, "spm-mpi-host"), job, "h"], stdout=subprocess.DEVNULL)
    try:
        while not os.path.exists(os.path.join(job, "h.ready")):
            pass
        env = ["-x", "SPM_MPI_SOCK=" + os.path.join(job, "h.sock")]
        if shim:
            env += ["-x", "SPM_MPI_SHIM=" + os.path.join(LIBEXEC, "libspm-mpi-shim.so")]
        out = os.path.join(job, "callgrind.%p")
        subprocess.run(["mpirun", "-np", "2"] + ROOT_FLAGS + env +
                       ["--mca", "orte_fork_agent", os.path.join(LIBEXEC, "spm-mpi-wrapper"),
                        "valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, app, "pingpong", str(n)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        host.terminate()
        host.wait()
    return [annotate(path) for path in sorted(glob.glob(os.path.join(job, "callgrind.*")))]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    folder = tempfile.mkdtemp(prefix="spm-bench-mpicg-")
    app = os.path.join(folder, "mpi_faults")
    subprocess.run(["mpicc", "-O2", "-o", app, os.path.join(ROOT, "tests", "src", "test", "resources", "mpi",
                                                            "mpi_faults.c")], check=True)
    with_shim, without = run(folder, app, n, True), run(folder, app, n, False)
    print("Ping-pong of %d messages, instructions (callgrind), per rank" % n)
    print("| rank | shim MPI_Send / call | shim MPI_Recv / call | PMPI_Send (self) / call | whole rank, shim | whole rank, none |")
    print("|---|---|---|---|---|---|")
    for rank, ((counts, total), (_, total_none)) in enumerate(zip(with_shim, without)):
        shim = "libspm-mpi-shim"
        print("| %d | %.1f | %.1f | %.1f | %d | %d |" % (
            rank, counts.get(("MPI_Send", shim), 0) / n, counts.get(("MPI_Recv", shim), 0) / n,
            counts.get(("PMPI_Send", "libmpi"), 0) / n, total, total_none))


if __name__ == "__main__":
    main()
