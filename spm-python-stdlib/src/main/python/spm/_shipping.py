"""Code shipping on a spoke (DESIGN §10): a task's folder that this spoke cannot see (a remote
spoke, or one started with --no-shared-fs) is served by the hub. A finder at the end of
sys.meta_path asks the hub for each module of such a folder; sources are kept by content hash
(in memory, and on disk under the user's cache folder), and compiled like any module here
(Python 3, else legacy).

Only `os` and `sys` at import: every spoke loads this module as it boots, and hashlib or
importlib.abc (which pulls typing, inspect, pathlib...) cost a spoke's start-up a second; they
load when a folder is first shipped."""

import os
import sys

from spm import _engine

#: (folder, module) -> (hash, path, source bytes)
_known = {}
_finders = {}


def _cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "spm-python", "shipped")


def _store(digest, data):
    folder = _cache_dir()
    try:
        os.makedirs(folder, exist_ok=True)
        target = os.path.join(folder, digest)
        if not os.path.exists(target):
            tmp = "%s.%d.tmp" % (target, os.getpid())
            with open(tmp, "wb") as f:
                f.write(data)
            os.replace(tmp, target)
    except OSError:
        pass  # the cache is an optimisation


def fetch(folder, module):
    """(path at the hub, source bytes) of `module` in the hub's `folder`, or None."""
    key = (folder, module)
    known = _known.get(key)
    answer = _engine.fetch(folder, module, known[0] if known else "")
    status = answer.status
    if status == "unchanged" and known:
        return known[1], known[2]
    if status != "found":
        if status == "refused":
            raise ImportError("the hub refused to send %s from %s (not a folder of this run's tasks)"
                              % (module, folder), name=module)
        return None
    import hashlib
    data = answer.content
    digest = hashlib.sha256(data).hexdigest()
    if digest != answer.hash:
        raise ImportError("%s from the hub arrived damaged" % module, name=module)
    _store(digest, data)
    _known[key] = (digest, answer.path, data)
    return answer.path, data


class _ShippedLoader:
    """Loader of one shipped module (the importlib.abc.Loader protocol)."""

    def __init__(self, path, data):
        self.path = path
        self.data = data

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        from spm import _warmcode
        from spm.legacy import compiler
        code = _warmcode.code_of(self.path, self.data, ("shipped", compiler.mode()),
                                 lambda: compiler.compile_module(self.data, self.path)[0])
        module.__file__ = self.path
        exec(code, module.__dict__)


class ShippedFinder:
    """Finds the modules of one hub folder by asking the hub (a sys.meta_path finder)."""

    def __init__(self, folder):
        self.folder = folder

    def find_spec(self, fullname, path=None, target=None):
        found = fetch(self.folder, fullname)
        if found is None:
            return None
        import importlib.util
        hub_path, data = found
        is_package = os.path.basename(hub_path) == "__init__.py"
        spec = importlib.util.spec_from_loader(fullname, _ShippedLoader(hub_path, data),
                                               origin=hub_path, is_package=is_package)
        spec.has_location = True
        return spec


def sees(folder):
    """True when this spoke reads `folder` itself."""
    return _engine.shared_file_system() and os.path.isdir(folder)


def ship(folder):
    """Serves `folder`'s modules from the hub (once per folder)."""
    if folder not in _finders:
        _finders[folder] = ShippedFinder(folder)
        sys.meta_path.append(_finders[folder])
