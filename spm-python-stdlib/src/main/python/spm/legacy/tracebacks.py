"""Uncaught exceptions as the launcher prints them: like traceback.print_exception, but

- without frames of spm-python's own machinery: spm.legacy (the runtime helper a translated `/`
  or print statement calls, the loader that compiled a module), spm._source (so a script's
  SyntaxError prints as python prints it, without a traceback) and the package store's import
  hook spm.pkg (an import's traceback ends at the import, as python's does);
- without column carets on lines of translated modules (their columns are the translation's,
  while the line printed is the original);
- and, for an exception raised by legacy code, without the exception it was handling: Python 2
  had no implicit chaining, and printed the last exception alone."""

import os
import sys
import traceback

from spm.legacy import compiler

_LEGACY_FOLDER = os.path.dirname(os.path.abspath(__file__)) + os.sep
_SOURCE_MODULE = os.path.join(os.path.dirname(_LEGACY_FOLDER.rstrip(os.sep)), "_source.py")
_PKG_FOLDER = os.path.join(os.path.dirname(_LEGACY_FOLDER.rstrip(os.sep)), "pkg") + os.sep


def print_exception(exc, tb, file=None):
    summary = traceback.TracebackException(type(exc), exc, tb, compact=True)
    _tidy(summary, set())
    print("".join(summary.format()), end="", file=sys.stderr if file is None else file)


def _is_ours(frame):
    return (frame.filename.startswith(_LEGACY_FOLDER) or frame.filename.startswith(_PKG_FOLDER)
            or frame.filename == _SOURCE_MODULE)


def _tidy(summary, seen):
    if summary is None or id(summary) in seen:
        return
    seen.add(id(summary))
    frames = [f for f in summary.stack if not _is_ours(f)]
    for frame in frames:
        if frame.filename in compiler.translated_files:
            frame.colno = frame.end_colno = None
    summary.stack = traceback.StackSummary.from_list(frames)
    if frames and frames[-1].filename in compiler.translated_files and summary.__cause__ is None:
        summary.__context__ = None
    _tidy(summary.__cause__, seen)
    _tidy(summary.__context__, seen)
    for member in summary.exceptions or ():
        _tidy(member, seen)
