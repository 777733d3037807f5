#!/usr/bin/env python3
"""Open MPI under spm-python (docs/openmpi.md), beside plain mpirun on the same machine in the
same run, the median of R interleaved rounds:

- whole process: `spm-python mpirun -np 2 ./hello_world` vs `mpirun -np 2 ./hello_world`;
- a ping-pong of N one-int messages between two ranks (the time rank 0 measures between
  MPI_Wtime calls), with and without the preload shim: under `spm-python mpirun` (the shim's
  state page live; SPM_MPI_NO_SHIM=1 leaves the shim out) and under plain mpirun (the shim
  preloaded but without its page, vs nothing preloaded).

    python3 bench/mpi.py [N [R]]        # N=10000, R=5

Needs Open MPI's mpicc and mpirun. Read the ratios: the machines are shared and noisy."""

import os
import subprocess
import sys
import tempfile
import time

from _bench import ROOT, SPM, median

SHIM = os.path.join(ROOT, "launcher", "target", "dist", "libexec", "libspm-mpi-shim.so")
ROOT_FLAGS = ["--allow-run-as-root"] if os.geteuid() == 0 else []


def build(folder):
    hello = os.path.join(folder, "hello_world")
    pingpong = os.path.join(folder, "mpi_faults")
    subprocess.run(["mpicc", "-O2", "-o", hello, os.path.join(ROOT, "examples-py", "mpi", "hello_world.c")], check=True)
    subprocess.run(["mpicc", "-O2", "-o", pingpong,
                    os.path.join(ROOT, "tests", "src", "test", "resources", "mpi", "mpi_faults.c")], check=True)
    return hello, pingpong


def whole(argv, env=None):
    start = time.monotonic()
    out = subprocess.run(argv, check=True, stdout=subprocess.PIPE, text=True, env=env).stdout
    return time.monotonic() - start, out


def pingpong_seconds(out):
    for line in out.splitlines():
        if line.startswith("pingpong "):
            return float(line.split()[2])
    raise SystemExit("no pingpong line in: %r" % out)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    folder = tempfile.mkdtemp(prefix="spm-bench-mpi-")
    hello, pingpong = build(folder)
    no_shim = dict(os.environ, SPM_MPI_NO_SHIM="1")
    runs = {k: [] for k in ("spm hello", "plain hello", "spm pp shim", "spm pp none", "plain pp shim",
                            "plain pp none")}
    for _ in range(rounds):
        runs["spm hello"].append(whole([SPM, "mpirun", "-np", "2", hello])[0])
        runs["plain hello"].append(whole(["mpirun", "-np", "2"] + ROOT_FLAGS + [hello])[0])
        pp = [pingpong, "pingpong", str(n)]
        runs["spm pp shim"].append(pingpong_seconds(whole([SPM, "mpirun", "-np", "2"] + pp)[1]))
        runs["spm pp none"].append(pingpong_seconds(whole([SPM, "mpirun", "-np", "2"] + pp, env=no_shim)[1]))
        runs["plain pp shim"].append(pingpong_seconds(
            whole(["mpirun", "-np", "2"] + ROOT_FLAGS + ["-x", "LD_PRELOAD=" + SHIM] + pp)[1]))
        runs["plain pp none"].append(pingpong_seconds(whole(["mpirun", "-np", "2"] + ROOT_FLAGS + pp)[1]))
    m = {k: median(v) for k, v in runs.items()}
    print("Open MPI under spm-python, median of %d interleaved rounds, ping-pong of %d messages" % (rounds, n))
    print("| what | spm-python | plain | ratio |")
    print("|---|---|---|---|")
    print("| whole process, mpirun -np 2 ./hello_world (s) | %.2f | %.2f | %.1fx slower |"
          % (m["spm hello"], m["plain hello"], m["spm hello"] / m["plain hello"]))
    print("| ping-pong under spm-python mpirun (s): with shim / without | %.4f | %.4f | %+.1f%% |"
          % (m["spm pp shim"], m["spm pp none"], 100 * (m["spm pp shim"] / m["spm pp none"] - 1)))
    print("| ping-pong under plain mpirun (s): shim preloaded / nothing | %.4f | %.4f | %+.1f%% |"
          % (m["plain pp shim"], m["plain pp none"], 100 * (m["plain pp shim"] / m["plain pp none"] - 1)))
    print("| ping-pong, spm-python mpirun (shim) vs plain mpirun (none) (s) | %.4f | %.4f | %.2fx |"
          % (m["spm pp shim"], m["plain pp none"], m["spm pp shim"] / m["plain pp none"]))


if __name__ == "__main__":
    main()
