"""The legacy translator, built on lib2to3 (GraalPy's 3.12 stdlib still ships it; Python 3.13
removed it). This package is the only code of spm-python that imports lib2to3: replacing lib2to3
means replacing this package with one whose `translate` does the same.

`translate` runs a chosen list of lib2to3's own fixers plus the project's (the fix_*.py modules
here, for what lib2to3 lacks or does differently from Python 2), then makes the module bind the
runtime helpers the fixers call (prologue.py) and works out where every line came from (lines.py).
"""

import sys
import threading
import warnings

with warnings.catch_warnings():
    # lib2to3 announces its removal when imported; spm-python knows, and users need not hear it.
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.simplefilter("ignore", PendingDeprecationWarning)
    from lib2to3 import pgen2, pytree, refactor
    from lib2to3.pgen2 import parse as _parse, tokenize as _tokenize

from spm.legacy.translation import Translation, TranslationError
from spm.legacy.lib2to3_backend import lines, prologue


class _SysWithoutRefcounts:
    """sys as lib2to3.pytree sees it: without getrefcount. On CPython (which it detects by
    sys.getrefcount), pytree's pattern matching swaps sys.stderr for a StringIO inside a generator
    and restores it in the generator's `finally`. lib2to3 drops such generators unfinished; CPython
    finalizes them at once, GraalPy (which has getrefcount too) only when its GC gets to them, so
    the legacy module ran with sys.stderr still a StringIO: its output to stderr was lost."""

    def __getattr__(self, name):
        if name == "getrefcount":
            raise AttributeError(name)
        return getattr(sys, name)


pytree.sys = _SysWithoutRefcounts()

#: lib2to3's fixers that give Python 2 meaning as it is. Left out on purpose: except, exec, print,
#: raise, unicode, long, xrange's name, apply, reduce, intern, raw_input, execfile, basestring,
#: standarderror, reload, renames (the project's fixers and runtime shims are more faithful, see
#: docs/legacy-dialect.md); itertools and itertools_imports (their imap became a map that fix_map
#: then made a list); imports and urllib (replaced by fix_renamed_modules: building their patterns
#: took a second); future (future imports are valid Python 3); and the style-only ones (idioms,
#: set_literal, ws_comma, isinstance, buffer, types).
LIB2TO3_FIXERS = [
    "lib2to3.fixes.fix_" + name for name in (
        "asserts", "dict", "filter", "funcattrs", "getcwdu", "has_key", "input",
        "map", "metaclass", "methodattrs", "ne", "next", "nonzero",
        "numliterals", "operator", "paren", "repr", "sys_exc", "throw",
        "tuple_params", "xrange", "xreadlines", "zip",
    )
]

#: The project's fixers (modules of this package).
PROJECT_FIXERS = [
    __name__ + ".fix_" + name for name in (
        "classic_division", "print_statement", "except_target", "raise_statement",
        "exec_statement", "legacy_builtins", "string_literals", "renamed_modules",
        "string_constants", "sort_cmp", "implicit_relative_import", "itertools_lazy", "sys_maxint",
        "tab_indentation",
    )
]

_tool = None
_lock = threading.Lock()  # a RefactoringTool is not reentrant; imports may come from threads


def _refactoring_tool():
    global _tool
    if _tool is None:
        _tool = refactor.RefactoringTool(PROJECT_FIXERS + LIB2TO3_FIXERS)
    return _tool


def translate(source, filename):
    """Translation of Python 2 `source` (see spm.legacy.translation.translate)."""
    if not source.endswith("\n"):
        source += "\n"  # lib2to3's parser wants a last newline (it does not move any line)
    with _lock:
        tool = _refactoring_tool()
        try:
            tree = tool.refactor_string(source, filename)
        except _parse.ParseError as e:
            raise TranslationError(_describe_parse_error(e), e.context[1][0]) from None
        except _tokenize.TokenError as e:
            raise TranslationError(str(e.args[0]), e.args[1][0]) from None
        except (SyntaxError, UnicodeError) as e:  # e.g. IndentationError from the tokenizer
            raise TranslationError(getattr(e, "msg", str(e)), getattr(e, "lineno", None)) from None
        except Exception as e:  # a fixer's bug: the user gets their SyntaxError, and this
            raise TranslationError("the translator failed: %s: %s" % (type(e).__name__, e)) from e
        prologue.add(tree)
        return Translation(str(tree), lines.line_map(tree))


_UNEXPECTED = {
    pgen2.token.NEWLINE: "unexpected end of line",
    pgen2.token.INDENT: "unexpected indent",
    pgen2.token.DEDENT: "unexpected dedent",
    pgen2.token.ENDMARKER: "unexpected end of file",
}


def _describe_parse_error(error):
    if error.type in _UNEXPECTED:
        return _UNEXPECTED[error.type]
    return "invalid syntax at %r" % error.value
