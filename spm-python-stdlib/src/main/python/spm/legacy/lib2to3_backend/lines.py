"""Where each line of a translation came from: fixers that add or drop lines (an except target's
binding before a compound statement, tuple parameters, __metaclass__) would otherwise shift the line
numbers of tracebacks."""

from lib2to3.pgen2 import token

_LAYOUT = (token.INDENT, token.DEDENT)


def line_map(tree):
    """None when every line of str(tree) has its original number; else the list of original line
    numbers, one per line of str(tree). Leaves made by fixers have lineno 0; leaves they moved or
    cloned keep the line they were parsed on."""
    first_on_line = {}
    line = 1
    for leaf in tree.leaves():
        line += leaf.prefix.count("\n")
        # INDENT and DEDENT are no code of their own: a fixer may put a statement after them.
        if leaf.lineno and line not in first_on_line and leaf.type not in _LAYOUT:
            first_on_line[line] = leaf.lineno
        span = leaf.value.count("\n")
        if span and leaf.lineno and leaf.type == token.STRING:
            for i in range(1, span + 1):  # the inner lines of a multi-line string
                first_on_line.setdefault(line + i, leaf.lineno + i)
        line += span
    if all(line == original for line, original in first_on_line.items()):
        return None
    mapped = []
    previous = 1
    for n in range(1, line + 1):
        previous = first_on_line.get(n, previous)  # a line made entirely by a fixer: its neighbour's
        mapped.append(previous)
    return mapped
