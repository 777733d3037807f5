"""Payload handles: attribute access by field path (`hdl.spm.meta.label = '***'`), every
assignment checked against the schema, snapshots that share nothing mutable with the handle.

A handle's only public non-field name is `Push`; its state lives in underscored slots, and every
other helper is a module function (spm.typedef.missing(hdl), ...), so any field name works."""

from spm.exceptions import SPMFieldAttributeError, SPMFieldTypeError, SPMFieldUnsetError
from spm.typedef.checks import checked, copied, describe, no_such_field, struct_error
from spm.typedef.schema import StructNode


class _Payload:
    """What every view of one handle shares: the schema, the values by field path (an unset
    deferred field is absent) and the push callback."""

    __slots__ = ("schema", "values", "on_push")

    def __init__(self, schema, values, on_push):
        self.schema = schema
        self.values = values
        self.on_push = on_push


class StructView:
    """The fields of one struct of a handle, as attributes. Each struct of a schema gets its own
    subclass (see _make_classes): its sub-structs are slots and its fields properties, so a
    read is a plain attribute lookup. That matters on GraalPy, where a lookup that fails over to
    __getattr__ costs several times more."""

    __slots__ = ("_payload", "_node")

    def __init__(self, payload, node):
        classes = _classes(payload.schema)
        object.__setattr__(self, "_payload", payload)
        object.__setattr__(self, "_node", node)
        for name, member in node.members.items():
            if isinstance(member, StructNode):
                object.__setattr__(self, name, classes[member.path](payload, member))

    def __getattr__(self, name):
        # Members are properties of the class: only other names come here.
        if name.startswith("_"):
            raise AttributeError(name)
        raise no_such_field(self._node, name)

    def __setattr__(self, name, value):
        member = self._node.members.get(name)
        if member is None:
            raise no_such_field(self._node, name)
        if isinstance(member, StructNode):
            raise struct_error(member, "assign its fields one by one")
        self._payload.values[member.path] = checked(member, value)

    def __delattr__(self, name):
        path = "%s.%s" % (self._node.path, name) if self._node.path else name
        raise SPMFieldAttributeError("%s: fields cannot be deleted; assign them instead" % path, path)

    def __dir__(self):
        return list(self._node.members)

    def __repr__(self):
        return "<%s of a task<%s> handle: %s>" % (self._node.describe(), self._payload.schema.kind,
                                                 _show(self._node, self._payload.values))

    def __reduce__(self):
        return (_view_at, (_root(self._payload), self._node.path))


class Handle(StructView):
    """The handle of one task (the top struct). `Push()` hands a complete snapshot to the task
    list (handles made with `new_handle(on_push=...)`)."""

    __slots__ = ()

    def Push(self, after=None):
        """Appends this task to the list: checks that every deferred field is set (naming every
        one that is not), then passes a snapshot of the values to the closure, and returns what
        the closure returns (a task reference). `after = (ref, ...)`: tasks it runs after (a
        task<dag> closure's order-only dependencies)."""
        on_push = self._payload.on_push
        if on_push is None:
            raise TypeError("Push: this handle does not take tasks (only the stage0 handle of a "
                            "task<list> or task<dag> closure does)")
        snap = complete_snapshot(self, "Push")
        return on_push(snap) if after is None else on_push(snap, after=after)

    def __dir__(self):
        return list(self._node.members) + ["Push"]

    def __repr__(self):
        return "<task<%s> handle: %s>" % (self._payload.schema.kind, _show(self._node, self._payload.values))

    def __reduce__(self):
        return (_rebuild, (self._payload.schema, snapshot(self)))


# --- making handles ---------------------------------------------------------------------------

def new(schema, on_push=None):
    """A handle of `schema` holding the defaults; deferred fields unset."""
    return _root(_Payload(schema, schema.defaults(), on_push))


def _root(payload):
    return _classes(payload.schema)[""](payload, payload.schema.root)


def _classes(schema):
    """The view classes of `schema` by struct path ('' is the Handle), made on first use."""
    classes = schema._handle_classes
    if classes is None:
        classes = {}
        _make_classes(schema.root, Handle, classes)
        schema._handle_classes = classes
    return classes


