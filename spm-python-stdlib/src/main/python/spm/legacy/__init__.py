"""The legacy dialect: Python 2-era modules run unchanged, with their Python 2 meaning, while
Python 3 code keeps its own (DESIGN §8, docs/legacy-dialect.md).

A module that does not compile as Python 3 (the main script, -c, stdin, -m, an import, a spoke's
preload) is translated to Python 3 and run as a *legacy module*:

- translation.py   what a translation is; the one way to the translator
- lib2to3_backend/ the translator: lib2to3 (the only code that imports it) with a chosen fixer
                   list and the project's own fixers (classic division, the print statement, ...)
- runtime.py       what translated code calls at run time (bound as `__spm_legacy__` in legacy
                   modules only): classic division, print with softspace, Python 2's builtins
- cache.py         translations cached by source hash in the user's cache folder
- compiler.py      Python 3 first, legacy second, under --legacy=auto|always|never
- importer.py      the path hook and loader that give imports (and -m) the same
- tracebacks.py    uncaught errors without our frames, with the original line numbers
"""


def translate(source, filename="<string>"):
    """The Translation (Python 3 text, line map) of Python 2 `source`; no cache."""
    from spm.legacy.translation import translate as _translate
    return _translate(source, filename)


def compile_source(source, filename="<string>"):
    """Code of module source as spm-python compiles it (per --legacy)."""
    from spm.legacy import compiler
    return compiler.compile_source(source, filename)


def compile_file(path):
    """Code of the module in the file at `path` as spm-python compiles it (per --legacy)."""
    from spm.legacy import compiler
    return compiler.compile_file(path)
