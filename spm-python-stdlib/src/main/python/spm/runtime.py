"""Facts about the runtime this interpreter runs on (read from the Java side)."""

import sys as _sys

from spm import _engine

_facts = _engine.runtime_facts()

#: spm-python's own version.
version = _facts.version
#: True when GraalPy runs with the Graal JIT (the optimizing Truffle runtime).
jit = _facts.jit
#: The Truffle runtime's name, e.g. 'GraalVM CE' (JIT) or 'Interpreted'.
engine = _facts.engine
#: GraalPy's version.
graalpy = _facts.graalpy
#: The JVM's version and home.
java = _facts.java
java_home = _facts.java_home
#: --legacy: when modules run as Python 2 code ("auto", "always" or "never").
legacy_mode = _facts.legacy_mode
#: The Python language version GraalPy implements.
python = "%d.%d.%d" % _sys.version_info[:3]


def summary():
    """One line for people: what runs here."""
    return "spm-python %s (GraalPy %s, Python %s, %s, Java %s)" % (
        version, graalpy, python, "JIT" if jit else "interpreter only", java)
