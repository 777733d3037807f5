"""The field types of the typedef language: what each accepts, and how a value is copied into a
snapshot so that the snapshot shares nothing mutable with the handle."""

from spm.typedef import values
from spm.typedef.record import Record

STRING_SNIPPET_LIMIT = 35


class FieldType:
    """One type of the language, e.g. `scalar<stringSnippet>`.

    `problem(value)` returns None when the value fits, else a short reason to append to the
    error (may be ''); `literal_ok(value)` says whether a literal default (int, float, str, bool)
    may be declared. `copy` is None for types whose values cannot change once checked (a str, a
    tuple of str, ...); else `copy(value)` returns a value sharing nothing mutable with `value`,
    and snapshots check such values again (a dict may have changed in place)."""

    __slots__ = ("name", "description", "problem", "copy", "literal_ok")

    def __init__(self, name, description, problem, copy, literal_ok):
        self.name = name
        self.description = description
        self.problem = problem
        self.copy = copy
        self.literal_ok = literal_ok

    def __repr__(self):
        return self.name

    def __reduce__(self):
        return (lookup, (self.name,))


def _string_snippet(value):
    if not isinstance(value, str):
        return ""
    if len(value) >= STRING_SNIPPET_LIMIT:
        return "%d characters" % len(value)
    return None


def _api_method(value):
    if not callable(value):
        return ""
    try:
        marked = bool(getattr(value, "_spm_api", False))
    except Exception:  # noqa: BLE001 - an odd object's attribute lookup may raise anything
        marked = False
    return None if marked else "not a built-in spm API"


def _timeout(value):
    return None if isinstance(value, values.timeout_type()) else ""


def _bool(value):
    return None if isinstance(value, bool) else ""


def _record(value):
    if not isinstance(value, Record):
        return ""
    return values.picklable_problem(value)


def _tuple_of_strings(value):
    if not isinstance(value, tuple):
        return ""
    for i, item in enumerate(value):
        if not isinstance(item, str):
            return "item %d is %s" % (i, type(item).__name__)
    return None


def _dict_of_string_to_mixed(value):
    if not isinstance(value, dict):
        return ""
    for key in value:
        if not isinstance(key, str):
            return "key %r is %s" % (key, type(key).__name__)
    for key, item in value.items():
        reason = values.picklable_problem(item)
        if reason is not None:
            return "value of %r is %s" % (key, reason)
    return None


def _no_literal(value):
    return False


_TYPES = (
    FieldType("scalar<stringSnippet>", "a str shorter than %d characters" % STRING_SNIPPET_LIMIT,
              _string_snippet, None, lambda v: _string_snippet(v) is None),
    FieldType("scalar<ApiMethod>", "a built-in spm API, e.g. spm.util.coprocess.shell.policyA",
              _api_method, None, _no_literal),
    FieldType("scalar<timeout>", "a spm.util.timeout.after(seconds = ...) value",
              _timeout, values.copy, _no_literal),
    FieldType("scalar<bool>", "True or False", _bool, None, lambda v: isinstance(v, bool)),
    FieldType("scalar<auto>", "any picklable value", values.picklable_problem, values.copy, lambda v: True),
    FieldType("scalar<record>", "a spm.typedef.Record", _record, values.copy, _no_literal),
    FieldType("tuple<string>", "a tuple of str", _tuple_of_strings, None, _no_literal),
    FieldType("dict<string,mixed>", "a dict with str keys and picklable values",
              _dict_of_string_to_mixed, values.copy, _no_literal),
)

TYPES = {t.name: t for t in _TYPES}

#: The names of every type, in the order DESIGN §5 lists them.
TYPE_NAMES = tuple(t.name for t in _TYPES)


def lookup(name):
    """The FieldType called `name` (KeyError if there is none)."""
    return TYPES[name]
