"""The print statement, with Python 2's softspace: `print a, b` writes str(a), a space, str(b) and
a newline; a trailing comma leaves the newline out and makes the next print start with a space,
unless what was written last ended in a newline or tab; `print >>f, ...` writes to f (sys.stdout
when f is None). Items are evaluated one at a time, each after the previous one was written, as
Python 2 did. So

    print >>f, a, b,        becomes     __spm_legacy__.printer(f).item(a).item(b)
    print a                 becomes     __spm_legacy__.printer().item(a).newline()

(spm.legacy.runtime.printer). `print (a, b)` prints a tuple, as in Python 2. Nothing changes under
`from __future__ import print_function`: lib2to3 then parses print as a name."""

from lib2to3 import pytree
from lib2to3.fixer_util import Dot, Name
from lib2to3.pgen2 import token
from lib2to3.pygram import python_symbols as syms

from spm.legacy.lib2to3_backend.nodes import ProjectFix, as_argument, call_trailer, runtime_attr


class FixPrintStatement(ProjectFix):
    NODE_TYPES = (syms.print_stmt, token.NAME)

    def start_tree(self, tree, filename):
        super().start_tree(tree, filename)
        self._print_function = "print_function" in tree.future_features

    def matches(self, node):
        if self._print_function:
            return False
        if node.type == syms.print_stmt:
            return True
        # A bare `print`: the parser folds a print_stmt of one child into that leaf.
        return (node.value == "print" and node.parent is not None
                and node.parent.type == syms.simple_stmt)

    def transform(self, node, results):
        parts = node.children[1:] if node.type == syms.print_stmt else []
        file_args = []
        if parts and parts[0].type == token.RIGHTSHIFT:
            file_args = [as_argument(parts[1])]
            parts = parts[3:]  # '>>', the file, its comma
        chain = runtime_attr("printer", prefix=node.prefix) + [call_trailer(file_args)]
        pending = ""  # the prefix of a comma, kept if it holds a line break
        for part in parts:
            if part.type == token.COMMA:
                pending += part.prefix
                continue
            chain += _method("item", [as_argument(part, pending)])
            pending = ""
        if not parts or parts[-1].type != token.COMMA:
            chain += _method("newline", [])
        return pytree.Node(syms.power, chain)


def _method(name, args):
    return [pytree.Node(syms.trailer, [Dot(), Name(name)]), call_trailer(args)]
