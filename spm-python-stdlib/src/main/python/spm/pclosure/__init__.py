"""spm.pclosure (also spm.pClosure): the parallel closures (DESIGN §4).

    spm.pclosure.macro.papply.list.grainCoarse.policyA.defun(signature = ..., stage1Cb = ...)

`macro.papply.*` evaluates `spm.meta.api(**spm.meta.apiArgs)` on a spoke; `macro.pinterp.*`
preloads `spm.meta.path` / `spm.meta.modulePreload` there and calls `<spm.meta.module>.taskEval(pc)`.
`list` closures run the tasks pushed with `hdl.Push()`; `template` closures run one copy of the
handle on every spoke of the pool. `dag` closures run pushed tasks once the tasks they wait for
are done: `hdl.Push()` returns a task reference, which in another task's fields stands for that
task's `spm.stat.returnValue`; `hdl.Push(after = (ref, ...))` orders without passing a value
(DESIGN §4b, docs/DAG.md).
Every coarse-grain list, template and DAG closure has a `policyB` beside its `policyA`: a task whose
spoke died or was lost goes again on another spoke, up to `spm.meta.retries` times (default 2);
`policyA` evaluates each task at most once (docs/POLICIES.md).
`macro.papply.template.openMPI.policyA` runs an Open MPI program (`spm.meta.apiArgs = dict(app = ...,
appOptions = ...)`) as one job over the pool's spokes (spm.openmpi).
"""

from spm.pclosure.closure import Closure


class _Policy:
    def __init__(self, path, style, kind, grain="coarse", retrying=False):
        self._path = path
        self._style = style
        self._kind = kind
        self._grain = grain
        self._retrying = retrying

    def defun(self, signature, stage1Cb=None, stageCb=None):
        """Declares a closure of this kind in the calling module (offline, at the hub)."""
        import sys
        return Closure.declare(self._path, self._style, self._kind, signature,
                               stage1Cb if stage1Cb is not None else stageCb, sys._getframe(1), self._grain,
                               self._retrying)

    def __repr__(self):
        return "spm.pclosure.%s" % self._path


class _Node:
    """A branch of the tree; a branch not built yet is absent (AttributeError), never a stub."""

    def __init__(self, path, **children):
        self._path = path
        self.__dict__.update(children)

    def __getattr__(self, name):
        raise AttributeError("spm.pclosure.%s has no %r (not built yet, or no such closure)" % (self._path, name))

    def __repr__(self):
        return "spm.pclosure.%s" % self._path


def _grain(style, kind, fine=()):
    """The grains of `macro.<style>.<kind>`: grainCoarse, and the fine grains in `fine`."""
    path = "macro.%s.%s" % (style, kind)
    coarse = path + ".grainCoarse"
    grains = {"grainCoarse": _Node(coarse, policyA=_Policy(coarse + ".policyA", style, kind),
                                   policyB=_Policy(coarse + ".policyB", style, kind, retrying=True))}
    for grain in fine:
        name = {"fineLimited": "grainFineLimited", "fineGeneral": "grainFineGeneral"}[grain]
        grains[name] = _Node(path + "." + name, policyA=_Policy(path + "." + name + ".policyA", style, kind, grain))
    return _Node(path, **grains)


class _MicroPolicy:
    def __init__(self, path):
        self._path = path

    def defun(self, signature, stage2Cb=None, stage5Cb=None):
        """Declares a communication closure in the calling module (offline; on the hub and on
        the spokes alike: the module is imported on both)."""
        import sys
        from spm.pclosure import communication
        from spm.pclosure.closure import claim
        module, _ = claim(signature, sys._getframe(1))
        return communication.declare(self._path, signature, stage2Cb, stage5Cb, module)

    def __repr__(self):
        return "spm.pclosure.%s" % self._path


def _template_papply():
    """papply's templates: grainCoarse, and openMPI (an Open MPI program over the pool, DESIGN §11)."""
    node = _grain("papply", "template")
    path = "macro.papply.template.openMPI"
    node.openMPI = _Node(path, policyA=_Policy(path + ".policyA", "openmpi", "template"))
    return node


macro = _Node(
    "macro",
    papply=_Node("macro.papply", list=_grain("papply", "list"), template=_template_papply(),
                 dag=_grain("papply", "dag")),
    pinterp=_Node("macro.pinterp", list=_grain("pinterp", "list", ("fineLimited",)),
                  template=_grain("pinterp", "template", ("fineLimited", "fineGeneral")),
                  dag=_grain("pinterp", "dag")),
)

micro = _Node("micro", aggregateRank=_Node("micro.aggregateRank",
                                           policyA=_MicroPolicy("micro.aggregateRank.policyA")))
