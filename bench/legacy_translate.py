"""Translation time of the paper's is_prime.py (the legacy dialect, issue 3): what importing a
legacy module costs, cold and cached. Median of N runs (default 5), in seconds:

- first in a process: a fresh spm-python translates it with an empty cache, lib2to3 not yet
  loaded (what the first legacy import of a run pays);
- cold cache: translated again in the same process, the translator loaded, the cache empty;
- cached, first in a process: a fresh spm-python reads the translation from the cache (what a
  later run pays for its first legacy module: hashlib and json load too);
- cached: read from the cache again in the same process (every further import).

Each figure is spm.legacy.compiler.compile_legacy: translate (or read the cache), compile, store.
Run with spm-python: `bin/spm-python bench/legacy_translate.py [runs]`. The cache goes to a
temporary folder, never the user's.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IS_PRIME = os.path.join(os.path.dirname(ROOT), "shared", "paper", "scipy2011", "is_prime.py")

# Run by a fresh spm-python: one compile_legacy with the cache in argv[1], its seconds on stdout.
FIRST_IN_PROCESS = """
import sys, time
from spm.legacy import cache, compiler
cache.directory = lambda: sys.argv[1]
text = open(sys.argv[2]).read()
t = time.perf_counter()
compiler.compile_legacy(text, sys.argv[2])
print(time.perf_counter() - t)
"""


def compile_seconds(text, cache_folder):
    from spm.legacy import cache, compiler
    cache.directory = lambda: cache_folder
    t = time.perf_counter()
    compiler.compile_legacy(text, IS_PRIME)
    return time.perf_counter() - t


def in_a_fresh_process(cache_folder):
    out = subprocess.run([sys.executable, "-c", FIRST_IN_PROCESS, cache_folder, IS_PRIME],
                         check=True, capture_output=True, text=True).stdout
    return float(out.split()[-1])


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with open(IS_PRIME) as f:
        text = f.read()
    work = tempfile.mkdtemp(prefix="spm-legacy-bench-")
    try:
        first = [in_a_fresh_process(os.path.join(work, "first-%d" % i)) for i in range(runs)]
        cached_folder = os.path.join(work, "cached")
        compile_seconds(text, cached_folder)  # loads the translator here, and fills the cache
        cached_first = [in_a_fresh_process(cached_folder) for _ in range(runs)]
        cold = [compile_seconds(text, os.path.join(work, "cold-%d" % i)) for i in range(runs)]
        cached = [compile_seconds(text, cached_folder) for _ in range(runs)]
    finally:
        shutil.rmtree(work, ignore_errors=True)

    lines = sum(1 for _ in text.splitlines())
    print("Translating the paper's is_prime.py (%d lines) with spm-python, %d runs, seconds"
          % (lines, runs))
    print("%-44s %9s %9s %9s" % ("case", "median", "min", "max"))
    for name, times in (("first in a process (lib2to3 loads)", first),
                        ("cold cache, translator loaded", cold),
                        ("cached, first in a process", cached_first),
                        ("cached", cached)):
        print("%-44s %9.4f %9.4f %9.4f" % (name, statistics.median(times), min(times), max(times)))


if __name__ == "__main__":
    main()
