"""The import hook behind the sys.path entry `-/@-/pkg.builtin/` (DESIGN §9), and this
resource's resolutions.

When the import system's search of sys.path reaches the entry, StoreFinder looks up the name:

1. no version of that name in the store: it answers None, and the search goes on with the
   entries after it;
2. the name was resolved earlier in this session: that version again (probes never run twice);
3. otherwise each version's probe runs, oldest first in PEP 440 order, and the first that
   accepts is the one version of the package for the rest of this session on this resource.
   When none accepts, SPMPackageUnresolved lists every version and its probe's answer; it is
   recorded (spm._state.record_violation) so that swallowing it does not hide it, and a later
   import of the name raises it again without probing again.

The hook follows the entry: it is consulted wherever the entry stands in sys.path, and not at all
when the entry is removed. Only top-level names reach it; submodules of a store package are found
through the package's __path__ (its folder in the store), as for any package.

Cheap on purpose: spm._boot imports this module (os and sys only) and installs it; the store's
code loads at the first lookup that reaches the entry, and a lookup of a name that is not in the
store costs one stat.
"""

import os
import sys

#: The virtual sys.path entry (DESIGN §9).
ENTRY = "-/@-/pkg.builtin/"
#: Where install() puts ENTRY in sys.path: a list.insert index into the boot-time sys.path.
INDEX_VARIABLE = "SPM_PKG_PATH_INDEX"

#: name -> store Entry chosen in this session on this resource.
_resolved = {}
#: name -> SPMPackageUnresolved's arguments, for names no probe accepted.
_unresolved = {}
#: names whose probes run now (a probe that imports its own package does not find it).
_resolving = set()
_finder = None


def resolutions():
    """{name: version} of the packages resolved from the store in this session on this
    resource (the version as a normalized PEP 440 string)."""
    return {name: str(entry.version) for name, entry in _resolved.items()}


class StoreFinder:
    """The path entry finder for ENTRY."""

    def __init__(self):
        self._store = None

    @property
    def store(self):
        if self._store is None:
            from spm.pkg.store import Store
            self._store = Store()
        return self._store

    def find_spec(self, fullname, target=None):
        if "." in fullname:
            return None
        entry = _resolved.get(fullname)
        if entry is None:
            if fullname not in _unresolved and not os.path.isdir(os.path.join(self.store.root, fullname)):
                return None
            entry = self._resolve(fullname)
            if entry is None:
                return None
        return _spec(fullname, entry)

    def _resolve(self, name):
        from spm import _state
        from spm.exceptions import SPMPackageUnresolved
        if name in _unresolved:
            raise _state.record_violation(SPMPackageUnresolved(*_unresolved[name]))
        if name in _resolving:
            return None
        versions = self.store.versions(name)
        if not versions:
            return None
        from spm.pkg import probes
        outcomes = []
        _resolving.add(name)
        try:
            for entry in versions:
                outcome = probes.run(entry.probe, "%s-%s" % (name, entry.version))
                if outcome.accepted:
                    _resolved[name] = entry
                    return entry
                outcomes.append((entry.version, outcome.text))
        finally:
            _resolving.discard(name)
        _unresolved[name] = (name, outcomes, self.store.root)
        raise _state.record_violation(SPMPackageUnresolved(*_unresolved[name]))

    def invalidate_caches(self):
        pass

    def __repr__(self):
        return "spm.pkg.StoreFinder(%r)" % (self._store.root if self._store else ENTRY)


def _spec(name, entry):
    """The module spec of NAME from its version's folder: the normal path machinery's (so
    __file__, __path__, relative imports, legacy modules and reload behave as anywhere)."""
    from importlib.machinery import PathFinder
    spec = PathFinder.find_spec(name, [entry.lib])
    if spec is None:
        raise ImportError("the package store's %s %s holds no %s/ or %s.py in %s (damaged?)"
                          % (name, entry.version, name, name, entry.lib), name=name)
    return spec


def path_hook(path):
    """sys.path_hooks entry: StoreFinder for ENTRY; ImportError (next hook, please) otherwise."""
    global _finder
    if path != ENTRY:
        raise ImportError("not the package store's entry: %s" % path)
    if _finder is None:
        _finder = StoreFinder()
    return _finder


def install():
    """Puts path_hook first in sys.path_hooks (before the legacy hook, which would take ENTRY for
    a folder) and ENTRY into sys.path: at the end (where site-packages would be) unless
    SPM_PKG_PATH_INDEX says where."""
    if path_hook not in sys.path_hooks:
        sys.path_hooks.insert(0, path_hook)
    if ENTRY not in sys.path:
        sys.path.insert(_index(), ENTRY)


def _index():
    configured = os.environ.get(INDEX_VARIABLE, "").strip()
    if not configured:
        return len(sys.path)
    try:
        return int(configured)
    except ValueError:
        sys.stderr.write("spm-python: %s=%r is not an integer: the package store's entry %s goes"
                         " at the end of sys.path\n" % (INDEX_VARIABLE, configured, ENTRY))
        return len(sys.path)
