"""spm.pclosure (also spm.pClosure): the parallel closures (DESIGN §4).

    spm.pclosure.macro.papply.list.grainCoarse.policyA.defun(signature = ..., stage1Cb = ...)

`macro.papply.*` evaluates `spm.meta.api(**spm.meta.apiArgs)` on a spoke; `macro.pinterp.*`
preloads `spm.meta.path` / `spm.meta.modulePreload` there and calls `<spm.meta.module>.taskEval(pc)`.
`list` closures run the tasks pushed with `hdl.Push()`; `template` closures run one copy of the
handle on every spoke of the pool. `macro.papply.template.openMPI.policyA` runs an Open MPI
program (`spm.meta.apiArgs = dict(app = ..., appOptions = ...)`) as one job over the pool's spokes
(spm.openmpi).
"""

from spm.pclosure.closure import Closure


class _Policy:
    def __init__(self, path, style, kind):
        self._path = path
        self._style = style
        self._kind = kind

    def defun(self, signature, stage1Cb=None, stageCb=None):
        """Declares a closure of this kind in the calling module (offline, at the hub)."""
        import sys
        return Closure.declare(self._path, self._style, self._kind, signature,
                               stage1Cb if stage1Cb is not None else stageCb, sys._getframe(1))

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


def _grain(style, kind):
    path = "macro.%s.%s" % (style, kind)
    return _Node(path, grainCoarse=_Node(path + ".grainCoarse",
                                         policyA=_Policy(path + ".grainCoarse.policyA", style, kind)))


def _template_papply():
    """papply's templates: grainCoarse, and openMPI (an Open MPI program over the pool, DESIGN §11)."""
    node = _grain("papply", "template")
    path = "macro.papply.template.openMPI"
    node.openMPI = _Node(path, policyA=_Policy(path + ".policyA", "openmpi", "template"))
    return node


macro = _Node(
    "macro",
    papply=_Node("macro.papply", list=_grain("papply", "list"), template=_template_papply()),
    pinterp=_Node("macro.pinterp", list=_grain("pinterp", "list"), template=_grain("pinterp", "template")),
)
