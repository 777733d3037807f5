"""Which Open MPI runs an app, and spm-python's helpers for it (DESIGN §11, §9).

The app's `DT_NEEDED` (read by the ELF probe) names the MPI library it was linked against:
`libmpi.so.40` is Open MPI 4's (3.x and 4.x share it). The installation comes from the package
store when it holds an `openmpi` package (the version whose probe accepts here, as for any import
from the store; the entry says its `mpirun` and the libraries it `provides`), else the system's
own (`mpirun` on PATH). Either way its `mpirun --version` must say Open MPI. An app that is no MPI program, or needs an
MPI library no installation provides, is refused before anything starts, naming what it needs."""

import os
import shutil
import subprocess

from spm import _engine
from spm.exceptions import SPMException


class SPMOpenMPIMissing(SPMException):
    """No Open MPI (or not spm-python's helpers for it) to run an MPI program with."""


#: The MPI libraries spm-python knows, by soname prefix: which Open MPI major versions provide them.
KNOWN_LIBRARIES = {"libmpi.so.40": "Open MPI 3.x/4.x"}

HELPERS = ("spm-mpi-agent", "spm-mpi-host", "spm-mpi-wrapper", "libspm-mpi-shim.so")


def libexec():
    """The distribution's libexec/ folder (where the co-process guard is)."""
    return os.path.dirname(_engine.coprocess_guard())


def helpers():
    """The helpers' paths by name; SPMOpenMPIMissing naming what is absent."""
    folder = libexec()
    found = {name: os.path.join(folder, name) for name in HELPERS}
    absent = [name for name, path in found.items() if not os.path.exists(path)]
    if absent:
        raise SPMOpenMPIMissing(
            "Open MPI is missing: this spm-python was built without Open MPI's mpicc, so %s %s not in %s "
            "(install Open MPI, e.g. apt-get install openmpi-bin libopenmpi-dev, and rebuild with bin/build)"
            % (", ".join(absent), "is" if len(absent) == 1 else "are", folder))
    return found


def check_app(app):
    """The app's MPI library (e.g. 'libmpi.so.40'); an SPMException naming what is wrong."""
    if not isinstance(app, str) or not app:
        raise SPMException("apiArgs: app takes the path of an Open MPI program, not %r" % (app,))
    if not os.path.isfile(app):
        raise SPMException("the MPI program %s does not exist (give its path: apiArgs app, or mpirun's ./app)" % app)
    if not os.access(app, os.X_OK):
        raise SPMException("the MPI program %s is not executable" % app)
    needed, kind, failure = _engine.elf_needed(app)
    if needed is None:
        raise SPMException("%s is not an MPI program: %s" % (app, failure))
    mpi = [name for name in needed if name.startswith("libmpi.so")]
    if not mpi:
        raise SPMException("%s is not an MPI program: it does not need libmpi.so (it needs: %s)"
                           % (app, ", ".join(needed) or "nothing"))
    return mpi[0]


def mpirun_for(library):
    """The mpirun of an Open MPI that provides `library`; SPMOpenMPIMissing naming what is needed."""
    path = _from_store(library)
    wanted = KNOWN_LIBRARIES.get(library, library)
    if path is None:
        if library not in KNOWN_LIBRARIES:
            raise SPMOpenMPIMissing(
                "the program needs %s, which the system's Open MPI does not provide (it knows %s) and the package "
                "store has no openmpi package" % (library, ", ".join("%s (%s)" % kv for kv in KNOWN_LIBRARIES.items())))
        path = shutil.which("mpirun")
        if path is None:
            raise SPMOpenMPIMissing("Open MPI is missing: the program needs %s (%s) but there is no mpirun on PATH "
                                    "and no openmpi package in the store (install openmpi-bin, or spm.pkg add one)"
                                    % (library, wanted))
    version = _version(path)
    if "Open MPI" not in version:
        raise SPMOpenMPIMissing("%s is not Open MPI's mpirun (it says %r); the program needs %s (%s)"
                                % (path, version, library, wanted))
    return path


def _version(mpirun):
    try:
        out = subprocess.run([mpirun, "--version"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=20).stdout
    except (OSError, subprocess.SubprocessError) as e:
        return "cannot run: %s" % e
    return out.decode("utf-8", "replace").splitlines()[0] if out else ""


def _from_store(library):
    """The mpirun of the store's `openmpi` package (DESIGN §9), or None when the store has none.

    An entry is an importable package `openmpi` (added with `spm-python -m spm.pkg add`) that
    says `mpirun = "/path/to/bin/mpirun"` and `provides = ("libmpi.so.40", ...)`; its probe
    decides as for any package, once per session (no accepting probe: SPMPackageUnresolved, as
    for any import of the store). A resolved entry that does not provide the app's library is an
    error naming what the app needs and what the entry provides."""
    try:
        from spm.pkg.store import Store
        if not Store().versions("openmpi"):
            return None
    except Exception:  # noqa: BLE001 - no store (or none readable): the system's Open MPI
        return None
    import importlib
    module = importlib.import_module("openmpi")
    mpirun = getattr(module, "mpirun", None)
    provides = tuple(getattr(module, "provides", ()))
    where = getattr(module, "__file__", "openmpi")
    if not isinstance(mpirun, str) or not mpirun:
        raise SPMOpenMPIMissing("the package store's openmpi (%s) does not say its mpirun (mpirun = PATH)" % where)
    if library not in provides:
        raise SPMOpenMPIMissing("the program needs %s, but the package store's openmpi chosen here (%s) provides %s"
                                % (library, where, ", ".join(provides) or "nothing"))
    if not os.access(mpirun, os.X_OK):
        raise SPMOpenMPIMissing("the package store's openmpi (%s) names mpirun %s, which is not executable"
                                % (where, mpirun))
    return mpirun
