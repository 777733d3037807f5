"""Native probes of this resource, for the package store's preload probes (DESIGN §9) and
anyone else: the CUDA driver's version, glibc's version, the CPU's flags, and the libraries an
ELF program or library needs. Answered by Java (org.spmpython.natives.NativeProbes, through JNA
and a Java ELF reader); this module gives them Python types.

    def preload():                       # a probe.py for a CUDA 12 build
        v = spm.sys.native.cuda_driver_version()
        return v is not None and v >= 12000
"""

from spm import _engine

_ERRORS = {"missing": FileNotFoundError, "folder": IsADirectoryError, "io": OSError, "format": ValueError}


def cuda_driver_version():
    """The CUDA version the installed NVIDIA driver supports, as cuDriverGetVersion gives it:
    1000 * major + 10 * minor (12040 is CUDA 12.4); None when libcuda is absent (no driver)."""
    return _engine.cuda_driver_version()


def glibc_version():
    """glibc's version as gnu_get_libc_version gives it (e.g. '2.36'); None with another C
    library. Compare versions with spm.pkg.version.Version, not as strings ('2.4' > '2.36')."""
    return _engine.glibc_version()


def cpu_flags():
    """The CPU's feature flags (e.g. 'avx2', 'sse4_2'), sorted, as Linux lists them for the
    first processor in /proc/cpuinfo; () where the OS does not list them."""
    return _engine.cpu_flags()


def elf_needed(path):
    """The libraries the ELF file at `path` needs (its DT_NEEDED entries, e.g. 'libc.so.6'), in
    the file's order; [] for a static program. Raises FileNotFoundError for a missing file,
    IsADirectoryError for a folder, ValueError for a file that is not ELF (or is damaged),
    OSError when it cannot be read."""
    import os
    names, kind, failure = _engine.elf_needed(os.fspath(path))
    if names is None:
        raise _ERRORS.get(kind, OSError)(failure)
    return names
