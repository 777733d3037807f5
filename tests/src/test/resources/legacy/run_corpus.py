"""Runs the legacy corpus in one process (LegacyDialectTest): imports each program named on the
command line in turn, from the corpus folder beside this script, and prints `=== name` before its
output. A program's stderr goes to stdout while it runs, and what Python 2 did at the end of a
program (a pending softspace newline) is done after each one, as if each ran on its own."""

import importlib
import os
import sys

from spm import _source

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus"))

for name in sys.argv[1:]:
    print("=== " + name)
    sys.stdout.flush()
    stderr, sys.stderr = sys.stderr, sys.stdout
    try:
        importlib.import_module(name)
        _source.end_of_program()
    except BaseException as e:  # noqa: B902 - a failing program must not stop the others
        print("!! %s: %s" % (type(e).__name__, e))
    finally:
        sys.stderr = stderr
        sys.stdout.flush()
print("=== end")
