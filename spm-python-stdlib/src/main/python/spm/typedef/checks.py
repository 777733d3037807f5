"""Checking a value against its field, and the error messages of handles: each names the field
path, what was expected and what was given."""

from spm.exceptions import SPMFieldAttributeError, SPMFieldTypeError

_REPR_LIMIT = 60


def checked(field, value):
    """`value` if it fits `field`, else SPMFieldTypeError naming the path, the expected type and
    what was given. A field declared `= None` also takes None."""
    if value is None and field.nullable:
        return None
    reason = field.type.problem(value)
    if reason is None:
        return value
    raise SPMFieldTypeError("%s: expected %s (%s)%s, got %s%s"
                            % (field.path, field.type.name, field.type.description,
                               " or None" if field.nullable else "", describe(value),
                               " (%s)" % reason if reason else ""), field.path)


def copied(field, value):
    """A copy of a checked value for a snapshot (sharing nothing mutable with it)."""
    copy = field.type.copy
    if value is None or copy is None:
        return value
    try:
        return copy(value)
    except Exception as e:  # noqa: BLE001 - a value that fails to copy is reported by its field
        raise SPMFieldTypeError("%s: the value cannot be copied into a snapshot (%s: %s)"
                                % (field.path, type(e).__name__, e), field.path) from e


def no_such_field(struct, name):
    """The error for a name that is not a member of `struct`."""
    path = "%s.%s" % (struct.path, name) if struct.path else name
    names = list(struct.members)
    message = "%s: no such field (fields of %s: %s)" % (path, struct.describe(), ", ".join(names) or "none")
    import difflib  # only for an error message
    close = difflib.get_close_matches(name, names, n=1)
    if close:
        message += "; did you mean %s?" % close[0]
    return SPMFieldAttributeError(message, path)


def struct_error(struct, advice):
    """The error for using a struct where a field is needed, e.g. assigning it."""
    return SPMFieldAttributeError("%s: is a struct (fields: %s); %s"
                                  % (struct.path, ", ".join(struct.members) or "none", advice), struct.path)


def describe(value):
    """'int 5', "str 'abc'", ... for messages; long reprs are cut."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not hide the real error
        text = "<unprintable>"
    if len(text) > _REPR_LIMIT:
        text = text[:_REPR_LIMIT - 3] + "..."
    return "%s %s" % (type(value).__name__, text)
