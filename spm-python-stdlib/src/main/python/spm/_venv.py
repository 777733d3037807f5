"""Virtual environments (`spm-python -m venv DIR`, docs/cpython-command-line.md). venv links
DIR/bin/python to spm-python and writes DIR/pyvenv.cfg; started through that link, bin/spm-python
passes the link as sys.executable. Here, as CPython's `site.venv`, a pyvenv.cfg beside
sys.executable (or one folder up) makes its folder sys.prefix, and its site-packages goes on
sys.path, so that `DIR/bin/python -m pip install` installs there and imports find it."""

import os
import sys

CONFIG = "pyvenv.cfg"


def config_file(executable):
    """The pyvenv.cfg of the venv whose python `executable` is, or None."""
    exe_dir = os.path.dirname(os.path.abspath(executable))
    for folder in (exe_dir, os.path.dirname(exe_dir)):
        candidate = os.path.join(folder, CONFIG)
        if os.path.isfile(candidate):
            return candidate
    return None


def activate():
    """Makes the venv sys.executable belongs to, if any, this interpreter's prefix. Returns its
    folder, or None."""
    if not sys.executable:
        return None
    config = config_file(sys.executable)
    if config is None:
        return None
    import site  # GraalPy's site, as CPython's: it reads the same pyvenv.cfg
    prefix = os.path.dirname(config)
    if getattr(sys, "prefix", None) == prefix and any(p.startswith(prefix) for p in sys.path):
        return prefix  # site's own main() did it on import
    site.venv(None)
    return prefix
