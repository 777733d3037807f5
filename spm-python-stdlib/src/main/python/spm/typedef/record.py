"""Result records: the values of `scalar<record>` fields (e.g. what a co-process API returns)."""

_RESERVED = ("Has",)


class Record:
    """A result with named attributes, set by keyword: `Record(stdOut='...', exitStatus=0)`.

    `Has(attr='stdOut')` says whether the record carries an attribute (the papers test before
    reading). Records compare equal when their attributes do, pickle, and print readably."""

    def __init__(self, **attrs):
        for name, value in attrs.items():
            setattr(self, name, value)

    def __setattr__(self, name, value):
        if name in _RESERVED or name.startswith("_"):
            raise AttributeError("Record: %r is not a valid attribute name (names starting with '_' "
                                 "and %s are reserved)" % (name, ", ".join(_RESERVED)))
        object.__setattr__(self, name, value)

    def Has(self, attr):
        """True when the record carries the attribute `attr`."""
        return attr in self.__dict__

    def __getattr__(self, name):
        # Called only for attributes the record lacks.
        if name.startswith("_"):
            raise AttributeError(name)
        raise AttributeError("Record has no attribute %r (it has: %s); test with Has(attr = ...)"
                             % (name, ", ".join(self.__dict__) or "none"))

    def __eq__(self, other):
        if not isinstance(other, Record):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # records are mutable

    def __repr__(self):
        return "Record(%s)" % ", ".join("%s=%r" % item for item in self.__dict__.items())

    def __reduce__(self):
        return (_rebuild, (type(self), dict(self.__dict__)))


def _rebuild(cls, attrs):
    return cls(**attrs)
