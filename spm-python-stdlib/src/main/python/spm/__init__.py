"""spm: parallel closures for Python (a revival of SPM.Python, 2011).

`spm` is bound in builtins by the spm-python launcher, so scripts may use `spm.` names without
importing it. Parts of the API arrive as they are built; a part that is not built yet is simply
absent (AttributeError), never a silent stub.
"""

from spm.exceptions import (
    SPMException,
    SPMInvariantViolation,
    SPMTaskDropped,
    SPMTaskEval,
    SPMTaskException,
    SPMTaskLoad,
)
from spm import runtime
from spm import env, sys, util
from spm import pclosure

#: The papers write both spellings.
pClosure = pclosure

__version__ = runtime.version

__all__ = [
    "SPMException",
    "SPMTaskException",
    "SPMTaskDropped",
    "SPMTaskLoad",
    "SPMTaskEval",
    "SPMInvariantViolation",
    "runtime",
    "sys",
    "util",
    "env",
    "pclosure",
    "pClosure",
]
