"""`raise E, V` and `raise E, V, tb`. Python 2 raised V itself when it was already an instance of
E, E(*V) for a tuple V, E(V) otherwise, with tb as the traceback: the re-raise idiom
`raise t, v, tb` (from sys.exc_info()) keeps the very exception. lib2to3's fix_raise always makes
E(V), which wraps such a V in a second exception, so this becomes
`raise __spm_legacy__.exception(E, V[, tb])` (spm.legacy.runtime.exception)."""

from lib2to3 import pytree
from lib2to3.pgen2 import token
from lib2to3.pygram import python_symbols as syms

from spm.legacy.lib2to3_backend.nodes import ProjectFix, as_argument, runtime_call


class FixRaiseStatement(ProjectFix):
    NODE_TYPES = (syms.raise_stmt,)

    def matches(self, node):
        return len(node.children) in (4, 6) and node.children[2].type == token.COMMA

    def transform(self, node, results):
        args = [as_argument(c) for c in node.children[1::2]]
        keyword = node.children[0].clone()
        return pytree.Node(syms.raise_stmt, [keyword, runtime_call("exception", args, prefix=" ")])
