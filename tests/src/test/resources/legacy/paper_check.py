"""LegacyDialectTest: the paper's scripts, read unchanged from the folder given as argument,
translate and compile as legacy modules; and is_prime.main computes its bucket bounds with
floor division.

Running is_prime at the hub needs the task managers (spm.pClosure, a later issue), so it runs
here against a stand-in for the spm API: any attribute is another stand-in, calling one returns
another (or, as a decorator, the function it decorates), and `hdl.Push()` records the task's
nMin and nMax."""

import os
import sys

from spm import legacy

paper = sys.argv[1]
pushed = []


class StandIn:
    def __init__(self, name):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_attributes", {})

    def __getattr__(self, name):
        attributes = object.__getattribute__(self, "_attributes")
        if name not in attributes:
            attributes[name] = StandIn(name) if name != "Push" else _Push(self)
        return attributes[name]

    def __setattr__(self, name, value):
        self._attributes[name] = value

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and callable(args[0]):
            return args[0]  # @spm.util.dassert(...) applied to a function
        return StandIn(self._name + "()")

    def __fspath__(self):  # os.path.dirname(__pc.meta.module.srcDir)
        return "/stand-in/" + self._name


class _Push:
    def __init__(self, task):
        self._task = task

    def __call__(self):
        pushed.append((self._task.nMin, self._task.nMax))


for name in ("is_prime.py", "demo.py"):
    path = os.path.join(paper, name)
    code = legacy.compile_file(path)
    print("compiled", name, "as", code.co_filename)

namespace = {"__name__": "is_prime", "spm": StandIn("spm")}
exec(legacy.compile_file(os.path.join(paper, "is_prime.py")), namespace)
namespace["main"](pool=StandIn("pool"), nBuckets=10)
for n_min, n_max in pushed:
    print("bucket", n_min, n_max, type(n_min).__name__, type(n_max).__name__)
