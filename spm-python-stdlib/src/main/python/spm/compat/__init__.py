"""Stand-ins for GraalPy's own modules where they do not work here (docs/cpython-command-line.md):
`_bz2` (GraalPy's needs a support library its embedding does not load: bz2.compress ended the
session with a Java NullPointerException) on the machine's libbz2 through ctypes; and fix-ups
run after a module loads: zoneinfo's TZPATH, empty on GraalPy, gets CPython's default;
multiprocessing.Pool's terminate() ends with graalpy workers (_mp_pool). install()
puts a finder first on sys.meta_path, ahead of the builtin importer; nothing loads until imported."""

import os
import sys

#: Module name -> the file of this package that stands in for it.
STAND_INS = {"_bz2": "_bz2.py"}


#: CPython's default TZPATH (its configure's --with-tzpath on Linux).
DEFAULT_TZPATH = ("/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo", "/etc/zoneinfo")


def _fix_tzpath(module):
    if not module.TZPATH and not os.environ.get("PYTHONTZPATH"):
        module.reset_tzpath(DEFAULT_TZPATH)


def _fix_pool(module):
    from spm.compat import _mp_pool
    _mp_pool.fix(module)


#: Module name -> what to do with it once it has loaded.
FIX_UPS = {"zoneinfo._tzpath": _fix_tzpath, "multiprocessing.pool": _fix_pool}


class _FixedLoader:
    """Loads a module with its own loader, then applies its fix-up."""

    def __init__(self, loader, fix):
        self._loader = loader
        self._fix = fix

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._fix(module)


class _StandInFinder:
    @staticmethod
    def find_spec(name, path=None, target=None):
        fix = FIX_UPS.get(name)
        if fix is not None:
            import importlib.machinery
            spec = importlib.machinery.PathFinder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _FixedLoader(spec.loader, fix)
            return spec
        stand_in = STAND_INS.get(name)
        if stand_in is None:
            return None
        import importlib.util
        return importlib.util.spec_from_file_location(name, os.path.join(os.path.dirname(__file__), stand_in))


def install():
    if _StandInFinder not in sys.meta_path:
        sys.meta_path.insert(0, _StandInFinder)
