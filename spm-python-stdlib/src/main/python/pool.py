"""Pools of spokes (DESIGN §7): descriptions resolved against the hub's tracker when a run
starts, so the same code runs on any set of resources.

    import pool
    pool.intraAll()            # every core of the hub's server
    pool.intraOnePerServer()   # one core of the hub's server
    pool.inter()               # every core of every server
    pool.interOnePerServer()   # one core of each server
"""

__all__ = ["Pool", "intraAll", "intraOnePerServer", "inter", "interOnePerServer"]

_READY = ("idle", "busy")


class Pool:
    """Which spokes a run may use. `resolve()` picks them from the tracker's spokes now."""

    __slots__ = ("name", "interServer", "onePerServer")

    def __init__(self, name, interServer, onePerServer):
        self.name = name
        self.interServer = interServer
        self.onePerServer = onePerServer

    def __repr__(self):
        return "pool.%s()" % self.name

    def __eq__(self, other):
        return isinstance(other, Pool) and other.name == self.name

    def __hash__(self):
        return hash(self.name)

    def __reduce__(self):
        return (globals()[self.name], ())

    def resolve(self, states=_READY):
        """The spokes of this pool among the tracker's spokes in `states` (default: idle and
        busy), by id; with onePerServer, the lowest-id idle (else busy) spoke of each server.
        The rule is the engine's, the one a run applies (org.spmpython.bridge.hub.run.Pool)."""
        from spm import _engine
        return _engine.choose_pool(self, states)


def intraAll():
    """Every core of the hub's server."""
    return Pool("intraAll", interServer=False, onePerServer=False)


def intraOnePerServer():
    """One core of the hub's server."""
    return Pool("intraOnePerServer", interServer=False, onePerServer=True)


def inter():
    """Every core of every server."""
    return Pool("inter", interServer=True, onePerServer=False)


def interOnePerServer():
    """One core of each server."""
    return Pool("interOnePerServer", interServer=True, onePerServer=True)
