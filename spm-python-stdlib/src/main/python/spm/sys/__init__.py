"""spm.sys: the state of this resource (`sstat`, `pstat`), the hub's tracker (`tracker`) and the
native probes of this resource (`native`: CUDA driver, glibc, CPU flags, ELF libraries)."""

from spm import _state


def _role_predicate(fn):
    """Marks a predicate as a role test: DESIGN §3's preload rule applies to it (spm.util.dassert)."""
    fn._spm_role_predicate = True
    return fn


class sstat:
    """Serial state: the hub is online while a task manager is; a spoke while it evaluates."""

    @staticmethod
    def amOnline():
        return _state.is_online()

    @staticmethod
    def amOffline():
        return not _state.is_online()


class pstat:
    """Parallel state: which role this resource plays."""

    @staticmethod
    @_role_predicate
    def amHub():
        return _state.is_hub()

    @staticmethod
    @_role_predicate
    def amSpoke():
        return _state.is_spoke()

    @staticmethod
    @_role_predicate
    def amSelf():
        return _state.is_hub() or _state.is_spoke()


def __getattr__(name):
    # spm.sys.native is loaded on first use (probes call it as spm.sys.native without an import).
    if name == "native":
        import importlib
        return importlib.import_module("spm.sys.native")
    # The tracker exists at the hub only; import it on first use.
    if name == "tracker":
        from spm.sys import _tracker
        if _tracker.tracker is None:
            raise AttributeError("spm.sys.tracker exists at the hub only")
        return _tracker.tracker
    raise AttributeError("module 'spm.sys' has no attribute %r" % name)


def __dir__():
    # The names loaded on first use too (tracker at the hub only): dir() and Tab completion show them.
    names = set(globals()) | {"native"}
    from spm import _state
    if _state.is_hub():
        names.add("tracker")
    return sorted(names)
