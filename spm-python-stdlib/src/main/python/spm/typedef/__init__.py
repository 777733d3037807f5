"""spm.typedef: the task typedef language of DESIGN §5 and the payload handles built from it.

    schema = spm.typedef.parse(text)              # SPMTypedefError names line and column
    schema.require({'spm.meta.api': 'scalar<ApiMethod>'}, kind='list')
    hdl = schema.new_handle(on_push=tasks.append) # hdl.spm.meta.label = '***'; hdl.Push()
    data = spm.typedef.snapshot(hdl)              # a plain dict tree, picklable
    again = schema.handle_from(data)

Handles expose their fields and `Push` only; every other operation on a handle is a function
of this module, so no field name can collide with it. See docs/typedef.md."""

from spm.typedef.fieldtypes import TYPE_NAMES
from spm.typedef.handle import (
    Handle,
    StructView,
    complete_snapshot,
    get_field,
    is_set,
    missing,
    set_field,
    snapshot,
)
from spm.typedef.parser import KINDS, parse
from spm.typedef.record import Record
from spm.typedef.schema import DEFERRED, FieldNode, Schema, StructNode


def schema_of(hdl):
    """The Schema a handle (or any struct view of it) was made from."""
    from spm.typedef.handle import payload_of
    return payload_of(hdl).schema


__all__ = [
    "parse",
    "Schema",
    "StructNode",
    "FieldNode",
    "DEFERRED",
    "KINDS",
    "TYPE_NAMES",
    "Handle",
    "StructView",
    "schema_of",
    "missing",
    "snapshot",
    "complete_snapshot",
    "get_field",
    "set_field",
    "is_set",
    "Record",
]
