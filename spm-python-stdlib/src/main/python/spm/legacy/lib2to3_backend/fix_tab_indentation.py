"""Indentation with tabs. Python 2 took a tab to the next multiple of 8 columns and let tabs and
spaces mix; Python 3 refuses an indentation whose meaning depends on the tab size (TabError). So
tabs in indentation become the spaces Python 2 counted. Only whitespace at the start of lines
changes: nothing moves to another line, and strings are left as they are."""

from lib2to3.pgen2 import token

from spm.legacy.lib2to3_backend.nodes import ProjectFix


class FixTabIndentation(ProjectFix):
    # All its work is one pass over the leaves in start_tree, before the other fixers run; it
    # asks to be offered only the end of the file, and matches nothing.
    NODE_TYPES = (token.ENDMARKER,)

    def start_tree(self, tree, filename):
        super().start_tree(tree, filename)
        at_line_start = True
        for leaf in tree.leaves():
            if "\n" in leaf.prefix:
                head, _, indentation = leaf.prefix.rpartition("\n")
                leaf.prefix = head + "\n" + _expanded(indentation)
            elif at_line_start:
                leaf.prefix = _expanded(leaf.prefix)
            if leaf.type == token.INDENT:
                leaf.value = _expanded(leaf.value)
            text = leaf.prefix + leaf.value
            if text:
                at_line_start = text.endswith("\n")

    def matches(self, node):
        return False


def _expanded(whitespace):
    if "\t" not in whitespace or whitespace.strip(" \t\f"):
        return whitespace
    return whitespace.expandtabs(8)
