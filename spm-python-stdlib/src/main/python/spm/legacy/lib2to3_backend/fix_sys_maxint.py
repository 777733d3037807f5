"""sys.maxint, which Python 3 dropped. lib2to3's fix_renames makes it sys.maxsize, but GraalPy's
sys.maxsize is 2**31 - 1, while Python 2's sys.maxint on the 64-bit machines spm-python runs on was
2**63 - 1: it becomes spm.legacy.runtime.maxint, which is that.

    sys.maxint                  ->  __spm_legacy__.maxint      (when the module imports sys)
    from sys import maxint      ->  from spm.legacy.runtime import maxint"""

from lib2to3.fixer_util import does_tree_import
from lib2to3.pgen2 import token
from lib2to3.pygram import python_symbols as syms

from spm.legacy.lib2to3_backend.nodes import (ProjectFix, import_text, imported_names, is_name,
                                              replace_with_statements, runtime_attr)


class FixSysMaxint(ProjectFix):
    NODE_TYPES = (syms.power, syms.import_from)

    def start_tree(self, tree, filename):
        super().start_tree(tree, filename)
        self._imports_sys = does_tree_import(None, "sys", tree)

    def matches(self, node):
        if node.type == syms.import_from:
            return is_name(node.children[1], "sys") and any(
                is_name(leaf, "maxint") for part in node.children[3:] for leaf in part.leaves())
        return (self._imports_sys and is_name(node.children[0], "sys")
                and node.children[1].type == syms.trailer
                and node.children[1].children[0].type == token.DOT
                and is_name(node.children[1].children[1], "maxint"))

    def transform(self, node, results):
        if node.type == syms.power:
            head = node.children[0]
            base, trailer = runtime_attr("maxint", prefix=head.prefix)
            node.children[1].replace(trailer)
            head.replace(base)
            return None
        # from sys import maxint, argv -> from sys import argv; from spm.legacy.runtime import maxint
        pairs = imported_names(node)
        others = [p for p in pairs if p[0] != "maxint"]
        statements = [import_text("sys", others)] if others else []
        statements.append(import_text("spm.legacy.runtime", [p for p in pairs if p[0] == "maxint"]))
        replace_with_statements(node, statements)
        return None
