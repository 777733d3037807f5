#!/usr/bin/env python3
"""Start-up of spm-python beside CPython: `-c pass`, and launch to the first REPL prompt.

Run with any python3: `python3 bench/startup.py [runs]`. Prints a table of medians and the
ratio spm-python / python3 (the machines are shared and noisy: compare ratios, not seconds).
"""

import os
import pty
import select
import statistics
import subprocess
import sys
import time

from _bench import SPM

PYTHON = sys.executable


def time_command(argv):
    t = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def time_to_prompt(argv, prompt=b">>> ", limit=120):
    """Seconds from launch on a pseudo-terminal until the REPL shows its prompt."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["SPM_PYTHON_HISTORY"] = os.devnull
        os.execv(argv[0], argv)
    t = time.perf_counter()
    seen = b""
    try:
        while prompt not in seen:
            if time.perf_counter() - t > limit:
                raise RuntimeError("no prompt from %s; saw %r" % (argv, seen[-200:]))
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(fd, 4096)
                except OSError:
                    raise RuntimeError("%s ended before its prompt; saw %r" % (argv, seen[-200:]))
        return time.perf_counter() - t
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)


def median(f, runs):
    return statistics.median(f() for _ in range(runs))


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    time_command([SPM, "-c", "pass"])  # warm the file cache and GraalPy's resource cache
    rows = [
        ("-c pass", lambda: time_command([SPM, "-c", "pass"]), lambda: time_command([PYTHON, "-c", "pass"])),
        ("to first REPL prompt", lambda: time_to_prompt([SPM, "-q"]), lambda: time_to_prompt([PYTHON, "-q"])),
    ]
    print("start-up, median of %d runs (python3 = %s)" % (runs, PYTHON))
    print("| %-22s | %12s | %12s | %9s |" % ("what", "spm-python s", "python3 s", "ratio"))
    print("|%s|%s|%s|%s|" % ("-" * 24, "-" * 14, "-" * 14, "-" * 11))
    for name, spm, cpython in rows:
        s = median(spm, runs)
        c = median(cpython, runs)
        print("| %-22s | %12.3f | %12.3f | %8.0fx |" % (name, s, c, s / c))


if __name__ == "__main__":
    main()
