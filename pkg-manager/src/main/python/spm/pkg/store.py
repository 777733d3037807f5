"""The package store on disk: versions of a package side by side, each with its preload probe.

Layout under the root (`SPM_PKG_ROOT`, else `$XDG_DATA_HOME/spm-python/pkg`, else
`~/.local/share/spm-python/pkg`):

    NAME/KEY/VERSION     the version as added, normalized (PEP 440), e.g. 1.0.0rc1
    NAME/KEY/probe.py    its preload probe
    NAME/KEY/lib/        holds NAME/ (a package) or NAME.py (a module)
    .tmp/                adds and removes in progress

KEY is the version's key (spm.pkg.version.Version.key): equal versions (1.0, 1.0.0) share it, so
the store holds at most one of them. An add builds the whole version folder under `.tmp/` and
renames it into place in one step: a reader sees a version completely or not at all, and of
two adds of equal versions exactly one rename succeeds (rename(2) refuses a non-empty target);
the other gets "already in the store". A remove renames the folder out of place first, then
deletes it.

Import-light on purpose (os only at the top): the import hook loads this module at the first
lookup that reaches `-/@-/pkg.builtin/`.
"""

import errno
import os

from spm.exceptions import SPMPackageBadInput, SPMPackageStoreError

#: Environment variable naming the store's root folder.
ROOT_VARIABLE = "SPM_PKG_ROOT"
VERSION_FILE = "VERSION"
LIB_FOLDER = "lib"
TMP_FOLDER = ".tmp"
_RENAME_ATTEMPTS = 5


def default_root():
    """The store's root: $SPM_PKG_ROOT, else under the user's data folder (XDG)."""
    configured = os.environ.get(ROOT_VARIABLE)
    if configured:
        return os.path.abspath(os.path.expanduser(configured))
    data = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(os.path.abspath(data), "spm-python", "pkg")


def check_name(name):
    """Raises SPMPackageBadInput unless `name` is a top-level import name."""
    import keyword
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        raise SPMPackageBadInput("%r is not an import name (the name `import` takes: letters,"
                                 " digits and _, not starting with a digit, no dots)" % (name,))


class Entry:
    """One version of a package in the store."""

    __slots__ = ("name", "version", "folder")

    def __init__(self, name, version, folder):
        self.name = name
        #: a spm.pkg.version.Version
        self.version = version
        self.folder = folder

    @property
    def probe(self):
        from spm.pkg import probes
        return os.path.join(self.folder, probes.FILE_NAME)

    @property
    def lib(self):
        """The folder that holds the importable NAME/ or NAME.py."""
        return os.path.join(self.folder, LIB_FOLDER)

    def __repr__(self):
        return "<spm.pkg %s %s at %s>" % (self.name, self.version, self.folder)


