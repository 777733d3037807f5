"""Compiling user source: the one place the launcher turns text into code objects. A module that
does not compile as Python 3 is retried as legacy (Python 2) code, per --legacy (spm.legacy)."""

import sys

from spm.legacy import compiler


def compile_text(text, filename):
    return compiler.compile_source(text, filename)


def compile_file(path):
    return compiler.compile_file(path)


def end_of_program():
    """What Python 2 did after a program ran to its end: a print with a trailing comma gets its
    newline. Only if legacy code ran (it imports the runtime)."""
    runtime = sys.modules.get("spm.legacy.runtime")
    if runtime is not None:
        runtime.end_of_program()
