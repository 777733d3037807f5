"""spm: parallel closures for Python (a revival of SPM.Python, 2011).

`spm` is bound in builtins by the spm-python launcher, so scripts may use `spm.` names without
importing it. Parts of the API arrive as they are built; a part that is not built yet is simply
absent (AttributeError), never a silent stub.
"""

from spm.exceptions import (
    SPMException,
    SPMInvariantViolation,
    SPMPackageUnresolved,
    SPMTaskDropped,
    SPMTaskEval,
    SPMTaskException,
    SPMTaskLoad,
)
from spm import runtime
from spm import env, sys, util


def __getattr__(name):
    # spm.pclosure (the papers also write spm.pClosure) with spm.typedef beneath it is loaded on
    # first use: a session that declares no closure does not pay for it at start-up.
    if name in ("pclosure", "pClosure"):
        import importlib
        return importlib.import_module("spm.pclosure")
    raise AttributeError("module 'spm' has no attribute %r" % name)


def __dir__():
    # The names loaded on first use too: dir(spm) and Tab completion show them.
    return sorted(set(globals()) | {"pclosure", "pClosure"})

__version__ = runtime.version

__all__ = [
    "SPMException",
    "SPMTaskException",
    "SPMTaskDropped",
    "SPMTaskLoad",
    "SPMTaskEval",
    "SPMInvariantViolation",
    "SPMPackageUnresolved",
    "runtime",
    "sys",
    "util",
    "env",
    "pkg",
    "pclosure",
    "pClosure",
]
