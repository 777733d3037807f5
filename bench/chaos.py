"""The chaos soak (issue 19; docs/CHAOS.md): the CI chaos suite's code (tests/src/test/resources/
chaos/chaos.py) run longer, in one hub session on `--spokes local:2`.

    python3 bench/chaos.py N_FAULTS N_RUNS [SEED]

runs until N_FAULTS faults were injected or N_RUNS runs were made, then ends the session and
prints the faults (by kind), tasks, reports, problems (broken promises: a task without exactly
one report, a policyB task not done, a run past its bound...), the hub's invariant verdict, and
the processes of the session left 10 s after it ended (leftovers)."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

from _bench import ROOT, SPM

MARK_VARIABLE = "SPM_CHAOS_SOAK_MARK"


def leftovers(mark, wait=10.0):
    """Live processes whose environment carries the soak's mark, after up to `wait` s."""
    needle = ("%s=%s" % (MARK_VARIABLE, mark)).encode()
    deadline = time.monotonic() + wait
    while True:
        found = []
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % pid) as f:
                    if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                        continue
                with open("/proc/%s/environ" % pid, "rb") as f:
                    if needle in f.read():
                        found.append(pid)
            except (OSError, IndexError):
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    n_faults, n_runs = int(argv[1]), int(argv[2])
    seed = int(argv[3]) if len(argv) > 3 else int(time.time()) % 1000000
    work = tempfile.mkdtemp(prefix="spm-chaos-")
    resources = os.path.join(ROOT, "tests", "src", "test", "resources")
    shutil.copy(os.path.join(resources, "typedefs.py"), work)
    shutil.copy(os.path.join(resources, "chaos", "chaos.py"), work)
    verdict = os.path.join(work, "invariants.txt")
    mark = str(uuid.uuid4())
    env = dict(os.environ, SPM_TEST_INVARIANTS=verdict, **{MARK_VARIABLE: mark})
    env.setdefault("SPM_JAVA_OPTS", "-Dspm.run.maxQueue=32")  # pipelined, as ChaosTest
    program = ("import sys; sys.path.insert(0, %r); import chaos; chaos.soak(%d, %d, %d, 1e12, %r)"
               % (work, seed, n_faults, n_runs, work))
    started = time.monotonic()
    proc = subprocess.run([SPM, "--spokes", "local:2", "-c", program], cwd=work, env=env, stdout=subprocess.PIPE,
                          text=True)
    took = time.monotonic() - started
    out = proc.stdout
    left = leftovers(mark)
    for line in out.splitlines():
        if line.startswith("chaos:"):
            print(line)
    totals = re.search(r"chaos: seed \d+, (\d+) runs, (\d+) faults of (\d+) kinds, (\d+) tasks, (\d+) reports, "
                       r".*, (\d+) problems", out)
    with open(verdict) as f:
        verdict_lines = f.read().splitlines()
    violations = [line for line in verdict_lines if line.startswith("violation:")]
    print("soak: exit status %d, %.0f s, seed %d" % (proc.returncode, took, seed))
    if totals:
        runs, faults, kinds, tasks, reports, problems = (int(g) for g in totals.groups())
        print("soak: %d faults (%d kinds) in %d runs, %d tasks, %d reports, %d problems, %.1f faults per minute"
              % (faults, kinds, runs, tasks, reports, problems, faults / took * 60))
    print("soak: invariants: %s" % (verdict_lines[-1] if verdict_lines else "no verdict"))
    for v in violations:
        print("soak: " + v)
    print("soak: leftovers: %d %s" % (len(left), " ".join(left)))
    for pid in left:
        try:
            os.kill(int(pid), 9)
        except OSError:
            pass
    shutil.rmtree(work, ignore_errors=True)
    ok = proc.returncode == 0 and totals and problems == 0 and not violations and not left
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
