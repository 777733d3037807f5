"""`except E, target:`. Python 2 assigned the exception to the target, which may be any target:
a name (still bound after the handler, unlike Python 3's `as`), an attribute, or a tuple, which
unpacks the exception's arguments: `except (A, B), (hdl,):` binds the first argument to hdl (the
paper's task handle). So

    except E, target:               except E as __spm_exc__:
        body                 ->         target = __spm_exc__; body

(`target = __spm_exc__.args` for a tuple or list). The binding joins the first statement of the
handler on its line; only a handler that starts with a compound statement gets a new line for it
(the line map keeps tracebacks right)."""

from lib2to3 import pytree
from lib2to3.fixer_util import Name, Newline, is_list, is_tuple
from lib2to3.pgen2 import token
from lib2to3.pygram import python_symbols as syms

from spm.legacy.lib2to3_backend.nodes import ProjectFix

#: Ends with two underscores, so class bodies do not mangle it.
CAUGHT = "__spm_exc__"


class FixExceptTarget(ProjectFix):
    NODE_TYPES = (syms.try_stmt,)

    def matches(self, node):
        return any(_has_comma_target(c) for c in node.children)

    def transform(self, node, results):
        for i, clause in enumerate(node.children):
            if _has_comma_target(clause):
                _bind_in_handler(clause, node.children[i + 2])  # clause ':' suite


def _has_comma_target(clause):
    return (clause.type == syms.except_clause and len(clause.children) == 4
            and clause.children[2].type == token.COMMA)


def _bind_in_handler(clause, suite):
    comma, target = clause.children[2], clause.children[3]
    target.remove()
    for leaf in target.leaves():
        leaf.lineno = 0  # it moves to the handler's line: no anchor for the line map there
    comma.replace(Name("as", prefix=" "))
    clause.append_child(Name(CAUGHT, prefix=" "))
    target.prefix = ""
    value = [Name(CAUGHT, prefix=" ")]
    if is_tuple(target) or is_list(target):
        value.append(pytree.Node(syms.trailer, [pytree.Leaf(token.DOT, "."), Name("args")]))
    binding = pytree.Node(syms.expr_stmt, [
        target, pytree.Leaf(token.EQUAL, "=", prefix=" "),
        value[0] if len(value) == 1 else pytree.Node(syms.power, value)])
    _prepend(suite, binding)


def _prepend(suite, small_stmt):
    """Makes `small_stmt` the first statement of `suite`."""
    if suite.type == syms.simple_stmt:  # the handler's body is on the except line
        _join_in_front(suite, small_stmt)
        return
    # NEWLINE INDENT stmt+ DEDENT: the INDENT leaf holds the first statement's indentation.
    index = next(i for i, c in enumerate(suite.children) if c.type == token.INDENT) + 1
    first = suite.children[index]
    if first.type == syms.simple_stmt:
        _join_in_front(first, small_stmt)
        return
    indentation = suite.children[index - 1].value
    suite.insert_child(index, pytree.Node(syms.simple_stmt, [small_stmt, Newline()]))
    first.prefix = indentation + first.prefix


def _join_in_front(simple_stmt, small_stmt):
    """`x = 1` -> `binding; x = 1` on the same line."""
    lead = simple_stmt.children[0]
    small_stmt.prefix = lead.prefix
    lead.prefix = " "
    simple_stmt.insert_child(0, pytree.Leaf(token.SEMI, ";"))
    simple_stmt.insert_child(0, small_stmt)
