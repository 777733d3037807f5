"""The exec statement: `exec code`, `exec code in g`, `exec code in g, l`, and the tuple form
`exec(code, g)` Python 2.7 also took. A string of code is legacy code too, so it is compiled as the
rest of the module is (Python 3 first, then legacy): `__spm_legacy__.exec_(code, g, l)`
(spm.legacy.runtime.exec_). Without `in`, it runs in the caller's globals() and locals()."""

from lib2to3.fixer_util import Call, Name, is_tuple
from lib2to3.pgen2 import token
from lib2to3.pygram import python_symbols as syms

from spm.legacy.lib2to3_backend.nodes import ProjectFix, as_argument, runtime_call


class FixExecStatement(ProjectFix):
    NODE_TYPES = (syms.exec_stmt,)

    def matches(self, node):
        return True

    def transform(self, node, results):
        parts = node.children[1:]
        code = parts[0]
        if len(parts) == 1 and is_tuple(code) and code.children[1].type == syms.testlist_gexp:
            args = [as_argument(c) for c in code.children[1].children if c.type != token.COMMA]
        else:
            args = [as_argument(c) for c in parts if c.type != token.COMMA and not _is_in(c)]
        if len(args) == 1:
            args += [Call(Name("globals")), Call(Name("locals"))]
        return runtime_call("exec_", args, prefix=node.prefix)


def _is_in(node):
    return node.type == token.NAME and node.value == "in"