class Store:
    """The store under `root` (default: default_root())."""

    def __init__(self, root=None):
        self.root = os.path.abspath(root) if root else default_root()

    def names(self):
        """Names of the packages that have at least one version, sorted."""
        try:
            candidates = os.listdir(self.root)
        except FileNotFoundError:
            return []
        except OSError as e:
            raise SPMPackageStoreError("cannot read the store at %s: %s" % (self.root, e.strerror)) from None
        return sorted(n for n in candidates if not n.startswith(".") and self.versions(n))

    def versions(self, name):
        """The versions of `name`, oldest first (PEP 440 order); [] when there are none."""
        from spm.pkg.version import Version
        from spm.exceptions import SPMInvalidVersion
        folder = os.path.join(self.root, name)
        try:
            keys = os.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as e:
            raise SPMPackageStoreError("cannot read the store at %s: %s" % (folder, e.strerror)) from None
        found = []
        for key in keys:
            path = os.path.join(folder, key)
            try:
                with open(os.path.join(path, VERSION_FILE), encoding="utf-8") as f:
                    found.append(Entry(name, Version(f.read().strip()), path))
            except (OSError, SPMInvalidVersion):
                continue  # not a version folder (only renames put folders here)
        found.sort(key=lambda entry: entry.version)
        return found

    def find(self, name, version):
        """The entry of `name` equal to `version` (a string or Version), or None."""
        from spm.pkg.version import Version
        wanted = version if isinstance(version, Version) else Version(version)
        for entry in self.versions(name):
            if entry.version == wanted:
                return entry
        return None

    def add(self, source, name, version, probe):
        """Adds the package NAME found in folder `source` (as `source/NAME/` or `source/NAME.py`)
        at `version`, with the probe file `probe`. Atomic; returns the new Entry. Raises
        SPMPackageBadInput or SPMInvalidVersion for bad input, SPMPackageStoreError when the
        version is already in the store or the store cannot be written. The store is unchanged
        after any error."""
        from spm.pkg import probes
        from spm.pkg.version import Version
        check_name(name)
        parsed = Version(version)
        item = _importable(source, name)
        if not os.path.isfile(probe):
            raise SPMPackageBadInput("the probe %s is not a file" % probe)
        probes.check_file(probe)
        existing = self.find(name, parsed)
        if existing is not None:
            raise self._already(name, parsed, existing)
        staging = self._staging("add-%s-%s" % (name, parsed.key))
        try:
            self._fill(staging, item, name, parsed, probe)
            target = os.path.join(self.root, name, parsed.key)
            self._move_into_place(staging, target, name, parsed)
        finally:
            _remove_tree(staging)
        return Entry(name, parsed, target)

    def remove(self, name, version):
        """Removes version `version` of `name`; returns the removed Entry. Raises
        SPMPackageStoreError when it is not in the store."""
        check_name(name)
        entry = self.find(name, version)
        if entry is None:
            raise self._absent(name, version)
        trash = self._staging("remove-%s-%s" % (name, entry.version.key))
        os.rmdir(trash)  # the rename below makes it again, atomically, with the version in it
        try:
            os.rename(entry.folder, trash)
        except FileNotFoundError:  # a racing remove was first
            raise self._absent(name, version) from None
        except OSError as e:
            raise SPMPackageStoreError("cannot remove %s %s from %s: %s"
                                       % (name, entry.version, entry.folder, e.strerror)) from None
        _remove_tree(trash)
        try:
            os.rmdir(os.path.join(self.root, name))  # only when it was the last version
        except OSError:
            pass
        return entry

    # -- helpers --------------------------------------------------------------------------------

    def _staging(self, prefix):
        """A new empty folder under .tmp/ (same file system as the store: rename works)."""
        import secrets
        tmp = os.path.join(self.root, TMP_FOLDER)
        try:
            os.makedirs(tmp, exist_ok=True)
            path = os.path.join(tmp, "%s-%d-%s" % (prefix, os.getpid(), secrets.token_hex(4)))
            os.mkdir(path)
        except OSError as e:
            raise SPMPackageStoreError("cannot write to the store at %s: %s" % (self.root, e.strerror)) from None
        return path

    @staticmethod
    def _fill(staging, item, name, version, probe):
        import shutil
        from spm.pkg import probes
        try:
            lib = os.path.join(staging, LIB_FOLDER)
            os.mkdir(lib)
            if os.path.isdir(item):
                shutil.copytree(item, os.path.join(lib, name),
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(item, os.path.join(lib, name + ".py"))
            shutil.copy2(probe, os.path.join(staging, probes.FILE_NAME))
            with open(os.path.join(staging, VERSION_FILE), "w", encoding="utf-8") as f:
                f.write(str(version) + "\n")
        except (OSError, shutil.Error) as e:
            raise SPMPackageStoreError("cannot copy %s into the store: %s" % (item, e)) from None

    def _move_into_place(self, staging, target, name, version):
        for _ in range(_RENAME_ATTEMPTS):
            try:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.rename(staging, target)
                return
            except FileNotFoundError:
                continue  # a racing remove took NAME/ away between makedirs and rename
            except OSError as e:
                if e.errno in (errno.EEXIST, errno.ENOTEMPTY):  # a racing add was first
                    raise self._already(name, version, self.find(name, version)) from None
                raise SPMPackageStoreError("cannot add %s %s to the store at %s: %s"
                                           % (name, version, self.root, e.strerror)) from None
        raise SPMPackageStoreError("cannot add %s %s to the store at %s: its folder keeps"
                                   " disappearing (racing removes)" % (name, version, self.root))

    def _already(self, name, version, existing):
        spelled = "" if existing is None or str(existing.version) == str(version) \
            else " (as %s)" % existing.version
        return SPMPackageStoreError("version %s of %s is already in the store%s at %s"
                                    % (version, name, spelled, self.root))

    def _absent(self, name, version):
        have = [str(e.version) for e in self.versions(name)]
        return SPMPackageStoreError("version %s of %s is not in the store at %s (%s)" % (
            version, name, self.root, "it has " + ", ".join(have) if have else "no version of it"))


def _importable(source, name):
    """The path of NAME/ (a package with __init__.py) or NAME.py inside folder `source`."""
    if not os.path.isdir(source):
        raise SPMPackageBadInput("%s is not a folder" % source)
    package = os.path.join(source, name)
    module = os.path.join(source, name + ".py")
    is_package = os.path.isdir(package)
    if is_package and os.path.isfile(module):
        raise SPMPackageBadInput("%s holds both %s/ and %s.py: which one is the package?"
                                 % (source, name, name))
    if is_package:
        if not os.path.isfile(os.path.join(package, "__init__.py")):
            raise SPMPackageBadInput("%s has no __init__.py (the store keeps regular packages,"
                                     " not namespace packages)" % package)
        return package
    if os.path.isfile(module):
        return module
    raise SPMPackageBadInput("%s holds neither %s/ nor %s.py" % (source, name, name))


def _remove_tree(path):
    import shutil
    if os.path.lexists(path):
        shutil.rmtree(path, ignore_errors=True)
