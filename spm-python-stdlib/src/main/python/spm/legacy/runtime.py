"""What translated (legacy) modules call at run time. Every legacy module binds this module as
its global `__spm_legacy__` (spm.legacy.lib2to3_backend.prologue); the fixers write calls of its
functions where Python 2 meant something Python 3 has no syntax or builtin for. It is never put in
builtins: Python 3 code sees none of it."""

import builtins as _builtins
import functools as _functools
import operator as _operator
import sys as _sys

# --- Classic division ----------------------------------------------------------------------------

_INTEGERS = frozenset((int, bool))
_BUILTIN_NUMBERS = frozenset((int, bool, float, complex))


def div(a, b):
    """Python 2's `a / b`: floor division of two integers (int and long, bool among them), true
    division otherwise; a class's __div__ / __rdiv__ comes first, as Python 2 looked for them."""
    left, right = type(a), type(b)
    if left in _BUILTIN_NUMBERS and right in _BUILTIN_NUMBERS:  # the common cases, first
        return a // b if left in _INTEGERS and right in _INTEGERS else a / b
    result = _call_div_methods(a, b)
    if result is not NotImplemented:
        return result
    if isinstance(a, int) and isinstance(b, int):
        return a // b
    return a / b


def idiv(a, b):
    """Python 2's `a /= b`: __idiv__ if a's class has it, else as `a = a / b`, except that an
    object without classic division keeps Python's in-place true division (numpy arrays)."""
    method = getattr(type(a), "__idiv__", None)
    if method is not None:
        result = method(a, b)
        if result is not NotImplemented:
            return result
    if _has_classic_division(a, b):
        return div(a, b)
    return _operator.itruediv(a, b)


def idiv_attr(obj, name, b):
    """`obj.name /= b`, evaluating obj once."""
    setattr(obj, name, idiv(getattr(obj, name), b))


def idiv_item(obj, key, b):
    """`obj[key] /= b`, evaluating obj and key once."""
    obj[key] = idiv(obj[key], b)


def _call_div_methods(a, b):
    """a.__div__(b) or b.__rdiv__(a) as Python's binary operators try them: the right operand's
    reflected method first when its class is a subclass of the left's that overrides it."""
    left, right = type(a), type(b)
    forward = getattr(left, "__div__", None)
    reflected = getattr(right, "__rdiv__", None) if right is not left else None
    if (reflected is not None and issubclass(right, left)
            and reflected is not getattr(left, "__rdiv__", None)):
        result = reflected(b, a)
        if result is not NotImplemented:
            return result
        reflected = None
    if forward is not None:
        result = forward(a, b)
        if result is not NotImplemented:
            return result
    if reflected is not None:
        return reflected(b, a)
    return NotImplemented


def _has_classic_division(a, b):
    return ((isinstance(a, int) and isinstance(b, int)) or hasattr(type(a), "__div__")
            or hasattr(type(b), "__rdiv__"))


# --- The print statement -------------------------------------------------------------------------


class printer:
    """One print statement: `print >>f, a, b,` is `printer(f).item(a).item(b)`, and a statement
    without a trailing comma ends with `.newline()`. Python 2 kept a `softspace` flag per file: set
    after an item is written (unless it ended in whitespace other than a space), it makes the next
    item, of this or a later print, start with a space; a newline clears it."""

    __slots__ = ("_file",)

    def __init__(self, file=None):
        self._file = file

    def _stream(self):
        return _sys.stdout if self._file is None else self._file

    def item(self, value):
        stream = self._stream()
        if take_softspace(stream):
            stream.write(" ")
        text = _str(value)
        stream.write(text)
        _set_softspace(stream, not (text and text[-1].isspace() and text[-1] != " "))
        return self

    def newline(self):
        stream = self._stream()
        stream.write("\n")
        _set_softspace(stream, False)


def end_of_program():
    """What Python 2 did when a program ended normally: a print that ended with a comma gets its
    newline. Called by the launcher after the main program ran."""
    if take_softspace(_sys.stdout):
        _sys.stdout.write("\n")


#: Softspace flags of streams that take no attributes (keyed by id; the stream is kept alive).
_softspace_elsewhere = {}


def take_softspace(stream):
    """The stream's softspace flag, which is cleared."""
    flag = getattr(stream, "softspace", None)
    if flag is None:
        flag = _softspace_elsewhere.get(id(stream), (None, False))[1]
    if flag:
        _set_softspace(stream, False)
    return bool(flag)


def _set_softspace(stream, flag):
    try:
        stream.softspace = flag
    except (AttributeError, TypeError):
        _softspace_elsewhere[id(stream)] = (stream, flag)


