"""Task references: what `hdl.Push()` returns in every list-like manager (DESIGN §4b).

A reference names one pushed task of one run of one closure. It is opaque, hashable and
picklable; in a DAG closure, a reference found in a task's fields (an `spm.meta.apiArgs` value or
a `scalar<auto>` field, nested in lists, tuples and dicts) is a dependency, and on the spoke that
task sees the upstream's `spm.stat.returnValue` in its place (spm.pclosure._dag)."""


class TaskRef:
    """A reference to task `index` of the run `run` (a token naming one closure's run)."""

    __slots__ = ("_run", "_index")

    def __init__(self, run, index):
        object.__setattr__(self, "_run", run)
        object.__setattr__(self, "_index", index)

    def __setattr__(self, name, value):
        raise AttributeError("a task reference cannot be changed")

    def __eq__(self, other):
        return type(other) is TaskRef and other._run == self._run and other._index == self._index

    def __hash__(self):
        return hash((self._run, self._index))

    def __reduce__(self):
        return (TaskRef, (self._run, self._index))

    def __repr__(self):
        return "<task reference: task %d of %s>" % (self._index, self._run)


def run_of(ref):
    return ref._run


def index_of(ref):
    return ref._index
