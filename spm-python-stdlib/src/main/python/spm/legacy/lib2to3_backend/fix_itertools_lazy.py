"""itertools.imap, izip and ifilter are Python 3's lazy builtins map, zip and filter (lib2to3's
fix_itertools turns them into map(...) calls that fix_map then makes lists, which never ends on an
infinite iterator); ifilterfalse and izip_longest were renamed.

    itertools.imap(f, xs)              ->  __spm_legacy__.imap(f, xs)
    itertools.izip_longest(a, b)       ->  itertools.zip_longest(a, b)
    from itertools import imap, chain  ->  from itertools import chain; from builtins import map as imap
"""

from lib2to3.fixer_util import Name, does_tree_import
from lib2to3.pgen2 import token
from lib2to3.pygram import python_symbols as syms

from spm.legacy.lib2to3_backend.nodes import (ProjectFix, import_text, imported_names, is_name,
                                              replace_with_statements, runtime_attr)

#: Old name -> (where it is now, its name there).
MOVED = {
    "imap": ("builtins", "map"), "izip": ("builtins", "zip"), "ifilter": ("builtins", "filter"),
    "ifilterfalse": ("itertools", "filterfalse"), "izip_longest": ("itertools", "zip_longest"),
}


class FixItertoolsLazy(ProjectFix):
    NODE_TYPES = (syms.power, syms.import_from)

    def start_tree(self, tree, filename):
        super().start_tree(tree, filename)
        self._imports_itertools = does_tree_import(None, "itertools", tree)

    def matches(self, node):
        if node.type == syms.import_from:
            return is_name(node.children[1], "itertools") and any(
                leaf.value in MOVED for part in node.children[3:] for leaf in part.leaves())
        return (self._imports_itertools and is_name(node.children[0], "itertools")
                and node.children[1].type == syms.trailer
                and node.children[1].children[0].type == token.DOT
                and node.children[1].children[1].value in MOVED)

    def transform(self, node, results):
        if node.type == syms.import_from:
            _split_import(node)
            return None
        attr = node.children[1].children[1]
        module, name = MOVED[attr.value]
        if module == "itertools":
            attr.replace(Name(name, prefix=attr.prefix))
        else:
            head = node.children[0]
            base, trailer = runtime_attr(attr.value, prefix=head.prefix)
            node.children[1].replace(trailer)
            head.replace(base)
        return None


def _split_import(node):
    """from itertools import imap as m, chain -> from itertools import chain; from builtins import map as m"""
    kept, moved = [], []
    for name, alias in imported_names(node):
        if name not in MOVED:
            kept.append((name, alias))
        elif MOVED[name][0] == "itertools":
            kept.append((MOVED[name][1], alias))
        else:
            moved.append((MOVED[name][1], alias))
    statements = [import_text("itertools", kept)] if kept else []
    statements += [import_text("builtins", [pair]) for pair in moved]
    replace_with_statements(node, statements)
