"""Classic division: in Python 2, `a / b` and `a /= b` floor when both operands are integers and
divide truly otherwise, and call `__div__` / `__rdiv__` / `__idiv__` where a class defines them.
Python 3's `/` is always true division, so every `/` of a legacy module becomes a call of
spm.legacy.runtime.div (and `/=` of idiv, idiv_attr or idiv_item, which evaluate the target's
object and key once). `from __future__ import division` switches this off for its module.

Each call keeps the operands on their lines: `a /\\n b` stays two lines."""

from lib2to3 import pytree
from lib2to3.fixer_util import String
from lib2to3.pgen2 import token
from lib2to3.pygram import python_symbols as syms

from spm.legacy.lib2to3_backend.nodes import ProjectFix, as_argument, expression, runtime_call


class FixClassicDivision(ProjectFix):
    NODE_TYPES = (syms.term, syms.expr_stmt)

    def start_tree(self, tree, filename):
        super().start_tree(tree, filename)
        self._true_division = "division" in tree.future_features

    def matches(self, node):
        if self._true_division:
            return False
        if node.type == syms.term:
            return any(op.type == token.SLASH for op in node.children[1::2])
        return len(node.children) == 3 and node.children[1].type == token.SLASHEQUAL

    def transform(self, node, results):
        if node.type == syms.term:
            return _divide(node)
        return _divide_in_place(node)


def _divide(term):
    """`a * b / c % d` -> `div(a * b, c) % d`: operators of a term apply left to right."""
    children = term.children
    operands = [children[0].clone()]
    operands[0].prefix = ""
    for op, right in zip(children[1::2], children[2::2]):
        if op.type == token.SLASH:
            left = operands[0] if len(operands) == 1 else pytree.Node(syms.term, operands)
            operands = [runtime_call("div", [left, as_argument(right, op.prefix)])]
        else:
            operands += [op.clone(), right.clone()]
    result = operands[0] if len(operands) == 1 else pytree.Node(syms.term, operands)
    result.prefix = term.prefix
    return result


def _divide_in_place(stmt):
    target, op, value = stmt.children
    value = as_argument(value, op.prefix)
    if target.type == syms.power and len(target.children) > 1:
        obj = [c.clone() for c in target.children[:-1]]
        obj[0].prefix = ""
        last = target.children[-1]
        if last.children[0].type == token.DOT:  # x.attr /= v
            name = String(repr(last.children[1].value))
            return runtime_call("idiv_attr", [expression(obj), name, value], prefix=stmt.prefix)
        if last.children[0].type == token.LSQB and not _is_slice(last.children[1]):  # x[k] /= v
            key = last.children[1].clone()
            if key.type == syms.subscriptlist:  # x[i, j]: the key is a tuple
                key = pytree.Node(syms.atom, [pytree.Leaf(token.LPAR, "("), key,
                                              pytree.Leaf(token.RPAR, ")")])
            key.prefix = ""
            return runtime_call("idiv_item", [expression(obj), key, value], prefix=stmt.prefix)
    # A name, or a target this does not take apart (a slice, a parenthesised target): evaluated
    # twice, which only a target with side effects can tell.
    load = target.clone()
    load.prefix = ""
    store = target.clone()
    return pytree.Node(syms.expr_stmt, [
        store, pytree.Leaf(token.EQUAL, "=", prefix=" "),
        runtime_call("idiv", [load, value], prefix=" ")])


def _is_slice(subscript):
    return any(n.type == token.COLON for n in subscript.pre_order())
