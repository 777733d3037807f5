"""Imports of legacy modules. A path hook (first in sys.path_hooks) gives every user folder on
sys.path a FileFinder whose loader for .py files is LegacySourceLoader: a SourceFileLoader that
compiles through spm.legacy.compiler, so a module that does not compile as Python 3 is retried as
legacy code. The folders of the standard library and of spm-python itself keep the default
finder: no module of theirs is ever translated, even with --legacy=always.

Installed in every context by spm._boot. Anything that loads modules by path (runpy for -m, a
spoke's preload) goes through it."""

import os
import sys
from importlib import machinery

from spm import _warmcode
from spm.legacy import compiler


class LegacySourceLoader(machinery.SourceFileLoader):
    """A SourceFileLoader that compiles Python 3 first, then legacy. The code of a translated
    module is not written to __pycache__: the translation is cached in the user's cache folder,
    and a .pyc of it beside the source would be loaded as if it were the module's own code
    (also by --legacy=never)."""

    _translated = False

    def get_code(self, fullname):
        if _warmcode.enabled:  # a cloud's spoke: the code of an earlier session's import, if unchanged
            path = self.get_filename(fullname)
            data = self.get_data(path)
            return _warmcode.code_of(path, data, ("file", compiler.mode()), lambda: self.source_to_code(data, path))
        if compiler.mode() == "always":  # a .pyc of the module's Python 3 reading must not win
            path = self.get_filename(fullname)
            return self.source_to_code(self.get_data(path), path)
        return super().get_code(fullname)

    def source_to_code(self, data, path, *, _optimize=-1):
        code, self._translated = compiler.compile_module(data, path)
        return code

    def set_data(self, path, data, *, _mode=0o666):
        if self._translated:
            return
        super().set_data(path, data, _mode=_mode)


def spec_from_file(name, path):
    """A ModuleSpec that loads the file at `path` as module `name` as imports do here: Python 3
    first, then legacy (for code that loads modules by path, such as a spoke's preload)."""
    from importlib import util
    return util.spec_from_file_location(name, path, loader=LegacySourceLoader(name, path))


def _loaders():
    return [
        (machinery.ExtensionFileLoader, machinery.EXTENSION_SUFFIXES),
        (LegacySourceLoader, machinery.SOURCE_SUFFIXES),
        (machinery.SourcelessFileLoader, machinery.BYTECODE_SUFFIXES),
    ]


_user_folder_hook = machinery.FileFinder.path_hook(*_loaders())
_system_folders = ()


def path_hook(path):
    """sys.path_hooks entry: a finder for a user folder; ImportError (next hook, please) for the
    standard library's and spm-python's own folders."""
    if _is_system_folder(path):
        raise ImportError("not a user folder: %s" % path)
    return _user_folder_hook(path)


def install():
    """Puts the path hook first (once), unless --legacy=never."""
    global _system_folders
    if compiler.mode() == "never" or path_hook in sys.path_hooks:
        return
    import spm
    folders = {sys.prefix, sys.base_prefix, sys.exec_prefix,
               os.path.dirname(os.path.dirname(os.path.abspath(spm.__file__)))}
    _system_folders = tuple(sorted(os.path.abspath(f) for f in folders if f))
    sys.path_hooks.insert(0, path_hook)
    # Finders made before the hook came would keep loading user folders the default way.
    for path in list(sys.path_importer_cache):
        if not _is_system_folder(path):
            del sys.path_importer_cache[path]


def _is_system_folder(path):
    # abspath, not realpath: it is called for every folder on sys.path, and realpath's lstat of
    # every path component showed in start-up time.
    path = os.path.abspath(path or os.getcwd())
    return any(path == folder or path.startswith(folder + os.sep) for folder in _system_folders)
