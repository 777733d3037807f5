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


#: SPMInvariantViolations raised on a spoke during a task: recorded even if user code swallows
#: them, and the task ends with the first (DESIGN §3).
violations = []
