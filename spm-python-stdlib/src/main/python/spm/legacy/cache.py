"""Translations kept on disk so that a re-import does no translation work: one JSON file per
translation in the user's cache folder ($XDG_CACHE_HOME/spm-python/legacy, else
~/.cache/spm-python/legacy), never beside the user's source. A file is named by the hash of what the
translation depends on: the source, the translator (its code and the Python that runs it), and for
a module of a package the names beside it (Python 2's implicit relative imports look at them).
Files are written atomically (a temporary file renamed into place), so concurrent runs and
spokes share the folder safely; anything unreadable counts as absent."""

import os
import sys

from spm.legacy.translation import Translation

# hashlib, json and tempfile are imported where used: this module is loaded at every start-up
# (by the import hook), and they would cost it time when nothing is legacy.

_FORMAT = 1
_fingerprint = None


def directory():
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the XDG default
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "spm-python", "legacy")


def key(source, filename):
    """The cache key of translating `source`, which came from `filename`."""
    import hashlib
    digest = hashlib.sha256(_translator_fingerprint())
    digest.update(_package_context(filename).encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
    digest.update(source.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def load(cache_key):
    """The cached Translation, or None."""
    import json
    try:
        with open(_path(cache_key), encoding="utf-8") as f:
            entry = json.load(f)
        if entry.get("format") != _FORMAT:
            return None
        lines = entry["lines"]
        return Translation(entry["text"], None if lines is None else list(lines))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(cache_key, translation):
    """Keeps `translation`; a cache that cannot be written is no error (the run goes on)."""
    import json
    import tempfile
    folder = directory()
    try:
        os.makedirs(folder, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"format": _FORMAT, "text": translation.text,
                           "lines": translation.lines}, f)
            os.replace(temporary, _path(cache_key))
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return False
    return True


def _path(cache_key):
    return os.path.join(directory(), cache_key + ".json")


def _translator_fingerprint():
    """Changes whenever the translator could translate differently: a hash of its package's files
    and of the Python version (whose lib2to3 it uses)."""
    global _fingerprint
    if _fingerprint is None:
        import hashlib
        digest = hashlib.sha256(("%d %s\0" % (_FORMAT, sys.version)).encode())
        backend = os.path.join(os.path.dirname(__file__), "lib2to3_backend")
        for name in sorted(os.listdir(backend)):
            if name.endswith(".py"):
                with open(os.path.join(backend, name), "rb") as f:
                    digest.update(name.encode() + b"\0" + f.read() + b"\0")
        _fingerprint = digest.digest()
    return _fingerprint


def _package_context(filename):
    """For a file in a package, the names beside it (they decide which imports are implicitly
    relative); '' for anything else."""
    if not os.path.isabs(filename):
        return ""
    folder = os.path.dirname(filename)
    try:
        if not os.path.exists(os.path.join(folder, "__init__.py")):
            return ""
        return "\0".join(sorted(n for n in os.listdir(folder) if _may_be_a_module(n)))
    except OSError:
        return ""


def _may_be_a_module(name):
    # What lib2to3's fix_import looks for: .py, .pyc, extension modules, and folders.
    return name.endswith((".py", ".pyc", ".so", ".sl", ".pyd")) or "." not in name