def _make_classes(struct, base, classes):
    substructs = tuple(name for name, member in struct.members.items() if isinstance(member, StructNode))
    namespace = {"__slots__": substructs, "__doc__": base.__doc__}
    for name, member in struct.members.items():
        if isinstance(member, StructNode):
            _make_classes(member, StructView, classes)
        else:
            namespace[name] = _field_property(member.path)
    classes[struct.path] = type(base.__name__, (base,), namespace)


def _field_property(path):
    def read(view):
        try:
            return view._payload.values[path]
        except KeyError:
            raise SPMFieldUnsetError("%s: deferred field is not set yet" % path, [path]) from None
    return property(read)


def from_snapshot(schema, data, on_push=None):
    """A handle of `schema` holding (copies of) the checked values of snapshot `data`."""
    hdl = new(schema, on_push)
    _load(schema.root, data, payload_of(hdl).values)
    return hdl


def _load(struct, data, values):
    if not isinstance(data, dict):
        raise SPMFieldTypeError("%s: expected a snapshot of a struct (a dict), got %s"
                                % (struct.describe(), describe(data)), struct.path)
    for name, value in data.items():
        member = struct.members.get(name) if isinstance(name, str) else None
        if member is None:
            raise no_such_field(struct, str(name))
        if isinstance(member, StructNode):
            _load(member, value, values)
        else:
            values[member.path] = copied(member, checked(member, value))


def _rebuild(schema, data):
    return from_snapshot(schema, data)


def _view_at(hdl, path):
    view = hdl
    for name in path.split("."):
        view = getattr(view, name)
    return view


# --- reading a handle -------------------------------------------------------------------------

def payload_of(hdl):
    """The shared state behind a handle or any of its struct views."""
    if not isinstance(hdl, StructView):
        raise TypeError("expected a task handle, got %s" % describe(hdl))
    return object.__getattribute__(hdl, "_payload")


def missing(hdl):
    """The paths of the deferred fields still unset, in declaration order."""
    payload = payload_of(hdl)
    values = payload.values
    return [path for path in payload.schema.deferred_paths() if path not in values]


def snapshot(hdl):
    """The handle's current values as a plain dict tree (a dict per struct; unset deferred
    fields absent). Mutable values are copies: later changes to the handle do not reach it."""
    payload = payload_of(hdl)
    return _snapshot_of(payload.schema.root, payload.values)


def _snapshot_of(struct, values):
    out = {}
    for name, member in struct.members.items():
        if isinstance(member, StructNode):
            out[name] = _snapshot_of(member, values)
        elif member.path in values:
            value = values[member.path]
            if value is not None and member.type.copy is not None:
                # Checked again: a dict or list assigned earlier may have changed in place.
                value = copied(member, checked(member, value))
            out[name] = value
    return out


def complete_snapshot(hdl, action="Push"):
    """snapshot(hdl), after checking that no deferred field is unset; otherwise an
    SPMFieldUnsetError naming every unset field, its message starting with `action`."""
    unset = missing(hdl)
    if unset:
        raise SPMFieldUnsetError("%s: %d deferred field%s not set: %s"
                                 % (action, len(unset), " is" if len(unset) == 1 else "s are", ", ".join(unset)),
                                 unset)
    return snapshot(hdl)


def get_field(hdl, path):
    """The value of the field at dotted `path` (as `hdl.<path>` reads it)."""
    return getattr(_parent_view(hdl, path), path.rpartition(".")[2])


def set_field(hdl, path, value):
    """Assigns the field at dotted `path` (checked, as `hdl.<path> = value`)."""
    setattr(_parent_view(hdl, path), path.rpartition(".")[2], value)


def is_set(hdl, path):
    """True when the field at `path` holds a value (a default counts; an unset deferred not)."""
    payload = payload_of(hdl)
    node = payload.schema.node(path)
    if isinstance(node, StructNode):
        raise struct_error(node, "not a field")
    return path in payload.values


def _parent_view(hdl, path):
    payload = payload_of(hdl)
    payload.schema.node(path)  # names the path in the error when there is no such field
    root = hdl if isinstance(hdl, Handle) else _root(payload)
    parent_path = path.rpartition(".")[0]
    return _view_at(root, parent_path) if parent_path else root


class _Unset:
    def __repr__(self):
        return "<unset>"


_UNSET = _Unset()


def _show(struct, values):
    """A dict tree of the values for repr (no copies; unset deferred fields as <unset>)."""
    return {name: _show(member, values) if isinstance(member, StructNode) else values.get(member.path, _UNSET)
            for name, member in struct.members.items()}
