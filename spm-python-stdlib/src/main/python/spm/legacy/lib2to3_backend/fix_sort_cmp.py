"""Sorting with a comparison function: Python 2's sorted(xs, cmp=f) and list.sort(cmp=f) (also
passed by position: sorted(xs, f), xs.sort(f)). Python 3 has only key=, so such calls go to
spm.legacy.runtime, which sorts with functools.cmp_to_key(f):

    sorted(xs, cmp=f)               ->  __spm_legacy__.sorted(xs, cmp=f)
    xs.sort(f)                      ->  __spm_legacy__.list_sort(xs, f)

list_sort calls the object's own sort() when it is not a list (numpy's a.sort(0) sorts an axis).
Calls with only key= and reverse= keywords mean the same in both and stay as they are."""

from lib2to3 import pytree
from lib2to3.pgen2 import token
from lib2to3.pygram import python_symbols as syms

from spm.legacy.lib2to3_backend.nodes import (ProjectFix, as_argument, expression, is_name,
                                              runtime_attr, runtime_call)


class FixSortCmp(ProjectFix):
    NODE_TYPES = (syms.power,)

    def matches(self, node):
        children = node.children
        if is_name(children[0], "sorted") and _is_call(children[1]):
            return _positional(children[1]) > 1 or _has_cmp(children[1])
        if len(children) >= 3 and _is_call(children[-1]) and _is_attr(children[-2], "sort"):
            return _positional(children[-1]) > 0 or _has_cmp(children[-1])
        return False

    def transform(self, node, results):
        children = node.children
        if is_name(children[0], "sorted"):
            base, attr = runtime_attr("sorted", prefix=children[0].prefix)
            return pytree.Node(syms.power, [base, attr] + [c.clone() for c in children[1:]])
        obj = [c.clone() for c in children[:-2]]
        obj[0].prefix = ""
        args = [expression(obj)] + [as_argument(a) for a in _arguments(children[-1])]
        return runtime_call("list_sort", args, prefix=node.prefix)


def _is_call(trailer):
    return trailer.type == syms.trailer and trailer.children[0].type == token.LPAR


def _is_attr(trailer, name):
    return (trailer.type == syms.trailer and trailer.children[0].type == token.DOT
            and trailer.children[1].value == name)


def _arguments(call):
    if len(call.children) == 2:
        return []
    inner = call.children[1]
    if inner.type == syms.arglist:
        return [c for c in inner.children if c.type != token.COMMA]
    return [inner]


def _is_keyword(arg, name=None):
    return (arg.type == syms.argument and len(arg.children) == 3
            and arg.children[1].type == token.EQUAL
            and (name is None or is_name(arg.children[0], name)))


def _positional(call):
    return sum(1 for a in _arguments(call)
               if not _is_keyword(a) and a.type != syms.argument)


def _has_cmp(call):
    return any(_is_keyword(a, "cmp") for a in _arguments(call))
