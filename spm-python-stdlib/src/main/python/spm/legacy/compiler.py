"""Compiling user code with the legacy dialect (DESIGN §8): the one place that decides whether a
module runs as Python 3 or as legacy (Python 2) code. spm._source (the main script, -c, stdin),
spm.legacy.importer (imports, -m) and the runtime's exec and execfile all compile through here.

With --legacy=auto (the default) a module is compiled as Python 3, and only when that fails with a
SyntaxError is it translated (spm.legacy.translation, cached by spm.legacy.cache) and the
translation compiled. --legacy=always translates every user module, --legacy=never none. A module
that is neither Python 3 nor translatable raises its Python 3 SyntaxError, with a note saying why
the translation failed."""

import sys
import warnings

from spm import runtime as _spm_runtime

# spm.legacy.cache and .translation are imported when a module is legacy: this module is loaded
# at every start-up, and most runs translate nothing.

#: Filenames of code compiled from a translation: tracebacks through them show no column carets,
#: whose columns would be the translation's and not those of the original line they print.
translated_files = set()


class LegacyError(Exception):
    """Translating, or compiling the translation, failed."""


def mode():
    """--legacy: 'auto', 'always' or 'never'."""
    return _spm_runtime.legacy_mode


def compile_file(path):
    """Code of the module in the file at `path`."""
    import tokenize
    # tokenize.open honours PEP 263 coding cookies and BOMs, as CPython's loader does.
    with tokenize.open(path) as f:
        text = f.read()
    return compile_source(text, path)


def compile_source(source, filename, dialect=None):
    """Code of a module's source (str, or bytes as read from its file) under the --legacy mode,
    or `dialect` ('auto', 'always', 'never') when given. `filename` is the file's absolute path,
    or a pseudo-name such as '<string>'."""
    return compile_module(source, filename, dialect)[0]


def compile_module(source, filename, dialect=None):
    """(code, translated): compile_source's code, and whether it came from a translation."""
    current = dialect or mode()
    if current == "never":
        return _compile(source, filename), False
    python3_error = None
    if current == "auto":
        try:
            return _compile(source, filename), False
        except SyntaxError as error:
            python3_error = error
    try:
        return compile_legacy(_decode(source), filename), True
    except LegacyError as error:
        failure = error
    if python3_error is None:  # 'always', on source it cannot translate: is it Python 3?
        try:
            code = _compile(source, filename)
        except SyntaxError as error:
            python3_error = error
        else:
            _say("# legacy: not translated %s (%s): compiled as Python 3" % (filename, failure))
            return code, False
    python3_error.add_note("spm-python: legacy (Python 2) translation was tried and failed: %s"
                           % failure)
    raise python3_error


def compile_legacy(text, filename):
    """Code of the legacy module `text`, from its cached translation or a new one. Raises
    LegacyError."""
    from spm.legacy import cache
    from spm.legacy.translation import TranslationError, translate
    key = cache.key(text, filename)
    translation = cache.load(key)
    cached = translation is not None
    if not cached:
        try:
            translation = translate(text, filename)
        except TranslationError as error:
            raise LegacyError(str(error)) from None
    code = _compile_translation(translation, filename)
    if not cached:
        cache.store(key, translation)
    translated_files.add(filename)
    _say("# legacy: translated %s%s" % (filename, " (cached)" if cached else ""))
    return code


def _compile(source, filename):
    # -O/-OO: GraalPy's compile() leaves asserts in unless told the level (sys.flags: spm._flags);
    # "-O -OO" is level 3 in sys.flags as in CPython, whose compile() takes it as 2.
    return compile(source, filename, "exec", dont_inherit=True, optimize=min(sys.flags.optimize, 2))


def _decode(source):
    if isinstance(source, str):
        return source
    from importlib.util import decode_source  # coding cookie, BOM, universal newlines
    try:
        return decode_source(source)
    except (SyntaxError, UnicodeError) as error:
        raise LegacyError("cannot decode the source: %s" % error) from None


def _compile_translation(translation, filename):
    with warnings.catch_warnings():
        # Python 2 code warned about nothing of the sort (`x is 1`, escapes, ...).
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            if translation.lines is None:
                return _compile(translation.text, filename)
            return _compile(_renumbered_tree(translation, filename), filename)
        except SyntaxError as error:
            line = error.lineno
            if line and translation.lines:
                line = translation.lines[min(line, len(translation.lines)) - 1]
            raise LegacyError("line %s: its translation is no Python 3 (%s)"
                              % (line, error.msg)) from None


def _renumbered_tree(translation, filename):
    """The translation's AST, every node with its original line numbers (compiling an AST costs
    more than compiling text, so only translations whose lines moved take this way)."""
    import ast
    tree = ast.parse(translation.text, filename)
    lines = translation.lines
    last = len(lines)

    def original(line):
        return lines[min(max(line, 1), last) - 1]

    for node in ast.walk(tree):
        if getattr(node, "lineno", None) is not None:
            node.lineno = original(node.lineno)
            if getattr(node, "end_lineno", None) is not None:
                node.end_lineno = max(original(node.end_lineno), node.lineno)
    return tree


def _say(message):
    if sys.flags.verbose:
        print(message, file=sys.stderr)
