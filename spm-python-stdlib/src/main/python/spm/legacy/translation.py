"""What a translation is, and the one entry to the translator (spm.legacy.lib2to3_backend)."""



class Translation:
    """A legacy module translated to Python 3. `text` is Python 3 source; `lines` is None when
    every line of `text` kept its original number, else `lines[i]` is the original line of line
    i + 1. (Not a namedtuple: making one costs start-up time on GraalPy.)"""

    __slots__ = ("text", "lines")

    def __init__(self, text, lines):
        self.text = text
        self.lines = lines

    def __repr__(self):
        return "Translation(%r, %r)" % (self.text, self.lines)


class TranslationError(Exception):
    """The source is not Python 2 either (or not Python 2 the translator understands)."""

    def __init__(self, message, lineno=None):
        super().__init__(message)
        self.message = message
        self.lineno = lineno

    def __str__(self):
        if self.lineno:
            return "line %d: %s" % (self.lineno, self.message)
        return self.message


def translate(source, filename):
    """Python 3 source with the meaning that `source` (Python 2) had. `filename` is the file it
    came from (an absolute path), or a pseudo-name such as '<string>'. Raises TranslationError."""
    # Imported here: loading lib2to3 costs seconds, and most runs translate nothing.
    from spm.legacy import lib2to3_backend
    return lib2to3_backend.translate(source, filename)