def _str(value):
    """str() as Python 2's print wrote it: a float with 12 significant digits (str(1/3.0) was
    '0.333333333333'), everything else as Python 3 writes it."""
    if type(value) is float and value == value and value not in (float("inf"), float("-inf")):
        text = "%.12g" % value
        if "." not in text and "e" not in text:
            text += ".0"
        return text
    return str(value)


# --- raise E, V, tb ------------------------------------------------------------------------------


def exception(kind, value=None, traceback=None):
    """The exception Python 2's `raise kind, value[, traceback]` raised."""
    if isinstance(kind, BaseException):
        if value is not None:
            raise TypeError("instance exception may not have a separate value")
        exc = kind
    elif isinstance(kind, type) and issubclass(kind, BaseException):
        if isinstance(value, kind):
            exc = value
        elif value is None:
            exc = kind()
        elif isinstance(value, tuple):
            exc = kind(*value)
        else:
            exc = kind(value)
    else:
        raise TypeError("exceptions must be old-style classes or derived from BaseException, "
                        "not %s" % type(kind).__name__)
    if traceback is not None:
        exc = exc.with_traceback(traceback)
    return exc


# --- The exec statement --------------------------------------------------------------------------


def exec_(code, globals_=None, locals_=None):
    """`exec code in globals_, locals_`: a string (or open file) of code is Python 2 code, and is
    translated even where it also parses as Python 3 (`n / 3` must floor)."""
    if hasattr(code, "read"):
        code = code.read()
    if isinstance(code, (str, bytes)):  # Python 2 code (even where it parses as Python 3: 7 / 2)
        from spm.legacy import compiler
        code = compiler.compile_source(code, "<string>", dialect="always")
    # `exec code in None`: the caller's namespace, as without `in`
    globals_, locals_ = _namespaces(globals_, locals_, _sys._getframe(1))
    exec(code, globals_, locals_)


# --- Builtins of Python 2 ------------------------------------------------------------------------

#: sys.maxint of Python 2 on 64-bit machines (GraalPy's sys.maxsize is 2**31 - 1).
maxint = 2 ** 63 - 1
xrange = range
unicode = str
long = int
unichr = chr
intern = _sys.intern
reduce = _functools.reduce
StandardError = Exception
file = open
cmp_to_key = _functools.cmp_to_key
# Python 2's itertools.imap, izip and ifilter (spm.legacy.lib2to3_backend.fix_itertools_lazy).
imap = map
izip = zip
ifilter = filter


class _BasestringType(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, (str, bytes))

    def __subclasscheck__(cls, sub):
        return issubclass(sub, (str, bytes))


class basestring(metaclass=_BasestringType):
    """Python 2's common base of str and unicode: isinstance(x, basestring) holds for strings
    (and bytes, which Python 2 str was)."""

    def __new__(cls, *args, **kwargs):
        raise TypeError("The basestring type cannot be instantiated")


def apply(function, args=(), kwargs=None):
    return function(*args, **(kwargs or {}))


def cmp(a, b):
    return (a > b) - (a < b)


def raw_input(prompt=""):
    if take_softspace(_sys.stdout):  # as Python 2: a print's trailing comma spaces the prompt
        _sys.stdout.write(" ")
    return input(prompt)


def _namespaces(globals_, locals_, caller):
    """Python 2's defaults for exec and execfile: the caller's namespaces, or globals for both."""
    if globals_ is None:
        return caller.f_globals, caller.f_locals if locals_ is None else locals_
    return globals_, globals_ if locals_ is None else locals_


def execfile(filename, globals_=None, locals_=None):
    """Runs a file of Python 2 code in the caller's namespace, or the one given."""
    globals_, locals_ = _namespaces(globals_, locals_, _sys._getframe(1))
    from spm.legacy import compiler
    with open(filename, "rb") as f:  # Python 2 code, as the exec statement's
        code = compiler.compile_source(f.read(), filename, dialect="always")
    exec(code, globals_, locals_)


def reload(module):
    import importlib
    return importlib.reload(module)


def sorted(iterable, cmp=None, key=None, reverse=False):
    return _builtins.sorted(iterable, key=_sort_key(cmp, key), reverse=reverse)


def list_sort(obj, *args, **kwargs):
    """`obj.sort(...)` with Python 2's list.sort(cmp=None, key=None, reverse=False) for lists."""
    if not isinstance(obj, list):
        return obj.sort(*args, **kwargs)
    options = dict(zip(("cmp", "key", "reverse"), args), **kwargs)
    obj.sort(key=_sort_key(options.get("cmp"), options.get("key")),
             reverse=options.get("reverse", False))
    return None


def _sort_key(cmp, key):
    if cmp is None:
        return key
    by_cmp = _functools.cmp_to_key(cmp)
    if key is None:
        return by_cmp
    return lambda item: by_cmp(key(item))
