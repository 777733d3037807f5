"""spm.util: invariant checks (`dassert`) and timeouts (`timeout.after`)."""

import functools

from spm import _state
from spm.exceptions import SPMInvariantViolation


def dassert(predicateCb):
    """Decorator: each call of the decorated function first checks `predicateCb()` and raises
    SPMInvariantViolation when it is false.

    DESIGN §3's one exception makes the paper's modules loadable on spokes: while a spoke
    preloads a module, a call guarded by a role predicate that does not hold there (e.g.
    `pstat.amHub`) is skipped and returns None, so hub-only set-up does not run on spokes."""
    if not callable(predicateCb):
        raise TypeError("dassert(predicateCb=...) takes a callable, not %r" % (predicateCb,))

    def decorate(fn):
        @functools.wraps(fn)
        def checked(*args, **kwargs):
            if not predicateCb():
                if _state.is_preloading() and getattr(predicateCb, "_spm_role_predicate", False):
                    return None
                violation = SPMInvariantViolation("%s: %s() does not hold" % (
                    getattr(fn, "__qualname__", fn), _name(predicateCb)))
                if _state.is_spoke():
                    _state.record_violation(violation)
                raise violation
            return fn(*args, **kwargs)
        return checked
    return decorate


def _name(predicate):
    qualname = getattr(predicate, "__qualname__", None) or repr(predicate)
    module = getattr(predicate, "__module__", "") or ""
    return ("spm.sys." + qualname) if module == "spm.sys" else qualname


class Timeout:
    """A duration for spm's timeouts: made by `spm.util.timeout.after(seconds=...)`."""

    __slots__ = ("seconds",)

    def __init__(self, seconds):
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise TypeError("timeout.after(seconds=...) takes a number, not %r" % (seconds,))
        if not seconds > 0:
            raise ValueError("timeout.after(seconds=...) takes more than 0 seconds, not %r" % (seconds,))
        self.seconds = seconds

    def __repr__(self):
        return "spm.util.timeout.after(seconds = %r)" % (self.seconds,)

    def __eq__(self, other):
        return isinstance(other, Timeout) and other.seconds == self.seconds

    def __hash__(self):
        return hash(self.seconds)

    def __reduce__(self):
        return (Timeout, (self.seconds,))


class timeout:
    """`spm.util.timeout.after(seconds = S)`."""

    @staticmethod
    def after(seconds):
        return Timeout(seconds)


def __getattr__(name):
    # spm.util.coprocess needs spm.typedef: load it on first use.
    if name == "coprocess":
        import importlib
        return importlib.import_module("spm.util.coprocess")
    raise AttributeError("module 'spm.util' has no attribute %r" % name)
