"""Stand-ins for GraalPy's own modules where they do not work here (docs/cpython-command-line.md):
`_bz2` (GraalPy's needs a support library its embedding does not load: bz2.compress ended the
session with a Java NullPointerException) on the machine's libbz2 through ctypes. install() puts
a finder first on sys.meta_path, ahead of the builtin importer; the stand-in loads when imported."""

import os
import sys

#: Module name -> the file of this package that stands in for it.
STAND_INS = {"_bz2": "_bz2.py"}


class _StandInFinder:
    @staticmethod
    def find_spec(name, path=None, target=None):
        stand_in = STAND_INS.get(name)
        if stand_in is None:
            return None
        import importlib.util
        return importlib.util.spec_from_file_location(name, os.path.join(os.path.dirname(__file__), stand_in))


def install():
    if _StandInFinder not in sys.meta_path:
        sys.meta_path.insert(0, _StandInFinder)
