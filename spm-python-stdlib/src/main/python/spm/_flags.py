"""CPython's interpreter flags as the command line gave them (DESIGN §12, docs/cpython-command-line.md):
`sys.flags`, `sys.warnoptions` and `sys._xoptions` say what CPython 3.12's would for the same
options and PYTHON* variables. GraalPy's own sys.flags says debug=1 whenever -O is absent, which
made multiprocessing pass -d to its children; and it has no `sys._xoptions`. The launcher parses
the options (org.spmpython.launcher.CommandLineFlags); GraalPy's options carry the ones it
implements; this module makes the rest visible. Run once per context by spm._boot."""

import sys

from spm import _engine

#: sys.flags' fields, in CPython 3.12's order.
FIELDS = ("debug", "inspect", "interactive", "optimize", "dont_write_bytecode", "no_user_site",
          "no_site", "ignore_environment", "verbose", "bytes_warning", "quiet", "hash_randomization",
          "isolated", "dev_mode", "utf8_mode", "warn_default_encoding", "safe_path",
          "int_max_str_digits")


class flags(tuple):
    """A struct sequence as CPython's sys.flags: a tuple with named fields."""

    __slots__ = ()
    n_fields = n_sequence_fields = len(FIELDS)
    n_unnamed_fields = 0

    def __new__(cls, values):
        values = tuple(values)
        if len(values) != len(FIELDS):
            raise TypeError("sys.flags takes a %d-sequence (%d-sequence given)" % (len(FIELDS), len(values)))
        return tuple.__new__(cls, values)

    def __repr__(self):
        return "sys.flags(%s)" % ", ".join("%s=%r" % (n, v) for n, v in zip(FIELDS, self))

    def __reduce__(self):
        return (flags, (tuple(self),))


def _field(index):
    return property(lambda self: tuple.__getitem__(self, index))


for _i, _name in enumerate(FIELDS):
    setattr(flags, _name, _field(_i))
del _i, _name
flags.__module__ = "sys"


def x_options(given):
    """sys._xoptions from -X values: 'name=value' gives a str, a bare 'name' gives True."""
    result = {}
    for option in given:
        name, eq, value = option.partition("=")
        result[name] = value if eq else True
    return result


def install():
    given = _engine.interpreter_flags()
    values = dict(given["flags"])
    values["interactive"] = values["inspect"]
    sys.flags = flags(values[name] for name in FIELDS)
    sys._xoptions = x_options(given["x_options"])
    sys.warnoptions[:] = list(given["warn_options"])
    if "warnings" in sys.modules:  # imported at boot: its filters were read from the old list
        import warnings
        warnings._processoptions(sys.warnoptions)
