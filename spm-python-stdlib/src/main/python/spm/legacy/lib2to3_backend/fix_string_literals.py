"""String literals whose value differs between Python 2 and Python 3 source:

- A plain 'string' was bytes in Python 2, where \\u, \\U and \\N{...} are no escapes: '\\u0041'
  is six characters. Python 3 reads them as escapes (or rejects them), so their backslash is
  doubled. (Not under `from __future__ import unicode_literals`, which made them unicode.)
- ur'raw unicode' is no Python 3 prefix. Python 2 kept backslashes in it except in \\uXXXX and
  \\UXXXXXXXX after an odd number of backslashes, which it decoded: the literal becomes adjacent
  literals, r'...' "\\uXXXX" r'...', that concatenate to the same value on the same lines.
- An unknown escape such as '\\d' kept its backslash in both, but Python 3.12 warns about it: its
  backslash is doubled, which keeps the value and silences the warning."""

import string

from lib2to3.pgen2 import token

from spm.legacy.lib2to3_backend.nodes import ProjectFix

#: Characters after a backslash that make an escape in a Python 2 byte string / unicode string.
_BYTES_ESCAPES = frozenset("\n\\'\"abfnrtv01234567x")
_UNICODE_ESCAPES = _BYTES_ESCAPES | frozenset("NuU")


class FixStringLiterals(ProjectFix):
    NODE_TYPES = (token.STRING,)

    def start_tree(self, tree, filename):
        super().start_tree(tree, filename)
        self._unicode_literals = "unicode_literals" in tree.future_features

    def matches(self, node):
        return "\\" in node.value

    def transform(self, node, results):
        prefix, quote, body = _parts(node.value)
        kind = prefix.lower()
        if "b" in kind or "f" in kind:
            return None  # bytes mean the same in both; f-strings are not Python 2
        if "r" in kind:
            if "u" not in kind:
                return None
            value = _raw_unicode(prefix.replace("u", "").replace("U", ""), quote, body)
        else:
            is_unicode = "u" in kind or self._unicode_literals
            escaped = _double_unknown_escapes(body, _UNICODE_ESCAPES if is_unicode else _BYTES_ESCAPES)
            value = prefix + quote + escaped + quote
        if value == node.value:
            return None
        new = node.clone()
        new.value = value
        return new


def _parts(literal):
    """The prefix, quote and body of a literal: ur'x' -> ('ur', "'", 'x')."""
    start = min(i for i in (literal.find("'"), literal.find('"')) if i >= 0)
    prefix, rest = literal[:start], literal[start:]
    quote = rest[:3] if rest[:3] in ("'''", '"""') and len(rest) >= 6 else rest[0]
    return prefix, quote, rest[len(quote):-len(quote)]


def _double_unknown_escapes(body, escapes):
    out = []
    i = 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append(body[i:i + 2] if body[i + 1] in escapes else "\\\\" + body[i + 1])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def _raw_unicode(raw_prefix, quote, body):
    """A Python 3 rendering of ur-literal `body` (see the module's docstring)."""
    pieces = []  # Python 3 literals that concatenate to the value
    start = i = 0
    while i < len(body):
        if body[i] != "\\":
            i += 1
            continue
        run_end = i
        while run_end < len(body) and body[run_end] == "\\":
            run_end += 1
        letter = body[run_end:run_end + 1]
        width = {"u": 4, "U": 8}.get(letter, 0)
        digits = body[run_end + 1:run_end + 1 + width]
        if ((run_end - i) % 2 == 1 and width and len(digits) == width
                and all(c in string.hexdigits for c in digits)):
            if run_end - 1 > start:
                pieces.append(raw_prefix + quote + body[start:run_end - 1] + quote)
            pieces.append('"\\%s%s"' % (letter, digits))
            start = i = run_end + 1 + width
            continue
        i = run_end + 1
    if start < len(body) or not pieces:
        pieces.append(raw_prefix + quote + body[start:] + quote)
    return "".join(pieces)
