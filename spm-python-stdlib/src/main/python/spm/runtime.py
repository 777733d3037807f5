"""Facts about the runtime this interpreter runs on (read from the Java side)."""

import polyglot as _polyglot
import sys as _sys

_info = _polyglot.import_value("spm.runtime")

#: spm-python's own version.
version = str(_info.spmVersion())
#: True when GraalPy runs with the Graal JIT (the optimizing Truffle runtime).
jit = bool(_info.jit())
#: The Truffle runtime's name, e.g. 'GraalVM CE' (JIT) or 'Interpreted'.
engine = str(_info.engineName())
#: GraalPy's version.
graalpy = str(_info.graalpyVersion())
#: The JVM's version and home.
java = str(_info.javaVersion())
java_home = str(_info.javaHome())
#: --legacy: when modules run as Python 2 code ("auto", "always" or "never").
legacy_mode = str(_info.legacyMode())
#: The Python language version GraalPy implements.
python = "%d.%d.%d" % _sys.version_info[:3]


def summary():
    """One line for people: what runs here."""
    return "spm-python %s (GraalPy %s, Python %s, %s, Java %s)" % (
        version, graalpy, python, "JIT" if jit else "interpreter only", java)
