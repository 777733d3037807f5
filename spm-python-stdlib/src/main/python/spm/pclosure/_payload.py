"""The one place the task managers meet spm.typedef: parsing, handles, snapshots, and what each
closure needs of the `spm` part of a typedef."""

import pickle

from spm import typedef

#: What each closure style needs of the typedef's `spm` part (DESIGN §4, §5).
REQUIREMENTS = {
    "papply": {
        "spm.meta.api": "scalar<ApiMethod>",
        "spm.meta.apiArgs": "dict<string,mixed>",
        "spm.meta.timeout": "scalar<timeout>",
        "spm.stat.returnValue": None,
        "spm.stat.exception": None,
    },
    "pinterp": {
        "spm.meta.path": "tuple<string>",
        "spm.meta.modulePreload": "tuple<string>",
        "spm.meta.module": "scalar<stringSnippet>",
        "spm.meta.timeout": "scalar<timeout>",
        "spm.stat.returnValue": None,
        "spm.stat.exception": None,
    },
    "openmpi": {
        "spm.meta.apiArgs": "dict<string,mixed>",
        "spm.meta.timeout": "scalar<timeout>",
        "spm.stat.returnValue": None,
        "spm.stat.exception": None,
    },
}
#: The template closures have no apiArgs-per-task list, but need the same fields.
_TEMPLATE_OPTIONAL = {"spm.meta.api"}


def parse(text, style, kind, who):
    """Parses a typedef for a closure: its kind must be the closure's, its `spm` part must have
    what the closure's style needs."""
    schema = typedef.parse(text)
    requirements = dict(REQUIREMENTS[style])
    if kind == "template":
        for path in _TEMPLATE_OPTIONAL:
            requirements.pop(path, None)
    schema.require(requirements, kind=kind, who=who)
    return schema


_schemas = {}


def schema_of(text):
    """A parsed typedef, cached by its text (spokes see the same text for every task)."""
    schema = _schemas.get(text)
    if schema is None:
        schema = _schemas[text] = typedef.parse(text)
    return schema


def snapshot(handle):
    return typedef.snapshot(handle)


def missing(handle):
    return typedef.missing(handle)


def get_value(snapshot, path, default=None):
    """A field of a snapshot (a plain dict tree) by dotted path."""
    node = snapshot
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def set_if_declared(schema, handle, path, value):
    """Sets a field the engine fills in (core.nameHost, stat.exception...) when the typedef has it."""
    if schema.has(path):
        typedef.set_field(handle, path, value)


def pack(payload):
    """A task (or a task's result) for the wire: pickled; opaque to Java."""
    return pickle.dumps(payload)


def unpack(data):
    return pickle.loads(data)
