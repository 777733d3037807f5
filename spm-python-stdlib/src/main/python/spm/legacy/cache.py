"""Translations kept on disk so that a re-import does no translation work: one file per
translation in the user's cache folder ($XDG_CACHE_HOME/spm-python/legacy, else
~/.cache/spm-python/legacy), never beside the user's source. A file is named by the hash of what the
translation depends on: the source, the translator (its code and the Python that runs it), and for
a module of a package the names beside it (Python 2's implicit relative imports look at them).
Files are written atomically (a temporary file renamed into place), so concurrent runs and
spokes share the folder safely; anything unreadable counts as absent.

A file is the translation itself, readable Python, after two header lines: the format, and the
line map ('-' when every line kept its number). Not JSON, and hashed without hashlib: on a cold
GraalPy, importing json and hashlib took longer than reading and compiling a cached translation.
"""

import os
import sys

from spm.legacy.translation import Translation


_HEADER = "# spm-python legacy translation, format 2\n"
_LINES = "# lines:"
_fingerprint = None


def directory():
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the XDG default
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "spm-python", "legacy")


def key(source, filename):
    """The cache key of translating `source`, which came from `filename`."""
    digest = _sha256()(_translator_fingerprint())
    digest.update(_package_context(filename).encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
    digest.update(source.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def load(cache_key):
    """The cached Translation, or None."""
    try:
        with open(_path(cache_key), encoding="utf-8", newline="") as f:
            header, lines, text = f.readline(), f.readline(), f.read()
        if header != _HEADER or not lines.startswith(_LINES):
            return None
        numbers = lines[len(_LINES):].split()
        line_map = None if numbers == ["-"] else [int(n) for n in numbers]
        return Translation(text, line_map)
    except (OSError, ValueError):
        return None


def store(cache_key, translation):
    """Keeps `translation`; a cache that cannot be written is no error (the run goes on)."""
    path = _path(cache_key)
    # A name no other writer uses (not tempfile: importing it costs half a second on GraalPy).
    temporary = "%s.%d-%s.tmp" % (path, os.getpid(), os.urandom(4).hex())
    lines = "-" if translation.lines is None else " ".join(map(str, translation.lines))
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        try:
            with open(temporary, "x", encoding="utf-8", newline="") as f:
                f.write(_HEADER + _LINES + " " + lines + "\n" + translation.text)
            os.replace(temporary, path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
    except OSError:
        return False
    return True


def _path(cache_key):
    return os.path.join(directory(), cache_key + ".py")


def _translator_fingerprint():
    """Changes whenever the translator could translate differently: a hash of its package's files
    and of the Python version (whose lib2to3 it uses)."""
    global _fingerprint
    if _fingerprint is None:
        digest = _sha256()((_HEADER + sys.version + "\0").encode())
        backend = os.path.join(os.path.dirname(__file__), "lib2to3_backend")
        for name in sorted(os.listdir(backend)):
            if name.endswith(".py"):
                with open(os.path.join(backend, name), "rb") as f:
                    digest.update(name.encode() + b"\0" + f.read() + b"\0")
        _fingerprint = digest.digest()
    return _fingerprint


def _sha256():
    try:  # the builtin behind hashlib's sha256: importing hashlib costs ~0.7 s on a cold GraalPy
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256
    return sha256


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
