"""The parsed typedef: a tree of structs and typed fields, what a closure checks against
(`require`), and the factory of payload handles."""

from spm._sentinel import Sentinel
from spm.exceptions import SPMFieldAttributeError, SPMTypedefRequirementError
from spm.typedef.checks import no_such_field


class _Deferred(Sentinel):
    """The default `deferred`: the field must be set before the task is pushed or managed."""

    _repr = "deferred"


DEFERRED = _Deferred()

STRUCT = "struct"


class FieldNode:
    """A typed field: `label :: scalar<stringSnippet> = deferred;`."""

    __slots__ = ("name", "path", "type", "default", "nullable", "lineno", "col")

    def __init__(self, name, path, type, default, lineno, col):
        self.name = name
        self.path = path
        self.type = type
        self.default = default
        self.nullable = default is None  # a field declared `= None` also takes None
        self.lineno = lineno
        self.col = col

    def _key(self):
        # type(default) too: 1, 1.0 and True are equal in Python but not as declarations.
        return ("field", self.name, self.type.name, type(self.default), self.default)

    def __repr__(self):
        return "<field %s :: %s = %r>" % (self.path, self.type.name, self.default)


class StructNode:
    """A struct: its members in declaration order (name -> FieldNode or StructNode)."""

    __slots__ = ("name", "path", "members", "lineno", "col")

    def __init__(self, name, path, members, lineno, col):
        self.name = name
        self.path = path
        self.members = members
        self.lineno = lineno
        self.col = col

    def _key(self):
        return ("struct", self.name, tuple(m._key() for m in self.members.values()))

    def describe(self):
        """How messages name this struct: its path, or 'the task' for the top."""
        return self.path or "the task"

    def __repr__(self):
        return "<struct %s: %s>" % (self.describe(), ", ".join(self.members))


class Schema:
    """A parsed typedef (immutable; use `spm.typedef.parse(text)`).

    - `kind`: 'list', 'template' or 'dag' (from `task<list>` / `task<template>` / `task<dag>`);
    - `root`: the top StructNode; `fields()`: every FieldNode in declaration order;
    - `source`: the text it was parsed from (a schema pickles as its text)."""

    __slots__ = ("kind", "root", "source", "_nodes", "_fields", "_defaults", "_deferred", "_handle_classes")

    def __init__(self, kind, root, source):
        self.kind = kind
        self.root = root
        self.source = source
        self._nodes = {}
        self._index(root)
        self._fields = tuple(n for n in self._nodes.values() if isinstance(n, FieldNode))
        self._defaults = {f.path: f.default for f in self._fields if f.default is not DEFERRED}
        self._deferred = tuple(f.path for f in self._fields if f.default is DEFERRED)
        self._handle_classes = None  # the handle module's view classes, made on first use

    def _index(self, struct):
        for member in struct.members.values():
            self._nodes[member.path] = member
            if isinstance(member, StructNode):
                self._index(member)

    # --- the tree ---------------------------------------------------------------------------

    def fields(self):
        """Every field, in declaration order."""
        return list(self._fields)

    def defaults(self):
        """A new dict of the declared defaults by path (fields declared `= deferred` absent)."""
        return dict(self._defaults)

    def deferred_paths(self):
        """The paths of the fields declared `= deferred`, in declaration order."""
        return self._deferred

    def has(self, path):
        """True when `path` (dotted, e.g. 'spm.meta.label') names a field or a struct."""
        return path in self._nodes

    def node(self, path):
        """The FieldNode or StructNode at `path`; SPMFieldAttributeError if there is none."""
        found = self._nodes.get(path)
        if found is None:
            parent_path, _, name = path.rpartition(".")
            parent = self.root if not parent_path else self._nodes.get(parent_path)
            if not isinstance(parent, StructNode):
                raise SPMFieldAttributeError("%s: no such field" % path, path)
            raise no_such_field(parent, name)
        return found

    def type_of(self, path):
        """The type name of the field at `path` ('struct' for a struct)."""
        found = self.node(path)
        return STRUCT if isinstance(found, StructNode) else found.type.name

    # --- what a closure needs ---------------------------------------------------------------

    def require(self, requirements, kind=None, who="this closure"):
        """Checks that the typedef has what a closure needs; returns None or raises
        SPMTypedefRequirementError listing every problem.

        `requirements` maps dotted paths to a type name ('scalar<ApiMethod>', 'struct'), or to a
        tuple of acceptable type names, or to None (any type); `kind` ('list' or 'template'),
        when given, must be the typedef's kind."""
        problems = []
        if kind is not None and kind != self.kind:
            problems.append("the kind is task<%s>, %s needs task<%s>" % (self.kind, who, kind))
        for path, wanted in requirements.items():
            accepted = (wanted,) if isinstance(wanted, str) else tuple(wanted or ())
            needs = " or ".join(accepted) if accepted else "any type"
            found = self._nodes.get(path)
            if found is None:
                problems.append("%s: missing (needs %s)" % (path, needs))
                continue
            actual = STRUCT if isinstance(found, StructNode) else found.type.name
            if accepted and actual not in accepted:
                problems.append("%s (line %d, column %d): is %s, needs %s"
                                % (path, found.lineno, found.col, actual, needs))
        if problems:
            raise SPMTypedefRequirementError(
                "the typedef does not fit %s (%d problem%s):\n  %s"
                % (who, len(problems), "" if len(problems) == 1 else "s", "\n  ".join(problems)),
                problems)

    # --- handles ----------------------------------------------------------------------------

    def new_handle(self, on_push=None):
        """A handle whose fields hold their defaults (deferred fields unset). With `on_push`,
        the handle's Push() checks that every deferred field is set and calls
        `on_push(snapshot)`; without it, Push() raises."""
        from spm.typedef import handle
        return handle.new(self, on_push)

    def handle_from(self, snapshot, on_push=None):
        """A handle holding the values of `snapshot` (as made by `spm.typedef.snapshot`),
        each checked against its field; fields absent from it take their defaults."""
        from spm.typedef import handle
        return handle.from_snapshot(self, snapshot, on_push)

    # --- identity ---------------------------------------------------------------------------

    def canonical(self):
        """The typedef in the `NAME :: TYPE = DEFAULT;` spelling, without comments."""
        lines = ["task<%s> :: struct {" % self.kind]
        _render(self.root, 1, lines)
        lines.append("};")
        return "\n".join(lines) + "\n"

    def __eq__(self, other):
        if not isinstance(other, Schema):
            return NotImplemented
        return self.kind == other.kind and self.root._key() == other.root._key()

    def __hash__(self):
        return hash((self.kind, self.root._key()))

    def __repr__(self):
        return "<spm.typedef.Schema task<%s>: %d fields>" % (self.kind, len(self.fields()))

    def __reduce__(self):
        from spm.typedef.parser import parse
        return (parse, (self.source,))


def _render(struct, depth, lines):
    pad = "    " * depth
    for member in struct.members.values():
        if isinstance(member, StructNode):
            lines.append("%s%s :: struct {" % (pad, member.name))
            _render(member, depth + 1, lines)
            lines.append("%s};" % pad)
        else:
            lines.append("%s%s :: %s = %s;" % (pad, member.name, member.type.name, _literal(member.default)))


def _literal(value):
    """A default as the lexer reads it back (strings take only the escapes it knows)."""
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        return '"%s"' % escaped
    return repr(value)
