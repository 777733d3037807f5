"""Building blocks the project's fixers share: calls of the runtime helpers, argument lists, and
the base class that lets a fixer match by hand."""

from lib2to3 import fixer_base, pygram, pytree
from lib2to3.fixer_util import Comma, Dot, LParen, Name, RParen
from lib2to3.pgen2 import driver, token
from lib2to3.pygram import python_symbols as syms

#: The name translated modules see spm.legacy.runtime by (bound by prologue.py). Not mangled in
#: class bodies: it ends with two underscores.
RUNTIME = "__spm_legacy__"


class ProjectFix(fixer_base.BaseFix):
    """Base of the project's fixers: they match in Python (a `matches` method) instead of
    lib2to3's pattern language, whose patterns cost a noticeable part of a second to compile on a
    cold GraalPy. NODE_TYPES lists the node and token types `matches` is offered."""

    NODE_TYPES = ()

    def compile_pattern(self):
        # Not used to match: RefactoringTool reads the head types off it to dispatch nodes.
        self.pattern = pytree.WildcardPattern(
            [[pytree.LeafPattern(t) if t < 256 else pytree.NodePattern(t)] for t in self.NODE_TYPES])

    def match(self, node):
        # The type is checked again: when a fixer replaces a node, RefactoringTool offers the
        # replacement to the fixers that were listed for the old node's type.
        return node.type in self.NODE_TYPES and self.matches(node)

    def matches(self, node):
        """Whether to transform `node`, which has one of the NODE_TYPES."""
        raise NotImplementedError


def runtime_attr(name, prefix=""):
    """`__spm_legacy__.name`, as the leaves a power node starts with."""
    return [Name(RUNTIME, prefix=prefix), pytree.Node(syms.trailer, [Dot(), Name(name)])]


def call_trailer(args):
    """`(a, b, ...)` for a list of argument nodes (without their commas)."""
    children = [LParen()]
    if args:
        with_commas = []
        for arg in args:
            if with_commas:
                with_commas.append(Comma())
                if not arg.prefix:
                    arg.prefix = " "
            with_commas.append(arg)
        children.append(with_commas[0] if len(with_commas) == 1
                        else pytree.Node(syms.arglist, with_commas))
    children.append(RParen())
    return pytree.Node(syms.trailer, children)


def runtime_call(name, args, prefix=""):
    """`__spm_legacy__.name(args...)`."""
    return pytree.Node(syms.power, runtime_attr(name, prefix) + [call_trailer(args)])


def as_argument(node, prefix_before=""):
    """A detached copy of `node` fit to be an argument: its prefix (and `prefix_before`, the prefix
    of what preceded it, e.g. an operator) is kept only if it holds a line break, so that nothing
    moves to another line; otherwise it is dropped (call_trailer spaces the arguments)."""
    arg = node.clone()
    prefix = prefix_before + arg.prefix
    arg.prefix = prefix if "\n" in prefix else ""
    return arg


def expression(nodes):
    """One node for a run of sibling nodes that form an expression (e.g. an object and its
    trailers): the node itself when there is one."""
    if len(nodes) == 1:
        return nodes[0]
    return pytree.Node(syms.power, nodes)


def is_leaf(node, type_, value=None):
    return node.type == type_ and (value is None or node.value == value)


def is_name(node, value=None):
    return is_leaf(node, token.NAME, value)


_driver = driver.Driver(pygram.python_grammar_no_print_statement, convert=pytree.convert)


def small_statements(text):
    """The nodes of one line of Python 3 statements, `a; b`: the small statements and the ';'
    leaves between them, ready to go into a simple_stmt."""
    simple_stmt = _driver.parse_string(text + "\n").children[0]
    parts = simple_stmt.children[:-1]  # without its NEWLINE
    for part in parts:
        part.remove()
        for leaf in part.leaves():
            leaf.lineno = 0  # made by a fixer: the line map must not take it for line 1
    return parts


def replace_with_statements(small_stmt, statements):
    """Replaces `small_stmt` (e.g. an import) with Python 3 `statements` (texts) on its line."""
    parts = small_statements("; ".join(statements))
    parts[0].prefix = small_stmt.prefix
    parent, index = small_stmt.parent, small_stmt.remove()
    for offset, part in enumerate(parts):
        parent.insert_child(index + offset, part)


def imported_names(import_from):
    """(name, alias) for each name that `from m import ...` binds."""
    pairs = []
    for part in import_from.children[3:]:
        for item in ([part] if part.type != syms.import_as_names else part.children):
            if item.type == token.NAME:
                pairs.append((item.value, item.value))
            elif item.type == syms.import_as_name:
                pairs.append((item.children[0].value, item.children[2].value))
    return pairs


def import_text(module, pairs):
    """`from module import a, b as c` for [(a, a), (b, c)]."""
    return "from %s import %s" % (module, ", ".join(
        name if name == alias else "%s as %s" % (name, alias) for name, alias in pairs))
