"""The live progress line of a run: on a terminal only, never in a pipe."""


class Progress:
    def __init__(self, stream):
        self._stream = stream
        try:
            self._enabled = stream.isatty()
        except Exception:
            self._enabled = False
        self._shown = 0

    def show(self, done, failed, running, spokes):
        if not self._enabled:
            return
        line = "#: done %d  failed %d  running %d  spokes %d" % (done, failed, running, spokes)
        self._stream.write("\r" + line + " " * max(0, self._shown - len(line)))
        self._stream.flush()
        self._shown = len(line)

    def clear(self):
        if self._enabled and self._shown:
            self._stream.write("\r" + " " * self._shown + "\r")
            self._stream.flush()
            self._shown = 0
