"""Standard modules Python 3 renamed (cPickle, StringIO, Queue, ConfigParser, urllib2, ...). The
import keeps binding the old name, so the rest of the module needs no change:

    import cPickle                  ->  import pickle as cPickle
    import StringIO, os             ->  import io as StringIO, os
    from Queue import Queue         ->  from queue import Queue

The table is lib2to3's own (fix_imports and fix_imports2); its fixer also rewrites every use of
the module, and building its pattern took a second of a cold start."""

from lib2to3 import pytree
from lib2to3.fixer_util import Dot, Name
from lib2to3.fixes import fix_imports, fix_imports2
from lib2to3.pgen2 import token
from lib2to3.pygram import python_symbols as syms

from spm.legacy.lib2to3_backend.nodes import ProjectFix

MODULES = dict(fix_imports.MAPPING, **fix_imports2.MAPPING)
MODULES.update({
    "urllib2": "urllib.request",  # urlopen, Request, and the errors it imports from urllib.error
    "UserDict": "collections",    # UserDict.UserDict
})


class FixRenamedModules(ProjectFix):
    NODE_TYPES = (syms.import_name, syms.import_from)

    def matches(self, node):
        if node.type == syms.import_from:
            return _dotted(node.children[1]) in MODULES
        return any(_dotted(_module_of(item)) in MODULES for item in _imported(node.children[1]))

    def transform(self, node, results):
        if node.type == syms.import_from:
            old = node.children[1]
            old.replace(_dotted_node(MODULES[_dotted(old)], old.prefix))
            return None
        for item in _imported(node.children[1]):
            module = _module_of(item)
            name = _dotted(module)
            if name not in MODULES:
                continue
            new = _dotted_node(MODULES[name], module.prefix)
            if item is module:  # import cPickle -> import pickle as cPickle
                item.replace(pytree.Node(syms.dotted_as_name, [
                    new, Name("as", prefix=" "), Name(name, prefix=" ")]))
            else:  # import cPickle as p -> import pickle as p
                module.replace(new)
        return None


def _imported(names):
    """The items of `import a, b as c`: NAME, dotted_name or dotted_as_name nodes."""
    if names.type == syms.dotted_as_names:
        return [c for c in names.children if c.type != token.COMMA]
    return [names]


def _module_of(item):
    return item.children[0] if item.type == syms.dotted_as_name else item


def _dotted(node):
    if node.type == token.NAME:
        return node.value
    if node.type == syms.dotted_name:
        return "".join(leaf.value for leaf in node.leaves())
    return None


def _dotted_node(dotted, prefix):
    parts = dotted.split(".")
    if len(parts) == 1:
        return Name(parts[0], prefix=prefix)
    children = [Name(parts[0], prefix=prefix)]
    for part in parts[1:]:
        children += [Dot(), Name(part)]
    return pytree.Node(syms.dotted_name, children)
