"""This resource's role and serial state (kept by the Java engine: spm._engine), and the
SPMInvariantViolations recorded here."""

from spm._engine import is_hub, is_online, is_preloading, is_spoke, set_preloading  # noqa: F401


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
