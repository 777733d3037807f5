"""The live progress line of a run: on a terminal only, never in a pipe. At the hub it is drawn
by the hub's console (org.spmpython.bridge.hub.Console), which also prints the spokes' output
lines: neither cuts the other."""

from spm import _engine


class Progress:
    def __init__(self, stream):
        self._stream = stream
        try:
            self._enabled = stream.isatty()
        except Exception:
            self._enabled = False
        self._shown = False

    def show(self, done, failed, running, spokes):
        if not self._enabled:
            return
        self._stream.flush()  # what the program printed comes first
        _engine.hub_progress("#: done %d  failed %d  running %d  spokes %d" % (done, failed, running, spokes))
        self._shown = True

    def clear(self):
        if self._enabled and self._shown:
            _engine.hub_progress_clear()
            self._shown = False
