#!/usr/bin/env python3
"""Spokes on other machines (docs/CLUSTER.md), two comparisons, the median of R interleaved rounds:

1. Time from the hub's start to its first task's report, on 2 Slurm-step spokes (`salloc -n 2
   spm-python ...`: the default spokes of an allocation) vs 2 local spoke processes
   (`--spokes local:2`). Needs a running Slurm with 2 CPUs (SLURM_CONF as the tests make it,
   tests/.../Slurm.java, or DESIGN §13); skipped, saying so, without `salloc` or a Slurm.
2. The trivial-task rate over TLS (`--tls`) vs plaintext, on 2 local spoke processes
   (bench/tasks_spm.py).

    python3 bench/remote.py [N [R]]       # N=5000 trivial tasks, R=3 rounds

Read the ratios, not the figures: the machines are shared and noisy."""

import os
import shutil
import subprocess
import sys
import time

from _bench import BENCH, SPM, json_line, median


def first_task_seconds(argv):
    env = dict(os.environ)
    env.pop("SPM_SPOKES", None)
    start = time.time()
    out = subprocess.run(argv, check=True, stdout=subprocess.PIPE, text=True, env=env).stdout
    import json
    return json.loads(out.strip().splitlines()[-1])["first"] - start


def slurm_answers():
    if shutil.which("salloc") is None:
        return False
    try:
        return subprocess.run(["sinfo", "-h", "-o", "%T"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True, timeout=20).stdout.strip() == "idle"
    except (OSError, subprocess.TimeoutExpired):
        return False


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    first = os.path.join(BENCH, "first_task_spm.py")
    tasks = os.path.join(BENCH, "tasks_spm.py")
    print("Spokes on other machines, median of %d interleaved rounds%s"
          % (rounds, ", SPM_DIST = " + os.environ["SPM_DIST"] if os.environ.get("SPM_DIST") else ""))
    print()
    if slurm_answers():
        starts = {"2 Slurm steps (salloc -n 2)": [], "2 local processes": []}
        for _ in range(rounds):
            starts["2 Slurm steps (salloc -n 2)"].append(first_task_seconds(["salloc", "-Q", "-n", "2", SPM, first]))
            starts["2 local processes"].append(first_task_seconds([SPM, "--spokes", "local:2", first]))
        local = median(starts["2 local processes"])
        print("| hub start to first task report | seconds | vs local |")
        print("|---|---|---|")
        for name, values in starts.items():
            print("| %s | %.2f | %.2fx |" % (name, median(values), median(values) / local))
    else:
        print("(no Slurm answers here: `sinfo` shows no idle node; the start-up comparison is skipped)")
    print()
    rates = {"plaintext": [], "TLS (--tls)": []}
    for _ in range(rounds):
        rates["plaintext"].append(json_line([SPM, "--spokes", "local:2", tasks, str(n), "2"])["run"])
        rates["TLS (--tls)"].append(json_line([SPM, "--tls", "--spokes", "local:2", tasks, str(n), "2"])["run"])
    plain = median(rates["plaintext"])
    print("| %d trivial tasks, 2 local spokes | ran tasks/s | vs plaintext |" % n)
    print("|---|---|---|")
    for name, values in rates.items():
        print("| %s | %.0f | %.2fx |" % (name, median(values), median(values) / plain))


if __name__ == "__main__":
    main()
