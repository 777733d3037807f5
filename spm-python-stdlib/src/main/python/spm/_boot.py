"""Finishes a context's set-up: `spm` and its exception types become builtins (the paper's
scripts use them without importing), imports learn the legacy dialect, and sys.path gets the
package store's entry. Run once per context by the Java side."""

import builtins
import sys

# sys.flags, sys.warnoptions and sys._xoptions as CPython's for the same command line, before
# anything reads them.
from spm import _flags  # noqa: E402

_flags.install()
del _flags

# Stand-ins for GraalPy modules that do not work here (_bz2), found before the builtin ones.
from spm import compat as _compat  # noqa: E402

_compat.install()
del _compat

import spm  # noqa: E402
from spm import exceptions  # noqa: E402

builtins.spm = spm
for _name in exceptions.BUILTIN_NAMES:
    setattr(builtins, _name, getattr(exceptions, _name))
del _name

# Imports retry as legacy (Python 2) code what does not compile as Python 3 (DESIGN §8).
from spm.legacy import importer as _legacy_importer  # noqa: E402

_legacy_importer.install()
del _legacy_importer

# The package store's sys.path entry and its hook (DESIGN §9), after the legacy hook so that it
# comes first in sys.path_hooks. Cheap: the store itself loads at the first lookup reaching it.
from spm.pkg import hook as _pkg_hook  # noqa: E402

_pkg_hook.install()
del _pkg_hook

# A venv made by `spm-python -m venv DIR` (its bin/python links to spm-python): its pyvenv.cfg
# next to sys.executable makes it sys.prefix, with its site-packages on sys.path, as CPython's
# `site` does. Without a venv, site is not imported (GraalPy's embedding skips it; start-up).
if not sys.flags.no_site:
    from spm import _venv  # noqa: E402

    _venv.activate()
    del _venv

# What the `site` module gives python's REPL and scripts (GraalPy's embedding skips site).
if not hasattr(builtins, "exit"):
    import _sitebuiltins

    builtins.exit = _sitebuiltins.Quitter("exit", "Ctrl-D (i.e. EOF)")
    builtins.quit = _sitebuiltins.Quitter("quit", "Ctrl-D (i.e. EOF)")
    builtins.help = _sitebuiltins._Helper()
    builtins.copyright = _sitebuiltins._Printer("copyright", sys.copyright)
    builtins.credits = _sitebuiltins._Printer(
        "credits", "Thanks to the GraalPy, CPython and SPM.Python communities.")
    builtins.license = _sitebuiltins._Printer(
        "license", "See https://www.python.org/psf/license/ and GraalPy's LICENSE.")
