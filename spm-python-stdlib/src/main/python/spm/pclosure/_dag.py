"""The DAG managers' task references (DESIGN §4b), at the hub and on the spoke.

At the hub, `links(...)` finds the references in a pushed task's fields and checks them: a
reference is a dependency only in `spm.meta.apiArgs` or a `scalar<auto>` field (the reference
itself, or nested in lists, tuples and dict values), and only one of the same run; anything else
is refused naming the field path. The engine (DagPolicy.java) then runs the task once its
upstream tasks are done, and sends it with their results: `split(...)` on the spoke takes them
off, and `substitute(...)` puts each upstream's `spm.stat.returnValue` in its reference's place."""

import struct

from spm.exceptions import SPMFieldTypeError
from spm.pclosure import _payload
from spm.typedef.taskref import TaskRef, index_of, run_of

#: DagPolicy.MAGIC: a task sent with its upstream results starts with these bytes.
MAGIC = b"SPMDAG1\n"
_TAKES_REFERENCES = "scalar<auto>"
_API_ARGS = "spm.meta.apiArgs"
_CONTAINERS = (list, tuple, dict)


def _takes_references(field):
    return field.type.name == _TAKES_REFERENCES or field.path == _API_ARGS


def _walk(value, where, found):
    """Every reference in `value` as (field path, reference), depth first."""
    if type(value) is TaskRef:
        found.append((where, value))
    elif isinstance(value, dict):
        for key, item in value.items():
            if type(key) is TaskRef:
                found.append(("%s (a dict key)" % where, None))
            _walk(item, "%s[%r]" % (where, key), found)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _walk(item, "%s[%d]" % (where, i), found)
    elif isinstance(value, (set, frozenset)):
        for item in value:
            if type(item) is TaskRef:
                found.append(("%s (in a set)" % where, None))


def _check(ref, where, run, pushed, kind):
    if ref is None:
        raise SPMFieldTypeError("Push: %s: a task reference may stand for a value only in a list, a tuple or "
                                "as a dict's value" % where, where)
    if kind != "dag":
        raise SPMFieldTypeError("Push: %s: holds a task reference; references are dependencies only in a "
                                "task<dag> closure (macro.*.dag.*), this one is task<%s>" % (where, kind), where)
    if run_of(ref) != run or not 0 <= index_of(ref) < pushed:
        closure = run.rpartition(" run ")[0]
        whence = ("an earlier run of this closure: a reference holds only in the run it was pushed in"
                  if run_of(ref).rpartition(" run ")[0] == closure else "another closure, %s"
                  % run_of(ref).rpartition(" run ")[0])
        raise SPMFieldTypeError("Push: %s: %r is not a task of this run of %s (it is from %s)"
                                % (where, ref, closure, whence), where)
    return index_of(ref)


def links(schema, snapshot, after, run, pushed, kind):
    """(inputs, after) of a task about to be pushed, as task indices: the tasks whose results it
    takes (in the order its fields name them, once each) and the tasks it only waits for.
    `run` is the closure's current run token, `pushed` how many tasks it has so far."""
    inputs = []
    for field in schema.fields():
        value = _payload.get_value(snapshot, field.path)
        if value is None or (type(value) is not TaskRef and not isinstance(value, _CONTAINERS + (set, frozenset))):
            continue
        found = []
        _walk(value, field.path, found)
        for where, ref in found:
            if ref is not None and not _takes_references(field):
                raise SPMFieldTypeError("Push: %s: holds a task reference, but only spm.meta.apiArgs and "
                                        "scalar<auto> fields take them (this one is %s)"
                                        % (where, field.type.name), where)
            index = _check(ref, where, run, pushed, kind)
            if index not in inputs:
                inputs.append(index)
    order = []
    if after is not None:
        if kind != "dag":
            raise TypeError("Push(after = ...) is for a task<dag> closure (macro.*.dag.*); this one is task<%s>"
                            % kind)
        if type(after) is TaskRef:
            after = (after,)
        if not isinstance(after, (list, tuple)):
            raise TypeError("Push(after = ...) takes a tuple of task references (what Push returned), not %r"
                            % (after,))
        for i, ref in enumerate(after):
            where = "after[%d]" % i
            if type(ref) is not TaskRef:
                raise TypeError("Push: %s: %r is not a task reference (what Push returned)" % (where, ref))
            index = _check(ref, where, run, pushed, kind)
            if index not in order and index not in inputs:
                order.append(index)
    return inputs, order


# --- on the spoke -----------------------------------------------------------------------------

def split(data):
    """(upstream results by task index, the task's own bytes) of what the engine sent."""
    if not data.startswith(MAGIC):
        return None, data
    at = len(MAGIC)
    (count,) = struct.unpack_from(">i", data, at)
    at += 4
    results = {}
    for _ in range(count):
        index, length = struct.unpack_from(">ii", data, at)
        at += 8
        upstream = _payload.unpack(data[at:at + length])["snapshot"]
        results[index] = _payload.get_value(upstream, "spm.stat.returnValue")
        at += length
    return results, data[at:]


def _replace(value, results):
    """`value` with each reference replaced by its result: lists, tuples (a namedtuple stays one)
    and dicts are rebuilt, anything else is kept."""
    if type(value) is TaskRef:
        return results[index_of(value)]
    if isinstance(value, dict):
        return {key: _replace(item, results) for key, item in value.items()}
    if isinstance(value, tuple):
        items = [_replace(item, results) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, list):
        return [_replace(item, results) for item in value]
    return value


def substitute(schema, snapshot, results):
    """The snapshot with each reference in a field that takes them replaced by its upstream's
    returnValue (in place: the snapshot is the spoke's own, just unpickled)."""
    for field in schema.fields():
        if not _takes_references(field):
            continue
        node = snapshot
        parts = field.path.split(".")
        for part in parts[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict) and parts[-1] in node:
            node[parts[-1]] = _replace(node[parts[-1]], results)
    return snapshot
