"""Checking that a value pickles, and copying it so that the copy shares nothing mutable.

Both are pickle's job in general, but pickle costs tens of microseconds a value on GraalPy and
every Push copies its task. Plain data (atoms; exact lists, tuples, dicts, sets and Records of
plain data; spm's timeouts) is walked instead; anything else, or anything nested too deep (e.g.
a cycle), goes through pickle, so the outcome is the one a spoke will see (tasks travel pickled)."""

import pickle

from spm.typedef.record import Record

_ATOMS = frozenset((type(None), bool, int, float, complex, str, bytes))
_MAX_DEPTH = 64


class _NotPlain(Exception):
    """The value holds something the walk does not know: use pickle."""


def picklable_problem(value):
    """None when `value` pickles, else the reason."""
    if type(value) in _ATOMS:
        return None
    try:
        _walk(value, 0)
        return None
    except _NotPlain:
        pass
    try:
        pickle.dumps(value)
    except Exception as e:  # noqa: BLE001 - pickle raises many kinds (PicklingError, TypeError, ...)
        return "not picklable: %s" % (e,)
    return None


def copy(value):
    """A copy of a picklable `value` that shares nothing mutable with it."""
    if type(value) in _ATOMS:
        return value
    try:
        return _walk(value, 0)
    except _NotPlain:
        return pickle.loads(pickle.dumps(value))


def _walk(value, depth):
    kind = type(value)
    if kind in _ATOMS:
        return value
    if depth > _MAX_DEPTH:
        raise _NotPlain()
    depth += 1
    if kind is list:
        return [_walk(item, depth) for item in value]
    if kind is tuple:
        return tuple([_walk(item, depth) for item in value])
    if kind is dict:
        return {_walk(key, depth): _walk(item, depth) for key, item in value.items()}
    if kind is set or kind is frozenset:
        return kind(_walk(item, depth) for item in value)
    if kind is Record:
        return Record(**{name: _walk(item, depth) for name, item in vars(value).items()})
    if kind in _spm_value_types():
        rebuild, arguments = value.__reduce__()
        return rebuild(*arguments)
    raise _NotPlain()


_SPM_VALUE_TYPES = None


def _spm_value_types():
    """spm's own small value types (a timeout, spm.env.const.default, a task reference): picklable by
    construction, their __reduce__ rebuilding them from immutable arguments. Looked up on
    first use: spm.util may come to import spm.typedef."""
    global _SPM_VALUE_TYPES
    if _SPM_VALUE_TYPES is None:
        from spm.env import _Default
        from spm.typedef.taskref import TaskRef
        _SPM_VALUE_TYPES = frozenset((timeout_type(), _Default, TaskRef))
    return _SPM_VALUE_TYPES


_TIMEOUT_TYPE = None


def timeout_type():
    """spm.util.Timeout (looked up on first use, as above)."""
    global _TIMEOUT_TYPE
    if _TIMEOUT_TYPE is None:
        from spm.util import Timeout
        _TIMEOUT_TYPE = Timeout
    return _TIMEOUT_TYPE
