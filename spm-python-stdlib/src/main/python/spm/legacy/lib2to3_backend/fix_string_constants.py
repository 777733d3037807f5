"""string.letters, string.lowercase and string.uppercase, which Python 3 dropped, are what Python 2
had in the C locale (which it ran in unless the program called locale.setlocale):
string.ascii_letters, ascii_lowercase and ascii_uppercase.

    string.letters                  ->  string.ascii_letters       (when the module imports string)
    from string import letters      ->  from string import ascii_letters as letters"""

from lib2to3 import pytree
from lib2to3.fixer_util import Name, does_tree_import
from lib2to3.pgen2 import token
from lib2to3.pygram import python_symbols as syms

from spm.legacy.lib2to3_backend.nodes import ProjectFix, is_name

RENAMES = {"letters": "ascii_letters", "lowercase": "ascii_lowercase",
           "uppercase": "ascii_uppercase"}


class FixStringConstants(ProjectFix):
    NODE_TYPES = (syms.power, syms.import_from)

    def start_tree(self, tree, filename):
        super().start_tree(tree, filename)
        self._imports_string = does_tree_import(None, "string", tree)

    def matches(self, node):
        if node.type == syms.import_from:
            return is_name(node.children[1], "string")
        return (self._imports_string and is_name(node.children[0], "string")
                and node.children[1].type == syms.trailer
                and node.children[1].children[0].type == token.DOT
                and node.children[1].children[1].value in RENAMES)

    def transform(self, node, results):
        if node.type == syms.power:
            attr = node.children[1].children[1]
            attr.replace(Name(RENAMES[attr.value], prefix=attr.prefix))
            return None
        imported = [leaf for part in node.children[3:] for leaf in part.leaves()]
        for leaf in imported:
            if leaf.type != token.NAME or leaf.value not in RENAMES:
                continue
            if leaf.parent.type == syms.import_as_name:  # letters as x -> ascii_letters as x
                if leaf.parent.children[0] is leaf:
                    leaf.replace(Name(RENAMES[leaf.value], prefix=leaf.prefix))
            else:  # letters -> ascii_letters as letters
                leaf.replace(pytree.Node(syms.import_as_name, [
                    Name(RENAMES[leaf.value], prefix=leaf.prefix), Name("as", prefix=" "),
                    Name(leaf.value, prefix=" ")]))
        return None
