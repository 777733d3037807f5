"""The line that gives a translated module its runtime helpers: fixers write calls such as
`__spm_legacy__.div(a, b)`, and the module's first statement binds `__spm_legacy__` to
spm.legacy.runtime. A module global (not a builtin), so Python 3 code never sees it; made by the
module's own code, so the module needs nothing from whoever runs it (import, runpy, exec, spokes).

The statement goes on an existing line when it can: after the docstring and __future__ imports, in
front of a first simple statement, or on a blank or comment line before a first compound statement.
Only a module that starts with a compound statement on line 1 gets a new line (the line map then
keeps its line numbers)."""

from lib2to3.pgen2 import token
from lib2to3.pygram import python_symbols as syms

from spm.legacy.lib2to3_backend.nodes import RUNTIME

#: `global` makes it a module global even when exec() is given separate globals and locals.
STATEMENT = "global %s; import spm.legacy.runtime as %s" % (RUNTIME, RUNTIME)


def add(tree):
    """Adds the statement to `tree` (a file_input) if the translation uses the helpers."""
    if RUNTIME not in str(tree):
        return
    statements = [c for c in tree.children if c.type not in (token.NEWLINE, token.ENDMARKER)]
    leading = 0
    while leading < len(statements) and _must_stay_first(statements[leading], leading == 0):
        leading += 1
    # The text goes into a leaf's prefix: str(tree) concatenates prefixes and values, and no fixer
    # runs after this to be confused by code in a prefix.
    if leading:
        newline = statements[leading - 1].children[-1]  # the NEWLINE that ends the last of them
        newline.prefix = "; " + STATEMENT + newline.prefix
        return
    if not statements:
        return
    first = statements[0]
    lead = _first_leaf(first)
    if first.type == syms.simple_stmt:
        lead.prefix = lead.prefix + STATEMENT + "; "
        return
    lead.prefix = _on_a_free_line(lead.prefix)


def _must_stay_first(stmt, is_first):
    """The docstring and `from __future__` imports must precede every other statement."""
    if stmt.type != syms.simple_stmt:
        return False
    head = stmt.children[0]
    if is_first and (head.type == token.STRING or (  # "a docstring" or "in" "parts"
            head.type == syms.atom and all(c.type == token.STRING for c in head.children))):
        return True
    return (head.type == syms.import_from and head.children[1].type == token.NAME
            and head.children[1].value == "__future__")


def _first_leaf(node):
    while node.children:
        node = node.children[0]
    return node


def _on_a_free_line(prefix):
    """`prefix` (the comments and blank lines before a module's first statement) with the
    statement put on one of its lines, or on a new line of its own when it has none."""
    lines = prefix.split("\n")
    # lines[-1] is the start of the statement's own line; the others are whole lines.
    for i in reversed(range(len(lines) - 1)):
        if not lines[i].strip():
            lines[i] = STATEMENT
            return "\n".join(lines)
    for i in reversed(range(len(lines) - 1)):
        if lines[i].lstrip().startswith("#"):
            lines[i] = STATEMENT + "  " + lines[i].lstrip()
            return "\n".join(lines)
    return prefix + STATEMENT + "\n"
