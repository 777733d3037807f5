"""The hub's tracker as people and Python see it: `spm.sys.tracker` (DESIGN §2)."""

import collections
import pickle

from spm import _engine
from spm.exceptions import SpokeEvaluationError, SpokeLost, SpokeTimeout

#: One spoke as the tracker saw it at one moment.
Spoke = collections.namedtuple(
    "Spoke", "id serverName core pid state age heartbeatAge local joinSeconds tasksRun")


class Tracker:
    """The hub's view of its spokes. Its repr is a one-line summary (type `spm.sys.tracker` at the
    prompt); `status()` prints a table."""

    @property
    def serverName(self):
        """The hub's server: what its local spokes report as theirs."""
        return _engine.hub_server_name()

    @property
    def listening(self):
        """How remote spokes join this hub ("" unless it listens: --listen)."""
        return _engine.hub_listening()

    def spokes(self, states=None):
        """Spokes by id; `states` keeps only those states, e.g. ('idle', 'busy')."""
        return [s for s in _engine.spokes() if states is None or s.state in states]

    def summary(self):
        spokes = [s for s in self.spokes() if s.state != "lost"]
        counts = collections.Counter(s.state for s in spokes)
        servers = {s.serverName for s in spokes}
        parts = ", ".join("%d %s" % (counts[k], k) for k in ("idle", "busy", "booting") if counts[k])
        return "%d spoke%s%s on %d server%s" % (
            len(spokes), "" if len(spokes) == 1 else "s", " (%s)" % parts if parts else "",
            len(servers), "" if len(servers) == 1 else "s")

    def __repr__(self):
        return "<spm tracker: %s>" % self.summary()

    def status(self):
        """Prints the spokes by server: id, state, core, pid, age, last heartbeat."""
        print("tracker: " + self.summary())
        listening = self.listening
        if listening:
            print(listening)
        by_server = collections.defaultdict(list)
        for s in self.spokes():
            by_server[s.serverName].append(s)
        for server in sorted(by_server):
            print("  server %s%s" % (server, " (hub)" if server == self.serverName else ""))
            for s in by_server[server]:
                print("    spoke %-4d %-8s core %-3s pid %-8d up %6.1f s  heartbeat %4.1f s ago%s" % (
                    s.id, s.state, s.core if s.core >= 0 else "-", s.pid, s.age, s.heartbeatAge,
                    "" if s.local else "  (remote)"))
        events = _engine.hub_recent_events()
        if events:
            print("  recent events:")
            for e in events[-5:]:
                print("    " + e)

    def evaluate(self, spoke, source, timeout=60.0):
        """Evaluates Python `source` on a spoke (its id, or a Spoke); returns the value of an
        expression (None for statements). Raises SpokeEvaluationError with the remote traceback,
        SpokeLost or SpokeTimeout."""
        spoke_id = spoke.id if isinstance(spoke, Spoke) else int(spoke)
        outcome = _engine.evaluate(spoke_id, source, timeout)
        if outcome.kind == "ok":
            return pickle.loads(outcome.value)
        if outcome.kind == "error":
            raise SpokeEvaluationError("on spoke %d:\n%s" % (spoke_id, outcome.error))
        if outcome.kind == "timeout":
            raise SpokeTimeout(outcome.error)
        raise SpokeLost(outcome.error)


#: The hub's tracker, or None on a spoke.
tracker = Tracker() if _engine.at_hub() else None
