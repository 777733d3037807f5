"""This resource's role and serial state, read from the Java engine (SessionState.java)."""

import polyglot

_state = polyglot.import_value("spm.state")


def is_hub():
    return bool(_state.isHub())


def is_spoke():
    return bool(_state.isSpoke())


def is_online():
    return bool(_state.isOnline())


def is_preloading():
    return bool(_state.isPreloading())


def set_preloading(flag):
    _state.setPreloading(bool(flag))


def set_online(flag):
    _state.setOnline(bool(flag))


#: SPMInvariantViolations that swallowing must not hide (DESIGN §3): on a spoke, those raised
#: during a task (the task ends with the first); on the hub, the package store's
#: SPMPackageUnresolved (the launcher reports what the program caught: spm._main, spm._repl).
violations = []


def record_violation(violation):
    """Keeps `violation` in `violations`; returns it (`raise record_violation(...)`)."""
    violations.append(violation)
    return violation


def take_violations():
    """The violations recorded so far, forgetting them."""
    taken = list(violations)
    del violations[:]
    return taken
