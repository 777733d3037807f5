"""Builtins Python 3 dropped (apply, xrange, unicode, long, cmp, execfile, ...): each use becomes
an attribute of the runtime, `xrange(3)` -> `__spm_legacy__.xrange(3)`, where
spm.legacy.runtime defines them. A shim rather than lib2to3's renames (xrange -> range): it is the
builtin itself, so it also works passed around as a value (`f = xrange`), in isinstance
(`basestring`), or with Python 2's exact behaviour (execfile runs legacy files, raw_input honours
softspace). A module that binds one of these names itself (def cmp, long = ..., import, a
parameter) keeps its own: that name is then left alone everywhere in the module."""

from lib2to3 import pytree
from lib2to3.pgen2 import token
from lib2to3.pygram import python_symbols as syms

from spm.legacy.lib2to3_backend.nodes import ProjectFix, runtime_attr

#: The names spm.legacy.runtime provides as Python 2's builtins.
NAMES = frozenset((
    "apply", "basestring", "cmp", "execfile", "file", "intern", "long", "raw_input", "reduce",
    "reload", "unichr", "unicode", "xrange", "StandardError",
))

_PARAMETER_LISTS = frozenset((
    syms.parameters, syms.typedargslist, syms.varargslist, syms.tname, syms.tfpdef, syms.tfplist,
    syms.vfpdef, syms.vfplist, syms.vname,
))
#: Nodes a name passes through on its way up from inside an assignment target: `a, (b, c) = ...`.
_TARGET_PARTS = frozenset((
    syms.atom, syms.testlist_star_expr, syms.exprlist, syms.testlist_gexp, syms.listmaker,
    syms.star_expr, syms.testlist,
))
_BINDING_STATEMENTS = frozenset((syms.global_stmt, syms.del_stmt, syms.import_name,
                                 syms.import_from))
_ASSIGNMENT_OPERATORS = frozenset((
    token.EQUAL, token.PLUSEQUAL, token.MINEQUAL, token.STAREQUAL, token.SLASHEQUAL,
    token.PERCENTEQUAL, token.AMPEREQUAL, token.VBAREQUAL, token.CIRCUMFLEXEQUAL,
    token.LEFTSHIFTEQUAL, token.RIGHTSHIFTEQUAL, token.DOUBLESTAREQUAL, token.DOUBLESLASHEQUAL,
    token.ATEQUAL,
))


class FixLegacyBuiltins(ProjectFix):
    NODE_TYPES = (token.NAME,)

    def start_tree(self, tree, filename):
        super().start_tree(tree, filename)
        self._own = {leaf.value for leaf in tree.leaves()
                     if leaf.type == token.NAME and leaf.value in NAMES and _binds(leaf)}

    def matches(self, node):
        return (node.value in NAMES and node.value not in self._own
                and not _is_attribute_or_keyword(node))

    def transform(self, node, results):
        base, attribute = runtime_attr(node.value, prefix=node.prefix)
        parent = node.parent
        if parent.type == syms.power and parent.children[0] is node:  # xrange(3): stay one power
            node.replace(base)
            parent.insert_child(1, attribute)
            return None
        return pytree.Node(syms.power, [base, attribute])


def _is_attribute_or_keyword(leaf):
    prev, nxt = leaf.prev_sibling, leaf.next_sibling
    if prev is not None and prev.type == token.DOT:
        return True  # x.long
    return (leaf.parent.type == syms.argument and nxt is not None
            and nxt.type == token.EQUAL)  # f(long=1)


def _binds(leaf):
    """Does this occurrence bind the name (so the module has its own)? Errs on the side of yes."""
    parent = leaf.parent
    prev = leaf.prev_sibling
    if prev is not None and prev.type == token.DOT:
        return False
    if parent.type in (syms.funcdef, syms.classdef):
        return parent.children[1] is leaf
    if parent.type in _PARAMETER_LISTS:  # a parameter, unless a default value or an annotation
        return prev is None or prev.type not in (token.EQUAL, token.COLON)
    if parent.type in (syms.lambdef, syms.old_lambdef):  # lambda x: ...
        return parent.children[1] is leaf
    ancestor = parent
    while ancestor is not None and ancestor.type not in (syms.simple_stmt, syms.file_input):
        if ancestor.type in _BINDING_STATEMENTS:
            return True
        ancestor = ancestor.parent
    node = leaf
    while node.parent is not None and node.parent.type in _TARGET_PARTS:
        node = node.parent
    container = node.parent
    before = node.prev_sibling
    after = node.next_sibling
    if container.type == syms.expr_stmt:  # a target is followed by '=' or an augmented one
        return after is not None and (after.type in _ASSIGNMENT_OPERATORS
                                      or after.type == syms.annassign)
    if container.type in (syms.for_stmt, syms.comp_for):
        return before is not None and before.type == token.NAME and before.value == "for"
    if container.type in (syms.with_stmt, syms.with_item, syms.except_clause):
        return before is not None and before.type in (token.NAME, token.COMMA) and (
            before.type == token.COMMA or before.value == "as")
    if container.type == syms.namedexpr_test:
        return container.children[0] is node
    return False
